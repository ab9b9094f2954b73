// Given/when/then specs for the risk inputs: RecordCounterparty, RecordFacility,
// PublishFxRates and RecordCapitalBase (docs/risk.md). Idempotent by recordId; a facility
// names recorded counterparties and existing accounts of its currency that no other facility
// holds; amounts are recorded in minor units at their currency's scale.
import { describe, expect, it } from "vitest";
import {
  publishFxRatesSchema,
  recordCapitalBaseSchema,
  recordCounterpartySchema,
  recordFacilitySchema,
  type PublishFxRates,
  type RecordCapitalBase,
  type RecordCounterparty,
  type RecordFacility,
} from "../schemas/index.js";
import { fingerprintOf } from "./fingerprint.js";
import { event, given } from "./testing/deciderSpec.js";
import { bankWithAccounts, FIRST_FREE_SEQUENCE, openAccount } from "./testing/fixtures.js";

const VALID_FROM = "2026-11-01T00:00:00Z";
/** A real, well-formed LEI (check digits 97-10 verify). */
const LEI = "5493001KJTIIGC8Y1R12";

const counterparty = (overrides: Partial<RecordCounterparty> = {}): RecordCounterparty =>
  recordCounterpartySchema.parse({
    type: "RecordCounterparty",
    recordId: "cp-acme-1",
    counterpartyId: "acme",
    validFrom: VALID_FROM,
    lei: LEI,
    legalName: "Acme Manufacturing Ltd",
    connectedGroupId: "acme-group",
    sector: "C25.1",
    countryOfRisk: "GB",
    rating: "BBB",
    ...overrides,
  });

const guarantor = counterparty({
  recordId: "cp-bank-1",
  counterpartyId: "big-bank",
  lei: null,
  legalName: "Big Bank plc",
  connectedGroupId: null,
  sector: "K64.19",
  flags: { institution: true, globalSystemicallyImportant: true, sovereign: false, exempt: false },
});

const openLoan = openAccount("loan:acme", "USD", "asset");
const openLoanInterest = openAccount("loan:acme:interest", "USD", "asset");
const openEurLoan = openAccount("loan:acme:eur", "EUR", "asset");

const facility = (overrides: Partial<RecordFacility> = {}): RecordFacility =>
  recordFacilitySchema.parse({
    type: "RecordFacility",
    recordId: "fac-acme-1",
    facilityId: "acme-rcf",
    validFrom: VALID_FROM,
    counterpartyId: "acme",
    product: "revolving-credit",
    currency: "USD",
    drawnAccounts: ["loan:acme"],
    interestAccounts: ["loan:acme:interest"],
    limit: "1000000.00",
    ccf: "0.40",
    collateral: [{ type: "cash", currency: "EUR", amount: "25000.5" }],
    guarantees: [{ guarantorId: "big-bank", currency: "USD", amount: "100000" }],
    specificProvisions: "1500.00",
    ...overrides,
  });

const loanBook = [...bankWithAccounts, openLoan, openLoanInterest, openEurLoan];
const withCounterparties = [...loanBook, counterparty(), guarantor];

describe("RecordCounterparty", () => {
  it("records a counterparty with its identifiers, sector, country and flags", () => {
    const command = counterparty();
    const { type: _type, ...data } = command;
    given(...loanBook)
      .when(command)
      .thenEvents(event("CounterpartyRecorded", { ...data, fingerprint: fingerprintOf(command) }));
  });

  it("treats the same record again as a duplicate; other content under its id is id_conflict", () => {
    given(...loanBook, counterparty())
      .when(counterparty())
      .thenDuplicate(FIRST_FREE_SEQUENCE + 3);
    given(...loanBook, counterparty())
      .when(counterparty({ rating: "BB" }))
      .thenRejected("id_conflict", { recordId: "cp-acme-1", sequence: FIRST_FREE_SEQUENCE + 3 })
      .writingNothing();
  });

  it("records a restatement under a new record id", () => {
    const restated = counterparty({ recordId: "cp-acme-2", rating: "BB+" });
    const { type: _type, ...data } = restated;
    given(...loanBook, counterparty())
      .when(restated)
      .thenEvents(event("CounterpartyRecorded", { ...data, fingerprint: fingerprintOf(restated) }));
  });

  it("needs the ledger (ledger_not_found)", () => {
    given().when(counterparty()).thenRejected("ledger_not_found").writingNothing();
  });
});

