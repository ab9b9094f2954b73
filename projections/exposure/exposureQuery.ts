// The exposure report as of a point, from the read models: the risk inputs in force (the
// risk_inputs model) and the facility accounts' balances (the balances model), read at ONE
// ledger sequence so that the two agree, then the pure calculation (exposureMathReport.ts).
// "Latest" and "effective now" are pinned to the lower of the two models' heads; a point the
// caller names explicitly (a sequence, a recorded time, knownAt) is used as given.
//
// A report for 10,000 facilities takes a few hundred milliseconds to read and compute
// (benchmarks/README.md, "Exposure"), so reports at fixed sequences are kept
// (exposureReportCache.ts) and a report at a later sequence K1 of the same point is brought
// forward from the one at K0: when no risk input was recorded in (K0, K1] (four index probes),
// the inputs in force are the same; the balances model's change log names the accounts that
// moved (balancesChanges.ts); only the facilities holding them are read and computed again
// (updateExposure), and only their groups assessed again. Anything else (inputs recorded, a range the log does not cover,
// more than MAX_UPDATE_ACCOUNTS accounts moved) computes the report afresh.
import type { Queryable } from "../balances/balanceQueries.js";
import { facilityAccountBalancesAt, type BalanceAt } from "../balances/balanceQueries.js";
import { accountsChangedBetween } from "../balances/balancesChanges.js";
import { computeExposure, updateExposure, type ExposureInputs } from "./exposureMath.js";
import { exposureReportOf, type ExposureReport } from "./exposureMathReport.js";
import {
  accountFacilitiesOf,
  cachePointOf,
  ReportCache,
  type CachedReport,
  type CachePoint,
  type ReportCounts,
} from "./exposureReportCache.js";
import type { AccountBalanceAt } from "./exposureTypes.js";
import type { LargeExposureOptions } from "./largeExposures.js";
import {
  riskInputsAt,
  riskInputsRecordedBetween,
  riskInputsStableRange,
  type RiskInputsAnswer,
} from "./riskInputsQueries.js";

export { MAX_CACHED_REPORT_FACILITIES, MAX_CACHED_REPORTS } from "./exposureReportCache.js";

/** The most moved accounts a report is brought forward over; more computes it afresh. */
export const MAX_UPDATE_ACCOUNTS = 5_000;

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

/** How the cacheable reports of `client` (a pool) were answered so far. */
export function exposureReportCounts(client: Queryable): Readonly<ReportCounts> {
  return { ...cacheOf(client).counts };
}

function answerOf(entry: CachedReport, effectiveMs: number): ExposureAnswer {
  return {
    sequence: entry.sequence,
    effectiveAt: new Date(effectiveMs).toISOString(),
    report: entry.report,
  };
}

export async function exposureReportAt(
  client: Queryable,
  query: ExposureQuery,
): Promise<ExposureAnswer> {
  const at = pinnedPoint(query.at, query.commonSequence);
  const nowMs = Date.now();
  const point = query.cache === false ? null : cachePointOf(query, at, nowMs);
  if (point === null) return (await computed(client, query, at, nowMs)).answer;
  const cache = cacheOf(client);
  const hit = cache.exact(point);
  if (hit !== null) {
    cache.counts.exact++;
    return answerOf(hit, point.effectiveMs);
  }
  const base = cache.base(point);
  const updated = base === null ? null : await broughtForward(client, query, at, base, point);
  if (updated !== null) {
    cache.counts.forwarded++;
    cache.set(updated);
    return answerOf(updated, point.effectiveMs);
  }
  const { answer, entry } = await computed(client, query, at, nowMs);
  cache.counts.computed++;
  if (entry !== null && answer.sequence === point.sequence) {
    const range =
      at.kind === "sequence"
        ? await riskInputsStableRange(client, {
            ledgerId: query.ledgerId,
            version: query.versions.riskInputs,
            sequence: point.sequence,
            effectiveMs: Date.parse(answer.effectiveAt),
          })
        : { fromMs: null, untilMs: null };
    cache.set({ ...entry, shape: point.shape, sequence: point.sequence, ...range });
  }
  return answer;
}

