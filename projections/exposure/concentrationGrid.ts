// Concentration of the exposure book in two dimensions at once (docs/risk.md): a grid of
// sector × country (or any pair of sector, country and rating), each cell the exposure value
// of the facilities' own lines in the reporting currency, with its share of the whole book.
// The same basis as concentration.ts (direct lines only, so every facility counts once, where
// its obligor is), so a row's cells sum to that row's bucket of the one-dimension
// concentration, a column's likewise, and all cells to its total. Pure.
import { type ConcentrationDimension, concentrationShare } from "./concentration.js";
import type { ExposureLine } from "./exposureMath.js";

export interface GridBucket {
  readonly key: string;
  /** Minor units of the reporting currency. */
  readonly amount: bigint;
  /** amount / the grid's total, 6 places half-even ("0.000000" when the total is 0). */
  readonly share: string;
}

export interface GridCell {
  readonly row: string;
  readonly column: string;
  readonly amount: bigint;
  readonly share: string;
}

export interface ConcentrationGrid {
  readonly rows: ConcentrationDimension;
  readonly columns: ConcentrationDimension;
  /** Every direct line's exposure value: the book, whatever `limit` keeps. */
  readonly total: bigint;
  /** How many rows and columns the book has (the lists keep the `limit` largest). */
  readonly rowCount: number;
  readonly columnCount: number;
  /** By amount descending, then key; each a row's full total (all its columns). */
  readonly rowTotals: readonly GridBucket[];
  readonly columnTotals: readonly GridBucket[];
  /** The cells of the kept rows and columns that have a line, row by row in their order. */
  readonly cells: readonly GridCell[];
}

/**
 * The grid of `lines` by `rows` × `columns`, keeping the `limit` largest rows and columns
 * (the totals still cover the whole book). `rows` and `columns` must differ.
 */
export function concentrationGrid(
  lines: readonly ExposureLine[],
  rows: ConcentrationDimension,
  columns: ConcentrationDimension,
  limit: number,
): ConcentrationGrid {
  if (rows === columns) throw new RangeError(`a grid needs two dimensions, not ${rows} twice`);
  const rowSums = new Map<string, bigint>();
  const columnSums = new Map<string, bigint>();
  const cellSums = new Map<string, Map<string, bigint>>();
  let total = 0n;
  for (const line of lines) {
    if (line.kind !== "direct") continue;
    const amount = line.reporting.exposureValue;
    const row = line[rows];
    const column = line[columns];
    total += amount;
    rowSums.set(row, (rowSums.get(row) ?? 0n) + amount);
    columnSums.set(column, (columnSums.get(column) ?? 0n) + amount);
    let cellsOfRow = cellSums.get(row);
    if (cellsOfRow === undefined) {
      cellsOfRow = new Map();
      cellSums.set(row, cellsOfRow);
    }
    cellsOfRow.set(column, (cellsOfRow.get(column) ?? 0n) + amount);
  }
  const rowTotals = bucketsOf(rowSums, total).slice(0, limit);
  const columnTotals = bucketsOf(columnSums, total).slice(0, limit);
  const cells: GridCell[] = [];
  for (const row of rowTotals) {
    const cellsOfRow = cellSums.get(row.key);
    for (const column of columnTotals) {
      const amount = cellsOfRow?.get(column.key);
      if (amount === undefined) continue;
      cells.push({
        row: row.key,
        column: column.key,
        amount,
        share: concentrationShare(amount, total),
      });
    }
  }
  return {
    rows,
    columns,
    total,
    rowCount: rowSums.size,
    columnCount: columnSums.size,
    rowTotals,
    columnTotals,
    cells,
  };
}

function bucketsOf(sums: ReadonlyMap<string, bigint>, total: bigint): GridBucket[] {
  return [...sums]
    .sort(([keyA, a], [keyB, b]) => (a !== b ? (a > b ? -1 : 1) : keyA < keyB ? -1 : 1))
    .map(([key, amount]) => ({ key, amount, share: concentrationShare(amount, total) }));
}
