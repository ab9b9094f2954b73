// The exact arithmetic under the IFRS 9 library (docs/ifrs9.md): a private decimal.js
// constructor (precision 60, half-even), strict parsing of the decimal strings at the
// boundary, rounding to minor units with the parameter set's mode, calendar dates as whole
// days (actual/365), and the library's input error. Pure: nothing global is mutated.
import { Decimal } from "decimal.js";
import type { RoundingMode } from "./ifrs9Types.js";

/**
 * Every IFRS 9 figure is computed with this constructor: 60 significant digits (as the
 * exposure model: any amount Folio accepts, below 10^38 minor units, times any rate) for every
 * intermediate result, ROUND_HALF_EVEN; the only rounding that matters is the final one to
 * the currency's minor unit (roundMinor). Never mutate the global Decimal settings.
 */
export const Ifrs9Decimal = Decimal.clone({
  precision: 60,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -60,
  toExpPos: 60,
});
export type Dec = InstanceType<typeof Ifrs9Decimal>;

export const ZERO: Dec = new Ifrs9Decimal(0);
export const ONE: Dec = new Ifrs9Decimal(1);
export const DAYS_PER_YEAR = 365;

/** Inputs the IFRS 9 calculation refuses; `code` is stable, `message` names what and why. */
export class Ifrs9InputError extends RangeError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "Ifrs9InputError";
  }
}

/** An internal invariant that does not hold: a bug, never bad input. */
export class Ifrs9InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Ifrs9InvariantError";
  }
}

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** A plain decimal string ("0.025", "-1", no exponent, no spaces) as an exact decimal. */
export function parseDecimal(text: string, what: string): Dec {
  if (!DECIMAL_TEXT.test(text)) {
    throw new Ifrs9InputError("decimal_invalid", `${what} must be a decimal string, got "${text}"`);
  }
  return new Ifrs9Decimal(text);
}

/** A decimal string within [0, 1] (a PD, LGD, weight or CCF). */
export function parseUnit(text: string, what: string): Dec {
  const value = parseDecimal(text, what);
  if (value.lessThan(0) || value.greaterThan(ONE)) {
    throw new Ifrs9InputError(
      "probability_out_of_range",
      `${what} must be within 0..1, got ${text}`,
    );
  }
  return value;
}

export function decOf(minor: bigint): Dec {
  return new Ifrs9Decimal(minor.toString());
}

const ROUNDING_MODES: Readonly<Record<RoundingMode, Decimal.Rounding>> = {
  ROUND_UP: Decimal.ROUND_UP,
  ROUND_DOWN: Decimal.ROUND_DOWN,
  ROUND_CEIL: Decimal.ROUND_CEIL,
  ROUND_FLOOR: Decimal.ROUND_FLOOR,
  ROUND_HALF_UP: Decimal.ROUND_HALF_UP,
  ROUND_HALF_DOWN: Decimal.ROUND_HALF_DOWN,
  ROUND_HALF_EVEN: Decimal.ROUND_HALF_EVEN,
  ROUND_HALF_CEIL: Decimal.ROUND_HALF_CEIL,
  ROUND_HALF_FLOOR: Decimal.ROUND_HALF_FLOOR,
};

/** Rounds an exact amount of minor units to whole minor units with the given mode. */
export function roundMinor(value: Dec, mode: RoundingMode): bigint {
  return BigInt(value.toDecimalPlaces(0, ROUNDING_MODES[mode]).toFixed(0));
}

export function maxDec(a: Dec, b: Dec): Dec {
  return a.greaterThan(b) ? a : b;
}

export function minDec(a: Dec, b: Dec): Dec {
  return a.lessThan(b) ? a : b;
}

/** A decimal as a plain string (no exponent) for the traceable detail rows. */
export function text(value: Dec): string {
  return value.toFixed();
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` calendar date (UTC); a non-date is refused. */
export function dayNumber(date: string, what: string): number {
  const [, y, m, d] = DATE_TEXT.exec(date) ?? [];
  const ms = y === undefined ? Number.NaN : Date.UTC(Number(y), Number(m) - 1, Number(d));
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new Ifrs9InputError("date_invalid", `${what} must be a YYYY-MM-DD date, got "${date}"`);
  }
  return ms / MS_PER_DAY;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to, "date") - dayNumber(from, "date");
}

/** Actual/365 year fraction from `from` to `to`. */
export function yearFraction(from: string, to: string): Dec {
  return new Ifrs9Decimal(daysBetween(from, to)).dividedBy(DAYS_PER_YEAR);
}

/** The date `months` calendar months after `date`, clamped to the end of a shorter month. */
export function addMonths(date: string, months: number): string {
  dayNumber(date, "date");
  const [year, month, day] = date.split("-").map((part) => Number.parseInt(part, 10)) as [
    number,
    number,
    number,
  ];
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const clamped = Math.min(day, lastDay);
  return new Date(Date.UTC(targetYear, targetMonth, clamped)).toISOString().slice(0, 10);
}

/** The date `days` days after `date`. */
export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date, "date") + days) * MS_PER_DAY).toISOString().slice(0, 10);
}
