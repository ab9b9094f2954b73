// An account's journal lines from the audit read model's lines table, in recorded order, one
// bounded page after a (sequence, line) cursor, optionally within an effective-time window.
import { auditTables, DEFAULT_AUDIT_VERSION } from "./auditProjection.js";
import type { AuditQueryable } from "./auditQueries.js";

/** The most journal lines one accountLines call returns. */
export const MAX_ACCOUNT_LINES_PAGE = 500;

export interface AccountLine {
  readonly sequence: number;
  readonly lineNo: number;
  readonly entryId: string;
  readonly kind: "posted" | "pending";
  readonly side: "debit" | "credit";
  /** Minor units. */
  readonly amount: bigint;
  readonly currency: string;
  readonly effectiveAt: string;
  readonly recordedAt: string;
}

export interface AccountLinesQuery {
  readonly ledgerId: string;
  readonly accountId: string;
  /** Cursor: lines strictly after this (sequence, line) pair, in recorded order. */
  readonly after?: { readonly sequence: number; readonly lineNo: number };
  /** Only lines effective in [effectiveFrom, effectiveTo). */
  readonly effectiveFrom?: string;
  readonly effectiveTo?: string;
  readonly limit: number;
  readonly version?: number;
}

/** An account's journal lines in recorded order, one bounded page after a cursor. */
export async function accountLines(
  client: AuditQueryable,
  query: AccountLinesQuery,
): Promise<AccountLine[]> {
  const { lines } = auditTables(query.version ?? DEFAULT_AUDIT_VERSION);
  const limit = Math.min(Math.max(1, query.limit), MAX_ACCOUNT_LINES_PAGE);
  const { rows } = await client.query<{
    sequence: string;
    line_no: number;
    entry_id: string;
    kind: "posted" | "pending";
    side: "debit" | "credit";
    amount: string;
    currency: string;
    effective_at: Date;
    recorded_at: Date;
  }>(
    `SELECT sequence::text AS sequence, line_no, entry_id, kind, side, amount::text AS amount,
            currency, effective_at, recorded_at
       FROM ${lines} AS line
      WHERE line.ledger_id = $1 AND line.account_id = $2
        AND (line.sequence, line.line_no) > ($3::bigint, $4::integer)
        AND ($5::timestamptz IS NULL OR line.effective_at >= $5)
        AND ($6::timestamptz IS NULL OR line.effective_at < $6)
      ORDER BY line.sequence, line.line_no
      LIMIT $7`,
    [
      query.ledgerId,
      query.accountId,
      query.after?.sequence ?? -1,
      query.after?.lineNo ?? 0,
      query.effectiveFrom ?? null,
      query.effectiveTo ?? null,
      limit,
    ],
  );
  return rows.map((row) => ({
    sequence: Number(row.sequence),
    lineNo: row.line_no,
    entryId: row.entry_id,
    kind: row.kind,
    side: row.side,
    amount: BigInt(row.amount),
    currency: row.currency,
    effectiveAt: row.effective_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
  }));
}
