// Property tests of the exposure calculation (exposureMath.ts and its views), over generated
// books with edge input (zero and huge amounts, CCFs of 0 and 1 and the 10 % floor, loan
// accounts in credit, collateral beyond the exposure, missing rates): every grouping sums to
// the total; an exposure is balance + CCF x undrawn - mitigation floored at zero (checked
// against an exact bigint oracle); moving a counterparty between groups moves its exposure
// and nothing else; reporting amounts use the given rate (or divide by the reverse one).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeExposure, type ExposureInputs, type ExposureResult } from "./exposureMath.js";
import {
  aggregateExposure,
  addColumns,
  EXPOSURE_DIMENSIONS,
  totalExposure,
  ZERO_COLUMNS,
} from "./exposureMathAggregates.js";
import { ExposureInputError } from "./exposureMathFx.js";
import { SCALES } from "./exposureMathFixtures.js";
import type { CounterpartyVersion, FacilityVersion, FxRate } from "./exposureTypes.js";
import { books, GROUPS } from "./testing/exposureArbitraries.js";
import { computeLargeExposures } from "./largeExposures.js";

/** Runs the calculation; a missing rate must be a missing rate, and then there is no result. */
function computeOrMissingRate(inputs: ExposureInputs): ExposureResult | null {
  try {
    return computeExposure(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(ExposureInputError);
    const code = (error as ExposureInputError).code;
    expect(code).toBe("fx_rate_missing");
    const missing = /for (\w+)\/(\w+)/.exec((error as Error).message);
    const pairs = inputs.risk.fxRates.map((r) => [r.from, r.to].sort().join("/"));
    expect(pairs).not.toContain([missing?.[1], missing?.[2]].sort().join("/"));
    // Only ever when a currency other than EUR really has no rate.
    const rated = new Set(inputs.risk.fxRates.flatMap((r) => [r.from, r.to]));
    expect(["USD", "JPY"].every((c) => rated.has(c))).toBe(false);
    return null;
  }
}

const RUNS = { numRuns: 300 };

describe("exposure properties", () => {
  it("sums any grouping to the total, in the reporting and each original currency", () => {
    fc.assert(
      fc.property(books, ({ inputs }) => {
        const result = computeOrMissingRate(inputs);
        if (result === null) return;
        const total = totalExposure(result.lines);
        for (const dimension of EXPOSURE_DIMENSIONS) {
          const rows = aggregateExposure(result.lines, dimension);
          expect(rows.reduce((sum, row) => addColumns(sum, row.reporting), ZERO_COLUMNS)).toEqual(
            total.reporting,
          );
          expect(rows.reduce((sum, row) => sum + row.lines, 0)).toBe(result.lines.length);
          for (const { currency, amounts } of total.original) {
            const perCurrency = rows.flatMap((row) =>
              row.original.filter((o) => o.currency === currency).map((o) => o.amounts),
            );
            expect(perCurrency.reduce(addColumns, ZERO_COLUMNS)).toEqual(amounts);
          }
        }
      }),
      RUNS,
    );
  });

  it("is balance + CCF x undrawn - provisions - mitigation, floored at zero (exact oracle)", () => {
    fc.assert(
      fc.property(books, ({ inputs, facilities }) => {
        // Mitigation in the facility's own currency, so the oracle needs no rates.
        const local = withLocalMitigation(inputs, facilities);
        const result = computeOrMissingRate(local);
        if (result === null) return;
        for (const f of result.facilities) {
          const terms = local.risk.facilities.get(f.facilityId);
          if (terms === undefined) throw new Error("facility lost");
          const expected = oracleAfterCrm(terms, local);
          expect(f.original.valueAfterExemptionsAndCrm + f.original.exempted).toBe(expected);
          expect(f.original.valueAfterExemptionsAndCrm).toBeGreaterThanOrEqual(0n);
        }
      }),
      RUNS,
    );
  });

  it("moves a counterparty's exposure between groups, and nothing else", () => {
    const moves = books.chain((b) =>
      fc.record({
        book: fc.constant(b),
        who: fc.nat({ max: b.counterparties.length - 1 }),
        to: fc.option(fc.constantFrom(...GROUPS, "G4")),
      }),
    );
    fc.assert(
      fc.property(moves, ({ book: b, who, to }) => {
        const before = computeOrMissingRate(b.inputs);
        if (before === null) return;
        const moved = b.counterparties[who];
        if (moved === undefined) throw new Error("no counterparty");
        const movedCp = { ...moved, connectedGroupId: to };
        const counterpartiesAfter = new Map(b.inputs.risk.counterparties);
        counterpartiesAfter.set(moved.counterpartyId, movedCp);
        const inputsAfter = {
          ...b.inputs,
          risk: { ...b.inputs.risk, counterparties: counterpartiesAfter },
        };
        const after = computeExposure(inputsAfter);
        checkMove(before, after, moved.counterpartyId, [keyOf(moved), keyOf(movedCp)]);
        checkLargeExposuresUnmoved(before, after, b.inputs, inputsAfter, [
          keyOf(moved),
          keyOf(movedCp),
        ]);
      }),
      RUNS,
    );
  });

  it("reports with the given rate, or divides by the reverse one, rounding half-even once", () => {
    fc.assert(
      fc.property(books, ({ inputs }) => {
        const result = computeOrMissingRate(inputs);
        if (result === null) return;
        for (const f of result.facilities) {
          const { num, den } = rateToReporting(inputs.risk.fxRates, f.currency);
          const shift = 10n ** BigInt((SCALES.get("EUR") ?? 0) - (SCALES.get(f.currency) ?? 0));
          for (const key of ["drawn", "accruedInterest", "undrawn"] as const) {
            expect(f.reporting[key]).toBe(roundHalfEven(f.original[key] * num * shift, den));
          }
        }
      }),
      RUNS,
    );
  });
});

// ---- helpers: the oracle and the checks (exact bigint rationals, no decimal.js) ----

function keyOf(c: CounterpartyVersion): string {
  return c.connectedGroupId === null
    ? `counterparty:${c.counterpartyId}`
    : `group:${c.connectedGroupId}`;
}

function withLocalMitigation(
  inputs: ExposureInputs,
  facilities: readonly FacilityVersion[],
): ExposureInputs {
  const local = facilities.map((f) => ({
    ...f,
    collateral: f.collateral.map((c) => ({ ...c, currency: f.currency })),
    guarantees: f.guarantees.map((g) => ({ ...g, currency: f.currency })),
  }));
  return {
    ...inputs,
    risk: { ...inputs.risk, facilities: new Map(local.map((f) => [f.facilityId, f])) },
  };
}

/** max(0, drawn + interest + CCF x undrawn - provisions - guarantees - collateral), half-even. */
function oracleAfterCrm(f: FacilityVersion, inputs: ExposureInputs): bigint {
  const sum = (ids: readonly string[]) =>
    ids.reduce(
      (s, id) => s + ([...inputs.balances.values()].find((b) => b.accountId === id)?.balance ?? 0n),
      0n,
    );
  const drawn = sum(f.drawnAccounts);
  const interest = sum(f.interestAccounts);
  const undrawn = max(0n, f.limit - max(0n, drawn));
  let ccf = rational(f.ccf);
  if (f.ccfFloorApplies && ccf.num * 10n < ccf.den) ccf = { num: 1n, den: 10n };
  const gross = max(0n, (drawn + interest) * ccf.den + ccf.num * undrawn);
  const provisions = f.specificProvisions * ccf.den;
  const valueAfterProvisions = max(0n, gross - provisions);
  const mitigation =
    [...f.collateral, ...f.guarantees].reduce((s, item) => s + item.amount, 0n) * ccf.den;
  return roundHalfEven(max(0n, valueAfterProvisions - mitigation), ccf.den);
}

function rateToReporting(rates: readonly FxRate[], currency: string): { num: bigint; den: bigint } {
  if (currency === "EUR") return { num: 1n, den: 1n };
  const given = rates.find((r) => r.from === currency && r.to === "EUR");
  if (given !== undefined) return rational(given.rate);
  const reverse = rates.find((r) => r.from === "EUR" && r.to === currency);
  if (reverse === undefined) throw new Error(`the test book has no rate for ${currency}`);
  const r = rational(reverse.rate);
  return { num: r.den, den: r.num };
}

function rational(text: string): { num: bigint; den: bigint } {
  const [whole = "0", fraction = ""] = text.split(".");
  return { num: BigInt(whole + fraction), den: 10n ** BigInt(fraction.length) };
}

function roundHalfEven(num: bigint, den: bigint): bigint {
  const negative = num < 0n;
  const n = negative ? -num : num;
  let q = n / den;
  const twice = (n % den) * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function checkMove(
  before: ExposureResult,
  after: ExposureResult,
  movedId: string,
  touched: readonly string[],
): void {
  // Per facility and per line: the same amounts; only the moved counterparty's group key changes.
  const strip = (r: ExposureResult) => ({
    facilities: r.facilities.map((f) => ({
      ...f,
      groupKey: f.counterpartyId === movedId ? "" : f.groupKey,
    })),
    lines: r.lines.map((l) => ({ ...l, groupKey: l.counterpartyId === movedId ? "" : l.groupKey })),
  });
  expect(strip(after)).toEqual(strip(before));
  const movedLines = before.lines.filter((l) => l.counterpartyId === movedId);
  const movedAmount = movedLines.reduce((s, l) => addColumns(s, l.reporting), ZERO_COLUMNS);
  const groupsBefore = byKey(before);
  const groupsAfter = byKey(after);
  for (const key of new Set([...groupsBefore.keys(), ...groupsAfter.keys()])) {
    const was = groupsBefore.get(key) ?? ZERO_COLUMNS;
    const is = groupsAfter.get(key) ?? ZERO_COLUMNS;
    if (touched[0] === touched[1] || !touched.includes(key)) expect(is).toEqual(was);
    else if (key === touched[0]) expect(addColumns(is, movedAmount)).toEqual(was);
    else expect(is).toEqual(addColumns(was, movedAmount));
  }
}

function byKey(result: ExposureResult): Map<string, ReturnType<typeof totalExposure>["reporting"]> {
  return new Map(aggregateExposure(result.lines, "group").map((row) => [row.key, row.reporting]));
}

function checkLargeExposuresUnmoved(
  before: ExposureResult,
  after: ExposureResult,
  inputsBefore: ExposureInputs,
  inputsAfter: ExposureInputs,
  touched: readonly string[],
): void {
  // EUR is the reporting currency, so the EUR 150 m rule needs no rate here.
  const assessed = (r: ExposureResult, i: ExposureInputs) => computeLargeExposures(r, i).groups;
  const untouched = (groups: ReturnType<typeof assessed>) =>
    new Map(
      groups
        .filter((g) => !touched.includes(g.groupKey))
        .map(({ rank: _rank, ...g }) => [g.groupKey, g]),
    );
  expect(untouched(assessed(after, inputsAfter))).toEqual(
    untouched(assessed(before, inputsBefore)),
  );
}
