// Given/when/then specs for two-phase entries: TigerBeetle's worked example (post in full,
// post in part with the rest released, void) with the four counters, partial posting leg by
// leg, expiry after the timeout, and every refusal a hold's resolution can meet.
import { describe, it } from "vitest";
import { fingerprintOf } from "./fingerprint.js";
import { clockAdvancedBy, event, given } from "./testing/deciderSpec.js";
import { entryPended, leg } from "./testing/expected.js";
import {
  bankWithAccounts,
  credit,
  CUSTOMER,
  debit,
  deposit,
  FEES,
  MERCHANT,
  openAccount,
  pendEntry,
} from "./testing/fixtures.js";
import type { PostPending } from "../schemas/index.js";

const JPY_PAYER = "cust:0099:jpy";
const JPY_PAYEE = "merchant:0100:jpy";
const jpyLedger = [
  ...bankWithAccounts,
  openAccount(JPY_PAYER, "JPY", "asset"),
  openAccount(JPY_PAYEE, "JPY", "liability"),
] as const;
/** TigerBeetle's example: a pending transfer of 123 from the debit to the credit account. */
const hold123 = pendEntry("tb-hold-123", 3600, debit(JPY_PAYER, "123"), credit(JPY_PAYEE, "123"));
const HOLD_SEQUENCE = jpyLedger.length;

function postPending(
  pendingId: string,
  extra: Omit<PostPending, "type" | "pendingId"> = {},
): PostPending {
  return { type: "PostPending", pendingId, ...extra };
}

const zero = { postedDebits: "0", postedCredits: "0", pendingDebits: "0", pendingCredits: "0" };

describe("Two-phase: TigerBeetle's worked example (hold 123)", () => {
  it("holds 123 as pending debits and pending credits", () => {
    given(...jpyLedger)
      .expectAccount(JPY_PAYER, zero)
      .expectAccount(JPY_PAYEE, zero)
      .when(hold123)
      .thenEvents(
        entryPended(
          hold123,
          [leg(JPY_PAYER, "debit", "123", "JPY"), leg(JPY_PAYEE, "credit", "123", "JPY")],
          "2026-03-02T10:00:00.000Z",
        ),
      )
      .thenAccount(JPY_PAYER, { ...zero, pendingDebits: "123" })
      .thenAccount(JPY_PAYEE, { ...zero, pendingCredits: "123", balance: "0" });
  });

  it("posts the full 123: pending moves to posted", () => {
    const command = postPending(hold123.entryId);
    given(...jpyLedger, hold123)
      .expectAccount(JPY_PAYER, { ...zero, pendingDebits: "123" })
      .expectAccount(JPY_PAYEE, { ...zero, pendingCredits: "123" })
      .when(command)
      .thenEvents(
        event("PendingPosted", {
          pendingId: hold123.entryId,
          effectiveAt: "2026-03-02T09:00:00.000Z",
          postings: [leg(JPY_PAYER, "debit", "123", "JPY"), leg(JPY_PAYEE, "credit", "123", "JPY")],
          fingerprint: fingerprintOf(command),
        }),
      )
      .thenAccount(JPY_PAYER, { ...zero, postedDebits: "123", balance: "123" })
      .thenAccount(JPY_PAYEE, { ...zero, postedCredits: "123", balance: "123" });
  });

  it("posts 100 of 123 with `amount`: 100 posted, the other 23 released", () => {
    const command = postPending(hold123.entryId, { amount: "100" });
    given(...jpyLedger, hold123)
      .when(command, { advanceSeconds: 60 })
      .thenEvents(
        event("PendingPosted", {
          pendingId: hold123.entryId,
          effectiveAt: "2026-03-02T09:01:00.000Z",
          postings: [leg(JPY_PAYER, "debit", "100", "JPY"), leg(JPY_PAYEE, "credit", "100", "JPY")],
          fingerprint: fingerprintOf(command),
        }),
      )
      .thenAccount(JPY_PAYER, { ...zero, postedDebits: "100" })
      .thenAccount(JPY_PAYEE, { ...zero, postedCredits: "100" });
  });

  it("voids the hold: every counter is back to zero", () => {
    given(...jpyLedger, hold123)
      .when({ type: "VoidPending", pendingId: hold123.entryId })
      .thenEvents(event("PendingVoided", { pendingId: hold123.entryId }))
      .thenAccount(JPY_PAYER, zero)
      .thenAccount(JPY_PAYEE, zero);
  });
});

