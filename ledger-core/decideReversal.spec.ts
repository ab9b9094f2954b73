// Given/when/then specs for ReverseEntry: the mirror entry linked to the original, once per
// entry, for posted entries and posted holds, under the same account, flag and period rules.
import { describe, it } from "vitest";
import type { ReverseEntry } from "../schemas/index.js";
import { given, rejectedEarlier } from "./testing/deciderSpec.js";
import { entryRejected, leg, reversalPosted } from "./testing/expected.js";
import {
  bankWithAccounts,
  CASH,
  credit,
  CUSTOMER,
  debit,
  deposit,
  FEES,
  FIRST_FREE_SEQUENCE,
  MERCHANT,
  openAccount,
  pendEntry,
  postEntry,
} from "./testing/fixtures.js";

function reverse(entryId: string, reversalOf: string, effectiveAt?: string): ReverseEntry {
  return effectiveAt === undefined
    ? { type: "ReverseEntry", entryId, reversalOf }
    : { type: "ReverseEntry", entryId, reversalOf, effectiveAt };
}

const depositOf100 = deposit("dep-1", "100.00");

describe("ReverseEntry", () => {
  it("posts the mirror entry, linked to the original, and nets the counters to zero", () => {
    const command = reverse("rev-1", "dep-1");
    given(...bankWithAccounts, depositOf100)
      .when(command)
      .thenEvents(
        reversalPosted(command, [
          leg(CASH, "credit", "10000", "USD"),
          leg(CUSTOMER, "debit", "10000", "USD"),
        ]),
      )
      .thenAccount(CASH, {
        postedDebits: "10000",
        postedCredits: "10000",
        pendingDebits: "0",
        pendingCredits: "0",
        balance: "0",
      })
      .thenState((state) => {
        if (state.entries.get("dep-1")?.reversedBy !== "rev-1") {
          throw new Error("the original must point at its reversal");
        }
      });
  });

  it("reverses an entry once (already_reversed), and records the second attempt", () => {
    const second = reverse("rev-2", "dep-1");
    given(...bankWithAccounts, depositOf100, reverse("rev-1", "dep-1"))
      .when(second)
      .thenRejected("already_reversed", { entryId: "dep-1", reversedBy: "rev-1" })
      .recording(entryRejected(second, "already_reversed", "entry dep-1 was reversed by rev-1"));
  });

  it("treats the same reversal sent again as a duplicate", () => {
    const command = reverse("rev-1", "dep-1");
    given(...bankWithAccounts, depositOf100, command)
      .when(command)
      .thenDuplicate(FIRST_FREE_SEQUENCE + 1);
  });

  it("may reverse a reversal, which reinstates the original amounts", () => {
    const command = reverse("rev-2", "rev-1");
    given(...bankWithAccounts, depositOf100, reverse("rev-1", "dep-1"))
      .when(command)
      .thenEvents(
        reversalPosted(command, [
          leg(CASH, "debit", "10000", "USD"),
          leg(CUSTOMER, "credit", "10000", "USD"),
        ]),
      );
  });

  it("reverses what a posted hold posted, not what it held", () => {
    const cardHold = pendEntry(
      "card-auth-1",
      86_400,
      debit(CUSTOMER, "100.00"),
      credit(MERCHANT, "97.00"),
      credit(FEES, "3.00"),
    );
    const command = reverse("chargeback-1", "card-auth-1");
    given(...bankWithAccounts, depositOf100, cardHold, {
      type: "PostPending",
      pendingId: "card-auth-1",
      postings: [debit(CUSTOMER, "80.00"), credit(MERCHANT, "77.60"), credit(FEES, "2.40")],
    })
      .when(command)
      .thenEvents(
        reversalPosted(command, [
          leg(CUSTOMER, "credit", "8000", "USD"),
          leg(MERCHANT, "debit", "7760", "USD"),
          leg(FEES, "debit", "240", "USD"),
        ]),
      )
      .thenAccount(CUSTOMER, {
        postedDebits: "8000",
        postedCredits: "18000",
        pendingDebits: "0",
        pendingCredits: "0",
        available: "10000",
      });
  });

  it("refuses to reverse a hold that is still open (entry_not_posted)", () => {
    const command = reverse("rev-h", "auth-1");
    given(
      ...bankWithAccounts,
      depositOf100,
      pendEntry("auth-1", 600, debit(CUSTOMER, "10.00"), credit(MERCHANT, "10.00")),
    )
      .when(command)
      .thenRejected("entry_not_posted", { entryId: "auth-1" })
      .recording(
        entryRejected(command, "entry_not_posted", "entry auth-1 is a hold that was not posted"),
      );
  });

  it("refuses to reverse a voided hold (entry_not_posted)", () => {
    given(
      ...bankWithAccounts,
      depositOf100,
      pendEntry("auth-1", 600, debit(CUSTOMER, "10.00"), credit(MERCHANT, "10.00")),
      { type: "VoidPending", pendingId: "auth-1" },
    )
      .when(reverse("rev-h", "auth-1"))
      .thenRejected("entry_not_posted", { entryId: "auth-1" });
  });

  it("refuses to reverse an entry that does not exist (entry_not_found), and records it", () => {
    const command = reverse("rev-x", "no-such-entry");
    given(...bankWithAccounts)
      .when(command)
      .thenRejected("entry_not_found", { entryId: "no-such-entry" })
      .recording(entryRejected(command, "entry_not_found", "entry no-such-entry does not exist"));
  });

  it("refuses to reverse a rejected entry (entry_not_found): it never posted anything", () => {
    given(
      ...bankWithAccounts,
      rejectedEarlier(postEntry("bad-1", debit(CASH, "1.00"), credit(CUSTOMER, "2.00"))),
    )
      .when(reverse("rev-x", "bad-1"))
      .thenRejected("entry_not_found", { entryId: "bad-1" });
  });

  it("checks the mirror entry against account flags (exceeds_credits)", () => {
    // The customer spent 80 of a 100 deposit: taking the deposit back would overdraw them.
    const command = reverse("rev-1", "dep-1");
    given(
      ...bankWithAccounts,
      depositOf100,
      postEntry("spend-1", debit(CUSTOMER, "80.00"), credit(MERCHANT, "80.00")),
    )
      .when(command)
      .thenRejected("exceeds_credits", {
        accountId: CUSTOMER,
        currency: "USD",
        limit: "100.00",
        required: "180.00",
      })
      .recording(
        entryRejected(
          command,
          "exceeds_credits",
          `account ${CUSTOMER}: debits would exceed the limit of 100.00 USD`,
        ),
      );
  });

  it("refuses a reversal onto a closed account (account_closed)", () => {
    given(
      ...bankWithAccounts,
      openAccount("dormant", "USD", "liability"),
      postEntry("in", debit(CASH, "5.00"), credit("dormant", "5.00")),
      postEntry("out", debit("dormant", "5.00"), credit(CASH, "5.00")),
      { type: "CloseAccount", accountId: "dormant" },
    )
      .when(reverse("rev-out", "out"))
      .thenRejected("account_closed", { accountId: "dormant" });
  });

  it("refuses a reversal effective in a closed period (period_closed)", () => {
    const command = reverse("rev-1", "dep-1", "2026-03-01T12:00:00Z");
    given(...bankWithAccounts, depositOf100, { type: "ClosePeriod", upTo: "2026-03-01T23:59:59Z" })
      .when(command)
      .thenRejected("period_closed", {
        effectiveAt: "2026-03-01T12:00:00.000Z",
        closedThrough: "2026-03-01T23:59:59.000Z",
      })
      .recording(
        entryRejected(
          command,
          "period_closed",
          "the period through 2026-03-01T23:59:59.000Z is closed",
        ),
      );
  });
});
