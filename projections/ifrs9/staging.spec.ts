// Given/when/then specs of IFRS 9 staging (research note 1.1, docs/ifrs9.md Staging): each
// trigger and its stage_reason, the order they are evaluated in, `>` versus `>=` pinned for
// days past due and SICR, probation after a cure (3 months, 12 after a distressed
// restructuring, 3 months in stage 2), POCI, the timeline and the previous stage.
import { describe, expect, it } from "vitest";
import { assessment, params, scenario, terms } from "./ifrs9Fixtures.js";
import type { CreditAssessment, FacilityTerms, Ifrs9Parameters } from "./ifrs9Types.js";
import { stageAt, stageHistory } from "./staging.js";

const DATE = "2025-01-01";

function stageOf(
  a: Partial<CreditAssessment>,
  t: FacilityTerms = terms(),
  p: Ifrs9Parameters = params(),
) {
  return stageAt([assessment(a)], t, p, DATE);
}

describe("stage 1 and POCI", () => {
  it("given no trigger, then stage 1 'performing'", () => {
    expect(stageOf({})).toMatchObject({
      stage: "1",
      stageReason: "performing",
      previousStage: null,
      stageChangedAt: DATE,
    });
  });

  it("given a POCI facility, then POCI whatever the triggers", () => {
    const poci = terms({ poci: true, creditAdjustedEir: "0.2" });
    expect(stageOf({ defaulted: true, daysPastDue: 120 }, poci)).toMatchObject({
      stage: "POCI",
      stageReason: "poci",
    });
  });
});

describe("stage 3 triggers", () => {
  it.each([
    [{ daysPastDue: 91 }, "dpd_90"],
    [{ defaulted: true }, "defaulted"],
    [{ unlikelyToPay: true }, "unlikely_to_pay"],
    [{ creditImpaired: true }, "credit_impaired"],
    [{ forborne: "non_performing" as const }, "forborne_non_performing"],
  ])("given %o, then stage 3 with reason %s", (flags, reason) => {
    expect(stageOf(flags)).toMatchObject({ stage: "3", stageReason: reason });
  });

  it("given several triggers, then the reason is the first in order (dpd before defaulted)", () => {
    expect(stageOf({ daysPastDue: 120, defaulted: true, watchList: true }).stageReason).toBe(
      "dpd_90",
    );
  });

  it("pins > versus >= for 90 days past due", () => {
    expect(stageOf({ daysPastDue: 90 })).toMatchObject({ stage: "2", stageReason: "dpd_30" });
    const gte = params({ dpd: { stage2: 30, stage3: 90, comparison: "gte" } });
    expect(stageOf({ daysPastDue: 90 }, terms(), gte)).toMatchObject({
      stage: "3",
      stageReason: "dpd_90",
    });
  });
});

describe("stage 2 triggers", () => {
  it.each([
    [{ daysPastDue: 31 }, "dpd_30"],
    [{ watchList: true }, "watch_list"],
    [{ forborne: "performing" as const }, "forborne_performing"],
  ])("given %o, then stage 2 with reason %s", (flags, reason) => {
    expect(stageOf(flags)).toMatchObject({ stage: "2", stageReason: reason });
  });

  it("pins > versus >= for 30 days past due", () => {
    expect(stageOf({ daysPastDue: 30 }).stage).toBe("1");
    const gte = params({ dpd: { stage2: 30, stage3: 90, comparison: "gte" } });
    expect(stageOf({ daysPastDue: 30 }, terms(), gte).stage).toBe("2");
  });
});

describe("quantitative SICR (PD at origination 2 %, 2 years left)", () => {
  // 2025-01-01 to 2027-01-01 is 730 days: exactly 2 years, so the lifetime PD now is the sum
  // of the first two years of the curve, weighted; year 3 lies beyond the life.
  const twoYears = terms({ maturityDate: "2027-01-01", lifetimePdAtOrigination: "0.02" });
  const withCurve = (y1: string, y2: string) => ({
    scenarios: [scenario({ pd12m: y1, lifetimePd: { kind: "marginal", byYear: [y1, y2, "0.5"] } })],
  });

  it("given 5 % now (ratio exactly 2.5, +3 pp), then SICR under the default >=", () => {
    const result = stageOf(withCurve("0.02", "0.03"), twoYears);
    expect(result).toMatchObject({
      stage: "2",
      stageReason: "sicr",
      lifetimePdNow: "0.05",
      lifetimePdAtOrigination: "0.02",
    });
  });

  it("given the same 5 % with comparison > , then no SICR (2.5 is not > 2.5)", () => {
    const gt = params({
      sicr: { relativeThreshold: "2.5", absoluteThreshold: "0.005", comparison: "gt" },
    });
    expect(stageOf(withCurve("0.02", "0.03"), twoYears, gt).stage).toBe("1");
  });

  it("given 4.9 % now (ratio 2.45), then no SICR", () => {
    expect(stageOf(withCurve("0.02", "0.029"), twoYears).stage).toBe("1");
  });

  it("given the ratio met but less than +0.5 pp, then no SICR", () => {
    const lowPd = terms({ maturityDate: "2027-01-01", lifetimePdAtOrigination: "0.001" });
    expect(stageOf(withCurve("0.001", "0.0015"), lowPd).stage).toBe("1"); // 2.5x, +0.15 pp
    expect(stageOf(withCurve("0.001", "0.005"), lowPd).stage).toBe("2"); // 6x, +0.5 pp
  });

  it("given a PD at origination of 0, then any PD now meeting the absolute threshold is SICR", () => {
    const zero = terms({ maturityDate: "2027-01-01", lifetimePdAtOrigination: "0" });
    expect(stageOf(withCurve("0.005", "0"), zero).stageReason).toBe("sicr");
    expect(stageOf(withCurve("0.004", "0"), zero).stage).toBe("1");
  });

  it("weights the scenarios' cumulative PDs", () => {
    const result = stageOf(
      {
        scenarios: [
          scenario({
            scenarioId: "a",
            weight: "0.5",
            pd12m: "0.01",
            lifetimePd: { kind: "cumulative", byYear: ["0.01", "0.02"] },
          }),
          scenario({
            scenarioId: "b",
            weight: "0.5",
            pd12m: "0.04",
            lifetimePd: { kind: "cumulative", byYear: ["0.04", "0.08"] },
          }),
        ],
      },
      twoYears,
    );
    expect(result).toMatchObject({
      stage: "2",
      stageReason: "sicr",
      lifetimePdNow: "0.05",
      pd12mNow: "0.025",
    });
  });
});

