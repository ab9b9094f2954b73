// The IFRS 9 input schemas (schemas/ifrs9.ts): what a well-formed command is before the ledger
// decides it. Real calendar dates; maturity after origination; schedules strictly increasing
// within (origination, maturity]; the credit-adjusted EIR exactly when POCI; PDs, LGDs,
// weights and CCFs in [0, 1]; scenario weights summing to exactly 1 (exact decimals);
// cumulative PD curves never falling; parameter defaults from docs/ifrs9.md.
import { describe, expect, it } from "vitest";
import {
  isCalendarDate,
  recordCreditAssessmentSchema,
  recordFacilityTermsSchema,
  recordIfrs9ParametersSchema,
  recordWriteOffSchema,
  sumComparedWithOne,
} from "./index.js";
import { MAX_ECL_SCENARIOS, MAX_PD_YEARS } from "./limits.js";

const terms = {
  type: "RecordFacilityTerms",
  recordId: "t-1",
  facilityId: "f-1",
  validFrom: "2026-11-01T00:00:00Z",
  originationDate: "2026-01-15",
  maturityDate: "2028-01-15",
  eir: "0.045",
  repayment: {
    kind: "amortising",
    schedule: [
      { date: "2027-01-15", principal: "500" },
      { date: "2028-01-15", principal: "500" },
    ],
  },
  lifetimePdAtOrigination: "0.02",
};

const scenario = (scenarioId: string, weight: string) => ({
  scenarioId,
  weight,
  pd12m: "0.01",
  lifetimePd: { kind: "cumulative", byYear: ["0.01", "0.02"] },
  lgd: "0.45",
});
const assessment = {
  type: "RecordCreditAssessment",
  recordId: "a-1",
  facilityId: "f-1",
  validFrom: "2026-11-01T00:00:00Z",
  asOf: "2026-10-31",
  daysPastDue: 0,
  scenarios: [scenario("base", "0.5"), scenario("up", "0.25"), scenario("down", "0.25")],
};

/** The paths of the issues a parse reports (empty when it succeeds). */
function issuesOf(schema: { safeParse(value: unknown): unknown }, value: unknown): string[] {
  const result = schema.safeParse(value) as {
    success: boolean;
    error?: { issues: { path: PropertyKey[]; message: string }[] };
  };
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("calendar dates", () => {
  it("accepts real dates and refuses impossible or out-of-range ones", () => {
    for (const good of ["2026-02-28", "2028-02-29", "1970-01-01", "9999-12-31"]) {
      expect(isCalendarDate(good), good).toBe(true);
    }
    for (const bad of ["2026-02-29", "2026-13-01", "2026-04-31", "1969-12-31", "2026-1-5"]) {
      expect(isCalendarDate(bad), bad).toBe(false);
    }
    expect(
      issuesOf(recordFacilityTermsSchema, { ...terms, originationDate: "2026-02-30" }),
    ).not.toEqual([]);
  });
});

describe("RecordFacilityTerms", () => {
  it("accepts amortising terms and fills poci, creditAdjustedEir and derecognisedOn", () => {
    expect(recordFacilityTermsSchema.parse(terms)).toMatchObject({
      poci: false,
      creditAdjustedEir: null,
      derecognisedOn: null,
    });
  });

  it("needs maturity after origination", () => {
    expect(issuesOf(recordFacilityTermsSchema, { ...terms, maturityDate: "2026-01-15" })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^maturityDate:/)]),
    );
  });

  it("needs schedule dates strictly increasing within (origination, maturity]", () => {
    const withSchedule = (dates: string[]) => ({
      ...terms,
      repayment: {
        kind: "amortising",
        schedule: dates.map((date) => ({ date, principal: "1" })),
      },
    });
    expect(issuesOf(recordFacilityTermsSchema, withSchedule(["2026-06-01", "2028-01-15"]))).toEqual(
      [],
    );
    for (const dates of [
      ["2026-01-15"],
      ["2027-01-15", "2027-01-15"],
      ["2027-06-01", "2027-01-15"],
      ["2028-01-16"],
    ]) {
      expect(issuesOf(recordFacilityTermsSchema, withSchedule(dates)), dates.join()).not.toEqual(
        [],
      );
    }
    const zero = withSchedule(["2027-01-15"]);
    zero.repayment.schedule[0] = { date: "2027-01-15", principal: "0" };
    expect(issuesOf(recordFacilityTermsSchema, zero)).not.toEqual([]);
  });

  it("needs the credit-adjusted EIR when poci, and only then", () => {
    expect(issuesOf(recordFacilityTermsSchema, { ...terms, poci: true })).toEqual([
      "creditAdjustedEir: required when poci is true, and only then",
    ]);
    expect(issuesOf(recordFacilityTermsSchema, { ...terms, creditAdjustedEir: "0.1" })).toEqual([
      "creditAdjustedEir: required when poci is true, and only then",
    ]);
    expect(
      issuesOf(recordFacilityTermsSchema, { ...terms, poci: true, creditAdjustedEir: "0.1" }),
    ).toEqual([]);
  });

  it("keeps PDs and CCFs in [0, 1]", () => {
    expect(
      issuesOf(recordFacilityTermsSchema, { ...terms, lifetimePdAtOrigination: "1.01" }),
    ).not.toEqual([]);
    expect(
      issuesOf(recordFacilityTermsSchema, { ...terms, lifetimePdAtOrigination: "1.000" }),
    ).toEqual([]);
    const revolving = { kind: "revolving", behaviouralLifeMonths: 24, ccf: "1.5" };
    expect(issuesOf(recordFacilityTermsSchema, { ...terms, repayment: revolving })).not.toEqual([]);
  });
});

