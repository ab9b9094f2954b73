// Given/when/then specs for PostEntry and PendEntry: double entry per currency, accounts,
// amounts against the asset's scale, account flags with holds counted, the closed period,
// and idempotency (duplicates, id_conflict, spent ids of rejected entries).
import { describe, it } from "vitest";
import { fingerprintOf } from "./fingerprint.js";
import {
  clockAdvancedBy,
  event,
  given,
  recordedEvents,
  rejectedEarlier,
} from "./testing/deciderSpec.js";
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
  NOSTRO,
  openAccount,
  pendEntry,
  postEntry,
} from "./testing/fixtures.js";

describe("PostEntry: double entry", () => {
  it("posts a balanced entry with minor-unit amounts and the four counters moved", () => {
    const command = deposit("dep-1", "250.00");
    given(...bankWithAccounts)
      .when(command)
      .thenEvents(
        entryPosted(command, [
          leg(CASH, "debit", "25000", "USD"),
          leg(CUSTOMER, "credit", "25000", "USD"),
        ]),
      )
      .thenAccount(CASH, {
        postedDebits: "25000",
        postedCredits: "0",
        pendingDebits: "0",
        pendingCredits: "0",
        balance: "25000",
      })
      .thenAccount(CUSTOMER, {
        postedDebits: "0",
        postedCredits: "25000",
        pendingDebits: "0",
        pendingCredits: "0",
        balance: "25000",
        available: "25000",
      });
  });

  it("posts a four-posting FX entry that balances in each currency", () => {
    const command = postEntry(
      "fx-1",
      debit("cash:eur", "92.00"),
      credit("fx:position:eur", "92.00"),
      debit("fx:position:usd", "100.00"),
      credit(MERCHANT, "100.00"),
    );
    given(...bankWithAccounts)
      .when(command)
      .thenEvents(
        entryPosted(command, [
          leg("cash:eur", "debit", "9200", "EUR"),
          leg("fx:position:eur", "credit", "9200", "EUR"),
          leg("fx:position:usd", "debit", "10000", "USD"),
          leg(MERCHANT, "credit", "10000", "USD"),
        ]),
      );
  });

  it("rejects an entry whose debits and credits differ (unbalanced), and records it", () => {
    const command = postEntry("dep-2", debit(CASH, "10.00"), credit(CUSTOMER, "9.99"));
    given(...bankWithAccounts)
      .when(command)
      .thenRejected("unbalanced", { currency: "USD", difference: "0.01" })
      .recording(entryRejected(command, "unbalanced", "USD debits exceed the other side by 0.01"))
      .thenAccount(CASH, {
        postedDebits: "0",
        postedCredits: "0",
        pendingDebits: "0",
        pendingCredits: "0",
      });
  });

  it("rejects an FX entry that balances in total but not per currency (unbalanced)", () => {
    const command = postEntry("fx-2", debit(CASH, "100.00"), credit("cash:eur", "100.00"));
    given(...bankWithAccounts)
      .when(command)
      .thenRejected("unbalanced", { currency: "USD", difference: "100.00" });
  });
});

describe("PostEntry: accounts", () => {
  it("rejects a posting to an account that does not exist (account_not_found)", () => {
    const command = postEntry("dep-3", debit(CASH, "1.00"), credit("cust:9999:current", "1.00"));
    given(...bankWithAccounts)
      .when(command)
      .thenRejected("account_not_found", { accountId: "cust:9999:current" })
      .recording(
        entryRejected(command, "account_not_found", "account cust:9999:current does not exist"),
      );
  });

  it("rejects a posting to a closed account (account_closed)", () => {
    const command = postEntry("dep-4", debit(CASH, "1.00"), credit("dormant", "1.00"));
    given(...bankWithAccounts, openAccount("dormant", "USD", "liability"), {
      type: "CloseAccount",
      accountId: "dormant",
    })
      .when(command)
      .thenRejected("account_closed", { accountId: "dormant" })
      .recording(entryRejected(command, "account_closed", "account dormant is closed"));
  });

  it("rejects a posting whose currency is not the account's (currency_mismatch)", () => {
    const command = postEntry("dep-5", debit(CASH, "1.00", "EUR"), credit(CUSTOMER, "1.00"));
    given(...bankWithAccounts)
      .when(command)
      .thenRejected("currency_mismatch", {
        accountId: CASH,
        accountCurrency: "USD",
        currency: "EUR",
      });
  });

  it("accepts a posting that names the account's own currency", () => {
    const command = postEntry("dep-6", debit(CASH, "1.00", "USD"), credit(CUSTOMER, "1.00"));
    given(...bankWithAccounts)
      .when(command)
      .thenEvents(
        entryPosted(command, [
          leg(CASH, "debit", "100", "USD"),
          leg(CUSTOMER, "credit", "100", "USD"),
        ]),
      );
  });
});

