// Given/when/then specs for the IFRS 9 inputs (docs/ifrs9.md "Inputs"): RecordFacilityTerms,
// RecordCreditAssessment, RecordWriteOff and RecordIfrs9Parameters. Idempotent by recordId
// (one namespace with the risk inputs); terms, assessments and write-offs name a recorded
// facility and are exact at its currency's scale (minor units in the events); a parameter set
// names existing accounts and records its defaults explicitly.
import { describe, expect, it } from "vitest";
import {
  recordCounterpartySchema,
  recordCreditAssessmentSchema,
  recordFacilitySchema,
  recordFacilityTermsSchema,
  recordIfrs9ParametersSchema,
  recordWriteOffSchema,
  type RecordCreditAssessment,
  type RecordFacilityTerms,
  type RecordIfrs9Parameters,
  type RecordWriteOff,
} from "../schemas/index.js";
import { decide } from "./decide.js";
import { fingerprintOf } from "./fingerprint.js";
import { snapshotOf, stateFromSnapshot } from "./snapshots.js";
import { event, given } from "./testing/deciderSpec.js";
import { bankWithAccounts, FIRST_FREE_SEQUENCE, openAccount } from "./testing/fixtures.js";

const VALID_FROM = "2026-11-01T00:00:00Z";

const counterparty = recordCounterpartySchema.parse({
  type: "RecordCounterparty",
  recordId: "cp-acme-1",
  counterpartyId: "acme",
  validFrom: VALID_FROM,
  legalName: "Acme Manufacturing Ltd",
  sector: "C25.1",
  countryOfRisk: "GB",
});
const facility = recordFacilitySchema.parse({
  type: "RecordFacility",
  recordId: "fac-acme-1",
  facilityId: "acme-loan",
  validFrom: VALID_FROM,
  counterpartyId: "acme",
  product: "term-loan",
  currency: "USD",
  drawnAccounts: ["loan:acme"],
  limit: "1000000.00",
  ccf: "0",
});

/** The bank, its loan, the two IFRS 9 accounts, a counterparty and its facility (in USD). */
const loanBook = [
  ...bankWithAccounts,
  openAccount("loan:acme", "USD", "asset"),
  openAccount("ifrs9:impairment", "USD", "expense"),
  openAccount("ifrs9:allowance", "USD", "asset"),
  counterparty,
  facility,
];
/** The sequence the first IFRS 9 input in a spec gets. */
const NEXT = FIRST_FREE_SEQUENCE + 5;

const terms = (overrides: Partial<RecordFacilityTerms> = {}): RecordFacilityTerms =>
  recordFacilityTermsSchema.parse({
    type: "RecordFacilityTerms",
    recordId: "terms-acme-1",
    facilityId: "acme-loan",
    validFrom: VALID_FROM,
    originationDate: "2026-01-15",
    maturityDate: "2028-01-15",
    eir: "0.045",
    repayment: {
      kind: "amortising",
      schedule: [
        { date: "2027-01-15", principal: "500000" },
        { date: "2028-01-15", principal: "500000.00" },
      ],
    },
    lifetimePdAtOrigination: "0.02",
    ...overrides,
  });

const assessment = (overrides: Partial<RecordCreditAssessment> = {}): RecordCreditAssessment =>
  recordCreditAssessmentSchema.parse({
    type: "RecordCreditAssessment",
    recordId: "ca-acme-2026-11",
    facilityId: "acme-loan",
    validFrom: VALID_FROM,
    asOf: "2026-10-31",
    daysPastDue: 12,
    watchList: true,
    scenarios: [
      {
        scenarioId: "base",
        weight: "0.6",
        pd12m: "0.01",
        lifetimePd: { kind: "cumulative", byYear: ["0.01", "0.025"] },
        lgd: "0.45",
      },
      {
        scenarioId: "downturn",
        weight: "0.4",
        pd12m: "0.03",
        lifetimePd: { kind: "marginal", byYear: ["0.03", "0.04"] },
        lgd: "0.6",
      },
    ],
    ...overrides,
  });

const writeOff = (overrides: Partial<RecordWriteOff> = {}): RecordWriteOff =>
  recordWriteOffSchema.parse({
    type: "RecordWriteOff",
    recordId: "wo-acme-1",
    facilityId: "acme-loan",
    validFrom: VALID_FROM,
    writtenOffOn: "2026-12-31",
    amount: "1250.50",
    ...overrides,
  });

