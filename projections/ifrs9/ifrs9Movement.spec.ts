// The movement between two IFRS 9 reports (docs/ifrs9.md, Movement between two dates), worked
// by hand: a stage 1 -> 2 transfer, a new loan, a repaid loan, a write-off and a USD loan whose
// rate moves, every row of the table checked; then facilities entering and leaving
// measurement, and the refusals (rates that are not the reports', two reporting currencies).
import { describe, expect, it } from "vitest";
import type { Ifrs9WriteOff } from "./ifrs9Book.js";
import { type BookEntry, assessment, book, rate, scenario } from "./ifrs9Fixtures.js";
import { computeIfrs9Movement } from "./ifrs9Movement.js";
import { computeIfrs9Report } from "./ifrs9Report.js";
import type { CreditAssessment, MovementTable } from "./ifrs9Types.js";

const OPEN = "2025-06-30";
const CLOSE = "2025-12-31";
const SHORT = { maturityDate: "2027-12-31", eir: "0" };

function assessed(asOf: string, pd: string, lgd: string, extra: Partial<CreditAssessment> = {}) {
  return assessment({ asOf, scenarios: [scenario({ lgd }, pd)], ...extra });
}

function cells(table: MovementTable): Record<string, bigint[]> {
  return Object.fromEntries(
    table.rows.map((r) => [r.line, [r.stage1, r.stage2, r.stage3, r.poci, r.total]]),
  );
}

const WRITE_OFF: Ifrs9WriteOff = {
  recordId: "wo-1",
  writtenOffOn: "2025-11-20",
  amount: 2_000_000n,
  currency: "EUR",
};

const L1_OPEN = assessed("2025-06-01", "0.01", "0.5");
const L4_S3 = assessed("2025-06-01", "0.01", "0.6", { daysPastDue: 120 });

// Opening: L1 50,000 (0.01 x 0.5 x 10,000,000), L3 20,000, L4 stage 3 1,200,000
// (2,000,000 x 0.6, EIR 0), L5 100,000 USD x 0.9 = 90,000.
const OPENING: BookEntry[] = [
  { id: "L1", terms: SHORT, assessments: [L1_OPEN], drawn: 10_000_000n },
  {
    id: "L3",
    terms: { ...SHORT, derecognisedOn: "2025-10-15" },
    assessments: [L1_OPEN],
    drawn: 4_000_000n,
  },
  { id: "L4", terms: SHORT, assessments: [L4_S3], drawn: 2_000_000n },
  {
    id: "L5",
    currency: "USD",
    terms: { ...SHORT, lifetimePdAtOrigination: "0.04" },
    assessments: [assessed("2025-06-01", "0.02", "0.5")],
    drawn: 10_000_000n,
  },
];

// Closing: L1 SICR (lifetime PD 0.0625 vs 0.02) -> stage 2, lifetime 2 x 0.03 x 0.5 x
// 10,000,000 = 300,000; L2 new, 0.01 x 0.4 x 5,000,000 = 20,000; L3 derecognised; L4 written
// off, gross 0; L5 120,000 USD x 0.95 = 114,000.
const CLOSING: BookEntry[] = [
  {
    id: "L1",
    terms: SHORT,
    assessments: [L1_OPEN, assessed("2025-12-01", "0.03", "0.5")],
    drawn: 10_000_000n,
  },
  {
    id: "L2",
    terms: { ...SHORT, originationDate: "2025-09-01" },
    assessments: [assessed("2025-09-01", "0.01", "0.4")],
    drawn: 5_000_000n,
  },
  OPENING[1] as BookEntry,
  { id: "L4", terms: SHORT, assessments: [L4_S3], writeOffs: [WRITE_OFF] },
  { ...(OPENING[3] as BookEntry), drawn: 12_000_000n },
];

const OPEN_RATES = [rate("USD", "EUR", "0.9", OPEN)];
const CLOSE_RATES = [rate("USD", "EUR", "0.95", CLOSE)];

function movementOf(opening: BookEntry[], closing: BookEntry[]) {
  return computeIfrs9Movement(
    computeIfrs9Report(book(OPEN, opening, { fxRates: OPEN_RATES })),
    computeIfrs9Report(book(CLOSE, closing, { fxRates: CLOSE_RATES })),
    {
      writeOffs: new Map(closing.map((e) => [e.id, e.writeOffs ?? []])),
      openingFxRates: OPEN_RATES,
      closingFxRates: CLOSE_RATES,
      assetScales: book(OPEN, []).assetScales,
    },
  );
}