describe("PostEntry: amounts against the asset's scale", () => {
  it("takes whole yen (JPY scale 0) as minor units", () => {
    const command = postEntry("jpy-1", debit("cash:jpy", "1500"), credit("deposits:jpy", "1500"));
    given(...bankWithAccounts)
      .when(command)
      .thenEvents(
        entryPosted(command, [
          leg("cash:jpy", "debit", "1500", "JPY"),
          leg("deposits:jpy", "credit", "1500", "JPY"),
        ]),
      );
  });

  it("rejects a fraction of a yen (amount_precision), never rounding it", () => {
    const command = postEntry("jpy-2", debit("cash:jpy", "1.5"), credit("deposits:jpy", "1.5"));
    given(...bankWithAccounts)
      .when(command)
      .thenRejected("amount_precision", { amount: "1.5", currency: "JPY" })
      .recording(
        entryRejected(command, "amount_precision", '"1.5" has more than 0 decimal places'),
      );
  });

  it("takes one satoshi (BTC scale 8) and rejects a ninth decimal (amount_precision)", () => {
    const satoshi = postEntry(
      "btc-1",
      debit("custody:btc", "0.00000001"),
      credit("clients:btc", "0.00000001"),
    );
    given(...bankWithAccounts)
      .when(satoshi)
      .thenEvents(
        entryPosted(satoshi, [
          leg("custody:btc", "debit", "1", "BTC"),
          leg("clients:btc", "credit", "1", "BTC"),
        ]),
      );
    const tooFine = postEntry(
      "btc-2",
      debit("custody:btc", "0.000000001"),
      credit("clients:btc", "0.000000001"),
    );
    given(...bankWithAccounts)
      .when(tooFine)
      .thenRejected("amount_precision", { amount: "0.000000001", currency: "BTC" });
  });

  it("rejects a zero amount that bypassed the schema (amount_invalid)", () => {
    const command = postEntry("zero-1", debit(CASH, "0.00"), credit(CUSTOMER, "0.00"));
    given(...bankWithAccounts)
      .when(command)
      .thenRejected("amount_invalid", { amount: "0.00", currency: "USD" })
      .recording(entryRejected(command, "amount_invalid", "amounts must be more than zero"));
  });

  it("rejects an amount of 10^30 minor units or more (amount_too_large)", () => {
    const huge = "1" + "0".repeat(28);
    const command = postEntry("huge-1", debit(CASH, huge), credit(CUSTOMER, huge));
    given(...bankWithAccounts)
      .when(command)
      .thenRejected("amount_too_large", { amount: huge, currency: "USD" });
  });
});