describe("RecordCreditAssessment", () => {
  it("accepts weights summing to exactly 1 and fills the flags", () => {
    expect(recordCreditAssessmentSchema.parse(assessment)).toMatchObject({
      defaulted: false,
      forborne: "none",
      distressedRestructuring: false,
    });
  });

  it("refuses weights that do not sum to exactly 1, however close", () => {
    for (const weights of [
      ["0.33", "0.33", "0.33"],
      ["0.5", "0.25", "0.2500000000000000000001"],
      ["0.6", "0.4", "0.0000000000000000000001"],
      ["1", "0", "0.01"],
    ]) {
      const scenarios = weights.map((weight, index) => scenario(`s${index}`, weight));
      expect(issuesOf(recordCreditAssessmentSchema, { ...assessment, scenarios })).toContain(
        "scenarios: scenario weights sum to exactly 1",
      );
    }
    expect(sumComparedWithOne(["0.1", "0.2", "0.7"])).toBe(0);
    expect(sumComparedWithOne(["0.1", "0.2", "0.69"])).toBe(-1);
  });

  it("refuses duplicate scenario ids, too many scenarios and no scenario", () => {
    const twice = [scenario("base", "0.5"), scenario("base", "0.5")];
    expect(issuesOf(recordCreditAssessmentSchema, { ...assessment, scenarios: twice })).toContain(
      "scenarios: scenario ids are unique",
    );
    const many = Array.from({ length: MAX_ECL_SCENARIOS + 1 }, (_, i) => scenario(`s${i}`, "0"));
    expect(issuesOf(recordCreditAssessmentSchema, { ...assessment, scenarios: many })).not.toEqual(
      [],
    );
    expect(issuesOf(recordCreditAssessmentSchema, { ...assessment, scenarios: [] })).not.toEqual(
      [],
    );
  });

  it("refuses a PD or LGD above 1, a falling cumulative curve, over-long or overfull curves", () => {
    const withScenario = (overrides: object) => ({
      ...assessment,
      scenarios: [{ ...scenario("base", "1"), ...overrides }],
    });
    for (const overrides of [
      { pd12m: "1.2" },
      { lgd: "1.0001" },
      { lifetimePd: { kind: "cumulative", byYear: ["0.02", "0.01"] } },
      { lifetimePd: { kind: "marginal", byYear: ["0.6", "0.5"] } },
      { lifetimePd: { kind: "cumulative", byYear: Array(MAX_PD_YEARS + 1).fill("0.1") } },
      { lifetimePd: { kind: "cumulative", byYear: [] } },
    ]) {
      expect(
        issuesOf(recordCreditAssessmentSchema, withScenario(overrides)),
        JSON.stringify(overrides),
      ).not.toEqual([]);
    }
    const flat = { lifetimePd: { kind: "cumulative", byYear: ["0.02", "0.020", "1"] } };
    expect(issuesOf(recordCreditAssessmentSchema, withScenario(flat))).toEqual([]);
  });
});

describe("RecordWriteOff and RecordIfrs9Parameters", () => {
  it("refuses a write-off of zero", () => {
    const writeOff = {
      type: "RecordWriteOff",
      recordId: "w-1",
      facilityId: "f-1",
      validFrom: "2026-11-01T00:00:00Z",
      writtenOffOn: "2026-12-31",
      amount: "0.00",
    };
    expect(issuesOf(recordWriteOffSchema, writeOff)).not.toEqual([]);
    expect(issuesOf(recordWriteOffSchema, { ...writeOff, amount: "10" })).toEqual([]);
  });

  it("fills the documented defaults and needs both accounts", () => {
    const minimal = {
      type: "RecordIfrs9Parameters",
      recordId: "p-1",
      validFrom: "2026-11-01T00:00:00Z",
      parameterSetId: "policy",
      impairmentExpenseAccountId: "exp",
      lossAllowanceAccountId: "allow",
    };
    expect(recordIfrs9ParametersSchema.parse(minimal)).toEqual({
      ...minimal,
      sicr: { relativeThreshold: "2.5", absoluteThreshold: "0.005", comparison: "gte" },
      dpd: { stage2: 30, stage3: 90, comparison: "gt" },
      probation: { stage3Months: 3, stage3AfterDistressedRestructuringMonths: 12, stage2Months: 3 },
      stage3RecoveryMonths: 12,
      rounding: "ROUND_HALF_EVEN",
    });
    expect(
      recordIfrs9ParametersSchema.parse({ ...minimal, sicr: { comparison: "gt" } }).sicr,
    ).toEqual({ relativeThreshold: "2.5", absoluteThreshold: "0.005", comparison: "gt" });
    const { lossAllowanceAccountId: _dropped, ...noAllowance } = minimal;
    expect(issuesOf(recordIfrs9ParametersSchema, noAllowance)).not.toEqual([]);
    expect(
      issuesOf(recordIfrs9ParametersSchema, { ...minimal, dpd: { stage2: 90, stage3: 90 } }),
    ).not.toEqual([]);
    expect(
      issuesOf(recordIfrs9ParametersSchema, { ...minimal, rounding: "HALF_EVEN" }),
    ).not.toEqual([]);
  });
});
