// IFRS 9 staging of one facility (docs/ifrs9.md, Staging; research note 1.1): the triggers
// evaluated in order (POCI; stage 3 triggers; stage 3 probation after a cure; stage 2
// triggers; stage 2 probation; otherwise stage 1) on the assessment in force, the timeline
// of stages over the assessment dates and the probation ends, and from it the previous stage
// and the date the current one began. Pure: the history is given, nothing is read.
import { weightedLifetimePd, weightedPd12m } from "./eclInputs.js";
import {
  type Dec,
  Ifrs9InputError,
  addMonths,
  dayNumber,
  parseUnit,
  parseDecimal,
  text,
} from "./ifrs9Decimal.js";
import type {
  Comparison,
  CreditAssessment,
  FacilityTerms,
  Ifrs9Parameters,
  Stage,
  StagePoint,
  StageReason,
  StageResult,
} from "./ifrs9Types.js";

interface Evaluation extends StagePoint {
  readonly defaultCureDate: string | null;
  readonly probationEndDate: string | null;
}

function meets(value: Dec, threshold: Dec, comparison: Comparison): boolean {
  return comparison === "gt" ? value.greaterThan(threshold) : value.greaterThanOrEqualTo(threshold);
}

function dpdMeets(dpd: number, threshold: number, comparison: Comparison): boolean {
  return comparison === "gt" ? dpd > threshold : dpd >= threshold;
}

/** The first stage 3 trigger of an assessment, in the order of research note 1.1. */
export function stage3Trigger(a: CreditAssessment, params: Ifrs9Parameters): StageReason | null {
  if (dpdMeets(a.daysPastDue, params.dpd.stage3, params.dpd.comparison)) return "dpd_90";
  if (a.defaulted) return "defaulted";
  if (a.unlikelyToPay) return "unlikely_to_pay";
  if (a.creditImpaired) return "credit_impaired";
  if (a.forborne === "non_performing") return "forborne_non_performing";
  return null;
}

/**
 * Quantitative SICR: lifetime PD now / at origination and now - at origination both meet
 * their thresholds. A PD at origination of 0 makes the ratio infinite when now > 0.
 */
export function sicr(now: Dec, atOrigination: Dec, params: Ifrs9Parameters): boolean {
  const relative = parseDecimal(params.sicr.relativeThreshold, "sicr.relativeThreshold");
  const absolute = parseDecimal(params.sicr.absoluteThreshold, "sicr.absoluteThreshold");
  const { comparison } = params.sicr;
  const ratioMet = atOrigination.isZero()
    ? now.greaterThan(0)
    : meets(now.dividedBy(atOrigination), relative, comparison);
  return ratioMet && meets(now.minus(atOrigination), absolute, comparison);
}

/** The first stage 2 trigger of an assessment, in the order of research note 1.1. */
export function stage2Trigger(
  a: CreditAssessment,
  terms: FacilityTerms,
  params: Ifrs9Parameters,
): StageReason | null {
  if (dpdMeets(a.daysPastDue, params.dpd.stage2, params.dpd.comparison)) return "dpd_30";
  const atOrigination = parseUnit(
    terms.lifetimePdAtOrigination,
    `facility ${terms.facilityId} lifetimePdAtOrigination`,
  );
  if (sicr(weightedLifetimePd(a, terms), atOrigination, params)) return "sicr";
  if (a.watchList) return "watch_list";
  if (a.forborne === "performing") return "forborne_performing";
  return null;
}

/** The assessments sorted by date; two on one date, or a malformed count, are refused. */
export function sortHistory(history: readonly CreditAssessment[]): CreditAssessment[] {
  const sorted = [...history].sort((a, b) => dayNumber(a.asOf, "asOf") - dayNumber(b.asOf, "asOf"));
  sorted.forEach((a, i) => {
    if (!Number.isInteger(a.daysPastDue) || a.daysPastDue < 0) {
      throw new Ifrs9InputError(
        "dpd_invalid",
        `assessment ${a.asOf}: daysPastDue must be a whole number >= 0`,
      );
    }
    if (i > 0 && sorted[i - 1]?.asOf === a.asOf) {
      throw new Ifrs9InputError("assessment_duplicate", `two credit assessments on ${a.asOf}`);
    }
  });
  return sorted;
}

/**
 * The cure after the last assessment matching `triggered` among `upTo`: the asOf of the first
 * assessment after it, with the index of the first assessment of that episode. Null when the
 * last assessment still matches or none ever did.
 */
function lastCure(
  upTo: readonly CreditAssessment[],
  triggered: (a: CreditAssessment) => boolean,
): { cure: CreditAssessment; episodeStart: number; cureIndex: number } | null {
  let last = -1;
  upTo.forEach((a, i) => {
    if (triggered(a)) last = i;
  });
  const cure = upTo[last + 1];
  if (last < 0 || cure === undefined) return null;
  let start = last;
  while (start > 0 && triggered(upTo[start - 1] as CreditAssessment)) start -= 1;
  return { cure, episodeStart: start, cureIndex: last + 1 };
}

