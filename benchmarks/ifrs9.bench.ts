// The IFRS 9 allowance run's calculation at scale (`npm run bench:ifrs9`, docs/ifrs9.md): an
// in-memory `Ifrs9Book` of BENCH_FACILITIES facilities (default 10,000) at 2026-11-30, EUR
// reporting with a fifth of the facilities in USD, built from a seeded generator (the same
// book every run): three in five amortising with yearly principal repayments to a maturity
// within five years, the rest revolving (behavioural life 1 to 5 years); each with one credit
// assessment as of 2026-11-30, about half with a second, earlier one (2026-05-31); three
// scenarios (weights 0.5 / 0.3 / 0.2) with 5-year cumulative PD curves; a mix that lands in
// every stage (SICR, 30 and 90 days past due, defaults, cures on probation, POCI); a fifth
// with an interest account; a few write-offs. Then `computeIfrs9Report(book)` (what a
// provisioning run computes from the book the query assembles) is timed BENCH_RUNS times
// (default 5) after one warm-up, and `reportDigest` (the run's inputsDigest) with it. No
// database: the query's reads are timed by bench:exposure. Target: the calculation under 10 s.
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import type { AccountBalanceAt, FacilityVersion } from "../projections/exposure/exposureTypes.js";
import {
  computeIfrs9Report,
  DEFAULT_IFRS9_PARAMETERS,
  IFRS9_STAGES,
  type CreditAssessment,
  type FacilityTerms,
  type Ifrs9Book,
  type Ifrs9FacilityInputs,
  type Ifrs9Report,
  type Scenario,
} from "../projections/ifrs9/index.js";
import { reportDigest } from "../projections/ifrs9/ifrs9Query.js";
import {
  machineRows,
  positiveIntegerSetting,
  printResult,
  printTable,
  Samples,
} from "./machine.js";

const facilityCount = positiveIntegerSetting("BENCH_FACILITIES", 10_000);
const runs = positiveIntegerSetting("BENCH_RUNS", 5);

const REPORTING_DATE = "2026-11-30";
const EARLIER_ASSESSMENT = "2026-05-31";
const TARGET_MS = 10_000;
const PD_YEARS = 5;
const DAY_MS = 86_400_000;
const SCENARIOS = [
  { scenarioId: "base", weight: "0.5", pd: 1, lgd: 0 },
  { scenarioId: "downside", weight: "0.3", pd: 1.8, lgd: 0.1 },
  { scenarioId: "upside", weight: "0.2", pd: 0.6, lgd: -0.05 },
] as const;

/** mulberry32: a small seeded generator, so every run measures the same book. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = generator(20261130);
const between = (low: number, high: number): number => low + Math.floor(random() * (high - low));

const day = (text: string): number => Date.parse(`${text}T00:00:00Z`) / DAY_MS;
const dateOf = (days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10);
/** The same day `years` later (day of month at most 28 in this book). */
function addYears(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
}

/** Three scenarios of a constant annual PD (scaled per scenario), 5-year cumulative curves. */
function scenariosOf(annualPd: number, lgd: number): Scenario[] {
  return SCENARIOS.map((s) => {
    const pd = Math.min(0.9, annualPd * s.pd);
    const byYear = Array.from({ length: PD_YEARS }, (_, i) => (1 - (1 - pd) ** (i + 1)).toFixed(6));
    return {
      scenarioId: s.scenarioId,
      weight: s.weight,
      pd12m: byYear[0] ?? "0",
      lifetimePd: { kind: "cumulative", byYear },
      lgd: Math.min(1, Math.max(0, lgd + s.lgd)).toFixed(2),
    };
  });
}

function assessmentOf(
  asOf: string,
  annualPd: number,
  lgd: number,
  flags: Partial<CreditAssessment> = {},
): CreditAssessment {
  return {
    asOf,
    daysPastDue: 0,
    defaulted: false,
    unlikelyToPay: false,
    creditImpaired: false,
    watchList: false,
    forborne: "none",
    distressedRestructuring: false,
    scenarios: scenariosOf(annualPd, lgd),
    ...flags,
  };
}

/** The assessments of one facility: its credit story picks the stage it lands in. */
function assessmentsOf(pdAtOrigination: number, lgd: number, story: number): CreditAssessment[] {
  const pd = pdAtOrigination * (0.7 + random() * 0.6);
  const now = (annualPd: number, flags?: Partial<CreditAssessment>) =>
    assessmentOf(REPORTING_DATE, annualPd, lgd, flags);
  const before = (annualPd: number, flags?: Partial<CreditAssessment>) =>
    assessmentOf(EARLIER_ASSESSMENT, annualPd, lgd, flags);
  if (story < 0.78) return random() < 0.5 ? [now(pd)] : [before(pd), now(pd)];
  if (story < 0.86) return [before(pd), now(pd * 5)]; // SICR: stage 1 -> 2
  if (story < 0.9) return [now(pd * 1.5, { daysPastDue: between(31, 91) })]; // dpd_30
  if (story < 0.93) return [before(pd, { daysPastDue: 45 }), now(pd * 3, { daysPastDue: 120 })];
  if (story < 0.95) return [now(pd * 4, { defaulted: true, daysPastDue: between(0, 60) })];
  // Cured in the summer: stage 3 in May, performing since, still on probation (stage 3) or not.
  if (story < 0.98) return [before(pd * 4, { defaulted: true }), now(pd)];
  return [before(pd * 2, { watchList: true }), now(pd * 2)]; // POCI terms: stage POCI anyway
}

