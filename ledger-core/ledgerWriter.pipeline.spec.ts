// The writer's pipeline: while one group's append is in flight, the next group is decided on
// top of it, and appended once the first is durable. Nothing decided ahead is answered before
// the append under it is durable; when that append conflicts, fails or lands with an unknown
// outcome, the group decided ahead is decided again from the store's state. The property at the
// end drives random waves of commands through held and failing appends and checks that every
// acknowledged entry is stored exactly once and the writer's state is a replay of the store.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../event-store/index.js";
import type { Command } from "../schemas/index.js";
import type { Decision } from "./decision.js";
import type { EventStore } from "./eventStorePort.js";
import { LedgerWriter, WriterError } from "./ledgerWriter.js";
import {
  blockWith,
  deposit,
  hold,
  instrumented,
  ledgerId,
  request,
  setUp,
  storedStream,
  withdrawal,
  writerPool,
} from "./testing/writerFixtures.js";

const writers = writerPool();
const settle = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the writer's pipeline", () => {
  it("decides the next group while an append is in flight, and appends it right after", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    let clockReadings = 0;
    const clock = () => {
      clockReadings += 1;
      return Date.parse("2026-11-30T00:00:00Z");
    };
    // Two commands are a full group here: a full group waiting is decided ahead.
    const writer = await writers.open({ store, clock, maxBatchCommands: 2 });
    await setUp(writer);
    const { blocker, release } = await blockWith(writer, control, deposit("a"));
    const before = clockReadings;
    let answered = 0;
    const behind = ["b", "c"].map((id) =>
      writer.submit(request(deposit(id))).then((decision) => {
        answered += 1;
        return decision;
      }),
    );
    await settle();
    // Decided (the clock was read for them) while "a" is in flight, but not answered.
    expect(clockReadings).toBeGreaterThan(before);
    expect(answered).toBe(0);
    expect(control.log.length).toBe(4); // set-up (3) and "a": "b" and "c" wait for "a"
    release();
    expect((await blocker) as Decision).toMatchObject({ status: "accepted" });
    for (const decision of await Promise.all(behind)) expect(decision.status).toBe("accepted");
    const stored = await storedStream(store);
    const ids = stored.map((event) => (event.data as { entryId?: string }).entryId ?? null);
    expect(ids.slice(-3)).toEqual(["a", "b", "c"]);
    expect(stored.map((event) => event.revision)).toEqual(stored.map((_, index) => BigInt(index)));
  });

  it("decides no partial group ahead: it warms its entries and joins what arrives next", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    let clockReadings = 0;
    const clock = () => {
      clockReadings += 1;
      return Date.parse("2026-11-30T00:00:00Z");
    };
    const writer = await writers.open({ store, clock }); // a group takes 1,000 commands
    await setUp(writer);
    const { blocker, release } = await blockWith(writer, control, deposit("a"));
    const before = clockReadings;
    const behind = ["b", "c"].map((id) => writer.submit(request(deposit(id))));
    await settle();
    expect(clockReadings).toBe(before); // nothing decided while "a" appends
    release();
    await blocker;
    for (const decision of await Promise.all(behind)) expect(decision.status).toBe("accepted");
    // "b" and "c" went together in the one append after "a".
    expect(control.log.slice(4).map((events) => events.length)).toEqual([2]);
  });

  it("keeps closed-loop callers answered together in one group, not split in two", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await writers.open({ store, maxBatchWaitMs: 0 });
    await setUp(writer);
    const before = control.log.length;
    const caller = async (index: number) => {
      for (let round = 0; round < 5; round += 1) {
        await writer.submit(request(deposit(`c${index}-${round}`)));
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, index) => caller(index)));
    // Answered together, the eight queue again together: five groups of eight.
    expect(control.log.slice(before).map((events) => events.length)).toEqual([8, 8, 8, 8, 8]);
  });

  it("never answers what it decided ahead of an append that fails; it decides it again", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await writers.open({ store, maxBatchCommands: 2 });
    await setUp(writer);
    await writer.submit(request(deposit("funds", "10.00")));
    const { blocker, release } = await blockWith(writer, control, hold("h1", "4.00"));
    control.failBefore = 1; // the held append never reaches the store
    const dryRun = writer.dryRun([request({ type: "PostPending", pendingId: "h1" })]);
    const post = writer.submit(request({ type: "PostPending", pendingId: "h1" }));
    await settle();
    release();
    await expect(blocker).rejects.toMatchObject({ code: "append_failed" });
    // Decided ahead, the hold existed; decided again, it does not: that is the answer.
    const [dryOutcome] = (await dryRun).outcomes;
    expect(dryOutcome).toMatchObject({
      status: "rejected",
      rejection: { code: "pending_not_found" },
    });
    expect(await post).toMatchObject({
      status: "rejected",
      rejection: { code: "pending_not_found" },
    });
    expect(writer.current.openHolds.size).toBe(0);
  });

  it("decides nothing ahead of an append whose unknown outcome it is checking", async () => {
    const { store: inner, control } = instrumented(createMemoryEventStore());
    // The check of the append's last event (one event read) waits for `checked`.
    let check = (): void => undefined;
    const checked = new Promise<void>((resolve) => (check = resolve));
    const state = { checking: false };
    const store: EventStore = {
      ...inner,
      appendLimits: inner.appendLimits,
      async readStream(stream, options) {
        if (options.maxCount === 1 && control.failAfter === 0 && control.log.length >= 4) {
          state.checking = true;
          await checked;
        }
        return inner.readStream(stream, options);
      },
    };
    const writer = await writers.open({ store, maxBatchCommands: 1 });
    await setUp(writer);
    const { blocker, release } = await blockWith(writer, control, deposit("a"));
    control.failAfter = 1; // "a" is stored, then the connection reports an error
    release();
    for (let waited = 0; !state.checking && waited < 2_000; waited += 1) await settle(1);
    expect(state.checking).toBe(true);
    // The state is reloaded (with "a"); its outcome is not known yet. "b" arrives now.
    const behind = writer.submit(request(deposit("b")));
    await settle();
    check();
    expect((await blocker) as Decision).toMatchObject({ status: "accepted" });
    expect(await behind).toMatchObject({ status: "accepted" });
  });

  it("decides again what it decided ahead when another writer moved the stream", async () => {
    const shared = createMemoryEventStore();
    const { store, control } = instrumented(shared);
    const first = await writers.open({ store, maxBatchCommands: 1 });
    await setUp(first);
    await first.submit(request(deposit("funds", "5.00")));
    const second = await writers.open({ store: shared });
    const { blocker, release } = await blockWith(first, control, withdrawal("w1", "3.00"));
    const behind = first.submit(request(withdrawal("w2", "2.00")));
    await settle();
    // Meanwhile another writer spends 3.00 of the 5.00: w1 can no longer pass, w2 still can.
    expect((await second.submit(request(withdrawal("other", "3.00")))).status).toBe("accepted");
    release();
    const outcomes = [await blocker, await behind] as Decision[];
    expect(outcomes.map((decision) => decision.status)).toEqual(["rejected", "accepted"]);
    const reopened = await writers.open({ store: shared });
    const customer = reopened.current.accounts.get("cust");
    expect(customer?.postedCredits).toBe(500n);
    expect(customer?.postedDebits).toBe(500n);
  });
});

