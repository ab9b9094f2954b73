// Decimal amounts at the edge: exact parsing against an asset's scale, never rounding, and
// formatting that round-trips every minor-unit amount at every scale.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAmount, normalizeAmountText, parseAmount } from "./amount.js";
import { MAX_AMOUNT_DIGITS, MAX_ASSET_SCALE } from "./limits.js";

describe("parseAmount", () => {
  it("reads digits with an optional fraction into minor units", () => {
    expect(parseAmount("123.45", 2)).toEqual({ ok: true, minor: 12345n });
    expect(parseAmount("123.4", 2)).toEqual({ ok: true, minor: 12340n });
    expect(parseAmount("7", 0)).toEqual({ ok: true, minor: 7n });
    expect(parseAmount("0.00000001", 8)).toEqual({ ok: true, minor: 1n });
    expect(parseAmount("1.50", 1)).toEqual({ ok: true, minor: 15n });
  });

  it("refuses more decimals than the scale instead of rounding", () => {
    expect(parseAmount("0.001", 2)).toMatchObject({ ok: false, code: "amount_precision" });
    expect(parseAmount("1.5", 0)).toMatchObject({ ok: false, code: "amount_precision" });
    expect(parseAmount("0.000000001", 8)).toMatchObject({ ok: false, code: "amount_precision" });
  });

  it("refuses signs, exponents, spaces, zero and malformed numbers", () => {
    for (const text of [
      "-1",
      "+1",
      "1e3",
      " 1",
      "1 ",
      "01",
      ".5",
      "5.",
      "1,00",
      "0",
      "0.00",
      "",
      "NaN",
      "Infinity",
      "0x10",
    ]) {
      expect(parseAmount(text, 2), text).toMatchObject({ ok: false, code: "amount_invalid" });
    }
  });

  it("refuses amounts of 10^30 minor units or more", () => {
    const largest = "9".repeat(MAX_AMOUNT_DIGITS);
    expect(parseAmount(largest, 0)).toEqual({ ok: true, minor: BigInt(largest) });
    expect(parseAmount(`1${"0".repeat(MAX_AMOUNT_DIGITS)}`, 0)).toMatchObject({
      ok: false,
      code: "amount_too_large",
    });
    expect(parseAmount(`1${"0".repeat(MAX_AMOUNT_DIGITS - 2)}`, 2)).toMatchObject({
      ok: false,
      code: "amount_too_large",
    });
  });

  it("round-trips every positive amount at every scale through formatAmount", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** BigInt(MAX_AMOUNT_DIGITS) - 1n }),
        fc.integer({ min: 0, max: MAX_ASSET_SCALE }),
        (minor, scale) => {
          expect(parseAmount(formatAmount(minor, scale), scale)).toEqual({ ok: true, minor });
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("treats spellings of the same money as the same text once normalised", () => {
    expect(normalizeAmountText("1.50")).toBe("1.5");
    expect(normalizeAmountText("1.00")).toBe("1");
    expect(normalizeAmountText("100")).toBe("100");
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        fc.integer({ min: 0, max: 8 }),
        (minor, scale) => {
          const text = formatAmount(minor, scale);
          const parsedAtMax = parseAmount(text, MAX_ASSET_SCALE);
          const normalised = parseAmount(normalizeAmountText(text), MAX_ASSET_SCALE);
          expect(normalised).toEqual(parsedAtMax);
        },
      ),
    );
  });
});

describe("formatAmount", () => {
  it("formats signed minor units at the asset's scale", () => {
    expect(formatAmount(12345n, 2)).toBe("123.45");
    expect(formatAmount(-5n, 2)).toBe("-0.05");
    expect(formatAmount(0n, 2)).toBe("0.00");
    expect(formatAmount(100n, 0)).toBe("100");
    expect(formatAmount(1n, 18)).toBe("0.000000000000000001");
  });
});
