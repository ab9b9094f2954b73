// Runs the ledger leases contract against PostgreSQL on a database of its own: each
// PostgresLedgerLeases is a process, a dropped connection is pg_terminate_backend of its lease
// connection from an admin connection. Also what only PostgreSQL has: a connection that goes
// silent (a proxy stops forwarding) is noticed by the heartbeat's timeout, and the server frees
// the silent session's leases after idle_session_timeout.
import net from "node:net";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LedgerRegistry,
  WriterError,
  type EventStore,
  type LedgerLeases,
} from "../../ledger-core/index.js";
import { describeLedgerLeasesContract } from "../../ledger-core/testing/ledgerLeasesContract.js";
import {
  deposit,
  ledgerId,
  request,
  setUpCommands,
} from "../../ledger-core/testing/writerFixtures.js";
import { createTestDatabase, type TestDatabase } from "../testing/testDatabase.js";
import { openPostgresEventStore } from "./postgresEventStore.js";
import { PostgresLedgerLeases } from "./postgresLedgerLeases.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });
/** A terminated connection is noticed when its socket closes: well under this. */
const TERMINATED_LOSS_BOUND_MS = 1_000;
/** pg_terminate_backend waits this long for the backend to exit. */
const TERMINATE_WAIT_MS = 5_000;
/** Callers submitting deposits at once to the owner in the take-over test. */
const TAKE_OVER_CALLERS = 8;
/** How long the owner works before its lease connection is terminated. */
const TAKE_OVER_LOAD_MS = 300;
/** The silent-connection test's short settings, so it runs in seconds. */
const SILENT_HEARTBEAT_MS = 100;
const SILENT_HEARTBEAT_TIMEOUT_MS = 300;
const SILENT_SERVER_IDLE_TIMEOUT_MS = 1_000;

let database: TestDatabase;
let admin: pg.Client;
const noticed: number[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
});
afterAll(async () => {
  if (noticed.length > 0 && process.env.LEASE_TIMINGS === "1") {
    const sorted = [...noticed].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    console.info(
      `lease loss noticed after pg_terminate_backend: n=${sorted.length} min=${sorted[0]?.toFixed(1)} p50=${at(0.5)?.toFixed(1)} max=${sorted[sorted.length - 1]?.toFixed(1)} ms`,
    );
  }
  await admin.end();
  await database.drop();
});

const open = (): Promise<LedgerLeases> =>
  Promise.resolve(new PostgresLedgerLeases({ connectionString: database.url, logger }));

/**
 * Terminates the lease connection's backend and waits until it has exited (its locks go with
 * it). The process may not have noticed an earlier drop yet (a drop while it held nothing is
 * not waited for): its backend is then gone already, and is still checked to be gone.
 */
async function terminate(leases: LedgerLeases): Promise<void> {
  if (!(leases instanceof PostgresLedgerLeases)) throw new Error("postgres leases expected");
  const pid = leases.backendPid();
  if (pid === null) return;
  await admin.query("SELECT pg_terminate_backend($1, $2)", [pid, TERMINATE_WAIT_MS]);
  const { rows } = await admin.query<{ alive: number }>(
    "SELECT count(*)::int AS alive FROM pg_stat_activity WHERE pid = $1",
    [pid],
  );
  expect(rows[0]?.alive).toBe(0);
}

describeLedgerLeasesContract("postgres", {
  open,
  dropConnection: terminate,
  lossBoundMs: TERMINATED_LOSS_BOUND_MS,
  propertyRuns: 15,
  onLossNoticed: (ms) => noticed.push(ms),
});

/**
 * A TCP proxy to the database that can go silent: it stops forwarding, and from then on keeps
 * the server's side open whatever the client does (a cut cable: the server hears nothing).
 */
