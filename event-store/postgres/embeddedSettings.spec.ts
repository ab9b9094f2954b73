// Tests of the embedded PostgreSQL's server settings and Unix socket (embeddedSettings.ts):
// the shared_buffers rule (a property over memory sizes), where the socket goes for a short
// and a too-long data directory, and, on ONE real start of a cluster whose data directory is
// too long for a socket in it, that every tuned setting is in force from the command line,
// that fsync, synchronous_commit and full_page_writes are on, that Folio's URL goes through
// the socket (inet_server_addr() is null on a Unix socket) in a 0700 directory of its own
// while TCP on 127.0.0.1 still answers, and that the directory goes when the cluster stops.
import { access, chmod, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "./database.js";
import {
  chooseSocketDirectory,
  DURABILITY_SETTINGS,
  embeddedServerSettings,
  SHARED_BUFFERS_MAX_BYTES,
  SHARED_BUFFERS_MEMORY_DIVISOR,
  SHARED_BUFFERS_MIN_BYTES,
  sharedBuffersBytes,
  SOCKET_TMP_PREFIX,
  socketDirectoryFits,
  UNIX_SOCKET_PATH_MAX_BYTES,
} from "./embeddedSettings.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });
const GIB = 1024 ** 3;
const MEMORY_UNITS: Readonly<Record<string, number>> = {
  kB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};

/** A setting as PostgreSQL shows it or as Folio passes it, memory sizes in bytes. */
function normalised(value: string): string {
  const memory = /^(\d+)\s*(kB|MB|GB|TB)$/.exec(value);
  const unit = memory?.[2];
  if (memory === null || unit === undefined) return value;
  return String(Number(memory[1]) * (MEMORY_UNITS[unit] ?? Number.NaN));
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Memory sizes from nothing to 1 TiB. */
const memoryBytes = fc.integer({ min: 0, max: 1024 * GIB });

describe("the shared_buffers rule", () => {
  it("is an eighth of the memory within [128 MiB, 2 GiB], and grows with the memory", () => {
    fc.assert(
      fc.property(memoryBytes, memoryBytes, (a, b) => {
        const [small, large] = [Math.min(a, b), Math.max(a, b)];
        const buffers = sharedBuffersBytes(small);
        expect(buffers).toBeGreaterThanOrEqual(SHARED_BUFFERS_MIN_BYTES);
        expect(buffers).toBeLessThanOrEqual(SHARED_BUFFERS_MAX_BYTES);
        expect(sharedBuffersBytes(large)).toBeGreaterThanOrEqual(buffers);
        const eighth = Math.floor(small / SHARED_BUFFERS_MEMORY_DIVISOR);
        if (eighth >= SHARED_BUFFERS_MIN_BYTES && eighth <= SHARED_BUFFERS_MAX_BYTES) {
          expect(buffers).toBe(eighth);
        }
      }),
    );
    expect(embeddedServerSettings("tuned", 24 * GIB).shared_buffers).toBe("2048MB");
    expect(embeddedServerSettings("tuned", 4 * GIB).shared_buffers).toBe("512MB");
    expect(embeddedServerSettings("tuned", GIB / 2).shared_buffers).toBe("128MB");
  });

  it("leaves durability on in both tunings", () => {
    for (const tuning of ["tuned", "stock"] as const) {
      expect(embeddedServerSettings(tuning)).toMatchObject({
        fsync: "on",
        synchronous_commit: "on",
        full_page_writes: "on",
      });
    }
  });
});

describe("the socket directory", () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "folio-sock-"));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it("is the cluster directory when the socket path fits at every port", async () => {
    const clusterDir = "/srv/folio/postgres";
    expect(await chooseSocketDirectory(clusterDir, scratch)).toEqual({
      path: clusterDir,
      temporary: false,
    });
    // 92 bytes of directory + "/.s.PGSQL.65535" is the 107-byte limit itself.
    const limit = UNIX_SOCKET_PATH_MAX_BYTES - "/.s.PGSQL.65535".length;
    expect(socketDirectoryFits(`/${"d".repeat(limit - 1)}`)).toBe(true);
    expect(socketDirectoryFits(`/${"d".repeat(limit)}`)).toBe(false);
    expect(socketDirectoryFits(`/${"é".repeat(limit / 2)}`)).toBe(false);
  });

  it("is a new 0700 directory under the temporary directory when the cluster's is too long", async () => {
    const chosen = await chooseSocketDirectory(`/${"d".repeat(120)}/postgres`, scratch);
    expect(chosen?.temporary).toBe(true);
    expect(path.dirname(chosen?.path ?? "")).toBe(scratch);
    expect(path.basename(chosen?.path ?? "")).toMatch(new RegExp(`^${SOCKET_TMP_PREFIX}`));
    expect((await stat(chosen?.path ?? "")).mode & 0o777).toBe(0o700);
  });

  it("is none (TCP only) when the temporary directory is too long as well", async () => {
    const longTmp = `/${"t".repeat(100)}`;
    expect(await chooseSocketDirectory(`/${"d".repeat(120)}/postgres`, longTmp)).toBeNull();
  });
});