// ---- the property ----------------------------------------------------------------------------

type Step =
  | { readonly kind: "deposit"; readonly id: number; readonly cents: number }
  | { readonly kind: "withdrawal"; readonly id: number; readonly cents: number }
  | { readonly kind: "hold"; readonly id: number; readonly cents: number }
  | { readonly kind: "post"; readonly id: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("deposit" as const, "withdrawal" as const, "hold" as const),
    id: fc.nat(11),
    cents: fc.integer({ min: 1, max: 900 }),
  }),
  fc.record({ kind: fc.constant("post" as const), id: fc.nat(11) }),
);

interface Wave {
  readonly steps: readonly Step[];
  /** Hold the first append of the wave so the rest queue behind it. */
  readonly held: boolean;
  readonly fault: "none" | "before" | "after";
  /** maxBatchCommands of the writer (the first wave's): small groups keep the pipeline busy. */
  readonly groupSize: number;
}

const waveArbitrary: fc.Arbitrary<Wave> = fc.record({
  steps: fc.array(stepArbitrary, { minLength: 1, maxLength: 8 }),
  groupSize: fc.integer({ min: 1, max: 4 }),
  held: fc.boolean(),
  fault: fc.constantFrom("none" as const, "none" as const, "before" as const, "after" as const),
});

