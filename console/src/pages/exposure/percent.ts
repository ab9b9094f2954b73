// Shares as the exposure page shows them, exactly: the API's 6-place shares ("0.226800") as
// percentages ("22.68") by moving the decimal point, and shares of Tier 1 computed with
// bigint from decimal strings (never floats). Floats appear only as bar widths (chartValue).
import { chartValue, fractionDigits, toMinorUnits } from "../../format";

/** A 6-place share ("0.517420") as a percentage ("51.742"): exact, at least 2 places. */
export function percentOfShare(share: string): string {
  const negative = share.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? share.slice(1) : share).split(".");
  // The percent's point sits two digits after the share's.
  const digits = whole + fraction.padEnd(2, "0");
  const point = whole.length + 2;
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, "");
  const decimals = digits.slice(point).replace(/0+$/, "").padEnd(2, "0");
  return `${negative ? "-" : ""}${integer}.${decimals}`;
}

/**
 * amount / total as a 6-place share, truncated toward zero ("0.000000" for a zero total):
 * the API rounds limits down, so a limit's share truncated reads as the rule (25 %, 100 %).
 */
export function shareOf(amount: string, total: string): string {
  const scale = Math.max(fractionDigits(amount), fractionDigits(total));
  const a = toMinorUnits(amount, scale);
  const t = toMinorUnits(total, scale);
  if (t === 0n) return "0.000000";
  const millionths = (a * 1_000_000n) / t;
  const negative = millionths < 0n;
  const digits = (negative ? -millionths : millionths).toString().padStart(7, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

/** A share as a bar coordinate, 0..1 (display only). */
export function shareValue(share: string): number {
  return chartValue(share);
}
