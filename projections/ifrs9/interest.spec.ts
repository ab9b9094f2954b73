// Specs of interest revenue (research note 1.4): gross in stages 1 and 2, amortised cost from
// the period after the facility becomes credit-impaired, back to gross the period after a
// cure, the credit-adjusted EIR for POCI, actual/365 and the final rounding.
import { describe, expect, it } from "vitest";
import { assessment, params, terms } from "./ifrs9Fixtures.js";
import { interestRevenue, type InterestInput } from "./interest.js";
import type { Stage } from "./ifrs9Types.js";
import { stageAt } from "./staging.js";

// EIR 7.3 %: 0.073 x 1,000,000 = 73,000 a year, so 90 days are 73,000 x 90 / 365 = 18,000.
const loan = terms({ eir: "0.073" });
const GROSS = 1_000_000n;
const ALLOWANCE = 200_000n;

function quarter(periodStart: string, periodEnd: string, stageAtStart: Stage): InterestInput {
  return {
    terms: loan,
    periodStart,
    periodEnd,
    stageAtStart,
    grossAtStart: GROSS,
    allowanceAtStart: ALLOWANCE,
    params: params(),
  };
}

describe("interest revenue across a default and a cure", () => {
  // Performing on 2025-01-01, defaulted on 2025-02-15 (during Q1), cured on 2025-05-01 with
  // probation to 2025-08-01: the stage at the start of Q1 is 1, of Q2 and Q3 is 3, of Q4 is 1.
  const history = [
    assessment({ asOf: "2025-01-01" }),
    assessment({ asOf: "2025-02-15", defaulted: true }),
    assessment({ asOf: "2025-05-01" }),
  ];
  const stageOn = (date: string): Stage => stageAt(history, loan, params(), date).stage;

  it("given default during Q1, when Q1 is accrued, then gross: 18,000 on 1,000,000 for 90 days", () => {
    const q1 = interestRevenue(quarter("2025-01-01", "2025-04-01", stageOn("2025-01-01")));
    expect(q1).toMatchObject({
      basis: "GROSS",
      baseAmount: GROSS,
      interestAmount: 18_000n,
      allowanceAdjustment: 0n,
      yearFraction: "0.246575342465753424657534246575342465753424657534246575342466", // 90/365, 60 digits,
    });
  });

  it("given stage 3 at the start of Q2, then net: 0.073 x 800,000 x 91/365 = 14,560 (gross 18,200)", () => {
    const q2 = interestRevenue(quarter("2025-04-01", "2025-07-01", stageOn("2025-04-01")));
    expect(q2).toMatchObject({
      basis: "AMORTISED_COST",
      baseAmount: 800_000n,
      interestAmount: 14_560n,
      interestOnGross: 18_200n,
      allowanceAdjustment: 3_640n,
    });
  });

  it("given cured during Q2 but in probation at the start of Q3, then still net (92 days: 14,720)", () => {
    const q3 = interestRevenue(quarter("2025-07-01", "2025-10-01", stageOn("2025-07-01")));
    expect(q3).toMatchObject({ basis: "AMORTISED_COST", interestAmount: 14_720n });
  });

  it("given the probation ended during Q3, then Q4 reverts to gross: 73,000 x 92/365 = 18,400", () => {
    const q4 = interestRevenue(quarter("2025-10-01", "2026-01-01", stageOn("2025-10-01")));
    expect(q4).toMatchObject({ basis: "GROSS", baseAmount: GROSS, interestAmount: 18_400n });
  });
});

describe("POCI, rounding and refusals", () => {
  const poci = terms({ eir: "0.05", poci: true, creditAdjustedEir: "0.146" });

  it("uses the credit-adjusted EIR on amortised cost: 0.146 x 450,000 x 90/365 = 16,200", () => {
    const r = interestRevenue({
      ...quarter("2025-01-01", "2025-04-01", "POCI"),
      terms: poci,
      grossAtStart: 500_000n,
      allowanceAtStart: 50_000n,
    });
    expect(r).toMatchObject({
      basis: "CREDIT_ADJUSTED",
      rate: "0.146",
      baseAmount: 450_000n,
      interestAmount: 16_200n,
    });
  });

  it("rounds once with the parameter set's mode: 2,500 x 0.073 / 365 = 0.5", () => {
    const oneDay = { ...quarter("2025-01-01", "2025-01-02", "1"), grossAtStart: 2_500n };
    expect(interestRevenue(oneDay).interestAmount).toBe(0n);
    expect(
      interestRevenue({ ...oneDay, params: params({ rounding: "ROUND_HALF_UP" }) }).interestAmount,
    ).toBe(1n);
    expect(interestRevenue({ ...oneDay, grossAtStart: 7_500n }).interestAmount).toBe(2n);
  });

  it("refuses a period that ends before it starts, a negative allowance, POCI without its rate", () => {
    expect(() => interestRevenue(quarter("2025-04-01", "2025-01-01", "1"))).toThrow(
      /ends 2025-01-01 before it starts/,
    );
    expect(() =>
      interestRevenue({ ...quarter("2025-01-01", "2025-04-01", "3"), allowanceAtStart: -1n }),
    ).toThrow(RangeError);
    expect(() => interestRevenue(quarter("2025-01-01", "2025-04-01", "POCI"))).toThrow(
      /no creditAdjustedEir/,
    );
  });
});