describe("RecordFacility", () => {
  it("records the terms in minor units, naming its counterparty, accounts and guarantor", () => {
    const command = facility();
    given(...withCounterparties)
      .when(command)
      .thenEvents(
        event("FacilityRecorded", {
          recordId: "fac-acme-1",
          facilityId: "acme-rcf",
          validFrom: VALID_FROM,
          counterpartyId: "acme",
          product: "revolving-credit",
          currency: "USD",
          drawnAccounts: ["loan:acme"],
          interestAccounts: ["loan:acme:interest"],
          limit: "100000000",
          ccf: "0.40",
          ccfFloorApplies: true,
          collateral: [{ type: "cash", currency: "EUR", amount: "2500050" }],
          guarantees: [{ guarantorId: "big-bank", currency: "USD", amount: "10000000" }],
          specificProvisions: "150000",
          fingerprint: fingerprintOf(command),
        }),
      );
  });

  it("refuses an unrecorded counterparty or guarantor (counterparty_not_found)", () => {
    given(...loanBook)
      .when(facility())
      .thenRejected("counterparty_not_found", { counterpartyId: "acme" })
      .writingNothing();
    given(...loanBook, counterparty())
      .when(facility())
      .thenRejected("counterparty_not_found", { counterpartyId: "big-bank" })
      .writingNothing();
  });

  it("refuses an account that does not exist or holds another currency", () => {
    given(...withCounterparties)
      .when(facility({ drawnAccounts: ["loan:nobody"] }))
      .thenRejected("account_not_found", { accountId: "loan:nobody" })
      .writingNothing();
    given(...withCounterparties)
      .when(facility({ drawnAccounts: ["loan:acme:eur"] }))
      .thenRejected("currency_mismatch", {
        accountId: "loan:acme:eur",
        accountCurrency: "EUR",
        currency: "USD",
      })
      .writingNothing();
  });

  it("refuses an account another facility holds (account_in_other_facility)", () => {
    given(...withCounterparties, facility())
      .when(facility({ recordId: "fac-other-1", facilityId: "other", interestAccounts: [] }))
      .thenRejected("account_in_other_facility", { accountId: "loan:acme", facilityId: "acme-rcf" })
      .writingNothing();
  });

  it("lets the same facility restate its terms and release an account", () => {
    const restated = facility({ recordId: "fac-acme-2", interestAccounts: [], ccf: "0.5" });
    const released = facility({
      recordId: "fac-cash-1",
      facilityId: "cash-line",
      drawnAccounts: ["loan:acme:interest"],
      interestAccounts: [],
      guarantees: [],
    });
    given(...withCounterparties, facility(), restated)
      .when(released)
      .thenEvents(
        event("FacilityRecorded", {
          recordId: "fac-cash-1",
          facilityId: "cash-line",
          validFrom: VALID_FROM,
          counterpartyId: "acme",
          product: "revolving-credit",
          currency: "USD",
          drawnAccounts: ["loan:acme:interest"],
          interestAccounts: [],
          limit: "100000000",
          ccf: "0.40",
          ccfFloorApplies: true,
          collateral: [{ type: "cash", currency: "EUR", amount: "2500050" }],
          guarantees: [],
          specificProvisions: "150000",
          fingerprint: fingerprintOf(released),
        }),
      );
  });

  it("refuses amounts finer than their currency (amount_precision) and unknown currencies", () => {
    given(...withCounterparties)
      .when(facility({ limit: "10.001" }))
      .thenRejected("amount_precision")
      .writingNothing();
    given(...withCounterparties)
      .when(facility({ collateral: [{ type: "securities", currency: "GBP", amount: "1" }] }))
      .thenRejected("unknown_currency", { currency: "GBP" })
      .writingNothing();
    given(...withCounterparties)
      .when(facility({ currency: "CHF" }))
      .thenRejected("unknown_currency", { currency: "CHF" })
      .writingNothing();
  });
});

describe("PublishFxRates and RecordCapitalBase", () => {
  const rates: PublishFxRates = publishFxRatesSchema.parse({
    type: "PublishFxRates",
    recordId: "fx-2026-11-01",
    validFrom: VALID_FROM,
    source: "ECB",
    rates: [
      { from: "EUR", to: "USD", rate: "1.0825" },
      { from: "JPY", to: "USD", rate: "0.0066" },
    ],
  });
  const capital: RecordCapitalBase = recordCapitalBaseSchema.parse({
    type: "RecordCapitalBase",
    recordId: "t1-2026-q3",
    validFrom: "2026-09-30T23:59:59Z",
    tier1Capital: "1000000000.00",
  });

  it("publishes a set of rates between ledger assets; a duplicate is a replay", () => {
    const { type: _type, ...data } = rates;
    given(...bankWithAccounts)
      .when(rates)
      .thenEvents(event("FxRatesPublished", { ...data, fingerprint: fingerprintOf(rates) }));
    given(...bankWithAccounts, rates)
      .when(rates)
      .thenDuplicate(FIRST_FREE_SEQUENCE);
    given(...bankWithAccounts)
      .when({ ...rates, rates: [{ from: "GBP", to: "USD", rate: "1.27" }] })
      .thenRejected("unknown_currency", { currency: "GBP" })
      .writingNothing();
  });

  it("records Tier 1 in minor units of the reporting currency", () => {
    given(...bankWithAccounts)
      .when(capital)
      .thenEvents(
        event("CapitalBaseRecorded", {
          recordId: "t1-2026-q3",
          validFrom: "2026-09-30T23:59:59Z",
          currency: "USD",
          tier1Capital: "100000000000",
          reportingEntityIsGsii: false,
          fingerprint: fingerprintOf(capital),
        }),
      );
  });

  it("keeps record ids apart from other kinds: a rate set under a capital's id conflicts", () => {
    given(...bankWithAccounts, capital)
      .when({ ...rates, recordId: "t1-2026-q3" })
      .thenRejected("id_conflict", { recordId: "t1-2026-q3", sequence: FIRST_FREE_SEQUENCE })
      .writingNothing();
  });
});

describe("risk input schemas", () => {
  it("refuses an LEI whose check digits do not verify, and a country that is not assigned", () => {
    expect(
      recordCounterpartySchema.safeParse({ ...counterparty(), lei: "5493001KJTIIGC8Y1R13" })
        .success,
    ).toBe(false);
    expect(
      recordCounterpartySchema.safeParse({ ...counterparty(), countryOfRisk: "XX" }).success,
    ).toBe(false);
    expect(
      recordCounterpartySchema.safeParse({ ...counterparty(), sector: "64.199" }).success,
    ).toBe(false);
    expect(recordFacilitySchema.safeParse({ ...facility(), ccf: "1.01" }).success).toBe(false);
    expect(
      recordFacilitySchema.safeParse({ ...facility(), interestAccounts: ["loan:acme"] }).success,
    ).toBe(false);
  });
});