const amountOf = (cents: number) =>
  `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

function commandOf(step: Step): Command {
  switch (step.kind) {
    case "deposit":
      return deposit(`e${step.id}`, amountOf(step.cents));
    case "withdrawal":
      return withdrawal(`e${step.id}`, amountOf(step.cents));
    case "hold":
      return hold(`e${step.id}`, amountOf(step.cents));
    case "post":
      return { type: "PostPending", pendingId: `e${step.id}` };
  }
}

describe("the writer's pipeline, under random waves and faults", () => {
  it("stores every acknowledged entry once; its state is a replay of the store", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(waveArbitrary, { minLength: 1, maxLength: 6 }), async (waves) => {
        const shared = createMemoryEventStore();
        const { store, control } = instrumented(shared);
        const writer = await LedgerWriter.open({
          ledgerId,
          store,
          maxBatchWaitMs: 0,
          maxBatchCommands: waves[0]?.groupSize ?? 1,
        });
        await setUp(writer);
        const acknowledged: Decision[] = [];
        for (const [index, wave] of waves.entries()) {
          const blocked = wave.held ? await blockWith(writer, control, deposit(`x${index}`)) : null;
          if (wave.fault === "before") control.failBefore = 1;
          if (wave.fault === "after") control.failAfter = 1;
          const submitted = wave.steps.map((step) => writer.submit(request(commandOf(step))));
          if (blocked !== null) submitted.push(blocked.blocker as Promise<Decision>);
          const answers = submitted.map((answer) =>
            answer.catch((error: unknown) => {
              // Only a failed append fails its callers (and what was decided on it).
              expect(error).toBeInstanceOf(WriterError);
              expect(wave.fault).toBe("before");
              return null;
            }),
          );
          await settle(2);
          blocked?.release();
          // Retries arriving while the held append's outcome is checked (and reloaded).
          const retries = wave.steps.map((step) =>
            writer.submit(request(commandOf(step))).catch((error: unknown) => {
              expect(error).toBeInstanceOf(WriterError);
              expect(wave.fault).toBe("before");
              return null;
            }),
          );
          for (const decision of await Promise.all([...answers, ...retries])) {
            if (decision !== null) acknowledged.push(decision);
          }
          control.failBefore = 0;
          control.failAfter = 0;
        }
        await writer.close();
        const stored = await storedStream(shared);
        const hashes = stored.map((event) => (event.metadata as { hash: string }).hash);
        expect(new Set(hashes).size).toBe(hashes.length);
        for (const decision of acknowledged.filter((each) => each.status === "accepted")) {
          for (const event of decision.events) expect(hashes).toContain(event.metadata.hash);
        }
        const replayed = await LedgerWriter.open({ ledgerId, store: shared });
        expect(replayed.current.chain).toEqual(writer.current.chain);
        expect([...replayed.current.accounts.values()]).toEqual([
          ...writer.current.accounts.values(),
        ]);
        expect(replayed.current.openHolds).toEqual(writer.current.openHolds);
        await replayed.close();
      }),
      { numRuns: 40 },
    );
  });
});
