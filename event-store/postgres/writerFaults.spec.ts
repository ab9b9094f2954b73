// Fault tests of the ledger writer on real PostgreSQL with real processes: a writer process
// SIGKILLed mid-stream and restarted, two writer processes racing on one ledger (with a
// no-overdraft account), and the writer's connections terminated mid-batch. After each, the
// whole stream is read back and audited: gap-free revisions, an intact hash chain, every
// acknowledged entry exactly once, and a replay through evolve that keeps every invariant.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  evolve,
  fromStoredEvent,
  initialState,
  ledgerStreamId,
  LedgerWriter,
  MAX_READ_BATCH,
  verifyStoredChain,
  WriterError,
  type CommandRequest,
  type EventStore,
  type LedgerState,
  type StoredEvent,
} from "../../ledger-core/index.js";
import {
  CASH,
  CUSTOMER,
  MERCHANT,
  SPREAD_ACCOUNTS,
  spreadAccountId,
  type WriterProcessOptions,
} from "../testing/writerPlans.js";
import { createTestDatabase, type TestDatabase } from "../testing/testDatabase.js";
import { openPostgresEventStore } from "./postgresEventStore.js";

type Command = CommandRequest["command"];
type JournalEvent = ReturnType<typeof fromStoredEvent>;

const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });
const here = path.dirname(fileURLToPath(import.meta.url));
const repositoryRoot = path.resolve(here, "../..");
const writerScript = path.join(here, "../testing/writerProcess.ts");

/** Upper bounds that keep every wait and loop finite. */
const PROCESS_READY_MS = 20_000;
const PROCESS_RUN_MS = 30_000;
const POLL_MS = 10;
const MAX_STREAM_PAGES = 100;
/** The customer's funding in the overdraft test: 100.00 USD in minor units. */
const FUNDING_MINOR = 10_000n;

let database: TestDatabase;
const stores: EventStore[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase("folio_faults");
});
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
});
afterAll(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close().catch(() => undefined)));
  await database.drop();
});

async function openStore(): Promise<EventStore> {
  const store = await openPostgresEventStore({ connectionString: database.url, logger });
  stores.push(store);
  return store;
}

const request = (command: Command): CommandRequest => ({
  command,
  actor: "spec:faults",
  correlationId: "spec",
});

/** Creates a ledger through an in-process writer (then closed), requiring every command accepted. */
async function setUpLedger(ledgerId: string, commands: readonly Command[]): Promise<void> {
  const store = await openStore();
  const writer = await LedgerWriter.open({ ledgerId, store, maxBatchWaitMs: 1 });
  try {
    const ledger: Command = {
      type: "CreateLedger",
      ledgerId,
      name: `Fault test ${ledgerId}`,
      reportingCurrency: "USD",
      assets: [{ code: "USD", scale: 2 }],
    };
    for (const command of [ledger, ...commands]) {
      expect((await writer.submit(request(command))).status).toBe("accepted");
    }
  } finally {
    await writer.close();
  }
}

function spreadAccounts(): Command[] {
  return Array.from({ length: SPREAD_ACCOUNTS }, (_, index) => ({
    type: "OpenAccount" as const,
    accountId: spreadAccountId(index),
    currency: "USD",
    accountType: index % 2 === 0 ? ("asset" as const) : ("liability" as const),
  }));
}

/** A writer process and what it has printed so far. */
interface WriterChild {
  readonly process: ChildProcess;
  readonly lines: string[];
  readonly stderr: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

function startWriterProcess(options: Omit<WriterProcessOptions, "url">): WriterChild {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", writerScript, JSON.stringify({ url: database.url, ...options })],
    { cwd: repositoryRoot, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env } },
  );
  children.push(child);
  const lines: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout }).on("line", (line) => lines.push(line));
  createInterface({ input: child.stderr }).on("line", (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
      resolve(code);
    });
  });
  return { process: child, lines, stderr, exited };
}

function exitedEarly(child: WriterChild): boolean {
  return child.process.exitCode !== null || child.process.signalCode !== null;
}

/** Waits (bounded) until `done()` holds; fails early with the child's stderr if it died. */
async function waitUntil(
  child: WriterChild,
  done: () => boolean,
  what: string,
  timeoutMs = PROCESS_READY_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (exitedEarly(child) && !done()) {
      // Give the line reader a moment to deliver what the process printed last.
      await sleep(50);
      if (done()) return;
      throw new Error(`writer process exited before ${what}:\n${child.stderr.join("\n")}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}:\n${child.stderr.join("\n")}`);
    }
    await sleep(POLL_MS);
  }
}

