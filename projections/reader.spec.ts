// The projections' event reader over a real (memory) event store: a stored event that does not
// validate is a poison event named by position, stream, sequence and type; a shared reader
// serves runners that ask for the same position at once with one read, keeps a full page a
// moment for runners a little behind, and never keeps a short page (the head moves on).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../event-store/index.js";
import type { EventStore, ReadAllOptions } from "../ledger-core/index.js";
import { fromStoredEvent, type StoredEvent } from "../ledger-core/index.js";
import { decodeEntryPosted, EventReader, PoisonEventError, SharedEventReader } from "./reader.js";
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

/** A valid EntryPosted as the writer stores it. */
function storedEntry(): StoredEvent {
  return {
    id: randomUUID(),
    streamId: "ledger-l",
    revision: 7n,
    position: "p",
    storedAt: new Date(),
    type: "EntryPosted",
    version: 1,
    data: {
      entryId: "entry:1",
      effectiveAt: "2026-11-29T10:00:00.000Z",
      description: "rent",
      postings: [
        { accountId: "acct:1", side: "debit", amount: "1250", currency: "USD" },
        { accountId: "acct:2", side: "credit", amount: "1250", currency: "USD" },
      ],
      metadata: {},
      fingerprint: "f".repeat(64),
      reversalOf: null,
    },
    metadata: {
      sequence: 7,
      recordedAt: "2026-11-29T10:00:01.000Z",
      actor: "api",
      correlationId: "c",
      causationId: null,
      prevHash: "0".repeat(64),
      hash: "a".repeat(64),
    },
  };
}

const FIELDS = [
  ["data", "entryId"],
  ["data", "effectiveAt"],
  ["data", "description"],
  ["data", "postings"],
  ["data", "postings", 0],
  ["data", "postings", 1, "accountId"],
  ["data", "postings", 0, "side"],
  ["data", "postings", 0, "amount"],
  ["data", "postings", 1, "currency"],
  ["data", "metadata"],
  ["data", "fingerprint"],
  ["data", "reversalOf"],
  ["data", "extra"],
  ["data", "postings", 0, "extra"],
  ["metadata", "sequence"],
  ["metadata", "recordedAt"],
  ["metadata", "actor"],
  ["metadata", "correlationId"],
  ["metadata", "causationId"],
  ["metadata", "prevHash"],
  ["metadata", "hash"],
  ["metadata", "extra"],
] as const;

const VALUES: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  8,
  7,
  true,
  "",
  "x",
  "entry:2",
  "a b",
  "\u0000",
  "\ud800",
  "é",
  "x".repeat(129),
  "x".repeat(201),
  "x".repeat(600),
  "1".repeat(39),
  "0",
  "01",
  "-5",
  "debit",
  "credit",
  "EUR",
  "usd",
  "U",
  "b".repeat(64),
  "B".repeat(64),
  "b".repeat(63),
  "2026-02-30T10:00:00.000Z",
  "2024-02-29T10:00:00.000Z",
  "2100-02-29T10:00:00.000Z",
  "2000-02-29T23:59:59.999Z",
  "2026-04-31T10:00:00.000Z",
  "2026-13-01T10:00:00.000Z",
  "2026-00-01T10:00:00.000Z",
  "2026-11-00T10:00:00.000Z",
  "2026-11-29T24:00:00.000Z",
  "2026-11-29T23:60:00.000Z",
  "2026-11-29T23:59:60.000Z",
  "1970-01-01T00:00:00.000Z",
  "9999-12-31T23:59:59.999Z",
  "0999-12-31T23:59:59.999Z",
  "2026-11-29T10:00:00Z",
  "2026-11-29T10:00:00.000+01:00",
  "1969-12-31T23:59:59.999Z",
  "2026-11-29 10:00:00.000Z",
  {},
  { k: "v" },
  [],
  [{ accountId: "acct:3", side: "debit", amount: "5", currency: "USD" }],
  Object.create(null) as unknown,
];

/** `event` with the value at `path` replaced by `value` (deleted if undefined). */
function mutated(path: readonly (string | number)[], value: unknown): StoredEvent {
  const event = structuredClone(storedEntry()) as unknown as Record<string | number, unknown>;
  let target = event;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? "";
  if (value === undefined) Reflect.deleteProperty(target, last);
  else target[last] = value;
  return event as unknown as StoredEvent;
}

function zodDecodes(stored: StoredEvent): string | null {
  try {
    return JSON.stringify(fromStoredEvent(stored));
  } catch {
    return null;
  }
}

describe("decodeEntryPosted", () => {
  it("decodes the writer's canonical EntryPosted exactly as zod does", () => {
    const stored = storedEntry();
    expect(JSON.stringify(decodeEntryPosted(stored))).toBe(zodDecodes(stored));
  });

  it("never accepts what the schema refuses, and agrees with it on what it accepts", () => {
    let refusedByZod = 0;
    let decidedByZod = 0;
    const cases = FIELDS.flatMap((path) => VALUES.map((value) => mutated(path, value)));
    cases.push({ ...storedEntry(), revision: 8n }, { ...storedEntry(), version: 2 });
    cases.push({ ...storedEntry(), type: "EntryPended" });
    for (const stored of cases) {
      const expected = zodDecodes(stored);
      const fast = decodeEntryPosted(stored);
      if (expected === null) refusedByZod += 1;
      if (fast === undefined) decidedByZod += 1;
      else expect({ stored, fast: JSON.stringify(fast) }).toEqual({ stored, fast: expected });
    }
    expect(refusedByZod).toBeGreaterThan(700);
    expect(decidedByZod).toBeLessThan(cases.length);
  });
});
