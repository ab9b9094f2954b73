// `folio verify --read-models`, IFRS 9: the IFRS 9 report from the read models (ifrs9BookAt
// over the active risk_inputs and balances versions, then computeIfrs9Report) equals the one
// from the events alone (ifrs9Replay.ts) at the same point: the reporting date of the run's
// "now" (UTC), and again the date of the latest validFrom known when that is later (inputs
// dated ahead), as known at the sequence the exposure comparison used; once per parameter set
// in force (or with the defaults when none is). The reports' digests (reportDigest) are
// compared; on a difference the first facility that differs is named with its field, and the
// first difference of its inputs when there is one. A ledger with no facility terms recorded
// is skipped. The first difference is a VerificationFailed (exit 1).
import type pg from "pg";
import { isTransientError } from "../event-store/index.js";
import type { EventStore } from "../ledger-core/index.js";
import { BALANCES_PROJECTION_NAME, RISK_INPUTS_PROJECTION_NAME } from "../projections/index.js";
import type { Ifrs9FacilityLine, Ifrs9Report } from "../projections/ifrs9/index.js";
import { ifrs9BookAt, Ifrs9QueryError, reportDigest } from "../projections/ifrs9/ifrs9Query.js";
import { VerificationFailed } from "./errors.js";
import {
  ifrs9Outcome,
  ifrs9PointOf,
  replayIfrs9,
  type Ifrs9Outcome,
  type Ifrs9Replay,
} from "./ifrs9Replay.js";
import type { Progress } from "./progress.js";
import { firstDifference } from "./verifyExposure.js";

export interface Ifrs9Check {
  /** Why nothing was compared (no facility terms recorded), else null. */
  readonly skipped: string | null;
  readonly riskInputsVersion: number;
  readonly balancesVersion: number;
  /** The sequence compared at (known at). */
  readonly sequence: number;
  /** The reporting dates compared (today, and any later one with inputs dated ahead). */
  readonly reportingDates: readonly string[];
  /** The parameter sets compared at the last date ("default" when none is in force). */
  readonly parameterSets: readonly string[];
  /** At the last date with the first parameter set: facilities measured and not measured. */
  readonly measured: number;
  readonly unmeasured: number;
  /** The refusal code both sides answered with (at the last date, first set), else null. */
  readonly bothFailWith: string | null;
}

interface Models {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly ledgerId: string;
  readonly balancesVersion: number;
  readonly riskVersion: number;
  readonly sequence: number;
  readonly last: number;
  readonly progress: Progress;
}

/** A read-model query; a failure that is not the database going away is a verification failure. */
async function fromModel<T>(what: string, sequence: number, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isTransientError(error) || error instanceof VerificationFailed) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new VerificationFailed(`read model ${what}: ${message}`, sequence);
  }
}

/** What the digest covers of one facility line, by field. */
function lineSummary(line: Ifrs9FacilityLine): Record<string, unknown> {
  return line.status === "measured"
    ? {
        status: line.status,
        stage: line.staging.stage,
        stageReason: line.staging.stageReason,
        grossCarryingAmountReporting: line.grossCarryingAmountReporting,
        allowanceReporting: line.allowanceReporting,
      }
    : { status: line.status, reason: line.reason, errorCode: line.errorCode };
}

