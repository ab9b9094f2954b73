// The IFRS 7 35H loss allowance movement between two IFRS 9 reports (docs/ifrs9.md, Movement
// between two dates): each facility's opening and closing (stage, allowance in the reporting
// currency) taken from the two reports, new facilities, derecognitions, the allowance used by
// the write-offs between the dates, the FX effect A0 x (closing rate - opening rate), and the
// remeasurement as the residual, through `movementTable` (which asserts its invariants); the
// opening and closing rows are also checked against the two reports' totals. Pure.
import { FxConverter, dec, roundMinor } from "../exposure/exposureMathFx.js";
import type { FxRate } from "../exposure/exposureTypes.js";
import type {
  Ifrs9MeasuredFacility,
  Ifrs9Report,
  Ifrs9UnmeasuredReason,
  Ifrs9WriteOff,
} from "./ifrs9Book.js";
import { Ifrs9InputError, Ifrs9InvariantError } from "./ifrs9Decimal.js";
import type { FacilityMovementInput, MovementTable, Stage } from "./ifrs9Types.js";
import { movementTable } from "./movement.js";

export interface Ifrs9MovementBook {
  /** Per facility, the write-offs with opening date < writtenOffOn <= closing date. */
  readonly writeOffs: ReadonlyMap<string, readonly Ifrs9WriteOff[]>;
  /** The rates the opening report was computed with. */
  readonly openingFxRates: readonly FxRate[];
  /** The rates the closing report was computed with. */
  readonly closingFxRates: readonly FxRate[];
  readonly assetScales: ReadonlyMap<string, number>;
  /**
   * The closing book measured with the opening date's parameter set, when the parameter set in
   * force changed between the dates: each facility measured at both dates then gets
   * `model_changes` = closing allowance - this report's, and remeasurement the rest.
   */
  readonly closingWithOpeningParameters?: Ifrs9Report;
}

/**
 * A facility that entered or left measurement without being originated or derecognised in
 * the period (e.g. its terms were recorded late): presented on the `new` or `derecognised`
 * line (or kept at 0 after a write-off), and listed here so the line can be reconciled.
 */
export interface Ifrs9MeasurementChange {
  readonly facilityId: string;
  readonly change: "entered" | "left";
  /** Why it was not measured on the other date; `absent` when it was not in that report. */
  readonly reason: Ifrs9UnmeasuredReason | "absent";
  readonly message: string;
}

export interface Ifrs9WriteOffUse {
  readonly facilityId: string;
  readonly recordIds: readonly string[];
  readonly currency: string;
  /** Sum written off between the dates, minor units of `currency`. */
  readonly amount: bigint;
  /** min(amount, opening allowance) in the reporting currency at the opening rate. */
  readonly allowanceUsed: bigint;
}

export interface Ifrs9Movement {
  readonly reportingCurrency: string;
  readonly table: MovementTable;
  /** What movementTable was given, per facility (sorted by id). */
  readonly facilities: readonly FacilityMovementInput[];
  readonly measurementChanges: readonly Ifrs9MeasurementChange[];
  readonly writeOffs: readonly Ifrs9WriteOffUse[];
}

function byId(report: Ifrs9Report): Map<string, Ifrs9MeasuredFacility> {
  return new Map(report.measured.map((l) => [l.facilityId, l]));
}

function checkRates(report: Ifrs9Report, fx: FxConverter, which: string): void {
  for (const line of report.measured) {
    const again = roundMinor(fx.toReporting(dec(line.ecl.eclRecognised), line.currency));
    if (again !== line.allowanceReporting) {
      throw new Ifrs9InputError(
        "fx_rates_inconsistent",
        `facility ${line.facilityId}: the ${which} rates give ${again}, the ${which} report ${line.allowanceReporting}`,
      );
    }
  }
}

function whyNot(
  report: Ifrs9Report,
  id: string,
): Pick<Ifrs9MeasurementChange, "reason" | "message"> {
  const line = report.unmeasured.find((u) => u.facilityId === id);
  return line === undefined
    ? {
        reason: "absent",
        message: `facility ${id} is not in the report of ${report.reportingDate}`,
      }
    : { reason: line.reason, message: line.message };
}

