// Worked ECL cases computed by hand (the arithmetic is in the comments): an amortising loan
// with discounting, a bullet loan with three weighted scenarios and a partial last year, a
// revolving facility's drawn/undrawn split, stage 3 with the time to recovery, POCI at the
// credit-adjusted EIR; and the inputs the measurement refuses, with their messages.
import { describe, expect, it } from "vitest";
import { measureEcl, type EclInput } from "./ecl.js";
import { assessment, params, scenario, terms } from "./ifrs9Fixtures.js";
import { Ifrs9InputError } from "./ifrs9Decimal.js";
import type { Stage } from "./ifrs9Types.js";

/**
 * Amortising: reported 2025-01-01, matures 2028-01-01 (3 x 365 days: life 3 years, T = 3),
 * EIR 10 %, gross 300,000 minor units, 100,000 principal due each 1 January.
 * EAD: t1 300,000; t2 200,000 (2026-01-01 paid before period 2 starts); t3 100,000.
 * Marginal PD 1 %, 2 %, 3 %; LGD 50 %; DF 1/1.1, 1/1.21, 1/1.331.
 *   t1: 0.01 x 0.5 x 300,000 / 1.1   = 1,500 / 1.1   = 1,363.6363...
 *   t2: 0.02 x 0.5 x 200,000 / 1.21  = 2,000 / 1.21  = 1,652.8925...
 *   t3: 0.03 x 0.5 x 100,000 / 1.331 = 1,500 / 1.331 = 1,126.9722...
 *   12-month = 1,363.636 -> 1,364; lifetime = 4,143.5011 -> 4,144.
 */
function amortising(stage: Stage): EclInput {
  return {
    terms: terms({
      maturityDate: "2028-01-01",
      eir: "0.1",
      repayment: {
        kind: "amortising",
        schedule: [
          { date: "2025-01-01", principal: 100_000n },
          { date: "2026-01-01", principal: 100_000n },
          { date: "2027-01-01", principal: 100_000n },
          { date: "2028-01-01", principal: 100_000n },
        ],
      },
    }),
    assessment: assessment({
      scenarios: [
        scenario({
          pd12m: "0.01",
          lgd: "0.5",
          lifetimePd: { kind: "marginal", byYear: ["0.01", "0.02", "0.03"] },
        }),
      ],
    }),
    stage,
    grossCarryingAmount: 300_000n,
    scale: 2,
    reportingDate: "2025-01-01",
    params: params(),
  };
}

/**
 * Bullet: reported 2025-01-01, matures 2026-03-15 (365 + 73 days: life 1.2 years, T = 2, the
 * second period covers 0.2 of year 2), EIR 0 (DF 1), gross 1,000,000, cumulative curves:
 *   base w 0.5, CPD 2 %, 5 %,   LGD 0.4: t1 0.02 x 0.4 x 1e6 = 8,000;  t2 0.03 x 0.2 = 0.006 -> 2,400
 *   up   w 0.3, CPD 1 %, 2.5 %, LGD 0.3: t1 3,000;                     t2 0.015 x 0.2 = 0.003 -> 900
 *   down w 0.2, CPD 5 %, 12 %,  LGD 0.5: t1 25,000;                    t2 0.07 x 0.2 = 0.014 -> 7,000
 *   12-month = 0.5 x 8,000 + 0.3 x 3,000 + 0.2 x 25,000 = 4,000 + 900 + 5,000 = 9,900
 *   lifetime = 0.5 x 10,400 + 0.3 x 3,900 + 0.2 x 32,000 = 5,200 + 1,170 + 6,400 = 12,770
 */
function bullet(stage: Stage): EclInput {
  const curve = (a: string, b: string) => ({ kind: "cumulative" as const, byYear: [a, b] });
  return {
    terms: terms({ maturityDate: "2026-03-15", eir: "0" }),
    assessment: assessment({
      scenarios: [
        scenario({
          scenarioId: "base",
          weight: "0.5",
          pd12m: "0.02",
          lgd: "0.4",
          lifetimePd: curve("0.02", "0.05"),
        }),
        scenario({
          scenarioId: "up",
          weight: "0.3",
          pd12m: "0.01",
          lgd: "0.3",
          lifetimePd: curve("0.01", "0.025"),
        }),
        scenario({
          scenarioId: "down",
          weight: "0.2",
          pd12m: "0.05",
          lgd: "0.5",
          lifetimePd: curve("0.05", "0.12"),
        }),
      ],
    }),
    stage,
    grossCarryingAmount: 1_000_000n,
    scale: 2,
    reportingDate: "2025-01-01",
    params: params(),
  };
}

