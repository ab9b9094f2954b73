// The ledger writer over the memory event store: group commit, every caller answered with its
// own outcome, the queue bound, a second writer's conflict, appends that fail before or after
// they write, snapshots as a verified cache, and closing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryEventStore, createMemorySnapshotStore } from "../event-store/index.js";
import type { Decision } from "./decision.js";
import type { EventStore } from "./eventStorePort.js";
import { verifyStoredChain } from "./hashChain.js";
import { WriterError } from "./ledgerWriter.js";
import { liveState } from "./entryCache.js";
import { snapshotOf, stateFromSnapshot, type SnapshotStore } from "./snapshots.js";
import type { LedgerState } from "./state.js";
import { playHistory } from "./testing/historyRunner.js";
import { historyArbitrary } from "./testing/ledgerArbitraries.js";
import {
  deposit,
  blockWith,
  holdAppends,
  instrumented,
  request,
  setUp,
  setUpCommands,
  storedStream,
  streamId,
  withdrawal,
  writerPool,
} from "./testing/writerFixtures.js";

const writers = writerPool();
const openWriter: typeof writers.open = (options) => writers.open(options);

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
    const stored = await storedStream(store);
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
    const { blocker, release } = await blockWith(writer, control, deposit("a"));
    // Queued in one tick, before anything can take them: the fifth finds the queue full.
    const queued = ["b", "c", "d", "e"].map((id) => writer.submit(request(deposit(id))));
    await expect(writer.submit(request(deposit("f")))).rejects.toMatchObject({
      code: "overloaded",
    });
    release();
    const decisions = await Promise.all([blocker, ...queued]);
    expect(decisions.map((decision) => (decision as Decision).status)).toEqual(
      Array(5).fill("accepted"),
    );
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
    const stored = await storedStream(shared);
    expect(stored.map((event) => event.revision)).toEqual(stored.map((_, index) => BigInt(index)));
    expect(verifyStoredChain(stored).ok).toBe(true);
  });

  it("fails the callers of an append that never reached the store, then recovers", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await openWriter({ store });
    await setUp(writer);
    control.failBefore = 1;
    await expect(writer.submit(request(deposit("lost")))).rejects.toBeInstanceOf(WriterError);
    expect(await storedStream(store)).toHaveLength(setUpCommands.length);
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

  it("takes an overdue snapshot under sustained load, when the queue is never empty", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const memory = createMemorySnapshotStore();
    const queuedAtSave: number[] = [];
    const snapshots: SnapshotStore = {
      load: (stream) => memory.load(stream),
      save: (snapshot) => {
        queuedAtSave.push(writer.queuedCommands);
        return memory.save(snapshot);
      },
    };
    const writer = await openWriter({
      store,
      snapshots,
      snapshotEveryEvents: 2,
      maxBatchCommands: 1,
    });
    await setUp(writer);
    queuedAtSave.length = 0;
    const release = holdAppends(control);
    const deposits = Array.from({ length: 30 }, (_, index) =>
      writer.submit(request(deposit(`busy-${index}`))),
    );
    release();
    await Promise.all(deposits);
    // Every interval of 2 events saw commands queued; the snapshot still came, 4 intervals late.
    expect(queuedAtSave.some((queued) => queued > 0)).toBe(true);
    expect(queuedAtSave.length).toBeGreaterThanOrEqual(3);
  });

  it("starts from a verified snapshot plus the tail", async () => {
    const store = createMemoryEventStore();
    const snapshots = createMemorySnapshotStore();
    const writer = await openWriter({ store, snapshots, snapshotEveryEvents: 10 });
    await setUp(writer);
    for (let index = 0; index < 25; index += 1)
      await writer.submit(request(deposit(`dep-${index}`)));
    expect(snapshots.saved).toBeGreaterThanOrEqual(2);
    const { store: spying, reads } = readSpy(store);
    const restarted = await openWriter({ store: spying, snapshots });
    // The snapshot holds the live state; older entries come back through the entry lookup.
    expect(liveState(restarted.current)).toEqual(liveState(writer.current));
    for (const [entryId, record] of writer.current.entries) {
      expect(await restarted.entryRecord(entryId)).toEqual(record);
    }
    expect(reads[0]).toBeGreaterThan(0n);
  });

  it("ignores a snapshot whose content no longer matches its checksum", async () => {
    const { store, snapshots, writer } = await ledgerWithSnapshot();
    const corrupt: SnapshotStore = {
      save: () => Promise.resolve(),
      load: async () => {
        const snapshot = await snapshots.load(streamId);
        if (snapshot === null) return null;
        const payload = snapshot.payload as { body: { chain: { lastHash: string } } };
        payload.body.chain.lastHash = "f".repeat(64);
        return snapshot;
      },
    };
    const { store: spying, reads } = readSpy(store);
    const fromCorrupt = await openWriter({ store: spying, snapshots: corrupt });
    expect(fromCorrupt.current).toEqual(writer.current);
    expect(reads[0]).toBe(0n); // replayed from genesis
    // The memory store copies on load: the corruption above did not reach the stored snapshot.
    const intact = await snapshots.load(streamId);
    expect(intact !== null && stateFromSnapshot(intact).ok).toBe(true);
  });

  it("ignores an intact snapshot that is not a state of this stream's history", async () => {
    const { store, snapshots, writer } = await ledgerWithSnapshot();
    const saved = await snapshots.load(streamId);
    if (saved === null) throw new Error("a snapshot was saved");
    const savedState = stateFromSnapshot(saved);
    if (!savedState.ok) throw new Error(savedState.reason);

    // 1. Another store holds a different history of the same ledger, longer than the
    //    snapshot: the event at the snapshot's revision exists but carries another hash.
    const foreign = createMemoryEventStore();
    const other = await openWriter({ store: foreign });
    await setUp(other);
    for (let index = 0; index < 30; index += 1)
      await other.submit(request(deposit(`other-${index}`, "2.00")));
    expect(other.current.chain.nextSequence).toBeGreaterThan(Number(saved.revision));
    const onForeign = await openWriter({ store: foreign, snapshots });
    expect(onForeign.current).toEqual(other.current);

    // 2. A well-formed snapshot (its checksum recomputed) claiming a last hash this stream
    //    never had, at a revision it does have: only the history check can refuse it.
    const forged: LedgerState = {
      ...savedState.state,
      chain: { ...savedState.state.chain, lastHash: "e".repeat(64) },
    };
    const forgedSnapshot = snapshotOf(streamId, forged);
    expect(stateFromSnapshot(forgedSnapshot).ok).toBe(true);
    const fromForged = await openWriter({
      store,
      snapshots: { save: () => Promise.resolve(), load: () => Promise.resolve(forgedSnapshot) },
    });
    expect(fromForged.current).toEqual(writer.current);

    // 3. The snapshot's stream is empty in this store.
    const empty = await openWriter({ store: createMemoryEventStore(), snapshots });
    expect(empty.current.chain.nextSequence).toBe(0);
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

/** A ledger of 28 events with snapshots saved along the way. */
async function ledgerWithSnapshot() {
  const store = createMemoryEventStore();
  const snapshots = createMemorySnapshotStore();
  const writer = await openWriter({ store, snapshots, snapshotEveryEvents: 10 });
  await setUp(writer);
  for (let index = 0; index < 25; index += 1) await writer.submit(request(deposit(`dep-${index}`)));
  expect(snapshots.saved).toBeGreaterThanOrEqual(2);
  return { store, snapshots, writer };
}

/** A store that records the first revision of every stream read. */
function readSpy(store: EventStore): { store: EventStore; reads: bigint[] } {
  const reads: bigint[] = [];
  const spying: EventStore = {
    appendLimits: store.appendLimits,
    append: (...args) => store.append(...args),
    readAll: (...args) => store.readAll(...args),
    countAll: (...args) => store.countAll(...args),
    readEntryEvents: (...args) => store.readEntryEvents(...args),
    subscribeToAll: (...args) => store.subscribeToAll(...args),
    close: () => store.close(),
    readStream: (stream, options) => {
      if (typeof options.fromRevision === "bigint") reads.push(options.fromRevision);
      return store.readStream(stream, options);
    },
  };
  return { store: spying, reads };
}

describe("snapshots", () => {
  it("round-trip the live part of any ledger state exactly (decided entries stay out)", () => {
    fc.assert(
      fc.property(historyArbitrary, (steps) => {
        const { state } = playHistory(steps);
        const restored = stateFromSnapshot(snapshotOf("ledger-prop", state));
        expect(restored.ok && restored.state).toEqual(liveState(state));
      }),
      { numRuns: 200 },
    );
  });
});
