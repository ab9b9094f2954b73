// The exposure report as of a point, from the read models: the risk inputs in force (the
// risk_inputs model) and the facility accounts' balances (the balances model), read at ONE
// ledger sequence so that the two agree, then the pure calculation (exposureMathReport.ts).
// "Latest" and "effective now" are pinned to the lower of the two models' heads; a point the
// caller names explicitly (a sequence, a recorded time, knownAt) is used as given.
//
// Reports at a fixed ledger sequence are cached (ReportCache below): a report for 10,000
// facilities takes hundreds of milliseconds to read and compute (benchmarks/README.md,
// "Exposure"), and at one sequence K the answer never changes. Bounded: MAX_CACHED_REPORTS per
// pool, reports of at most MAX_CACHED_REPORT_FACILITIES facilities.
import type { Queryable } from "../balances/balanceQueries.js";
import { facilityAccountBalancesAt, type BalanceAt } from "../balances/balanceQueries.js";
import { computeExposureReport, type ExposureReport } from "./exposureMathReport.js";
import type { LargeExposureOptions } from "./largeExposures.js";
import { riskInputsAt, riskInputsStableRange } from "./riskInputsQueries.js";

/** Reports kept per pool (or client), most recently used first out last. */
export const MAX_CACHED_REPORTS = 4;
/** Reports with more facilities than this are computed every time, never cached. */
export const MAX_CACHED_REPORT_FACILITIES = 50_000;

export interface ExposureQuery {
  readonly ledgerId: string;
  readonly at: BalanceAt;
  /** The ledger's assets (code -> scale) and reporting currency. */
  readonly assetScales: ReadonlyMap<string, number>;
  readonly reportingCurrency: string;
  readonly versions: { readonly balances: number; readonly riskInputs: number };
  /** The sequence both models have applied: where "latest" and "now" are pinned. */
  readonly commonSequence: number;
  readonly options?: LargeExposureOptions;
  /** Use (and fill) the report cache (default true); false computes afresh. */
  readonly cache?: boolean;
}

export interface ExposureAnswer {
  /** The ledger sequence the answer reflects; null when nothing is known as of the point. */
  readonly sequence: number | null;
  /** The effective time the inputs were taken at (ISO 8601). */
  readonly effectiveAt: string;
  readonly report: ExposureReport;
}

/** `at` with its open ends ("now" as known) pinned to `sequence`. */
export function pinnedPoint(at: BalanceAt, sequence: number): BalanceAt {
  if (at.kind === "latest") return { kind: "sequence", sequence };
  if (at.kind === "effective" && at.knownAt === undefined) {
    return { kind: "effective", effectiveAt: at.effectiveAt, knownAt: { sequence } };
  }
  return at;
}

/** One cached report and the effective times it holds for ([fromMs, untilMs), null: open). */
interface CachedReport {
  readonly report: ExposureReport;
  readonly fromMs: number | null;
  readonly untilMs: number | null;
}

/**
 * The reports of one pool, by what they depend on: the ledger, both models' versions, the
 * ledger's assets and reporting currency, the options, and the point as a fixed sequence K:
 *  - a sequence K (what "latest" is pinned to): balances as of K, inputs in force now as known
 *    at K. "Now" moves, so the entry keeps the effective range over which the inputs in force
 *    stay the same (riskInputsStableRange) and answers only within it;
 *  - an effective time D as known at sequence K: D itself is part of the key.
 * Only points at or below the caller's commonSequence (both models' heads, which only grow
 * for a version) are cached, and only answers that reflect exactly K. Least recently used
 * out first beyond MAX_CACHED_REPORTS.
 */
class ReportCache {
  private readonly entries = new Map<string, CachedReport>();