interface Outcomes {
  /** Entry id to `accepted` or `duplicate`: durable, acknowledged. */
  readonly acked: Map<string, string>;
  /** Entry id to rejection code: a recorded rejection. */
  readonly rejected: Map<string, string>;
  /** Entry id to the last WriterError code: the caller gave up, outcome unknown. */
  readonly failed: Map<string, string>;
  readonly stats: { conflictReloads: number; unknownOutcomes: number; retries: number } | null;
}

function outcomesOf(lines: readonly string[]): Outcomes {
  const outcomes: Outcomes = {
    acked: new Map(),
    rejected: new Map(),
    failed: new Map(),
    stats: null,
  };
  let stats: Outcomes["stats"] = null;
  for (const line of lines) {
    const [kind, id, detail] = line.split(" ");
    if (kind === "stats") stats = JSON.parse(line.slice("stats ".length)) as Outcomes["stats"];
    if (id === undefined || detail === undefined) continue;
    if (kind === "ack") outcomes.acked.set(id, detail);
    if (kind === "rej") outcomes.rejected.set(id, detail);
    if (kind === "err") outcomes.failed.set(id, detail);
  }
  return { ...outcomes, stats };
}

async function readWholeStream(store: EventStore, streamId: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (let page = 0; page < MAX_STREAM_PAGES; page += 1) {
    const batch = await store.readStream(streamId, {
      fromRevision: BigInt(events.length),
      direction: "forwards",
      maxCount: MAX_READ_BATCH,
    });
    events.push(...batch);
    if (batch.length < MAX_READ_BATCH) return events;
  }
  throw new Error(`stream ${streamId} is longer than ${MAX_STREAM_PAGES} pages`);
}

interface Audit {
  readonly stored: readonly StoredEvent[];
  readonly state: LedgerState;
  /** Entry id to the sequences of its EntryPosted events. */
  readonly posted: Map<string, number[]>;
  /** Entry id to the sequences of its EntryRejected events. */
  readonly rejected: Map<string, number[]>;
}

/**
 * Reads the ledger's whole stream and checks it: revisions 0..n-1 each exactly once, the
 * hash chain verifies from genesis, and a replay from initialState through evolve (which
 * asserts the ledger's invariants) succeeds; `afterEach` checks more after every event.
 */
async function auditStream(
  store: EventStore,
  ledgerId: string,
  afterEach?: (state: LedgerState, event: JournalEvent) => void,
): Promise<Audit> {
  const stored = await readWholeStream(store, ledgerStreamId(ledgerId));
  stored.forEach((event, index) => {
    expect(event.revision).toBe(BigInt(index));
  });
  const chain = verifyStoredChain(stored);
  expect(chain).toMatchObject({ ok: true, head: { nextSequence: stored.length } });
  const state = initialState();
  const posted = new Map<string, number[]>();
  const rejected = new Map<string, number[]>();
  const note = (map: Map<string, number[]>, id: string, sequence: number): void => {
    map.set(id, [...(map.get(id) ?? []), sequence]);
  };
  for (const raw of stored) {
    const event = fromStoredEvent(raw);
    evolve(state, event);
    if (event.type === "EntryPosted") note(posted, event.data.entryId, event.metadata.sequence);
    if (event.type === "EntryRejected") note(rejected, event.data.entryId, event.metadata.sequence);
    afterEach?.(state, event);
  }
  // Double entry holds over the whole ledger: total debits equal total credits.
  let debits = 0n;
  let credits = 0n;
  for (const account of state.accounts.values()) {
    debits += account.postedDebits;
    credits += account.postedCredits;
  }
  expect(debits).toBe(credits);
  for (const [entryId, sequences] of posted) {
    expect(sequences, `entry ${entryId} posted more than once`).toHaveLength(1);
  }
  return { stored, state, posted, rejected };
}

function expectAckedExactlyOnce(audit: Audit, acked: Iterable<string>): void {
  for (const entryId of acked) {
    expect(audit.posted.get(entryId), `acknowledged entry ${entryId}`).toHaveLength(1);
  }
}

