// The IFRS 9 report of one book at one reporting date (docs/ifrs9.md, The report): for each
// facility, sorted by id, the gross carrying amount from the ledger's balances, the stage
// (stageAt) and the expected credit loss (measureEcl) in the facility's currency, and the
// allowance and gross converted to the reporting currency (FxConverter, half-even, once);
// facilities that cannot be measured are listed with a stable reason and left out of the
// totals by stage. `facilityDetail` adds one facility's stage history, ECL rows and interest
// revenue per calendar quarter over the last year. Pure: the book is given, nothing is read.
import {
  ExposureInputError,
  FxConverter,
  dec,
  roundMinor,
  scaleOf,
} from "../exposure/exposureMathFx.js";
import { sumBalances } from "../exposure/exposureMathFlow.js";
import type { AccountBalanceAt, FacilityVersion } from "../exposure/exposureTypes.js";
import { measureEcl } from "./ecl.js";
import type {
  Ifrs9Book,
  Ifrs9FacilityDetail,
  Ifrs9FacilityFlag,
  Ifrs9FacilityInputs,
  Ifrs9FacilityLine,
  Ifrs9InterestQuarter,
  Ifrs9MeasuredFacility,
  Ifrs9Report,
  Ifrs9Totals,
  Ifrs9UnmeasuredFacility,
  Ifrs9UnmeasuredReason,
} from "./ifrs9Book.js";
import { Ifrs9InputError, addMonths, dayNumber } from "./ifrs9Decimal.js";
import type { CreditAssessment, FacilityTerms, Stage, StagePoint } from "./ifrs9Types.js";
import { interestRevenue } from "./interest.js";
import { stageAt, stageHistory } from "./staging.js";

export const IFRS9_STAGES: readonly Stage[] = ["1", "2", "3", "POCI"];

/** A facility that could be measured, with what facilityDetail needs again. */
interface Measurement {
  readonly line: Ifrs9MeasuredFacility;
  readonly terms: FacilityTerms;
  /** The assessments with asOf on or before the reporting date, sorted. */
  readonly inForce: readonly CreditAssessment[];
}

/** A facility that is not measured for a reason checked before any calculation. */
class NotMeasured extends Error {
  constructor(
    readonly reason: Ifrs9UnmeasuredReason,
    message: string,
  ) {
    super(message);
  }
}

const EXPOSURE_REASONS: ReadonlySet<string> = new Set([
  "account_currency_mismatch",
  "fx_rate_missing",
  "asset_scale_missing",
]);

function balancesOf(
  facility: FacilityVersion,
  balances: ReadonlyMap<string, AccountBalanceAt>,
): { drawn: bigint; interest: bigint } {
  // An account listed as both drawn and interest is counted once, as drawn.
  const interestOnly = facility.interestAccounts.filter((a) => !facility.drawnAccounts.includes(a));
  return {
    drawn: sumBalances(facility, facility.drawnAccounts, balances),
    interest: sumBalances(facility, interestOnly, balances),
  };
}

/** The terms and the assessments in force, or the reason the facility is not measured. */
function preconditions(
  book: Ifrs9Book,
  id: string,
  inputs: Ifrs9FacilityInputs,
): { terms: FacilityTerms; inForce: CreditAssessment[] } {
  const { facility, terms } = inputs;
  const date = book.reportingDate;
  if (terms === null) throw new NotMeasured("terms_missing", `facility ${id} has no terms`);
  if (facility.facilityId !== id || terms.facilityId !== id) {
    throw new NotMeasured(
      "terms_mismatch",
      `facility ${id}: the version is for ${facility.facilityId}, the terms for ${terms.facilityId}`,
    );
  }
  if (terms.currency !== facility.currency) {
    throw new NotMeasured(
      "terms_mismatch",
      `facility ${id}: terms in ${terms.currency}, the facility in ${facility.currency}`,
    );
  }
  dayNumber(terms.originationDate, `facility ${id} originationDate`);
  if (terms.originationDate > date) {
    throw new NotMeasured(
      "not_originated",
      `facility ${id} is originated on ${terms.originationDate}, after ${date}`,
    );
  }
  if (terms.derecognisedOn !== null)
    dayNumber(terms.derecognisedOn, `facility ${id} derecognisedOn`);
  if (terms.derecognisedOn !== null && terms.derecognisedOn <= date) {
    throw new NotMeasured(
      "derecognised",
      `facility ${id} was derecognised on ${terms.derecognisedOn}: no allowance at ${date}`,
    );
  }
  for (const a of inputs.assessments) dayNumber(a.asOf, `facility ${id} assessment asOf`);
  const inForce = [...inputs.assessments]
    .filter((a) => a.asOf <= date)
    .sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  if (inForce.length === 0) {
    throw new NotMeasured(
      "assessment_missing",
      `facility ${id}: no credit assessment on or before ${date}`,
    );
  }
  return { terms, inForce };
}

