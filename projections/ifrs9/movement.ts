// The IFRS 7 35H loss allowance movement table between two dates (research note 1.6;
// docs/ifrs9.md, Movement table): each facility's opening (stage, allowance) and closing
// (stage, allowance) attributed to the lines opening, transfers to stage 1/2/3, new,
// derecognised, write-offs, model changes, remeasurement (the residual), FX and other,
// closing, in the columns stage 1, 2, 3 and POCI. The invariants (each column adds up to its
// closing, each transfer row nets to zero) are checked on every answer.
import { Ifrs9InputError, Ifrs9InvariantError } from "./ifrs9Decimal.js";
import type {
  FacilityMovementInput,
  MovementAttribution,
  MovementColumn,
  MovementLine,
  MovementRow,
  MovementTable,
  Stage,
} from "./ifrs9Types.js";

export interface MovementInput {
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly facilities: readonly FacilityMovementInput[];
}

export const MOVEMENT_LINES: readonly MovementLine[] = [
  "opening",
  "transfer_to_stage_1",
  "transfer_to_stage_2",
  "transfer_to_stage_3",
  "new",
  "derecognised",
  "write_offs",
  "model_changes",
  "remeasurement",
  "fx_and_other",
  "closing",
];

const COLUMNS: readonly MovementColumn[] = ["1", "2", "3", "POCI"];
const TRANSFER_LINE: Readonly<Record<Stage, MovementLine | null>> = {
  "1": "transfer_to_stage_1",
  "2": "transfer_to_stage_2",
  "3": "transfer_to_stage_3",
  POCI: null,
};

function refuse(f: FacilityMovementInput, why: string): never {
  throw new Ifrs9InputError("movement_input_invalid", `facility ${f.facilityId}: ${why}`);
}

function checkFacility(f: FacilityMovementInput): void {
  if ((f.opening === null) !== f.originatedInPeriod) {
    refuse(
      f,
      f.originatedInPeriod
        ? "originated in the period but has an opening state"
        : "no opening state but not originated in the period",
    );
  }
  if ((f.closing === null) !== f.derecognised) {
    refuse(
      f,
      f.derecognised
        ? "derecognised but has a closing state"
        : "no closing state but not derecognised",
    );
  }
  if (f.writeOffAllowanceUsed < 0n) refuse(f, "writeOffAllowanceUsed is negative");
  for (const state of [f.opening, f.closing]) {
    if (state !== null && state.stage !== "POCI" && state.allowance < 0n) {
      refuse(f, `negative allowance ${state.allowance} in stage ${state.stage}`);
    }
  }
  if (
    f.opening !== null &&
    f.closing !== null &&
    (f.opening.stage === "POCI") !== (f.closing.stage === "POCI")
  ) {
    refuse(
      f,
      `moves between POCI and stage ${f.opening.stage === "POCI" ? f.closing.stage : f.opening.stage}; POCI is for life`,
    );
  }
  if (
    f.opening === null &&
    f.closing === null &&
    (f.writeOffAllowanceUsed !== 0n || f.fxEffect !== 0n || (f.modelChange ?? 0n) !== 0n)
  ) {
    refuse(f, "originated and derecognised in the period: no stage to present its amounts in");
  }
}

/** The lines of one facility; the remeasurement is the residual that reaches its closing. */
export function attribute(f: FacilityMovementInput): MovementAttribution[] {
  checkFacility(f);
  const column = f.closing?.stage ?? f.opening?.stage;
  if (column === undefined) return [];
  const out: MovementAttribution[] = [];
  const add = (line: MovementLine, stage: MovementColumn, amount: bigint): void => {
    if (amount !== 0n) out.push({ facilityId: f.facilityId, line, column: stage, amount });
  };
  if (f.opening !== null) {
    add("opening", f.opening.stage, f.opening.allowance);
    const transfer = TRANSFER_LINE[column];
    if (f.derecognised) add("derecognised", f.opening.stage, -f.opening.allowance);
    else if (f.opening.stage !== column && transfer !== null) {
      add(transfer, f.opening.stage, -f.opening.allowance);
      add(transfer, column, f.opening.allowance);
    }
  }
  if (f.closing !== null && f.originatedInPeriod) add("new", column, f.closing.allowance);
  add("write_offs", column, -f.writeOffAllowanceUsed);
  add("model_changes", column, f.modelChange ?? 0n);
  add("fx_and_other", column, f.fxEffect);
  const sofar = out.reduce((sum, a) => sum + a.amount, 0n);
  add("remeasurement", column, (f.closing?.allowance ?? 0n) - sofar);
  return out;
}