describe("ledger writer faults on PostgreSQL", () => {
  it("loses no acknowledged entry when its process is SIGKILLed mid-stream, and continues the chain after restart", async () => {
    const ledgerId = "faults-kill";
    await setUpLedger(ledgerId, spreadAccounts());
    const killRounds = 3;
    const killedAcks = new Map<string, string>();
    for (let round = 0; round < killRounds; round += 1) {
      const child = startWriterProcess({
        ledgerId,
        prefix: `k${round}`,
        count: 100_000,
        concurrency: 64,
        plan: "spread",
        snapshotEveryEvents: 150,
      });
      // Kill once the stream is well under way: group commit active, batches in flight.
      const killAfter = 300 + Math.floor(Math.random() * 300);
      await waitUntil(child, () => child.lines.length >= killAfter, `${killAfter} acks`);
      child.process.kill("SIGKILL");
      expect(await child.exited).toBeNull();
      const outcomes = outcomesOf(child.lines);
      expect(outcomes.acked.size).toBeGreaterThanOrEqual(killAfter - 1);
      for (const [id, status] of outcomes.acked) killedAcks.set(id, status);
    }

    const store = await openStore();
    const beforeRestart = await auditStream(store, ledgerId);
    expectAckedExactlyOnce(beforeRestart, killedAcks.keys());
    // Durable but never acknowledged (the kill came between commit and answer) is allowed.
    const unacknowledged = [...beforeRestart.posted.keys()].filter((id) => !killedAcks.has(id));
    logger.info({ acked: killedAcks.size, unacknowledged: unacknowledged.length }, "after kills");

    const restarted = startWriterProcess({
      ledgerId,
      prefix: "after",
      count: 400,
      concurrency: 32,
      plan: "spread",
      snapshotEveryEvents: 150,
    });
    await waitUntil(
      restarted,
      () => restarted.lines.includes("done"),
      "the restarted run",
      PROCESS_RUN_MS,
    );
    expect(await restarted.exited).toBe(0);
    const after = outcomesOf(restarted.lines);
    expect(after.acked.size).toBe(400);
    expect([...after.acked.values()].every((status) => status === "accepted")).toBe(true);

    const audit = await auditStream(store, ledgerId);
    expectAckedExactlyOnce(audit, killedAcks.keys());
    expectAckedExactlyOnce(audit, after.acked.keys());
    // The restarted writer continued the very chain it found: its entries follow all earlier events.
    const firstAfter = Math.min(
      ...[...after.acked.keys()].map((id) => audit.posted.get(id)?.[0] ?? -1),
    );
    expect(firstAfter).toBe(beforeRestart.stored.length);
    expect(audit.stored.length).toBe(beforeRestart.stored.length + 400);
  });

  it("keeps two concurrent writer processes on one ledger gap-free, exactly-once and never overdrawn", async () => {
    const ledgerId = "faults-race";
    await setUpLedger(ledgerId, [
      { type: "OpenAccount", accountId: CASH, currency: "USD", accountType: "asset" },
      {
        type: "OpenAccount",
        accountId: CUSTOMER,
        currency: "USD",
        accountType: "liability",
        flags: { debitsMustNotExceedCredits: true },
      },
      { type: "OpenAccount", accountId: MERCHANT, currency: "USD", accountType: "liability" },
      {
        type: "PostEntry",
        entryId: "funding",
        postings: [
          { accountId: CASH, side: "debit", amount: "100.00" },
          { accountId: CUSTOMER, side: "credit", amount: "100.00" },
        ],
      },
    ]);
    // Each process tries 150 debits of 1.00 from the customer: three times the funding in all.
    const racers = ["p1", "p2"].map((prefix) =>
      startWriterProcess({
        ledgerId,
        prefix,
        count: 300,
        concurrency: 8,
        plan: "overdraft",
        sharedCount: 20,
        waitForGo: true,
        maxBatchWaitMs: 1,
      }),
    );
    for (const racer of racers)
      await waitUntil(racer, () => racer.lines.includes("ready"), "ready");
    for (const racer of racers) racer.process.stdin?.write("go\n");
    for (const racer of racers) {
      await waitUntil(racer, () => racer.lines.includes("done"), "the race", PROCESS_RUN_MS);
      expect(await racer.exited).toBe(0);
    }
    const [first, second] = racers.map((racer) => outcomesOf(racer.lines));
    if (first === undefined || second === undefined) throw new Error("two racers");
    // Every command got a final answer, and the two writers really did collide.
    expect([...first.failed, ...second.failed]).toEqual([]);
    expect(
      (first.stats?.conflictReloads ?? 0) + (second.stats?.conflictReloads ?? 0),
    ).toBeGreaterThan(0);

    logger.info({ first: first.stats, second: second.stats }, "after the race");
    const store = await openStore();
    const customerOk = (state: LedgerState): void => {
      const customer = state.accounts.get(CUSTOMER);
      if (customer === undefined) return;
      expect(customer.postedDebits + customer.pendingDebits).toBeLessThanOrEqual(
        customer.postedCredits,
      );
    };
    const audit = await auditStream(store, ledgerId, customerOk);
    for (const outcomes of [first, second]) {
      expectAckedExactlyOnce(audit, outcomes.acked.keys());
      for (const [entryId, code] of outcomes.rejected) {
        expect(code).toBe("exceeds_credits");
        expect(audit.rejected.get(entryId)).toHaveLength(1);
        expect(audit.posted.has(entryId)).toBe(false);
      }
    }
    // Every entry in the stream was answered to its process; shared ids landed exactly once.
    const answered = new Set([
      ...first.acked.keys(),
      ...second.acked.keys(),
      ...first.rejected.keys(),
      ...second.rejected.keys(),
    ]);
    for (const entryId of [...audit.posted.keys(), ...audit.rejected.keys()]) {
      if (entryId !== "funding") expect(answered.has(entryId), entryId).toBe(true);
    }
    for (let shared = 0; shared < 20; shared += 1) {
      const id = `shared-${shared}`;
      expect(audit.posted.get(id)).toHaveLength(1);
      // One process appended it; the other found it durable and got the first outcome.
      expect([first.acked.get(id), second.acked.get(id)].sort()).toEqual(["accepted", "duplicate"]);
    }
    // The customer's funding was spent exactly, never exceeded.
    const acceptedCustomerDebits = [...first.acked, ...second.acked].filter(
      ([id, status]) =>
        status === "accepted" && !id.startsWith("shared-") && Number(id.split("-")[1]) % 2 === 0,
    ).length;
    expect(BigInt(acceptedCustomerDebits) * 100n).toBe(FUNDING_MINOR);
    expect(audit.state.accounts.get(CUSTOMER)?.postedDebits).toBe(FUNDING_MINOR);
  });

  it("never answers a false success while its connections are terminated mid-batch, and recovers by itself", async () => {
    const ledgerId = "faults-terminate";
    await setUpLedger(ledgerId, spreadAccounts());
    const store = await openStore();
    const writer = await LedgerWriter.open({
      ledgerId,
      store,
      maxBatchCommands: 500,
      maxBatchWaitMs: 2,
      maxQueuedCommands: 5_000,
    });
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const acked = new Map<string, string>();
    const failed = new Map<string, string>();
    const entry = (entryId: string, n: number): Command => ({
      type: "PostEntry",
      entryId,
      postings: [
        { accountId: spreadAccountId(n % SPREAD_ACCOUNTS), side: "debit", amount: "1.00" },
        { accountId: spreadAccountId((n + 1) % SPREAD_ACCOUNTS), side: "credit", amount: "1.00" },
      ],
    });
    const submitted = new Map<string, Command>();
    const submit = async (entryId: string, n: number): Promise<void> => {
      const command = submitted.get(entryId) ?? entry(entryId, n);
      submitted.set(entryId, command);
      try {
        const decision = await writer.submit(request(command));
        expect(decision.status).not.toBe("rejected");
        acked.set(entryId, decision.status);
        failed.delete(entryId);
      } catch (error) {
        // The only acceptable failure is a WriterError: the caller knows it has no answer.
        expect(error).toBeInstanceOf(WriterError);
        failed.set(entryId, (error as WriterError).code);
      }
    };
    try {
      const chaosMs = 3_000;
      const deadline = Date.now() + chaosMs;
      let terminations = 0;
      const terminator = (async () => {
        for (let round = 0; round < 200 && Date.now() < deadline; round += 1) {
          const { rowCount } = await admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            [database.name],
          );
          terminations += rowCount ?? 0;
          await sleep(20 + Math.random() * 40);
        }
      })();
      let next = 0;
      const callers = Array.from({ length: 32 }, async () => {
        for (let count = 0; count < 2_000 && Date.now() < deadline; count += 1) {
          const n = next;
          next += 1;
          await submit(`c-${n}`, n);
        }
      });
      await Promise.all([terminator, ...callers]);
      expect(terminations).toBeGreaterThan(0);
      expect(failed.size).toBeGreaterThan(0);
      const failedDuringChaos = [...failed.keys()];

      // Recovery, same writer: fresh submits succeed, and every failed one resolves on retry.
      await sleep(200);
      const fresh = Array.from({ length: 100 }, (_, index) => `r-${index}`);
      await Promise.all(fresh.map((id, index) => submit(id, index)));
      expect(fresh.filter((id) => failed.has(id))).toEqual([]);
      for (const id of fresh) expect(acked.get(id)).toBe("accepted");
      await Promise.all(failedDuringChaos.map((id) => submit(id, 0)));
      expect([...failed.keys()]).toEqual([]);
      logger.info(
        {
          terminations,
          acked: acked.size,
          failedDuringChaos: failedDuringChaos.length,
          // Failed to their caller, yet durable: the unknown outcome, found on the retry.
          landedDespiteError: failedDuringChaos.filter((id) => acked.get(id) === "duplicate")
            .length,
        },
        "after terminations",
      );

      const audit = await auditStream(store, ledgerId);
      expectAckedExactlyOnce(audit, acked.keys());
      // Every entry in the store was answered, and the writer's state is the stream's.
      for (const entryId of audit.posted.keys()) expect(acked.has(entryId), entryId).toBe(true);
      expect(writer.current.chain.nextSequence).toBe(audit.stored.length);
      expect(writer.current.chain.lastHash).toBe(audit.state.chain.lastHash);
    } finally {
      await writer.close();
      await admin.end();
    }
  });
});
