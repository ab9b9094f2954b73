// What a camt.053 document of an account statement says, pure: the statement snapshot and its
// lines (statementQueries.ts, statementLines.ts) mapped to the input of the connectors'
// camt.053.001.08 export (connectors/iso20022 `exportCamt053`), and the export's options. The
// route (`GET .../statement?format=camt053`, api/routes/statementCamt053.ts) and the CLI
// (`folio export camt053`, replay-tools/exportCamt053Command.ts) both build their document
// from this, so the two are the same document but for the creation time. projections/ does not
// import connectors/ (docs/architecture.md): the shape below is the export's `AccountStatement`
// and `ExportOptions`, structurally; the callers hand it to `exportCamt053`.
//
// Only posted movements are booked entries (holds and their releases move no booked balance);
// balances are signed for the account holder, credit positive (postedCredits − postedDebits).
// The account's IBAN, when its metadata has `iban`, identifies it; otherwise its id does.
import type { Counters, LedgerInfo } from "../../ledger-core/index.js";
import { formatAmount } from "../../schemas/index.js";
import type { StatementLine } from "./statementLines.js";
import type { StatementSnapshot } from "./statementQueries.js";

export interface Camt053Period {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** One booked entry (the export's `StatementLine`). */
export interface Camt053Line {
  readonly sequence: number;
  readonly entryId: string;
  readonly effectiveAt: string;
  readonly recordedAt: string;
  readonly description?: string;
  readonly side: "debit" | "credit";
  readonly amount: string;
}

/** The export's input (`AccountStatement`) and options (`ExportOptions`). */
export interface Camt053Input {
  readonly statement: {
    readonly ledgerId: string;
    readonly accountId: string;
    readonly accountIban?: string;
    readonly currency: string;
    readonly from: string;
    readonly to: string;
    readonly opening: { readonly posted: string };
    readonly closing: { readonly posted: string };
    readonly lines: readonly Camt053Line[];
  };
  readonly options: { readonly createdAt: string; readonly electronicSequence: bigint };
}

/** The camt.053 export's input for one statement; `nowMs` is the creation time it states. */
export function camt053Input(
  ledger: LedgerInfo,
  period: Camt053Period,
  account: { readonly iban: string | undefined },
  snapshot: StatementSnapshot,
  lines: readonly StatementLine[],
  nowMs: number,
): Camt053Input {
  const scale = ledger.assets.get(snapshot.currency) ?? 0;
  const money = (minor: bigint): string => formatAmount(minor, scale);
  const credit = (counters: Counters): string =>
    money(counters.postedCredits - counters.postedDebits);
  return {
    statement: {
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
    },
    options: {
      createdAt: new Date(nowMs).toISOString(),
      electronicSequence: BigInt(snapshot.sequence + 1),
    },
  };
}
