// The exact arithmetic under the exposure calculation (exposureMath.ts): a private decimal.js
// constructor that rounds half-even, the stable input errors, minor units <-> decimals, and
// FX conversion from the published rates (the given pair, or 1 / the reverse pair; a missing
// rate is an error naming the pair, never 0 or 1; `convertExact` does the same on the bigint
// decimals of exposureMathExact.ts). Pure: no I/O, nothing global mutated.
import { Decimal } from "decimal.js";
import { type Exact, dividedBy, exactOfDec, times } from "./exposureMathExact.js";
import type { FxRate } from "./exposureTypes.js";

/**
 * Every exposure figure is computed with this constructor. 60 significant digits hold any
 * amount Folio accepts (below 10^38 minor units) times any rate with room to spare, so the
 * only roundings that matter are the explicit ones at the end of each reported amount, and
 * those are ROUND_HALF_EVEN (banker's rounding). Never mutate the global Decimal settings.
 */
export const ExposureDecimal = Decimal.clone({
  precision: 60,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -60,
  toExpPos: 60,
});
export type Dec = InstanceType<typeof ExposureDecimal>;

export const ZERO: Dec = new ExposureDecimal(0);
export const ONE: Dec = new ExposureDecimal(1);

export type ExposureInputErrorCode =
  /** No rate for a pair (neither it nor its reverse): the message names the pair. */
  | "fx_rate_missing"
  /** A rate that is not a positive decimal. */
  | "fx_rate_invalid"
  /** Large exposures need Tier 1 and there is none. */
  | "capital_base_missing"
  /** Tier 1 of zero or less: no share of it can be computed. */
  | "capital_base_invalid"
  /** A currency that is not one of the ledger's assets (no scale to read minor units by). */
  | "asset_scale_missing"
  /** A facility or guarantee names a counterparty that is not in force. */
  | "counterparty_missing"
  /** A facility account's balance is in another currency than the facility. */
  | "account_currency_mismatch"
  /** A CCF outside 0..1 or not a decimal. */
  | "ccf_invalid";

/** Inputs the exposure calculation cannot work with; `code` is stable, `message` names what. */
export class ExposureInputError extends Error {
  constructor(
    readonly code: ExposureInputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ExposureInputError";
  }
}

/** Minor units as an exact decimal. */
export function dec(minor: bigint): Dec {
  return new ExposureDecimal(minor.toString());
}

/** Rounds an exact amount of minor units to whole minor units, half-even. */
export function roundMinor(value: Dec): bigint {
  return BigInt(value.toDecimalPlaces(0, ExposureDecimal.ROUND_HALF_EVEN).toFixed(0));
}

export function maxDec(a: Dec, b: Dec): Dec {
  return a.greaterThan(b) ? a : b;
}

export function minDec(a: Dec, b: Dec): Dec {
  return a.lessThan(b) ? a : b;
}

/** The scale (decimal places) of an asset; an unknown asset is an input error. */
export function scaleOf(scales: ReadonlyMap<string, number>, currency: string): number {
  const scale = scales.get(currency);
  if (scale === undefined) {
    throw new ExposureInputError("asset_scale_missing", `no asset scale for ${currency}`);
  }
  return scale;
}

/**
 * Converts amounts between the ledger's currencies with one set of rates. A rate of `from`
 * into `to` is the given pair, else the inverse of the reverse pair: amounts are DIVIDED by
 * the reverse rate (the same as x 1/rate, without rounding 1/rate first, so 15 / 6 is exactly
 * 2.5). Between two currencies neither of which is the reporting currency and without a rate
 * of their own, the cross rate through the reporting currency. Same currency needs no rate.
 */
export class FxConverter {
  private readonly rates = new Map<string, Dec>();
  private readonly latest = new Map<string, string>();
  private readonly stepsByPair = new Map<string, readonly Step[]>();
  private readonly rateTexts = new Map<string, string>();

  constructor(
    rates: readonly FxRate[],
    private readonly scales: ReadonlyMap<string, number>,
    readonly reportingCurrency: string,
  ) {
    for (const rate of rates) this.add(rate);
  }