interface Generated {
  readonly inputs: Ifrs9FacilityInputs;
  readonly balances: AccountBalanceAt[];
}

function facilityOf(index: number): Generated {
  const id = `fac:${String(index).padStart(6, "0")}`;
  const currency = random() < 0.8 ? "EUR" : "USD";
  const revolving = random() >= 0.6;
  const story = random();
  const poci = story >= 0.98;
  // Maturity within 5 years of the earlier assessment, origination 1 to 6 years before it and
  // before that assessment.
  const maturity = dateOf(day(REPORTING_DATE) + between(30, 1_600));
  const maturityDay = Number(maturity.slice(8, 10));
  const safeMaturity = maturityDay > 28 ? `${maturity.slice(0, 8)}28` : maturity;
  let years = between(1, 7);
  while (addYears(safeMaturity, -years) > EARLIER_ASSESSMENT) years += 1;
  const origination = addYears(safeMaturity, -years);
  const limitUnits = BigInt(between(10, 2_000)) * 1_000_00n; // 10,000.00 to 2,000,000.00
  // The horizon of the lifetime PD at origination: the behavioural life of a revolver.
  let lifeYears = years;
  let drawn: bigint;
  let repayment: FacilityTerms["repayment"];
  if (revolving) {
    drawn = (limitUnits * BigInt(between(5, 96))) / 100n;
    const ccf = (0.3 + 0.1 * between(0, 6)).toFixed(1);
    lifeYears = between(1, 6);
    repayment = { kind: "revolving", behaviouralLifeMonths: 12 * lifeYears, ccf };
  } else {
    // Yearly principal on each anniversary to the maturity; what is still due is drawn.
    const dates: string[] = [];
    for (let date = addYears(origination, 1); date <= safeMaturity; date = addYears(date, 1)) {
      dates.push(date);
    }
    const each = limitUnits / BigInt(dates.length);
    const schedule = dates.map((date, i) => ({
      date,
      principal: i === dates.length - 1 ? limitUnits - each * BigInt(dates.length - 1) : each,
    }));
    drawn = schedule.filter((s) => s.date > REPORTING_DATE).reduce((a, s) => a + s.principal, 0n);
    repayment = { kind: "amortising", schedule };
  }
  const pdAtOrigination = 0.002 + random() * 0.04;
  const lgd = 0.15 + random() * 0.45;
  const terms: FacilityTerms = {
    facilityId: id,
    originationDate: origination,
    maturityDate: safeMaturity,
    eir: (0.02 + between(0, 80) / 1_000).toFixed(3),
    repayment,
    lifetimePdAtOrigination: (1 - (1 - pdAtOrigination) ** lifeYears).toFixed(6),
    poci,
    creditAdjustedEir: poci ? (0.015 + between(0, 40) / 1_000).toFixed(3) : null,
    derecognisedOn: null,
    currency,
    limit: limitUnits,
  };
  const interestAccounts = random() < 0.2 ? [`${id}:interest`] : [];
  const facility: FacilityVersion = {
    facilityId: id,
    counterpartyId: `cp:${String(index % 3_000).padStart(5, "0")}`,
    product: revolving ? "revolving-credit" : "term-loan",
    currency,
    drawnAccounts: [`${id}:drawn`],
    interestAccounts,
    limit: limitUnits,
    ccf: revolving ? "0.4" : "0",
    ccfFloorApplies: revolving,
    collateral: [],
    guarantees: [],
    specificProvisions: 0n,
    validFrom: "2026-01-01T00:00:00Z",
    sequence: index + 1,
  };
  const balances: AccountBalanceAt[] = [{ accountId: `${id}:drawn`, currency, balance: drawn }];
  for (const accountId of interestAccounts) {
    balances.push({ accountId, currency, balance: drawn / 200n });
  }
  const writeOffs =
    story >= 0.93 && story < 0.95 && random() < 0.25 && drawn >= 10n
      ? [{ recordId: `wo:${id}`, writtenOffOn: "2026-10-31", amount: drawn / 10n, currency }]
      : [];
  const assessments = assessmentsOf(pdAtOrigination, lgd, story);
  return { inputs: { facility, terms, assessments, writeOffs }, balances };
}

