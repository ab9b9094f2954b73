// The shapes of the IFRS 9 report (docs/ifrs9.md, The report): the book one report is computed
// from (each facility's version, terms, credit assessments and write-offs, the parameter set,
// the facility accounts' balances, the FX rates and asset scales, the reporting currency and
// date), and what `computeIfrs9Report` and `facilityDetail` return: measured facilities, the
// facilities that cannot be measured with a stable reason, the totals by stage, and a
// facility's stage history, ECL rows and quarterly interest revenue. Money is bigint minor
// units; nothing here is a float.
import type { AccountBalanceAt, FacilityVersion, FxRate } from "../exposure/exposureTypes.js";
import type {
  CreditAssessment,
  EclPeriodDetail,
  EclResult,
  FacilityTerms,
  Ifrs9Parameters,
  InterestResult,
  Stage,
  StagePoint,
  StageResult,
} from "./ifrs9Types.js";

/** A write-off recorded in the ledger's stream (WriteOffRecorded). */
export interface Ifrs9WriteOff {
  readonly recordId: string;
  readonly writtenOffOn: string;
  /** Minor units of `currency` (the facility's), > 0. */
  readonly amount: bigint;
  readonly currency: string;
}

export interface Ifrs9FacilityInputs {
  readonly facility: FacilityVersion;
  /** Null: not measured, reason `terms_missing`. */
  readonly terms: FacilityTerms | null;
  /** In force, sorted by asOf; those after the reporting date are ignored. */
  readonly assessments: readonly CreditAssessment[];
  /** Used by the movement table only: the balances already reflect posted write-offs. */
  readonly writeOffs: readonly Ifrs9WriteOff[];
}

export interface Ifrs9Book {
  /** YYYY-MM-DD. */
  readonly reportingDate: string;
  readonly facilities: ReadonlyMap<string, Ifrs9FacilityInputs>;
  readonly parameters: Ifrs9Parameters;
  /** Facility accounts' balances on the reporting date; a missing account is 0. */
  readonly balances: ReadonlyMap<string, AccountBalanceAt>;
  readonly fxRates: readonly FxRate[];
  readonly assetScales: ReadonlyMap<string, number>;
  readonly reportingCurrency: string;
}

/** Why a facility is listed without an allowance; never counted in the totals. */
export type Ifrs9UnmeasuredReason =
  /** No FacilityTermsRecorded for the facility. */
  | "terms_missing"
  /** No credit assessment with asOf on or before the reporting date. */
  | "assessment_missing"
  /** `derecognisedOn` on or before the reporting date: no allowance. */
  | "derecognised"
  /** `originationDate` after the reporting date. */
  | "not_originated"
  /** The terms' facility id or currency is not the facility's. */
  | "terms_mismatch"
  /** An account's balance is in another currency than the facility. */
  | "account_currency_mismatch"
  /** No FX rate from the facility's currency to the reporting currency (the message names it). */
  | "fx_rate_missing"
  /** The facility's or the reporting currency is not an asset of the ledger. */
  | "asset_scale_missing"
  /** The IFRS 9 library refused the inputs; `errorCode` is its code. */
  | "input_invalid";

/** Set when the ledger balance was negative and the gross carrying amount floored at 0. */
export type Ifrs9FacilityFlag = "gross_negative_floored";

export interface Ifrs9MeasuredFacility {
  readonly status: "measured";
  readonly facilityId: string;
  readonly counterpartyId: string;
  readonly currency: string;
  readonly originationDate: string;
  /** Sum of the drawn accounts' balances, minor units of `currency`. */
  readonly drawnBalance: bigint;
  /** Sum of the interest accounts' balances, minor units of `currency`. */
  readonly interestBalance: bigint;
  /** drawnBalance + interestBalance, may be negative (an overpaid loan). */
  readonly ledgerBalance: bigint;
  /** max(0, ledgerBalance): what ECL is measured on. */
  readonly grossCarryingAmount: bigint;
  readonly flags: readonly Ifrs9FacilityFlag[];
  readonly staging: StageResult;
  /** In the facility's currency. */
  readonly ecl: EclResult;
  /** One unit of `currency` in the reporting currency ("1" when the same). */
  readonly fxRate: string;
  /** grossCarryingAmount in the reporting currency, rounded half-even once. */
  readonly grossCarryingAmountReporting: bigint;
  /** ecl.eclRecognised in the reporting currency, rounded half-even once. */
  readonly allowanceReporting: bigint;
}

export interface Ifrs9UnmeasuredFacility {
  readonly status: "unmeasured";
  readonly facilityId: string;
  readonly counterpartyId: string;
  readonly currency: string;
  /** drawn + interest balances in `currency`, null when they cannot be summed. */
  readonly ledgerBalance: bigint | null;
  readonly reason: Ifrs9UnmeasuredReason;
  /** The library's or the FX converter's error code, null for the reasons checked first. */
  readonly errorCode: string | null;
  readonly message: string;
}

export type Ifrs9FacilityLine = Ifrs9MeasuredFacility | Ifrs9UnmeasuredFacility;

/** Measured facilities only, amounts in the reporting currency. */
export interface Ifrs9Totals {
  readonly count: number;
  readonly grossCarryingAmount: bigint;
  readonly allowance: bigint;
}

export interface Ifrs9Report {
  readonly reportingDate: string;
  readonly reportingCurrency: string;
  readonly parameterSetId: string;
  /** Sorted by facility id. */
  readonly measured: readonly Ifrs9MeasuredFacility[];
  /** Sorted by facility id. */
  readonly unmeasured: readonly Ifrs9UnmeasuredFacility[];
  readonly byStage: Readonly<Record<Stage, Ifrs9Totals>>;
  readonly overall: Ifrs9Totals;
}

/** Interest revenue of one quarter (docs/ifrs9.md, The report). */
export interface Ifrs9InterestQuarter {
  /** Exclusive start: the stage and allowance are as at the end of this day. */
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly stageAtStart: Stage;
  /** The assessment in force at periodStart; null before the first one (initial recognition). */
  readonly assessmentAsOf: string | null;
  /** Today's gross carrying amount (the book has no earlier balances). */
  readonly grossAtStart: bigint;
  /** eclDrawn measured at periodStart; 0 before the first assessment. */
  readonly allowanceAtStart: bigint;
  /** Null when the allowance at the start could not be measured (see `problem`). */
  readonly interest: InterestResult | null;
  readonly problem: { readonly code: string; readonly message: string } | null;
}

export type Ifrs9FacilityDetail =
  | {
      readonly status: "measured";
      readonly facility: Ifrs9MeasuredFacility;
      readonly stageHistory: readonly StagePoint[];
      readonly eclDetail: readonly EclPeriodDetail[];
      readonly interest: readonly Ifrs9InterestQuarter[];
    }
  | { readonly status: "unmeasured"; readonly facility: Ifrs9UnmeasuredFacility };
