// IFRS 9 inputs (docs/ifrs9.md "Inputs"): the commands and events that record a facility's
// contractual terms, its credit assessments (staging flags and PD/LGD scenarios), write-offs
// and the versioned parameter set the IFRS 9 read model measures with. Bitemporal like every
// risk input (schemas/risk.ts): a client-chosen `recordId` (the idempotency key) and a
// `validFrom`. Dates inside a record are UTC calendar dates (`YYYY-MM-DD`); rates, PDs, LGDs,
// weights and factors are decimal strings, compared and summed exactly (bigint, never floats).
import { z } from "zod";
import {
  MAX_DAYS_PAST_DUE,
  MAX_ECL_SCENARIOS,
  MAX_IFRS9_MONTHS,
  MAX_PD_YEARS,
  MAX_REPAYMENT_SCHEDULE_ITEMS,
  MAX_TIMESTAMP_MS,
  MIN_TIMESTAMP_MS,
} from "./limits.js";
import {
  amountSchema,
  assetCodeSchema,
  idSchema,
  minorUnitsSchema,
  timestampSchema,
} from "./primitives.js";
import { ccfSchema, decimalRateSchema } from "./risk.js";

// ---- exact decimals -------------------------------------------------------------------------

const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/**
 * The digits of decimal strings as bigints at one common scale (the longest fraction), or
 * null if one is not a plain decimal (zod runs a refinement even after the pattern failed).
 */
function scaled(texts: readonly string[]): { values: bigint[]; one: bigint } | null {
  if (!texts.every((text) => DECIMAL.test(text))) return null;
  const scale = Math.max(0, ...texts.map((text) => (text.split(".")[1] ?? "").length));
  const values = texts.map((text) => {
    const [whole = "0", fraction = ""] = text.split(".");
    return BigInt(whole + fraction.padEnd(scale, "0"));
  });
  return { values, one: 10n ** BigInt(scale) };
}

/** Whether a decimal string is at most 1. */
export function isAtMostOne(text: string): boolean {
  const exact = scaled([text]);
  return exact !== null && (exact.values[0] ?? 0n) <= exact.one;
}

/** The exact sum of decimal strings compared with 1: -1 below, 0 equal, 1 above (or invalid). */
export function sumComparedWithOne(texts: readonly string[]): -1 | 0 | 1 {
  const exact = scaled(texts);
  if (exact === null) return 1;
  const sum = exact.values.reduce((total, value) => total + value, 0n);
  return sum < exact.one ? -1 : sum > exact.one ? 1 : 0;
}

/** Whether decimal strings never decrease. */
export function isNonDecreasing(texts: readonly string[]): boolean {
  const values = scaled(texts)?.values;
  return values?.every((value, i) => i === 0 || value >= (values[i - 1] ?? 0n)) ?? false;
}

/** A probability, loss rate, weight or factor: a decimal from 0 to 1 inclusive. */
export const unitIntervalSchema = decimalRateSchema.refine(isAtMostOne, "a decimal from 0 to 1");

/** A UTC calendar date `YYYY-MM-DD` that exists (no 2026-02-30), 1970 to 9999. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (ms < MIN_TIMESTAMP_MS || ms > MAX_TIMESTAMP_MS) return false;
  return new Date(ms).toISOString().slice(0, 10) === text;
}

export const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a calendar date YYYY-MM-DD")
  .refine(isCalendarDate, "a calendar date that exists, between 1970-01-01 and 9999-12-31")
  .describe("Calendar date (UTC), YYYY-MM-DD");

const monthsSchema = z.int().min(0).max(MAX_IFRS9_MONTHS);
const daysSchema = z.int().min(0).max(MAX_DAYS_PAST_DUE);

// ---- RecordFacilityTerms --------------------------------------------------------------------

const repaymentInputSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("amortising"),
    /** Principal repayments in the facility's currency, dates strictly increasing. */
    schedule: z
      .array(z.strictObject({ date: calendarDateSchema, principal: amountSchema }))
      .min(1)
      .max(MAX_REPAYMENT_SCHEDULE_ITEMS),
  }),
  z.strictObject({
    kind: z.literal("revolving"),
    behaviouralLifeMonths: monthsSchema.min(1),
    ccf: ccfSchema,
  }),
]);

