// Specs for evolve(): it applies decided events and asserts what a corrupt stream would break
// (sequence gaps, broken prevHash links, an id decided twice, a hold resolved twice, unknown
// rejection codes) by throwing InvariantViolation. Also: decide never mutates its state.
import { describe, expect, it } from "vitest";
import type { Command } from "../schemas/index.js";
import { InvariantViolation } from "./assert.js";
import { decide } from "./decide.js";
import { sealEvents, type EventDraft } from "./decision.js";
import { evolve } from "./evolve.js";
import { contextAt, event, given, SPEC_EPOCH } from "./testing/deciderSpec.js";
import { leg } from "./testing/expected.js";
import {
  bankWithAccounts,
  CASH,
  createBankLedger,
  credit,
  CUSTOMER,
  debit,
  deposit,
  MERCHANT,
  pendEntry,
  postEntry,
} from "./testing/fixtures.js";
import type { LedgerState } from "./state.js";

const now = Date.parse(SPEC_EPOCH);

function sealedAt(head: LedgerState["chain"], drafted: EventDraft) {
  const [sealed] = sealEvents(head, [drafted], contextAt(now));
  if (sealed === undefined) throw new Error("one draft seals to one event");
  return sealed;
}

const closed = event("PeriodClosed", { upTo: "2026-01-31T23:59:59.000Z" });

describe("evolve: the chain", () => {
  it("advances the chain head to the event's sequence and hash", () => {
    const state = given(createBankLedger).snapshot();
    const sealed = sealedAt(state.chain, closed);
    evolve(state, sealed);
    expect(state.chain).toEqual({ nextSequence: 2, lastHash: sealed.metadata.hash });
    expect(state.closedThroughMs).toBe(Date.parse("2026-01-31T23:59:59.000Z"));
  });

  it("throws InvariantViolation on a sequence gap", () => {
    const state = given(createBankLedger).snapshot();
    const skipping = sealedAt({ ...state.chain, nextSequence: 2 }, closed);
    expect(() => evolve(state, skipping)).toThrow(InvariantViolation);
    expect(() => evolve(state, skipping)).toThrow("event sequence 2 does not follow 0");
  });

  it("throws InvariantViolation on an event applied twice", () => {
    const state = given(createBankLedger).snapshot();
    const sealed = sealedAt(state.chain, closed);
    evolve(state, sealed);
    expect(() => evolve(state, sealed)).toThrow(InvariantViolation);
  });

  it("throws InvariantViolation on a broken prevHash link", () => {
    const state = given(createBankLedger).snapshot();
    const unlinked = sealedAt({ ...state.chain, lastHash: "f".repeat(64) }, closed);
    expect(() => evolve(state, unlinked)).toThrow(InvariantViolation);
    expect(() => evolve(state, unlinked)).toThrow("event 1 does not link to the chain head");
  });
});

describe("evolve: records are decided once", () => {
  const posted = event("EntryPosted", {
    entryId: "dup-entry",
    effectiveAt: SPEC_EPOCH,
    description: "",
    postings: [leg(CASH, "debit", "1", "USD"), leg(MERCHANT, "credit", "1", "USD")],
    metadata: {},
    fingerprint: "b".repeat(64),
    reversalOf: null,
  });

  it("throws InvariantViolation when an entry id is decided twice", () => {
    const state = given(...bankWithAccounts).snapshot();
    evolve(state, sealedAt(state.chain, posted));
    expect(() => evolve(state, sealedAt(state.chain, posted))).toThrow(
      "entry id dup-entry is decided once",
    );
  });

  it("throws InvariantViolation when a hold is resolved twice", () => {
    const state = given(
      ...bankWithAccounts,
      pendEntry("auth-1", 60, debit(CASH, "1.00"), credit(MERCHANT, "1.00")),
      { type: "VoidPending", pendingId: "auth-1" },
    ).snapshot();
    const again = sealedAt(state.chain, event("PendingExpired", { pendingId: "auth-1" }));
    expect(() => evolve(state, again)).toThrow("hold auth-1 is resolved once");
  });

  it("throws InvariantViolation on a rejection code the core does not know", () => {
    const state = given(createBankLedger).snapshot();
    const unknown = event("EntryRejected", {
      entryId: "x",
      fingerprint: "c".repeat(64),
      code: "insufficient_vibes",
      message: "",
    });
    expect(() => evolve(state, sealedAt(state.chain, unknown))).toThrow(InvariantViolation);
  });

  it("throws InvariantViolation on an event naming an unknown account", () => {
    const state = given(createBankLedger).snapshot();
    expect(() => evolve(state, sealedAt(state.chain, posted))).toThrow(
      `event names unknown account ${CASH}`,
    );
  });
});

describe("decide never mutates the state it is given", () => {
  const commands: Command[] = [
    deposit("dep-2", "5.00"),
    postEntry("bad", debit(CASH, "1.00"), credit(CUSTOMER, "2.00")),
    { type: "PostPending", pendingId: "auth-1", amount: "1.00" },
    { type: "VoidPending", pendingId: "auth-1" },
    { type: "ExpirePending", pendingId: "auth-1" },
    { type: "ReverseEntry", entryId: "rev-1", reversalOf: "dep-1" },
    { type: "CloseAccount", accountId: MERCHANT },
    { type: "UpdateAccount", accountId: CUSTOMER, expectedVersion: 1, metadata: { kyc: "ok" } },
    { type: "ClosePeriod", upTo: "2026-03-01T00:00:00Z" },
    {
      type: "AtomicBatch",
      commands: [
        { type: "PostPending", pendingId: "auth-1" },
        { type: "ReverseEntry", entryId: "rev-2", reversalOf: "dep-1" },
        deposit("dep-3", "1.00"),
      ],
    },
    {
      type: "AtomicBatch",
      commands: [deposit("dep-4", "1.00"), { type: "VoidPending", pendingId: "nope" }],
    },
  ];

  it.each(commands.map((command) => [command.type, command] as const))(
    "%s leaves the state exactly as it was",
    (_type, command) => {
      const state = given(
        ...bankWithAccounts,
        deposit("dep-1", "10.00"),
        pendEntry("auth-1", 60, debit(CUSTOMER, "2.00"), credit(MERCHANT, "2.00")),
      ).snapshot();
      const before = structuredClone(state);
      const decision = decide(state, command, contextAt(now + 120_000));
      expect(state).toEqual(before);
      expect(decision.status).toBeDefined();
    },
  );
});