describe("Two-phase: a hold dated in the future", () => {
  const tomorrow = "2026-03-03T09:00:00.000Z";
  const futureHold = { ...hold123, entryId: "tb-hold-future", effectiveAt: tomorrow };

  it("is posted effective on its own date, never before it", () => {
    const command = postPending(futureHold.entryId);
    given(...jpyLedger, futureHold)
      .when(command, { advanceSeconds: 60 })
      .thenEvents(
        event("PendingPosted", {
          pendingId: futureHold.entryId,
          effectiveAt: tomorrow,
          postings: [leg(JPY_PAYER, "debit", "123", "JPY"), leg(JPY_PAYEE, "credit", "123", "JPY")],
          fingerprint: fingerprintOf(command),
        }),
      )
      .thenAccount(JPY_PAYER, { ...zero, postedDebits: "123", balance: "123" });
  });
});

describe("Two-phase: posting part of a hold leg by leg", () => {
  const cardHold = pendEntry(
    "card-auth-1",
    86_400,
    debit(CUSTOMER, "100.00"),
    credit(MERCHANT, "97.00"),
    credit(FEES, "3.00"),
  );
  const funded = [...bankWithAccounts, deposit("salary", "500.00"), cardHold] as const;

  it("posts the listed legs (balanced) and releases the rest of the hold", () => {
    const command = postPending(cardHold.entryId, {
      postings: [debit(CUSTOMER, "80.00"), credit(MERCHANT, "77.60"), credit(FEES, "2.40")],
    });
    given(...funded)
      .expectAccount(CUSTOMER, {
        postedDebits: "0",
        postedCredits: "50000",
        pendingDebits: "10000",
        pendingCredits: "0",
        available: "40000",
      })
      .when(command)
      .thenEvents(
        event("PendingPosted", {
          pendingId: cardHold.entryId,
          effectiveAt: "2026-03-02T09:00:00.000Z",
          postings: [
            leg(CUSTOMER, "debit", "8000", "USD"),
            leg(MERCHANT, "credit", "7760", "USD"),
            leg(FEES, "credit", "240", "USD"),
          ],
          fingerprint: fingerprintOf(command),
        }),
      )
      .thenAccount(CUSTOMER, {
        postedDebits: "8000",
        postedCredits: "50000",
        pendingDebits: "0",
        pendingCredits: "0",
        available: "42000",
      })
      .thenAccount(MERCHANT, { ...zero, postedCredits: "7760" })
      .thenAccount(FEES, { ...zero, postedCredits: "240", balance: "240" });
  });

  it("refuses `amount` on a hold of more than two postings (pending_amount_ambiguous)", () => {
    given(...funded)
      .when(postPending(cardHold.entryId, { amount: "50.00" }))
      .thenRejected("pending_amount_ambiguous", { pendingId: cardHold.entryId, postings: 3 })
      .writingNothing();
  });

  it("refuses a leg the hold does not have (pending_posting_mismatch)", () => {
    given(...funded)
      .when(
        postPending(cardHold.entryId, {
          postings: [debit(CUSTOMER, "80.00"), credit("cash:usd", "80.00")],
        }),
      )
      .thenRejected("pending_posting_mismatch", {
        pendingId: cardHold.entryId,
        accountId: "cash:usd",
        side: "credit",
      })
      .writingNothing();
  });

  it("refuses a leg on the right account but in another currency (pending_posting_mismatch)", () => {
    given(...funded)
      .when(
        postPending(cardHold.entryId, {
          postings: [debit(CUSTOMER, "80.00", "EUR"), credit(MERCHANT, "80.00")],
        }),
      )
      .thenRejected("pending_posting_mismatch", {
        pendingId: cardHold.entryId,
        accountId: CUSTOMER,
        side: "debit",
      });
  });

  it("refuses more than a leg holds (pending_amount_exceeded)", () => {
    given(...funded)
      .when(
        postPending(cardHold.entryId, {
          postings: [debit(CUSTOMER, "100.00"), credit(MERCHANT, "97.01"), credit(FEES, "2.99")],
        }),
      )
      .thenRejected("pending_amount_exceeded", {
        pendingId: cardHold.entryId,
        accountId: MERCHANT,
        side: "credit",
        requested: "97.01",
      })
      .writingNothing();
  });

  it("refuses `amount` beyond a two-posting hold (pending_amount_exceeded)", () => {
    given(...jpyLedger, hold123)
      .when(postPending(hold123.entryId, { amount: "124" }))
      .thenRejected("pending_amount_exceeded", {
        pendingId: hold123.entryId,
        accountId: JPY_PAYER,
        side: "debit",
        requested: "124",
      });
  });

  it("refuses an unbalanced partial posting (unbalanced), writing nothing", () => {
    given(...funded)
      .when(
        postPending(cardHold.entryId, {
          postings: [debit(CUSTOMER, "80.00"), credit(MERCHANT, "70.00")],
        }),
      )
      .thenRejected("unbalanced", { currency: "USD", difference: "10.00" })
      .writingNothing();
  });

  it("refuses a partial amount finer than the asset's scale (amount_precision)", () => {
    given(...jpyLedger, hold123)
      .when(postPending(hold123.entryId, { amount: "99.5" }))
      .thenRejected("amount_precision", { amount: "99.5", currency: "JPY" })
      .writingNothing();
  });
});

