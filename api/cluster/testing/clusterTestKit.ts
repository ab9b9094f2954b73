// Several Folio processes in one test: each a real startFolio on port 0 with FOLIO_CLUSTER=on,
// all on ONE database and one NATS subject prefix (a cluster of their own on the shared NATS),
// with the same admin key. Requests go over real HTTP with fetch.
import { randomBytes, randomUUID } from "node:crypto";
import { readConfig } from "../../config.js";
import { startFolio, type RunningFolio } from "../../main.js";
import { requestJson, type JsonReply } from "../../testing/testFolio.js";

export const CLUSTER_NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";

export type Reply = JsonReply;

export interface ClusterNode {
  readonly url: string;
  readonly folio: RunningFolio;
  /** fetch with `key` (the admin key by default; null: none), a JSON (or text) body, `extra` headers. */
  request(
    method: string,
    path: string,
    body?: unknown,
    key?: string | null,
    extra?: Readonly<Record<string, string>>,
  ): Promise<Reply>;
  /** The sum of the /metrics samples whose series starts with `prefix` (0 when none). */
  metric(prefix: string): Promise<number>;
}

/** What the nodes of one test cluster share. */
export interface ClusterSettings {
  readonly databaseUrl: string;
  readonly adminKey: string;
  readonly env: Readonly<Record<string, string>>;
  /** The JetStream stream the nodes' publishers write (delete it after the test). */
  readonly stream: string;
}

/** The settings of a new test cluster on `databaseUrl`, with `extra` settings (e.g. its leases). */
export function clusterSettings(
  databaseUrl: string,
  extra: Readonly<Record<string, string>> = {},
): ClusterSettings {
  const tag = randomUUID().replaceAll("-", "").slice(0, 12);
  const stream = `FOLIO_CLUSTER_${tag}`;
  return {
    databaseUrl,
    adminKey: `folio_test_${randomBytes(24).toString("base64url")}`,
    stream,
    env: {
      FOLIO_CLUSTER: "on",
      NATS_URL: CLUSTER_NATS_URL,
      FOLIO_NATS_SUBJECT_PREFIX: `fc${tag}`,
      FOLIO_NATS_STREAM: stream,
      ...extra,
    },
  };
}

export async function startClusterNode(settings: ClusterSettings): Promise<ClusterNode> {
  const folio = await startFolio(
    readConfig({
      PORT: "0",
      LOG_LEVEL: "silent",
      DATABASE_URL: settings.databaseUrl,
      FOLIO_ADMIN_KEY: settings.adminKey,
      FOLIO_CONSOLE: "off",
      ...settings.env,
    }),
  );
  const request = (
    method: string,
    path: string,
    body?: unknown,
    key: string | null = settings.adminKey,
    extra: Readonly<Record<string, string>> = {},
  ): Promise<Reply> => requestJson(folio.url, method, path, body, key, extra);
  const metric = async (prefix: string): Promise<number> => {
    const text = String((await request("GET", "/metrics")).body);
    return text
      .split("\n")
      .filter((row) => row.startsWith(prefix))
      .reduce((sum, row) => sum + Number(row.slice(row.lastIndexOf(" ") + 1)), 0);
  };
  return { url: folio.url, folio, request, metric };
}
