// The ledger writer over the memory event store: group commit, every caller answered with its
// own outcome, the queue bound, a second writer's conflict, appends that fail before or after
// they write, snapshots as a verified cache, and closing.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryEventStore, createMemorySnapshotStore } from "../event-store/index.js";
import type { Command, PostEntry } from "../schemas/index.js";
import type { EventStore } from "./eventStorePort.js";
import { verifyStoredChain } from "./hashChain.js";
import { LedgerWriter, WriterError, type LedgerWriterOptions } from "./ledgerWriter.js";
import { snapshotOf, stateFromSnapshot, type SnapshotStore } from "./snapshots.js";
import { ledgerStreamId } from "./storedEvents.js";
import { playHistory } from "./testing/historyRunner.js";
import { historyArbitrary } from "./testing/ledgerArbitraries.js";

const ledgerId = "writer-spec";
const streamId = ledgerStreamId(ledgerId);
const setUpCommands: Command[] = [
  {
    type: "CreateLedger",
    ledgerId,
    name: "Writer spec",
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  },
  { type: "OpenAccount", accountId: "cash", currency: "USD", accountType: "asset" },
  {
    type: "OpenAccount",
    accountId: "cust",
    currency: "USD",
    accountType: "liability",
    flags: { debitsMustNotExceedCredits: true },
  },
];

function deposit(entryId: string, amount = "1.00"): PostEntry {
  return {
    type: "PostEntry",
    entryId,
    postings: [
      { accountId: "cash", side: "debit", amount },
      { accountId: "cust", side: "credit", amount },
    ],
  };
}

function withdrawal(entryId: string, amount: string): PostEntry {
  return {
    type: "PostEntry",
    entryId,
    postings: [
      { accountId: "cust", side: "debit", amount },
      { accountId: "cash", side: "credit", amount },
    ],
  };
}

const request = (command: Command) => ({ command, actor: "spec", correlationId: "spec" });

/** Counts appends, and can fail the next ones before or after they write. */
function instrumented(store: EventStore) {
  const control = { appends: 0, failBefore: 0, failAfter: 0, hold: null as Promise<void> | null };
  const wrapped: EventStore = {
    ...store,
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    subscribeToAll: (...args) => store.subscribeToAll(...args),
    close: () => store.close(),
    async append(stream, events, expected) {
      control.appends += 1;
      if (control.hold !== null) await control.hold;
      if (control.failBefore > 0) {
        control.failBefore -= 1;
        throw new Error("connection reset before the append reached the server");
      }
      const result = await store.append(stream, events, expected);
      if (control.failAfter > 0) {
        control.failAfter -= 1;
        throw new Error("connection reset after the server committed");
      }
      return result;
    },
  };
  return { store: wrapped, control };
}

const openWriters: LedgerWriter[] = [];
async function openWriter(options: Partial<LedgerWriterOptions> & { store: EventStore }) {
  const writer = await LedgerWriter.open({ ledgerId, maxBatchWaitMs: 1, ...options });
  openWriters.push(writer);
  return writer;
}
async function setUp(writer: LedgerWriter): Promise<void> {
  for (const command of setUpCommands) {
    expect((await writer.submit(request(command))).status).toBe("accepted");
  }
}

afterEach(async () => {
  await Promise.all(openWriters.splice(0).map((writer) => writer.close()));
});

