// ISO 4217 minor units of the currencies the ISO 20022 layer supports, and the exact parsing
// of ISO 20022 amounts (xs:decimal text) into bigint minor units at the currency's scale. It
// reuses the ledger's own parser (schemas/amount.ts): digit arithmetic, never a float.
import { DECIMAL_AMOUNT_PATTERN, formatAmount, parseAmount } from "../../schemas/index.js";

/** Minor units (decimal places) per ISO 4217; a currency not listed is refused. */
export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  AUD: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  INR: 2,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  MXN: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PLN: 2,
  SEK: 2,
  SGD: 2,
  TND: 3,
  USD: 2,
  ZAR: 2,
});

/** The scale of `currency`, or undefined when it is not in the table. */
export function scaleOf(currency: string): number | undefined {
  return Object.hasOwn(CURRENCY_MINOR_UNITS, currency) ? CURRENCY_MINOR_UNITS[currency] : undefined;
}

export type AmountReading =
  { readonly ok: true; readonly minor: bigint } | { readonly ok: false; readonly reason: string };

export interface AmountOptions {
  /** Balances may be zero; entry and transaction amounts may not. */
  readonly allowZero?: boolean;
}

/**
 * Parses an ISO 20022 amount (`text`, in `currency`) into minor units. Refused, with the
 * reason: an unknown currency, a negative amount, more decimals than the currency has (after
 * dropping trailing zeros: "1.50" is 1.5), anything but plain digits with an optional
 * fraction, zero unless allowed, and amounts of 10^30 minor units or more.
 */
export function parseIsoAmount(
  text: string,
  currency: string,
  options: AmountOptions = {},
): AmountReading {
  const scale = scaleOf(currency);
  if (scale === undefined) {
    return { ok: false, reason: `unknown currency "${currency}" (not in the ISO 4217 table)` };
  }
  if (text.startsWith("-")) return { ok: false, reason: `negative amount "${text}"` };
  if (options.allowZero === true && isZero(text)) return zeroAt(text, scale, currency);
  const parsed = parseAmount(text, scale);
  if (parsed.ok) return { ok: true, minor: parsed.minor };
  if (parsed.code === "amount_precision") {
    return {
      ok: false,
      reason: `"${text}" has more than ${scale} decimal places, the minor units of ${currency}`,
    };
  }
  return { ok: false, reason: parsed.message };
}

function isZero(text: string): boolean {
  return DECIMAL_AMOUNT_PATTERN.test(text) && !/[1-9]/.test(text);
}

function zeroAt(text: string, scale: number, currency: string): AmountReading {
  const fraction = text.includes(".") ? text.slice(text.indexOf(".") + 1) : "";
  if (fraction.replace(/0+$/, "").length > scale) {
    return { ok: false, reason: `"${text}" has more than ${scale} decimal places for ${currency}` };
  }
  return { ok: true, minor: 0n };
}

/** Minor units of `currency` as the decimal string ISO 20022 and the ledger expect. */
export function formatIsoAmount(minor: bigint, currency: string): string {
  const scale = scaleOf(currency);
  if (scale === undefined) throw new RangeError(`unknown currency "${currency}"`);
  return formatAmount(minor, scale);
}
