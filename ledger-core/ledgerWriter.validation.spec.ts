// The writer never acknowledges what it could not read back: a request whose actor or ids the
// event schema would refuse is refused at once, and a command whose decided events would not
// validate is refused alone — either way with `event_invalid`, while the other commands of the
// same group commit are stored and answered. Afterwards a new writer (what a restart or a
// projection does) reads the whole stream back.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../event-store/index.js";
import type { Command } from "../schemas/index.js";
import { verifyStoredChain } from "./hashChain.js";
import { WriterError, type CommandRequest } from "./ledgerWriter.js";
import {
  blockWith,
  deposit,
  instrumented,
  request,
  setUp,
  storedStream,
  writerPool,
} from "./testing/writerFixtures.js";

const writers = writerPool();
const numRuns = Number(process.env.PROPERTY_RUNS ?? 200);

async function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    (decision) => (decision as { status: string }).status,
    (error: unknown) => (error instanceof WriterError ? error.code : String(error)),
  );
}

/** Commands that pass the type checker but not the event schema once decided. */
const invalidCommands: Command[] = [
  { ...deposit("x"), entryId: "" },
  {
    type: "OpenAccount",
    accountId: "ghost",
    currency: "USD",
    accountType: "liability",
    metadata: { note: 5 as unknown as string },
  },
  deposit("long-key", "1.00", { ["k".repeat(65)]: "v" }),
  { type: "AtomicBatch", commands: [deposit("part-ok"), { ...deposit("y"), entryId: "bad id" }] },
];

describe("event validation in the writer", () => {
  it("refuses at once a request whose actor or ids the event schema would refuse", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await writers.open({ store });
    await setUp(writer);
    const { blocker, release } = await blockWith(writer, control, deposit("blocker"));
    const bad: CommandRequest[] = [
      { command: deposit("b-1"), actor: "", correlationId: "c" },
      { command: deposit("b-2"), actor: "spec", correlationId: "c".repeat(300) },
      { command: deposit("b-3"), actor: "a".repeat(201), correlationId: "c" },
      { command: deposit("b-4"), actor: "spec\u0000", correlationId: "c" },
      { command: deposit("b-5"), actor: "spec", correlationId: "half \ud800" },
      { command: deposit("b-6"), actor: "spec", correlationId: "c", causationId: "z".repeat(201) },
    ];
    const good: CommandRequest[] = [
      { command: deposit("g-1"), actor: "a".repeat(200), correlationId: "c".repeat(200) },
      { command: deposit("g-2"), actor: "spec", correlationId: "", causationId: "z".repeat(200) },
      { command: deposit("g-3"), actor: "käse 😀", correlationId: "c", causationId: null },
    ];
    const answers = [...bad, ...good].map((req) => outcome(writer.submit(req)));
    release();
    expect(await outcome(blocker)).toBe("accepted");
    expect(await Promise.all(answers)).toEqual([
      ...bad.map(() => "event_invalid"),
      ...good.map(() => "accepted"),
    ]);
    expect(control.log.at(-1)).toHaveLength(good.length); // the good ones, in one append
    const reopened = await writers.open({ store });
    expect(reopened.current).toEqual(writer.current);
  });

  it("refuses alone a command whose decided events would not validate", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await writers.open({ store });
    await setUp(writer);
    const { blocker, release } = await blockWith(writer, control, deposit("blocker"));
    const before = control.log.length;
    const commands: Command[] = [
      deposit("ok-1"),
      ...invalidCommands,
      // Decided without the refused OpenAccount: its account does not exist.
      {
        ...deposit("to-ghost"),
        postings: [
          ...deposit("g").postings.slice(0, 1),
          { accountId: "ghost", side: "credit", amount: "1.00" },
        ],
      },
      deposit("ok-2"),
    ];
    const answers = commands.map((command) => outcome(writer.submit(request(command))));
    release();
    expect(await outcome(blocker)).toBe("accepted");
    expect(await Promise.all(answers)).toEqual([
      "accepted",
      ...invalidCommands.map(() => "event_invalid"),
      "rejected",
      "accepted",
    ]);
    expect(control.log.length).toBe(before + 1); // one group commit for all of them
    const stored = await storedStream(store);
    expect(verifyStoredChain(stored).ok).toBe(true); // every stored event validates
    expect(stored.map((event) => event.type).slice(-3)).toEqual([
      "EntryPosted",
      "EntryRejected",
      "EntryPosted",
    ]);
    // Nothing of a refused command was decided: its ids are free, its account unknown.
    expect(writer.current.entries.has("part-ok")).toBe(false);
    expect(writer.current.accounts.has("ghost")).toBe(false);
    expect(await outcome(writer.submit(request(deposit("part-ok"))))).toBe("accepted");
    const reopened = await writers.open({ store });
    expect(reopened.current).toEqual(writer.current);
  });

  it("acknowledges exactly the requests within the metadata limits, and reads them all back", async () => {
    const edgy = (max: number) =>
      fc.oneof(
        fc.string({ unit: "binary", maxLength: max + 20 }),
        fc.string({ unit: "grapheme", maxLength: max + 5 }),
        fc.constantFrom("", "\u0000", "ok\u0000", "\ud800", "x\udfff", "😀"),
        fc.constantFrom(max - 1, max, max + 1).map((length) => "a".repeat(length)),
      );
    const context = fc.record({
      actor: edgy(200),
      correlationId: edgy(200),
      causationId: fc.option(edgy(200), { nil: null }),
    });
    // NUL and unpaired surrogates (\p{Cs} with the u flag) cannot be stored by PostgreSQL.
    const storable = (text: string) => !/\p{Cs}/u.test(text) && !text.includes("\u0000");
    const within = (text: string, min: number) =>
      text.length >= min && text.length <= 200 && storable(text);
    await fc.assert(
      fc.asyncProperty(fc.array(context, { minLength: 1, maxLength: 6 }), async (contexts) => {
        const store = createMemoryEventStore();
        const writer = await writers.open({ store });
        await setUp(writer);
        const answers = await Promise.all(
          contexts.map((ctx, index) =>
            outcome(writer.submit({ command: deposit(`p-${index}`), ...ctx })),
          ),
        );
        contexts.forEach((ctx, index) => {
          const valid =
            within(ctx.actor, 1) &&
            within(ctx.correlationId, 0) &&
            (ctx.causationId === null || within(ctx.causationId, 0));
          expect(answers[index]).toBe(valid ? "accepted" : "event_invalid");
        });
        const reopened = await writers.open({ store });
        expect(reopened.current).toEqual(writer.current);
        expect(verifyStoredChain(await storedStream(store)).ok).toBe(true);
      }),
      { numRuns },
    );
  });
});
