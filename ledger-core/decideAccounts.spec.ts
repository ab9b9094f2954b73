// Given/when/then specs for the ledger's reference data: CreateLedger, OpenAccount,
// UpdateAccount (expectedVersion), CloseAccount (only at zero with no holds) and ClosePeriod.
import { describe, it } from "vitest";
import type { UpdateAccount } from "../schemas/index.js";
import { fingerprintOf } from "./fingerprint.js";
import { event, given } from "./testing/deciderSpec.js";
import {
  bankWithAccounts,
  CASH,
  createBankLedger,
  credit,
  CUSTOMER,
  debit,
  deposit,
  FIRST_FREE_SEQUENCE,
  MERCHANT,
  openAccount,
  openCustomer,
  pendEntry,
  postEntry,
} from "./testing/fixtures.js";

describe("CreateLedger", () => {
  it("creates the ledger with its assets", () => {
    given()
      .when(createBankLedger)
      .thenEvents(
        event("LedgerCreated", {
          ledgerId: "bank",
          name: "Folio Bank",
          reportingCurrency: "USD",
          assets: createBankLedger.assets,
          fingerprint: fingerprintOf(createBankLedger),
        }),
      );
  });

  it("treats the same CreateLedger again as a duplicate of sequence 0", () => {
    given(createBankLedger).when(createBankLedger).thenDuplicate(0);
  });

  it("refuses a second CreateLedger with other content (id_conflict)", () => {
    given(createBankLedger)
      .when({ ...createBankLedger, name: "Another Bank" })
      .thenRejected("id_conflict", { ledgerId: "bank" })
      .writingNothing();
  });

  it("refuses a reporting currency that is not among the assets (unknown_currency)", () => {
    given()
      .when({ ...createBankLedger, reportingCurrency: "GBP" })
      .thenRejected("unknown_currency", { currency: "GBP" })
      .writingNothing();
  });
});

describe("OpenAccount", () => {
  it("opens an account with both flags spelled out", () => {
    given(createBankLedger)
      .when(openCustomer)
      .thenEvents(
        event("AccountOpened", {
          accountId: CUSTOMER,
          currency: "USD",
          accountType: "liability",
          flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
          attributes: {},
          metadata: {},
          fingerprint: fingerprintOf(openCustomer),
        }),
      )
      .thenAccount(CUSTOMER, {
        postedDebits: "0",
        postedCredits: "0",
        pendingDebits: "0",
        pendingCredits: "0",
      });
  });

  it("refuses to open an account before the ledger exists (ledger_not_found)", () => {
    given().when(openCustomer).thenRejected("ledger_not_found", {}).writingNothing();
  });

  it("treats the same OpenAccount again as a duplicate", () => {
    given(createBankLedger, openCustomer).when(openCustomer).thenDuplicate(1);
  });

  it("refuses an existing account id with other content (id_conflict)", () => {
    given(createBankLedger, openCustomer)
      .when(openAccount(CUSTOMER, "EUR", "liability"))
      .thenRejected("id_conflict", { accountId: CUSTOMER })
      .writingNothing();
  });

  it("refuses a currency the ledger does not hold (unknown_currency)", () => {
    given(createBankLedger)
      .when(openAccount("gold:vault", "XAU", "asset"))
      .thenRejected("unknown_currency", { currency: "XAU" })
      .writingNothing();
  });

  it("refuses both limit flags at once (flags_mutually_exclusive)", () => {
    given(createBankLedger)
      .when(
        openAccount("odd", "USD", "asset", {
          debitsMustNotExceedCredits: true,
          creditsMustNotExceedDebits: true,
        }),
      )
      .thenRejected("flags_mutually_exclusive", { accountId: "odd" })
      .writingNothing();
  });
});

