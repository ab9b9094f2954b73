// Group commit within the store's limits: a group holds whole commands (an AtomicBatch is one
// unit) within the commands, events and bytes one append may carry; what does not fit waits for
// the next group; a command too large for any append is refused alone (`command_too_large`)
// and the others of its group commit. Checked on what the store actually received.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../event-store/index.js";
import { ESDB_APPEND_LIMITS } from "../event-store/eventstoredb/eventStoreDbEventStore.js";
import type { Command } from "../schemas/index.js";
import { appendedBytes, type EventToAppend } from "./eventStorePort.js";
import { planGroups, type GroupLimits, type UnitSize } from "./groupCommit.js";
import { verifyStoredChain } from "./hashChain.js";
import { WriterError } from "./ledgerWriter.js";
import {
  blockWith,
  deposit,
  depositBatch,
  instrumented,
  request,
  setUp,
  storedStream,
  withdrawal,
  writerPool,
  type StoreControl,
} from "./testing/writerFixtures.js";

const writers = writerPool();
const numRuns = Number(process.env.PROPERTY_RUNS ?? 100);

const correlationOf = (event: EventToAppend) =>
  (event.metadata as { correlationId: string }).correlationId;

/** The appends after `from`, each as the correlation ids of its commands, in order. */
function appendedCommands(control: StoreControl, from: number): string[][] {
  return control.log.slice(from).map((events) => {
    const ids: string[] = [];
    for (const event of events)
      if (ids.at(-1) !== correlationOf(event)) ids.push(correlationOf(event));
    return ids;
  });
}

/** Checks that no command's events are split: each command's events are in one append, together. */
function expectWholeUnits(control: StoreControl, from: number, limits: GroupLimits): void {
  const seen = new Set<string>();
  for (const ids of appendedCommands(control, from)) {
    for (const id of ids) {
      expect(seen.has(id), `${id} appears in two places`).toBe(false);
      seen.add(id);
    }
  }
  for (const events of control.log.slice(from)) {
    expect(events.length).toBeLessThanOrEqual(limits.maxEvents);
    expect(events.reduce((sum, event) => sum + appendedBytes(event), 0)).toBeLessThanOrEqual(
      limits.maxBytes,
    );
  }
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    (decision) => (decision as { status: string }).status,
    (error: unknown) => (error instanceof WriterError ? error.code : String(error)),
  );
}

