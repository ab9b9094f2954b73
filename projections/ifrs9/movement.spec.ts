// Specs of the IFRS 7 movement table (research note 1.6): Test D of research note 1.7
// reproduced line by line (P&L charge 860), FX and model changes, the invariants over random
// histories (fast-check), and input the table refuses.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ifrs9InputError } from "./ifrs9Decimal.js";
import type { FacilityMovementInput, MovementLine, MovementTable, Stage } from "./ifrs9Types.js";
import { movementTable } from "./movement.js";

function facility(
  facilityId: string,
  opening: [Stage, bigint] | null,
  closing: [Stage, bigint] | null,
  extra: Partial<FacilityMovementInput> = {},
): FacilityMovementInput {
  return {
    facilityId,
    opening: opening === null ? null : { stage: opening[0], allowance: opening[1] },
    closing: closing === null ? null : { stage: closing[0], allowance: closing[1] },
    originatedInPeriod: opening === null,
    derecognised: closing === null,
    writeOffAllowanceUsed: 0n,
    fxEffect: 0n,
    ...extra,
  };
}

/** Each row as [stage 1, stage 2, stage 3, POCI, total]. */
function cells(table: MovementTable): Record<string, bigint[]> {
  return Object.fromEntries(
    table.rows.map((r) => [r.line, [r.stage1, r.stage2, r.stage3, r.poci, r.total]]),
  );
}

const TEST_D = [
  facility("L1", ["1", 100n], ["1", 90n]),
  facility("L2", ["1", 50n], ["2", 400n]),
  facility("L3", ["2", 300n], ["3", 800n]),
  facility("L4", ["3", 700n], ["3", 0n], { writeOffAllowanceUsed: 700n }),
  facility("L5", null, ["1", 60n]),
  facility("L6", ["1", 40n], null),
];

describe("Test D (research note 1.7)", () => {
  const testD = (): MovementTable =>
    movementTable({
      periodStart: "2025-01-01",
      periodEnd: "2025-12-31",
      facilities: TEST_D,
    });

  it("reproduces every line of the expected table", () => {
    expect(cells(testD())).toEqual({
      opening: [190n, 300n, 700n, 0n, 1_190n],
      transfer_to_stage_1: [0n, 0n, 0n, 0n, 0n],
      transfer_to_stage_2: [-50n, 50n, 0n, 0n, 0n],
      transfer_to_stage_3: [0n, -300n, 300n, 0n, 0n],
      new: [60n, 0n, 0n, 0n, 60n],
      derecognised: [-40n, 0n, 0n, 0n, -40n],
      write_offs: [0n, 0n, -700n, 0n, -700n],
      model_changes: [0n, 0n, 0n, 0n, 0n],
      remeasurement: [-10n, 350n, 500n, 0n, 840n],
      fx_and_other: [0n, 0n, 0n, 0n, 0n],
      closing: [150n, 400n, 800n, 0n, 1_350n],
    });
  });

  it("charges 860 to P&L = 1,350 - 1,190 + 700", () => {
    expect(testD().profitOrLossCharge).toBe(860n);
  });

  it("traces each cell to its facility", () => {
    expect(testD().attributions.filter((a) => a.facilityId === "L3")).toEqual([
      { facilityId: "L3", line: "opening", column: "2", amount: 300n },
      { facilityId: "L3", line: "transfer_to_stage_3", column: "2", amount: -300n },
      { facilityId: "L3", line: "transfer_to_stage_3", column: "3", amount: 300n },
      { facilityId: "L3", line: "remeasurement", column: "3", amount: 500n },
    ]);
  });
});

describe("FX, model changes and POCI", () => {
  it("keeps FX out of the P&L charge and model changes in it", () => {
    const table = movementTable({
      periodStart: "2025-01-01",
      periodEnd: "2025-12-31",
      facilities: [
        facility("USD", ["1", 100n], ["1", 130n], { fxEffect: 10n, modelChange: 5n }),
        facility("P", ["POCI", -20n], ["POCI", 15n]),
      ],
    });
    const c = cells(table);
    expect([c.fx_and_other, c.model_changes, c.remeasurement]).toEqual([
      [10n, 0n, 0n, 0n, 10n],
      [5n, 0n, 0n, 0n, 5n],
      [15n, 0n, 0n, 35n, 50n],
    ]);
    expect(table.profitOrLossCharge).toBe(55n); // 145 - 80 - 10
  });
});

