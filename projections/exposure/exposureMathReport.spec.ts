// The one-call exposure report (exposureMathReport.ts) carries every view, the large-exposure
// report and the three concentrations, consistent with each other; Test F end to end.
import { describe, expect, it } from "vitest";
import { EXPOSURE_DIMENSIONS } from "./exposureMathAggregates.js";
import { balance, book, counterparty, facility, m, rate, tier1 } from "./exposureMathFixtures.js";
import { computeExposureReport } from "./exposureMathReport.js";

describe("the exposure report", () => {
  const inputs = book({
    counterparties: [
      counterparty("A", { connectedGroupId: "G", sector: "C" }),
      counterparty("B", { connectedGroupId: "G", sector: "K", countryOfRisk: "US" }),
      counterparty("P", { flags: { institution: true, globalSystemicallyImportant: true } }),
    ],
    facilities: [
      facility("FA", "A", { limit: m("250"), ccf: "0.4" }),
      facility("FB", "B", { currency: "USD" }),
      facility("FP", "P"),
    ],
    balances: [
      balance("FA-drawn", m("150")),
      balance("FB-drawn", m("40"), "USD"),
      balance("FP-drawn", m("160")),
    ],
    fxRates: [rate("USD", "EUR", "0.92")],
    capital: tier1(m("1000")),
  });

  it("adds every view up to the same total, and ranks Test F's group G first", () => {
    const report = computeExposureReport(inputs);
    expect(report.total.reporting.exposureValue).toBe(m("386.8"));
    for (const dimension of EXPOSURE_DIMENSIONS) {
      const sum = report.views[dimension].reduce((s, row) => s + row.reporting.exposureValue, 0n);
      expect(sum).toBe(report.total.reporting.exposureValue);
    }
    expect(report.large.top20.map((g) => [g.groupKey, g.shareOfTier1])).toEqual([
      ["group:G", "0.226800"],
      ["counterparty:P", "0.160000"],
    ]);
    expect(report.concentration.sector.total).toBe(report.total.reporting.exposureValue);
    expect(report.concentration.country.buckets.map((b) => b.key)).toEqual(["DE", "US"]);
    expect(report.concentration.rating.hhi).toBe("1.000000");
  });

  it("passes the G-SII option through to the limits", () => {
    expect(computeExposureReport(inputs).large.breaches).toEqual([]);
    const gsii = computeExposureReport(inputs, { reportingEntityIsGsii: true });
    expect(gsii.large.breaches.map((g) => g.groupKey)).toEqual(["counterparty:P"]);
  });
});
