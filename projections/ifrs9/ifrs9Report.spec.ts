// Worked cases of the IFRS 9 report (docs/ifrs9.md, The report), every figure computed by hand
// in the comments: an amortising loan in stage 1, a revolving facility in stage 2 via SICR, a
// stage 3 loan, a POCI loan, a USD loan reported in EUR (half-even), and facilities that are
// not measured (no terms, no assessment, derecognised, no FX rate, bad input), with the totals
// by stage; then one facility's detail with its quarterly interest revenue.
import { describe, expect, it } from "vitest";
import type { Ifrs9MeasuredFacility, Ifrs9Report } from "./ifrs9Book.js";
import { assessment, book, rate, scenario } from "./ifrs9Fixtures.js";
import { computeIfrs9Report, facilityDetail, quarterPeriods } from "./ifrs9Report.js";
import type { CreditAssessment } from "./ifrs9Types.js";

const DATE = "2025-12-31";

function assessed(asOf: string, pd: string, lgd: string, extra: Partial<CreditAssessment> = {}) {
  return assessment({ asOf, scenarios: [scenario({ lgd }, pd)], ...extra });
}

const WORKED = book(
  DATE,
  [
    {
      // Stage 1: 12-month ECL = 0.01 x 0.45 x 100,000,000 / 1.05 = 428,571.43 -> 428,571.
      // Lifetime PD now (from 2025-12-01, 5.085 years) 0.0508 / 0.04 = 1.27: no SICR.
      id: "A-AMORT",
      terms: {
        maturityDate: "2030-12-31",
        lifetimePdAtOrigination: "0.04",
        repayment: {
          kind: "amortising",
          schedule: [{ date: "2026-06-30", principal: 10_000_000n }],
        },
      },
      assessments: [assessed("2025-12-01", "0.01", "0.45")],
      drawn: 99_500_000n,
      interest: 500_000n,
    },
    {
      // Stage 2 (SICR on 2025-11-30: lifetime PD 2 x 0.05 = 0.10 vs 0.02, ratio 5, +8 pp).
      // EAD 20,000,000 + 0.5 x 30,000,000 = 35,000,000; EIR 0, DF 1. Lifetime 2 x 0.05 x 0.4
      // x 35,000,000 = 1,400,000; 12-month 700,000; drawn 20/35 = 800,000, undrawn 600,000.
      id: "B-REV",
      terms: {
        eir: "0",
        limit: 50_000_000n,
        repayment: { kind: "revolving", behaviouralLifeMonths: 24, ccf: "0.5" },
      },
      assessments: [assessed("2025-06-30", "0.005", "0.4"), assessed("2025-11-30", "0.05", "0.4")],
      drawn: 20_000_000n,
    },
    {
      // Stage 3 (120 days past due): 10,000,000 x 0.6 / 1.1 = 5,454,545.45 -> 5,454,545.
      id: "C-S3",
      terms: { originationDate: "2024-06-01", maturityDate: "2028-12-31", eir: "0.10" },
      assessments: [
        assessed("2025-03-15", "0.001", "0.45"),
        assessed("2025-06-01", "0.001", "0.6", { daysPastDue: 120 }),
      ],
      drawn: 10_000_000n,
    },
    {
      // POCI at 25 %: life 2 years; EAD 8,000,000 then 4,000,000 (principal on 2026-12-31).
      // 0.1 x 0.5 x 8,000,000 x 0.8 + 0.1 x 0.5 x 4,000,000 x 0.64 = 320,000 + 128,000.
      id: "D-POCI",
      terms: {
        originationDate: "2025-03-01",
        maturityDate: "2027-12-31",
        eir: "0.30",
        poci: true,
        creditAdjustedEir: "0.25",
        repayment: {
          kind: "amortising",
          schedule: [
            { date: "2026-12-31", principal: 4_000_000n },
            { date: "2027-12-31", principal: 4_000_000n },
          ],
        },
      },
      assessments: [assessed("2025-12-01", "0.1", "0.5")],
      drawn: 8_000_000n,
    },
    {
      // USD, stage 1, EIR 0: 0.02 x 0.5 x 20,000,005 = 200,000.05 -> 200,000 USD cents;
      // x 0.9 = 180,000 EUR cents; gross 20,000,005 x 0.9 = 18,000,004.5 -> 18,000,004 (even).
      id: "E-USD",
      currency: "USD",
      terms: { maturityDate: "2027-12-31", eir: "0", lifetimePdAtOrigination: "0.03" },
      assessments: [assessed("2025-12-01", "0.02", "0.5")],
      drawn: 20_000_005n,
    },
    { id: "F-NOTERMS", terms: null, assessments: [], drawn: 1_000_000n },
    {
      id: "G-NOASSESS",
      terms: {},
      assessments: [assessed("2026-01-15", "0.01", "0.45")],
      drawn: 2_000_000n,
    },
    {
      id: "H-REPAID",
      terms: { derecognisedOn: "2025-10-15" },
      assessments: [assessed("2025-06-01", "0.01", "0.45")],
    },
    {
      id: "I-JPY",
      currency: "JPY",
      terms: {},
      assessments: [assessed("2025-06-01", "0.01", "0.45")],
      drawn: 1_000_000n,
    },
    {
      id: "J-BADWEIGHT",
      terms: {},
      assessments: [assessment({ asOf: "2025-06-01", scenarios: [scenario({ weight: "0.9" })] })],
      drawn: 1_000_000n,
    },
  ],
  { fxRates: [rate("USD", "EUR", "0.9")] },
);

