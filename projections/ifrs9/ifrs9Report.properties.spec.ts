// Property tests of the IFRS 9 report and movement (fast-check) over generated books (EUR and
// USD, amortising and revolving, POCI or not, with or without terms, assessments before or
// after the reporting date, any days past due, negative balances): the totals are the sums of
// the measured facilities; every facility is either measured or listed with a reason; the
// allowance in the reporting currency never falls when the PDs rise; and for random pairs of
// books the movement table reconciles both reports' totals (movementTable asserts the rest).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Ifrs9Report, Ifrs9WriteOff } from "./ifrs9Book.js";
import { addDays } from "./ifrs9Decimal.js";
import { type BookEntry, assessment, book, rate, scenario } from "./ifrs9Fixtures.js";
import { computeIfrs9Movement } from "./ifrs9Movement.js";
import { IFRS9_STAGES, computeIfrs9Report } from "./ifrs9Report.js";

const OPEN = "2025-06-30";
const CLOSE = "2025-12-31";

const rawFacility = fc.record({
  currency: fc.constantFrom("EUR", "USD"),
  revolving: fc.boolean(),
  poci: fc.boolean(),
  hasTerms: fc.oneof(
    { weight: 9, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
  /** 0: the only assessment is after the reporting date. */
  assessedDaysAgo: fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 1, max: 200 }) },
    { weight: 1, arbitrary: fc.constant(0) },
  ),
  /** PD in 1/10,000 (at most 0.1 a year for 10 years). */
  pd: fc.integer({ min: 0, max: 1_000 }),
  lgd: fc.integer({ min: 0, max: 10_000 }),
  dpd: fc.constantFrom(0, 45, 120),
  drawn: fc.bigInt({ min: -1_000n, max: 10n ** 10n }),
});
type RawFacility = typeof rawFacility extends fc.Arbitrary<infer T> ? T : never;

/** `n` ten-thousandths as a decimal string, in integer arithmetic (no floating point). */
function units(n: number): string {
  return `${Math.trunc(n / 10_000)}.${String(n % 10_000).padStart(4, "0")}`;
}

function entryOf(id: string, raw: RawFacility, date: string, extra: Partial<BookEntry> = {}) {
  const asOf = raw.assessedDaysAgo === 0 ? addDays(date, 10) : addDays(date, -raw.assessedDaysAgo);
  const entry: BookEntry = {
    id,
    currency: raw.currency,
    terms: raw.hasTerms
      ? {
          maturityDate: "2030-12-31",
          lifetimePdAtOrigination: "0.1",
          poci: raw.poci,
          creditAdjustedEir: raw.poci ? "0.08" : null,
          limit: raw.revolving ? 10n ** 10n : 0n,
          repayment: raw.revolving
            ? { kind: "revolving", behaviouralLifeMonths: 36, ccf: "0.5" }
            : { kind: "amortising", schedule: [] },
        }
      : null,
    assessments: [
      assessment({
        asOf,
        daysPastDue: raw.dpd,
        scenarios: [scenario({ lgd: units(raw.lgd) }, units(raw.pd))],
      }),
    ],
    drawn: raw.drawn,
  };
  return { ...entry, ...extra };
}

const usdRate = fc.integer({ min: 5_000, max: 15_000 }).map(units);

function checkTotals(report: Ifrs9Report): void {
  const sum = (stage: string | null) => {
    const lines = report.measured.filter((l) => stage === null || l.staging.stage === stage);
    return {
      count: lines.length,
      grossCarryingAmount: lines.reduce((s, l) => s + l.grossCarryingAmountReporting, 0n),
      allowance: lines.reduce((s, l) => s + l.allowanceReporting, 0n),
    };
  };
  for (const stage of IFRS9_STAGES) expect(report.byStage[stage]).toEqual(sum(stage));
  expect(report.overall).toEqual(sum(null));
}

