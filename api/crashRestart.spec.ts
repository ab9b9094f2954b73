// What a kill -9 of the server under load must not cost. The server runs as `npm start` runs
// it (`node --import tsx api/server.ts`, no DATABASE_URL, the embedded PostgreSQL under a
// temporary FOLIO_DATA_DIR) and is killed with SIGKILL while clients post entries over HTTP,
// twice. Each time it must start again (its killed predecessor's PostgreSQL, left running, is
// stopped first) with every acknowledged entry stored; the ids in flight at the kill, sent
// again after the restart, are decided once; at the end no entry is stored twice and
// `folio verify` (reaching the running server's cluster through its record) passes.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../event-store/postgres/database.js";
import { ledgerStreamId } from "../ledger-core/index.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ADMIN_KEY = "crash-restart-admin-key-0123456789";
const LEDGER = "crash";
const CLIENTS = 4;
/** Entries acknowledged in a round before its server is killed. */
const ACKS_BEFORE_KILL = 150;
const START_TIMEOUT_MS = 30_000;

let dataDir: string;
const servers: ChildProcess[] = [];

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  /** What it printed so far, stdout (its JSON logs among it) and stderr. */
  output(): string;
}

/** This process's environment without any database URL, on the test's data directory. */
function embeddedEnv(): NodeJS.ProcessEnv {
  const unset = new Set(["DATABASE_URL", "EVENTSTORE_URL", "NATS_URL"]);
  const kept = Object.entries(process.env).filter(([name]) => !unset.has(name));
  return { ...Object.fromEntries(kept), FOLIO_DATA_DIR: dataDir };
}

async function startServer(): Promise<Server> {
  const port = await findFreePort();
  const env = {
    ...embeddedEnv(),
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    FOLIO_ADMIN_KEY: ADMIN_KEY,
  };
  const child = spawn(process.execPath, ["--import", "tsx", "api/server.ts"], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  servers.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  for (let waited = 0; !stdout.includes("Folio is running at"); waited += 100) {
    if (child.exitCode !== null || waited > START_TIMEOUT_MS) {
      throw new Error(`the server did not start (exit ${child.exitCode}):\n${stderr}`);
    }
    await sleep(100);
  }
  return { child, url: `http://127.0.0.1:${port}`, output: () => `${stdout}\n${stderr}` };
}

async function call(url: string, method: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_KEY}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

function entry(id: string): unknown {
  return {
    id,
    postings: [
      { accountId: "cash", side: "debit", amount: "1.00" },
      { accountId: "cust", side: "credit", amount: "1.00" },
    ],
  };
}

async function createLedger(server: Server): Promise<void> {
  const ledger = await call(`${server.url}/v1/ledgers`, "POST", {
    id: LEDGER,
    name: "Crash",
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  });
  expect(ledger.status).toBe(201);
  for (const [id, type] of [
    ["cash", "asset"],
    ["cust", "liability"],
  ]) {
    const account = await call(`${server.url}/v1/ledgers/${LEDGER}/accounts`, "POST", {
      id,
      currency: "USD",
      type,
    });
    expect(account.status).toBe(201);
  }
}

/** What the clients saw: acknowledged ids, ids whose request died with the server, surprises. */
interface Tally {
  readonly acknowledged: Set<string>;
  readonly inFlight: Set<string>;
  readonly unexpected: string[];
  /** In-flight ids re-sent after a restart: stored before the kill (200) or only now (201). */
  readonly resent: { stored: number; added: number };
}

/** Clients post until ACKS_BEFORE_KILL are acknowledged, then the server is killed under them. */
async function postUntilKilled(server: Server, round: number, tally: Tally): Promise<void> {
  let acks = 0;
  const client = async (c: number): Promise<void> => {
    for (let i = 0; ; i += 1) {
      const id = `r${round}-c${c}-${i}`;
      let response: Response;
      try {
        response = await call(`${server.url}/v1/ledgers/${LEDGER}/entries`, "POST", entry(id));
        await response.arrayBuffer();
      } catch {
        tally.inFlight.add(id); // the server died under this request: its outcome is unknown
        return;
      }
      if (response.status !== 201) tally.unexpected.push(`${id}: ${response.status}`);
      tally.acknowledged.add(id);
      acks += 1;
      if (acks === ACKS_BEFORE_KILL) server.child.kill("SIGKILL");
    }
  };
  const exited = once(server.child, "exit");
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  await exited;
}

/** Sends the ids in flight at the kill again: each is decided now (201) or was (200, replay). */
async function resendInFlight(server: Server, tally: Tally): Promise<void> {
  for (const id of tally.inFlight) {
    const response = await call(`${server.url}/v1/ledgers/${LEDGER}/entries`, "POST", entry(id));
    await response.arrayBuffer();
    if (response.status === 200) tally.resent.stored += 1;
    else if (response.status === 201) tally.resent.added += 1;
    else tally.unexpected.push(`resent ${id}: ${response.status}`);
    tally.acknowledged.add(id);
  }
  tally.inFlight.clear();
}

/** Stored EntryPosted events by entry id, read from the cluster the server's record names. */
async function storedEntries(): Promise<Map<string, number>> {
  const record = JSON.parse(await readFile(path.join(dataDir, "postgres.json"), "utf8")) as {
    port: number;
    user: string;
    database: string;
  };
  const password = (await readFile(path.join(dataDir, "postgres-password"), "utf8")).trim();
  const client = new pg.Client({
    connectionString: `postgres://${record.user}:${encodeURIComponent(password)}@127.0.0.1:${record.port}/${record.database}`,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; n: number }>(
      `SELECT data->>'entryId' AS id, count(*)::int AS n FROM events
        WHERE stream_id = $1 AND event_type = 'EntryPosted' GROUP BY 1`,
      [ledgerStreamId(LEDGER)],
    );
    return new Map(rows.map((row) => [row.id, row.n]));
  } finally {
    await client.end();
  }
}

function missing(acknowledged: ReadonlySet<string>, stored: ReadonlyMap<string, number>): string[] {
  return [...acknowledged].filter((id) => !stored.has(id));
}

function folioVerify(): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(
    process.execPath,
    ["replay-tools/folio.js", "-q", "verify", "--ledger", LEDGER],
    { cwd: REPO_ROOT, env: embeddedEnv(), encoding: "utf8", timeout: 60_000 },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Pids of live processes whose command line names the data directory (its postgres). */
function processesUsing(dir: string): string[] {
  const result = spawnSync("pgrep", ["-f", dir], { encoding: "utf8" });
  return result.stdout.split("\n").filter((line) => line.trim() !== "");
}

/** Waits (bounded) until no process names the data directory; prints what is left if any. */
async function noneUsing(dir: string): Promise<boolean> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (processesUsing(dir).length === 0) return true;
    await sleep(100);
  }
  for (const pid of processesUsing(dir)) {
    console.log(
      spawnSync("ps", ["-o", "pid,ppid,stat,args", "-p", pid], { encoding: "utf8" }).stdout,
    );
  }
  return false;
}

