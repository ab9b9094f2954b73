// The exposure views of the read model (docs/risk.md): the exposure lines of exposureMath.ts
// added up by counterparty, connected group, currency, sector, country, product or rating,
// and in total. Each view adds the same rounded line amounts, so the rows of any view sum to
// the total exactly (no rounding differences between views); `aggregateAll` builds every view
// and the total in one pass, adding into running sums in place. Pure.
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
  const sums = new Map<string, Sum>();
  for (const line of lines) addLine(sumOf(sums, dimensionKey(line, dimension)), line);
  return sorted(sums);
}

/** All lines added up. */
export function totalExposure(lines: readonly ExposureLine[]): ExposureAggregate {
  return aggregateOf("total", lines);
}

export function aggregateOf(key: string, lines: readonly ExposureLine[]): ExposureAggregate {
  const sum = newSum();
  for (const line of lines) addLine(sum, line);
  return finish(key, sum);
}

export interface AggregatedViews {
  readonly total: ExposureAggregate;
  readonly views: Record<ExposureDimension, readonly ExposureAggregate[]>;
}

/**
 * Adds lines into every view and the total at once. A line's counterparty, group, sector,
 * country and rating are its counterparty's, so each line is added once per counterparty
 * (with those dimensions) and once per currency and product; the views are sums of those
 * cells (exact bigint sums: any order gives the same). `finish` sorts and copies them out.
 */
export class ViewsBuilder {
  private readonly parties = new Map<string, PartyCell>();
  /** Cells of a counterparty seen with other dimensions than its first line's. */
  private readonly otherParties = new Map<string, PartyCell>();
  private readonly products = new Map<string, Map<string, Sum>>();

  add(line: ExposureLine): void {
    let cell = this.parties.get(line.counterpartyId);
    if (cell === undefined) {
      cell = partyCell(line);
      this.parties.set(line.counterpartyId, cell);
    } else if (!sameParty(cell, line)) {
      const key = JSON.stringify([
        line.counterpartyId,
        line.groupKey,
        line.sector,
        line.country,
        line.rating,
      ]);
      cell = this.otherParties.get(key);
      if (cell === undefined) {
        cell = partyCell(line);
        this.otherParties.set(key, cell);
      }
    }
    addLine(cell.sum, line);
    let byProduct = this.products.get(line.currency);
    if (byProduct === undefined) {
      byProduct = new Map();
      this.products.set(line.currency, byProduct);
    }
    addLine(sumOf(byProduct, line.product), line);
  }

  finish(): AggregatedViews {
    const parties = [...this.parties.values(), ...this.otherParties.values()];
    const by = (key: (cell: PartyCell) => string): ExposureAggregate[] => {
      const sums = new Map<string, Sum>();
      for (const cell of parties) mergeInto(sumOf(sums, key(cell)), cell.sum);
      return sorted(sums);
    };
    const total = newSum();
    const currency = new Map<string, Sum>();
    const product = new Map<string, Sum>();
    for (const [code, byProduct] of this.products) {
      for (const [name, sum] of byProduct) {
        mergeInto(total, sum);
        mergeInto(sumOf(currency, code), sum);
        mergeInto(sumOf(product, name), sum);
      }
    }
    const views: Record<ExposureDimension, readonly ExposureAggregate[]> = {
      counterparty: by((cell) => cell.counterpartyId),
      group: by((cell) => cell.groupKey),
      currency: sorted(currency),
      sector: by((cell) => cell.sector),
      country: by((cell) => cell.country),
      product: sorted(product),
      rating: by((cell) => cell.rating),
    };
    return { total: finish("total", total), views };
  }
}

interface PartyCell {
  readonly counterpartyId: string;
  readonly groupKey: string;
  readonly sector: string;
  readonly country: string;
  readonly rating: string;
  readonly sum: Sum;
}

function partyCell(line: ExposureLine): PartyCell {
  const { counterpartyId, groupKey, sector, country, rating } = line;
  return { counterpartyId, groupKey, sector, country, rating, sum: newSum() };
}

function sameParty(cell: PartyCell, line: ExposureLine): boolean {
  return (
    cell.groupKey === line.groupKey &&
    cell.sector === line.sector &&
    cell.country === line.country &&
    cell.rating === line.rating
  );
}

/** target += source, in place. */
function mergeInto(target: Sum, source: Sum): void {
  target.lines += source.lines;
  addInto(target.reporting, source.reporting);
  for (const [currency, columns] of source.byCurrency) {
    let original = target.byCurrency.get(currency);
    if (original === undefined) {
      original = newColumnSums();
      target.byCurrency.set(currency, original);
    }
    addInto(original, columns);
  }
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

/** Columns being added up in place (a running sum; copied out when finished). */
export type ColumnSums = { -readonly [K in keyof ExposureColumns]: ExposureColumns[K] };

export function newColumnSums(): ColumnSums {
  return { ...ZERO_COLUMNS };
}

/** sum += columns, in place. */
export function addInto(sum: ColumnSums, columns: ExposureColumns): void {
  sum.grossExposure += columns.grossExposure;
  sum.provisions += columns.provisions;
  sum.exposureValue += columns.exposureValue;
  sum.crmSubstitution += columns.crmSubstitution;
  sum.crmFunded += columns.crmFunded;
  sum.exempted += columns.exempted;
  sum.valueAfterExemptionsAndCrm += columns.valueAfterExemptionsAndCrm;
}

interface Sum {
  lines: number;
  readonly reporting: ColumnSums;
  readonly byCurrency: Map<string, ColumnSums>;
}

function newSum(): Sum {
  return { lines: 0, reporting: newColumnSums(), byCurrency: new Map() };
}

function sumOf(sums: Map<string, Sum>, key: string): Sum {
  let sum = sums.get(key);
  if (sum === undefined) {
    sum = newSum();
    sums.set(key, sum);
  }
  return sum;
}

function addLine(sum: Sum, line: ExposureLine): void {
  sum.lines += 1;
  addInto(sum.reporting, line.reporting);
  let original = sum.byCurrency.get(line.currency);
  if (original === undefined) {
    original = newColumnSums();
    sum.byCurrency.set(line.currency, original);
  }
  addInto(original, line.original);
}

function sorted(sums: ReadonlyMap<string, Sum>): ExposureAggregate[] {
  return [...sums.keys()].sort().map((key) => finish(key, sums.get(key) ?? newSum()));
}

function finish(key: string, sum: Sum): ExposureAggregate {
  const original = [...sum.byCurrency.keys()].sort().map((currency) => ({
    currency,
    amounts: columnsOf(sum.byCurrency.get(currency) ?? ZERO_COLUMNS),
  }));
  return { key, lines: sum.lines, reporting: columnsOf(sum.reporting), original };
}

/** A fixed copy, its fields in the order of ExposureColumns. */
export function columnsOf(sum: ExposureColumns): ExposureColumns {
  return {
    grossExposure: sum.grossExposure,
    provisions: sum.provisions,
    exposureValue: sum.exposureValue,
    crmSubstitution: sum.crmSubstitution,
    crmFunded: sum.crmFunded,
    exempted: sum.exempted,
    valueAfterExemptionsAndCrm: sum.valueAfterExemptionsAndCrm,
  };
}