function buildBook(): Ifrs9Book {
  const facilities = new Map<string, Ifrs9FacilityInputs>();
  const balances = new Map<string, AccountBalanceAt>();
  for (let index = 0; index < facilityCount; index += 1) {
    const generated = facilityOf(index);
    facilities.set(generated.inputs.facility.facilityId, generated.inputs);
    for (const balance of generated.balances) balances.set(balance.accountId, balance);
  }
  return {
    reportingDate: REPORTING_DATE,
    facilities,
    parameters: { ...DEFAULT_IFRS9_PARAMETERS, parameterSetId: "bench-2026" },
    balances,
    fxRates: [{ from: "USD", to: "EUR", rate: "0.9259", validFrom: "2026-11-27T15:00:00Z" }],
    assetScales: new Map([
      ["EUR", 2],
      ["USD", 2],
    ]),
    reportingCurrency: "EUR",
  };
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const round1 = (value: number): number => Math.round(value * 10) / 10;
const thousands = (value: number): string => Math.round(value).toLocaleString("en-US");
/** Minor units (scale 2) as "1,234,567.89". */
function money(minor: bigint): string {
  const whole = minor / 100n;
  const cents = (minor < 0n ? -minor : minor) % 100n;
  return `${whole.toLocaleString("en-US")}.${String(cents).padStart(2, "0")}`;
}

function main(): void {
  const buildStart = performance.now();
  const book = buildBook();
  const buildMs = performance.now() - buildStart;
  const assessments = [...book.facilities.values()].reduce((n, f) => n + f.assessments.length, 0);

  const warmStart = performance.now();
  const first = computeIfrs9Report(book);
  const warmUpMs = performance.now() - warmStart;
  const firstDigest = reportDigest(first);
  const calculation = new Samples();
  /** The process's CPU time per run (user + system, all threads): less skewed by load. */
  const cpu = new Samples();
  const digest = new Samples();
  let report: Ifrs9Report = first;
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    report = computeIfrs9Report(book);
    const used = process.cpuUsage(cpuStart);
    calculation.add(performance.now() - start);
    cpu.add((used.user + used.system) / 1_000);
    const digestStart = performance.now();
    const value = reportDigest(report);
    digest.add(performance.now() - digestStart);
    if (value !== firstDigest) throw new Error(`run ${run}: the digest changed: ${value}`);
  }
  const unmeasuredReasons = new Map<string, number>();
  for (const line of report.unmeasured) {
    unmeasuredReasons.set(line.reason, (unmeasuredReasons.get(line.reason) ?? 0) + 1);
  }
  const heapMiB = process.memoryUsage().heapUsed / 2 ** 20;

  const p50 = calculation.percentile(50);
  const perFacilityUs = (p50 * 1_000) / facilityCount;
  printTable("IFRS 9 allowance run (computeIfrs9Report)", [
    ...machineRows(),
    [
      "settings",
      `${thousands(facilityCount)} facilities (${thousands(assessments)} assessments, 3 scenarios, ${PD_YEARS}-year curves), reporting date ${REPORTING_DATE}, ${runs} runs after 1 warm-up`,
    ],
    ["book built in memory", ms(buildMs)],
    [
      "by stage (count, allowance EUR)",
      IFRS9_STAGES.map(
        (stage) =>
          `${stage}: ${thousands(report.byStage[stage].count)}, ${money(report.byStage[stage].allowance)}`,
      ).join("; "),
    ],
    [
      "measured / unmeasured",
      `${thousands(report.measured.length)} / ${thousands(report.unmeasured.length)}${
        unmeasuredReasons.size === 0
          ? ""
          : ` (${[...unmeasuredReasons].map(([reason, n]) => `${reason} ${n}`).join(", ")})`
      }`,
    ],
    ["overall allowance (EUR)", money(report.overall.allowance)],
    ["warm-up run", ms(warmUpMs)],
    [
      "computeIfrs9Report p50 / max",
      `${ms(p50)} / ${ms(calculation.max())} (${perFacilityUs.toFixed(0)} µs per facility)`,
    ],
    ["CPU time per run p50 / max", `${ms(cpu.percentile(50))} / ${ms(cpu.max())}`],
    [
      "load average (1/5/15 min)",
      loadavg()
        .map((load) => load.toFixed(2))
        .join(" / "),
    ],
    ["reportDigest p50 / max", `${ms(digest.percentile(50))} / ${ms(digest.max())}`],
    ["heap used after", `${heapMiB.toFixed(0)} MiB`],
    [
      "target",
      `calculation < ${TARGET_MS / 1_000} s: ${calculation.max() < TARGET_MS ? "met" : "NOT met"}`,
    ],
  ]);
  printResult({
    facilities: facilityCount,
    assessments,
    runs,
    allowanceRunMs: round1(p50),
    allowanceRunMaxMs: round1(calculation.max()),
    allowanceRunCpuMs: round1(cpu.percentile(50)),
    warmUpMs: round1(warmUpMs),
    digestMs: round1(digest.percentile(50)),
    perFacilityUs: round1(perFacilityUs),
    unmeasured: report.unmeasured.length,
  });
}

main();