function emptyCells(): Map<MovementColumn, bigint> {
  return new Map(COLUMNS.map((c) => [c, 0n]));
}

function rowOf(line: MovementLine, cells: ReadonlyMap<MovementColumn, bigint>): MovementRow {
  const cell = (c: MovementColumn): bigint => cells.get(c) ?? 0n;
  const [stage1, stage2, stage3, poci] = [cell("1"), cell("2"), cell("3"), cell("POCI")];
  return { line, stage1, stage2, stage3, poci, total: stage1 + stage2 + stage3 + poci };
}

/** The closing row straight from the inputs, independent of the attribution. */
function closingCells(facilities: readonly FacilityMovementInput[]): Map<MovementColumn, bigint> {
  const cells = emptyCells();
  for (const f of facilities) {
    if (f.closing !== null)
      cells.set(f.closing.stage, (cells.get(f.closing.stage) ?? 0n) + f.closing.allowance);
  }
  return cells;
}

function assertInvariants(
  rows: readonly MovementRow[],
  closing: ReadonlyMap<MovementColumn, bigint>,
): void {
  const keys = ["stage1", "stage2", "stage3", "poci"] as const;
  keys.forEach((key, i) => {
    const sum = rows.filter((r) => r.line !== "closing").reduce((s, r) => s + r[key], 0n);
    const expected = closing.get(COLUMNS[i] ?? "1") ?? 0n;
    if (sum !== expected) {
      throw new Ifrs9InvariantError(
        `movement table: column ${COLUMNS[i]} adds up to ${sum}, closing is ${expected}`,
      );
    }
  });
  for (const row of rows.filter((r) => r.line.startsWith("transfer_"))) {
    if (row.total !== 0n)
      throw new Ifrs9InvariantError(`movement table: ${row.line} nets to ${row.total}, not 0`);
  }
}

/** The movement table of the period, with the P&L charge; refuses inconsistent input. */
export function movementTable(input: MovementInput): MovementTable {
  if (input.periodEnd < input.periodStart) {
    throw new Ifrs9InputError(
      "period_invalid",
      `period ends ${input.periodEnd} before it starts ${input.periodStart}`,
    );
  }
  const ids = new Set(input.facilities.map((f) => f.facilityId));
  if (ids.size !== input.facilities.length) {
    throw new Ifrs9InputError("movement_input_invalid", "a facility appears twice");
  }
  const attributions = input.facilities.flatMap(attribute);
  const closing = closingCells(input.facilities);
  const rows = MOVEMENT_LINES.map((line) => {
    if (line === "closing") return rowOf(line, closing);
    const cells = emptyCells();
    for (const a of attributions.filter((x) => x.line === line)) {
      cells.set(a.column, (cells.get(a.column) ?? 0n) + a.amount);
    }
    return rowOf(line, cells);
  });
  assertInvariants(rows, closing);
  const total = (line: MovementLine): bigint => rows.find((r) => r.line === line)?.total ?? 0n;
  const profitOrLossCharge =
    total("closing") - total("opening") - total("write_offs") - total("fx_and_other");
  const fromLines =
    total("new") + total("derecognised") + total("model_changes") + total("remeasurement");
  if (profitOrLossCharge !== fromLines) {
    throw new Ifrs9InvariantError(
      `movement table: P&L ${profitOrLossCharge} differs from its lines ${fromLines}`,
    );
  }
  return {
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    rows,
    profitOrLossCharge,
    attributions,
  };
}
