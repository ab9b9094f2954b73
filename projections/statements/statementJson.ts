// The JSON form of an account statement (`GET .../statement?format=json` and `folio export
// camt053 --format json`): the period, the sequence it is consistent at, the opening and
// closing balances (counters, posted and available balances signed on the account's normal
// side) and every line with its running balances, amounts as decimal strings at the asset's
// scale. Pure: one view for the route and the CLI.
import { availableOf, balanceOf, type LedgerInfo } from "../../ledger-core/index.js";
import { formatAmount } from "../../schemas/index.js";
import type { StatementLine } from "./statementLines.js";
import type { StatementBasis, StatementSnapshot } from "./statementQueries.js";

export interface StatementPeriod {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly basis: StatementBasis;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface StatementBalancesJson {
  readonly postedDebits: string;
  readonly postedCredits: string;
  /** Positive on the account's normal side. */
  readonly posted: string;
  readonly pendingDebits: string;
  readonly pendingCredits: string;
  readonly available: string;
}

export interface StatementLineJson {
  readonly sequence: number;
  readonly entryId: string;
  readonly kind: StatementLine["kind"];
  readonly effect: StatementLine["effect"];
  readonly effectiveAt: string;
  readonly recordedAt: string;
  readonly description: string;
  readonly side: StatementLine["side"];
  readonly amount: string;
  readonly postedBalance: string;
  readonly availableBalance: string;
}

export interface StatementJson {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly currency: string;
  readonly basis: StatementBasis;
  readonly from: string;
  readonly to: string;
  readonly sequence: number;
  readonly opening: StatementBalancesJson;
  readonly closing: StatementBalancesJson;
  readonly lines: StatementLineJson[];
}

/** The JSON statement of one snapshot and its lines. */
export function statementJson(
  ledger: LedgerInfo,
  period: StatementPeriod,
  snapshot: StatementSnapshot,
  lines: readonly StatementLine[],
): StatementJson {
  const money = (minor: bigint): string =>
    formatAmount(minor, ledger.assets.get(snapshot.currency) ?? 0);
  const balances = (counters: StatementSnapshot["opening"]): StatementBalancesJson => ({
    postedDebits: money(counters.postedDebits),
    postedCredits: money(counters.postedCredits),
    posted: money(balanceOf(snapshot.accountType, counters)),
    pendingDebits: money(counters.pendingDebits),
    pendingCredits: money(counters.pendingCredits),
    available: money(availableOf(snapshot.accountType, counters)),
  });
  return {
    ledgerId: period.ledgerId,
    accountId: period.accountId,
    currency: snapshot.currency,
    basis: period.basis,
    from: new Date(period.fromMs).toISOString(),
    to: new Date(period.toMs).toISOString(),
    sequence: snapshot.sequence,
    opening: balances(snapshot.opening),
    closing: balances(snapshot.closing),
    lines: lines.map((line) => ({
      sequence: line.sequence,
      entryId: line.entryId,
      kind: line.kind,
      effect: line.effect,
      effectiveAt: new Date(line.effectiveMs).toISOString(),
      recordedAt: line.recordedAt,
      description: line.description,
      side: line.side,
      amount: money(line.amount),
      postedBalance: money(line.postedBalance),
      availableBalance: money(line.availableBalance),
    })),
  };
}
