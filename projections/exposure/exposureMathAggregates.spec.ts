// Worked cases for the exposure views (exposureMathAggregates.ts): each dimension keys the
// lines by the right attribute (the guarantor's for a substituted part), amounts are kept per
// original currency and in the reporting currency, and the rows come sorted by key.
import { describe, expect, it } from "vitest";
import { computeExposure, type ExposureLine } from "./exposureMath.js";
import { aggregateExposure, totalExposure } from "./exposureMathAggregates.js";
import { balance, book, counterparty, facility, rate } from "./exposureMathFixtures.js";

function sampleLines(): readonly ExposureLine[] {
  return computeExposure(
    book({
      counterparties: [
        counterparty("A", { connectedGroupId: "G", sector: "C", countryOfRisk: "DE", rating: "A" }),
        counterparty("B", {
          connectedGroupId: "G",
          sector: "K",
          countryOfRisk: "FR",
          rating: null,
        }),
        counterparty("S", {
          sector: "O",
          countryOfRisk: "DE",
          rating: "AA",
          flags: { sovereign: true },
        }),
      ],
      facilities: [
        facility("F1", "A", {
          guarantees: [{ guarantorId: "S", currency: "EUR", amount: 100n }],
        }),
        facility("F2", "B", { currency: "USD", product: "revolver" }),
      ],
      balances: [balance("F1-drawn", 1_000n), balance("F2-drawn", 500n, "USD")],
      fxRates: [rate("USD", "EUR", "0.8")],
    }),
  ).lines;
}

function valuesBy(dimension: Parameters<typeof aggregateExposure>[1]): [string, bigint][] {
  return aggregateExposure(sampleLines(), dimension).map((row) => [
    row.key,
    row.reporting.exposureValue,
  ]);
}

describe("exposure views", () => {
  it("groups by counterparty, the guaranteed part under the guarantor", () => {
    expect(valuesBy("counterparty")).toEqual([
      ["A", 1_000n],
      ["B", 400n],
      ["S", 100n],
    ]);
  });

  it("groups by connected group, a counterparty without one on its own", () => {
    expect(valuesBy("group")).toEqual([
      ["counterparty:S", 100n],
      ["group:G", 1_400n],
    ]);
  });

  it("groups by currency, product, sector, country and rating", () => {
    expect(valuesBy("currency")).toEqual([
      ["EUR", 1_100n],
      ["USD", 400n],
    ]);
    expect(valuesBy("product")).toEqual([
      ["revolver", 400n],
      ["term-loan", 1_100n],
    ]);
    expect(valuesBy("sector")).toEqual([
      ["C", 1_000n],
      ["K", 400n],
      ["O", 100n],
    ]);
    expect(valuesBy("country")).toEqual([
      ["DE", 1_100n],
      ["FR", 400n],
    ]);
    expect(valuesBy("rating")).toEqual([
      ["A", 1_000n],
      ["AA", 100n],
      ["unrated", 400n],
    ]);
  });

  it("keeps each original currency apart, and the C 28.00 columns", () => {
    const [group] = aggregateExposure(sampleLines(), "group").filter((r) => r.key === "group:G");
    expect(group?.original.map((o) => [o.currency, o.amounts.exposureValue])).toEqual([
      ["EUR", 1_000n],
      ["USD", 500n],
    ]);
    expect(group?.reporting).toMatchObject({
      crmSubstitution: 100n,
      valueAfterExemptionsAndCrm: 1_300n,
    });
    expect(totalExposure(sampleLines())).toMatchObject({
      key: "total",
      lines: 3,
      reporting: expect.objectContaining({
        exposureValue: 1_500n,
        exempted: 100n,
        valueAfterExemptionsAndCrm: 1_300n,
      }) as unknown,
    });
  });
});
