// Worked cases for the two-dimension concentration grid (concentrationGrid.ts): cells of
// sector × country that sum to the one-dimension concentration's buckets, shares of the whole
// book, a guaranteed part counted once (where the obligor is), and the kept rows and columns.
import { describe, expect, it } from "vitest";
import { computeConcentration } from "./concentration.js";
import { concentrationGrid } from "./concentrationGrid.js";
import { computeExposure, type ExposureLine } from "./exposureMath.js";
import { balance, book, counterparty, facility } from "./exposureMathFixtures.js";
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

const book4 = linesOf([
  [counterparty("A", { sector: "K", countryOfRisk: "DE" }), 400n],
  [counterparty("B", { sector: "K", countryOfRisk: "FR" }), 100n],
  [counterparty("C", { sector: "C", countryOfRisk: "DE" }), 300n],
  [counterparty("D", { sector: "K", countryOfRisk: "DE" }), 200n],
]);

describe("the sector × country concentration grid", () => {
  it("adds each facility's exposure value into its obligor's cell, with shares of the book", () => {
    const grid = concentrationGrid(book4, "sector", "country", 50);
    expect(grid.total).toBe(1_000n);
    expect(grid.rowTotals).toEqual([
      { key: "K", amount: 700n, share: "0.700000" },
      { key: "C", amount: 300n, share: "0.300000" },
    ]);
    expect(grid.columnTotals).toEqual([
      { key: "DE", amount: 900n, share: "0.900000" },
      { key: "FR", amount: 100n, share: "0.100000" },
    ]);
    expect(grid.cells).toEqual([
      { row: "K", column: "DE", amount: 600n, share: "0.600000" },
      { row: "K", column: "FR", amount: 100n, share: "0.100000" },
      { row: "C", column: "DE", amount: 300n, share: "0.300000" },
    ]);
  });

  it("sums its rows and columns to the one-dimension concentration", () => {
    const grid = concentrationGrid(book4, "country", "rating", 50);
    const byCountry = computeConcentration(book4, "country");
    expect(grid.rowTotals).toEqual(byCountry.buckets);
    for (const row of grid.rowTotals) {
      const cells = grid.cells.filter((cell) => cell.row === row.key);
      expect(cells.reduce((sum, cell) => sum + cell.amount, 0n)).toBe(row.amount);
    }
  });

  it("counts a guaranteed facility once, under its obligor (as the concentration does)", () => {
    const obligor = counterparty("O", { sector: "C", countryOfRisk: "IT" });
    const guarantor = counterparty("G", { sector: "K", countryOfRisk: "GB" });
    const lines = computeExposure(
      book({
        counterparties: [obligor, guarantor],
        facilities: [
          facility("F", "O", { guarantees: [{ guarantorId: "G", currency: "EUR", amount: 50n }] }),
        ],
        balances: [balance("F-drawn", 200n)],
      }),
    ).lines;
    expect(lines.map((line) => line.kind)).toEqual(["direct", "substituted"]);
    const grid = concentrationGrid(lines, "sector", "country", 50);
    expect(grid.cells).toEqual([{ row: "C", column: "IT", amount: 200n, share: "1.000000" }]);
  });

  it("keeps the largest rows and columns, with counts and totals of the whole book", () => {
    const grid = concentrationGrid(book4, "sector", "country", 1);
    expect(grid).toMatchObject({ total: 1_000n, rowCount: 2, columnCount: 2 });
    expect(grid.rowTotals.map((row) => row.key)).toEqual(["K"]);
    expect(grid.cells).toEqual([{ row: "K", column: "DE", amount: 600n, share: "0.600000" }]);
  });

  it("answers zero shares for an empty book, and refuses one dimension twice", () => {
    expect(concentrationGrid([], "sector", "country", 10)).toMatchObject({
      total: 0n,
      rowTotals: [],
      cells: [],
    });
    expect(() => concentrationGrid(book4, "sector", "sector", 10)).toThrow(RangeError);
  });
});
