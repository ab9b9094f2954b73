// Tests of the database bootstrap against real embedded PostgreSQL clusters in temporary
// directories: first start and restart of one cluster, and the stable error codes for a
// taken port, an unusable directory and a directory already in use. What a crash leaves
// behind (crashRecovery block): a server orphaned by a holder process killed with -9 is
// stopped and the start proceeds with its data; a stale lock of a dead (or zombie) server is
// no obstacle; a lock naming some other live process is refused and that process left alone.
// The connection record: written on start, reused by a client, removed on a clean stop.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseError } from "../errors.js";
import { processInfo, readPostmasterLock } from "./clusterLock.js";
import { CLUSTER_RECORD_FILE, readClusterRecord } from "./clusterRecord.js";
import { findFreePort, openDatabase } from "./database.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** A process that opens the embedded database under FOLIO_DATA_DIR, prints its URL and waits. */
const HOLDER_SCRIPT = `import pino from "pino";
import { openDatabase } from "./event-store/postgres/database.ts";
const database = await openDatabase({ logger: pino({ level: "silent" }) });
process.stdout.write(database.url + "\\n");
setInterval(() => undefined, 60_000);`;
const WAIT_MS = 20_000;
const children: ChildProcess[] = [];
/** Postmasters the tests orphan: stopped in afterAll should a test fail half-way. */
const postmasters = new Set<number>();

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function openError(options: Parameters<typeof openDatabase>[0]): Promise<DatabaseError> {
  const error: unknown = await openDatabase(options).then(
    async (database) => {
      await database.close();
      return undefined;
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DatabaseError);
  return error as DatabaseError;
}

/** A log that keeps its lines, to assert what was said. */
function capturingLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    logger: pino({ level: "info" }, { write: (line: string) => void lines.push(line) }),
  };
}

async function alive(pid: number): Promise<boolean> {
  const info = await processInfo(pid);
  return info !== null && !info.zombie;
}

/** Polls `condition` until it holds or WAIT_MS pass (a bound, not a timing assertion). */
async function waitFor(condition: () => Promise<boolean>): Promise<boolean> {
  for (let waited = 0; waited < WAIT_MS; waited += 100) {
    if (await condition()) return true;
    await sleep(100);
  }
  return condition();
}

interface Holder {
  readonly child: ChildProcess;
  readonly url: string;
  readonly postmasterPid: number;
}

/** A separate process holding the embedded cluster under `dataDir` (as a Folio server does). */
async function startHolder(dataDir: string): Promise<Holder> {
  const env: NodeJS.ProcessEnv = { ...process.env, FOLIO_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", HOLDER_SCRIPT],
    { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  const started = await waitFor(() => Promise.resolve(out.includes("\n")));
  const lock = await readPostmasterLock(path.join(dataDir, "postgres"));
  if (!started || lock === null) throw new Error(`the holder did not start: ${out}`);
  postmasters.add(lock.pid);
  return { child, url: out.trim(), postmasterPid: lock.pid };
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill(signal);
  await exited;
}

afterAll(async () => {
  for (const child of children) await kill(child, "SIGKILL");
  for (const pid of postmasters) {
    if (await alive(pid)) process.kill(pid, "SIGINT");
  }
});

describe("openDatabase", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "folio-db-spec-"));
    // mkdtemp makes it 0700; as root the server's own user must be able to enter it.
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("uses a given URL as is and starts nothing", async () => {
    const database = await openDatabase({ databaseUrl: "postgres://example/folio", logger });
    expect(database).toMatchObject({ url: "postgres://example/folio", embedded: false });
    await database.close();
  });

  it("initialises an embedded cluster once, keeps its data across restarts, and refuses a second user", async () => {
    const clusterDir = path.join(dataDir, "cluster");
    const first = await openDatabase({ dataDir: clusterDir, logger });
    try {
      expect(first.embedded).toBe(true);
      await query(first.url, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
      const second = await openError({ dataDir: clusterDir, logger });
      expect(second.code).toBe("data_dir_in_use");
      expect(second.message).toMatch(/is in use by the embedded PostgreSQL .* still running/);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir: clusterDir, logger });
    try {
      expect(again.url).not.toBe(first.url);
      const { rows } = await query(again.url, "SELECT id FROM kept");
      expect(rows).toEqual([{ id: 42 }]);
    } finally {
      await again.close();
    }
  });

  it("reports port_unavailable when the port cannot be bound", async () => {
    const port = await findFreePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const error = await openError({ dataDir: path.join(dataDir, "busy"), port, logger });
      expect(error.code).toBe("port_unavailable");
    } finally {
      await new Promise<void>((resolve) =>
        blocker.close(() => {
          resolve();
        }),
      );
    }
  });

  it.skipIf(process.getuid?.() !== 0)(
    "as root, reports data_dir_unusable when the server's user cannot reach the directory",
    async () => {
      const closed = path.join(dataDir, "closed");
      await mkdir(closed, { mode: 0o700 });
      await chmod(closed, 0o700);
      const error = await openError({ dataDir: path.join(closed, "folio"), logger });
      expect(error.code).toBe("data_dir_unusable");
      expect(error.message).toMatch(/cannot enter/);
    },
  );

  it("reports data_dir_unusable when the directory cannot be made", async () => {
    const file = path.join(dataDir, "a-file");
    await writeFile(file, "not a directory");
    const error = await openError({ dataDir: path.join(file, "below"), logger });
    expect(error.code).toBe("data_dir_unusable");
  });
});