describe("LedgerWriter", () => {
  it("commits concurrent commands in few appends and answers each with its own outcome", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await openWriter({ store, maxBatchCommands: 100, maxBatchWaitMs: 5 });
    await setUp(writer);
    const appendsBefore = control.appends;
    const valid = Array.from({ length: 250 }, (_, index) => deposit(`dep-${index}`));
    const invalid = withdrawal("overdraft", "1000000.00");
    const decisions = await Promise.all(
      [...valid, invalid].map((command) => writer.submit(request(command))),
    );
    expect(decisions.slice(0, valid.length).every((d) => d.status === "accepted")).toBe(true);
    const last = decisions[decisions.length - 1];
    expect(last?.status === "rejected" && last.rejection.code).toBe("exceeds_credits");
    expect(control.appends - appendsBefore).toBeLessThanOrEqual(4);
    expect(writer.current.accounts.get("cust")?.postedCredits).toBe(BigInt(valid.length * 100));
    const stored = await store.readStream(streamId, {
      fromRevision: "start",
      direction: "forwards",
      maxCount: 10_000,
    });
    expect(stored).toHaveLength(writer.current.chain.nextSequence);
    expect(verifyStoredChain(stored).ok).toBe(true);
  });

  it("answers a retried entry with its first outcome and writes nothing", async () => {
    const writer = await openWriter({ store: createMemoryEventStore() });
    await setUp(writer);
    const first = await writer.submit(request(deposit("dep-1")));
    const sequence = writer.current.chain.nextSequence;
    const again = await writer.submit(request(deposit("dep-1")));
    expect(first.status).toBe("accepted");
    expect(again).toMatchObject({ status: "duplicate", sequence: sequence - 1 });
    expect(writer.current.chain.nextSequence).toBe(sequence);
  });

  it("answers overloaded at once when the queue is full, and keeps what it queued", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await openWriter({
      store,
      maxBatchCommands: 2,
      maxQueuedCommands: 4,
      maxBatchWaitMs: 0,
    });
    await setUp(writer);
    let release = (): void => undefined;
    control.hold = new Promise((resolve) => (release = resolve));
    const inFlight = [writer.submit(request(deposit("a"))), writer.submit(request(deposit("b")))];
    await new Promise((resolve) => setTimeout(resolve, 5));
    const queued = ["c", "d", "e", "f"].map((id) => writer.submit(request(deposit(id))));
    await expect(writer.submit(request(deposit("g")))).rejects.toMatchObject({
      code: "overloaded",
    });
    control.hold = null;
    release();
    const decisions = await Promise.all([...inFlight, ...queued]);
    expect(decisions.map((decision) => decision.status)).toEqual(Array(6).fill("accepted"));
  });

  it("reloads and decides again when another writer moved the stream", async () => {
    const shared = createMemoryEventStore();
    const first = await openWriter({ store: shared });
    await setUp(first);
    const second = await openWriter({ store: shared });
    await first.submit(request(deposit("by-first", "5.00")));
    const decision = await second.submit(request(withdrawal("by-second", "5.00")));
    expect(decision.status).toBe("accepted");
    expect(second.current.accounts.get("cust")?.postedDebits).toBe(500n);
    const overdraft = await first.submit(request(withdrawal("overdraft", "0.01")));
    expect(overdraft.status === "rejected" && overdraft.rejection.code).toBe("exceeds_credits");
    const stored = await shared.readStream(streamId, {
      fromRevision: "start",
      direction: "forwards",
      maxCount: 100,
    });
    expect(stored.map((event) => event.revision)).toEqual(stored.map((_, index) => BigInt(index)));
    expect(verifyStoredChain(stored).ok).toBe(true);
  });

  it("fails the callers of an append that never reached the store, then recovers", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await openWriter({ store });
    await setUp(writer);
    control.failBefore = 1;
    await expect(writer.submit(request(deposit("lost")))).rejects.toBeInstanceOf(WriterError);
    const stored = await store.readStream(streamId, {
      fromRevision: "start",
      direction: "forwards",
      maxCount: 100,
    });
    expect(stored).toHaveLength(setUpCommands.length);
    const retried = await writer.submit(request(deposit("lost")));
    expect(retried.status).toBe("accepted");
  });

  it("answers success when an append that reported an error did reach the store", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await openWriter({ store });
    await setUp(writer);
    control.failAfter = 1;
    const decision = await writer.submit(request(deposit("landed")));
    expect(decision.status).toBe("accepted");
    expect(writer.current.entries.get("landed")?.kind).toBe("posted");
    const again = await writer.submit(request(deposit("landed")));
    expect(again.status).toBe("duplicate");
  });

  it("starts from a verified snapshot plus the tail, and ignores a bad one", async () => {
    const store = createMemoryEventStore();
    const snapshots = createMemorySnapshotStore();
    const writer = await openWriter({ store, snapshots, snapshotEveryEvents: 10 });
    await setUp(writer);
    for (let index = 0; index < 25; index += 1)
      await writer.submit(request(deposit(`dep-${index}`)));
    expect(snapshots.saved).toBeGreaterThanOrEqual(2);
    const reads: bigint[] = [];
    const spying: EventStore = {
      ...store,
      append: (...args) => store.append(...args),
      readAll: (...args) => store.readAll(...args),
      subscribeToAll: (...args) => store.subscribeToAll(...args),
      close: () => store.close(),
      readStream: (stream, options) => {
        if (typeof options.fromRevision === "bigint") reads.push(options.fromRevision);
        return store.readStream(stream, options);
      },
    };
    const restarted = await openWriter({ store: spying, snapshots });
    expect(restarted.current).toEqual(writer.current);
    expect(reads[0]).toBeGreaterThan(0n);

    const corrupt: SnapshotStore = {
      save: () => Promise.resolve(),
      load: async () => {
        const snapshot = await snapshots.load(streamId);
        if (snapshot === null) return null;
        const payload = snapshot.payload as {
          checksum: string;
          body: { chain: { lastHash: string } };
        };
        payload.body.chain.lastHash = "f".repeat(64);
        return snapshot;
      },
    };
    const fromCorrupt = await openWriter({ store, snapshots: corrupt });
    expect(fromCorrupt.current).toEqual(writer.current);

    const foreign = createMemoryEventStore();
    const otherHistory = await openWriter({ store: foreign, snapshots });
    expect(otherHistory.current.chain.nextSequence).toBe(0);
  });

  it("drains its queue on close and refuses commands after", async () => {
    const writer = await openWriter({ store: createMemoryEventStore(), maxBatchWaitMs: 50 });
    await setUp(writer);
    const pending = writer.submit(request(deposit("before-close")));
    await writer.close();
    expect((await pending).status).toBe("accepted");
    await expect(writer.submit(request(deposit("after-close")))).rejects.toMatchObject({
      code: "writer_closed",
    });
  });
});

describe("snapshots", () => {
  it("round-trip any ledger state exactly", () => {
    fc.assert(
      fc.property(historyArbitrary, (steps) => {
        const { state } = playHistory(steps);
        const restored = stateFromSnapshot(snapshotOf("ledger-prop", state));
        expect(restored.ok && restored.state).toEqual(state);
      }),
      { numRuns: 200 },
    );
  });
});