const parameters = (overrides: Partial<RecordIfrs9Parameters> = {}): RecordIfrs9Parameters =>
  recordIfrs9ParametersSchema.parse({
    type: "RecordIfrs9Parameters",
    recordId: "ifrs9-params-1",
    validFrom: VALID_FROM,
    parameterSetId: "policy-2026",
    impairmentExpenseAccountId: "ifrs9:impairment",
    lossAllowanceAccountId: "ifrs9:allowance",
    ...overrides,
  });

describe("RecordFacilityTerms", () => {
  it("records the terms of a recorded facility, principals in minor units of its currency", () => {
    const command = terms();
    given(...loanBook)
      .when(command)
      .thenEvents(
        event("FacilityTermsRecorded", {
          recordId: "terms-acme-1",
          facilityId: "acme-loan",
          validFrom: VALID_FROM,
          currency: "USD",
          originationDate: "2026-01-15",
          maturityDate: "2028-01-15",
          eir: "0.045",
          repayment: {
            kind: "amortising",
            schedule: [
              { date: "2027-01-15", principal: "50000000" },
              { date: "2028-01-15", principal: "50000000" },
            ],
          },
          lifetimePdAtOrigination: "0.02",
          poci: false,
          creditAdjustedEir: null,
          derecognisedOn: null,
          fingerprint: fingerprintOf(command),
        }),
      );
  });

  it("records revolving and POCI terms as given", () => {
    const command = terms({
      repayment: { kind: "revolving", behaviouralLifeMonths: 36, ccf: "0.75" },
      poci: true,
      creditAdjustedEir: "0.12",
      derecognisedOn: "2027-06-30",
    });
    given(...loanBook)
      .when(command)
      .thenEvents(
        event("FacilityTermsRecorded", {
          recordId: "terms-acme-1",
          facilityId: "acme-loan",
          validFrom: VALID_FROM,
          currency: "USD",
          originationDate: "2026-01-15",
          maturityDate: "2028-01-15",
          eir: "0.045",
          repayment: { kind: "revolving", behaviouralLifeMonths: 36, ccf: "0.75" },
          lifetimePdAtOrigination: "0.02",
          poci: true,
          creditAdjustedEir: "0.12",
          derecognisedOn: "2027-06-30",
          fingerprint: fingerprintOf(command),
        }),
      );
  });

  it("refuses terms of a facility never recorded (facility_not_found)", () => {
    given(...loanBook)
      .when(terms({ facilityId: "ghost-loan" }))
      .thenRejected("facility_not_found", { facilityId: "ghost-loan" })
      .writingNothing();
  });

  it("refuses a principal finer than the facility's currency (amount_precision)", () => {
    const schedule = [
      { date: "2027-01-15", principal: "500000" },
      { date: "2028-01-15", principal: "10.001" },
    ];
    given(...loanBook)
      .when(terms({ repayment: { kind: "amortising", schedule } }))
      .thenRejected("amount_precision", { amount: "10.001", currency: "USD" })
      .writingNothing();
  });

  it("is a duplicate with the same content in another spelling; other content is id_conflict", () => {
    given(...loanBook, terms())
      .when(terms({ eir: "0.0450", validFrom: "2026-11-01T01:00:00+01:00" }))
      .thenDuplicate(NEXT);
    given(...loanBook, terms())
      .when(terms({ eir: "0.05" }))
      .thenRejected("id_conflict", { recordId: "terms-acme-1", sequence: NEXT })
      .writingNothing();
  });

  it("needs the ledger (ledger_not_found)", () => {
    given().when(terms()).thenRejected("ledger_not_found").writingNothing();
  });
});

describe("RecordCreditAssessment", () => {
  it("records the flags and scenarios of a recorded facility, defaults filled in", () => {
    const command = assessment();
    const { type: _type, ...data } = command;
    given(...loanBook)
      .when(command)
      .thenEvents(
        event("CreditAssessmentRecorded", {
          ...data,
          defaulted: false,
          unlikelyToPay: false,
          creditImpaired: false,
          watchList: true,
          forborne: "none",
          distressedRestructuring: false,
          fingerprint: fingerprintOf(command),
        }),
      );
  });

  it("refuses an assessment of a facility never recorded (facility_not_found)", () => {
    given(...loanBook)
      .when(assessment({ facilityId: "ghost-loan" }))
      .thenRejected("facility_not_found", { facilityId: "ghost-loan" })
      .writingNothing();
  });

  it("keeps one record-id namespace: an assessment under the terms' id conflicts", () => {
    given(...loanBook, terms())
      .when(assessment({ recordId: "terms-acme-1" }))
      .thenRejected("id_conflict", { recordId: "terms-acme-1", sequence: NEXT })
      .writingNothing();
    given(...loanBook, assessment())
      .when(assessment())
      .thenDuplicate(NEXT);
  });
});