describe("ECL of an amortising loan", () => {
  it("given stage 1, when measured, then the 12-month ECL is recognised (1,364)", () => {
    const result = measureEcl(amortising("1"));
    expect([result.ecl12m, result.eclLifetime, result.eclRecognised]).toEqual([
      1_364n,
      4_144n,
      1_364n,
    ]);
    expect([result.eclDrawn, result.eclUndrawn]).toEqual([1_364n, 0n]);
    expect(result.periods).toBe(3);
  });

  it("given stage 2, when measured, then the lifetime ECL is recognised (4,144)", () => {
    expect(measureEcl(amortising("2")).eclRecognised).toBe(4_144n);
  });

  it("traces each period: EAD after scheduled principal, DF = 1.1^-t, cumulative PD", () => {
    const rows = measureEcl(amortising("2")).detail;
    expect(rows.map((r) => [r.t, r.ead, r.pdMarginal, r.pdCumulative, r.tauYears])).toEqual([
      [1, "300000", "0.01", "0.01", "1"],
      [2, "200000", "0.02", "0.03", "2"],
      [3, "100000", "0.03", "0.06", "3"],
    ]);
    expect(rows[1]?.df.startsWith("0.82644628099173553719")).toBe(true); // 1 / 1.21
    expect(rows[2]?.eclContribution.startsWith("1126.97220135236664162")).toBe(true); // 1500 / 1.331
  });
});

describe("ECL of a bullet loan with three weighted scenarios", () => {
  it("weights the scenarios: 12-month 9,900, lifetime 12,770", () => {
    const result = measureEcl(bullet("2"));
    expect([result.ecl12m, result.eclLifetime, result.eclRecognised]).toEqual([
      9_900n,
      12_770n,
      12_770n,
    ]);
    expect(result.remainingLifeYears).toBe("1.2");
  });

  it("prorates the last year's PD to the part of it that remains", () => {
    const down = measureEcl(bullet("2")).detail.filter((r) => r.scenarioId === "down");
    expect(
      down.map((r) => [r.t, r.tauYears, r.pdMarginal, r.pdCumulative, r.df, r.eclContribution]),
    ).toEqual([
      [1, "1", "0.05", "0.05", "1", "5000"], // 0.2 x 0.05 x 0.5 x 1e6
      [2, "1.2", "0.014", "0.064", "1", "1400"], // 0.2 x 0.014 x 0.5 x 1e6
    ]);
  });
});

describe("ECL of a revolving facility", () => {
  /**
   * Limit 1,000,000, drawn 400,000, CCF 0.5: EAD = 400,000 + 0.5 x 600,000 = 700,000.
   * Behavioural life 24 months (T = 2), EIR 0, marginal PD 2 %, 3 %, LGD 0.5.
   * 12-month = 0.02 x 0.5 x 700,000 = 7,000 (drawn 4,000, undrawn 3,000);
   * lifetime = 7,000 + 0.03 x 0.5 x 700,000 = 17,500 (drawn 10,000, undrawn 7,500).
   */
  const revolving = (stage: Stage): EclInput => ({
    ...bullet(stage),
    terms: terms({
      eir: "0",
      limit: 1_000_000n,
      repayment: { kind: "revolving", behaviouralLifeMonths: 24, ccf: "0.5" },
    }),
    assessment: assessment({
      scenarios: [
        scenario({
          pd12m: "0.02",
          lgd: "0.5",
          lifetimePd: { kind: "marginal", byYear: ["0.02", "0.03"] },
        }),
      ],
    }),
    grossCarryingAmount: 400_000n,
  });

  it("splits stage 1 into drawn 4,000 and undrawn 3,000", () => {
    const r = measureEcl(revolving("1"));
    expect([r.eclRecognised, r.eclDrawn, r.eclUndrawn]).toEqual([7_000n, 4_000n, 3_000n]);
  });

  it("uses the behavioural life for stage 2: 17,500 = 10,000 drawn + 7,500 undrawn", () => {
    const r = measureEcl(revolving("2"));
    expect([r.eclRecognised, r.eclDrawn, r.eclUndrawn]).toEqual([17_500n, 10_000n, 7_500n]);
  });
});

