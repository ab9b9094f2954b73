// The camt.053 rendering of an account statement (`GET .../statement?format=camt053`): the
// same snapshot as the JSON answer, written as an ISO 20022 camt.053.001.08 document by the
// connectors' export (connectors/iso20022). What the document says (booked entries, signed
// balances, the account's IBAN or id) is projections/statements/statementCamt053.ts, shared
// with `folio export camt053`. A statement the export refuses is a server fault.
import type { LedgerInfo } from "../../ledger-core/index.js";
import { exportCamt053 } from "../../connectors/iso20022/index.js";
import type { StatementLine, StatementSnapshot } from "../../projections/index.js";
import { camt053Input, type Camt053Period } from "../../projections/index.js";

export type { Camt053Period };

export const CAMT053_CONTENT_TYPE = "application/xml; charset=utf-8";

/** The camt.053 document of one statement; `nowMs` is the creation time it states. */
export function camt053Statement(
  ledger: LedgerInfo,
  period: Camt053Period,
  account: { readonly iban: string | undefined },
  snapshot: StatementSnapshot,
  lines: readonly StatementLine[],
  nowMs: number,
): string {
  const { statement, options } = camt053Input(ledger, period, account, snapshot, lines, nowMs);
  const exported = exportCamt053(statement, options);
  if (!exported.ok) {
    const first = exported.errors[0];
    throw new Error(`camt.053 export refused: ${first?.path ?? ""} ${first?.reason ?? ""}`);
  }
  return exported.value;
}