describe("PostEntry: account flags count holds", () => {
  it("rejects a debit beyond a customer's credits (exceeds_credits)", () => {
    const command = postEntry("spend-1", debit(CUSTOMER, "100.01"), credit(MERCHANT, "100.01"));
    given(...bankWithAccounts, deposit("dep-1", "100.00"))
      .when(command)
      .thenRejected("exceeds_credits", {
        accountId: CUSTOMER,
        currency: "USD",
        limit: "100.00",
        required: "100.01",
      })
      .recording(
        entryRejected(
          command,
          "exceeds_credits",
          `account ${CUSTOMER}: debits would exceed the limit of 100.00 USD`,
        ),
      );
  });

  it("lets a customer spend exactly what was credited", () => {
    const command = postEntry("spend-2", debit(CUSTOMER, "100.00"), credit(MERCHANT, "100.00"));
    given(...bankWithAccounts, deposit("dep-1", "100.00"))
      .when(command)
      .thenEvents(
        entryPosted(command, [
          leg(CUSTOMER, "debit", "10000", "USD"),
          leg(MERCHANT, "credit", "10000", "USD"),
        ]),
      )
      .thenAccount(CUSTOMER, {
        postedDebits: "10000",
        postedCredits: "10000",
        pendingDebits: "0",
        pendingCredits: "0",
        balance: "0",
      });
  });

  it("rejects credits beyond a nostro's debits (exceeds_debits)", () => {
    const command = postEntry("nostro-1", debit(CASH, "0.01"), credit(NOSTRO, "0.01"));
    given(...bankWithAccounts)
      .when(command)
      .thenRejected("exceeds_debits", {
        accountId: NOSTRO,
        currency: "USD",
        limit: "0.00",
        required: "0.01",
      });
  });

  it("counts holds: six holds of 1,000 against 5,000 credits, the sixth fails", () => {
    const hold = (n: number) =>
      pendEntry(`card-auth-${n}`, 3600, debit(CUSTOMER, "1000.00"), credit(MERCHANT, "1000.00"));
    const sixth = hold(6);
    given(
      ...bankWithAccounts,
      deposit("salary", "5000.00"),
      hold(1),
      hold(2),
      hold(3),
      hold(4),
      hold(5),
    )
      .expectAccount(CUSTOMER, {
        postedDebits: "0",
        postedCredits: "500000",
        pendingDebits: "500000",
        pendingCredits: "0",
        balance: "500000",
        available: "0",
      })
      .when(sixth)
      .thenRejected("exceeds_credits", {
        accountId: CUSTOMER,
        currency: "USD",
        limit: "5000.00",
        required: "6000.00",
      })
      .recording(
        entryRejected(
          sixth,
          "exceeds_credits",
          `account ${CUSTOMER}: debits would exceed the limit of 5000.00 USD`,
        ),
      )
      .thenAccount(CUSTOMER, {
        postedDebits: "0",
        postedCredits: "500000",
        pendingDebits: "500000",
        pendingCredits: "0",
      });
  });

  it("rejects an entry that would push a counter past 38 digits (counter_overflow)", () => {
    const nearMax = "9".repeat(38);
    const command = postEntry("one-more", debit(CASH, "0.01"), credit(MERCHANT, "0.01"));
    given(
      ...bankWithAccounts,
      recordedEvents(
        event("EntryPosted", {
          entryId: "legacy-migration",
          effectiveAt: "2026-01-01T00:00:00.000Z",
          description: "opening balances",
          postings: [leg(CASH, "debit", nearMax, "USD"), leg(MERCHANT, "credit", nearMax, "USD")],
          metadata: {},
          fingerprint: "a".repeat(64),
          reversalOf: null,
        }),
      ),
    )
      .when(command)
      .thenRejected("counter_overflow", { accountId: CASH })
      .recording(
        entryRejected(command, "counter_overflow", `account ${CASH}: a counter would overflow`),
      );
  });
});

describe("PostEntry: effective time and the closed period", () => {
  const closeFebruary = { type: "ClosePeriod", upTo: "2026-02-28T23:59:59.999Z" } as const;

  it("rejects an entry effective on the closing instant (period_closed), and records it", () => {
    const command = {
      ...deposit("late-1", "5.00"),
      effectiveAt: "2026-02-28T23:59:59.999Z",
    };
    given(...bankWithAccounts, closeFebruary)
      .when(command)
      .thenRejected("period_closed", {
        effectiveAt: "2026-02-28T23:59:59.999Z",
        closedThrough: "2026-02-28T23:59:59.999Z",
      })
      .recording(
        entryRejected(
          command,
          "period_closed",
          "the period through 2026-02-28T23:59:59.999Z is closed",
        ),
      );
  });

  it("rejects an entry effective before the closing date (period_closed)", () => {
    const command = { ...deposit("late-2", "5.00"), effectiveAt: "2026-02-01T10:00:00+01:00" };
    given(...bankWithAccounts, closeFebruary)
      .when(command)
      .thenRejected("period_closed", {
        effectiveAt: "2026-02-01T09:00:00.000Z",
        closedThrough: "2026-02-28T23:59:59.999Z",
      });
  });

  it("accepts an entry effective just after the close, recorded in UTC", () => {
    const command = { ...deposit("march-1", "5.00"), effectiveAt: "2026-03-01T01:00:00+01:00" };
    given(...bankWithAccounts, closeFebruary)
      .when(command)
      .thenEvents(
        entryPosted(
          command,
          [leg(CASH, "debit", "500", "USD"), leg(CUSTOMER, "credit", "500", "USD")],
          "2026-03-01T00:00:00.000Z",
        ),
      );
  });

  it("defaults effectiveAt to the decision's clock", () => {
    const command = deposit("now-1", "5.00");
    given(...bankWithAccounts)
      .when(command, { now: "2026-03-05T12:30:00Z" })
      .thenEvents(
        entryPosted(
          command,
          [leg(CASH, "debit", "500", "USD"), leg(CUSTOMER, "credit", "500", "USD")],
          "2026-03-05T12:30:00.000Z",
        ),
      );
  });
});

