// The forwarding wire format: decisions (accepted, rejected, duplicate, batches) survive plain
// JSON exactly; toWire / fromWire give back any value of bigints, Maps, Sets and plain objects
// (keys that look like tags included); a dry run's state comes back equal; a WriterError
// reply is thrown with its code; routeToOwner gives up after MAX_FORWARD_ATTEMPTS.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../event-store/index.js";
import {
  decisionOf,
  dryRunOf,
  dryRunReply,
  errorReply,
  fromWire,
  MAX_FORWARD_ATTEMPTS,
  routeToOwner,
  toWire,
  type ForwardReply,
} from "./commandForwarding.js";
import type { Decision } from "./decision.js";
import { MemoryCommandForwarding } from "./testing/memoryCommandForwarding.js";
import { depositBatch, deposit, request, setUp, writerPool } from "./testing/writerFixtures.js";
import { WriterError } from "./writerOptions.js";

const pool = writerPool();
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Values as a ledger state holds them: bigints, Maps, Sets, nested in objects and arrays. */
const wireable = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.boolean(),
    fc.constant(null),
    fc.bigInt(),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom("$bigint", "$map", "$$set", "__proto__")),
      tie("value"),
      {
        maxKeys: 4,
        noNullPrototype: true,
      },
    ),
    fc.array(fc.tuple(fc.string(), tie("value")), { maxLength: 3 }).map((pairs) => new Map(pairs)),
    fc.array(fc.oneof(fc.string(), fc.bigInt()), { maxLength: 3 }).map((items) => new Set(items)),
  ),
}));

describe("the forwarding wire format", () => {
  it("gives back every value of bigints, Maps, Sets and objects through JSON", () => {
    fc.assert(
      fc.property(wireable.value, (value) => {
        expect(fromWire(json(toWire(value)))).toStrictEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it("carries decisions through plain JSON exactly", async () => {
    const writer = await pool.open({ store: createMemoryEventStore() });
    await setUp(writer);
    const decisions: Decision[] = [
      await writer.submit(request(deposit("a"))),
      await writer.submit(request(deposit("a"))),
      await writer.submit(request(deposit("a", "2.00"))),
      await writer.submit(request(depositBatch("b", 3, { note: "x" }))),
    ];
    expect(decisions.map((decision) => decision.status)).toEqual([
      "accepted",
      "duplicate",
      "rejected",
      "accepted",
    ]);
    for (const decision of decisions) {
      expect(decisionOf(json({ kind: "decision", decision }))).toStrictEqual(decision);
    }
  });

  it("carries a dry run, state and refusals included", async () => {
    const writer = await pool.open({ store: createMemoryEventStore() });
    await setUp(writer);
    const result = await writer.dryRun([request(deposit("d", "3.00")), request(deposit("e"))]);
    const back = dryRunOf(json(dryRunReply(result)));
    expect(back).toStrictEqual(result);
    expect(back.state.accounts.get("cust")?.postedCredits).toBe(400n);
    const refused = { ...result, outcomes: [new WriterError("event_invalid", "no")] };
    const [outcome] = dryRunOf(json(dryRunReply(refused))).outcomes;
    expect(outcome).toBeInstanceOf(WriterError);
    expect(outcome).toMatchObject({ code: "event_invalid", message: "no" });
  });

  it("throws the owner's WriterError with its code, and an unknown one as writer_failed", () => {
    const reply = json(errorReply(new WriterError("lease_lost", "gone")));
    expect(() => decisionOf(reply)).toThrow(expect.objectContaining({ code: "lease_lost" }));
    const odd: ForwardReply = {
      kind: "error",
      error: { code: "made_up" as "overloaded", message: "?" },
    };
    expect(() => dryRunOf(odd)).toThrow(expect.objectContaining({ code: "writer_failed" }));
    const wrongKind: ForwardReply = {
      kind: "decision",
      decision: { status: "duplicate", events: [], sequence: 1 },
    };
    expect(() => dryRunOf(wrongKind)).toThrow(expect.objectContaining({ code: "forward_failed" }));
  });

  it("refuses not_owner after MAX_FORWARD_ATTEMPTS rounds of nobody and someone else", async () => {
    let rounds = 0;
    const forwarding = new MemoryCommandForwarding();
    const attempt = routeToOwner({
      forwarding,
      ledgerId: "l",
      message: { kind: "submit", request: request(deposit("x")) },
      ownedHere: () => false,
      local: () => {
        rounds += 1;
        return Promise.reject(new WriterError("not_owner", "taken"));
      },
      fromReply: decisionOf,
    });
    await expect(attempt).rejects.toMatchObject({ code: "not_owner" });
    expect(rounds).toBe(MAX_FORWARD_ATTEMPTS);
  });
});