const stage = fc.constantFrom<Stage>("1", "2", "3");
const amount = fc.bigInt({ min: 0n, max: 10n ** 15n });
const randomFacility = fc
  .record({
    opening: fc.option(fc.tuple(stage, amount), { nil: null }),
    closing: fc.option(fc.tuple(stage, amount), { nil: null }),
    writeOff: fc.oneof(fc.constant(0n), amount),
    fx: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
    model: fc.option(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), { nil: undefined }),
    poci: fc.boolean(),
  })
  .filter((r) => r.opening !== null || r.closing !== null);

type RawFacility = typeof randomFacility extends fc.Arbitrary<infer T> ? T : never;

function build(r: RawFacility, i: number): FacilityMovementInput {
  const asStage = (s: [Stage, bigint] | null): [Stage, bigint] | null =>
    s === null ? null : [r.poci ? "POCI" : s[0], s[1]];
  return facility(`F${i}`, asStage(r.opening), asStage(r.closing), {
    writeOffAllowanceUsed: r.writeOff,
    fxEffect: r.fx,
    ...(r.model === undefined ? {} : { modelChange: r.model }),
  });
}

describe("invariants over random histories", () => {
  it("each column adds up to its closing, transfers net to 0, P&L = closing - opening + write-offs - FX", () => {
    fc.assert(
      fc.property(fc.array(randomFacility, { maxLength: 30 }), (raw) => {
        const facilities = raw.map(build);
        const table = movementTable({
          periodStart: "2025-01-01",
          periodEnd: "2025-03-31",
          facilities,
        });
        const row = (line: MovementLine) => table.rows.find((r) => r.line === line);
        const sum = (pick: (f: FacilityMovementInput) => bigint) =>
          facilities.reduce((s, f) => s + pick(f), 0n);
        const opening = sum((f) => f.opening?.allowance ?? 0n);
        const closing = sum((f) => f.closing?.allowance ?? 0n);
        expect(row("opening")?.total).toBe(opening);
        expect(row("closing")?.total).toBe(closing);
        for (const key of ["stage1", "stage2", "stage3", "poci"] as const) {
          const lines = table.rows
            .filter((r) => r.line !== "closing")
            .reduce((s, r) => s + r[key], 0n);
          expect(lines).toBe(row("closing")?.[key]);
        }
        for (const line of [
          "transfer_to_stage_1",
          "transfer_to_stage_2",
          "transfer_to_stage_3",
        ] as const) {
          expect(row(line)?.total).toBe(0n);
        }
        expect(table.profitOrLossCharge).toBe(
          closing - opening + sum((f) => f.writeOffAllowanceUsed) - sum((f) => f.fxEffect),
        );
      }),
    );
  });
});

describe("input the table refuses", () => {
  const refuses = (facilities: FacilityMovementInput[], message: RegExp): void => {
    const run = () =>
      movementTable({ periodStart: "2025-01-01", periodEnd: "2025-12-31", facilities });
    expect(run).toThrow(Ifrs9InputError);
    expect(run).toThrow(message);
  };

  it("a facility with no opening state that was not originated", () => {
    refuses(
      [facility("X", null, ["1", 5n], { originatedInPeriod: false })],
      /X: no opening state but not originated/,
    );
  });

  it("a derecognised facility with a closing state, a negative write-off, a move out of POCI", () => {
    refuses(
      [facility("X", ["1", 5n], ["1", 5n], { derecognised: true })],
      /derecognised but has a closing state/,
    );
    refuses(
      [facility("X", ["1", 5n], ["1", 5n], { writeOffAllowanceUsed: -1n })],
      /writeOffAllowanceUsed is negative/,
    );
    refuses([facility("X", ["POCI", 5n], ["2", 5n])], /moves between POCI and stage 2/);
  });

  it("a negative allowance outside POCI, and a facility listed twice", () => {
    refuses([facility("X", ["2", -5n], ["2", 5n])], /negative allowance -5 in stage 2/);
    refuses(
      [facility("X", ["1", 5n], ["1", 5n]), facility("X", ["1", 1n], ["1", 1n])],
      /appears twice/,
    );
  });
});