interface Context {
  readonly opening: Ifrs9Report;
  readonly closing: Ifrs9Report;
  readonly fx0: FxConverter;
  readonly fx1: FxConverter;
  readonly writeOffs: readonly Ifrs9WriteOff[];
  readonly changes: Ifrs9MeasurementChange[];
  readonly uses: Ifrs9WriteOffUse[];
}

/** The write-offs of the period and the allowance they used, in the reporting currency. */
function writeOffUse(
  ctx: Context,
  id: string,
  o: Ifrs9MeasuredFacility | undefined,
  facilityCurrency: string,
): { used: bigint; writtenOff: boolean } {
  const start = ctx.opening.reportingDate;
  const end = ctx.closing.reportingDate;
  const inPeriod = ctx.writeOffs.filter((w) => w.writtenOffOn > start && w.writtenOffOn <= end);
  if (inPeriod.length === 0) return { used: 0n, writtenOff: false };
  for (const w of inPeriod) {
    if (w.amount <= 0n || w.currency !== facilityCurrency) {
      throw new Ifrs9InputError(
        "write_off_invalid",
        `write-off ${w.recordId} of facility ${id}: ${w.amount} ${w.currency} is not a positive amount in the facility's currency`,
      );
    }
  }
  const amount = inPeriod.reduce((sum, w) => sum + w.amount, 0n);
  const openingAllowance = o?.ecl.eclRecognised ?? 0n;
  const usedInCurrency = amount < openingAllowance ? amount : openingAllowance;
  const allowanceUsed =
    o === undefined || usedInCurrency <= 0n
      ? 0n
      : roundMinor(ctx.fx0.toReporting(dec(usedInCurrency), o.currency));
  ctx.uses.push({
    facilityId: id,
    recordIds: inPeriod.map((w) => w.recordId),
    currency: facilityCurrency,
    amount,
    allowanceUsed,
  });
  return { used: allowanceUsed, writtenOff: true };
}

/** A0 (facility currency) x (closing rate - opening rate), in the reporting currency. */
function fxEffect(ctx: Context, o: Ifrs9MeasuredFacility): bigint {
  const a0 = dec(o.ecl.eclRecognised);
  return roundMinor(ctx.fx1.toReporting(a0, o.currency).minus(ctx.fx0.toReporting(a0, o.currency)));
}

function state(line: Ifrs9MeasuredFacility): { stage: Stage; allowance: bigint } {
  return { stage: line.staging.stage, allowance: line.allowanceReporting };
}

function movementOf(
  ctx: Context,
  id: string,
  o: Ifrs9MeasuredFacility | undefined,
  c: Ifrs9MeasuredFacility | undefined,
): FacilityMovementInput | null {
  if (o !== undefined && c !== undefined && o.currency !== c.currency) {
    throw new Ifrs9InputError(
      "currency_changed",
      `facility ${id} is in ${o.currency} on ${ctx.opening.reportingDate} and ${c.currency} on ${ctx.closing.reportingDate}`,
    );
  }
  const { used, writtenOff } = writeOffUse(ctx, id, o, (o ?? c)?.currency ?? "");
  const base = { facilityId: id, writeOffAllowanceUsed: used, fxEffect: 0n };
  if (o === undefined) {
    if (c === undefined) return null;
    if (c.originationDate <= ctx.opening.reportingDate) {
      ctx.changes.push({ facilityId: id, change: "entered", ...whyNot(ctx.opening, id) });
    }
    return {
      ...base,
      opening: null,
      closing: state(c),
      originatedInPeriod: true,
      derecognised: false,
    };
  }
  if (c === undefined) {
    const why = whyNot(ctx.closing, id);
    if (why.reason !== "derecognised") ctx.changes.push({ facilityId: id, change: "left", ...why });
  }
  // Repaid: measured at closing with nothing on the accounts and no allowance left.
  const repaid = c !== undefined && c.ledgerBalance === 0n && c.ecl.eclRecognised === 0n;
  const gone = c === undefined || repaid;
  if (gone && !writtenOff) {
    return {
      ...base,
      opening: state(o),
      closing: null,
      originatedInPeriod: false,
      derecognised: true,
    };
  }
  // Written off (or still measured): stays in the table with its closing allowance (0 if gone).
  const closing = c === undefined ? { stage: o.staging.stage, allowance: 0n } : state(c);
  const fx = c === undefined ? 0n : fxEffect(ctx, o);
  return {
    ...base,
    fxEffect: fx,
    opening: state(o),
    closing,
    originatedInPeriod: false,
    derecognised: false,
  };
}

