// Where a benchmark's data lives: BENCH_DATABASE_URL or DATABASE_URL if given; else a
// temporary database on the local PostgreSQL (127.0.0.1:5432, dropped afterwards); else an
// embedded PostgreSQL in a temporary directory (stopped and removed afterwards).
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { Logger } from "pino";
import { openDatabase } from "../event-store/index.js";

const LOCAL_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const CONNECT_TIMEOUT_MS = 2_000;

export interface BenchDatabase {
  readonly url: string;
  /** How the database was found, for the printed table. */
  readonly kind: string;
  release(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    await client.end().catch(() => undefined);
    return false;
  }
}

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: LOCAL_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function openBenchDatabase(prefix: string, logger: Logger): Promise<BenchDatabase> {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (given !== undefined && given !== "") {
    return { url: given, kind: "given URL", release: () => Promise.resolve() };
  }
  if (await reachable(LOCAL_ADMIN_URL)) {
    const name = pg.escapeIdentifier(`${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`);
    await asAdmin(`CREATE DATABASE ${name}`);
    const url = new URL(LOCAL_ADMIN_URL);
    url.pathname = `/${name.replaceAll('"', "")}`;
    return {
      url: url.toString(),
      kind: "temporary database on 127.0.0.1:5432",
      release: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), `${prefix}-pg-`));
  const database = await openDatabase({ databaseUrl: "", dataDir, logger });
  return {
    url: database.url,
    kind: "embedded PostgreSQL (temporary directory)",
    release: async () => {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The "database" line of a benchmark's table: how the database was found, and the server's
 * version and the settings that move its figures (no ANALYZE is ever run by a benchmark).
 */
export async function describeDatabase(pool: pg.Pool, database: BenchDatabase): Promise<string> {
  const server = (
    await pool.query<{ version: string; buffers: string; autovacuum: string }>(
      `SELECT current_setting('server_version') AS version,
              current_setting('shared_buffers') AS buffers,
              current_setting('autovacuum') AS autovacuum`,
    )
  ).rows[0];
  return `${database.kind}, PostgreSQL ${server?.version ?? "?"}, shared_buffers ${server?.buffers ?? "?"}, autovacuum ${server?.autovacuum ?? "?"} (no ANALYZE is run)`;
}