function line(report: Ifrs9Report, id: string): Ifrs9MeasuredFacility {
  const found = report.measured.find((l) => l.facilityId === id);
  if (found === undefined) throw new Error(`${id} not measured`);
  return found;
}

describe("computeIfrs9Report: worked book", () => {
  const report = computeIfrs9Report(WORKED);

  it("measures each facility in its currency and converts the allowance once", () => {
    const rows = report.measured.map((l) => [
      l.facilityId,
      l.staging.stage,
      l.staging.stageReason,
      l.grossCarryingAmount,
      l.ecl.ecl12m,
      l.ecl.eclLifetime,
      l.ecl.eclRecognised,
      l.allowanceReporting,
      l.grossCarryingAmountReporting,
    ]);
    expect(rows).toEqual([
      [
        "A-AMORT",
        "1",
        "performing",
        100_000_000n,
        428_571n,
        expect.any(BigInt),
        428_571n,
        428_571n,
        100_000_000n,
      ],
      [
        "B-REV",
        "2",
        "sicr",
        20_000_000n,
        700_000n,
        1_400_000n,
        1_400_000n,
        1_400_000n,
        20_000_000n,
      ],
      [
        "C-S3",
        "3",
        "dpd_90",
        10_000_000n,
        5_454_545n,
        5_454_545n,
        5_454_545n,
        5_454_545n,
        10_000_000n,
      ],
      ["D-POCI", "POCI", "poci", 8_000_000n, 320_000n, 448_000n, 448_000n, 448_000n, 8_000_000n],
      [
        "E-USD",
        "1",
        "performing",
        20_000_005n,
        200_000n,
        expect.any(BigInt),
        200_000n,
        180_000n,
        18_000_004n,
      ],
    ]);
  });

  it("reports the staging path, the split of the revolving facility and the rate", () => {
    const b = line(report, "B-REV");
    expect([b.staging.previousStage, b.staging.stageChangedAt]).toEqual(["1", "2025-11-30"]);
    expect([b.ecl.eclDrawn, b.ecl.eclUndrawn, b.drawnBalance, b.interestBalance]).toEqual([
      800_000n,
      600_000n,
      20_000_000n,
      0n,
    ]);
    const c = line(report, "C-S3");
    expect([c.staging.previousStage, c.staging.stageChangedAt]).toEqual(["1", "2025-06-01"]);
    expect([line(report, "E-USD").fxRate, line(report, "A-AMORT").fxRate]).toEqual(["0.9", "1"]);
    expect(line(report, "A-AMORT").counterpartyId).toBe("C-A-AMORT");
  });

  it("lists the facilities it cannot measure with a stable reason, never as zero", () => {
    expect(
      report.unmeasured.map((u) => [u.facilityId, u.reason, u.errorCode, u.ledgerBalance]),
    ).toEqual([
      ["F-NOTERMS", "terms_missing", null, 1_000_000n],
      ["G-NOASSESS", "assessment_missing", null, 2_000_000n],
      ["H-REPAID", "derecognised", null, 0n],
      ["I-JPY", "fx_rate_missing", "fx_rate_missing", 1_000_000n],
      ["J-BADWEIGHT", "input_invalid", "weights_invalid", 1_000_000n],
    ]);
    expect(report.unmeasured.find((u) => u.facilityId === "I-JPY")?.message).toContain("JPY/EUR");
  });

  it("totals the measured facilities by stage in the reporting currency", () => {
    expect(report.byStage).toEqual({
      // A + E: 100,000,000 + 18,000,004; 428,571 + 180,000.
      "1": { count: 2, grossCarryingAmount: 118_000_004n, allowance: 608_571n },
      "2": { count: 1, grossCarryingAmount: 20_000_000n, allowance: 1_400_000n },
      "3": { count: 1, grossCarryingAmount: 10_000_000n, allowance: 5_454_545n },
      POCI: { count: 1, grossCarryingAmount: 8_000_000n, allowance: 448_000n },
    });
    expect(report.overall).toEqual({
      count: 5,
      grossCarryingAmount: 156_000_004n,
      allowance: 7_911_116n,
    });
  });
});

