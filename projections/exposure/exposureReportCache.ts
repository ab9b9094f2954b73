// The exposure reports a process keeps (exposureQuery.ts): per pool, the last few reports at
// fixed points, each with what it was computed from (the risk inputs in force and the
// exposure lines), so that a report at a later sequence of the same
// point is brought forward from the nearest earlier one instead of computed afresh.
//
// A point is a shape (the ledger, both models' versions, the assets, the reporting currency,
// the options, and "effective now" or an effective time D) and a ledger sequence K: "latest"
// is pinned to K = both models' common head, "effective D" is D known at K. An entry answers
// its exact point; for "effective now" only while now stays in the effective range over which
// the inputs in force do not change. Bounded: MAX_CACHED_REPORTS per pool (least recently used
// out first), reports of at most MAX_CACHED_REPORT_FACILITIES facilities.
import type { BalanceAt } from "../balances/balanceQueries.js";
import type { ExposureResult } from "./exposureMath.js";
import type { ExposureReport } from "./exposureMathReport.js";
import type { LargeExposureOptions } from "./largeExposures.js";
import type { RiskInputsAnswer } from "./riskInputsQueries.js";

/** Reports kept per pool (or client). */
export const MAX_CACHED_REPORTS = 8;
/** Reports with more facilities than this are computed every time, never cached. */
export const MAX_CACHED_REPORT_FACILITIES = 50_000;

/** What a cacheable point depends on: its shape, its sequence K and its effective time. */
export interface CachePoint {
  readonly shape: string;
  readonly sequence: number;
  readonly effectiveMs: number;
}

/** One report and what it was computed from, at one point. */
export interface CachedReport {
  readonly shape: string;
  readonly sequence: number;
  /** The effective range [fromMs, untilMs) the inputs hold for (null: open). */
  readonly fromMs: number | null;
  readonly untilMs: number | null;
  readonly inputs: RiskInputsAnswer;
  /** Each facility account's facilities (shared by entries of the same inputs). */
  readonly accountFacilities: ReadonlyMap<string, readonly string[]>;
  readonly exposure: ExposureResult;
  readonly report: ExposureReport;
}

export interface ShapeOf {
  readonly ledgerId: string;
  readonly versions: { readonly balances: number; readonly riskInputs: number };
  readonly assetScales: ReadonlyMap<string, number>;
  readonly reportingCurrency: string;
  readonly commonSequence: number;
  readonly options?: LargeExposureOptions;
}

/**
 * The cache point of `at` (already pinned), or null when it is not a fixed sequence at or
 * below the models' common head (only those answers never change).
 */
export function cachePointOf(query: ShapeOf, at: BalanceAt, nowMs: number): CachePoint | null {
  let sequence: number;
  let effective: number | "now";
  if (at.kind === "sequence") {
    sequence = at.sequence;
    effective = "now";
  } else if (at.kind === "effective" && at.knownAt !== undefined && "sequence" in at.knownAt) {
    sequence = at.knownAt.sequence;
    effective = Date.parse(at.effectiveAt);
    if (Number.isNaN(effective)) return null;
  } else {
    return null;
  }
  if (sequence > query.commonSequence) return null;
  const shape = JSON.stringify([
    query.ledgerId,
    query.versions.balances,
    query.versions.riskInputs,
    [...query.assetScales].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    query.reportingCurrency,
    query.options?.reportingEntityIsGsii ?? null,
    effective,
  ]);
  return { shape, sequence, effectiveMs: effective === "now" ? nowMs : effective };
}

function holdsAt(entry: CachedReport, effectiveMs: number): boolean {
  return (
    (entry.fromMs === null || effectiveMs >= entry.fromMs) &&
    (entry.untilMs === null || effectiveMs < entry.untilMs)
  );
}

/** How the reports of one pool were answered (for tests, benchmarks and metrics). */
export interface ReportCounts {
  /** From a report kept at exactly the point. */
  exact: number;
  /** Brought forward from a report at an earlier sequence. */
  forwarded: number;
  /** Computed afresh (cacheable points only). */
  computed: number;
}

export class ReportCache {
  private readonly entries = new Map<string, CachedReport>();
  readonly counts: ReportCounts = { exact: 0, forwarded: 0, computed: 0 };

  /** The report at exactly `point`, or null. */
  exact(point: CachePoint): CachedReport | null {
    const key = keyOf(point.shape, point.sequence);
    const entry = this.entries.get(key);
    if (entry === undefined || !holdsAt(entry, point.effectiveMs)) return null;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** The report of the same shape at the highest sequence below the point's, or null. */
  base(point: CachePoint): CachedReport | null {
    let best: CachedReport | null = null;
    for (const entry of this.entries.values()) {
      if (entry.shape !== point.shape || entry.sequence >= point.sequence) continue;
      if (!holdsAt(entry, point.effectiveMs)) continue;
      if (best === null || entry.sequence > best.sequence) best = entry;
    }
    return best;
  }

  set(entry: CachedReport): void {
    if (entry.inputs.facilities.size > MAX_CACHED_REPORT_FACILITIES) return;
    const key = keyOf(entry.shape, entry.sequence);
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > MAX_CACHED_REPORTS) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

function keyOf(shape: string, sequence: number): string {
  return `${sequence}|${shape}`;
}

/** Each facility account's facilities, from the inputs in force. */
export function accountFacilitiesOf(
  inputs: RiskInputsAnswer,
): ReadonlyMap<string, readonly string[]> {
  const byAccount = new Map<string, string[]>();
  for (const facility of inputs.facilities.values()) {
    for (const accountId of [...facility.drawnAccounts, ...facility.interestAccounts]) {
      const list = byAccount.get(accountId);
      if (list === undefined) byAccount.set(accountId, [facility.facilityId]);
      else list.push(facility.facilityId);
    }
  }
  return byAccount;
}
