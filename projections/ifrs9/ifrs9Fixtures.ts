// Test fixtures for the IFRS 9 specs: a facility's terms, a credit assessment and a scenario
// with sensible defaults, each overridable field by field. Used by the *.spec.ts files only.
import {
  type CreditAssessment,
  DEFAULT_IFRS9_PARAMETERS,
  type FacilityTerms,
  type Ifrs9Parameters,
  type Scenario,
} from "./ifrs9Types.js";

export function terms(overrides: Partial<FacilityTerms> = {}): FacilityTerms {
  return {
    facilityId: "F1",
    originationDate: "2024-01-01",
    maturityDate: "2030-01-01",
    eir: "0.05",
    repayment: { kind: "amortising", schedule: [] },
    lifetimePdAtOrigination: "0.02",
    poci: false,
    creditAdjustedEir: null,
    derecognisedOn: null,
    currency: "EUR",
    limit: 0n,
    ...overrides,
  };
}

/** One scenario, weight 1, a flat marginal curve of `pd` per year for `years` years. */
export function scenario(overrides: Partial<Scenario> = {}, pd = "0.001", years = 10): Scenario {
  return {
    scenarioId: "base",
    weight: "1",
    pd12m: pd,
    lifetimePd: { kind: "marginal", byYear: Array.from({ length: years }, () => pd) },
    lgd: "0.45",
    ...overrides,
  };
}

export function assessment(overrides: Partial<CreditAssessment> = {}): CreditAssessment {
  return {
    asOf: "2025-01-01",
    daysPastDue: 0,
    defaulted: false,
    unlikelyToPay: false,
    creditImpaired: false,
    watchList: false,
    forborne: "none",
    distressedRestructuring: false,
    scenarios: [scenario()],
    ...overrides,
  };
}

export function params(overrides: Partial<Ifrs9Parameters> = {}): Ifrs9Parameters {
  return { ...DEFAULT_IFRS9_PARAMETERS, ...overrides };
}