/** The first field (in lineSummary's order: status, stage first) where two lines differ. */
function lineDifference(
  model: Ifrs9FacilityLine,
  replay: Ifrs9FacilityLine,
  path: string,
): string | null {
  const m = lineSummary(model);
  const r = lineSummary(replay);
  for (const key of new Set([...Object.keys(m), ...Object.keys(r)])) {
    const found = firstDifference(m[key], r[key], `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

function linesOf(report: Ifrs9Report): Map<string, Ifrs9FacilityLine> {
  return new Map<string, Ifrs9FacilityLine>(
    [...report.measured, ...report.unmeasured].map((line) => [line.facilityId, line]),
  );
}

/**
 * Where two reports with different digests differ: the first facility (by id) whose line
 * differs, with the field, and the first difference of that facility's inputs in the books;
 * else the first difference of the report's other fields.
 */
function whereReportsDiffer(
  model: Extract<Ifrs9Outcome, { ok: true }>,
  replay: Extract<Ifrs9Outcome, { ok: true }>,
): string {
  const m = linesOf(model.report);
  const r = linesOf(replay.report);
  const ids = [...new Set([...m.keys(), ...r.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const id of ids) {
    const ml = m.get(id);
    const rl = r.get(id);
    if (ml === undefined) return `facility ${id}: missing from the read models' report`;
    if (rl === undefined) return `facility ${id}: in the read models' report but not the replay's`;
    const found = lineDifference(ml, rl, `facility ${id}`);
    if (found === null) continue;
    const inputs = firstDifference(
      model.book.facilities.get(id),
      replay.book.facilities.get(id),
      `inputs ${id}`,
    );
    const accounts = (line: Ifrs9FacilityLine, book: typeof model.book) =>
      [
        ...(book.facilities.get(line.facilityId)?.facility.drawnAccounts ?? []),
        ...(book.facilities.get(line.facilityId)?.facility.interestAccounts ?? []),
      ].map((accountId) => book.balances.get(accountId) ?? null);
    const balances = firstDifference(
      accounts(ml, model.book),
      accounts(rl, replay.book),
      `balances of ${id}`,
    );
    return [found, inputs ?? balances].filter((s): s is string => s !== null).join("; ");
  }
  const header = (report: Ifrs9Report) => ({
    reportingDate: report.reportingDate,
    reportingCurrency: report.reportingCurrency,
    parameterSetId: report.parameterSetId,
  });
  return (
    firstDifference(header(model.report), header(replay.report), "report") ??
    "the digests differ, no field does (a bug in reportDigest?)"
  );
}

/** The refusal's text, or the digest, for a comparison message. */
function answer(outcome: Ifrs9Outcome): string {
  return outcome.ok ? `digest ${reportDigest(outcome.report)}` : `refused ${outcome.error.code}`;
}

/** One comparison at `reportingDate` for every parameter set in force; the replay and the first outcome. */
async function compareOn(
  m: Models,
  replay: Ifrs9Replay,
): Promise<{ parameterSets: string[]; first: Ifrs9Outcome }> {
  const { pool, ledgerId, sequence } = m;
  const { reportingDate } = replay.at;
  const models = `${RISK_INPUTS_PROJECTION_NAME} v${m.riskVersion} + ${BALANCES_PROJECTION_NAME} v${m.balancesVersion}`;
  const where = `sequence ${sequence}, reporting date ${reportingDate}`;
  const fail = (detail: string): VerificationFailed =>
    new VerificationFailed(
      `read models ${models} differ from a fresh replay in the IFRS 9 report at ${where}: ${detail}`,
      sequence,
    );
  const query = {
    ledgerId,
    reportingDate,
    knownAt: { sequence },
    versions: { balances: m.balancesVersion, riskInputs: m.riskVersion },
    assetScales: replay.scales,
    reportingCurrency: replay.reportingCurrency,
  };
  const sets = [...replay.ifrs9.parameters.keys()];
  const named: (string | undefined)[] = sets.length === 0 ? [undefined] : sets;
  let first: Ifrs9Outcome | null = null;
  for (const parameterSetId of named) {
    const replayOutcome = ifrs9Outcome(() => replay.bookFor(parameterSetId));
    const modelOutcome = await fromModel(models, sequence, async (): Promise<Ifrs9Outcome> => {
      try {
        const found = await ifrs9BookAt(pool, {
          ...query,
          ...(parameterSetId === undefined ? {} : { parameterSetId }),
        });
        const modelSets = [...found.parameterSetIds].sort().join(", ") || "none";
        const replaySets = [...sets].sort().join(", ") || "none";
        if (modelSets !== replaySets) {
          throw fail(`parameter sets in force ${modelSets} (replay ${replaySets})`);
        }
        if (found.sequence !== replay.sequence) {
          throw fail(`the book reflects sequence ${found.sequence} (replay ${replay.sequence})`);
        }
        return ifrs9Outcome(() => found.book);
      } catch (error) {
        // The read models' two halves apart is a failure of the read, not an answer.
        if (error instanceof Ifrs9QueryError && error.code !== "read_models_apart") {
          return { ok: false, error: { code: error.code, message: error.message } };
        }
        throw error;
      }
    });
    const label = parameterSetId === undefined ? "" : `parameter set ${parameterSetId}: `;
    if (!modelOutcome.ok || !replayOutcome.ok) {
      if (
        modelOutcome.ok ||
        replayOutcome.ok ||
        modelOutcome.error.code !== replayOutcome.error.code
      ) {
        throw fail(`${label}${answer(modelOutcome)} (replay ${answer(replayOutcome)})`);
      }
    } else {
      const modelDigest = reportDigest(modelOutcome.report);
      const replayDigest = reportDigest(replayOutcome.report);
      if (modelDigest !== replayDigest) {
        throw fail(
          `${label}digest ${modelDigest} (replay ${replayDigest}): ${whereReportsDiffer(modelOutcome, replayOutcome)}`,
        );
      }
    }
    first ??= replayOutcome;
  }
  return {
    parameterSets: named.map((id) => id ?? "default"),
    first: first as Ifrs9Outcome,
  };
}

/**
 * Compares the IFRS 9 report of `ledgerId` from the read models with the replay, known at
 * `sequence` (the exposure comparison's: the lowest of the models' heads and the verified
 * chain's): on the UTC date of `nowMs`, and on the date of the latest validFrom known when later.
 */
export async function verifyIfrs9(options: {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly ledgerId: string;
  readonly sequence: number;
  readonly versions: { readonly balances: number; readonly riskInputs: number };
  readonly last: number;
  readonly nowMs: number;
  readonly progress: Progress;
}): Promise<Ifrs9Check> {
  const m: Models = {
    pool: options.pool,
    store: options.store,
    ledgerId: options.ledgerId,
    balancesVersion: options.versions.balances,
    riskVersion: options.versions.riskInputs,
    sequence: options.sequence,
    last: options.last,
    progress: options.progress,
  };
  const known = { kind: "sequence", sequence: m.sequence } as const;
  const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  const replayOn = (date: string): Promise<Ifrs9Replay> =>
    replayIfrs9(m.store, m.ledgerId, ifrs9PointOf(date, known), {
      progress: m.progress,
      upTo: m.last,
    });
  const today = dateOf(options.nowMs);
  const first = await replayOn(today);
  const base = {
    riskInputsVersion: m.riskVersion,
    balancesVersion: m.balancesVersion,
    sequence: m.sequence,
  };
  if (first.termsRecorded === 0) {
    return {
      ...base,
      skipped: `no facility terms recorded in ledger ${m.ledgerId} by sequence ${m.sequence}`,
      reportingDates: [],
      parameterSets: [],
      measured: 0,
      unmeasured: 0,
      bothFailWith: null,
    };
  }
  let compared = await compareOn(m, first);
  const reportingDates = [today];
  const ahead = first.latestValidFromMs;
  if (ahead !== null && dateOf(ahead) > today) {
    compared = await compareOn(m, await replayOn(dateOf(ahead)));
    reportingDates.push(dateOf(ahead));
  }
  const { first: outcome } = compared;
  return {
    ...base,
    skipped: null,
    reportingDates,
    parameterSets: compared.parameterSets,
    measured: outcome.ok ? outcome.report.measured.length : 0,
    unmeasured: outcome.ok ? outcome.report.unmeasured.length : 0,
    bothFailWith: outcome.ok ? null : outcome.error.code,
  };
}