describe("Two-phase: timeouts and expiry", () => {
  // hold123 is pended at 09:00:00 with a one-hour timeout: it expires at 10:00:00.
  const expiresAt = "2026-03-02T10:00:00.000Z";

  it("refuses ExpirePending before the timeout (pending_not_expired)", () => {
    given(...jpyLedger, hold123)
      .when({ type: "ExpirePending", pendingId: hold123.entryId }, { advanceSeconds: 3599 })
      .thenRejected("pending_not_expired", { pendingId: hold123.entryId, expiresAt })
      .writingNothing();
  });

  it("expires the hold at its timeout and releases the amounts", () => {
    given(...jpyLedger, hold123)
      .when({ type: "ExpirePending", pendingId: hold123.entryId }, { now: expiresAt })
      .thenEvents(event("PendingExpired", { pendingId: hold123.entryId }))
      .thenAccount(JPY_PAYER, zero)
      .thenAccount(JPY_PAYEE, zero);
  });

  it("refuses PostPending once the timeout has passed, before the sweeper ran (pending_expired)", () => {
    given(...jpyLedger, hold123)
      .when(postPending(hold123.entryId), { now: expiresAt })
      .thenRejected("pending_expired", { pendingId: hold123.entryId, expiresAt })
      .writingNothing();
  });

  it("refuses VoidPending once the timeout has passed (pending_expired)", () => {
    given(...jpyLedger, hold123, clockAdvancedBy(7200))
      .when({ type: "VoidPending", pendingId: hold123.entryId })
      .thenRejected("pending_expired", { pendingId: hold123.entryId, expiresAt });
  });

  it("refuses PostPending on an expired hold (pending_expired)", () => {
    given(...jpyLedger, hold123, clockAdvancedBy(3600), {
      type: "ExpirePending",
      pendingId: hold123.entryId,
    })
      .when(postPending(hold123.entryId))
      .thenRejected("pending_expired", { pendingId: hold123.entryId });
  });

  it("posts a hold one millisecond before its timeout", () => {
    const command = postPending(hold123.entryId);
    given(...jpyLedger, hold123)
      .when(command, { now: "2026-03-02T09:59:59.999Z" })
      .thenEvents(
        event("PendingPosted", {
          pendingId: hold123.entryId,
          effectiveAt: "2026-03-02T09:59:59.999Z",
          postings: [leg(JPY_PAYER, "debit", "123", "JPY"), leg(JPY_PAYEE, "credit", "123", "JPY")],
          fingerprint: fingerprintOf(command),
        }),
      )
      .thenAccount(JPY_PAYER, { ...zero, postedDebits: "123" });
  });

  it("treats a second ExpirePending as a duplicate of the first", () => {
    given(...jpyLedger, hold123, clockAdvancedBy(3600), {
      type: "ExpirePending",
      pendingId: hold123.entryId,
    })
      .when({ type: "ExpirePending", pendingId: hold123.entryId })
      .thenDuplicate(HOLD_SEQUENCE + 1);
  });
});

