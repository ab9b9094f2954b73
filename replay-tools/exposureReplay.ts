// The exposure report of `folio exposure`, from a ledger's events alone: one replay of the
// stream through the core (replay.ts: read, validate, evolve, balances as of the point with
// the balances model's semantics, holds by ledger-core/effectiveTime.ts) that also folds the
// risk events into the inputs in force as of effective time D (RiskInputsFold); then the
// facility accounts' posted balances on their normal side and the pure calculation
// computeExposureReport, as the read models' exposureReportAt does. The point is the exposure
// routes': effective D (default now) as known at R (a sequence or a recorded time; default
// the stream's head); without --as-of the balances are the ledger as recorded by R, with D now.
import {
  computeExposureReport,
  ExposureInputError,
  type AccountBalanceAt,
  type ExposureReport,
  type RiskInputsAt,
} from "../projections/index.js";
import { facilityAccountIds, RiskInputsFold } from "../projections/index.js";
import type { EventStore, LedgerInfo } from "../ledger-core/index.js";
import { VerificationFailed } from "./errors.js";
import type { KnownPoint, Point, PointValue } from "./point.js";
import type { Progress } from "./progress.js";
import { decode, readPages, replayLedger } from "./replay.js";

/** Where the exposure is taken: the balances' point, and the effective time of the inputs. */
export interface ExposurePoint {
  readonly point: Point;
  /** D, ISO 8601 UTC with milliseconds (as the read model reports it). */
  readonly effectiveAt: string;
  readonly effectiveMs: number;
}

/**
 * The point of --as-of (an effective time) and --known-at (a sequence or a recorded time),
 * `nowMs` standing for "now" when there is no --as-of. The same as the exposure routes'
 * points: none = latest; known-at only = recorded by then (sequence or time), effective now;
 * as-of = effective D, as known now or at known-at.
 */
export function exposurePointOf(
  asOf: { readonly time: string; readonly ms: number } | undefined,
  knownAt: PointValue | undefined,
  nowMs: number,
): ExposurePoint {
  const known: KnownPoint | undefined =
    knownAt === undefined
      ? undefined
      : knownAt.kind === "sequence"
        ? { kind: "sequence", sequence: knownAt.sequence }
        : { kind: "recorded", recordedAt: knownAt.time, ms: knownAt.ms };
  if (asOf !== undefined) {
    const point: Point = {
      kind: "effective",
      effectiveAt: asOf.time,
      ms: asOf.ms,
      ...(known === undefined ? {} : { knownAt: known }),
    };
    return { point, effectiveAt: new Date(asOf.ms).toISOString(), effectiveMs: asOf.ms };
  }
  const now = { effectiveAt: new Date(nowMs).toISOString(), effectiveMs: nowMs };
  if (known === undefined) return { point: { kind: "latest" }, ...now };
  return { point: known, ...now };
}

/** The report, or the input error that keeps the calculation from answering at this point. */
export type ExposureOutcome =
  | { readonly ok: true; readonly report: ExposureReport }
  | { readonly ok: false; readonly error: ExposureInputError };

export interface ExposureReplay {
  readonly ledgerId: string;
  readonly at: ExposurePoint;
  /** The last sequence the answer may include; null when nothing was recorded by then. */
  readonly sequence: number | null;
  readonly head: number;
  readonly reportingCurrency: string;
  readonly scales: ReadonlyMap<string, number>;
  readonly inputs: RiskInputsAt;
  /** The facility accounts' balances (those that exist at the point), by account id. */
  readonly balances: readonly AccountBalanceAt[];
  readonly outcome: ExposureOutcome;
  /** The latest validFrom of every risk input known at the point (in force or not yet). */
  readonly latestValidFromMs: number | null;
}

/** What the report needs of the ledger: its reporting currency and assets (code -> scale). */
type LedgerTerms = Pick<LedgerInfo, "reportingCurrency" | "assets">;

/** The ledger as LedgerCreated (event 0) describes it, for a point before anything. */
async function ledgerOfFirstEvent(store: EventStore, ledgerId: string): Promise<LedgerTerms> {
  for await (const page of readPages(store, ledgerId, 0, 0)) {
    const event = page[0] === undefined ? undefined : decode(page[0]);
    if (event?.type === "LedgerCreated") {
      return {
        reportingCurrency: event.data.reportingCurrency,
        assets: new Map(event.data.assets.map((a) => [a.code, a.scale])),
      };
    }
  }
  throw new VerificationFailed(`event 0 of ledger ${ledgerId} is not LedgerCreated`, 0);
}

/** Runs the calculation; an input it cannot work with is an outcome, anything else throws. */
export function exposureOutcome(compute: () => ExposureReport): ExposureOutcome {
  try {
    return { ok: true, report: compute() };
  } catch (error) {
    if (error instanceof ExposureInputError) return { ok: false, error };
    throw error;
  }
}

/** Replays `ledgerId` and computes its exposure at `at` from the events alone. */
export async function replayExposure(
  store: EventStore,
  ledgerId: string,
  at: ExposurePoint,
  options: { readonly progress?: Progress; readonly upTo?: number } = {},
): Promise<ExposureReplay> {
  const fold = new RiskInputsFold(at.effectiveMs);
  const seen: { ledger: LedgerTerms | null } = { ledger: null };
  const result = await replayLedger(store, ledgerId, at.point, {
    ...options,
    observe: (state, event) => {
      fold.apply(event);
      seen.ledger = state.ledger;
    },
  });
  const info = seen.ledger ?? (await ledgerOfFirstEvent(store, ledgerId));
  const inputs = fold.inputs();
  const wanted = new Set(facilityAccountIds(inputs));
  const balances: AccountBalanceAt[] = result.accounts
    .filter((account) => wanted.has(account.accountId))
    .map((account) => ({
      accountId: account.accountId,
      currency: account.currency,
      balance: account.balance,
    }));
  const outcome = exposureOutcome(() =>
    computeExposureReport({
      risk: inputs,
      balances,
      assetScales: info.assets,
      reportingCurrency: info.reportingCurrency,
    }),
  );
  return {
    ledgerId,
    at,
    sequence: result.sequence,
    head: result.head,
    reportingCurrency: info.reportingCurrency,
    scales: info.assets,
    inputs,
    balances,
    outcome,
    latestValidFromMs: fold.latestValidFromMs,
  };
}