async function silentProxy(target: URL): Promise<{ url: string; silence(): void; close(): void }> {
  const sockets: net.Socket[] = [];
  let silent = false;
  // The embedded test cluster is reached through its Unix socket (the URL's host is the socket
  // directory); it listens on TCP 127.0.0.1 at the same port too, which a TCP proxy needs.
  const host = decodeURIComponent(target.hostname).startsWith("/") ? "127.0.0.1" : target.hostname;
  const server = net.createServer((inbound) => {
    const outbound = net.connect(Number(target.port || 5432), host);
    sockets.push(inbound, outbound);
    for (const [from, to] of [
      [inbound, outbound],
      [outbound, inbound],
    ] as const) {
      from.on("data", (chunk) => {
        if (!silent) to.write(chunk);
      });
      const closed = (): void => {
        if (!silent) to.destroy();
      };
      from.on("error", closed);
      from.on("close", closed);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy address");
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String(address.port);
  return {
    url: url.toString(),
    silence: () => {
      silent = true;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** Terminations in the test of an acquire racing one. */
const TERMINATION_RACES = 10;

describe("postgres ledger leases: a connection terminated just before an acquire", () => {
  it("acquires on a new connection when the old one turns out to be dead", async () => {
    const leases = new PostgresLedgerLeases({ connectionString: database.url, logger });
    try {
      await (await leases.acquire("race-warm-up"))?.release();
      for (let round = 0; round < TERMINATION_RACES; round += 1) {
        await terminate(leases); // the client may not have heard of it yet
        expect(await leases.acquire(`race-${round}`)).not.toBeNull();
      }
    } finally {
      await leases.close();
    }
  });
});

describe("postgres ledger leases: a silent connection", () => {
  it("is noticed by the heartbeat timeout, and the server frees its leases after the idle timeout", async () => {
    const proxy = await silentProxy(new URL(database.url));
    const quiet = new PostgresLedgerLeases({
      connectionString: proxy.url,
      logger,
      heartbeatMs: SILENT_HEARTBEAT_MS,
      heartbeatTimeoutMs: SILENT_HEARTBEAT_TIMEOUT_MS,
      serverIdleTimeoutMs: SILENT_SERVER_IDLE_TIMEOUT_MS,
    });
    const other = new PostgresLedgerLeases({ connectionString: database.url, logger });
    try {
      const lease = await quiet.acquire("silent-ledger");
      expect(lease).not.toBeNull();
      proxy.silence();
      const started = performance.now();
      const loss = await lease?.lost;
      const noticedMs = performance.now() - started;
      expect(loss?.reason).toBe("connection_lost");
      expect(loss?.message).toMatch(/heartbeat/);
      expect(noticedMs).toBeLessThan(SILENT_HEARTBEAT_MS + SILENT_HEARTBEAT_TIMEOUT_MS + 200);
      // The server still holds the lock until the session's idle timeout ends it.
      let taken = await other.acquire("silent-ledger");
      const freedAfter = performance.now();
      while (taken === null && performance.now() - freedAfter < 3 * SILENT_SERVER_IDLE_TIMEOUT_MS) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        taken = await other.acquire("silent-ledger");
      }
      expect(taken).not.toBeNull();
      if (process.env.LEASE_TIMINGS === "1") {
        console.info(
          `silent connection: loss noticed after ${noticedMs.toFixed(0)} ms; free for others after ${(performance.now() - started).toFixed(0)} ms`,
        );
      }
    } finally {
      proxy.close();
      await Promise.all([quiet.close(), other.close()]);
    }
  });
});

/** A Folio process: its own store (pool), leases and registry on the test database. */
async function folioProcess(): Promise<{
  registry: LedgerRegistry;
  leases: PostgresLedgerLeases;
  close(): Promise<void>;
}> {
  const store: EventStore = await openPostgresEventStore({
    connectionString: database.url,
    logger,
  });
  const leases = new PostgresLedgerLeases({ connectionString: database.url, logger });
  const registry = new LedgerRegistry({ store, leases, writerOptions: { maxBatchWaitMs: 1 } });
  return {
    registry,
    leases,
    close: async () => {
      await registry.close();
      await leases.close();
      await store.close();
    },
  };
}

describe("two registries on one database, one ledger", () => {
  it("lets one decide; the other answers not_owner, and takes over with every acknowledged entry once the owner's lease connection dies", async () => {
    const [a, b] = [await folioProcess(), await folioProcess()];
    try {
      for (const command of setUpCommands) {
        expect((await a.registry.submit(ledgerId, request(command))).status).toBe("accepted");
      }
      await expect(b.registry.submit(ledgerId, request(deposit("b-early")))).rejects.toMatchObject({
        code: "not_owner",
      });
      // The owner works under load; its lease connection is terminated in the middle.
      const acknowledged: string[] = [];
      const refusals = new Map<string, number>();
      let stop = false;
      // Each caller stops once a has noticed the loss, so a cannot win the ledger back here.
      const callers = Array.from({ length: TAKE_OVER_CALLERS }, async (_, caller) => {
        for (let index = 0; !stop && a.leases.heldLedgers.includes(ledgerId); index += 1) {
          const id = `a-${caller}-${index}`;
          try {
            const decision = await a.registry.submit(ledgerId, request(deposit(id)));
            if (decision.status === "accepted") acknowledged.push(id);
          } catch (error) {
            const code = error instanceof WriterError ? error.code : "other";
            refusals.set(code, (refusals.get(code) ?? 0) + 1);
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, TAKE_OVER_LOAD_MS));
      const pid = a.leases.backendPid();
      expect(pid).not.toBeNull();
      await admin.query("SELECT pg_terminate_backend($1)", [pid]);
      // b takes the ledger over as soon as the server has ended a's session.
      let taken: string | null = null;
      for (let attempt = 0; taken === null && attempt < 200; attempt += 1) {
        try {
          taken = (await b.registry.submit(ledgerId, request(deposit("b-1")))).status;
        } catch (error) {
          if (!(error instanceof WriterError) || error.code !== "not_owner") throw error;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
      stop = true;
      await Promise.all(callers);
      expect(taken).toBe("accepted");
      expect(acknowledged.length).toBeGreaterThan(0);
      expect(a.registry.leaseLosses).toBe(1);
      const writer = await b.registry.existing(ledgerId);
      const missing: string[] = [];
      for (const id of acknowledged) {
        if ((await writer?.entryRecord(id)) === undefined) missing.push(id);
      }
      expect(missing).toEqual([]);
      // a is refused while b holds the ledger.
      await expect(a.registry.submit(ledgerId, request(deposit("a-late")))).rejects.toMatchObject({
        code: "not_owner",
      });
      if (process.env.LEASE_TIMINGS === "1") {
        console.info(
          `take-over: ${acknowledged.length} acknowledged by the owner; its refusals ${JSON.stringify(Object.fromEntries(refusals))}`,
        );
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
