// The one contract suite every EventStore adapter must pass. `describeEventStoreContract`
// registers vitest tests against a store made by the given factory; each adapter's spec
// calls it. Tests use fresh random stream ids (and filter the global order by a per-test
// prefix), so they share one store and tolerate other data in it. The cases for atomic appends
// and append limits are in appendLimitsContract.ts.
import { v4 as uuidv4 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MAX_ENTRY_LOOKUP,
  WrongExpectedRevisionError,
  type EventStore,
  type EventToAppend,
  type StoredEvent,
  type Subscription,
} from "../../ledger-core/index.js";
import { EventStoreError } from "../errors.js";
import { describeAppendLimitsContract } from "./appendLimitsContract.js";

/** How long a test waits for a subscription to deliver what it expects. */
export const DELIVERY_TIMEOUT_MS = 15_000;
/** How long a test watches a subscription to show that nothing more arrives. */
export const QUIET_PERIOD_MS = 400;
const CONCURRENT_WRITERS = 8;
const APPENDS_PER_WRITER = 10;
const EVENTS_PER_APPEND = 3;
const CONTENDED_ROUNDS = 5;

export type EventStoreFactory = () => Promise<EventStore>;

/** What an adapter guarantees beyond the port's minimum; the suite tests only what is claimed. */
export interface EventStoreCapabilities {
  /** Event ids are unique across the whole store (postgres, memory), not just per retry (ESDB). */
  readonly uniqueEventIds: boolean;
}

export function makeEvents(count: number, tag = "test"): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => ({
    id: uuidv4(),
    type: "TestEvent",
    version: 1,
    data: { tag, index, amount: "12345", nested: { flag: true, none: null } },
    metadata: { correlationId: tag },
  }));
}

export function uniquePrefix(): string {
  return `test-${uuidv4().slice(0, 8)}-`;
}

/** Pulls the next `count` events from a subscription, failing after DELIVERY_TIMEOUT_MS. */
export async function take(
  iterator: AsyncIterator<StoredEvent>,
  count: number,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<StoredEvent[]> {
  const received: StoredEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (received.length < count) {
    const next = await nextWithin(iterator, deadline - Date.now());
    if (next === "timeout") {
      throw new Error(`subscription delivered ${received.length} of ${count} events in time`);
    }
    if (next.done === true) throw new Error("subscription ended early");
    received.push(next.value);
  }
  return received;
}

/** next() calls that lost a race against a timeout: the next wait reuses them, so no event is lost. */
const pendingNext = new WeakMap<AsyncIterator<StoredEvent>, Promise<IteratorResult<StoredEvent>>>();

/** The iterator's next result, or "timeout" if none arrives within `ms`. */
export async function nextWithin(
  iterator: AsyncIterator<StoredEvent>,
  ms: number,
): Promise<IteratorResult<StoredEvent> | "timeout"> {
  const next = pendingNext.get(iterator) ?? iterator.next();
  pendingNext.set(iterator, next);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(
      () => {
        resolve("timeout");
      },
      Math.max(ms, 0),
    );
  });
  try {
    const result = await Promise.race([next, timeout]);
    if (result !== "timeout") pendingNext.delete(iterator);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

async function expectConflict(
  promise: Promise<unknown>,
  actual: bigint | "no_stream",
): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect((error as WrongExpectedRevisionError).code).toBe("wrong_expected_revision");
  expect((error as WrongExpectedRevisionError).actual).toBe(actual);
}

async function expectStoreError(promise: Promise<unknown>, code: string): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(EventStoreError);
  expect((error as EventStoreError).code).toBe(code);
}

function ids(events: readonly { id: string }[]): string[] {
  return events.map((event) => event.id.toLowerCase());
}