function inputsOf(
  query: ExposureQuery,
  risk: RiskInputsAnswer,
  balances: ReadonlyMap<string, AccountBalanceAt>,
): ExposureInputs {
  return {
    risk,
    balances,
    assetScales: query.assetScales,
    reportingCurrency: query.reportingCurrency,
  };
}

function balancesById(accounts: readonly AccountBalanceAt[]): Map<string, AccountBalanceAt> {
  const byId = new Map<string, AccountBalanceAt>();
  for (const { accountId, currency, balance } of accounts) {
    byId.set(accountId, { accountId, currency, balance });
  }
  return byId;
}

type Computed = Omit<CachedReport, "shape" | "sequence" | "fromMs" | "untilMs">;

/**
 * The report computed afresh from both models; `entry` (what a cache keeps) is null unless
 * both answers reflect the same sequence.
 */
async function computed(
  client: Queryable,
  query: ExposureQuery,
  at: BalanceAt,
  nowMs: number,
): Promise<{ answer: ExposureAnswer; entry: Computed | null }> {
  const inputs = await riskInputsAt(client, {
    ledgerId: query.ledgerId,
    at,
    version: query.versions.riskInputs,
    now: new Date(nowMs),
  });
  const accountFacilities = accountFacilitiesOf(inputs);
  const read = await facilityAccountBalancesAt(client, {
    ledgerId: query.ledgerId,
    at,
    version: query.versions.balances,
    accountIds: new Set(accountFacilities.keys()),
  });
  const exposureInputs = inputsOf(query, inputs, balancesById(read.accounts));
  const exposure = computeExposure(exposureInputs);
  const report = exposureReportOf(exposureInputs, exposure, query.options);
  const answer = { sequence: inputs.sequence, effectiveAt: inputs.effectiveAt, report };
  const same = inputs.sequence !== null && inputs.sequence === read.sequence;
  return {
    answer,
    entry: same ? { inputs, accountFacilities, exposure, report } : null,
  };
}

/**
 * The report at `point` from `base` (same shape, an earlier sequence), or null when it cannot
 * be brought forward: a risk input recorded in between, a range the balances change log does
 * not cover, more than MAX_UPDATE_ACCOUNTS moved accounts, or a read that is not at the point.
 * Only the facilities with a moved account are computed again, from all their accounts'
 * balances at the point; the large-exposure table assesses only their groups again.
 */
async function broughtForward(
  client: Queryable,
  query: ExposureQuery,
  at: BalanceAt,
  base: CachedReport,
  point: CachePoint,
): Promise<CachedReport | null> {
  const range = { afterSequence: base.sequence, throughSequence: point.sequence };
  const [inputsMoved, moved] = await Promise.all([
    riskInputsRecordedBetween(client, {
      ledgerId: query.ledgerId,
      version: query.versions.riskInputs,
      ...range,
    }),
    accountsChangedBetween(client, {
      ledgerId: query.ledgerId,
      version: query.versions.balances,
      ...range,
      maxAccounts: MAX_UPDATE_ACCOUNTS,
    }),
  ]);
  if (inputsMoved || moved === null) return null;
  const inputs: RiskInputsAnswer = { ...base.inputs, sequence: point.sequence };
  const forward = { ...base, sequence: point.sequence, inputs };
  const facilityIds = new Set<string>();
  for (const accountId of moved) {
    for (const id of base.accountFacilities.get(accountId) ?? []) facilityIds.add(id);
  }
  if (facilityIds.size === 0) return forward;
  const accountIds = new Set<string>();
  for (const id of facilityIds) {
    const facility = inputs.facilities.get(id);
    for (const accountId of facility?.drawnAccounts ?? []) accountIds.add(accountId);
    for (const accountId of facility?.interestAccounts ?? []) accountIds.add(accountId);
  }
  const read = await facilityAccountBalancesAt(client, {
    ledgerId: query.ledgerId,
    at,
    version: query.versions.balances,
    accountIds,
  });
  if (read.sequence !== point.sequence) return null;
  const exposureInputs = inputsOf(query, inputs, balancesById(read.accounts));
  const exposure = updateExposure(exposureInputs, base.exposure, facilityIds);
  const report = exposureReportOf(exposureInputs, exposure, query.options, {
    previous: base.report,
    facilityIds,
  });
  return { ...forward, exposure, report };
}