describe("computeIfrs9Movement: worked half-year", () => {
  const movement = movementOf(OPENING, CLOSING);

  it("reproduces every row of the table (stage 1, 2, 3, POCI, total)", () => {
    expect(cells(movement.table)).toEqual({
      opening: [160_000n, 0n, 1_200_000n, 0n, 1_360_000n],
      transfer_to_stage_1: [0n, 0n, 0n, 0n, 0n],
      // L1 moves its opening 50,000 into stage 2.
      transfer_to_stage_2: [-50_000n, 50_000n, 0n, 0n, 0n],
      transfer_to_stage_3: [0n, 0n, 0n, 0n, 0n],
      new: [20_000n, 0n, 0n, 0n, 20_000n],
      derecognised: [-20_000n, 0n, 0n, 0n, -20_000n],
      // min(2,000,000 written off, 1,200,000 allowance).
      write_offs: [0n, 0n, -1_200_000n, 0n, -1_200_000n],
      model_changes: [0n, 0n, 0n, 0n, 0n],
      // L5: 114,000 - 90,000 - 5,000; L1: 300,000 - 50,000.
      remeasurement: [19_000n, 250_000n, 0n, 0n, 269_000n],
      // L5: 100,000 USD cents x (0.95 - 0.9).
      fx_and_other: [5_000n, 0n, 0n, 0n, 5_000n],
      closing: [134_000n, 300_000n, 0n, 0n, 434_000n],
    });
    // 434,000 - 1,360,000 + 1,200,000 - 5,000.
    expect(movement.table.profitOrLossCharge).toBe(269_000n);
  });

  it("reports the write-off and no change of measurement", () => {
    expect(movement.writeOffs).toEqual([
      {
        facilityId: "L4",
        recordIds: ["wo-1"],
        currency: "EUR",
        amount: 2_000_000n,
        allowanceUsed: 1_200_000n,
      },
    ]);
    expect(movement.measurementChanges).toEqual([]);
  });
});

describe("computeIfrs9Movement: a new parameter set between the dates", () => {
  it("attributes the change of measurement to model changes, the rest to remeasurement", () => {
    // Under the old policy (SICR only at 10x the PD at origination) L1 stays in stage 1 at
    // closing: 12-month ECL 0.03 x 0.5 x 10,000,000 = 150,000; under the new one it is stage 2
    // at 300,000. The model change is the difference, in L1's closing column.
    const closingBook = book(CLOSE, CLOSING, { fxRates: CLOSE_RATES });
    const oldPolicy = {
      ...closingBook.parameters,
      sicr: { ...closingBook.parameters.sicr, relativeThreshold: "10" },
    };
    const withOld = computeIfrs9Report({ ...closingBook, parameters: oldPolicy });
    const movement = computeIfrs9Movement(
      computeIfrs9Report(book(OPEN, OPENING, { fxRates: OPEN_RATES })),
      computeIfrs9Report(closingBook),
      {
        writeOffs: new Map(CLOSING.map((e) => [e.id, e.writeOffs ?? []])),
        openingFxRates: OPEN_RATES,
        closingFxRates: CLOSE_RATES,
        assetScales: closingBook.assetScales,
        closingWithOpeningParameters: withOld,
      },
    );
    const rows = cells(movement.table);
    expect(rows.model_changes).toEqual([0n, 150_000n, 0n, 0n, 150_000n]);
    expect(rows.remeasurement).toEqual([19_000n, 100_000n, 0n, 0n, 119_000n]);
    expect(rows.closing).toEqual([134_000n, 300_000n, 0n, 0n, 434_000n]);
    expect(movement.facilities.find((f) => f.facilityId === "L1")?.modelChange).toBe(150_000n);
  });
});

describe("computeIfrs9Movement: measurement changes and refusals", () => {
  it("presents a facility first measured at closing as new and lists why it was not before", () => {
    const late = { ...(OPENING[0] as BookEntry), terms: null };
    const movement = movementOf([late], [OPENING[0] as BookEntry]);
    expect(cells(movement.table).new).toEqual([50_000n, 0n, 0n, 0n, 50_000n]);
    expect(movement.measurementChanges).toEqual([
      {
        facilityId: "L1",
        change: "entered",
        reason: "terms_missing",
        message: "facility L1 has no terms",
      },
    ]);
  });

  it("presents a facility that stops being measured as derecognised and lists why", () => {
    const movement = movementOf([OPENING[0] as BookEntry], []);
    expect(cells(movement.table).derecognised).toEqual([-50_000n, 0n, 0n, 0n, -50_000n]);
    expect(movement.measurementChanges.map((c) => [c.change, c.reason])).toEqual([
      ["left", "absent"],
    ]);
  });

  it("takes a loan repaid to a zero balance as derecognised", () => {
    const repaid = { ...(OPENING[0] as BookEntry), drawn: 0n };
    const movement = movementOf([OPENING[0] as BookEntry], [repaid]);
    expect(cells(movement.table).derecognised).toEqual([-50_000n, 0n, 0n, 0n, -50_000n]);
    expect(movement.measurementChanges).toEqual([]);
  });

  it("refuses rates that are not the ones the reports were computed with", () => {
    const opening = computeIfrs9Report(book(OPEN, OPENING, { fxRates: OPEN_RATES }));
    const closing = computeIfrs9Report(book(CLOSE, CLOSING, { fxRates: CLOSE_RATES }));
    const books = { writeOffs: new Map(), assetScales: book(OPEN, []).assetScales };
    expect(() =>
      computeIfrs9Movement(opening, closing, {
        ...books,
        openingFxRates: CLOSE_RATES,
        closingFxRates: CLOSE_RATES,
      }),
    ).toThrow(/L5: the opening rates give 95000, the opening report 90000/);
    expect(() =>
      computeIfrs9Movement(opening, closing, {
        ...books,
        openingFxRates: [],
        closingFxRates: CLOSE_RATES,
      }),
    ).toThrow(/USD\/EUR/);
    expect(() =>
      computeIfrs9Movement(
        opening,
        { ...closing, reportingCurrency: "USD" },
        {
          ...books,
          openingFxRates: OPEN_RATES,
          closingFxRates: CLOSE_RATES,
        },
      ),
    ).toThrow(/opening report is in EUR, the closing one in USD/);
  });
});
