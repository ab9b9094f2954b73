// The camt.053 rendering of an account statement (`GET .../statement?format=camt053`): the
// same snapshot as the JSON answer, written as an ISO 20022 camt.053.001.08 document by the
// connectors' export (connectors/iso20022). Only posted movements are booked entries (holds and
// their releases move no booked balance); balances are signed for the account holder, credit
// positive (postedCredits − postedDebits). The account's IBAN, when its metadata has `iban`,
// identifies it; otherwise its id does. A statement the export refuses is a server fault.
import type { LedgerInfo } from "../../ledger-core/index.js";
import { exportCamt053, type AccountStatement } from "../../connectors/iso20022/index.js";
import type { StatementLine, StatementSnapshot } from "../../projections/index.js";
import { moneyOf } from "./amounts.js";

export const CAMT053_CONTENT_TYPE = "application/xml; charset=utf-8";

export interface Camt053Period {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** The camt.053 document of one statement; `nowMs` is the creation time it states. */
export function camt053Statement(
  ledger: LedgerInfo,
  period: Camt053Period,
  account: { readonly iban: string | undefined },
  snapshot: StatementSnapshot,
  lines: readonly StatementLine[],
  nowMs: number,
): string {
  const money = (minor: bigint): string => moneyOf(ledger, snapshot.currency, minor);
  const credit = (counters: StatementSnapshot["opening"]): string =>
    money(counters.postedCredits - counters.postedDebits);
  const statement: AccountStatement = {
    ledgerId: period.ledgerId,
    accountId: period.accountId,
    ...(account.iban === undefined ? {} : { accountIban: account.iban }),
    currency: snapshot.currency,
    from: new Date(period.fromMs).toISOString(),
    to: new Date(period.toMs).toISOString(),
    opening: { posted: credit(snapshot.opening) },
    closing: { posted: credit(snapshot.closing) },
    lines: lines
      .filter((line) => line.effect === "posted")
      .map((line) => ({
        sequence: line.sequence,
        entryId: line.entryId,
        effectiveAt: new Date(line.effectiveMs).toISOString(),
        recordedAt: line.recordedAt,
        ...(line.description === "" ? {} : { description: line.description }),
        side: line.side,
        amount: money(line.amount),
      })),
  };
  const exported = exportCamt053(statement, {
    createdAt: new Date(nowMs).toISOString(),
    electronicSequence: BigInt(snapshot.sequence + 1),
  });
  if (!exported.ok) {
    const first = exported.errors[0];
    throw new Error(`camt.053 export refused: ${first?.path ?? ""} ${first?.reason ?? ""}`);
  }
  return exported.value;
}
