// Expected credit loss of one facility at a reporting date (docs/ifrs9.md, Measurement;
// research note 1.2-1.3): for each scenario and yearly period, PD x LGD x EAD x DF, weighted
// by the scenario weights; 12-month and lifetime figures, the recognised one by stage, the
// drawn/undrawn split of a revolving facility, and one traceable detail row per scenario and
// period. Exact decimals throughout; each reported amount is rounded once, at the end.
import {
  type PreparedScenario,
  type Period,
  periodPd,
  periodsOf,
  prepareScenarios,
  remainingLife,
} from "./eclInputs.js";
import {
  type Dec,
  Ifrs9Decimal,
  Ifrs9InputError,
  ONE,
  ZERO,
  addDays,
  dayNumber,
  DAYS_PER_YEAR,
  decOf,
  maxDec,
  parseDecimal,
  parseUnit,
  roundMinor,
  text,
} from "./ifrs9Decimal.js";
import type {
  CreditAssessment,
  EclPeriodDetail,
  EclResult,
  FacilityTerms,
  Ifrs9Parameters,
  Stage,
} from "./ifrs9Types.js";

export { Ifrs9Decimal } from "./ifrs9Decimal.js";

export interface EclInput {
  readonly terms: FacilityTerms;
  /** The assessment in force at the reporting date (its scenarios are used). */
  readonly assessment: CreditAssessment;
  readonly stage: Stage;
  /** Drawn + accrued interest from the ledger, minor units. */
  readonly grossCarryingAmount: bigint;
  /** Decimal places of the facility's currency (reported back; amounts stay minor units). */
  readonly scale: number;
  readonly reportingDate: string;
  readonly params: Ifrs9Parameters;
}

/** EAD of one period, split into the drawn part and the expected drawdown (revolving). */
interface Exposure {
  readonly drawn: Dec;
  readonly undrawn: Dec;
}

interface Row {
  readonly scenario: PreparedScenario;
  readonly t: number;
  readonly tau: Dec;
  readonly exposure: Exposure;
  readonly pdMarginal: Dec;
  readonly pdCumulative: Dec;
  readonly df: Dec;
  readonly contribution: Dec;
}

function checkInput(input: EclInput): void {
  const { terms, reportingDate, grossCarryingAmount, scale } = input;
  dayNumber(reportingDate, "reportingDate");
  dayNumber(input.assessment.asOf, "assessment asOf");
  if (terms.derecognisedOn !== null) dayNumber(terms.derecognisedOn, "derecognisedOn");
  if (grossCarryingAmount < 0n) {
    throw new Ifrs9InputError(
      "gross_negative",
      `facility ${terms.facilityId}: gross carrying amount is negative`,
    );
  }
  if (!Number.isInteger(scale) || scale < 0 || scale > 18) {
    throw new Ifrs9InputError(
      "scale_invalid",
      `currency scale must be a whole number 0..18, got ${scale}`,
    );
  }
  if (terms.derecognisedOn !== null && terms.derecognisedOn <= reportingDate) {
    throw new Ifrs9InputError(
      "derecognised",
      `facility ${terms.facilityId} was derecognised on ${terms.derecognisedOn}: no allowance at ${reportingDate}`,
    );
  }
  if (input.assessment.asOf > reportingDate) {
    throw new Ifrs9InputError(
      "assessment_after_reporting_date",
      `assessment ${input.assessment.asOf} is after ${reportingDate}`,
    );
  }
}

/** The annual rate of the discount factor: the EIR, or the credit-adjusted EIR for POCI. */
export function discountRate(terms: FacilityTerms, stage: Stage): Dec {
  const source = stage === "POCI" || terms.poci ? terms.creditAdjustedEir : terms.eir;
  if (source === null) {
    throw new Ifrs9InputError(
      "credit_adjusted_eir_missing",
      `POCI facility ${terms.facilityId} has no creditAdjustedEir`,
    );
  }
  const rate = parseDecimal(source, `facility ${terms.facilityId} discount rate`);
  if (rate.lessThanOrEqualTo(-1)) {
    throw new Ifrs9InputError(
      "rate_invalid",
      `facility ${terms.facilityId}: rate ${source} must be above -1`,
    );
  }
  return rate;
}

/** Discount factors of whole years by rate, the ones every facility shares. */
const WHOLE_YEAR_FACTORS = new Map<string, Dec>();
/** The most (rate, year) factors kept; beyond it they are computed each time. */
export const MAX_CACHED_DISCOUNT_FACTORS = 10_000;

/** DF = (1 + rate)^(-tau); whole years are remembered per rate (the same value every time). */
export function discountFactor(rate: Dec, tau: Dec): Dec {
  if (!tau.isInteger()) return ONE.plus(rate).pow(tau.negated());
  const key = `${rate.toString()}/${tau.toString()}`;
  let factor = WHOLE_YEAR_FACTORS.get(key);
  if (factor === undefined) {
    factor = ONE.plus(rate).pow(tau.negated());
    if (WHOLE_YEAR_FACTORS.size < MAX_CACHED_DISCOUNT_FACTORS) WHOLE_YEAR_FACTORS.set(key, factor);
  }
  return factor;
}

/** EAD for each period: amortising, gross less principal due before it; revolving, constant. */
function exposures(input: EclInput, periods: readonly Period[]): Exposure[] {
  const { terms, reportingDate } = input;
  const gross = decOf(input.grossCarryingAmount);
  const repayment = terms.repayment;
  if (repayment.kind === "revolving") {
    const ccf = parseUnit(repayment.ccf, `facility ${terms.facilityId} ccf`);
    const undrawn = maxDec(ZERO, decOf(terms.limit).minus(gross)).times(ccf);
    return periods.map(() => ({ drawn: gross, undrawn }));
  }
  return periods.map((period) => {
    const start = addDays(reportingDate, (period.t - 1) * DAYS_PER_YEAR);
    const repaid = repayment.schedule
      .filter((item) => item.date > reportingDate && item.date <= start)
      .reduce((sum, item) => sum.plus(decOf(item.principal)), ZERO);
    return { drawn: maxDec(ZERO, gross.minus(repaid)), undrawn: ZERO };
  });
}

