// Worked cases for the concentration measures (concentration.ts): shares and HHI by sector,
// country and rating, on each facility's own exposure value in the reporting currency.
import { describe, expect, it } from "vitest";
import { computeConcentration } from "./concentration.js";
import { computeExposure, type ExposureLine } from "./exposureMath.js";
import { balance, book, counterparty, facility, rate } from "./exposureMathFixtures.js";
import type { CounterpartyVersion } from "./exposureTypes.js";

function linesOf(loans: readonly [CounterpartyVersion, bigint][]): readonly ExposureLine[] {
  return computeExposure(
    book({
      counterparties: loans.map(([c]) => c),
      facilities: loans.map(([c], i) => facility(`F${i}`, c.counterpartyId)),
      balances: loans.map(([, drawn], i) => balance(`F${i}-drawn`, drawn)),
    }),
  ).lines;
}

describe("concentration (HHI with shares)", () => {
  it("is 1 for a book in one sector", () => {
    const result = computeConcentration(
      linesOf([
        [counterparty("A", { sector: "K" }), 300n],
        [counterparty("B", { sector: "K" }), 700n],
      ]),
      "sector",
    );
    expect(result).toEqual({
      dimension: "sector",
      total: 1_000n,
      buckets: [{ key: "K", amount: 1_000n, share: "1.000000" }],
      hhi: "1.000000",
    });
  });

  it("sums the squared shares, ordered by amount", () => {
    const result = computeConcentration(
      linesOf([
        [counterparty("A", { countryOfRisk: "FR" }), 250n],
        [counterparty("B", { countryOfRisk: "DE" }), 750n],
      ]),
      "country",
    );
    expect(result.buckets).toEqual([
      { key: "DE", amount: 750n, share: "0.750000" },
      { key: "FR", amount: 250n, share: "0.250000" },
    ]);
    expect(result.hhi).toBe("0.625000");
  });

  it("uses the exact shares for the HHI, and rounds each half-even to 6 places", () => {
    const result = computeConcentration(
      linesOf([
        [counterparty("A", { rating: "A" }), 1n],
        [counterparty("B", { rating: "B" }), 1n],
        [counterparty("C", { rating: null }), 1n],
      ]),
      "rating",
    );
    expect(result.buckets.map((b) => [b.key, b.share])).toEqual([
      ["A", "0.333333"],
      ["B", "0.333333"],
      ["unrated", "0.333333"],
    ]);
    expect(result.hhi).toBe("0.333333");
  });

  it("counts a guaranteed facility once, where its obligor is", () => {
    const lines = computeExposure(
      book({
        counterparties: [counterparty("A", { sector: "C" }), counterparty("G", { sector: "K" })],
        facilities: [
          facility("F", "A", { guarantees: [{ guarantorId: "G", currency: "EUR", amount: 60n }] }),
        ],
        balances: [balance("F-drawn", 100n)],
      }),
    ).lines;
    expect(computeConcentration(lines, "sector").buckets).toEqual([
      { key: "C", amount: 100n, share: "1.000000" },
    ]);
  });

  it("measures in the reporting currency", () => {
    const lines = computeExposure(
      book({
        counterparties: [counterparty("A", { sector: "C" }), counterparty("B", { sector: "K" })],
        facilities: [facility("F1", "A"), facility("F2", "B", { currency: "USD" })],
        balances: [balance("F1-drawn", 100n), balance("F2-drawn", 100n, "USD")],
        fxRates: [rate("USD", "EUR", "3")],
      }),
    ).lines;
    expect(computeConcentration(lines, "sector").buckets.map((b) => b.share)).toEqual([
      "0.750000",
      "0.250000",
    ]);
  });

  it("has no HHI without exposure", () => {
    const result = computeConcentration(linesOf([[counterparty("A"), 0n]]), "sector");
    expect(result.hhi).toBeNull();
    expect(result.buckets).toEqual([{ key: "C", amount: 0n, share: "0.000000" }]);
  });
});