export function describeEventStoreContract(
  name: string,
  factory: EventStoreFactory,
  capabilities: EventStoreCapabilities = { uniqueEventIds: true },
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    const subscriptions: Subscription[] = [];
    const subscribe = (prefix: string, fromPosition: string = "start") => {
      const subscription = store.subscribeToAll({ fromPosition, filter: { streamPrefix: prefix } });
      subscriptions.push(subscription);
      return subscription[Symbol.asyncIterator]();
    };

    beforeAll(async () => {
      store = await factory();
    });
    afterAll(async () => {
      await Promise.all(subscriptions.map((subscription) => subscription.close()));
      await store.close();
    });

    describe("append and expected revisions", () => {
      it("no_stream creates a stream once; 0-based revisions", async () => {
        const stream = `${uniquePrefix()}s`;
        const result = await store.append(stream, makeEvents(2), "no_stream");
        expect(result.nextExpectedRevision).toBe(1n);
        expect(typeof result.position).toBe("string");
        await expectConflict(store.append(stream, makeEvents(1), "no_stream"), 1n);
      });

      it("stream_exists refuses a missing stream and accepts an existing one", async () => {
        const stream = `${uniquePrefix()}s`;
        await expectConflict(store.append(stream, makeEvents(1), "stream_exists"), "no_stream");
        await store.append(stream, makeEvents(1), "no_stream");
        const result = await store.append(stream, makeEvents(1), "stream_exists");
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it("an exact revision must equal the stream's last revision", async () => {
        const stream = `${uniquePrefix()}s`;
        await expectConflict(store.append(stream, makeEvents(1), 0n), "no_stream");
        await store.append(stream, makeEvents(3), "no_stream");
        await expectConflict(store.append(stream, makeEvents(1), 1n), 2n);
        await expectConflict(store.append(stream, makeEvents(1), 3n), 2n);
        const result = await store.append(stream, makeEvents(2), 2n);
        expect(result.nextExpectedRevision).toBe(4n);
      });

      it("any appends to missing and existing streams", async () => {
        const stream = `${uniquePrefix()}s`;
        expect((await store.append(stream, makeEvents(1), "any")).nextExpectedRevision).toBe(0n);
        expect((await store.append(stream, makeEvents(2), "any")).nextExpectedRevision).toBe(2n);
      });

      it("appended events read back exactly as written", async () => {
        const stream = `${uniquePrefix()}s`;
        const events = makeEvents(2, "roundtrip");
        const before = Date.now();
        const result = await store.append(stream, events, "no_stream");
        const read = await store.readStream(stream, {
          fromRevision: "start",
          direction: "forwards",
          maxCount: 10,
        });
        expect(
          read.map(({ id, type, version, data, metadata }) => ({
            id,
            type,
            version,
            data,
            metadata,
          })),
        ).toEqual(events);
        expect(read.map((event) => event.revision)).toEqual([0n, 1n]);
        expect(read.every((event) => event.streamId === stream)).toBe(true);
        expect(read.at(-1)?.position).toBe(result.position);
        expect(read[0]?.storedAt.getTime()).toBeGreaterThan(before - 60_000);
      });

      it("refuses malformed appends with invalid_argument", async () => {
        const stream = `${uniquePrefix()}s`;
        await expectStoreError(store.append(stream, [], "any"), "invalid_argument");
        const [event] = makeEvents(1);
        if (event === undefined) throw new Error("no event");
        await expectStoreError(
          store.append(stream, [{ ...event, id: "not-a-uuid" }], "any"),
          "invalid_argument",
        );
        await expectStoreError(store.append(stream, [event, event], "any"), "invalid_argument");
        await expectStoreError(store.append(stream, makeEvents(1), -1n), "invalid_argument");
      });
    });

    describe("idempotent retries", () => {
      it("the same ids at the same revisions return the first result and write nothing", async () => {
        const stream = `${uniquePrefix()}s`;
        await store.append(stream, makeEvents(1), "no_stream");
        const events = makeEvents(3);
        const first = await store.append(stream, events, 0n);
        const again = await store.append(stream, events, 0n);
        expect(again).toEqual(first);
        const viaAny = await store.append(stream, events, "any");
        expect(viaAny).toEqual(first);
        const read = await store.readStream(stream, {
          fromRevision: "start",
          direction: "forwards",
          maxCount: 100,
        });
        expect(read).toHaveLength(4);
      });

      it("a retried first append with no_stream is idempotent too", async () => {
        const stream = `${uniquePrefix()}s`;
        const events = makeEvents(2);
        const first = await store.append(stream, events, "no_stream");
        expect(await store.append(stream, events, "no_stream")).toEqual(first);
      });

      it("a retry with a stale expected revision is a conflict", async () => {
        const stream = `${uniquePrefix()}s`;
        const events = makeEvents(2);
        await store.append(stream, events, "no_stream");
        await store.append(stream, makeEvents(1), 1n);
        await expectConflict(store.append(stream, events, 1n), 2n);
      });

      it.skipIf(!capabilities.uniqueEventIds)(
        "stored ids at other revisions or streams are refused with event_id_conflict",
        async () => {
          const stream = `${uniquePrefix()}s`;
          const events = makeEvents(2);
          await store.append(stream, events, "no_stream");
          await store.append(stream, makeEvents(1), 1n);
          await expectStoreError(store.append(stream, events, 2n), "event_id_conflict");
          await expectStoreError(
            store.append(`${uniquePrefix()}other`, events, "any"),
            "event_id_conflict",
          );
          const [fresh] = makeEvents(1);
          const [stored] = events;
          if (fresh === undefined || stored === undefined) throw new Error("no event");
          await expectStoreError(store.append(stream, [fresh, stored], 2n), "event_id_conflict");
          const read = await store.readStream(stream, {
            fromRevision: "start",
            direction: "forwards",
            maxCount: 100,
          });
          expect(read).toHaveLength(3);
        },
      );
    });

    describe("readStream", () => {
      let stream: string;
      let written: EventToAppend[];
      beforeAll(async () => {
        stream = `${uniquePrefix()}read`;
        written = makeEvents(12);
        await store.append(stream, written.slice(0, 4), "no_stream");
        await store.append(stream, written.slice(4), 3n);
      });

      it("reads forwards from a revision with a limit", async () => {
        const read = await store.readStream(stream, {
          fromRevision: 2n,
          direction: "forwards",
          maxCount: 3,
        });
        expect(read.map((event) => event.revision)).toEqual([2n, 3n, 4n]);
        expect(ids(read)).toEqual(ids(written.slice(2, 5)));
      });

      it("reads backwards from a revision and from the end", async () => {
        const fromSix = await store.readStream(stream, {
          fromRevision: 6n,
          direction: "backwards",
          maxCount: 3,
        });
        expect(fromSix.map((event) => event.revision)).toEqual([6n, 5n, 4n]);
        const fromEnd = await store.readStream(stream, {
          fromRevision: "end",
          direction: "backwards",
          maxCount: 2,
        });
        expect(fromEnd.map((event) => event.revision)).toEqual([11n, 10n]);
        const fromStart = await store.readStream(stream, {
          fromRevision: "start",
          direction: "backwards",
          maxCount: 5,
        });
        expect(fromStart.map((event) => event.revision)).toEqual([0n]);
      });

      it("forwards from the end returns the last event; past the end returns nothing", async () => {
        const fromEnd = await store.readStream(stream, {
          fromRevision: "end",
          direction: "forwards",
          maxCount: 5,
        });
        expect(fromEnd.map((event) => event.revision)).toEqual([11n]);
        const past = await store.readStream(stream, {
          fromRevision: 12n,
          direction: "forwards",
          maxCount: 5,
        });
        expect(past).toEqual([]);
        const all = await store.readStream(stream, {
          fromRevision: "start",
          direction: "forwards",
          maxCount: 100,
        });
        expect(ids(all)).toEqual(ids(written));
      });

      it("a missing stream reads empty; a bad maxCount is refused", async () => {
        const missing = `${uniquePrefix()}missing`;
        expect(
          await store.readStream(missing, {
            fromRevision: "start",
            direction: "forwards",
            maxCount: 5,
          }),
        ).toEqual([]);
        expect(
          await store.readStream(missing, {
            fromRevision: "end",
            direction: "backwards",
            maxCount: 5,
          }),
        ).toEqual([]);
        await expectStoreError(
          store.readStream(stream, { fromRevision: "start", direction: "forwards", maxCount: 0 }),
          "invalid_argument",
        );
      });
    });

    describe("readEntryEvents", () => {
      const entryEvent = (data: Record<string, string | null>): EventToAppend => ({
        id: uuidv4(),
        type: "TestEntryEvent",
        version: 1,
        data: { ...data, note: "x" },
        metadata: { correlationId: "entries" },
      });

      it("finds the events naming an id as entryId, pendingId or reversalOf, in order", async () => {
        const stream = `${uniquePrefix()}entries`;
        const other = `${uniquePrefix()}entries`;
        await store.append(
          stream,
          [
            entryEvent({ entryId: "a", reversalOf: null }),
            entryEvent({ entryId: "h" }),
            entryEvent({ entryId: "b", reversalOf: "a" }),
            entryEvent({ pendingId: "h" }),
            entryEvent({ entryId: "c", reversalOf: null }),
          ],
          "no_stream",
        );
        await store.append(other, [entryEvent({ entryId: "a", reversalOf: null })], "no_stream");
        const revisions = async (ids: string[]) =>
          (await store.readEntryEvents(stream, ids)).map((event) => event.revision);
        expect(await revisions(["a"])).toEqual([0n, 2n]);
        expect(await revisions(["h"])).toEqual([1n, 3n]);
        expect(await revisions(["c", "a", "a"])).toEqual([0n, 2n, 4n]);
        expect(await revisions(["never", "note", "x"])).toEqual([]);
        expect(await revisions([])).toEqual([]);
        expect(await store.readEntryEvents(`${uniquePrefix()}missing`, ["a"])).toEqual([]);
        const [found] = await store.readEntryEvents(other, ["a"]);
        expect(found?.data).toEqual({ entryId: "a", reversalOf: null, note: "x" });
      });

      it("refuses more ids than one lookup may name", async () => {
        const tooMany = Array.from({ length: MAX_ENTRY_LOOKUP + 1 }, (_, i) => `id-${i}`);
        await expectStoreError(store.readEntryEvents("any", tooMany), "invalid_argument");
      });
    });

    describe("readAll", () => {
      it("reads all streams in global order, filtered by prefix, page by page", async () => {
        const prefix = uniquePrefix();
        const written: string[] = [];
        for (let round = 0; round < 3; round += 1) {
          for (const name of ["a", "b", "c"]) {
            const events = makeEvents(2);
            await store.append(`${prefix}${name}`, events, "any");
            written.push(...ids(events));
          }
        }
        await store.append(`${uniquePrefix()}elsewhere`, makeEvents(2), "any");

        const read: StoredEvent[] = [];
        let from: string = "start";
        for (;;) {
          const page = await store.readAll({
            fromPosition: from,
            maxCount: 4,
            filter: { streamPrefix: prefix },
          });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(4);
          read.push(...page);
          from = page.at(-1)?.position ?? from;
        }
        expect(ids(read)).toEqual(written);
        expect(read.every((event) => event.streamId.startsWith(prefix))).toBe(true);
        const positions = read.map((event) => event.position);
        expect([...positions].sort()).toEqual(positions);
        expect(new Set(positions).size).toBe(positions.length);
      });

      it("reads past more events of other streams than a page holds", async () => {
        const prefix = uniquePrefix();
        const first = makeEvents(1);
        const last = makeEvents(1);
        await store.append(`${prefix}x`, first, "any");
        for (let round = 0; round < 4; round += 1) {
          await store.append(`${uniquePrefix()}noise`, makeEvents(3), "any");
        }
        await store.append(`${prefix}x`, last, "any");
        // From the start: every event other tests wrote before these is skipped too.
        const page = await store.readAll({
          fromPosition: "start",
          maxCount: 2,
          filter: { streamPrefix: prefix },
        });
        expect(ids(page)).toEqual([...ids(first), ...ids(last)]);
        const after = await store.readAll({
          fromPosition: page[0]?.position ?? "start",
          maxCount: 2,
          filter: { streamPrefix: prefix },
        });
        expect(ids(after)).toEqual(ids(last));
      });

      it("counts the backlog after a position, up to a limit", async () => {
        const prefix = uniquePrefix();
        await store.append(`${prefix}x`, makeEvents(1), "any");
        const [mark] = await store.readAll({
          fromPosition: "start",
          maxCount: 1,
          filter: { streamPrefix: prefix },
        });
        const from = mark?.position ?? "start";
        expect(await store.countAll({ fromPosition: from, limit: 100 })).toBe(0);
        await store.append(`${prefix}x`, makeEvents(3), "any");
        await store.append(`${uniquePrefix()}noise`, makeEvents(3), "any");
        await store.append(`${prefix}y`, makeEvents(2), "any");
        const filter = { streamPrefix: prefix };
        expect(await store.countAll({ fromPosition: from, filter, limit: 100 })).toBe(5);
        expect(await store.countAll({ fromPosition: from, limit: 100 })).toBe(8);
        expect(await store.countAll({ fromPosition: from, limit: 4 })).toBe(4);
        expect(await store.countAll({ fromPosition: from, filter, limit: 6 })).toBe(3);
        await expectStoreError(
          store.countAll({ fromPosition: from, limit: 0 }),
          "invalid_argument",
        );
      });

      it("refuses a position it did not issue", async () => {
        await expectStoreError(
          store.readAll({ fromPosition: "nonsense", maxCount: 1 }),
          "invalid_position",
        );
      });
    });

    describe("subscribeToAll", () => {
      it("catches up, then follows live appends", async () => {
        const prefix = uniquePrefix();
        const early = makeEvents(3);
        await store.append(`${prefix}x`, early, "no_stream");
        const iterator = subscribe(prefix);
        expect(ids(await take(iterator, 3))).toEqual(ids(early));
        const late = makeEvents(2);
        await store.append(`${prefix}y`, late, "no_stream");
        expect(ids(await take(iterator, 2))).toEqual(ids(late));
      });

      it("resumes from a checkpoint with no gap and no duplicate", async () => {
        const prefix = uniquePrefix();
        const events = makeEvents(6);
        await store.append(`${prefix}x`, events.slice(0, 3), "no_stream");
        await store.append(`${prefix}y`, events.slice(3), "no_stream");
        const first = subscribe(prefix);
        const head = await take(first, 2);
        const checkpoint = head.at(-1)?.position;
        if (checkpoint === undefined) throw new Error("no checkpoint");
        await first.return?.();

        const resumed = subscribe(prefix, checkpoint);
        const tail = await take(resumed, 4);
        expect([...ids(head), ...ids(tail)]).toEqual(ids(events));
        expect(await nextWithin(resumed, QUIET_PERIOD_MS)).toBe("timeout");
      });

      it(`delivers ${CONCURRENT_WRITERS} concurrent writers' events exactly once, each stream in order`, async () => {
        const prefix = uniquePrefix();
        const iterator = subscribe(prefix);
        const writers = Array.from({ length: CONCURRENT_WRITERS }, async (_, writer) => {
          const stream = `${prefix}w${writer}`;
          let expected: bigint | "no_stream" = "no_stream";
          for (let round = 0; round < APPENDS_PER_WRITER; round += 1) {
            const result = await store.append(stream, makeEvents(EVENTS_PER_APPEND), expected);
            expected = result.nextExpectedRevision;
          }
        });
        const total = CONCURRENT_WRITERS * APPENDS_PER_WRITER * EVENTS_PER_APPEND;
        const [received] = await Promise.all([take(iterator, total), Promise.all(writers)]);

        expect(new Set(ids(received)).size).toBe(total);
        const revisionsByStream = new Map<string, bigint[]>();
        for (const event of received) {
          revisionsByStream.set(event.streamId, [
            ...(revisionsByStream.get(event.streamId) ?? []),
            event.revision,
          ]);
        }
        const perStream = APPENDS_PER_WRITER * EVENTS_PER_APPEND;
        expect(revisionsByStream.size).toBe(CONCURRENT_WRITERS);
        for (const revisions of revisionsByStream.values()) {
          expect(revisions).toEqual(Array.from({ length: perStream }, (_, index) => BigInt(index)));
        }
        expect(await nextWithin(iterator, QUIET_PERIOD_MS)).toBe("timeout");
      });

      it("ends the iteration when closed", async () => {
        const prefix = uniquePrefix();
        const subscription = store.subscribeToAll({
          fromPosition: "start",
          filter: { streamPrefix: prefix },
        });
        const iterator = subscription[Symbol.asyncIterator]();
        const pending = iterator.next();
        await subscription.close();
        expect((await pending).done).toBe(true);
      });
    });

    describeAppendLimitsContract(
      () => store,
      (suffix) => `${uniquePrefix()}${suffix}`,
    );

    describe("concurrent writers on one stream", () => {
      it("exactly one writer wins each revision", async () => {
        const stream = `${uniquePrefix()}contended`;
        for (let round = 0; round < CONTENDED_ROUNDS; round += 1) {
          const expected = round === 0 ? "no_stream" : BigInt(round - 1);
          const outcomes = await Promise.allSettled(
            Array.from({ length: CONCURRENT_WRITERS }, () =>
              store.append(stream, makeEvents(1), expected),
            ),
          );
          const winners = outcomes.filter((outcome) => outcome.status === "fulfilled");
          const losers = outcomes.filter((outcome) => outcome.status === "rejected");
          expect(winners).toHaveLength(1);
          expect(winners[0]?.value.nextExpectedRevision).toBe(BigInt(round));
          for (const loser of losers) {
            expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
          }
        }
        const read = await store.readStream(stream, {
          fromRevision: "start",
          direction: "forwards",
          maxCount: 100,
        });
        expect(read.map((event) => event.revision)).toEqual(
          Array.from({ length: CONTENDED_ROUNDS }, (_, index) => BigInt(index)),
        );
      });
    });
  });
}