function eadOf(exposure: Exposure): Dec {
  return exposure.drawn.plus(exposure.undrawn);
}

/** The lifetime rows of one scenario: marginal PD of each period, EAD, DF. */
function scenarioRows(
  scenario: PreparedScenario,
  periods: readonly Period[],
  eads: readonly Exposure[],
  dfs: readonly Dec[],
): Row[] {
  let cumulative = ZERO;
  return periods.map((period, i) => {
    const exposure = eads[i] ?? { drawn: ZERO, undrawn: ZERO };
    const pdMarginal = periodPd(scenario, period);
    cumulative = cumulative.plus(pdMarginal);
    const df = dfs[i] ?? ONE;
    const contribution = scenario.weight
      .times(pdMarginal)
      .times(scenario.lgd)
      .times(eadOf(exposure))
      .times(df);
    return {
      scenario,
      t: period.t,
      tau: period.tau,
      exposure,
      pdMarginal,
      pdCumulative: cumulative,
      df,
      contribution,
    };
  });
}

/** Stage 3: PD = 1, one row per scenario discounted over the time to recovery. */
function stage3Rows(
  scenarios: readonly PreparedScenario[],
  exposure: Exposure,
  rate: Dec,
  params: Ifrs9Parameters,
): Row[] {
  const tau = new Ifrs9Decimal(params.stage3RecoveryMonths).dividedBy(12);
  const df = discountFactor(rate, tau);
  return scenarios.map((scenario) => ({
    scenario,
    t: 1,
    tau,
    exposure,
    pdMarginal: ONE,
    pdCumulative: ONE,
    df,
    contribution: scenario.weight.times(scenario.lgd).times(eadOf(exposure)).times(df),
  }));
}

function detailOf(row: Row): EclPeriodDetail {
  return {
    scenarioId: row.scenario.scenarioId,
    weight: text(row.scenario.weight),
    t: row.t,
    tauYears: text(row.tau),
    ead: text(eadOf(row.exposure)),
    pdMarginal: text(row.pdMarginal),
    pdCumulative: text(row.pdCumulative),
    lgd: text(row.scenario.lgd),
    df: text(row.df),
    eclContribution: text(row.contribution),
  };
}

/** Sum of the rows' contributions and of their drawn part. */
function totals(rows: readonly Row[]): { all: Dec; drawn: Dec } {
  return rows.reduce(
    (acc, row) => {
      const ead = eadOf(row.exposure);
      const drawnShare = ead.isZero()
        ? ZERO
        : row.contribution.times(row.exposure.drawn).dividedBy(ead);
      return { all: acc.all.plus(row.contribution), drawn: acc.drawn.plus(drawnShare) };
    },
    { all: ZERO, drawn: ZERO },
  );
}

function lifetimeRows(
  input: EclInput,
  scenarios: readonly PreparedScenario[],
  life: Dec,
  rate: Dec,
): Row[] {
  if (input.stage === "3") {
    const [exposure] = exposures(input, [{ t: 1, tau: ONE, fraction: ONE }]);
    return stage3Rows(scenarios, exposure ?? { drawn: ZERO, undrawn: ZERO }, rate, input.params);
  }
  if (!life.greaterThan(0)) {
    const { terms, reportingDate } = input;
    throw new Ifrs9InputError(
      "no_remaining_life",
      terms.repayment.kind === "revolving"
        ? `facility ${terms.facilityId}: behavioural life is zero`
        : `facility ${terms.facilityId}: maturity ${terms.maturityDate} is not after the reporting date ${reportingDate}`,
    );
  }
  const periods = periodsOf(life);
  const eads = exposures(input, periods);
  // One discount factor per period, shared by the scenarios (a fractional power at 60 digits
  // is the dearest step of the measurement: benchmarks/README.md, "IFRS 9").
  const dfs = periods.map((period) => discountFactor(rate, period.tau));
  return scenarios.flatMap((scenario) => scenarioRows(scenario, periods, eads, dfs));
}

/** Measures the ECL of one facility at the reporting date (docs/ifrs9.md, Measurement). */
export function measureEcl(input: EclInput): EclResult {
  checkInput(input);
  const scenarios = prepareScenarios(input.assessment);
  const rate = discountRate(input.terms, input.stage);
  const life = remainingLife(input.terms, input.reportingDate);
  const rows = lifetimeRows(input, scenarios, life, rate);
  const mode = input.params.rounding;
  const lifetime = totals(rows);
  const twelveMonth = totals(rows.filter((row) => row.t === 1));
  const recognised = input.stage === "1" ? twelveMonth : lifetime;
  const eclRecognised = roundMinor(recognised.all, mode);
  const eclDrawn = roundMinor(recognised.drawn, mode);
  return {
    stage: input.stage,
    remainingLifeYears: text(maxDec(ZERO, life)),
    periods: input.stage === "3" ? 1 : periodsOf(life).length,
    discountRate: text(rate),
    scale: input.scale,
    ecl12m: roundMinor(twelveMonth.all, mode),
    eclLifetime: roundMinor(lifetime.all, mode),
    eclRecognised,
    eclDrawn,
    eclUndrawn: eclRecognised - eclDrawn,
    detail: rows.map(detailOf),
  };
}