describe("UpdateAccount", () => {
  const rateCustomer: UpdateAccount = {
    type: "UpdateAccount",
    accountId: CUSTOMER,
    expectedVersion: 1,
    attributes: { counterparty: "cp:0042", rating: "BBB" },
  };

  it("replaces the attributes and steps the version", () => {
    given(createBankLedger, openCustomer)
      .when(rateCustomer)
      .thenEvents(
        event("AccountUpdated", {
          accountId: CUSTOMER,
          version: 2,
          attributes: { counterparty: "cp:0042", rating: "BBB" },
          metadata: {},
        }),
      );
  });

  it("refuses an update made against an older version (version_conflict)", () => {
    given(createBankLedger, openCustomer, rateCustomer)
      .when({ ...rateCustomer, expectedVersion: 1, attributes: { rating: "BB" } })
      .thenRejected("version_conflict", { accountId: CUSTOMER, expectedVersion: 1, version: 2 })
      .writingNothing();
  });

  it("treats a retried update with the same content as a duplicate", () => {
    given(createBankLedger, openCustomer, rateCustomer).when(rateCustomer).thenDuplicate(2);
  });

  it("refuses an unknown account (account_not_found)", () => {
    given(createBankLedger)
      .when(rateCustomer)
      .thenRejected("account_not_found", { accountId: CUSTOMER })
      .writingNothing();
  });

  it("refuses to change a closed account (account_closed)", () => {
    given(createBankLedger, openCustomer, { type: "CloseAccount", accountId: CUSTOMER })
      .when(rateCustomer)
      .thenRejected("account_closed", { accountId: CUSTOMER })
      .writingNothing();
  });
});

describe("CloseAccount", () => {
  it("closes an account whose balance is zero and that holds nothing", () => {
    given(
      ...bankWithAccounts,
      deposit("dep-1", "10.00"),
      postEntry("spend-1", debit(CUSTOMER, "10.00"), credit(MERCHANT, "10.00")),
    )
      .when({ type: "CloseAccount", accountId: CUSTOMER })
      .thenEvents(event("AccountClosed", { accountId: CUSTOMER }));
  });

  it("refuses to close an account with a balance (account_not_zero)", () => {
    given(...bankWithAccounts, deposit("dep-1", "10.00"))
      .when({ type: "CloseAccount", accountId: CASH })
      .thenRejected("account_not_zero", { accountId: CASH })
      .writingNothing();
  });

  it("refuses to close an account with an open hold (account_has_holds)", () => {
    given(
      ...bankWithAccounts,
      pendEntry("auth-1", 600, debit(CASH, "10.00"), credit(MERCHANT, "10.00")),
    )
      .when({ type: "CloseAccount", accountId: MERCHANT })
      .thenRejected("account_has_holds", { accountId: MERCHANT })
      .writingNothing();
  });

  it("refuses an unknown account (account_not_found)", () => {
    given(createBankLedger)
      .when({ type: "CloseAccount", accountId: "nobody" })
      .thenRejected("account_not_found", { accountId: "nobody" });
  });

  it("treats closing a closed account as a duplicate of the close", () => {
    given(createBankLedger, openCustomer, { type: "CloseAccount", accountId: CUSTOMER })
      .when({ type: "CloseAccount", accountId: CUSTOMER })
      .thenDuplicate(2);
  });
});

describe("ClosePeriod", () => {
  it("closes the period up to a past instant, recorded in UTC", () => {
    given(createBankLedger)
      .when({ type: "ClosePeriod", upTo: "2026-03-01T00:59:59+01:00" })
      .thenEvents(event("PeriodClosed", { upTo: "2026-02-28T23:59:59.000Z" }));
  });

  it("refuses to close a period that ends after now (period_in_future)", () => {
    given(createBankLedger)
      .when({ type: "ClosePeriod", upTo: "2026-03-02T09:00:00.001Z" })
      .thenRejected("period_in_future", { upTo: "2026-03-02T09:00:00.001Z" })
      .writingNothing();
  });

  it("treats closing an already closed date as a duplicate of the close", () => {
    given(...bankWithAccounts, { type: "ClosePeriod", upTo: "2026-02-28T23:59:59Z" })
      .when({ type: "ClosePeriod", upTo: "2026-02-15T00:00:00Z" })
      .thenDuplicate(FIRST_FREE_SEQUENCE);
  });

  it("refuses a period command before the ledger exists (ledger_not_found)", () => {
    given()
      .when({ type: "ClosePeriod", upTo: "2026-02-28T23:59:59Z" })
      .thenRejected("ledger_not_found", {});
  });
});