function measureFacility(
  book: Ifrs9Book,
  fx: FxConverter,
  id: string,
  inputs: Ifrs9FacilityInputs,
): Measurement {
  const { facility } = inputs;
  const { drawn, interest } = balancesOf(facility, book.balances);
  const { terms, inForce } = preconditions(book, id, inputs);
  const params = book.parameters;
  const staging = stageAt(inForce, terms, params, book.reportingDate);
  const assessment = inForce.find((a) => a.asOf === staging.assessmentAsOf) as CreditAssessment;
  const ledgerBalance = drawn + interest;
  const gross = ledgerBalance < 0n ? 0n : ledgerBalance;
  const flags: Ifrs9FacilityFlag[] = ledgerBalance < 0n ? ["gross_negative_floored"] : [];
  const ecl = measureEcl({
    terms,
    assessment,
    stage: staging.stage,
    grossCarryingAmount: gross,
    scale: scaleOf(book.assetScales, facility.currency),
    reportingDate: book.reportingDate,
    params,
  });
  const toReporting = (minor: bigint): bigint =>
    roundMinor(fx.toReporting(dec(minor), facility.currency));
  const line: Ifrs9MeasuredFacility = {
    status: "measured",
    facilityId: id,
    counterpartyId: facility.counterpartyId,
    currency: facility.currency,
    originationDate: terms.originationDate,
    drawnBalance: drawn,
    interestBalance: interest,
    ledgerBalance,
    grossCarryingAmount: gross,
    flags,
    staging,
    ecl,
    fxRate: fx.rateText(facility.currency, book.reportingCurrency),
    grossCarryingAmountReporting: toReporting(gross),
    allowanceReporting: toReporting(ecl.eclRecognised),
  };
  return { line, terms, inForce };
}

function unmeasured(
  book: Ifrs9Book,
  id: string,
  inputs: Ifrs9FacilityInputs,
  reason: Ifrs9UnmeasuredReason,
  errorCode: string | null,
  message: string,
): Ifrs9UnmeasuredFacility {
  const { facility } = inputs;
  let ledgerBalance: bigint | null = null;
  try {
    const { drawn, interest } = balancesOf(facility, book.balances);
    ledgerBalance = drawn + interest;
  } catch (error) {
    if (!(error instanceof ExposureInputError)) throw error;
  }
  return {
    status: "unmeasured",
    facilityId: id,
    counterpartyId: facility.counterpartyId,
    currency: facility.currency,
    ledgerBalance,
    reason,
    errorCode,
    message,
  };
}

/** Measures one facility; input errors become an unmeasured line, anything else is thrown. */
function lineOf(
  book: Ifrs9Book,
  fx: FxConverter,
  id: string,
  inputs: Ifrs9FacilityInputs,
): Measurement | Ifrs9UnmeasuredFacility {
  try {
    return measureFacility(book, fx, id, inputs);
  } catch (error) {
    if (error instanceof NotMeasured) {
      return unmeasured(book, id, inputs, error.reason, null, error.message);
    }
    if (error instanceof Ifrs9InputError) {
      return unmeasured(book, id, inputs, "input_invalid", error.code, error.message);
    }
    if (error instanceof ExposureInputError) {
      const reason = EXPOSURE_REASONS.has(error.code)
        ? (error.code as Ifrs9UnmeasuredReason)
        : "input_invalid";
      return unmeasured(book, id, inputs, reason, error.code, error.message);
    }
    throw error;
  }
}

