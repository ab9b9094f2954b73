// Test fixtures for the IFRS 9 specs: a facility's terms, a credit assessment and a scenario
// with sensible defaults, each overridable field by field, and a report's book (facility
// versions, balances, FX rates) from a short list of entries. Used by the *.spec.ts files only.
import type { AccountBalanceAt, FacilityVersion, FxRate } from "../exposure/exposureTypes.js";
import type { Ifrs9Book, Ifrs9FacilityInputs } from "./ifrs9Book.js";
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

/** A facility version whose drawn account is `<id>-drawn` and interest account `<id>-int`. */
export function facilityVersion(
  id: string,
  overrides: Partial<FacilityVersion> = {},
): FacilityVersion {
  return {
    facilityId: id,
    counterpartyId: `C-${id}`,
    product: "term-loan",
    currency: "EUR",
    drawnAccounts: [`${id}-drawn`],
    interestAccounts: [`${id}-int`],
    limit: 0n,
    ccf: "0",
    ccfFloorApplies: false,
    collateral: [],
    guarantees: [],
    specificProvisions: 0n,
    validFrom: "2024-01-01",
    sequence: 1,
    ...overrides,
  };
}

/** One facility of a book; `terms` null means none recorded. */
export interface BookEntry {
  readonly id: string;
  readonly currency?: string;
  readonly terms: Partial<FacilityTerms> | null;
  readonly assessments: readonly CreditAssessment[];
  readonly drawn?: bigint;
  readonly interest?: bigint;
  readonly writeOffs?: Ifrs9FacilityInputs["writeOffs"];
}

export const BOOK_SCALES: ReadonlyMap<string, number> = new Map([
  ["EUR", 2],
  ["USD", 2],
  ["JPY", 0],
]);

/** A book of the given facilities; balances on `<id>-drawn` and `<id>-int` (absent if 0). */
export function book(
  reportingDate: string,
  entries: readonly BookEntry[],
  options: { fxRates?: readonly FxRate[]; reportingCurrency?: string } = {},
): Ifrs9Book {
  const facilities = new Map<string, Ifrs9FacilityInputs>();
  const balances = new Map<string, AccountBalanceAt>();
  for (const e of entries) {
    const currency = e.currency ?? "EUR";
    facilities.set(e.id, {
      facility: facilityVersion(e.id, { currency }),
      terms: e.terms === null ? null : terms({ facilityId: e.id, currency, ...e.terms }),
      assessments: e.assessments,
      writeOffs: e.writeOffs ?? [],
    });
    for (const [account, amount] of [
      [`${e.id}-drawn`, e.drawn ?? 0n],
      [`${e.id}-int`, e.interest ?? 0n],
    ] as const) {
      if (amount !== 0n) balances.set(account, { accountId: account, currency, balance: amount });
    }
  }
  return {
    reportingDate,
    facilities,
    parameters: DEFAULT_IFRS9_PARAMETERS,
    balances,
    fxRates: options.fxRates ?? [],
    assetScales: BOOK_SCALES,
    reportingCurrency: options.reportingCurrency ?? "EUR",
  };
}

/** A rate of one unit of `from` in `to`. */
export function rate(from: string, to: string, value: string, validFrom = "2024-01-01"): FxRate {
  return { from, to, rate: value, validFrom };
}
