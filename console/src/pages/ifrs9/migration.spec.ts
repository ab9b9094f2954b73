// The IFRS 9 page's pure parts: the stage-migration matrix (moves between stages, facilities
// entering or leaving measurement, gross amounts summed exactly per currency), the coverage
// ratio and the default comparison date.
import { describe, expect, it } from "vitest";
import { migrationMatrix } from "./migration";
import { addAmounts } from "../../format";
import { coverage, previousQuarterEnd, type FacilityLine } from "./model";

function line(
  facilityId: string,
  stage: FacilityLine["stage"],
  gross: string,
  currency = "EUR",
): FacilityLine {
  const measured = stage !== null;
  return {
    facilityId,
    counterpartyId: "c",
    currency,
    status: measured ? "measured" : "unmeasured",
    stage,
    stageReason: measured ? "performing" : null,
    previousStage: null,
    stageChangedAt: null,
    grossCarryingAmount: gross,
    ecl12m: null,
    eclLifetime: null,
    allowance: null,
    allowanceReporting: null,
    flags: [],
    reason: measured ? null : "terms_missing",
    message: null,
  };
}

describe("migrationMatrix", () => {
  it("counts each facility once, from its opening stage to its closing stage", () => {
    const matrix = migrationMatrix(
      [
        line("a", "1", "100.00"),
        line("b", "1", "0.10"),
        line("c", "2", "5.00"),
        line("d", "3", "7.00"),
      ],
      [
        line("a", "3", "90.00"),
        line("b", "1", "0.20", "USD"),
        line("c", "1", "4.50"),
        line("e", "1", "1.00"),
        line("f", null, "3.00"),
      ],
    );
    expect(matrix["1"]["3"]).toMatchObject({
      count: 1,
      gross: [{ currency: "EUR", amount: "90.00" }],
    });
    expect(matrix["1"]["1"]).toMatchObject({
      count: 1,
      gross: [{ currency: "USD", amount: "0.20" }],
    });
    expect(matrix["2"]["1"].count).toBe(1);
    // d left measurement: its opening gross; e entered; f is unmeasured at both dates.
    expect(matrix["3"].none).toMatchObject({
      count: 1,
      gross: [{ currency: "EUR", amount: "7.00" }],
    });
    expect(matrix.none["1"].facilityIds).toEqual(["e"]);
    expect(matrix.none.none).toMatchObject({ count: 1, gross: [] });
    const total = Object.values(matrix).reduce(
      (sum, row) => sum + Object.values(row).reduce((s, cell) => s + cell.count, 0),
      0,
    );
    expect(total).toBe(6);
  });

  it("sums gross amounts exactly per currency", () => {
    const matrix = migrationMatrix(
      [line("a", "1", "0.10"), line("b", "1", "0.20"), line("c", "1", "5", "JPY")],
      [line("a", "2", "0.10"), line("b", "2", "0.20"), line("c", "2", "7", "JPY")],
    );
    expect(matrix["1"]["2"].gross).toEqual([
      { currency: "EUR", amount: "0.30" },
      { currency: "JPY", amount: "7" },
    ]);
    expect(addAmounts("-1.05", "0.055")).toBe("-0.995");
  });
});

describe("coverage and dates", () => {
  it("gives allowance / gross in percent, two decimals, half up", () => {
    expect(coverage("6536.70", "15000.00")).toBe("43.58 %");
    expect(coverage("1.00", "3.00")).toBe("33.33 %");
    expect(coverage("2.00", "3.00")).toBe("66.67 %");
    expect(coverage("0.00", "0.00")).toBe("—");
    expect(coverage("-1.00", "8.00")).toBe("-12.50 %");
  });

  it("defaults the comparison to the previous quarter end", () => {
    expect(previousQuarterEnd("2026-11-30")).toBe("2026-09-30");
    expect(previousQuarterEnd("2026-06-30")).toBe("2026-03-31");
    expect(previousQuarterEnd("2026-01-15")).toBe("2025-12-31");
  });
});