function converterOf(book: Ifrs9Book): FxConverter {
  dayNumber(book.reportingDate, "reportingDate");
  return new FxConverter(book.fxRates, book.assetScales, book.reportingCurrency);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function totalsOf(lines: readonly Ifrs9MeasuredFacility[]): Ifrs9Totals {
  return lines.reduce<Ifrs9Totals>(
    (t, l) => ({
      count: t.count + 1,
      grossCarryingAmount: t.grossCarryingAmount + l.grossCarryingAmountReporting,
      allowance: t.allowance + l.allowanceReporting,
    }),
    { count: 0, grossCarryingAmount: 0n, allowance: 0n },
  );
}

/** The IFRS 9 report of the book (docs/ifrs9.md, The report). */
export function computeIfrs9Report(book: Ifrs9Book): Ifrs9Report {
  const fx = converterOf(book);
  const ids = [...book.facilities.keys()].sort(compareIds);
  const lines: Ifrs9FacilityLine[] = ids.map((id) => {
    const result = lineOf(book, fx, id, book.facilities.get(id) as Ifrs9FacilityInputs);
    return "line" in result ? result.line : result;
  });
  const measured = lines.filter((l): l is Ifrs9MeasuredFacility => l.status === "measured");
  const byStage = (stage: Stage): Ifrs9Totals =>
    totalsOf(measured.filter((l) => l.staging.stage === stage));
  return {
    reportingDate: book.reportingDate,
    reportingCurrency: book.reportingCurrency,
    parameterSetId: book.parameters.parameterSetId,
    measured,
    unmeasured: lines.filter((l): l is Ifrs9UnmeasuredFacility => l.status === "unmeasured"),
    byStage: { "1": byStage("1"), "2": byStage("2"), "3": byStage("3"), POCI: byStage("POCI") },
    overall: totalsOf(measured),
  };
}

/** The last day of quarter q (0..3) of `year`. */
function quarterEnd(year: number, q: number): string {
  return new Date(Date.UTC(year, 3 * q + 3, 0)).toISOString().slice(0, 10);
}

/**
 * Periods from `start` to `end` cut at each calendar quarter end: (start, Q1], (Q1, Q2], ...,
 * (Qn, end]. Dates are end-of-day, as the reporting date is.
 */
export function quarterPeriods(start: string, end: string): { start: string; end: string }[] {
  const periods: { start: string; end: string }[] = [];
  let from = start;
  let year = Number.parseInt(start.slice(0, 4), 10);
  let q = Math.floor((Number.parseInt(start.slice(5, 7), 10) - 1) / 3);
  while (from < end) {
    const boundary = quarterEnd(year, q);
    if (boundary > from) {
      const to = boundary < end ? boundary : end;
      periods.push({ start: from, end: to });
      from = to;
    }
    q += 1;
    if (q === 4) [year, q] = [year + 1, 0];
  }
  return periods;
}

function problemOf(error: unknown): { code: string; message: string } {
  if (error instanceof Ifrs9InputError || error instanceof ExposureInputError) {
    return { code: error.code, message: error.message };
  }
  throw error;
}

function quarterOf(
  book: Ifrs9Book,
  m: Measurement,
  history: readonly StagePoint[],
  period: { start: string; end: string },
): Ifrs9InterestQuarter {
  const { terms, line } = m;
  const point = history.filter((p) => p.date <= period.start).pop();
  const stageAtStart: Stage = point?.stage ?? (terms.poci ? "POCI" : "1");
  const assessment = m.inForce.find((a) => a.asOf === point?.assessmentAsOf);
  const base = {
    periodStart: period.start,
    periodEnd: period.end,
    stageAtStart,
    assessmentAsOf: assessment?.asOf ?? null,
    grossAtStart: line.grossCarryingAmount,
  };
  let allowanceAtStart = 0n;
  try {
    if (assessment !== undefined) {
      allowanceAtStart = measureEcl({
        terms,
        assessment,
        stage: stageAtStart,
        grossCarryingAmount: line.grossCarryingAmount,
        scale: line.ecl.scale,
        reportingDate: period.start,
        params: book.parameters,
      }).eclDrawn;
    }
    const interest = interestRevenue({
      terms,
      periodStart: period.start,
      periodEnd: period.end,
      stageAtStart,
      grossAtStart: line.grossCarryingAmount,
      allowanceAtStart,
      params: book.parameters,
    });
    return { ...base, allowanceAtStart, interest, problem: null };
  } catch (error) {
    return { ...base, allowanceAtStart, interest: null, problem: problemOf(error) };
  }
}

/**
 * One facility in detail: its stage history, the ECL rows, and the interest revenue of each
 * calendar quarter from the later of origination and one year before the reporting date.
 */
export function facilityDetail(book: Ifrs9Book, facilityId: string): Ifrs9FacilityDetail {
  const fx = converterOf(book);
  const inputs = book.facilities.get(facilityId);
  if (inputs === undefined) {
    throw new Ifrs9InputError("facility_unknown", `facility ${facilityId} is not in the book`);
  }
  const result = lineOf(book, fx, facilityId, inputs);
  if (!("line" in result)) return { status: "unmeasured", facility: result };
  const history = stageHistory(result.inForce, result.terms, book.parameters, book.reportingDate);
  const yearBefore = addMonths(book.reportingDate, -12);
  const start =
    result.terms.originationDate > yearBefore ? result.terms.originationDate : yearBefore;
  return {
    status: "measured",
    facility: result.line,
    stageHistory: history,
    eclDetail: result.line.ecl.detail,
    interest: quarterPeriods(start, book.reportingDate).map((p) =>
      quarterOf(book, result, history, p),
    ),
  };
}
