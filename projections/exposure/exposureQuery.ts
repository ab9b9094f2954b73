// The exposure report as of a point, from the read models: the risk inputs in force (the
// risk_inputs model) and the facility accounts' balances (the balances model), read at ONE
// ledger sequence so that the two agree, then the pure calculation (exposureMathReport.ts).
// "Latest" and "effective now" are pinned to the lower of the two models' heads; a point the
// caller names explicitly (a sequence, a recorded time, knownAt) is used as given.
import type { Queryable } from "../balances/balanceQueries.js";
import { accountBalancesAt, type BalanceAt } from "../balances/balanceQueries.js";
import { computeExposureReport, type ExposureReport } from "./exposureMathReport.js";
import type { LargeExposureOptions } from "./largeExposures.js";
import { riskInputsAt } from "./riskInputsQueries.js";

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

export async function exposureReportAt(
  client: Queryable,
  query: ExposureQuery,
): Promise<ExposureAnswer> {
  const at = pinnedPoint(query.at, query.commonSequence);
  const inputs = await riskInputsAt(client, {
    ledgerId: query.ledgerId,
    at,
    version: query.versions.riskInputs,
  });
  const accountIds = new Set<string>();
  for (const facility of inputs.facilities.values()) {
    for (const accountId of [...facility.drawnAccounts, ...facility.interestAccounts]) {
      accountIds.add(accountId);
    }
  }
  const balances = await accountBalancesAt(client, {
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
  return { sequence: inputs.sequence, effectiveAt: inputs.effectiveAt, report };
}