describe("PendEntry", () => {
  it("holds the amounts as pending until now + timeout", () => {
    const command = pendEntry("auth-1", 600, debit(CUSTOMER, "40.00"), credit(MERCHANT, "40.00"));
    given(...bankWithAccounts, deposit("dep-1", "100.00"))
      .when(command)
      .thenEvents(
        entryPended(
          command,
          [leg(CUSTOMER, "debit", "4000", "USD"), leg(MERCHANT, "credit", "4000", "USD")],
          "2026-03-02T09:10:00.000Z",
        ),
      )
      .thenAccount(CUSTOMER, {
        postedDebits: "0",
        postedCredits: "10000",
        pendingDebits: "4000",
        pendingCredits: "0",
        balance: "10000",
        available: "6000",
      })
      .thenAccount(MERCHANT, {
        postedDebits: "0",
        postedCredits: "0",
        pendingDebits: "0",
        pendingCredits: "4000",
        balance: "0",
        available: "0",
      });
  });

  it("runs the same rules as PostEntry (unbalanced hold is rejected and recorded)", () => {
    const command = pendEntry("auth-2", 600, debit(CUSTOMER, "40.00"), credit(MERCHANT, "4.00"));
    given(...bankWithAccounts, deposit("dep-1", "100.00"))
      .when(command)
      .thenRejected("unbalanced", { currency: "USD", difference: "36.00" })
      .recording(entryRejected(command, "unbalanced", "USD debits exceed the other side by 36.00"));
  });
});

describe("Idempotency of entry ids", () => {
  const first = deposit("dep-1", "1.50");

  it("returns the first sequence for the same id and content, writing nothing", () => {
    given(...bankWithAccounts, first, clockAdvancedBy(3600))
      .when(first)
      .thenDuplicate(FIRST_FREE_SEQUENCE)
      .thenAccount(CASH, {
        postedDebits: "150",
        postedCredits: "0",
        pendingDebits: "0",
        pendingCredits: "0",
      });
  });

  it('treats "1.50" and "1.5" as the same content', () => {
    given(...bankWithAccounts, first)
      .when(deposit("dep-1", "1.5"))
      .thenDuplicate(FIRST_FREE_SEQUENCE);
  });

  it("refuses the same id with different content (id_conflict) and writes nothing", () => {
    given(...bankWithAccounts, first)
      .when(deposit("dep-1", "1.51"))
      .thenRejected("id_conflict", { entryId: "dep-1", sequence: FIRST_FREE_SEQUENCE })
      .writingNothing();
  });

  it("refuses a hold that reuses a posted entry's id (id_conflict)", () => {
    given(...bankWithAccounts, first)
      .when(pendEntry("dep-1", 60, debit(CASH, "1.50"), credit(CUSTOMER, "1.50")))
      .thenRejected("id_conflict", { entryId: "dep-1", sequence: FIRST_FREE_SEQUENCE });
  });

  it("spends a rejected entry's id: the retry gets the same code and writes nothing", () => {
    const overdraft = postEntry("spend-1", debit(CUSTOMER, "10.00"), credit(MERCHANT, "10.00"));
    given(...bankWithAccounts, rejectedEarlier(overdraft), deposit("dep-1", "100.00"))
      .when(overdraft)
      .thenRejected("exceeds_credits", {
        entryId: "spend-1",
        rejectedAtSequence: FIRST_FREE_SEQUENCE,
      })
      .writingNothing()
      .thenAccount(CUSTOMER, {
        postedDebits: "0",
        postedCredits: "10000",
        pendingDebits: "0",
        pendingCredits: "0",
      });
  });

  it("refuses a spent id sent again with other content (id_conflict)", () => {
    const overdraft = postEntry("spend-1", debit(CUSTOMER, "10.00"), credit(MERCHANT, "10.00"));
    given(...bankWithAccounts, rejectedEarlier(overdraft))
      .when(postEntry("spend-1", debit(CUSTOMER, "5.00"), credit(MERCHANT, "5.00")))
      .thenRejected("id_conflict", { entryId: "spend-1", sequence: FIRST_FREE_SEQUENCE })
      .writingNothing();
  });

  it("uses the effectiveAt as sent for content: an omitted one stays a duplicate later", () => {
    const command = deposit("dep-9", "2.00");
    given(...bankWithAccounts, command)
      .when(command, { advanceSeconds: 86_400 })
      .thenDuplicate(FIRST_FREE_SEQUENCE);
  });

  it("fingerprints equal amounts equally and other amounts differently", () => {
    const a = fingerprintOf(deposit("x", "1.50"));
    const b = fingerprintOf(deposit("x", "1.5"));
    const c = fingerprintOf(deposit("x", "1.05"));
    if (a !== b || a === c) throw new Error("fingerprints must follow the money, not the text");
  });
});

describe("A ledger that does not exist", () => {
  it("refuses every entry (ledger_not_found) and writes nothing", () => {
    given().when(deposit("dep-1", "1.00")).thenRejected("ledger_not_found", {}).writingNothing();
  });
});