beforeAll(async () => {
  // Directly under the temp dir: as root, the embedded server's user must reach it.
  dataDir = await mkdtemp(path.join(tmpdir(), "folio-crash-"));
});

afterAll(async () => {
  for (const server of servers) if (server.exitCode === null) server.kill("SIGKILL");
  for (const pid of processesUsing(dataDir)) process.kill(Number(pid), "SIGINT");
  await noneUsing(dataDir);
  await rm(dataDir, { recursive: true, force: true });
});

describe("kill -9 under load, twice", () => {
  it("comes back each time with every acknowledged entry, none stored twice", async () => {
    const tally: Tally = {
      acknowledged: new Set(),
      inFlight: new Set(),
      unexpected: [],
      resent: { stored: 0, added: 0 },
    };
    let server = await startServer();
    await createLedger(server);
    for (const round of [1, 2]) {
      await postUntilKilled(server, round, tally);
      server = await startServer();
      // The killed server's PostgreSQL was still running: the new one stopped it first.
      expect(server.output()).toContain("embedded PostgreSQL left running was stopped");
      expect(missing(tally.acknowledged, await storedEntries())).toEqual([]);
      await resendInFlight(server, tally);
    }

    const stored = await storedEntries();
    const duplicates = [...stored.values()].reduce((sum, n) => sum + n - 1, 0);
    console.log(
      `crash-restart: acknowledged ${tally.acknowledged.size}, stored ${stored.size}, duplicates ${duplicates} (in flight at the kills and re-sent after the restarts: ${tally.resent.stored} stored before the kill, ${tally.resent.added} stored only then)`,
    );
    expect(tally.unexpected).toEqual([]);
    expect(missing(tally.acknowledged, stored)).toEqual([]);
    expect(duplicates).toBe(0);
    expect(stored.size).toBe(tally.acknowledged.size);
    const replay = await call(
      `${server.url}/v1/ledgers/${LEDGER}/entries`,
      "POST",
      entry("r1-c0-0"),
    );
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replay")).toBe("true");

    const verify = folioVerify();
    expect(verify.stderr).toBe("");
    expect(verify).toMatchObject({ status: 0 });
    expect(verify.stdout).toContain(`ledger ${LEDGER}: verified`);

    server.child.kill("SIGTERM");
    await once(server.child, "exit");
    expect(await noneUsing(dataDir), "a PostgreSQL left running on the data directory").toBe(true);
  }, 120_000);
});