describe("stage 3 probation after a cure", () => {
  const defaulted = (asOf: string, extra: Partial<CreditAssessment> = {}) =>
    assessment({ asOf, defaulted: true, ...extra });
  const clean = (asOf: string) => assessment({ asOf });
  const history = [defaulted("2025-01-01"), clean("2025-02-01")];

  it("given a cure on 2025-02-01, then stage 3 in probation until 2025-05-01 (3 months)", () => {
    expect(stageAt(history, terms(), params(), "2025-04-30")).toMatchObject({
      stage: "3",
      stageReason: "stage3_probation",
      defaultCureDate: "2025-02-01",
      probationEndDate: "2025-05-01",
      previousStage: null,
      stageChangedAt: "2025-01-01",
    });
  });

  it("given the probation over, then stage 1, changed on the day it ended, from stage 3", () => {
    expect(stageAt(history, terms(), params(), "2025-05-01")).toMatchObject({
      stage: "1",
      stageReason: "performing",
      previousStage: "3",
      stageChangedAt: "2025-05-01",
    });
  });

  it("given a distressed restructuring in the episode, then 12 months of probation", () => {
    const restructured = [
      defaulted("2025-01-01", { distressedRestructuring: true }),
      clean("2025-02-01"),
    ];
    expect(stageAt(restructured, terms(), params(), "2026-01-31").stageReason).toBe(
      "stage3_probation",
    );
    expect(stageAt(restructured, terms(), params(), "2026-02-01").stage).toBe("1");
  });

  it("given a new default during probation, then the cure date is the one after the last default", () => {
    const again = [...history, defaulted("2025-03-01"), clean("2025-04-01")];
    expect(stageAt(again, terms(), params(), "2025-06-30")).toMatchObject({
      stage: "3",
      defaultCureDate: "2025-04-01",
      probationEndDate: "2025-07-01",
    });
  });

  it("given a stage 2 trigger when the probation ends, then stage 2", () => {
    const watched = [defaulted("2025-01-01"), assessment({ asOf: "2025-02-01", watchList: true })];
    expect(stageAt(watched, terms(), params(), "2025-06-01")).toMatchObject({
      stage: "2",
      stageReason: "watch_list",
      previousStage: "3",
    });
  });
});

describe("stage 2 probation", () => {
  const history = [
    assessment({ asOf: "2025-01-01", watchList: true }),
    assessment({ asOf: "2025-02-01" }),
  ];

  it("given the watch list cleared on 2025-02-01, then stage 2 until 2025-05-01", () => {
    expect(stageAt(history, terms(), params(), "2025-04-30")).toMatchObject({
      stage: "2",
      stageReason: "stage2_probation",
      probationEndDate: "2025-05-01",
    });
    expect(stageAt(history, terms(), params(), "2025-05-01")).toMatchObject({
      stage: "1",
      previousStage: "2",
      stageChangedAt: "2025-05-01",
    });
  });

  it("given no probation configured, then stage 1 on the cure date", () => {
    const none = params({
      probation: { stage3Months: 3, stage3AfterDistressedRestructuringMonths: 12, stage2Months: 0 },
    });
    expect(stageAt(history, terms(), none, "2025-02-01")).toMatchObject({
      stage: "1",
      stageChangedAt: "2025-02-01",
      previousStage: "2",
    });
  });
});

describe("the timeline", () => {
  it("lists each assessment date and each probation end up to the reporting date", () => {
    const history = [
      assessment({ asOf: "2025-03-01", daysPastDue: 40 }),
      assessment({ asOf: "2025-01-01" }),
      assessment({ asOf: "2025-04-01", daysPastDue: 95 }),
      assessment({ asOf: "2025-05-15" }),
    ];
    const timeline = stageHistory(history, terms(), params(), "2025-12-31");
    expect(timeline.map((p) => [p.date, p.stage, p.stageReason])).toEqual([
      ["2025-01-01", "1", "performing"],
      ["2025-03-01", "2", "dpd_30"],
      ["2025-04-01", "3", "dpd_90"],
      ["2025-05-15", "3", "stage3_probation"],
      ["2025-08-15", "1", "performing"],
    ]);
    expect(stageAt(history, terms(), params(), "2025-12-31")).toMatchObject({
      stage: "1",
      previousStage: "3",
      stageChangedAt: "2025-08-15",
    });
  });

  it("refuses a date with no assessment in force, and two assessments on one date", () => {
    expect(() => stageAt([assessment()], terms(), params(), "2024-12-31")).toThrow(
      /no credit assessment in force on 2024-12-31/,
    );
    expect(() => stageAt([assessment(), assessment()], terms(), params(), DATE)).toThrow(
      /two credit assessments on 2025-01-01/,
    );
  });
});
