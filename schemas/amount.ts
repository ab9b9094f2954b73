// Money at the edge: decimal strings ("123.45") in, decimal strings out, bigint minor units
// inside. Nothing here ever goes through a float: a validated amount string becomes minor
// units by exact digit arithmetic (the digits ARE the minor units once the fraction is padded
// to the scale), and decimal.js formats minor units back into decimal strings.
import { Decimal } from "decimal.js";
import { MAX_AMOUNT_DIGITS, MAX_AMOUNT_STRING_LENGTH, MAX_ASSET_SCALE } from "./limits.js";

/** Digits with an optional fraction: no sign, no exponent, no spaces, no leading "+". */
export const DECIMAL_AMOUNT_PATTERN = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;
/** Minor units as stored in events: a positive integer without leading zeros, or "0". */
export const MINOR_UNITS_PATTERN = /^(0|[1-9][0-9]*)$/;

const MAX_AMOUNT_MINOR = 10n ** BigInt(MAX_AMOUNT_DIGITS);

// A private Decimal constructor: enough precision for every amount we accept, and no
// exponent notation when formatting. Never mutate the global Decimal settings.
const ExactDecimal = Decimal.clone({
  precision: MAX_AMOUNT_DIGITS + MAX_ASSET_SCALE + 2,
  rounding: Decimal.ROUND_DOWN,
  toExpNeg: -(MAX_ASSET_SCALE + 2),
  toExpPos: MAX_AMOUNT_DIGITS + MAX_ASSET_SCALE + 2,
});

export type AmountErrorCode = "amount_invalid" | "amount_precision" | "amount_too_large";

export type ParsedAmount =
  | { readonly ok: true; readonly minor: bigint }
  | { readonly ok: false; readonly code: AmountErrorCode; readonly message: string };

/**
 * Parses a positive decimal string into minor units of an asset with `scale` decimals.
 * More decimals than the scale is an error (never rounded); so are zero and huge amounts.
 */
export function parseAmount(text: string, scale: number): ParsedAmount {
  assertScale(scale);
  if (text.length > MAX_AMOUNT_STRING_LENGTH || !DECIMAL_AMOUNT_PATTERN.test(text)) {
    return { ok: false, code: "amount_invalid", message: `"${text}" is not a decimal amount` };
  }
  // Trailing fractional zeros carry no value ("1.50" at scale 1 is 15 minor units).
  const dot = text.indexOf(".");
  const whole = dot === -1 ? text : text.slice(0, dot);
  const fraction = dot === -1 ? "" : text.slice(dot + 1).replace(/0+$/, "");
  if (fraction.length > scale) {
    return {
      ok: false,
      code: "amount_precision",
      message: `"${text}" has more than ${scale} decimal places`,
    };
  }
  const minor = BigInt(whole + fraction.padEnd(scale, "0"));
  if (minor <= 0n) {
    return { ok: false, code: "amount_invalid", message: "amounts must be more than zero" };
  }
  if (minor >= MAX_AMOUNT_MINOR) {
    return {
      ok: false,
      code: "amount_too_large",
      message: `amounts must be below 10^${MAX_AMOUNT_DIGITS} minor units`,
    };
  }
  return { ok: true, minor };
}

/** Formats minor units (may be negative, e.g. a balance) as a decimal string at `scale`. */
export function formatAmount(minor: bigint, scale: number): string {
  assertScale(scale);
  return new ExactDecimal(minor.toString()).dividedBy(powerOfTen(scale)).toFixed(scale);
}

const powersOfTen = Array.from({ length: MAX_ASSET_SCALE + 1 }, (_, exponent) =>
  new ExactDecimal(10).pow(exponent),
);

function powerOfTen(scale: number): Decimal {
  const power = powersOfTen[scale];
  if (power === undefined) throw new RangeError(`no power of ten for scale ${scale}`);
  return power;
}

function assertScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_ASSET_SCALE) {
    throw new RangeError(`asset scale must be an integer in 0..${MAX_ASSET_SCALE}, got ${scale}`);
  }
}

/**
 * The canonical text of a valid decimal amount: "1.50" and "1.5" are the same money, so
 * trailing fractional zeros (and a bare dot) go. The asset's scale is not needed for this.
 */
export function normalizeAmountText(text: string): string {
  if (!text.includes(".")) return text;
  return text.replace(/0+$/, "").replace(/\.$/, "");
}