describe("computeIfrs9Report: edges", () => {
  it("floors a negative ledger balance at 0 and flags it", () => {
    const b = book(DATE, [
      { id: "X", terms: {}, assessments: [assessed("2025-06-01", "0.01", "0.45")], drawn: -500n },
    ]);
    const x = line(computeIfrs9Report(b), "X");
    expect([x.ledgerBalance, x.grossCarryingAmount, x.flags, x.allowanceReporting]).toEqual([
      -500n,
      0n,
      ["gross_negative_floored"],
      0n,
    ]);
  });

  it("refuses an account in another currency than its facility as a reason, not a crash", () => {
    const b = book(DATE, [
      { id: "X", terms: {}, assessments: [assessed("2025-06-01", "0.01", "0.45")], drawn: 5n },
    ]);
    const balances = new Map(b.balances);
    balances.set("X-int", { accountId: "X-int", currency: "USD", balance: 1n });
    const report = computeIfrs9Report({ ...b, balances });
    expect(report.unmeasured.map((u) => [u.reason, u.ledgerBalance])).toEqual([
      ["account_currency_mismatch", null],
    ]);
  });

  it("lists a facility originated after the reporting date as not originated", () => {
    const b = book(DATE, [
      { id: "X", terms: { originationDate: "2026-02-01" }, assessments: [], drawn: 0n },
    ]);
    expect(computeIfrs9Report(b).unmeasured[0]?.reason).toBe("not_originated");
  });
});

describe("facilityDetail", () => {
  it("cuts the last year at calendar quarter ends", () => {
    expect(quarterPeriods("2024-12-31", "2025-12-31")).toEqual([
      { start: "2024-12-31", end: "2025-03-31" },
      { start: "2025-03-31", end: "2025-06-30" },
      { start: "2025-06-30", end: "2025-09-30" },
      { start: "2025-09-30", end: "2025-12-31" },
    ]);
    expect(quarterPeriods("2025-05-10", "2025-08-15")).toEqual([
      { start: "2025-05-10", end: "2025-06-30" },
      { start: "2025-06-30", end: "2025-08-15" },
    ]);
  });

  it("earns on gross in stages 1 and on amortised cost from the quarter after stage 3", () => {
    const detail = facilityDetail(WORKED, "C-S3");
    if (detail.status !== "measured") throw new Error("not measured");
    expect(detail.stageHistory.map((p) => [p.date, p.stage])).toEqual([
      ["2025-03-15", "1"],
      ["2025-06-01", "3"],
    ]);
    expect(detail.eclDetail).toHaveLength(1);
    const rows = detail.interest.map((q) => [
      q.periodStart,
      q.stageAtStart,
      q.assessmentAsOf,
      q.allowanceAtStart,
      q.interest?.basis,
      q.interest?.interestAmount,
      q.interest?.allowanceAdjustment,
    ]);
    expect(rows).toEqual([
      // Before the first assessment: stage 1 at initial recognition, no allowance.
      // 0.10 x 10,000,000 x 90/365 = 246,575.34.
      ["2024-12-31", "1", null, 0n, "GROSS", 246_575n, 0n],
      // 12-month ECL at 2025-03-31: 0.001 x 0.45 x 10,000,000 / 1.1 = 4,090.91; 91 days.
      ["2025-03-31", "1", "2025-03-15", 4_091n, "GROSS", 249_315n, 0n],
      // (10,000,000 - 5,454,545) x 0.10 x 92/365 = 114,570.37; on gross 252,054.79.
      ["2025-06-30", "3", "2025-06-01", 5_454_545n, "AMORTISED_COST", 114_570n, 137_485n],
      ["2025-09-30", "3", "2025-06-01", 5_454_545n, "AMORTISED_COST", 114_570n, 137_485n],
    ]);
  });

  it("starts at origination when that is within the year, and lists unmeasured facilities", () => {
    const detail = facilityDetail(WORKED, "D-POCI");
    if (detail.status !== "measured") throw new Error("not measured");
    expect(detail.interest[0]?.periodStart).toBe("2025-03-01");
    expect(detail.interest.every((q) => q.interest?.basis === "CREDIT_ADJUSTED")).toBe(true);
    expect(facilityDetail(WORKED, "F-NOTERMS").status).toBe("unmeasured");
    expect(() => facilityDetail(WORKED, "nope")).toThrow(/not in the book/);
  });
});
