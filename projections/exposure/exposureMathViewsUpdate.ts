// The exposure views brought forward (exposureQuery.ts): the views of a report at sequence K0
// with the lines of the facilities computed again at K1 taken out and their new lines put in.
// Only when the new lines have the same structure as the old, line for line (the same
// counterparty, group, currency, product, sector, country and rating; only the amounts
// differ): then every aggregate keeps its key, its line count and its currencies, and only
// the aggregates those lines touch are rebuilt, from their previous columns plus the
// difference. Exact bigint sums, so the result equals a fresh ViewsBuilder pass
// (exposureForward.spec.ts). Pure.
import type { ExposureColumns, ExposureLine } from "./exposureMath.js";
import {
  type AggregatedViews,
  type ColumnSums,
  type ExposureAggregate,
  type ExposureDimension,
  EXPOSURE_DIMENSIONS,
  addInto,
  columnsOf,
  dimensionKey,
  newColumnSums,
} from "./exposureMathAggregates.js";

function sameStructure(a: ExposureLine, b: ExposureLine): boolean {
  return (
    a.facilityId === b.facilityId &&
    a.kind === b.kind &&
    a.counterpartyId === b.counterpartyId &&
    a.groupKey === b.groupKey &&
    a.currency === b.currency &&
    a.product === b.product &&
    a.sector === b.sector &&
    a.country === b.country &&
    a.rating === b.rating
  );
}

/** sum -= columns, in place. */
function subtractFrom(sum: ColumnSums, columns: ExposureColumns): void {
  sum.grossExposure -= columns.grossExposure;
  sum.provisions -= columns.provisions;
  sum.exposureValue -= columns.exposureValue;
  sum.crmSubstitution -= columns.crmSubstitution;
  sum.crmFunded -= columns.crmFunded;
  sum.exempted -= columns.exempted;
  sum.valueAfterExemptionsAndCrm -= columns.valueAfterExemptionsAndCrm;
}

/** The difference the changed lines make to one aggregate, in reporting and each currency. */
interface Delta {
  readonly reporting: ColumnSums;
  readonly byCurrency: Map<string, ColumnSums>;
}

function deltaOf(deltas: Map<string, Delta>, key: string): Delta {
  let delta = deltas.get(key);
  if (delta === undefined) {
    delta = { reporting: newColumnSums(), byCurrency: new Map() };
    deltas.set(key, delta);
  }
  return delta;
}

function add(delta: Delta, line: ExposureLine, sign: 1 | -1): void {
  let original = delta.byCurrency.get(line.currency);
  if (original === undefined) {
    original = newColumnSums();
    delta.byCurrency.set(line.currency, original);
  }
  if (sign === 1) {
    addInto(delta.reporting, line.reporting);
    addInto(original, line.original);
  } else {
    subtractFrom(delta.reporting, line.reporting);
    subtractFrom(original, line.original);
  }
}

function applied(row: ExposureAggregate, delta: Delta): ExposureAggregate | null {
  const reporting = newColumnSums();
  addInto(reporting, row.reporting);
  addInto(reporting, delta.reporting);
  const original = row.original.map(({ currency, amounts }) => {
    const sum = newColumnSums();
    addInto(sum, amounts);
    const change = delta.byCurrency.get(currency);
    if (change !== undefined) addInto(sum, change);
    return { currency, amounts: columnsOf(sum) };
  });
  for (const currency of delta.byCurrency.keys()) {
    if (!row.original.some((o) => o.currency === currency)) return null;
  }
  return { key: row.key, lines: row.lines, reporting: columnsOf(reporting), original };
}

function updatedRows(
  rows: readonly ExposureAggregate[],
  deltas: ReadonlyMap<string, Delta>,
): ExposureAggregate[] | null {
  let found = 0;
  const out: ExposureAggregate[] = [];
  for (const row of rows) {
    const delta = deltas.get(row.key);
    if (delta === undefined) {
      out.push(row);
      continue;
    }
    const next = applied(row, delta);
    if (next === null) return null;
    out.push(next);
    found += 1;
  }
  return found === deltas.size ? out : null;
}

/**
 * `previous` with `removed` taken out and `added` put in (the old and new lines of the
 * facilities computed again, in the same order), or null when the structures differ.
 */
export function updatedViews(
  previous: AggregatedViews,
  removed: readonly ExposureLine[],
  added: readonly ExposureLine[],
): AggregatedViews | null {
  if (removed.length !== added.length) return null;
  for (let i = 0; i < removed.length; i += 1) {
    const before = removed[i];
    const after = added[i];
    if (before === undefined || after === undefined || !sameStructure(before, after)) return null;
  }
  const totalDelta = new Map<string, Delta>();
  const byDimension = new Map<ExposureDimension, Map<string, Delta>>(
    EXPOSURE_DIMENSIONS.map((dimension) => [dimension, new Map()]),
  );
  for (const [lines, sign] of [
    [removed, -1],
    [added, 1],
  ] as const) {
    for (const line of lines) {
      add(deltaOf(totalDelta, "total"), line, sign);
      for (const [dimension, deltas] of byDimension) {
        add(deltaOf(deltas, dimensionKey(line, dimension)), line, sign);
      }
    }
  }
  const total = updatedRows([previous.total], totalDelta)?.[0];
  if (total === undefined) return null;
  const views = {} as Record<ExposureDimension, readonly ExposureAggregate[]>;
  for (const [dimension, deltas] of byDimension) {
    const rows = updatedRows(previous.views[dimension], deltas);
    if (rows === null) return null;
    views[dimension] = rows;
  }
  return { total, views };
}
