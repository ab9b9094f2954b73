// Validation and preparation of the ECL inputs (docs/ifrs9.md, Measurement): scenario
// weights, LGDs and PD curves (marginal PDs from a marginal or cumulative curve), the
// remaining life and its yearly periods, and the probability-weighted lifetime PD that
// staging compares with the PD at origination. Pure; bad input is an Ifrs9InputError
// (a RangeError) whose message names the scenario and the figure.
import {
  type Dec,
  Ifrs9Decimal,
  Ifrs9InputError,
  ONE,
  ZERO,
  daysBetween,
  DAYS_PER_YEAR,
  minDec,
  parseUnit,
} from "./ifrs9Decimal.js";
import type { CreditAssessment, FacilityTerms, LifetimePdCurve, Scenario } from "./ifrs9Types.js";

/** A scenario with its figures parsed: marginal PDs by year, year 1 first. */
export interface PreparedScenario {
  readonly scenarioId: string;
  readonly weight: Dec;
  readonly lgd: Dec;
  readonly pd12m: Dec;
  readonly marginal: readonly Dec[];
}

/** Period t covers years (t - 1, tau]; `fraction` = tau - (t - 1), 1 except the last. */
export interface Period {
  readonly t: number;
  readonly tau: Dec;
  readonly fraction: Dec;
}

/** Marginal PDs by year from either kind of curve; refuses a curve that is not a PD curve. */
export function marginalPds(curve: LifetimePdCurve, what: string): Dec[] {
  const values = curve.byYear.map((pd, i) => parseUnit(pd, `${what} year ${i + 1}`));
  if (values.length === 0) {
    throw new Ifrs9InputError("pd_curve_empty", `${what} has no years`);
  }
  if (curve.kind === "marginal") {
    const sum = values.reduce((a, b) => a.plus(b), ZERO);
    if (sum.greaterThan(ONE)) {
      throw new Ifrs9InputError(
        "pd_curve_invalid",
        `${what}: marginal PDs sum to ${sum.toFixed()}, more than 1`,
      );
    }
    return values;
  }
  return values.map((cumulative, i) => {
    const previous = i === 0 ? ZERO : (values[i - 1] ?? ZERO);
    if (cumulative.lessThan(previous)) {
      throw new Ifrs9InputError(
        "pd_curve_invalid",
        `${what}: cumulative PD decreases in year ${i + 1} (${previous.toFixed()} to ${cumulative.toFixed()})`,
      );
    }
    return cumulative.minus(previous);
  });
}

function prepareScenario(scenario: Scenario): PreparedScenario {
  const what = `scenario ${scenario.scenarioId}`;
  const marginal = marginalPds(scenario.lifetimePd, `${what} lifetime PD`);
  const pd12m = parseUnit(scenario.pd12m, `${what} pd12m`);
  const firstYear = marginal[0] ?? ZERO;
  if (!pd12m.equals(firstYear)) {
    throw new Ifrs9InputError(
      "pd12m_inconsistent",
      `${what}: pd12m ${scenario.pd12m} is not the curve's first-year PD ${firstYear.toFixed()}`,
    );
  }
  return {
    scenarioId: scenario.scenarioId,
    weight: parseUnit(scenario.weight, `${what} weight`),
    lgd: parseUnit(scenario.lgd, `${what} lgd`),
    pd12m,
    marginal,
  };
}

/** Parses and checks an assessment's scenarios: at least one, unique ids, weights sum to 1. */
/**
 * Assessments already checked and parsed: staging looks back over every assessment of a
 * facility, and measurement parses the one in force again (28 % of a run before this).
 * Keyed by the assessment object, which is immutable; entries go with it.
 */
const prepared = new WeakMap<CreditAssessment, readonly PreparedScenario[]>();

export function prepareScenarios(assessment: CreditAssessment): readonly PreparedScenario[] {
  let scenarios = prepared.get(assessment);
  if (scenarios === undefined) {
    scenarios = parsedScenarios(assessment);
    prepared.set(assessment, scenarios);
  }
  return scenarios;
}

function parsedScenarios(assessment: CreditAssessment): PreparedScenario[] {
  if (assessment.scenarios.length === 0) {
    throw new Ifrs9InputError(
      "scenarios_missing",
      `assessment ${assessment.asOf} has no scenarios`,
    );
  }
  const ids = new Set(assessment.scenarios.map((s) => s.scenarioId));
  if (ids.size !== assessment.scenarios.length) {
    throw new Ifrs9InputError(
      "scenario_duplicate",
      `assessment ${assessment.asOf} repeats a scenarioId`,
    );
  }
  const scenarios = assessment.scenarios.map(prepareScenario);
  const total = scenarios.reduce((sum, s) => sum.plus(s.weight), ZERO);
  if (!total.equals(ONE)) {
    throw new Ifrs9InputError(
      "weights_invalid",
      `assessment ${assessment.asOf}: scenario weights sum to ${total.toFixed()}, not exactly 1`,
    );
  }
  return scenarios;
}

/**
 * Remaining life in years from `from`: actual/365 to maturity (amortising), behavioural
 * months / 12 (revolving). May be zero or negative; callers decide whether that is allowed.
 */
export function remainingLife(terms: FacilityTerms, from: string): Dec {
  if (terms.repayment.kind === "revolving") {
    const months = terms.repayment.behaviouralLifeMonths;
    if (!Number.isInteger(months) || months < 0) {
      throw new Ifrs9InputError(
        "behavioural_life_invalid",
        `facility ${terms.facilityId}: behaviouralLifeMonths must be a whole number >= 0, got ${months}`,
      );
    }
    return new Ifrs9Decimal(months).dividedBy(12);
  }
  return new Ifrs9Decimal(daysBetween(from, terms.maturityDate)).dividedBy(DAYS_PER_YEAR);
}

/** Yearly periods t = 1..ceil(life); the last one ends at the life (may be partial). */
export function periodsOf(life: Dec): Period[] {
  const count = life.greaterThan(0) ? life.ceil().toNumber() : 0;
  return Array.from({ length: count }, (_, i) => {
    const tau = minDec(new Ifrs9Decimal(i + 1), life);
    return { t: i + 1, tau, fraction: tau.minus(i) };
  });
}

/** The scenario's marginal PD for a period: the year's PD times the fraction of it covered. */
export function periodPd(scenario: PreparedScenario, period: Period): Dec {
  const yearPd = scenario.marginal[period.t - 1];
  if (yearPd === undefined) {
    throw new Ifrs9InputError(
      "pd_curve_too_short",
      `scenario ${scenario.scenarioId}: the PD curve has ${scenario.marginal.length} years, the remaining life needs ${period.t}`,
    );
  }
  return yearPd.times(period.fraction);
}

/**
 * "Lifetime PD now" for SICR: sum over scenarios of weight x the cumulative PD over the
 * remaining life from the assessment date, on the same periods as the ECL. Zero when no life
 * remains.
 */
export function weightedLifetimePd(assessment: CreditAssessment, terms: FacilityTerms): Dec {
  const periods = periodsOf(remainingLife(terms, assessment.asOf));
  return prepareScenarios(assessment).reduce((sum, scenario) => {
    const cumulative = periods.reduce((c, period) => c.plus(periodPd(scenario, period)), ZERO);
    return sum.plus(scenario.weight.times(cumulative));
  }, ZERO);
}

/** Probability-weighted 12-month PD. */
export function weightedPd12m(assessment: CreditAssessment): Dec {
  return prepareScenarios(assessment).reduce((sum, s) => sum.plus(s.weight.times(s.pd12m)), ZERO);
}