function assertAgainstReports(
  table: MovementTable,
  opening: Ifrs9Report,
  closing: Ifrs9Report,
): void {
  const keys = { "1": "stage1", "2": "stage2", "3": "stage3", POCI: "poci" } as const;
  for (const [line, report] of [
    ["opening", opening],
    ["closing", closing],
  ] as const) {
    const row = table.rows.find((r) => r.line === line);
    for (const stage of ["1", "2", "3", "POCI"] as const) {
      const expected = report.byStage[stage].allowance;
      if (row?.[keys[stage]] !== expected) {
        throw new Ifrs9InvariantError(
          `movement: ${line} stage ${stage} is ${row?.[keys[stage]]}, the report says ${expected}`,
        );
      }
    }
  }
}

/** The movement of the loss allowance from the opening report to the closing one. */
/** Model changes of the facilities measured at both dates and by the old parameters too. */
function withModelChanges(
  facilities: readonly FacilityMovementInput[],
  closing: ReadonlyMap<string, Ifrs9MeasuredFacility>,
  oldParameters: Ifrs9Report | undefined,
): FacilityMovementInput[] {
  if (oldParameters === undefined) return [...facilities];
  const before = byId(oldParameters);
  return facilities.map((f) => {
    const now = closing.get(f.facilityId);
    const old = before.get(f.facilityId);
    if (f.opening === null || f.closing === null || now === undefined || old === undefined)
      return f;
    return { ...f, modelChange: now.allowanceReporting - old.allowanceReporting };
  });
}

export function computeIfrs9Movement(
  opening: Ifrs9Report,
  closing: Ifrs9Report,
  book: Ifrs9MovementBook,
): Ifrs9Movement {
  const currency = opening.reportingCurrency;
  if (closing.reportingCurrency !== currency) {
    throw new Ifrs9InputError(
      "reporting_currency_mismatch",
      `the opening report is in ${currency}, the closing one in ${closing.reportingCurrency}`,
    );
  }
  const fx0 = new FxConverter(book.openingFxRates, book.assetScales, currency);
  const fx1 = new FxConverter(book.closingFxRates, book.assetScales, currency);
  checkRates(opening, fx0, "opening");
  checkRates(closing, fx1, "closing");
  const open = byId(opening);
  const close = byId(closing);
  const ids = [...new Set([...open.keys(), ...close.keys()])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const changes: Ifrs9MeasurementChange[] = [];
  const uses: Ifrs9WriteOffUse[] = [];
  const facilities = ids.flatMap((id) => {
    const writeOffs = book.writeOffs.get(id) ?? [];
    const ctx: Context = { opening, closing, fx0, fx1, writeOffs, changes, uses };
    const f = movementOf(ctx, id, open.get(id), close.get(id));
    return f === null ? [] : [f];
  });
  const inputs = withModelChanges(facilities, close, book.closingWithOpeningParameters);
  const table = movementTable({
    periodStart: opening.reportingDate,
    periodEnd: closing.reportingDate,
    facilities: inputs,
  });
  assertAgainstReports(table, opening, closing);
  return {
    reportingCurrency: currency,
    table,
    facilities: inputs,
    measurementChanges: changes,
    writeOffs: uses,
  };
}
