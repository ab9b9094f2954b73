// The stage-migration matrix between two reporting dates, computed from the two IFRS 9 reports
// (every facility line of each): one row per stage at the opening date, one column per stage
// at the closing date, and "not measured" on both axes (a facility absent from a report, not
// originated yet, derecognised, or missing inputs). Each cell counts the facilities that made
// that move and sums their gross carrying amount per currency (the facility lines are in the
// facility's currency): at the closing date, or at the opening date for one that left.
import { sumByCurrency, STAGES, type FacilityLine, type Stage } from "./model";

export type MigrationKey = Stage | "none";
export const MIGRATION_KEYS: readonly MigrationKey[] = [...STAGES, "none"];

export interface MigrationCell {
  readonly count: number;
  readonly gross: readonly { readonly currency: string; readonly amount: string }[];
  readonly facilityIds: readonly string[];
}

export type MigrationMatrix = Readonly<
  Record<MigrationKey, Readonly<Record<MigrationKey, MigrationCell>>>
>;

function keyOf(line: FacilityLine | undefined): MigrationKey {
  return line?.status === "measured" && line.stage !== null ? line.stage : "none";
}

/** The gross amount a move carries: the closing one when measured then, else the opening one. */
function grossOf(
  opening: FacilityLine | undefined,
  closing: FacilityLine | undefined,
): { currency: string; amount: string } | null {
  for (const line of [closing, opening]) {
    if (line?.status === "measured" && line.grossCarryingAmount !== null) {
      return { currency: line.currency, amount: line.grossCarryingAmount };
    }
  }
  return null;
}

export function migrationMatrix(
  opening: readonly FacilityLine[],
  closing: readonly FacilityLine[],
): MigrationMatrix {
  const before = new Map(opening.map((line) => [line.facilityId, line]));
  const after = new Map(closing.map((line) => [line.facilityId, line]));
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const moves = new Map<string, { ids: string[]; gross: { currency: string; amount: string }[] }>();
  for (const id of ids) {
    const from = before.get(id);
    const to = after.get(id);
    const key = `${keyOf(from)}>${keyOf(to)}`;
    const move = moves.get(key) ?? { ids: [], gross: [] };
    move.ids.push(id);
    const gross = grossOf(from, to);
    if (gross !== null) move.gross.push(gross);
    moves.set(key, move);
  }
  const row = (from: MigrationKey) =>
    Object.fromEntries(
      MIGRATION_KEYS.map((to) => {
        const move = moves.get(`${from}>${to}`);
        const cell: MigrationCell = {
          count: move?.ids.length ?? 0,
          gross: sumByCurrency(move?.gross ?? []),
          facilityIds: move?.ids ?? [],
        };
        return [to, cell];
      }),
    ) as Record<MigrationKey, MigrationCell>;
  return Object.fromEntries(MIGRATION_KEYS.map((from) => [from, row(from)])) as Record<
    MigrationKey,
    Record<MigrationKey, MigrationCell>
  >;
}

export function migrationLabel(key: MigrationKey): string {
  return key === "none" ? "Not measured" : key === "POCI" ? "POCI" : `Stage ${key}`;
}