  /** How many units of `to` one unit of `from` is. */
  rate(from: string, to: string): Dec {
    return this.steps(from, to).reduce(applyStep, ONE);
  }

  /** Exact minor units of `from` as exact minor units of `to` (scales taken into account). */
  convert(minor: Dec, from: string, to: string): Dec {
    if (from === to) return minor;
    const shift = scaleOf(this.scales, to) - scaleOf(this.scales, from);
    const steps = this.steps(from, to);
    return steps.reduce(applyStep, minor.times(new ExposureDecimal(10).pow(shift)));
  }

  /** Exact minor units of `from` in the reporting currency. */
  toReporting(minor: Dec, from: string): Dec {
    return this.convert(minor, from, this.reportingCurrency);
  }

  /** `rate(from, to).toString()`, remembered per pair. */
  rateText(from: string, to: string): string {
    const key = pairKey(from, to);
    let text = this.rateTexts.get(key);
    if (text === undefined) {
      text = this.rate(from, to).toString();
      this.rateTexts.set(key, text);
    }
    return text;
  }

  /** As `convert`, on exact values (each step rounded to 60 digits as decimal.js does). */
  convertExact(minor: Exact, from: string, to: string): Exact {
    if (from === to) return minor;
    const shift = scaleOf(this.scales, to) - scaleOf(this.scales, from);
    let value = shift === 0 ? times(minor, ONE_EXACT) : times(minor, { c: 1n, s: -shift });
    for (const step of this.steps(from, to)) {
      value = step.divide ? dividedBy(value, step.exact) : times(value, step.exact);
    }
    return value;
  }

  private steps(from: string, to: string): readonly Step[] {
    if (from === to) return [];
    const key = pairKey(from, to);
    let steps = this.stepsByPair.get(key);
    if (steps === undefined) {
      steps = this.findSteps(from, to);
      this.stepsByPair.set(key, steps);
    }
    return steps;
  }

  private findSteps(from: string, to: string): readonly Step[] {
    const direct = this.pairStep(from, to);
    if (direct !== undefined) return [direct];
    const via = this.reportingCurrency;
    if (from !== via && to !== via) {
      const first = this.pairStep(from, via);
      const second = this.pairStep(via, to);
      if (first !== undefined && second !== undefined) return [first, second];
    }
    throw new ExposureInputError(
      "fx_rate_missing",
      `no FX rate for ${from}/${to} (nor ${to}/${from})`,
    );
  }

  private pairStep(from: string, to: string): Step | undefined {
    const given = this.rates.get(pairKey(from, to));
    if (given !== undefined) return { rate: given, exact: exactOfDec(given), divide: false };
    const reverse = this.rates.get(pairKey(to, from));
    return reverse === undefined
      ? undefined
      : { rate: reverse, exact: exactOfDec(reverse), divide: true };
  }

  // A pair given twice keeps the rate with the later validFrom (the later in the list on a tie).
  private add(rate: FxRate): void {
    const key = pairKey(rate.from, rate.to);
    const seen = this.latest.get(key);
    if (seen !== undefined && seen > rate.validFrom) return;
    this.rates.set(key, parseRate(rate));
    this.latest.set(key, rate.validFrom);
  }
}

const ONE_EXACT: Exact = { c: 1n, s: 0 };

interface Step {
  readonly rate: Dec;
  /** The same rate, exact. */
  readonly exact: Exact;
  /** The reverse pair's rate: divide by it. */
  readonly divide: boolean;
}

function applyStep(amount: Dec, step: Step): Dec {
  return step.divide ? amount.dividedBy(step.rate) : amount.times(step.rate);
}

function pairKey(from: string, to: string): string {
  return `${from}/${to}`;
}

function parseRate(rate: FxRate): Dec {
  let value: Dec;
  try {
    value = new ExposureDecimal(rate.rate);
  } catch {
    value = ZERO;
  }
  if (!value.isFinite() || value.lessThanOrEqualTo(0)) {
    throw new ExposureInputError(
      "fx_rate_invalid",
      `FX rate ${rate.from}/${rate.to} "${rate.rate}" is not a positive decimal`,
    );
  }
  return value;
}
