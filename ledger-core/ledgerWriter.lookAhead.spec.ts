// The writer's look-ahead: while a group's append is in flight, the entries that the commands
// queued behind it name are looked up in the store as the pipeline decides the next group
// (writerPipeline.ts), so no lookup waits for the append. And answers are the same as without
// it, even when the window is too small to keep what it loaded.
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../event-store/index.js";
import type { EventStore } from "./eventStorePort.js";
import {
  blockWith,
  deposit,
  instrumented,
  request,
  setUp,
  writerPool,
  type StoreControl,
} from "./testing/writerFixtures.js";

const writers = writerPool();

interface Lookup {
  readonly ids: readonly string[];
  /** An append was in flight when the lookup was asked. */
  readonly duringAppend: boolean;
}

/** The instrumented store, also recording each entry lookup and whether an append was in flight. */
function lookupsRecorded(): { store: EventStore; control: StoreControl; lookups: Lookup[] } {
  const { store, control } = instrumented(createMemoryEventStore());
  const lookups: Lookup[] = [];
  let appending = 0;
  const recording: EventStore = {
    ...store,
    appendLimits: store.appendLimits,
    async append(...args) {
      appending += 1;
      try {
        return await store.append(...args);
      } finally {
        appending -= 1;
      }
    },
    readEntryEvents(streamId, entryIds) {
      lookups.push({ ids: [...entryIds], duringAppend: appending > 0 });
      return store.readEntryEvents(streamId, entryIds);
    },
  };
  return { store: recording, control, lookups };
}

const OLD = 20;
const old = (index: number) => `old-${index}`;

async function postOldEntries(submit: (id: string) => Promise<unknown>): Promise<void> {
  for (let index = 0; index < OLD; index += 1) await submit(old(index));
}

describe("the writer's look-ahead", () => {
  it("looks up the next group's old entries while this group's append is in flight", async () => {
    const { store, control, lookups } = lookupsRecorded();
    const writer = await writers.open({ store, maxCachedEntries: 10 });
    await setUp(writer);
    await postOldEntries((id) => writer.submit(request(deposit(id))));
    const start = lookups.length;
    const { blocker, release } = await blockWith(writer, control, deposit("blocker"));
    const retries = [0, 1, 2].map((index) => writer.submit(request(deposit(old(index)))));
    const conflict = writer.submit(request(deposit(old(3), "9.99")));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = lookups.length;
    release();
    await blocker;
    const named = (lookup: Lookup) => lookup.ids.some((id) => id.startsWith("old-"));
    const ahead = lookups.slice(start, before).filter(named);
    expect(ahead.length).toBeGreaterThan(0);
    expect(ahead.every((lookup) => lookup.duringAppend)).toBe(true);
    expect(ahead.flatMap((lookup) => lookup.ids)).toEqual(
      expect.arrayContaining([old(0), old(1), old(2), old(3)]),
    );
    for (const retry of retries) expect((await retry).status).toBe("duplicate");
    const refused = await conflict;
    expect(refused.status === "rejected" && refused.rejection.code).toBe("id_conflict");
    // The next group found every record in its window: no lookup after the append.
    expect(lookups.slice(before).filter(named)).toEqual([]);
  });

  it("answers exactly as without it when the window cannot keep what it loaded", async () => {
    const { store, control, lookups } = lookupsRecorded();
    const writer = await writers.open({ store, maxCachedEntries: 1 });
    await setUp(writer);
    await postOldEntries((id) => writer.submit(request(deposit(id))));
    const { blocker, release } = await blockWith(writer, control, deposit("blocker"));
    const retries = Array.from({ length: OLD }, (_, index) =>
      writer.submit(request(deposit(old(index), index % 2 === 0 ? "1.00" : "2.00"))),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const during = lookups.some((lookup) => lookup.duringAppend);
    release();
    await blocker;
    const answers = await Promise.all(retries);
    answers.forEach((answer, index) => {
      if (index % 2 === 0) expect(answer.status, old(index)).toBe("duplicate");
      else expect(answer.status === "rejected" && answer.rejection.code).toBe("id_conflict");
    });
    expect(during).toBe(true);
    expect(writer.current.entries.size).toBeLessThanOrEqual(1 + writer.current.openHolds.size);
  });
});