describe("report properties", () => {
  it("totals are the sums of the measured facilities; each facility is measured or listed", () => {
    fc.assert(
      fc.property(fc.array(rawFacility, { maxLength: 8 }), usdRate, (raws, usd) => {
        const entries = raws.map((r, i) => entryOf(`F${i}`, r, CLOSE));
        const b = book(CLOSE, entries, { fxRates: [rate("USD", "EUR", usd)] });
        const report = computeIfrs9Report(b);
        checkTotals(report);
        const listed = [...report.measured, ...report.unmeasured].map((l) => l.facilityId);
        expect(listed.sort()).toEqual([...b.facilities.keys()].sort());
        expect(new Set(listed).size).toBe(listed.length);
        for (const u of report.unmeasured) expect(u.message.length).toBeGreaterThan(0);
        for (const m of report.measured) expect(m.allowanceReporting).toBeGreaterThanOrEqual(0n);
      }),
      { numRuns: 150 },
    );
  });

  it("the allowance in the reporting currency never falls when the PD rises", () => {
    fc.assert(
      fc.property(rawFacility, fc.integer({ min: 0, max: 1_000 }), usdRate, (raw, extra, usd) => {
        const higher = { ...raw, pd: Math.min(1_000, raw.pd + extra) };
        const fxRates = [rate("USD", "EUR", usd)];
        const [low, high] = [raw, higher].map(
          (r) => computeIfrs9Report(book(CLOSE, [entryOf("F", r, CLOSE)], { fxRates })).overall,
        );
        expect(high?.count).toBe(low?.count);
        expect(high?.allowance ?? 0n).toBeGreaterThanOrEqual(low?.allowance ?? 0n);
      }),
      { numRuns: 200 },
    );
  });
});

const change = fc.record({
  absent: fc.oneof(
    { weight: 8, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
  derecognised: fc.oneof(
    { weight: 6, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
  repaid: fc.oneof(
    { weight: 6, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
  writeOff: fc.option(fc.bigInt({ min: 1n, max: 10n ** 9n }), { nil: null }),
  pd: fc.integer({ min: 0, max: 1_000 }),
  assessedDaysAgo: fc.integer({ min: 1, max: 200 }),
  dpd: fc.constantFrom(0, 45, 120),
  drawn: fc.bigInt({ min: 0n, max: 10n ** 10n }),
  hasTerms: fc.oneof(
    { weight: 9, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
});

describe("movement properties", () => {
  it("reconciles both reports for random pairs of books", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(rawFacility, change), { maxLength: 6 }),
        fc.array(rawFacility, { maxLength: 3 }),
        usdRate,
        usdRate,
        (pairs, fresh, r0, r1) => {
          const openRates = [rate("USD", "EUR", r0, OPEN)];
          const closeRates = [rate("USD", "EUR", r1, CLOSE)];
          const opening = pairs.map(([raw], i) => entryOf(`F${i}`, raw, OPEN));
          const writeOffs = new Map<string, Ifrs9WriteOff[]>();
          const closing = pairs.flatMap(([raw, c], i) => {
            if (c.absent) return [];
            const id = `F${i}`;
            if (c.writeOff !== null) {
              const w = { recordId: `wo-${i}`, writtenOffOn: "2025-09-01", amount: c.writeOff };
              writeOffs.set(id, [{ ...w, currency: raw.currency }]);
            }
            const next = {
              ...raw,
              pd: c.pd,
              dpd: c.dpd,
              assessedDaysAgo: c.assessedDaysAgo,
              hasTerms: c.hasTerms,
            };
            const entry = entryOf(id, next, CLOSE, { drawn: c.repaid ? 0n : c.drawn });
            if (!c.derecognised || entry.terms === null) return [entry];
            return [{ ...entry, terms: { ...entry.terms, derecognisedOn: "2025-10-01" } }];
          });
          const news = fresh.map((raw, i) =>
            entryOf(`N${i}`, raw, CLOSE, {
              terms: raw.hasTerms ? { originationDate: "2025-08-01", poci: false } : null,
            }),
          );
          const openReport = computeIfrs9Report(book(OPEN, opening, { fxRates: openRates }));
          const closeReport = computeIfrs9Report(
            book(CLOSE, [...closing, ...news], { fxRates: closeRates }),
          );
          const movement = computeIfrs9Movement(openReport, closeReport, {
            writeOffs,
            openingFxRates: openRates,
            closingFxRates: closeRates,
            assetScales: book(OPEN, []).assetScales,
          });
          const row = (line: string) => movement.table.rows.find((r) => r.line === line);
          expect(row("opening")?.total).toBe(openReport.overall.allowance);
          expect(row("closing")?.total).toBe(closeReport.overall.allowance);
          for (const line of ["transfer_to_stage_1", "transfer_to_stage_2", "transfer_to_stage_3"])
            expect(row(line)?.total).toBe(0n);
          const sumWithoutClosing = movement.table.rows
            .filter((r) => r.line !== "closing")
            .reduce((s, r) => s + r.total, 0n);
          expect(sumWithoutClosing).toBe(row("closing")?.total);
          for (const use of movement.writeOffs) {
            const o = openReport.measured.find((l) => l.facilityId === use.facilityId);
            expect(use.allowanceUsed).toBeLessThanOrEqual(o?.allowanceReporting ?? 0n);
            expect(use.allowanceUsed).toBeGreaterThanOrEqual(0n);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
