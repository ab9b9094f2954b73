// The shapes the pure IFRS 9 library works with (docs/ifrs9.md): facility terms, credit
// assessments and the parameter set as recorded in the ledger's stream, and what staging,
// ECL measurement, interest revenue and the IFRS 7 movement table return. Money is bigint
// minor units; rates, PDs, LGDs, weights and CCFs are decimal strings; dates are
// `YYYY-MM-DD` (UTC); nothing here is a float.

/** One scheduled principal repayment, in minor units of the facility's currency. */
export interface ScheduledPrincipal {
  readonly date: string;
  readonly principal: bigint;
}

export interface AmortisingRepayment {
  readonly kind: "amortising";
  readonly schedule: readonly ScheduledPrincipal[];
}

export interface RevolvingRepayment {
  readonly kind: "revolving";
  /** The behavioural life (IFRS 9 5.5.20, B5.5.39-40) from the reporting date, in months. */
  readonly behaviouralLifeMonths: number;
  /** Behavioural credit conversion factor of the undrawn limit, decimal string 0..1. */
  readonly ccf: string;
}

export type Repayment = AmortisingRepayment | RevolvingRepayment;

export interface FacilityTerms {
  readonly facilityId: string;
  readonly originationDate: string;
  readonly maturityDate: string;
  /** Original annual effective interest rate, decimal string (0.05 = 5 %). */
  readonly eir: string;
  readonly repayment: Repayment;
  /** Lifetime PD at initial recognition, decimal string 0..1 (the SICR reference). */
  readonly lifetimePdAtOrigination: string;
  readonly poci: boolean;
  /** Required when `poci`: the credit-adjusted EIR (IFRS 9 5.4.1(a)). */
  readonly creditAdjustedEir: string | null;
  /** Repaid or sold on this date; no allowance is measured from then on. */
  readonly derecognisedOn: string | null;
  readonly currency: string;
  /** Minor units of `currency`. */
  readonly limit: bigint;
}

export type Forborne = "none" | "performing" | "non_performing";

/** A PD term structure by year from the assessment date: year 1 first. */
export interface LifetimePdCurve {
  readonly kind: "marginal" | "cumulative";
  readonly byYear: readonly string[];
}

export interface Scenario {
  readonly scenarioId: string;
  /** Decimal string 0..1; the weights of an assessment sum to exactly 1. */
  readonly weight: string;
  /** The 12-month PD; must equal the curve's first-year cumulative PD. */
  readonly pd12m: string;
  readonly lifetimePd: LifetimePdCurve;
  /** Loss given default, decimal string 0..1. */
  readonly lgd: string;
}

export interface CreditAssessment {
  readonly asOf: string;
  readonly daysPastDue: number;
  readonly defaulted: boolean;
  readonly unlikelyToPay: boolean;
  /** Financial difficulty, breach, distressed concession, probable bankruptcy. */
  readonly creditImpaired: boolean;
  readonly watchList: boolean;
  readonly forborne: Forborne;
  readonly distressedRestructuring: boolean;
  readonly scenarios: readonly Scenario[];
}

export type Comparison = "gt" | "gte";

export type RoundingMode =
  | "ROUND_UP"
  | "ROUND_DOWN"
  | "ROUND_CEIL"
  | "ROUND_FLOOR"
  | "ROUND_HALF_UP"
  | "ROUND_HALF_DOWN"
  | "ROUND_HALF_EVEN"
  | "ROUND_HALF_CEIL"
  | "ROUND_HALF_FLOOR";

export interface Ifrs9Parameters {
  readonly parameterSetId: string;
  readonly sicr: {
    /** Lifetime PD now / at origination; decimal string. */
    readonly relativeThreshold: string;
    /** Lifetime PD now - at origination; decimal string. */
    readonly absoluteThreshold: string;
    /** Applied to both thresholds; both must be met. */
    readonly comparison: Comparison;
  };
  readonly dpd: {
    readonly stage2: number;
    readonly stage3: number;
    readonly comparison: Comparison;
  };
  readonly probation: {
    readonly stage3Months: number;
    readonly stage3AfterDistressedRestructuringMonths: number;
    readonly stage2Months: number;
  };
  /** Time to recovery for the stage 3 discount factor, in months. */
  readonly stage3RecoveryMonths: number;
  readonly rounding: RoundingMode;
  /** Ledger accounts the allowance is posted to; the pure library does not use them. */
  readonly accounts: {
    readonly impairmentExpense: string | null;
    readonly lossAllowance: string | null;
  };
}

export const DEFAULT_IFRS9_PARAMETERS: Ifrs9Parameters = {
  parameterSetId: "default",
  sicr: { relativeThreshold: "2.5", absoluteThreshold: "0.005", comparison: "gte" },
  dpd: { stage2: 30, stage3: 90, comparison: "gt" },
  probation: { stage3Months: 3, stage3AfterDistressedRestructuringMonths: 12, stage2Months: 3 },
  stage3RecoveryMonths: 12,
  rounding: "ROUND_HALF_EVEN",
  accounts: { impairmentExpense: null, lossAllowance: null },
};

export type Stage = "1" | "2" | "3" | "POCI";