/** The terms' fields as a body sends them (the facility comes from the path). */
export const facilityTermsBodySchema = z.strictObject({
  recordId: idSchema,
  validFrom: timestampSchema,
  originationDate: calendarDateSchema,
  maturityDate: calendarDateSchema,
  /** Annual effective interest rate, e.g. "0.045". */
  eir: decimalRateSchema,
  repayment: repaymentInputSchema,
  /** Lifetime PD at initial recognition, the SICR baseline. */
  lifetimePdAtOrigination: unitIntervalSchema,
  /** Purchased or originated credit-impaired. */
  poci: z.boolean().default(false),
  /** The credit-adjusted EIR: required when `poci`, absent otherwise. */
  creditAdjustedEir: decimalRateSchema.nullable().default(null),
  /** Repaid or sold on this date. */
  derecognisedOn: calendarDateSchema.nullable().default(null),
});

type TermsInput = z.infer<typeof facilityTermsBodySchema>;

/** The rules across fields of the terms, each reported at the field it concerns. */
export function checkFacilityTerms(terms: TermsInput, ctx: z.RefinementCtx): void {
  const { originationDate, maturityDate } = terms;
  if (maturityDate <= originationDate) {
    ctx.addIssue({ code: "custom", path: ["maturityDate"], message: "after the origination" });
  }
  if (terms.repayment.kind === "amortising") {
    let previous = originationDate;
    terms.repayment.schedule.forEach(({ date }, index) => {
      if (date <= previous || date > maturityDate) {
        ctx.addIssue({
          code: "custom",
          path: ["repayment", "schedule", index, "date"],
          message: "dates strictly increase, after the origination and by the maturity",
        });
      }
      previous = date;
    });
  }
  if (terms.poci !== (terms.creditAdjustedEir !== null)) {
    ctx.addIssue({
      code: "custom",
      path: ["creditAdjustedEir"],
      message: "required when poci is true, and only then",
    });
  }
  if (terms.derecognisedOn !== null && terms.derecognisedOn < originationDate) {
    ctx.addIssue({ code: "custom", path: ["derecognisedOn"], message: "on or after origination" });
  }
}

export const recordFacilityTermsSchema = facilityTermsBodySchema
  .extend({ type: z.literal("RecordFacilityTerms"), facilityId: idSchema })
  .superRefine(checkFacilityTerms);

// ---- RecordCreditAssessment -----------------------------------------------------------------

const pdCurveSchema = z
  .strictObject({
    /** marginal: the PD of each year; cumulative: the PD up to the end of each year. */
    kind: z.enum(["marginal", "cumulative"]),
    byYear: z.array(unitIntervalSchema).min(1).max(MAX_PD_YEARS),
  })
  .superRefine((curve, ctx) => {
    if (curve.kind === "cumulative" && !isNonDecreasing(curve.byYear)) {
      ctx.addIssue({ code: "custom", path: ["byYear"], message: "a cumulative PD never falls" });
    }
    if (curve.kind === "marginal" && sumComparedWithOne(curve.byYear) > 0) {
      ctx.addIssue({ code: "custom", path: ["byYear"], message: "marginal PDs sum to at most 1" });
    }
  });

const scenarioSchema = z.strictObject({
  scenarioId: idSchema,
  weight: unitIntervalSchema,
  pd12m: unitIntervalSchema,
  lifetimePd: pdCurveSchema,
  lgd: unitIntervalSchema,
});

export const scenariosSchema = z
  .array(scenarioSchema)
  .min(1)
  .max(MAX_ECL_SCENARIOS)
  .superRefine((scenarios, ctx) => {
    if (new Set(scenarios.map((s) => s.scenarioId)).size !== scenarios.length) {
      ctx.addIssue({ code: "custom", message: "scenario ids are unique" });
    }
    if (sumComparedWithOne(scenarios.map((s) => s.weight)) !== 0) {
      ctx.addIssue({ code: "custom", message: "scenario weights sum to exactly 1" });
    }
  });

export const forborneSchema = z.enum(["none", "performing", "non_performing"]);