  get(key: string, effectiveMs: number): ExposureReport | null {
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    if (
      (entry.fromMs !== null && effectiveMs < entry.fromMs) ||
      (entry.untilMs !== null && effectiveMs >= entry.untilMs)
    ) {
      return null;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.report;
  }

  set(key: string, entry: CachedReport): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > MAX_CACHED_REPORTS) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

/** One cache per pool or client: different databases never share answers. */
const caches = new WeakMap<Queryable, ReportCache>();

function cacheOf(client: Queryable): ReportCache {
  let cache = caches.get(client);
  if (cache === undefined) {
    cache = new ReportCache();
    caches.set(client, cache);
  }
  return cache;
}

/** The cache key of `at` (already pinned), or null when the point is not a fixed sequence. */
function cacheKeyOf(query: ExposureQuery, at: BalanceAt): string | null {
  let point: readonly (string | number)[];
  if (at.kind === "sequence") {
    point = ["sequence", at.sequence];
  } else if (at.kind === "effective" && at.knownAt !== undefined && "sequence" in at.knownAt) {
    const effectiveMs = Date.parse(at.effectiveAt);
    if (Number.isNaN(effectiveMs)) return null;
    point = ["effective", effectiveMs, at.knownAt.sequence];
  } else {
    return null;
  }
  const sequence = point[point.length - 1];
  if (typeof sequence !== "number" || sequence > query.commonSequence) return null;
  return JSON.stringify([
    query.ledgerId,
    query.versions.balances,
    query.versions.riskInputs,
    [...query.assetScales].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    query.reportingCurrency,
    query.options?.reportingEntityIsGsii ?? null,
    point,
  ]);
}

/** The sequence K a cacheable pinned point stands for. */
function pointSequence(at: BalanceAt): number | null {
  if (at.kind === "sequence") return at.sequence;
  if (at.kind === "effective" && at.knownAt !== undefined && "sequence" in at.knownAt) {
    return at.knownAt.sequence;
  }
  return null;
}

export async function exposureReportAt(
  client: Queryable,
  query: ExposureQuery,
): Promise<ExposureAnswer> {
  const at = pinnedPoint(query.at, query.commonSequence);
  const key = query.cache === false ? null : cacheKeyOf(query, at);
  const nowMs = Date.now();
  if (key !== null) {
    const sequence = pointSequence(at);
    const effectiveMs = at.kind === "effective" ? Date.parse(at.effectiveAt) : nowMs;
    const report = cacheOf(client).get(key, effectiveMs);
    if (report !== null && sequence !== null) {
      return { sequence, effectiveAt: new Date(effectiveMs).toISOString(), report };
    }
  }
  const inputs = await riskInputsAt(client, {
    ledgerId: query.ledgerId,
    at,
    version: query.versions.riskInputs,
    now: new Date(nowMs),
  });
  const accountIds = new Set<string>();
  for (const facility of inputs.facilities.values()) {
    for (const accountId of facility.drawnAccounts) accountIds.add(accountId);
    for (const accountId of facility.interestAccounts) accountIds.add(accountId);
  }
  const balances = await facilityAccountBalancesAt(client, {
    ledgerId: query.ledgerId,
    at,
    version: query.versions.balances,
    accountIds,
  });
  const report = computeExposureReport(
    {
      risk: inputs,
      balances: balances.accounts.map((account) => ({
        accountId: account.accountId,
        currency: account.currency,
        balance: account.balance,
      })),
      assetScales: query.assetScales,
      reportingCurrency: query.reportingCurrency,
    },
    query.options,
  );
  const sequence = pointSequence(at);
  if (
    key !== null &&
    sequence !== null &&
    inputs.sequence === sequence &&
    balances.sequence === sequence &&
    inputs.facilities.size <= MAX_CACHED_REPORT_FACILITIES
  ) {
    const range =
      at.kind === "sequence"
        ? await riskInputsStableRange(client, {
            ledgerId: query.ledgerId,
            version: query.versions.riskInputs,
            sequence,
            effectiveMs: Date.parse(inputs.effectiveAt),
          })
        : { fromMs: null, untilMs: null };
    cacheOf(client).set(key, { report, ...range });
  }
  return { sequence: inputs.sequence, effectiveAt: inputs.effectiveAt, report };
}
