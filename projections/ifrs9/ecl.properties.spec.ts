// Property tests of ECL measurement (fast-check) over generated facilities (amortising and
// revolving, lives from a day to ten years, stages 1, 2, 3, one to three scenarios, both
// kinds of curve): ECL >= 0; lifetime >= 12-month; discounting never increases it; monotone in
// PD and in LGD; a life of a year or less makes lifetime = 12-month; scenario weighting is
// linear within one minor unit. Invalid input (weights not summing to 1, PDs above 1,
// decreasing cumulative curves, zero life, maturity before the reporting date) is refused
// with a clear RangeError.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type EclInput, measureEcl } from "./ecl.js";
import { assessment, params, terms } from "./ifrs9Fixtures.js";
import { Ifrs9Decimal, Ifrs9InputError, addDays } from "./ifrs9Decimal.js";
import type { EclResult, Repayment, Scenario, Stage } from "./ifrs9Types.js";

const REPORTING = "2025-01-01";
const UNIT = 10_000;

/** n / 10,000 as a decimal string. */
function ratio(n: number): string {
  return new Ifrs9Decimal(n).dividedBy(UNIT).toFixed();
}

interface ScenarioSpec {
  readonly marginal: number[];
  readonly lgd: number;
  readonly cumulative: boolean;
}

interface Case {
  readonly lifeDays: number;
  readonly revolvingMonths: number | null;
  readonly eir: number;
  readonly gross: bigint;
  readonly limitExtra: bigint;
  readonly ccf: number;
  readonly principals: bigint[];
  readonly stage: Stage;
  readonly scenarios: ScenarioSpec[];
  readonly weights: number[];
}

function toScenario(spec: ScenarioSpec, id: string, weight: string): Scenario {
  let running = 0;
  const byYear = spec.marginal.map((m) => {
    running += m;
    return ratio(spec.cumulative ? running : m);
  });
  return {
    scenarioId: id,
    weight,
    pd12m: ratio(spec.marginal[0] ?? 0),
    lifetimePd: { kind: spec.cumulative ? "cumulative" : "marginal", byYear },
    lgd: ratio(spec.lgd),
  };
}

function repayment(c: Case): Repayment {
  if (c.revolvingMonths !== null)
    return { kind: "revolving", behaviouralLifeMonths: c.revolvingMonths, ccf: ratio(c.ccf) };
  const step = Math.max(1, Math.floor(c.lifeDays / Math.max(1, c.principals.length)));
  return {
    kind: "amortising",
    schedule: c.principals.map((principal, i) => ({
      date: addDays(REPORTING, step * (i + 1)),
      principal,
    })),
  };
}

function toInput(c: Case): EclInput {
  return {
    terms: terms({
      maturityDate: addDays(REPORTING, c.lifeDays),
      eir: ratio(c.eir),
      repayment: repayment(c),
      limit: c.gross + c.limitExtra,
    }),
    assessment: assessment({
      asOf: REPORTING,
      scenarios: c.scenarios.map((s, i) => toScenario(s, `s${i}`, ratio(c.weights[i] ?? 0))),
    }),
    stage: c.stage,
    grossCarryingAmount: c.gross,
    scale: 2,
    reportingDate: REPORTING,
    params: params(),
  };
}

/** Weights in 1/10,000 that sum to exactly 10,000. */
function weightsFor(cuts: number[]): number[] {
  const sorted = [0, ...[...cuts].sort((a, b) => a - b), UNIT];
  return sorted.slice(1).map((v, i) => v - (sorted[i] ?? 0));
}