describe("ECL in stage 3 and POCI", () => {
  /**
   * Gross 500,000, scenarios LGD 0.4 (w 0.6) and 0.6 (w 0.4): weighted LGD 0.48, PD 1.
   * EIR 10 %, recovery 12 months: 500,000 x 0.48 / 1.1 = 218,181.81... -> 218,182.
   * Recovery 6 months: 240,000 x 1.1^-0.5 = 240,000 x 0.953462589... = 228,831.02 -> 228,831.
   * The loan matured before the reporting date: stage 3 needs no remaining life.
   */
  const stage3 = (recoveryMonths: number): EclInput => ({
    ...amortising("3"),
    terms: terms({ maturityDate: "2024-06-30", eir: "0.1" }),
    assessment: assessment({
      defaulted: true,
      scenarios: [
        scenario({ scenarioId: "a", weight: "0.6", lgd: "0.4" }),
        scenario({ scenarioId: "b", weight: "0.4", lgd: "0.6" }),
      ],
    }),
    grossCarryingAmount: 500_000n,
    params: params({ stage3RecoveryMonths: recoveryMonths }),
  });

  it("measures PD = 1 discounted over the time to recovery", () => {
    const r = measureEcl(stage3(12));
    expect([r.ecl12m, r.eclLifetime, r.eclRecognised]).toEqual([218_182n, 218_182n, 218_182n]);
    expect(r.detail.map((d) => [d.scenarioId, d.pdMarginal, d.tauYears])).toEqual([
      ["a", "1", "1"],
      ["b", "1", "1"],
    ]);
    expect(measureEcl(stage3(6)).eclRecognised).toBe(228_831n);
  });

  it("discounts POCI at the credit-adjusted EIR: 0.2 x 0.5 x 100,000 / 1.25 = 8,000", () => {
    const r = measureEcl({
      ...bullet("POCI"),
      terms: terms({
        maturityDate: "2026-01-01",
        eir: "0.05",
        poci: true,
        creditAdjustedEir: "0.25",
      }),
      assessment: assessment({ scenarios: [scenario({ pd12m: "0.2", lgd: "0.5" }, "0.2", 2)] }),
      grossCarryingAmount: 100_000n,
    });
    expect([r.eclRecognised, r.discountRate]).toEqual([8_000n, "0.25"]);
  });
});

describe("inputs the measurement refuses", () => {
  const withScenarios = (...scenarios: ReturnType<typeof scenario>[]): EclInput => ({
    ...amortising("2"),
    assessment: assessment({ scenarios }),
  });
  const refuses = (input: EclInput, message: RegExp): void => {
    expect(() => measureEcl(input)).toThrow(RangeError);
    expect(() => measureEcl(input)).toThrow(message);
  };

  it("a decreasing cumulative curve", () => {
    refuses(
      withScenarios(
        scenario({
          pd12m: "0.05",
          lifetimePd: { kind: "cumulative", byYear: ["0.05", "0.04", "0.06"] },
        }),
      ),
      /cumulative PD decreases in year 2 \(0.05 to 0.04\)/,
    );
  });

  it("marginal PDs that sum above 1, and a PD above 1", () => {
    refuses(
      withScenarios(
        scenario({ pd12m: "0.5", lifetimePd: { kind: "marginal", byYear: ["0.5", "0.4", "0.3"] } }),
      ),
      /sum to 1.2, more than 1/,
    );
    refuses(withScenarios(scenario({}, "1.5", 3)), /must be within 0..1, got 1.5/);
  });

  it("weights that do not sum to exactly 1", () => {
    refuses(
      withScenarios(
        scenario({ scenarioId: "a", weight: "0.5" }),
        scenario({ scenarioId: "b", weight: "0.4" }),
      ),
      /weights sum to 0.9, not exactly 1/,
    );
  });

  it("a maturity on or before the reporting date (stages 1, 2)", () => {
    refuses(
      { ...amortising("2"), terms: terms({ maturityDate: "2025-01-01" }) },
      /maturity 2025-01-01 is not after the reporting date 2025-01-01/,
    );
  });

  it("a curve shorter than the remaining life, and a pd12m that is not the first year", () => {
    refuses(
      withScenarios(scenario({}, "0.01", 2)),
      /curve has 2 years, the remaining life needs 3/,
    );
    refuses(
      withScenarios(scenario({ pd12m: "0.02" }, "0.01", 3)),
      /pd12m 0.02 is not the curve's first-year PD 0.01/,
    );
  });

  it("a facility derecognised before the reporting date, and POCI without a credit-adjusted EIR", () => {
    refuses(
      { ...amortising("2"), terms: terms({ derecognisedOn: "2024-12-31" }) },
      /derecognised on 2024-12-31/,
    );
    refuses({ ...amortising("POCI"), terms: terms({ poci: true }) }, /has no creditAdjustedEir/);
    expect(() => measureEcl({ ...amortising("2"), terms: terms({ eir: "1e-2" }) })).toThrow(
      Ifrs9InputError,
    );
  });
});
