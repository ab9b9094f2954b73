// The projections' event reader over a real (memory) event store: a stored event that does not
// validate is a poison event named by position, stream, sequence and type; a shared reader
// serves runners that ask for the same position at once with one read, keeps a full page a
// moment for runners a little behind, and never keeps a short page (the head moves on).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../event-store/index.js";
import type { EventStore, ReadAllOptions } from "../ledger-core/index.js";
import { EventReader, PoisonEventError, SharedEventReader } from "./reader.js";
import { writeTestLedger } from "./testing/recordingProjection.js";

function counting(store: EventStore): { store: EventStore; reads: () => number } {
  let reads = 0;
  return {
    store: {
      ...store,
      readAll: (options: ReadAllOptions) => {
        reads += 1;
        return store.readAll(options);
      },
    },
    reads: () => reads,
  };
}

describe("EventReader", () => {
  it("names an event that does not validate as a poison event", async () => {
    const store = createMemoryEventStore();
    await writeTestLedger(store, "good", 2);
    await store.append(
      "ledger-bad",
      [
        {
          id: randomUUID(),
          type: "EntryPosted",
          version: 1,
          data: { nonsense: true },
          metadata: {},
        },
      ],
      "no_stream",
    );
    const error = await new EventReader(store).read("start", 100).then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(PoisonEventError);
    expect((error as PoisonEventError).poison).toMatchObject({
      streamId: "ledger-bad",
      ledgerId: "bad",
      sequence: 0,
      type: "EntryPosted",
    });
  });
});

describe("SharedEventReader", () => {
  it("reads a position once for runners that ask at once, and keeps full pages a moment", async () => {
    const memory = createMemoryEventStore();
    const events = await writeTestLedger(memory, "shared", 20);
    const { store, reads } = counting(memory);
    const reader = new SharedEventReader(store);

    const [first, second] = await Promise.all([reader.read("start", 10), reader.read("start", 10)]);
    expect(first).toHaveLength(10);
    expect(second).toBe(first);
    expect(reads()).toBe(1);
    expect(await reader.read("start", 10)).toBe(first); // a full page, a moment later
    expect(reads()).toBe(1);

    const from = first.at(-1)?.position ?? "start";
    const tail = await reader.read(from, 100);
    expect(tail).toHaveLength(events - 10);
    expect(reads()).toBe(2);
    // A short page is the head: asked again, it is read again, and sees what came since.
    await writeTestLedger(memory, "shared", 1, 20);
    expect(await reader.read(from, 100)).toHaveLength(events - 10 + 1);
    expect(reads()).toBe(3);
  });
});
