// Reads of the audit read model: bounded pages of audited events in sequence order, the
// digest (sequence and hash of the last audited event) an auditor writes down, and a
// re-verification of the audit rows themselves: every row is rebuilt as an event and its hash
// recomputed, page by page, from genesis or from a trusted (sequence, hash) pair.
import type { ClientBase, Pool } from "pg";
import {
  checkChainLink,
  genesisChainHead,
  type ChainCheck,
  type ChainedEvent,
  type ChainHead,
  type JsonValue,
} from "../../ledger-core/index.js";
import { auditTables, DEFAULT_AUDIT_VERSION } from "./auditProjection.js";
import { assertTrustedPoint, checkTrustedEvent, type TrustedPoint } from "./verifyStore.js";

/** The most rows one auditPage call returns. */
export const MAX_AUDIT_PAGE = 1_000;
/** Rows read per statement while verifying the audit trail. */
export const AUDIT_VERIFY_PAGE_ROWS = 1_000;

/** A pool or a checked-out client: anything that runs a query. */
export type AuditQueryable = Pool | ClientBase;

/** One audited event: the stored event's fields, and its chain links. */
export interface AuditEventRow {
  readonly ledgerId: string;
  readonly sequence: number;
  readonly type: string;
  readonly schemaVersion: number;
  /** The entry the event is about (entryId, or pendingId for a hold's later events). */
  readonly entryId: string | null;
  readonly reversalOf: string | null;
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** recordedAt exactly as hashed. */
  readonly recordedAt: string;
  readonly effectiveAt: string | null;
  readonly prevHash: string;
  readonly hash: string;
  readonly data: JsonValue;
}

export interface AuditPageQuery {
  readonly ledgerId: string;
  /** Inclusive. */
  readonly fromSequence: number;
  /** 1..MAX_AUDIT_PAGE; larger asks are capped. */
  readonly limit: number;
  readonly version?: number;
}

export interface AuditDigest {
  readonly sequence: number;
  readonly hash: string;
}

export interface VerifyAuditTrailQuery {
  readonly ledgerId: string;
  readonly from?: TrustedPoint;
  readonly version?: number;
}

interface EventRowSql {
  ledger_id: string;
  sequence: string;
  event_type: string;
  schema_version: number;
  entry_id: string | null;
  reversal_of: string | null;
  actor: string;
  correlation_id: string;
  causation_id: string | null;
  recorded_at_text: string;
  effective_at: Date | null;
  prev_hash: string;
  hash: string;
  data: JsonValue;
}

// sequence travels as text (int8), so ORDER BY names the table's column, not the text alias.
const ROW_COLUMNS = `ledger_id, sequence::text AS sequence, event_type, schema_version, entry_id,
  reversal_of, actor, correlation_id, causation_id, recorded_at_text, effective_at, prev_hash,
  hash, data`;

function toRow(row: EventRowSql): AuditEventRow {
  return {
    ledgerId: row.ledger_id,
    sequence: Number(row.sequence),
    type: row.event_type,
    schemaVersion: row.schema_version,
    entryId: row.entry_id,
    reversalOf: row.reversal_of,
    actor: row.actor,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    recordedAt: row.recorded_at_text,
    effectiveAt: row.effective_at === null ? null : row.effective_at.toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
    data: row.data,
  };
}

/** An audit row as the event it records, for the hash-chain checks. */
export function auditRowAsEvent(row: AuditEventRow): ChainedEvent {
  return {
    type: row.type,
    version: row.schemaVersion,
    data: row.data,
    metadata: {
      sequence: row.sequence,
      recordedAt: row.recordedAt,
      actor: row.actor,
      correlationId: row.correlationId,
      causationId: row.causationId,
      prevHash: row.prevHash,
      hash: row.hash,
    },
  };
}

function assertSequence(sequence: number, what: string): void {
  if (!Number.isSafeInteger(sequence) || sequence < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${sequence}`);
  }
}

async function readRows(
  client: AuditQueryable,
  version: number,
  ledgerId: string,
  fromSequence: number,
  limit: number,
  toSequence: number | null = null,
): Promise<AuditEventRow[]> {
  const { events } = auditTables(version);
  const { rows } = await client.query<EventRowSql>(
    `SELECT ${ROW_COLUMNS} FROM ${events}
      WHERE ledger_id = $1 AND sequence >= $2 AND ($3::bigint IS NULL OR sequence <= $3)
      ORDER BY ${events}.sequence LIMIT $4`,
    [ledgerId, fromSequence, toSequence, limit],
  );
  return rows.map(toRow);
}

/** Audited events of a ledger from `fromSequence` on, in sequence order, at most `limit`. */
export async function auditPage(
  client: AuditQueryable,
  query: AuditPageQuery,
): Promise<AuditEventRow[]> {
  assertSequence(query.fromSequence, "fromSequence");
  if (!Number.isInteger(query.limit) || query.limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${query.limit}`);
  }
  const limit = Math.min(query.limit, MAX_AUDIT_PAGE);
  return readRows(
    client,
    query.version ?? DEFAULT_AUDIT_VERSION,
    query.ledgerId,
    query.fromSequence,
    limit,
  );
}

/** The (sequence, hash) of the last audited event of a ledger; null before its first. */
export async function digest(
  client: AuditQueryable,
  ledgerId: string,
  version: number = DEFAULT_AUDIT_VERSION,
): Promise<AuditDigest | null> {
  const { events } = auditTables(version);
  const { rows } = await client.query<{ sequence: string; hash: string }>(
    `SELECT sequence::text AS sequence, hash FROM ${events}
      WHERE ledger_id = $1 ORDER BY ${events}.sequence DESC LIMIT 1`,
    [ledgerId],
  );
  const row = rows[0];
  return row === undefined ? null : { sequence: Number(row.sequence), hash: row.hash };
}

/**
 * Recomputes the chain over the audit rows (up to the last row when the call starts), from
 * genesis or from a trusted pair, and returns { ok, head } or the first break.
 */
export async function verifyAuditTrail(
  client: AuditQueryable,
  query: VerifyAuditTrailQuery,
): Promise<ChainCheck> {
  const version = query.version ?? DEFAULT_AUDIT_VERSION;
  const tip = await digest(client, query.ledgerId, version);
  let head: ChainHead = genesisChainHead;
  if (query.from !== undefined) {
    const from = query.from;
    assertTrustedPoint(from);
    const [trusted] = await readRows(client, version, query.ledgerId, from.sequence, 1);
    if (trusted?.sequence !== from.sequence) {
      return {
        ok: false,
        sequence: from.sequence,
        reason: "sequence_gap",
        message: `the audit trail holds no row at trusted sequence ${from.sequence}`,
      };
    }
    const check = checkTrustedEvent(from, auditRowAsEvent(trusted));
    if (!check.ok) return check;
    head = check.head;
  }
  if (tip === null) return { ok: true, head };
  while (head.nextSequence <= tip.sequence) {
    const rows = await readRows(
      client,
      version,
      query.ledgerId,
      head.nextSequence,
      AUDIT_VERIFY_PAGE_ROWS,
      tip.sequence,
    );
    if (rows.length === 0) {
      return {
        ok: false,
        sequence: head.nextSequence,
        reason: "sequence_gap",
        message: `audit rows ${head.nextSequence}..${tip.sequence} are missing`,
      };
    }
    for (const row of rows) {
      const check = checkChainLink(head, auditRowAsEvent(row));
      if (!check.ok) return check;
      head = check.head;
    }
  }
  return { ok: true, head };
}

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