export type StageReason =
  | "poci"
  | "dpd_90"
  | "defaulted"
  | "unlikely_to_pay"
  | "credit_impaired"
  | "forborne_non_performing"
  | "stage3_probation"
  | "dpd_30"
  | "sicr"
  | "watch_list"
  | "forborne_performing"
  | "stage2_probation"
  | "performing";

/** The stage on one date of the timeline (an assessment date or a probation end). */
export interface StagePoint {
  readonly date: string;
  readonly stage: Stage;
  readonly stageReason: StageReason;
  /** The assessment in force on `date`. */
  readonly assessmentAsOf: string;
}

export interface StageResult extends StagePoint {
  /** The stage before the current one, null if the facility has never been in another. */
  readonly previousStage: Stage | null;
  /** The first date of the timeline on which the current stage held without a break. */
  readonly stageChangedAt: string;
  /** Probability-weighted cumulative PD over the remaining life (docs/ifrs9.md, Staging). */
  readonly lifetimePdNow: string;
  readonly lifetimePdAtOrigination: string;
  /** Probability-weighted 12-month PD of the assessment in force. */
  readonly pd12mNow: string;
  /** The cure date of the last stage 3 episode, null if none. */
  readonly defaultCureDate: string | null;
  /** The end of the probation in force on the date, null if none. */
  readonly probationEndDate: string | null;
}

/** One traceable period of one scenario; decimal strings, money in minor units. */
export interface EclPeriodDetail {
  readonly scenarioId: string;
  readonly weight: string;
  readonly t: number;
  readonly tauYears: string;
  readonly ead: string;
  readonly pdMarginal: string;
  readonly pdCumulative: string;
  readonly lgd: string;
  readonly df: string;
  /** weight x pdMarginal x lgd x ead x df: the rows sum to the unrounded ECL. */
  readonly eclContribution: string;
}

export interface EclResult {
  readonly stage: Stage;
  /** Remaining life in years (actual/365; revolving: behavioural months / 12). */
  readonly remainingLifeYears: string;
  readonly periods: number;
  /** The annual rate DF uses: the EIR, or the credit-adjusted EIR for POCI. */
  readonly discountRate: string;
  readonly scale: number;
  readonly ecl12m: bigint;
  readonly eclLifetime: bigint;
  /** 12-month for stage 1, lifetime otherwise. */
  readonly eclRecognised: bigint;
  /** Split of eclRecognised: drawn + undrawn = recognised (amortising: undrawn 0). */
  readonly eclDrawn: bigint;
  readonly eclUndrawn: bigint;
  /** The lifetime rows; the 12-month ECL is the sum of the rows with t = 1. */
  readonly detail: readonly EclPeriodDetail[];
}

export type InterestBasis = "GROSS" | "AMORTISED_COST" | "CREDIT_ADJUSTED";

export interface InterestResult {
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly basis: InterestBasis;
  readonly rate: string;
  readonly yearFraction: string;
  /** Minor units the rate applies to. */
  readonly baseAmount: bigint;
  readonly interestAmount: bigint;
  /** Contractual interest on gross (the accrual posted first). */
  readonly interestOnGross: bigint;
  /** interestOnGross - interestAmount: DR interest income / CR allowance (research 1.4). */
  readonly allowanceAdjustment: bigint;
}

export type MovementColumn = "1" | "2" | "3" | "POCI";

export type MovementLine =
  | "opening"
  | "transfer_to_stage_1"
  | "transfer_to_stage_2"
  | "transfer_to_stage_3"
  | "new"
  | "derecognised"
  | "write_offs"
  | "model_changes"
  | "remeasurement"
  | "fx_and_other"
  | "closing";

export interface FacilityState {
  readonly stage: Stage;
  /** Minor units in the presentation currency. */
  readonly allowance: bigint;
}

export interface FacilityMovementInput {
  readonly facilityId: string;
  /** Null when originated or purchased in the period. */
  readonly opening: FacilityState | null;
  /** Null when derecognised in the period. */
  readonly closing: FacilityState | null;
  readonly originatedInPeriod: boolean;
  /** Repaid or sold (not written off) in the period. */
  readonly derecognised: boolean;
  /** Allowance used by write-offs in the period, >= 0. */
  readonly writeOffAllowanceUsed: bigint;
  /** A0 x (rate1 - rate0), signed; 0 when the facility is in the presentation currency. */
  readonly fxEffect: bigint;
  /** Optional: closing allowance now minus with the old parameter set, signed. */
  readonly modelChange?: bigint;
}

export interface MovementRow {
  readonly line: MovementLine;
  readonly stage1: bigint;
  readonly stage2: bigint;
  readonly stage3: bigint;
  readonly poci: bigint;
  readonly total: bigint;
}

export interface MovementAttribution {
  readonly facilityId: string;
  readonly line: MovementLine;
  readonly column: MovementColumn;
  readonly amount: bigint;
}

export interface MovementTable {
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly rows: readonly MovementRow[];
  /** closing - opening + write-offs - FX (total column). */
  readonly profitOrLossCharge: bigint;
  /** Every non-zero amount per facility, so each cell can be traced. */
  readonly attributions: readonly MovementAttribution[];
}