describe("an embedded cluster started by Folio", () => {
  let root: string;
  let dataDir: string;
  let database: Database;
  let stopped = false;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "folio-settings-"));
    // As root the server's own user must be able to enter every directory up to the cluster.
    await chmod(root, 0o755);
    // Too long for a socket in the cluster directory: the socket goes under os.tmpdir().
    dataDir = path.join(
      root,
      "a-data-directory-whose-path-is-longer-than-a-unix-socket-path-may-be",
    );
    await mkdir(dataDir, { mode: 0o755 });
    database = await openDatabase({ databaseUrl: "", dataDir, logger });
  });
  afterAll(async () => {
    if (!stopped) await database.close();
    await rm(root, { recursive: true, force: true });
  });

  it("runs with every tuned setting from its command line, durability on", async () => {
    const expected = embeddedServerSettings("tuned");
    expect(Object.keys(expected)).toEqual(
      expect.arrayContaining([
        "shared_buffers",
        "effective_cache_size",
        "wal_buffers",
        "max_wal_size",
        "min_wal_size",
        "checkpoint_timeout",
        "checkpoint_completion_target",
        ...Object.keys(DURABILITY_SETTINGS),
      ]),
    );
    const rows = await withClient(database.url, async (client) => {
      const result = await client.query<{ name: string; shown: string; source: string }>(
        `SELECT name, current_setting(name) AS shown, source FROM pg_settings
          WHERE name = ANY($1::text[])`,
        [Object.keys(expected)],
      );
      return result.rows;
    });
    expect(rows).toHaveLength(Object.keys(expected).length);
    for (const row of rows) {
      expect({ name: row.name, value: normalised(row.shown), source: row.source }).toEqual({
        name: row.name,
        value: normalised(expected[row.name] ?? "?"),
        source: "command line",
      });
    }
    for (const [name, value] of Object.entries(DURABILITY_SETTINGS)) {
      expect(rows.find((row) => row.name === name)?.shown).toBe(value);
    }
  });

  it("is reached through its Unix socket in a 0700 directory of its own, and over TCP too", async () => {
    const url = new URL(database.url);
    const socketDir = decodeURIComponent(url.hostname);
    expect(path.dirname(socketDir)).toBe(tmpdir());
    expect(path.basename(socketDir)).toMatch(new RegExp(`^${SOCKET_TMP_PREFIX}`));
    expect((await stat(socketDir)).mode & 0o777).toBe(0o700);
    const server = await withClient(database.url, async (client) => {
      const result = await client.query<{ addr: string | null; dirs: string }>(
        "SELECT inet_server_addr() AS addr, current_setting('unix_socket_directories') AS dirs",
      );
      return result.rows[0];
    });
    expect(server).toEqual({ addr: null, dirs: `"${socketDir}"` });

    const tcpUrl = `postgres://${url.username}:${url.password}@127.0.0.1:${url.port}${url.pathname}`;
    const overTcp = await withClient(tcpUrl, async (client) => {
      const result = await client.query<{ addr: string | null }>(
        "SELECT host(inet_server_addr()) AS addr",
      );
      return result.rows[0]?.addr;
    });
    expect(overTcp).toBe("127.0.0.1");

    const reused = await openDatabase({ dataDir, logger, reuseRunning: true, mustExist: true });
    expect(reused).toMatchObject({ url: database.url, embedded: false });
  });

  it("removes its socket directory when it stops", async () => {
    const socketDir = decodeURIComponent(new URL(database.url).hostname);
    stopped = true;
    await database.close();
    await expect(access(socketDir)).rejects.toThrow();
  });
});