describe("RecordWriteOff", () => {
  it("records the amount written off in minor units of the facility's currency", () => {
    const command = writeOff();
    given(...loanBook)
      .when(command)
      .thenEvents(
        event("WriteOffRecorded", {
          recordId: "wo-acme-1",
          facilityId: "acme-loan",
          validFrom: VALID_FROM,
          writtenOffOn: "2026-12-31",
          currency: "USD",
          amount: "125050",
          fingerprint: fingerprintOf(command),
        }),
      );
  });

  it("refuses a write-off of a facility never recorded (facility_not_found)", () => {
    given(...loanBook)
      .when(writeOff({ facilityId: "ghost-loan" }))
      .thenRejected("facility_not_found", { facilityId: "ghost-loan" })
      .writingNothing();
  });

  it("refuses zero (amount_invalid), too fine (amount_precision) and too large amounts", () => {
    given(...loanBook)
      .when({ ...writeOff(), amount: "0.00" })
      .thenRejected("amount_invalid")
      .writingNothing();
    given(...loanBook)
      .when(writeOff({ amount: "0.001" }))
      .thenRejected("amount_precision")
      .writingNothing();
    given(...loanBook)
      .when(writeOff({ amount: "1".padEnd(29, "0") }))
      .thenRejected("amount_too_large")
      .writingNothing();
  });
});

describe("RecordIfrs9Parameters", () => {
  it("records a parameter set with the defaults of docs/ifrs9.md written out", () => {
    const command = parameters();
    given(...loanBook)
      .when(command)
      .thenEvents(
        event("Ifrs9ParametersRecorded", {
          recordId: "ifrs9-params-1",
          validFrom: VALID_FROM,
          parameterSetId: "policy-2026",
          sicr: { relativeThreshold: "2.5", absoluteThreshold: "0.005", comparison: "gte" },
          dpd: { stage2: 30, stage3: 90, comparison: "gt" },
          probation: {
            stage3Months: 3,
            stage3AfterDistressedRestructuringMonths: 12,
            stage2Months: 3,
          },
          stage3RecoveryMonths: 12,
          rounding: "ROUND_HALF_EVEN",
          impairmentExpenseAccountId: "ifrs9:impairment",
          lossAllowanceAccountId: "ifrs9:allowance",
          fingerprint: fingerprintOf(command),
        }),
      );
  });

  it("refuses accounts that do not exist (account_not_found), expense account first", () => {
    given(...loanBook)
      .when(parameters({ impairmentExpenseAccountId: "nope", lossAllowanceAccountId: "nada" }))
      .thenRejected("account_not_found", { accountId: "nope" })
      .writingNothing();
    given(...loanBook)
      .when(parameters({ lossAllowanceAccountId: "nada" }))
      .thenRejected("account_not_found", { accountId: "nada" })
      .writingNothing();
  });

  it("treats the defaults spelled out as the same record; another policy is id_conflict", () => {
    const spelled = parameters({
      sicr: { relativeThreshold: "2.50", absoluteThreshold: "0.005", comparison: "gte" },
      rounding: "ROUND_HALF_EVEN",
    });
    given(...loanBook, parameters())
      .when(spelled)
      .thenDuplicate(NEXT);
    given(...loanBook, parameters())
      .when(parameters({ rounding: "ROUND_HALF_UP" }))
      .thenRejected("id_conflict", { recordId: "ifrs9-params-1", sequence: NEXT })
      .writingNothing();
  });
});

describe("IFRS 9 inputs in the decider's state", () => {
  it("survive a snapshot: a restarted writer still knows each record id and its kind", () => {
    const state = given(...loanBook, terms(), assessment(), writeOff(), parameters()).snapshot();
    const restored = stateFromSnapshot(snapshotOf("ledger-bank", state));
    if (!restored.ok) throw new Error(restored.reason);
    expect(restored.state.risk).toEqual(state.risk);
    const context = { now: Date.parse(VALID_FROM), actor: "spec", correlationId: "c" };
    for (const command of [terms(), assessment(), writeOff(), parameters()]) {
      const decision = decide(restored.state, command, { ...context, causationId: null });
      expect(decision.status, command.type).toBe("duplicate");
    }
  });
});
