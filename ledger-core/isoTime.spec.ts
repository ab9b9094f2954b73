// isoTime (rules.ts) writes the time of day itself while the date stays the same: whatever the
// order of the readings, it must give exactly what Date#toISOString gives, because the text it
// returns is recorded (recordedAt, effectiveAt, expiresAt) and hash-chained.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoTime } from "./rules.js";

const numRuns = Number(process.env.PROPERTY_RUNS ?? 1_000);
/** The range of times the schemas accept (1970 to 9999), in epoch milliseconds. */
const LAST_MS = Date.parse("9999-12-31T23:59:59.999Z");
const DAY_MS = 86_400_000;

describe("isoTime", () => {
  it("equals toISOString for any run of readings, near or far apart", () => {
    const reading = fc.integer({ min: 0, max: LAST_MS });
    const near = fc.tuple(
      reading,
      fc.array(fc.integer({ min: -DAY_MS, max: DAY_MS }), { maxLength: 20 }),
    );
    fc.assert(
      fc.property(near, ([start, steps]) => {
        let ms = start;
        for (const step of [0, ...steps]) {
          ms = Math.min(LAST_MS, Math.max(0, ms + step));
          expect(isoTime(ms)).toBe(new Date(ms).toISOString());
        }
      }),
      { numRuns },
    );
  });

  it("pads every field at the edges of a day", () => {
    const day = Date.parse("2026-03-02T00:00:00.000Z");
    for (const ms of [
      day,
      day + 1,
      day + 10,
      day + 100,
      day + 1_000,
      day + 60_000,
      day + 3_600_000,
      day + DAY_MS - 1,
    ]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it("refuses an invalid time as toISOString does", () => {
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
