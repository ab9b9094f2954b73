// The exposure views of the read model (docs/risk.md): the exposure lines of exposureMath.ts
// added up by counterparty, connected group, currency, sector, country, product or rating,
// and in total. Each view adds the same rounded line amounts, so the rows of any view sum to
// the total exactly (no rounding differences between views). Pure.
import type { ExposureColumns, ExposureLine } from "./exposureMath.js";

export const EXPOSURE_DIMENSIONS = [
  "counterparty",
  "group",
  "currency",
  "sector",
  "country",
  "product",
  "rating",
] as const;
export type ExposureDimension = (typeof EXPOSURE_DIMENSIONS)[number];

export interface CurrencyColumns {
  readonly currency: string;
  /** Minor units of `currency`. */
  readonly amounts: ExposureColumns;
}

export interface ExposureAggregate {
  /** The dimension's value (a group key for `group`); "total" for the total. */
  readonly key: string;
  /** How many exposure lines (facilities' own, and substituted parts) it adds up. */
  readonly lines: number;
  /** Minor units of the reporting currency. */
  readonly reporting: ExposureColumns;
  /** In each original currency, sorted by currency. */
  readonly original: readonly CurrencyColumns[];
}

export const ZERO_COLUMNS: ExposureColumns = {
  grossExposure: 0n,
  provisions: 0n,
  exposureValue: 0n,
  crmSubstitution: 0n,
  crmFunded: 0n,
  exempted: 0n,
  valueAfterExemptionsAndCrm: 0n,
};

/** The value of a line in one dimension. */
export function dimensionKey(line: ExposureLine, dimension: ExposureDimension): string {
  switch (dimension) {
    case "counterparty":
      return line.counterpartyId;
    case "group":
      return line.groupKey;
    case "currency":
      return line.currency;
    case "sector":
      return line.sector;
    case "country":
      return line.country;
    case "product":
      return line.product;
    case "rating":
      return line.rating;
  }
}

/** The lines added up by one dimension, sorted by key. */
export function aggregateExposure(
  lines: readonly ExposureLine[],
  dimension: ExposureDimension,
): ExposureAggregate[] {
  const buckets = new Map<string, ExposureLine[]>();
  for (const line of lines) {
    const key = dimensionKey(line, dimension);
    const bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, [line]);
    else bucket.push(line);
  }
  return [...buckets.keys()].sort().map((key) => aggregateOf(key, buckets.get(key) ?? []));
}

/** All lines added up. */
export function totalExposure(lines: readonly ExposureLine[]): ExposureAggregate {
  return aggregateOf("total", lines);
}

export function aggregateOf(key: string, lines: readonly ExposureLine[]): ExposureAggregate {
  let reporting = ZERO_COLUMNS;
  const byCurrency = new Map<string, ExposureColumns>();
  for (const line of lines) {
    reporting = addColumns(reporting, line.reporting);
    byCurrency.set(
      line.currency,
      addColumns(byCurrency.get(line.currency) ?? ZERO_COLUMNS, line.original),
    );
  }
  const original = [...byCurrency.keys()]
    .sort()
    .map((currency) => ({ currency, amounts: byCurrency.get(currency) ?? ZERO_COLUMNS }));
  return { key, lines: lines.length, reporting, original };
}

export function addColumns(a: ExposureColumns, b: ExposureColumns): ExposureColumns {
  return {
    grossExposure: a.grossExposure + b.grossExposure,
    provisions: a.provisions + b.provisions,
    exposureValue: a.exposureValue + b.exposureValue,
    crmSubstitution: a.crmSubstitution + b.crmSubstitution,
    crmFunded: a.crmFunded + b.crmFunded,
    exempted: a.exempted + b.exempted,
    valueAfterExemptionsAndCrm: a.valueAfterExemptionsAndCrm + b.valueAfterExemptionsAndCrm,
  };
}
