// How figures are shown. Amounts stay the API's decimal strings (never floats): grouping
// separators are inserted into the string. Only charts turn an amount into a Number, to
// place a point on screen; every figure a reader sees is the API's own string.

/** "1234567.89" → "1,234,567.89"; "-5.00" → "-5.00". */
export function formatAmount(amount: string): string {
  const negative = amount.startsWith("-");
  const digits = negative ? amount.slice(1) : amount;
  const [whole = "0", fraction] = digits.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** An amount as a chart coordinate (display only; never used for sums or checks). */
export function chartValue(amount: string): number {
  return Number(amount);
}

/** An ISO time as "2026-11-29 22:05:13 UTC" (the ledger's times are UTC). */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === "") return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** A hash shortened for tables (the full hash is in the title and the detail views). */
export function shortHash(hash: string): string {
  return hash.length <= 16 ? hash : `${hash.slice(0, 8)}…${hash.slice(-8)}`;
}

/** Exact comparison of two decimal strings of the same scale or not: -1, 0 or 1. */
export function compareAmounts(a: string, b: string): number {
  const scale = Math.max(fractionDigits(a), fractionDigits(b));
  const x = toMinorUnits(a, scale);
  const y = toMinorUnits(b, scale);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** The difference b - a of two decimal strings, exactly, at the larger scale. */
export function subtractAmounts(b: string, a: string): string {
  const scale = Math.max(fractionDigits(a), fractionDigits(b));
  return fromMinorUnits(toMinorUnits(b, scale) - toMinorUnits(a, scale), scale);
}

/** Digits after the decimal point of a decimal string. */
export /** a + b of two decimal strings, exactly, at the larger scale. */
function addAmounts(a: string, b: string): string {
  const scale = Math.max(fractionDigits(a), fractionDigits(b));
  return fromMinorUnits(toMinorUnits(a, scale) + toMinorUnits(b, scale), scale);
}

/** Digits after the decimal point of a decimal string. */
export function fractionDigits(amount: string): number {
  const dot = amount.indexOf(".");
  return dot === -1 ? 0 : amount.length - dot - 1;
}

/** A decimal string as bigint units of 10^-scale (scale ≥ its fraction digits). */
export function toMinorUnits(amount: string, scale: number): bigint {
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? amount.slice(1) : amount).split(".");
  const units = BigInt(whole + fraction.padEnd(scale, "0"));
  return negative ? -units : units;
}

function fromMinorUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? "-" : ""}${whole}${scale === 0 ? "" : `.${fraction}`}`;
}