function caseArb(opts: { maxLifeDays?: number; revolving?: boolean } = {}): fc.Arbitrary<Case> {
  const maxLifeDays = opts.maxLifeDays ?? 3650;
  return fc
    .record({
      lifeDays: fc.integer({ min: 1, max: maxLifeDays }),
      revolvingMonths:
        opts.revolving === false
          ? fc.constant(null)
          : fc.option(fc.integer({ min: 1, max: Math.max(1, Math.floor(maxLifeDays / 31)) }), {
              nil: null,
            }),
      eir: fc.integer({ min: 0, max: 3000 }),
      gross: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 12n })),
      limitExtra: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      ccf: fc.integer({ min: 0, max: UNIT }),
      principals: fc.array(fc.bigInt({ min: 0n, max: 10n ** 11n }), { maxLength: 6 }),
      stage: fc.constantFrom<Stage>("1", "2", "3"),
      count: fc.integer({ min: 1, max: 3 }),
      cuts: fc.array(fc.integer({ min: 0, max: UNIT }), { minLength: 2, maxLength: 2 }),
      lgds: fc.array(fc.integer({ min: 0, max: UNIT }), { minLength: 3, maxLength: 3 }),
      cumulative: fc.boolean(),
      pds: fc.array(fc.integer({ min: 0, max: UNIT - 500 }), { minLength: 36, maxLength: 36 }),
    })
    .map((r) => {
      const years = Math.ceil(Math.max(r.lifeDays / 365, (r.revolvingMonths ?? 0) / 12)) + 1;
      const scenarios = Array.from({ length: r.count }, (_, s) => ({
        marginal: Array.from({ length: years }, (_, t) =>
          Math.floor((r.pds[(s * 12 + t) % 36] ?? 0) / years),
        ),
        lgd: r.lgds[s] ?? 0,
        cumulative: r.cumulative,
      }));
      return { ...r, scenarios, weights: weightsFor(r.cuts.slice(0, r.count - 1)) };
    });
}

const measure = (c: Case): EclResult => measureEcl(toInput(c));

describe("ECL properties", () => {
  it("ECL >= 0, lifetime >= 12-month, drawn + undrawn = recognised", () => {
    fc.assert(
      fc.property(caseArb(), (c) => {
        const r = measure(c);
        expect(r.ecl12m >= 0n && r.eclDrawn >= 0n && r.eclUndrawn >= 0n).toBe(true);
        expect(r.eclLifetime >= r.ecl12m).toBe(true);
        expect(r.eclDrawn + r.eclUndrawn).toBe(r.eclRecognised);
        expect(r.eclRecognised).toBe(c.stage === "1" ? r.ecl12m : r.eclLifetime);
      }),
    );
  });

  it("discounting at an EIR > 0 never exceeds the undiscounted ECL", () => {
    fc.assert(
      fc.property(caseArb(), fc.integer({ min: 1, max: 3000 }), (c, eir) => {
        const discounted = measure({ ...c, eir });
        const undiscounted = measure({ ...c, eir: 0 });
        expect(discounted.eclLifetime <= undiscounted.eclLifetime).toBe(true);
        expect(discounted.ecl12m <= undiscounted.ecl12m).toBe(true);
      }),
    );
  });

  it("is monotone in PD: adding to any year's marginal PD never lowers the ECL", () => {
    fc.assert(
      fc.property(caseArb(), fc.nat(), fc.integer({ min: 1, max: 500 }), (c, pick, bump) => {
        const scenarios = c.scenarios.map((s) => ({
          ...s,
          marginal: s.marginal.map((m, t) => (t === pick % s.marginal.length ? m + bump : m)),
        }));
        const before = measure(c);
        const after = measure({ ...c, scenarios });
        expect(after.eclLifetime >= before.eclLifetime && after.ecl12m >= before.ecl12m).toBe(true);
      }),
    );
  });

  it("is monotone in LGD", () => {
    fc.assert(
      fc.property(caseArb(), fc.integer({ min: 0, max: UNIT }), (c, extra) => {
        const scenarios = c.scenarios.map((s) => ({ ...s, lgd: Math.min(UNIT, s.lgd + extra) }));
        expect(measure({ ...c, scenarios }).eclLifetime >= measure(c).eclLifetime).toBe(true);
      }),
    );
  });

  it("a remaining life of a year or less makes lifetime = 12-month", () => {
    fc.assert(
      fc.property(caseArb({ maxLifeDays: 365, revolving: false }), (c) => {
        const r = measure(c);
        expect(r.eclLifetime).toBe(r.ecl12m);
      }),
    );
  });

  it("weights scenarios linearly: the ECL is the weighted single-scenario ECLs within 1 minor unit", () => {
    fc.assert(
      fc.property(caseArb(), (c) => {
        const whole = measure(c).eclLifetime;
        const weighted = c.scenarios.reduce((sum, s, i) => {
          const single = measure({ ...c, scenarios: [s], weights: [UNIT] }).eclLifetime;
          return sum.plus(new Ifrs9Decimal(single.toString()).times(ratio(c.weights[i] ?? 0)));
        }, new Ifrs9Decimal(0));
        expect(weighted.minus(whole.toString()).abs().lessThanOrEqualTo(1)).toBe(true);
      }),
    );
  });
});