describe("Two-phase: a hold is resolved once", () => {
  it("refuses an unknown hold (pending_not_found)", () => {
    given(...jpyLedger)
      .when(postPending("no-such-hold"))
      .thenRejected("pending_not_found", { pendingId: "no-such-hold" })
      .writingNothing();
  });

  it("refuses to treat a posted entry as a hold (pending_not_found)", () => {
    given(...bankWithAccounts, deposit("dep-1", "1.00"))
      .when({ type: "VoidPending", pendingId: "dep-1" })
      .thenRejected("pending_not_found", { pendingId: "dep-1" });
  });

  it("treats the same PostPending sent again as a duplicate of the first", () => {
    const command = postPending(hold123.entryId, { amount: "100" });
    given(...jpyLedger, hold123, command)
      .when({ ...command, amount: "100.0" })
      .thenDuplicate(HOLD_SEQUENCE + 1);
  });

  it("refuses a different PostPending on a posted hold (pending_already_posted)", () => {
    given(...jpyLedger, hold123, postPending(hold123.entryId, { amount: "100" }))
      .when(postPending(hold123.entryId))
      .thenRejected("pending_already_posted", { pendingId: hold123.entryId })
      .writingNothing();
  });

  it("refuses to void a posted hold (pending_already_posted)", () => {
    given(...jpyLedger, hold123, postPending(hold123.entryId))
      .when({ type: "VoidPending", pendingId: hold123.entryId })
      .thenRejected("pending_already_posted", { pendingId: hold123.entryId });
  });

  it("refuses to expire a posted hold, even after its timeout (pending_already_posted)", () => {
    given(...jpyLedger, hold123, postPending(hold123.entryId))
      .when({ type: "ExpirePending", pendingId: hold123.entryId }, { advanceSeconds: 7200 })
      .thenRejected("pending_already_posted", { pendingId: hold123.entryId });
  });

  it("refuses to post a voided hold (pending_already_voided)", () => {
    given(...jpyLedger, hold123, { type: "VoidPending", pendingId: hold123.entryId })
      .when(postPending(hold123.entryId))
      .thenRejected("pending_already_voided", { pendingId: hold123.entryId })
      .writingNothing();
  });

  it("treats a second VoidPending as a duplicate of the first", () => {
    given(...jpyLedger, hold123, { type: "VoidPending", pendingId: hold123.entryId })
      .when({ type: "VoidPending", pendingId: hold123.entryId })
      .thenDuplicate(HOLD_SEQUENCE + 1);
  });

  it("refuses to post a hold into a closed period (period_closed), writing nothing", () => {
    given(...jpyLedger, hold123, { type: "ClosePeriod", upTo: "2026-03-02T09:00:00Z" })
      .when(postPending(hold123.entryId))
      .thenRejected("period_closed", {
        effectiveAt: "2026-03-02T09:00:00.000Z",
        closedThrough: "2026-03-02T09:00:00.000Z",
      })
      .writingNothing();
  });
});
