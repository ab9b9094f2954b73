// Given/when/then specs for AtomicBatch: every part applies or none does; each part sees the
// parts before it; a failing part rejects the batch with details.index, and the batch's new
// entry ids are spent (the failing part's own code, batch_rejected for its aborted siblings).
import { describe, expect, it } from "vitest";
import type { AtomicBatch, BatchableCommand } from "../schemas/index.js";
import { fingerprintOf } from "./fingerprint.js";
import { event, given, rejectedEarlier } from "./testing/deciderSpec.js";
import { entryPended, entryPosted, entryRejected, leg } from "./testing/expected.js";
import {
  bankWithAccounts,
  CASH,
  credit,
  CUSTOMER,
  debit,
  deposit,
  FIRST_FREE_SEQUENCE,
  MERCHANT,
  pendEntry,
  postEntry,
} from "./testing/fixtures.js";

function batch(...commands: BatchableCommand[]): AtomicBatch {
  return { type: "AtomicBatch", commands };
}

const zero = { postedDebits: "0", postedCredits: "0", pendingDebits: "0", pendingCredits: "0" };

describe("AtomicBatch: all parts apply", () => {
  it("applies the parts in order, each seeing the ones before it", () => {
    const pay = deposit("b-1", "50.00");
    const spend = postEntry("b-2", debit(CUSTOMER, "50.00"), credit(MERCHANT, "50.00"));
    given(...bankWithAccounts)
      .when(batch(pay, spend))
      .thenEvents(
        entryPosted(pay, [
          leg(CASH, "debit", "5000", "USD"),
          leg(CUSTOMER, "credit", "5000", "USD"),
        ]),
        entryPosted(spend, [
          leg(CUSTOMER, "debit", "5000", "USD"),
          leg(MERCHANT, "credit", "5000", "USD"),
        ]),
      )
      .thenAccount(CUSTOMER, { ...zero, postedDebits: "5000", postedCredits: "5000" });
  });

  it("can pend a hold and post it in the same batch", () => {
    const hold = pendEntry("b-auth", 600, debit(CASH, "5.00"), credit(MERCHANT, "5.00"));
    const capture = { type: "PostPending", pendingId: "b-auth" } as const;
    given(...bankWithAccounts)
      .when(batch(hold, capture))
      .thenEvents(
        entryPended(
          hold,
          [leg(CASH, "debit", "500", "USD"), leg(MERCHANT, "credit", "500", "USD")],
          "2026-03-02T09:10:00.000Z",
        ),
        event("PendingPosted", {
          pendingId: "b-auth",
          effectiveAt: "2026-03-02T09:00:00.000Z",
          postings: [leg(CASH, "debit", "500", "USD"), leg(MERCHANT, "credit", "500", "USD")],
          fingerprint: fingerprintOf(capture),
        }),
      )
      .thenAccount(MERCHANT, { ...zero, postedCredits: "500" });
  });

  it("writes only the new parts when some parts were decided before", () => {
    const known = deposit("dep-1", "1.00");
    const fresh = deposit("dep-2", "2.00");
    given(...bankWithAccounts, known)
      .when(batch(known, fresh))
      .thenEvents(
        entryPosted(fresh, [
          leg(CASH, "debit", "200", "USD"),
          leg(CUSTOMER, "credit", "200", "USD"),
        ]),
      );
  });

  it("is a duplicate when every part is a duplicate, answering the first part's sequence", () => {
    const whole = batch(deposit("b-1", "1.00"), deposit("b-2", "2.00"));
    given(...bankWithAccounts, whole)
      .when(whole)
      .thenDuplicate(FIRST_FREE_SEQUENCE);
  });
});

describe("AtomicBatch: one part fails, nothing applies", () => {
  const first = deposit("b-1", "10.00");
  const unbalanced = postEntry("b-2", debit(CASH, "1.00"), credit(CUSTOMER, "0.99"));
  const after = deposit("b-3", "1.00");
  const failing = batch(first, unbalanced, after);

  it("rejects with the part's code and index, spending every new id", () => {
    const outcome = given(...bankWithAccounts).when(failing);
    outcome
      .thenRejected("unbalanced", { currency: "USD", difference: "0.01", index: 1 })
      .recording(
        entryRejected(first, "batch_rejected", "batch rejected: command #1 failed with unbalanced"),
        entryRejected(unbalanced, "unbalanced", "USD debits exceed the other side by 0.01"),
        entryRejected(after, "batch_rejected", "batch rejected: command #1 failed with unbalanced"),
      )
      .thenAccount(CASH, zero)
      .thenAccount(CUSTOMER, zero);
    expect(outcome.decision.status === "rejected" && outcome.decision.rejection.message).toBe(
      "batch command #1: USD debits exceed the other side by 0.01",
    );
  });

  it("answers a retried aborted sibling with batch_rejected, writing nothing", () => {
    given(...bankWithAccounts, rejectedEarlier(failing))
      .when(first)
      .thenRejected("batch_rejected", { entryId: "b-1", rejectedAtSequence: FIRST_FREE_SEQUENCE })
      .writingNothing();
  });

  it("refuses the whole batch sent again, writing nothing", () => {
    given(...bankWithAccounts, rejectedEarlier(failing))
      .when(failing)
      .thenRejected("batch_rejected", {
        entryId: "b-1",
        rejectedAtSequence: FIRST_FREE_SEQUENCE,
        index: 0,
      })
      .writingNothing();
  });

  it("sees earlier parts only: spending before the deposit overdraws (exceeds_credits)", () => {
    const spend = postEntry("b-spend", debit(CUSTOMER, "5.00"), credit(MERCHANT, "5.00"));
    const pay = deposit("b-pay", "5.00");
    given(...bankWithAccounts)
      .when(batch(spend, pay))
      .thenRejected("exceeds_credits", {
        accountId: CUSTOMER,
        currency: "USD",
        limit: "0.00",
        required: "5.00",
        index: 0,
      })
      .recording(
        entryRejected(
          spend,
          "exceeds_credits",
          `account ${CUSTOMER}: debits would exceed the limit of 0.00 USD`,
        ),
        entryRejected(
          pay,
          "batch_rejected",
          "batch rejected: command #0 failed with exceeds_credits",
        ),
      );
  });

  it("spends the siblings' ids when a hold resolution fails (it has no id of its own)", () => {
    const pay = deposit("b-1", "1.00");
    given(...bankWithAccounts)
      .when(batch(pay, { type: "VoidPending", pendingId: "no-such-hold" }))
      .thenRejected("pending_not_found", { pendingId: "no-such-hold", index: 1 })
      .recording(
        entryRejected(
          pay,
          "batch_rejected",
          "batch rejected: command #1 failed with pending_not_found",
        ),
      );
  });

  it("does not record the failing part when its refusal is id_conflict", () => {
    const pay = deposit("b-1", "1.00");
    given(...bankWithAccounts, deposit("dep-1", "1.00"))
      .when(batch(pay, deposit("dep-1", "9.00")))
      .thenRejected("id_conflict", { entryId: "dep-1", sequence: FIRST_FREE_SEQUENCE, index: 1 })
      .recording(
        entryRejected(pay, "batch_rejected", "batch rejected: command #1 failed with id_conflict"),
      );
  });

  it("refuses a batch before the ledger exists (ledger_not_found), writing nothing", () => {
    given().when(failing).thenRejected("ledger_not_found", {}).writingNothing();
  });
});