describe("group commit limits", () => {
  it("commits eleven concurrent 1,000-entry atomic batches and one small entry", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await writers.open({ store });
    await setUp(writer);
    const from = control.log.length;
    const batches = Array.from({ length: 11 }, (_, index) => depositBatch(`b${index}`, 1_000));
    const answers = await Promise.all([
      ...batches.map((batch, index) => outcome(writer.submit(request(batch, `batch-${index}`)))),
      outcome(writer.submit(request(deposit("small"), "small"))),
    ]);
    expect(answers).toEqual(Array(12).fill("accepted"));
    expectWholeUnits(control, from, writer.groupLimits);
    expect(control.log.slice(from).flat()).toHaveLength(11_001);
    expect(appendedCommands(control, from).flat().sort()).toEqual(
      [...batches.map((_, index) => `batch-${index}`), "small"].sort(),
    );
    const stored = await storedStream(store);
    expect(verifyStoredChain(stored).ok).toBe(true);
    expect(writer.current.accounts.get("cust")?.postedCredits).toBe(11_001n * 100n);
  });

  it("refuses alone a command too large for any append; the others of its group commit", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await writers.open({ store, maxBatchEvents: 50, maxBatchBytes: 64 * 1024 });
    await setUp(writer);
    const { blocker, release } = await blockWith(writer, control, deposit("blocker"));
    const from = control.log.length;
    const bigMetadata = { note: "n".repeat(4_000) };
    const commands: [Command, string][] = [
      [deposit("ok-1"), "accepted"],
      [depositBatch("too-many-events", 51), "command_too_large"],
      [depositBatch("at-event-limit", 50), "accepted"],
      [depositBatch("too-many-bytes", 20, bigMetadata), "command_too_large"],
      [deposit("big-but-fits", "1.00", bigMetadata), "accepted"],
      [deposit("ok-2"), "accepted"],
    ];
    const answers = commands.map(([command], index) =>
      outcome(writer.submit(request(command, `c-${index}`))),
    );
    release();
    expect(await outcome(blocker)).toBe("accepted");
    expect(await Promise.all(answers)).toEqual(commands.map(([, expected]) => expected));
    expectWholeUnits(control, from, writer.groupLimits);
    // The refused commands wrote nothing and spent no id.
    const appended = appendedCommands(control, from).flat();
    expect(appended).not.toContain("c-1");
    expect(appended).not.toContain("c-3");
    expect(writer.current.entries.has("too-many-events-0")).toBe(false);
    expect(await outcome(writer.submit(request(deposit("too-many-bytes-3"))))).toBe("accepted");
    const reopened = await writers.open({ store });
    expect(reopened.current).toEqual(writer.current);
  });

  it("never asks for more than the store allows, whatever its options say", async () => {
    const store = createMemoryEventStore({ appendLimits: ESDB_APPEND_LIMITS });
    const writer = await writers.open({ store, maxBatchEvents: 20_000, maxBatchBytes: 2 ** 40 });
    expect(writer.groupLimits).toEqual({
      maxCommands: 1_000,
      maxEvents: ESDB_APPEND_LIMITS.maxEvents,
      maxBytes: ESDB_APPEND_LIMITS.maxBytes,
    });
  });

  it("on a store with EventStoreDB's limits, splits a group between atomic units, never inside one", async () => {
    const { store, control } = instrumented(
      createMemoryEventStore({ appendLimits: ESDB_APPEND_LIMITS }),
    );
    const writer = await writers.open({ store });
    await setUp(writer);
    const from = control.log.length;
    const metadata = { note: "m".repeat(1_000) };
    const commands: [Command, string][] = [
      ...Array.from({ length: 5 }, (_, index): [Command, string] => [
        depositBatch(`esdb-${index}`, 300, metadata),
        "accepted",
      ]),
      [deposit("between"), "accepted"],
      [depositBatch("esdb-huge", 1_000, metadata), "command_too_large"],
      [depositBatch("esdb-last", 300, metadata), "accepted"],
    ];
    const answers = await Promise.all(
      commands.map(([command], index) => outcome(writer.submit(request(command, `e-${index}`)))),
    );
    expect(answers).toEqual(commands.map(([, expected]) => expected));
    expectWholeUnits(control, from, ESDB_APPEND_LIMITS as GroupLimits);
    expect(control.log.length - from).toBeGreaterThan(3); // the batches needed several appends
    expect(verifyStoredChain(await storedStream(store)).ok).toBe(true);
  });
});

/** A command of the property: deposits, batches, refused entries and batches, duplicates. */
const commandArbitrary = fc.oneof(
  fc.record({ kind: fc.constant("deposit" as const), note: fc.nat(600) }),
  fc.record({
    kind: fc.constant("batch" as const),
    parts: fc.integer({ min: 1, max: 16 }),
    note: fc.nat(300),
  }),
  fc.record({
    kind: fc.constant("rejectedBatch" as const),
    parts: fc.integer({ min: 1, max: 8 }),
    note: fc.nat(300),
  }),
  fc.record({ kind: fc.constant("overdraft" as const), note: fc.constant(0) }),
  fc.record({ kind: fc.constant("invalid" as const), note: fc.constant(0) }),
  fc.record({ kind: fc.constant("again" as const), note: fc.constant(0) }),
);
type Generated = typeof commandArbitrary extends fc.Arbitrary<infer T> ? T : never;

