// The contract's cases for atomic appends and append limits (part of describeEventStoreContract,
// which runs them against every adapter). Every append is atomic: an append within the store's
// `appendLimits` lands whole, one of even a byte or an event more is refused with
// AppendTooLargeError before anything is stored. No adapter may split an append: an atomic
// unit that landed half (EventStoreDB chunking, once) is exactly what these cases catch.
import { v4 as uuidv4 } from "uuid";
import { describe, expect, it } from "vitest";
import {
  AppendTooLargeError,
  appendedBytes,
  type EventStore,
  type EventToAppend,
} from "../../ledger-core/index.js";
import { MAX_APPEND_BYTES, MAX_APPEND_EVENTS } from "../shared/validation.js";

/** The largest event the exact-size appends use: several events, none of them huge. */
const MAX_TEST_EVENT_BYTES = 256 * 1024;

function blobEvent(blobLength: number): EventToAppend {
  return {
    id: uuidv4(),
    type: "TestBlob",
    version: 1,
    data: { blob: "x".repeat(blobLength) },
    metadata: { test: "append-limits" },
  };
}

/** Events whose appendedBytes add up to exactly `total`, each at most MAX_TEST_EVENT_BYTES. */
export function eventsOfBytes(total: number): EventToAppend[] {
  const base = appendedBytes(blobEvent(0));
  const count = Math.max(1, Math.ceil(total / MAX_TEST_EVENT_BYTES));
  const spare = total - count * base;
  if (spare < 0) throw new RangeError(`${total} bytes cannot hold ${count} events`);
  const each = Math.floor(spare / count);
  const events = Array.from({ length: count }, (_, index) =>
    blobEvent(index === count - 1 ? spare - each * (count - 1) : each),
  );
  const sum = events.reduce((bytes, event) => bytes + appendedBytes(event), 0);
  if (sum !== total) throw new RangeError(`built ${sum} bytes, wanted ${total}`);
  return events;
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
}

async function streamLength(store: EventStore, stream: string): Promise<number> {
  const read = await store.readStream(stream, {
    fromRevision: "start",
    direction: "forwards",
    maxCount: 10_000,
  });
  return read.length;
}

export function describeAppendLimitsContract(
  storeOf: () => EventStore,
  streamName: (suffix: string) => string,
): void {
  describe("atomic appends and append limits", () => {
    it("states limits within the shared ceilings", () => {
      const limits = storeOf().appendLimits;
      expect(Number.isSafeInteger(limits.maxEvents)).toBe(true);
      expect(limits.maxEvents).toBeGreaterThanOrEqual(1);
      expect(limits.maxEvents).toBeLessThanOrEqual(MAX_APPEND_EVENTS);
      expect(Number.isSafeInteger(limits.maxBytes)).toBe(true);
      expect(limits.maxBytes).toBeGreaterThanOrEqual(MAX_TEST_EVENT_BYTES);
      expect(limits.maxBytes).toBeLessThanOrEqual(MAX_APPEND_BYTES);
    });

    it("stores an append of exactly its byte limit whole, in one append", async () => {
      const store = storeOf();
      const stream = streamName("at-limit");
      await store.append(stream, eventsOfBytes(1_000), "no_stream");
      const events = eventsOfBytes(store.appendLimits.maxBytes);
      const result = await store.append(stream, events, 0n);
      expect(result.nextExpectedRevision).toBe(BigInt(events.length));
      const read = await store.readStream(stream, {
        fromRevision: 1n,
        direction: "forwards",
        maxCount: events.length + 1,
      });
      expect(read.map((event) => event.id)).toEqual(events.map((event) => event.id));
      expect(read.map((event) => event.revision)).toEqual(events.map((_, i) => BigInt(i + 1)));
      expect(read.at(-1)?.position).toBe(result.position);
    }, 60_000);

    it("refuses an append one byte over its limit and stores none of it", async () => {
      const store = storeOf();
      const stream = streamName("over-bytes");
      await store.append(stream, eventsOfBytes(1_000), "no_stream");
      const events = eventsOfBytes(store.appendLimits.maxBytes + 1);
      const error = await refusal(store.append(stream, events, 0n));
      expect(error).toBeInstanceOf(AppendTooLargeError);
      expect(error).toMatchObject({
        code: "append_too_large",
        events: events.length,
        bytes: store.appendLimits.maxBytes + 1,
      });
      expect(await streamLength(store, stream)).toBe(1);
      // Nothing moved: the same expected revision still holds for a smaller append.
      const next = await store.append(stream, events.slice(0, 1), 0n);
      expect(next.nextExpectedRevision).toBe(1n);
      const fresh = streamName("over-bytes-new");
      const first = await refusal(store.append(fresh, events, "no_stream"));
      expect(first).toBeInstanceOf(AppendTooLargeError);
      expect(await streamLength(store, fresh)).toBe(0);
    }, 60_000);

    it("refuses an append of one event more than its limit and stores none of it", async () => {
      const store = storeOf();
      const stream = streamName("over-events");
      const events = Array.from({ length: store.appendLimits.maxEvents + 1 }, () => blobEvent(0));
      const error = await refusal(store.append(stream, events, "no_stream"));
      expect(error).toBeInstanceOf(AppendTooLargeError);
      expect(error).toMatchObject({ code: "append_too_large", events: events.length });
      expect(await streamLength(store, stream)).toBe(0);
    });
  });
}
