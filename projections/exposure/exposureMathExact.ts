// Fast exact decimals for the exposure calculation (exposureMath.ts): a value is a bigint
// coefficient and a power of ten (c x 10^-s), and every operation rounds its exact result to
// 60 significant digits, half-even, exactly as the ExposureDecimal constructor of
// exposureMathFx.ts (decimal.js, precision 60, ROUND_HALF_EVEN) does, so each result equals
// decimal.js's digit for digit at a fraction of its cost. Integers (s = 0) stay plain bigint
// sums; only FX rates and CCF fractions bring in a scale. Pure: no I/O, nothing mutated.
import type { Dec } from "./exposureMathFx.js";

/** c x 10^-s. `s` may be negative (a value with more than 60 integer digits). */
export interface Exact {
  readonly c: bigint;
  readonly s: number;
}

/** Significant digits of every result (ExposureDecimal's precision). */
const PRECISION = 60;
const POW10: bigint[] = [1n];
for (let i = 1; i <= 200; i++) POW10.push((POW10[i - 1] as bigint) * 10n);
const LIMIT = pow10(PRECISION);

export const EXACT_ZERO: Exact = { c: 0n, s: 0 };

function pow10(n: number): bigint {
  return n <= 200 ? (POW10[n] as bigint) : 10n ** BigInt(n);
}

/** Minor units as an exact value (not rounded, as the decimal.js constructor does not). */
export function exact(minor: bigint): Exact {
  return { c: minor, s: 0 };
}

/** The exact value of a decimal.js value (its normal notation, never exponential). */
export function exactOfDec(value: Dec): Exact {
  const text = value.toFixed();
  const negative = text.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? text.slice(1) : text).split(".");
  const c = BigInt(whole + fraction);
  return { c: negative ? -c : c, s: fraction.length };
}

/** Decimal digits of a non-negative bigint (0 has 1). */
function digits(n: bigint): number {
  if (n < LIMIT) {
    let low = 0;
    let high = PRECISION;
    // The least d with n < 10^d.
    while (low < high) {
      const mid = (low + high) >> 1;
      if (n < (POW10[mid] as bigint)) high = mid;
      else low = mid + 1;
    }
    return Math.max(1, low);
  }
  return n.toString().length;
}

/** Rounds |q| + remainder r / d (0 <= r < d) half-even, keeping q's sign. */
function halfEven(q: bigint, r: bigint, d: bigint, negative: boolean): bigint {
  const twice = 2n * r;
  const up = twice > d || (twice === d && (q & 1n) === 1n);
  const magnitude = up ? q + 1n : q;
  return negative ? -magnitude : magnitude;
}

/** c x 10^-s rounded to 60 significant digits, half-even. */
function round60(c: bigint, s: number): Exact {
  if (c < LIMIT && c > -LIMIT) return c === 0n && s !== 0 ? EXACT_ZERO : { c, s };
  const negative = c < 0n;
  const magnitude = negative ? -c : c;
  const drop = digits(magnitude) - PRECISION;
  const divisor = pow10(drop);
  return { c: halfEven(magnitude / divisor, magnitude % divisor, divisor, negative), s: s - drop };
}

export function plus(a: Exact, b: Exact): Exact {
  if (a.s === b.s) return round60(a.c + b.c, a.s);
  return a.s > b.s
    ? round60(a.c + b.c * pow10(a.s - b.s), a.s)
    : round60(a.c * pow10(b.s - a.s) + b.c, b.s);
}

export function minus(a: Exact, b: Exact): Exact {
  if (b.c === 0n) return round60(a.c, a.s);
  if (a.s === b.s) return round60(a.c - b.c, a.s);
  return a.s > b.s
    ? round60(a.c - b.c * pow10(a.s - b.s), a.s)
    : round60(a.c * pow10(b.s - a.s) - b.c, b.s);
}

export function times(a: Exact, b: Exact): Exact {
  return round60(a.c * b.c, a.s + b.s);
}

/** a / b rounded to 60 significant digits, half-even (b is not zero). */
export function dividedBy(a: Exact, b: Exact): Exact {
  if (a.c === 0n) return EXACT_ZERO;
  const negative = a.c < 0n !== b.c < 0n;
  const n = a.c < 0n ? -a.c : a.c;
  const d = b.c < 0n ? -b.c : b.c;
  // |a / b| = n / d x 10^(b.s - a.s); n / d x 10^t has 60 or 61 digits before the point.
  let t = PRECISION - digits(n) + digits(d);
  let num = t >= 0 ? n * pow10(t) : n;
  let den = t >= 0 ? d : d * pow10(-t);
  if (num / den >= LIMIT) {
    t -= 1;
    if (t >= 0) num = n * pow10(t);
    else den = d * pow10(-t);
  }
  return { c: halfEven(num / den, num % den, den, negative), s: t - (b.s - a.s) };
}

export function compare(a: Exact, b: Exact): number {
  const x = a.s >= b.s ? a.c : a.c * pow10(b.s - a.s);
  const y = b.s >= a.s ? b.c : b.c * pow10(a.s - b.s);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** a when it is less than b, else b (as minDec). */
export function minExact(a: Exact, b: Exact): Exact {
  return compare(a, b) < 0 ? a : b;
}

/** a when it is greater than b, else b (as maxDec). */
export function maxExact(a: Exact, b: Exact): Exact {
  return compare(a, b) > 0 ? a : b;
}

/** Rounds to whole minor units, half-even (as roundMinor). */
export function roundExact(value: Exact): bigint {
  if (value.s === 0) return value.c;
  if (value.s < 0) return value.c * pow10(-value.s);
  const divisor = pow10(value.s);
  const negative = value.c < 0n;
  const magnitude = negative ? -value.c : value.c;
  return halfEven(magnitude / divisor, magnitude % divisor, divisor, negative);
}

/** To `places` decimal places, half-even, as decimal.js toDecimalPlaces then toFixed ("0" unsigned). */
export function toFixedPlaces(value: Exact, places: number): string {
  const scaled = roundExact({ c: value.c, s: value.s - places });
  const negative = scaled < 0n;
  const text = (negative ? -scaled : scaled).toString().padStart(places + 1, "0");
  const fixed = places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
  return negative ? `-${fixed}` : fixed;
}