function commandOf(spec: Generated, index: number): Command {
  const metadata = spec.note > 0 ? { note: "n".repeat(spec.note) } : undefined;
  switch (spec.kind) {
    case "deposit":
      return deposit(`d-${index}`, "1.00", metadata);
    case "batch":
      return depositBatch(`b-${index}`, spec.parts, metadata);
    case "rejectedBatch":
      return {
        type: "AtomicBatch",
        commands: [
          ...(depositBatch(`r-${index}`, spec.parts, metadata) as { commands: Command[] }).commands,
          withdrawal(`r-${index}-x`, "1000000.00"),
        ],
      } as Command;
    case "overdraft":
      return withdrawal(`o-${index}`, "1000000.00");
    case "invalid":
      return { ...deposit("i"), entryId: "" };
    case "again":
      return deposit(`d-${Math.max(0, index - 1)}`);
  }
}

describe("group commit (property)", () => {
  it("appends whole commands within the limits, grouped as planGroups says", async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.boolean().chain((clean) =>
          fc.record({
            // Clean runs: nothing can be refused, so the groups must be exactly the plan.
            limits: fc.record({
              maxCommands: fc.integer({ min: 1, max: 6 }),
              maxEvents: clean ? fc.integer({ min: 17, max: 40 }) : fc.integer({ min: 1, max: 24 }),
              maxBytes: clean
                ? fc.integer({ min: 20_000, max: 60_000 })
                : fc.integer({ min: 800, max: 12_000 }),
            }),
            specs: fc.array(
              clean ? commandArbitrary.filter((spec) => spec.kind !== "invalid") : commandArbitrary,
              { minLength: 1, maxLength: 14 },
            ),
          }),
        ),
        async ({ limits, specs }) => {
          const { store, control } = instrumented(createMemoryEventStore());
          const writer = await writers.open({
            store,
            maxBatchCommands: limits.maxCommands,
            maxBatchEvents: limits.maxEvents,
            maxBatchBytes: limits.maxBytes,
            maxQueuedCommands: 100,
          });
          await setUp(writer);
          const from = control.log.length;
          const answers = await Promise.all(
            specs.map((spec, index) =>
              outcome(writer.submit(request(commandOf(spec, index), `p-${index}`))),
            ),
          );
          expectWholeUnits(control, from, { ...limits });
          specs.forEach((spec, index) => {
            const answer = answers[index];
            if (spec.kind === "invalid") expect(answer).toBe("event_invalid");
            else
              expect(["accepted", "rejected", "duplicate", "command_too_large"]).toContain(answer);
          });
          // Sizes of what was decided, from what the store received (0 for a duplicate).
          const sizes = new Map<string, UnitSize>();
          for (const event of control.log.slice(from).flat()) {
            const size = sizes.get(correlationOf(event)) ?? { events: 0, bytes: 0 };
            sizes.set(correlationOf(event), {
              events: size.events + 1,
              bytes: size.bytes + appendedBytes(event),
            });
          }
          const refused = answers.some(
            (answer) => answer === "event_invalid" || answer === "command_too_large",
          );
          if (refused) return; // a refused command takes its place in the queue: no exact plan
          compared += 1;
          const ids = specs.map((_, index) => `p-${index}`);
          const plan = planGroups(
            ids.map((id) => sizes.get(id) ?? { events: 0, bytes: 0 }),
            limits,
          );
          expect(plan.tooLarge).toEqual([]);
          const expected = plan.groups
            .map((group) => group.map((index) => ids[index] ?? "").filter((id) => sizes.has(id)))
            .filter((group) => group.length > 0);
          expect(appendedCommands(control, from)).toEqual(expected);
          expect(verifyStoredChain(await storedStream(store)).ok).toBe(true);
        },
      ),
      { numRuns },
    );
    expect(compared).toBeGreaterThan(numRuns / 4);
  });
});
