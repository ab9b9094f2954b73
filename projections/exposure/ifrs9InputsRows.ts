// Decoding the stored data of the IFRS 9 inputs' versions (the json of their events less the
// columns of their own, validated against the event schemas when they were recorded) into the
// pure IFRS 9 library's types, minor units as bigint. Hand-written checks (StoredReader, as
// riskInputsRows.ts): an answer decodes one object per facility and asOf date. A stored object
// of another shape is an error naming the field, never a silent default.
import type {
  Comparison,
  CreditAssessment,
  FacilityTerms,
  Forborne,
  Ifrs9Parameters,
  Repayment,
  RoundingMode,
} from "../ifrs9/ifrs9Types.js";
import type { WriteOffInForce } from "./ifrs9InputsTypes.js";
import { StoredReader } from "./riskInputsRows.js";

const COMPARISONS: readonly Comparison[] = ["gt", "gte"];
const FORBORNE: readonly Forborne[] = ["none", "performing", "non_performing"];
const ROUNDING_MODES: readonly RoundingMode[] = [
  "ROUND_UP",
  "ROUND_DOWN",
  "ROUND_CEIL",
  "ROUND_FLOOR",
  "ROUND_HALF_UP",
  "ROUND_HALF_DOWN",
  "ROUND_HALF_EVEN",
  "ROUND_HALF_CEIL",
  "ROUND_HALF_FLOOR",
];

const parse = (what: string, payload: string): StoredReader =>
  StoredReader.of(what, JSON.parse(payload));

function repaymentOf(repayment: StoredReader): Repayment {
  if (repayment.oneOf("kind", ["amortising", "revolving"]) === "amortising") {
    return {
      kind: "amortising",
      schedule: repayment.objects("schedule").map((item) => ({
        date: item.string("date"),
        principal: item.minorUnits("principal"),
      })),
    };
  }
  return {
    kind: "revolving",
    behaviouralLifeMonths: repayment.integer("behaviouralLifeMonths"),
    ccf: repayment.string("ccf"),
  };
}

/**
 * A FacilityTermsRecorded's stored data (less record id, facility id, validFrom and
 * fingerprint) as the terms in force, with the limit of the facility version in force.
 */
export function facilityTermsOf(facilityId: string, payload: string, limit: bigint): FacilityTerms {
  const data = parse("facility terms", payload);
  return {
    facilityId,
    originationDate: data.string("originationDate"),
    maturityDate: data.string("maturityDate"),
    eir: data.string("eir"),
    repayment: repaymentOf(data.object("repayment")),
    lifetimePdAtOrigination: data.string("lifetimePdAtOrigination"),
    poci: data.boolean("poci"),
    creditAdjustedEir: data.nullableString("creditAdjustedEir"),
    derecognisedOn: data.nullableString("derecognisedOn"),
    currency: data.string("currency"),
    limit,
  };
}

/** A CreditAssessmentRecorded's stored data (less ids, validFrom, asOf and fingerprint). */
export function creditAssessmentOf(asOf: string, payload: string): CreditAssessment {
  const data = parse("credit assessment", payload);
  return {
    asOf,
    daysPastDue: data.integer("daysPastDue"),
    defaulted: data.boolean("defaulted"),
    unlikelyToPay: data.boolean("unlikelyToPay"),
    creditImpaired: data.boolean("creditImpaired"),
    watchList: data.boolean("watchList"),
    forborne: data.oneOf("forborne", FORBORNE),
    distressedRestructuring: data.boolean("distressedRestructuring"),
    scenarios: data.objects("scenarios").map((scenario) => {
      const curve = scenario.object("lifetimePd");
      return {
        scenarioId: scenario.string("scenarioId"),
        weight: scenario.string("weight"),
        pd12m: scenario.string("pd12m"),
        lifetimePd: {
          kind: curve.oneOf("kind", ["marginal", "cumulative"]),
          byYear: curve.strings("byYear"),
        },
        lgd: scenario.string("lgd"),
      };
    }),
  };
}

/** A WriteOffRecorded's stored data (less record id, facility id, validFrom, fingerprint). */
export function writeOffOf(recordId: string, payload: string): WriteOffInForce {
  const data = parse("write-off", payload);
  return {
    recordId,
    writtenOffOn: data.string("writtenOffOn"),
    amount: data.minorUnits("amount"),
    currency: data.string("currency"),
  };
}

/** An Ifrs9ParametersRecorded's stored data (less record id, set id, validFrom, fingerprint). */
export function ifrs9ParametersOf(parameterSetId: string, payload: string): Ifrs9Parameters {
  const data = parse("IFRS 9 parameters", payload);
  const sicr = data.object("sicr");
  const dpd = data.object("dpd");
  const probation = data.object("probation");
  return {
    parameterSetId,
    sicr: {
      relativeThreshold: sicr.string("relativeThreshold"),
      absoluteThreshold: sicr.string("absoluteThreshold"),
      comparison: sicr.oneOf("comparison", COMPARISONS),
    },
    dpd: {
      stage2: dpd.integer("stage2"),
      stage3: dpd.integer("stage3"),
      comparison: dpd.oneOf("comparison", COMPARISONS),
    },
    probation: {
      stage3Months: probation.integer("stage3Months"),
      stage3AfterDistressedRestructuringMonths: probation.integer(
        "stage3AfterDistressedRestructuringMonths",
      ),
      stage2Months: probation.integer("stage2Months"),
    },
    stage3RecoveryMonths: data.integer("stage3RecoveryMonths"),
    rounding: data.oneOf("rounding", ROUNDING_MODES),
    accounts: {
      impairmentExpense: data.string("impairmentExpenseAccountId"),
      lossAllowance: data.string("lossAllowanceAccountId"),
    },
  };
}