describe("crash recovery of the embedded cluster", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "folio-db-crash-"));
    await chmod(root, 0o755);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("stops the server a holder killed with -9 left running, then starts on its data", async () => {
    const dataDir = path.join(root, "orphan");
    const holder = await startHolder(dataDir);
    await query(holder.url, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");
    await kill(holder.child, "SIGKILL");
    // The bug this guards against: the holder's PostgreSQL outlives it and keeps the lock.
    expect(await alive(holder.postmasterPid)).toBe(true);

    const log = capturingLogger();
    const database = await openDatabase({ dataDir, logger: log.logger });
    try {
      expect(await alive(holder.postmasterPid)).toBe(false);
      const { rows } = await query(database.url, "SELECT id FROM kept");
      expect(rows).toEqual([{ id: 7 }]);
      expect(log.lines.join("")).toContain(
        "embedded PostgreSQL left running by a Folio process that is gone: stopping it (fast shutdown)",
      );
      expect(log.lines.join("")).toContain("embedded PostgreSQL left running was stopped");
    } finally {
      await database.close();
    }
  });

  it("starts over a stale lock whose server is dead, reaped or a zombie", async () => {
    // Reaped: the postmaster dies while its holder lives, so the holder reaps it.
    const reapedDir = path.join(root, "reaped");
    const reaped = await startHolder(reapedDir);
    process.kill(reaped.postmasterPid, "SIGKILL");
    expect(await waitFor(async () => (await processInfo(reaped.postmasterPid)) === null)).toBe(
      true,
    );
    await kill(reaped.child, "SIGKILL");
    // Zombie where init does not reap (as in some containers), else reaped by init.
    const zombieDir = path.join(root, "zombie");
    const zombie = await startHolder(zombieDir);
    await kill(zombie.child, "SIGKILL");
    process.kill(zombie.postmasterPid, "SIGKILL");
    expect(await waitFor(async () => !(await alive(zombie.postmasterPid)))).toBe(true);

    for (const [dataDir, dead] of [
      [reapedDir, reaped.postmasterPid],
      [zombieDir, zombie.postmasterPid],
    ] as const) {
      expect((await readPostmasterLock(path.join(dataDir, "postgres")))?.pid).toBe(dead);
      const database = await openDatabase({ dataDir, logger });
      try {
        expect((await query(database.url, "SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      } finally {
        await database.close();
      }
    }
  });

  it("refuses a lock naming a live process that is not this directory's PostgreSQL, and leaves it alone", async () => {
    const dataDir = path.join(root, "foreign");
    const first = await openDatabase({ dataDir, logger });
    await first.close();
    const other = spawn("sleep", ["60"], { stdio: "ignore" });
    children.push(other);
    const pid = other.pid ?? 0;
    const clusterDir = path.join(dataDir, "postgres");
    await writeFile(path.join(clusterDir, "postmaster.pid"), `${pid}\n${clusterDir}\n`);
    const error = await openError({ dataDir, logger });
    expect(error.code).toBe("data_dir_in_use");
    expect(error.message).toContain(`names pid ${pid}`);
    expect(error.message).toContain("which is not this directory's PostgreSQL but: sleep 60");
    expect(await alive(pid)).toBe(true);
    await kill(other, "SIGKILL");
  });
});

describe("the connection record", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "folio-db-record-"));
    await chmod(root, 0o755);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("is written on start, lets a client reuse the running cluster, and goes on a clean stop", async () => {
    const dataDir = path.join(root, "recorded");
    const server = await openDatabase({ dataDir, logger, owner: "the test server" });
    const recordFile = path.join(dataDir, CLUSTER_RECORD_FILE);
    try {
      const record = await readClusterRecord(dataDir);
      const lock = await readPostmasterLock(path.join(dataDir, "postgres"));
      expect(record).toMatchObject({
        host: "127.0.0.1",
        port: Number(new URL(server.url).port),
        database: "folio",
        user: "postgres",
        postmasterPid: lock?.pid,
        ownerPid: process.pid,
        owner: "the test server",
      });
      expect(await readFile(recordFile, "utf8")).not.toContain(new URL(server.url).password);

      const client = await openDatabase({ dataDir, logger, reuseRunning: true, mustExist: true });
      expect(client).toMatchObject({ url: server.url, embedded: false });
      expect((await query(client.url, "SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      await client.close();
      expect(await alive(lock?.pid ?? 0)).toBe(true);
    } finally {
      await server.close();
    }
    await expect(access(recordFile)).rejects.toThrow(/ENOENT/);
  });

  it("mustExist refuses a data directory without a cluster instead of making one", async () => {
    const missing = path.join(root, "missing");
    const error = await openError({
      dataDir: missing,
      logger,
      reuseRunning: true,
      mustExist: true,
    });
    expect(error.code).toBe("data_dir_unusable");
    expect(error.message).toContain(`the data directory ${missing} does not exist`);
    await expect(access(missing)).rejects.toThrow(/ENOENT/);
  });
});