/** An assessment's fields as a body sends them (the facility comes from the path). */
export const creditAssessmentBodySchema = z.strictObject({
  recordId: idSchema,
  validFrom: timestampSchema,
  /** The date the assessment describes the facility as of. */
  asOf: calendarDateSchema,
  daysPastDue: daysSchema,
  defaulted: z.boolean().default(false),
  unlikelyToPay: z.boolean().default(false),
  /** Financial difficulty, breach, distressed concession, probable bankruptcy. */
  creditImpaired: z.boolean().default(false),
  watchList: z.boolean().default(false),
  forborne: forborneSchema.default("none"),
  distressedRestructuring: z.boolean().default(false),
  scenarios: scenariosSchema,
});

export const recordCreditAssessmentSchema = creditAssessmentBodySchema.extend({
  type: z.literal("RecordCreditAssessment"),
  facilityId: idSchema,
});

// ---- RecordWriteOff -------------------------------------------------------------------------

/** A write-off's fields as a body sends them (the facility comes from the path). */
export const writeOffBodySchema = z.strictObject({
  recordId: idSchema,
  validFrom: timestampSchema,
  writtenOffOn: calendarDateSchema,
  /** Of the gross carrying amount, in the facility's currency. */
  amount: amountSchema,
});

export const recordWriteOffSchema = writeOffBodySchema.extend({
  type: z.literal("RecordWriteOff"),
  facilityId: idSchema,
});

// ---- RecordIfrs9Parameters ------------------------------------------------------------------

const comparisonSchema = z.enum(["gt", "gte"]);
/** decimal.js rounding modes, by name. */
export const roundingModeSchema = z.enum([
  "ROUND_UP",
  "ROUND_DOWN",
  "ROUND_CEIL",
  "ROUND_FLOOR",
  "ROUND_HALF_UP",
  "ROUND_HALF_DOWN",
  "ROUND_HALF_EVEN",
  "ROUND_HALF_CEIL",
  "ROUND_HALF_FLOOR",
]);

export const SICR_DEFAULTS = {
  relativeThreshold: "2.5",
  absoluteThreshold: "0.005",
  comparison: "gte",
} as const;
export const DPD_DEFAULTS = { stage2: 30, stage3: 90, comparison: "gt" } as const;
export const PROBATION_DEFAULTS = {
  stage3Months: 3,
  stage3AfterDistressedRestructuringMonths: 12,
  stage2Months: 3,
} as const;

const sicrSchema = z.strictObject({
  /** Lifetime PD now / at origination. */
  relativeThreshold: decimalRateSchema
    .refine((text) => /[1-9]/.test(text), "a ratio more than zero")
    .default(SICR_DEFAULTS.relativeThreshold),
  /** Lifetime PD now - at origination. */
  absoluteThreshold: unitIntervalSchema.default(SICR_DEFAULTS.absoluteThreshold),
  comparison: comparisonSchema.default(SICR_DEFAULTS.comparison),
});

const dpdSchema = z
  .strictObject({
    stage2: daysSchema.default(DPD_DEFAULTS.stage2),
    stage3: daysSchema.default(DPD_DEFAULTS.stage3),
    comparison: comparisonSchema.default(DPD_DEFAULTS.comparison),
  })
  .refine((dpd) => dpd.stage2 < dpd.stage3, {
    path: ["stage3"],
    message: "the stage 3 backstop is more days than the stage 2 one",
  });

const probationSchema = z.strictObject({
  stage3Months: monthsSchema.default(PROBATION_DEFAULTS.stage3Months),
  stage3AfterDistressedRestructuringMonths: monthsSchema.default(
    PROBATION_DEFAULTS.stage3AfterDistressedRestructuringMonths,
  ),
  stage2Months: monthsSchema.default(PROBATION_DEFAULTS.stage2Months),
});

export const ifrs9ParametersBodySchema = z.strictObject({
  recordId: idSchema,
  validFrom: timestampSchema,
  parameterSetId: idSchema,
  sicr: sicrSchema.default({ ...SICR_DEFAULTS }),
  dpd: dpdSchema.default({ ...DPD_DEFAULTS }),
  probation: probationSchema.default({ ...PROBATION_DEFAULTS }),
  stage3RecoveryMonths: monthsSchema.default(12),
  /** The final rounding to the currency's minor unit. */
  rounding: roundingModeSchema.default("ROUND_HALF_EVEN"),
  impairmentExpenseAccountId: idSchema,
  lossAllowanceAccountId: idSchema,
});