interface Probation {
  readonly cureDate: string;
  readonly endDate: string;
}

function stage3Probation(
  upTo: readonly CreditAssessment[],
  params: Ifrs9Parameters,
): Probation | null {
  const found = lastCure(upTo, (a) => stage3Trigger(a, params) !== null);
  if (found === null) return null;
  const distressed = upTo
    .slice(found.episodeStart, found.cureIndex + 1)
    .some((a) => a.distressedRestructuring);
  const months = distressed
    ? params.probation.stage3AfterDistressedRestructuringMonths
    : params.probation.stage3Months;
  return { cureDate: found.cure.asOf, endDate: addMonths(found.cure.asOf, months) };
}

function stage2Probation(
  upTo: readonly CreditAssessment[],
  terms: FacilityTerms,
  params: Ifrs9Parameters,
): Probation | null {
  const triggered = (a: CreditAssessment): boolean =>
    stage3Trigger(a, params) !== null || stage2Trigger(a, terms, params) !== null;
  const found = lastCure(upTo, triggered);
  if (found === null) return null;
  return {
    cureDate: found.cure.asOf,
    endDate: addMonths(found.cure.asOf, params.probation.stage2Months),
  };
}

/** The stage on `date` given the assessments up to it (sorted, the last one in force). */
function evaluate(
  upTo: readonly CreditAssessment[],
  terms: FacilityTerms,
  params: Ifrs9Parameters,
  date: string,
): Evaluation {
  const current = upTo[upTo.length - 1];
  if (current === undefined) {
    throw new Ifrs9InputError(
      "assessment_missing",
      `facility ${terms.facilityId}: no credit assessment in force on ${date}`,
    );
  }
  const s3 = stage3Probation(upTo, params);
  const point = (
    stage: Stage,
    stageReason: StageReason,
    probationEndDate: string | null = null,
  ): Evaluation => ({
    date,
    stage,
    stageReason,
    assessmentAsOf: current.asOf,
    defaultCureDate: s3?.cureDate ?? null,
    probationEndDate,
  });
  if (terms.poci) return point("POCI", "poci");
  const trigger3 = stage3Trigger(current, params);
  if (trigger3 !== null) return point("3", trigger3);
  if (s3 !== null && date < s3.endDate) return point("3", "stage3_probation", s3.endDate);
  const trigger2 = stage2Trigger(current, terms, params);
  if (trigger2 !== null) return point("2", trigger2);
  const s2 = stage2Probation(upTo, terms, params);
  if (s2 !== null && date < s2.endDate) return point("2", "stage2_probation", s2.endDate);
  return point("1", "performing");
}

/**
 * The stage at each assessment date up to `reportingDate`, plus an entry on each probation
 * end that changes the stage before the next assessment, plus the reporting date itself if
 * it changes anything. Sorted by date.
 */
export function stageHistory(
  history: readonly CreditAssessment[],
  terms: FacilityTerms,
  params: Ifrs9Parameters,
  reportingDate: string,
): Evaluation[] {
  dayNumber(reportingDate, "reportingDate");
  const sorted = sortHistory(history).filter((a) => a.asOf <= reportingDate);
  const timeline: Evaluation[] = [];
  sorted.forEach((assessment, i) => {
    const upTo = sorted.slice(0, i + 1);
    const until = sorted[i + 1]?.asOf ?? null;
    let point = evaluate(upTo, terms, params, assessment.asOf);
    timeline.push(point);
    while (point.probationEndDate !== null && (until === null || point.probationEndDate < until)) {
      const date = point.probationEndDate;
      if (date > reportingDate) break;
      point = evaluate(upTo, terms, params, date);
      timeline.push(point);
    }
  });
  return timeline;
}

/** The stage on the reporting date, with the previous stage and the date it changed. */
export function stageAt(
  history: readonly CreditAssessment[],
  terms: FacilityTerms,
  params: Ifrs9Parameters,
  reportingDate: string,
): StageResult {
  const timeline = stageHistory(history, terms, params, reportingDate);
  const inForce = sortHistory(history).filter((a) => a.asOf <= reportingDate);
  const now = evaluate(inForce, terms, params, reportingDate);
  const current = inForce[inForce.length - 1] as CreditAssessment;
  let start = timeline.length - 1;
  while (start > 0 && timeline[start - 1]?.stage === now.stage) start -= 1;
  return {
    ...now,
    previousStage: timeline[start - 1]?.stage ?? null,
    stageChangedAt: timeline[start]?.date ?? reportingDate,
    lifetimePdNow: text(weightedLifetimePd(current, terms)),
    lifetimePdAtOrigination: text(
      parseUnit(terms.lifetimePdAtOrigination, "lifetimePdAtOrigination"),
    ),
    pd12mNow: text(weightedPd12m(current)),
  };
}
