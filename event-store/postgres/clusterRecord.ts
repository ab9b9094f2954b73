// The connection record of a running embedded cluster: <data dir>/postgres.json, written
// (atomically: a temporary file renamed over it) by the process that started the cluster once
// it accepts connections, and removed by that process when it stops the cluster cleanly. It
// says how to reach the cluster (port, database, user; the password stays in its 0600 file)
// and who started it, so that the `folio` CLI can use a running cluster and a later start can
// tell an orphaned server from one whose owner is alive. A crash leaves it behind; the next
// start replaces it. recordedClusterUrl() is how a client finds a running cluster.
import { readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { Logger } from "pino";
import { processInfo, readPostmasterLock } from "./clusterLock.js";

export const CLUSTER_RECORD_FILE = "postgres.json";
const RECORD_VERSION = 1;
/** How long a client waits for a recorded running cluster to accept a connection. */
export const RECORDED_CLUSTER_CONNECT_TIMEOUT_MS = 5_000;

export interface ClusterRecord {
  readonly version: typeof RECORD_VERSION;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  /** The postmaster's pid (line 1 of postmaster.pid). */
  readonly postmasterPid: number;
  /** The process that started the cluster and stops it. */
  readonly ownerPid: number;
  /** What that process is, for messages: "the Folio server", "the folio CLI", ... */
  readonly owner: string;
  readonly startedAt: string;
}

function recordFile(dataDir: string): string {
  return path.join(dataDir, CLUSTER_RECORD_FILE);
}

export async function writeClusterRecord(dataDir: string, record: ClusterRecord): Promise<void> {
  const file = recordFile(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, file);
}

/** The record, or null when there is none or it is not one (a torn or foreign file). */
export async function readClusterRecord(dataDir: string): Promise<ClusterRecord | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(recordFile(dataDir), "utf8"));
  } catch {
    return null;
  }
  return isClusterRecord(parsed) ? parsed : null;
}

function isClusterRecord(value: unknown): value is ClusterRecord {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  const positive = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) > 0;
  return (
    r.version === RECORD_VERSION &&
    typeof r.host === "string" &&
    positive(r.port) &&
    typeof r.database === "string" &&
    typeof r.user === "string" &&
    positive(r.postmasterPid) &&
    positive(r.ownerPid) &&
    typeof r.owner === "string" &&
    typeof r.startedAt === "string"
  );
}

/** Removes the record if it is still `mine` (a later start's record is left alone). */
export async function removeClusterRecord(dataDir: string, mine: ClusterRecord): Promise<void> {
  const record = await readClusterRecord(dataDir);
  if (record?.ownerPid !== mine.ownerPid || record.postmasterPid !== mine.postmasterPid) return;
  await unlink(recordFile(dataDir)).catch(() => undefined);
}

export interface RecordedCluster {
  readonly dataDir: string;
  readonly clusterDir: string;
  /** Reads the superuser's password (kept in its own 0600 file, never in the record). */
  readonly password: () => Promise<string>;
  readonly logger: Logger;
}

/**
 * The URL of the cluster running under `dataDir` when its record names the live postmaster of
 * the lock file and it accepts a connection; else null.
 */
export async function recordedClusterUrl(cluster: RecordedCluster): Promise<string | null> {
  const record = await readClusterRecord(cluster.dataDir);
  if (record === null) return null;
  const lock = await readPostmasterLock(cluster.clusterDir);
  const postmaster = lock?.pid === record.postmasterPid ? await processInfo(lock.pid) : null;
  if (postmaster === null || postmaster.zombie) return null;
  const password = (await cluster.password()).trim();
  const url = `postgres://${encodeURIComponent(record.user)}:${encodeURIComponent(password)}@${record.host}:${record.port}/${encodeURIComponent(record.database)}`;
  const where = { dataDir: cluster.dataDir, port: record.port, owner: record.owner };
  try {
    await probe(url);
  } catch (error) {
    cluster.logger.info(
      { ...where, err: error },
      "the recorded embedded PostgreSQL does not answer",
    );
    return null;
  }
  cluster.logger.info(where, "using the running embedded PostgreSQL");
  return url;
}

async function probe(url: string): Promise<void> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: RECORDED_CLUSTER_CONNECT_TIMEOUT_MS,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => undefined);
  }
}