export const recordIfrs9ParametersSchema = ifrs9ParametersBodySchema.extend({
  type: z.literal("RecordIfrs9Parameters"),
});

export const ifrs9CommandSchemas = [
  recordFacilityTermsSchema,
  recordCreditAssessmentSchema,
  recordWriteOffSchema,
  recordIfrs9ParametersSchema,
] as const;

export type RecordFacilityTerms = z.infer<typeof recordFacilityTermsSchema>;
export type RecordCreditAssessment = z.infer<typeof recordCreditAssessmentSchema>;
export type RecordWriteOff = z.infer<typeof recordWriteOffSchema>;
export type RecordIfrs9Parameters = z.infer<typeof recordIfrs9ParametersSchema>;
export type Ifrs9Command =
  RecordFacilityTerms | RecordCreditAssessment | RecordWriteOff | RecordIfrs9Parameters;

// ---- events: amounts in minor units of the facility's currency, decimals as given ----------

const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 digest in lower-case hex");

export const facilityTermsRecordedSchema = z.strictObject({
  recordId: idSchema,
  facilityId: idSchema,
  validFrom: timestampSchema,
  currency: assetCodeSchema,
  originationDate: calendarDateSchema,
  maturityDate: calendarDateSchema,
  eir: decimalRateSchema,
  repayment: z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("amortising"),
      schedule: z.array(z.strictObject({ date: calendarDateSchema, principal: minorUnitsSchema })),
    }),
    z.strictObject({
      kind: z.literal("revolving"),
      behaviouralLifeMonths: z.int(),
      ccf: decimalRateSchema,
    }),
  ]),
  lifetimePdAtOrigination: decimalRateSchema,
  poci: z.boolean(),
  creditAdjustedEir: decimalRateSchema.nullable(),
  derecognisedOn: calendarDateSchema.nullable(),
  fingerprint: sha256HexSchema,
});

export const creditAssessmentRecordedSchema = z.strictObject({
  recordId: idSchema,
  facilityId: idSchema,
  validFrom: timestampSchema,
  asOf: calendarDateSchema,
  daysPastDue: z.int(),
  defaulted: z.boolean(),
  unlikelyToPay: z.boolean(),
  creditImpaired: z.boolean(),
  watchList: z.boolean(),
  forborne: forborneSchema,
  distressedRestructuring: z.boolean(),
  scenarios: z.array(
    z.strictObject({
      scenarioId: idSchema,
      weight: decimalRateSchema,
      pd12m: decimalRateSchema,
      lifetimePd: z.strictObject({
        kind: z.enum(["marginal", "cumulative"]),
        byYear: z.array(decimalRateSchema),
      }),
      lgd: decimalRateSchema,
    }),
  ),
  fingerprint: sha256HexSchema,
});

export const writeOffRecordedSchema = z.strictObject({
  recordId: idSchema,
  facilityId: idSchema,
  validFrom: timestampSchema,
  writtenOffOn: calendarDateSchema,
  currency: assetCodeSchema,
  amount: minorUnitsSchema,
  fingerprint: sha256HexSchema,
});

export const ifrs9ParametersRecordedSchema = z.strictObject({
  recordId: idSchema,
  validFrom: timestampSchema,
  parameterSetId: idSchema,
  sicr: z.strictObject({
    relativeThreshold: decimalRateSchema,
    absoluteThreshold: decimalRateSchema,
    comparison: comparisonSchema,
  }),
  dpd: z.strictObject({ stage2: z.int(), stage3: z.int(), comparison: comparisonSchema }),
  probation: z.strictObject({
    stage3Months: z.int(),
    stage3AfterDistressedRestructuringMonths: z.int(),
    stage2Months: z.int(),
  }),
  stage3RecoveryMonths: z.int(),
  rounding: roundingModeSchema,
  impairmentExpenseAccountId: idSchema,
  lossAllowanceAccountId: idSchema,
  fingerprint: sha256HexSchema,
});
