// Property tests of the exact bigint decimals of exposureMathExact.ts against decimal.js
// (ExposureDecimal: 60 significant digits, half-even), operation by operation, over values of
// up to 76 digits at scales from -20 to 40 and the halfway cases: the same digits every time.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Exact,
  dividedBy,
  exactOfDec,
  minus,
  plus,
  roundExact,
  times,
  toFixedPlaces,
} from "./exposureMathExact.js";
import { type Dec, ExposureDecimal, roundMinor } from "./exposureMathFx.js";

const coefficient = fc.oneof(
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
  fc.bigInt({ min: -(10n ** 75n), max: 10n ** 75n }),
  fc.constantFrom(0n, 5n, -5n, 15n, 25n, 10n ** 60n - 1n, 10n ** 60n + 5n, 5n * 10n ** 60n),
  // 61 digits ending in 5: exactly halfway between two 60-digit values.
  fc.bigInt({ min: 10n ** 59n, max: 10n ** 60n - 1n }).map((n) => n * 10n + 5n),
  fc.bigInt({ min: 10n ** 59n, max: 10n ** 60n - 1n }).map((n) => -(n * 10n + 5n)),
);
const exactValue = fc.record({ c: coefficient, s: fc.integer({ min: -20, max: 40 }) });

function decOf(value: Exact): Dec {
  return new ExposureDecimal(`${value.c}e${-value.s}`);
}

function sameValue(actual: Exact, expected: Dec): void {
  expect(decOf(actual).toString()).toBe(expected.toString());
}

describe("exact decimals equal decimal.js at 60 digits, half-even", () => {
  it("plus, minus, times, dividedBy and rounding to minor units", () => {
    fc.assert(
      fc.property(exactValue, exactValue, (a, b) => {
        const x = decOf(a);
        const y = decOf(b);
        sameValue(plus(a, b), x.plus(y));
        sameValue(minus(a, b), x.minus(y));
        sameValue(times(a, b), x.times(y));
        if (b.c !== 0n) sameValue(dividedBy(a, b), x.dividedBy(y));
        expect(roundExact(a)).toBe(roundMinor(x));
        for (const places of [0, 6]) {
          const expected = x.toDecimalPlaces(places, ExposureDecimal.ROUND_HALF_EVEN);
          expect(toFixedPlaces(a, places)).toBe(expected.toFixed(places));
        }
        expect(decOf(exactOfDec(x)).toString()).toBe(x.toString());
      }),
      { numRuns: 5000 },
    );
  });
});