type Breakage =
  "weights" | "pd_above_1" | "decreasing" | "zero_life" | "matured" | "revolving_zero";

const BREAKAGE_MESSAGE: Readonly<Record<Breakage, RegExp>> = {
  weights: /scenario weights sum to .*, not exactly 1/,
  pd_above_1: /lifetime PD year 1 must be within 0\.\.1, got [12](\.\d+)?$/,
  decreasing: /cumulative PD decreases in year 2/,
  zero_life: /maturity 2025-01-01 is not after the reporting date 2025-01-01/,
  matured: /is not after the reporting date 2025-01-01/,
  revolving_zero: /behavioural life is zero/,
};

function breakCase(c: Case, how: Breakage, n: number): EclInput {
  const input = toInput({ ...c, stage: c.stage === "3" ? "2" : c.stage });
  const [first, ...rest] = input.assessment.scenarios;
  const scenario = first ?? toScenario({ marginal: [0], lgd: 0, cumulative: false }, "s0", "1");
  const withScenarios = (s: Scenario[]): EclInput => ({
    ...input,
    assessment: { ...input.assessment, scenarios: s },
  });
  const byYear = scenario.lifetimePd.byYear;
  switch (how) {
    case "weights": {
      const off = ratio(1 + (n % (UNIT - 1)));
      return n % 2 === 0
        ? withScenarios([{ ...scenario, weight: off }, ...rest.map((s) => ({ ...s, weight: "0" }))])
        : withScenarios([
            ...input.assessment.scenarios,
            { ...scenario, scenarioId: "extra", weight: off },
          ]);
    }
    case "pd_above_1": {
      const high = ratio(UNIT + 1 + (n % UNIT));
      return withScenarios([
        {
          ...scenario,
          pd12m: high,
          lifetimePd: { kind: "marginal", byYear: [high, ...byYear.slice(1)] },
        },
        ...rest,
      ]);
    }
    case "decreasing":
      return withScenarios([
        {
          ...scenario,
          pd12m: "0.5",
          lifetimePd: {
            kind: "cumulative",
            byYear: ["0.5", ratio(n % 5000), ...byYear.slice(2).map(() => "1")],
          },
        },
        ...rest,
      ]);
    case "zero_life":
      return {
        ...input,
        terms: {
          ...input.terms,
          maturityDate: REPORTING,
          repayment: { kind: "amortising", schedule: [] },
        },
      };
    case "matured":
      return {
        ...input,
        terms: {
          ...input.terms,
          maturityDate: addDays(REPORTING, -1 - (n % 3000)),
          repayment: { kind: "amortising", schedule: [] },
        },
      };
    case "revolving_zero":
      return {
        ...input,
        terms: {
          ...input.terms,
          repayment: { kind: "revolving", behaviouralLifeMonths: 0, ccf: "0.5" },
        },
      };
  }
}

describe("invalid and edge input", () => {
  it("is refused with a RangeError that says what is wrong", () => {
    const breakage = fc.constantFrom<Breakage>(
      "weights",
      "pd_above_1",
      "decreasing",
      "zero_life",
      "matured",
      "revolving_zero",
    );
    fc.assert(
      fc.property(caseArb(), breakage, fc.nat(), (c, how, n) => {
        const run = () => measureEcl(breakCase(c, how, n));
        expect(run).toThrow(Ifrs9InputError);
        expect(run).toThrow(RangeError);
        expect(run).toThrow(BREAKAGE_MESSAGE[how]);
      }),
    );
  });
});
