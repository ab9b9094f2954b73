// Where a benchmark's data lives: BENCH_DATABASE_URL or DATABASE_URL if given; else a
// temporary database on the local PostgreSQL (BENCH_ADMIN_URL, default 127.0.0.1:5432, e.g.
// postgres://postgres@%2Fvar%2Frun%2Fpostgresql:5432/postgres for its Unix socket; dropped
// afterwards); else an embedded PostgreSQL in a temporary directory (stopped and removed
// afterwards). BENCH_EMBEDDED=tuned (or 1) or stock skips the first two and starts the
// embedded one with Folio's settings or PostgreSQL's; BENCH_EMBEDDED_TRANSPORT=tcp connects to
// it over 127.0.0.1 instead of its Unix socket.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { Logger } from "pino";
import { openDatabase } from "../event-store/index.js";
import { startEmbeddedPostgres } from "../event-store/postgres/database.js";
import type { EmbeddedTuning } from "../event-store/postgres/embeddedSettings.js";

const LOCAL_ADMIN_URL =
  process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
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

/** BENCH_EMBEDDED: which embedded settings to force, or null to find a database as usual. */
function forcedEmbedded(): EmbeddedTuning | null {
  const value = process.env.BENCH_EMBEDDED ?? "";
  if (value === "" || value === "0") return null;
  if (value === "1" || value === "tuned") return "tuned";
  if (value === "stock") return "stock";
  throw new Error(`BENCH_EMBEDDED must be tuned, stock, 1 or 0, not ${value}`);
}

/** `url` (through the embedded cluster's socket) over TCP on 127.0.0.1 instead. */
function overTcp(url: string): string {
  const parsed = new URL(url);
  return `postgres://${parsed.username}:${parsed.password}@127.0.0.1:${parsed.port}${parsed.pathname}`;
}

/** An embedded PostgreSQL in a temporary directory, with `tuning`. */
async function embeddedBenchDatabase(
  prefix: string,
  logger: Logger,
  tuning: EmbeddedTuning,
): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `${prefix}-pg-`));
  const database = await startEmbeddedPostgres({ dataDir, logger, tuning });
  const tcp = process.env.BENCH_EMBEDDED_TRANSPORT === "tcp";
  return {
    url: tcp ? overTcp(database.url) : database.url,
    kind: `embedded PostgreSQL (temporary directory, ${tuning} settings, ${tcp ? "TCP 127.0.0.1" : "Unix socket"})`,
    release: async () => {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function openBenchDatabase(prefix: string, logger: Logger): Promise<BenchDatabase> {
  const forced = forcedEmbedded();
  if (forced !== null) return embeddedBenchDatabase(prefix, logger, forced);
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
      kind: `temporary database on ${decodeURIComponent(url.hostname)}:${url.port || "5432"}`,
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
