// Concentration of the exposure book (docs/risk.md): shares by sector, country of risk or
// rating and the Herfindahl-Hirschman index HHI = sum of share^2 (0..1), measured on the
// exposure value (after provisions, before CRM and exemptions) of each facility's own line
// in the reporting currency, so every facility counts once, where its obligor is. Pure.
import type { ExposureLine } from "./exposureMath.js";
import { type Dec, ExposureDecimal, ZERO, dec } from "./exposureMathFx.js";

export const CONCENTRATION_DIMENSIONS = ["sector", "country", "rating"] as const;
export type ConcentrationDimension = (typeof CONCENTRATION_DIMENSIONS)[number];

/** Decimal places of shares and of the HHI, rounded half-even (0.250000 is a quarter). */
export const CONCENTRATION_PLACES = 6;

export interface ConcentrationBucket {
  readonly key: string;
  /** Minor units of the reporting currency. */
  readonly amount: bigint;
  /** amount / total, a decimal string ("0.000000" when the total is 0). */
  readonly share: string;
}

export interface Concentration {
  readonly dimension: ConcentrationDimension;
  readonly total: bigint;
  /** By amount descending, then key. */
  readonly buckets: readonly ConcentrationBucket[];
  /** Sum of the exact shares squared; null when there is no exposure to measure. */
  readonly hhi: string | null;
}

/** The concentration of the book in one dimension. */
export function computeConcentration(
  lines: readonly ExposureLine[],
  dimension: ConcentrationDimension,
): Concentration {
  const amounts = new Map<string, bigint>();
  for (const line of lines) {
    if (line.kind !== "direct") continue;
    const key = line[dimension];
    amounts.set(key, (amounts.get(key) ?? 0n) + line.reporting.exposureValue);
  }
  return concentrationOf(dimension, amounts);
}

/** Adds lines into the concentration by sector, country and rating at once. */
export class ConcentrationBuilder {
  private readonly sector = new Map<string, bigint>();
  private readonly country = new Map<string, bigint>();
  private readonly rating = new Map<string, bigint>();

  add(line: ExposureLine): void {
    if (line.kind !== "direct") return;
    const amount = line.reporting.exposureValue;
    this.sector.set(line.sector, (this.sector.get(line.sector) ?? 0n) + amount);
    this.country.set(line.country, (this.country.get(line.country) ?? 0n) + amount);
    this.rating.set(line.rating, (this.rating.get(line.rating) ?? 0n) + amount);
  }

  finish(): Record<ConcentrationDimension, Concentration> {
    return {
      sector: concentrationOf("sector", this.sector),
      country: concentrationOf("country", this.country),
      rating: concentrationOf("rating", this.rating),
    };
  }
}

/** Shares and HHI of the amounts per key (in the order the keys were first seen). */
function concentrationOf(
  dimension: ConcentrationDimension,
  amounts: ReadonlyMap<string, bigint>,
): Concentration {
  const total = [...amounts.values()].reduce((sum, amount) => sum + amount, 0n);
  const buckets = [...amounts]
    .sort(([keyA, a], [keyB, b]) => (a !== b ? (a > b ? -1 : 1) : keyA < keyB ? -1 : 1))
    .map(([key, amount]) => ({ key, amount, share: fixed(shareOf(amount, total)) }));
  const hhi =
    total === 0n
      ? null
      : fixed(
          [...amounts.values()].reduce(
            (sum, amount) => sum.plus(shareOf(amount, total).pow(2)),
            ZERO,
          ),
        );
  return { dimension, total, buckets, hhi };
}

/** amount / total as a share with CONCENTRATION_PLACES places, half-even (0 for no total). */
export function concentrationShare(amount: bigint, total: bigint): string {
  return fixed(shareOf(amount, total));
}

function shareOf(amount: bigint, total: bigint): Dec {
  return total === 0n ? ZERO : dec(amount).dividedBy(dec(total));
}

function fixed(value: Dec): string {
  return value
    .toDecimalPlaces(CONCENTRATION_PLACES, ExposureDecimal.ROUND_HALF_EVEN)
    .toFixed(CONCENTRATION_PLACES);
}
