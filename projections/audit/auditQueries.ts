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

/** Which events a page holds: exact event type and exact actor, each optional. */
export interface AuditFilter {
  readonly type?: string;
  readonly actor?: string;
}

export interface AuditPageQuery extends AuditFilter {
  readonly ledgerId: string;
  /** Inclusive. */
  readonly fromSequence: number;
  /** 1..MAX_AUDIT_PAGE; larger asks are capped. */
  readonly limit: number;
  readonly version?: number;
}

/** A page of matching events either from a sequence on, or just before one. */
export interface AuditWindowQuery extends AuditFilter {
  readonly ledgerId: string;
  /** The first `limit` matching events at or after this sequence... */
  readonly fromSequence?: number;
  /** ...or the last `limit` matching events before this one (exactly one of the two). */
  readonly before?: number;
  /** 1..MAX_AUDIT_PAGE; larger asks are capped. */
  readonly limit: number;
  readonly version?: number;
}

/** A page of matching events in sequence order, with the cursors of its neighbours. */
export interface AuditWindow {
  readonly events: AuditEventRow[];
  /** `fromSequence` of the next page; null when no matching event follows this page. */
  readonly nextFromSequence: number | null;
  /** `before` of the previous page; null when no matching event precedes this page. */
  readonly previousBefore: number | null;
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

/** One side of a sequence: at or after it (forward pages), or before it (backward pages). */
type Side = { readonly from: number } | { readonly before: number };

/**
 * `WHERE` of the matching events on one side of a sequence, its values appended to `values`.
 * Only the filters given are in the SQL, so each plan uses the index of its filter: (ledger_id,
 * event_type, sequence) or (ledger_id, actor, sequence), and the primary key without one.
 */
function matchingSql(ledgerId: string, filter: AuditFilter, side: Side, values: unknown[]): string {
  values.push(ledgerId, "from" in side ? side.from : side.before);
  let sql = `ledger_id = $1 AND sequence ${"from" in side ? ">=" : "<"} $2`;
  if (filter.type !== undefined) {
    values.push(filter.type);
    sql += ` AND event_type = $${values.length}`;
  }
  if (filter.actor !== undefined) {
    values.push(filter.actor);
    sql += ` AND actor = $${values.length}`;
  }
  return sql;
}

/** Matching events on one side of a sequence, nearest first, at most `limit`. */
async function readMatching(
  client: AuditQueryable,
  version: number,
  query: { readonly ledgerId: string } & AuditFilter,
  side: Side,
  limit: number,
): Promise<AuditEventRow[]> {
  const { events } = auditTables(version);
  const values: unknown[] = [];
  const where = matchingSql(query.ledgerId, query, side, values);
  values.push(limit);
  const order = "from" in side ? "ASC" : "DESC";
  const { rows } = await client.query<EventRowSql>(
    `SELECT ${ROW_COLUMNS} FROM ${events} WHERE ${where}
      ORDER BY ${events}.sequence ${order} LIMIT $${values.length}`,
    values,
  );
  return rows.map(toRow);
}

/** Whether any matching event lies on that side of a sequence (one indexed probe). */
async function anyMatching(
  client: AuditQueryable,
  version: number,
  query: { readonly ledgerId: string } & AuditFilter,
  side: Side,
): Promise<boolean> {
  const { events } = auditTables(version);
  const values: unknown[] = [];
  const where = matchingSql(query.ledgerId, query, side, values);
  const { rows } = await client.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${events} WHERE ${where}) AS found`,
    values,
  );
  return rows[0]?.found === true;
}

function pageLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }
  return Math.min(limit, MAX_AUDIT_PAGE);
}

/**
 * Audited events of a ledger from `fromSequence` on, in sequence order, at most `limit`;
 * only those of `type` and `actor` when given.
 */
export async function auditPage(
  client: AuditQueryable,
  query: AuditPageQuery,
): Promise<AuditEventRow[]> {
  assertSequence(query.fromSequence, "fromSequence");
  const limit = pageLimit(query.limit);
  const version = query.version ?? DEFAULT_AUDIT_VERSION;
  return readMatching(client, version, query, { from: query.fromSequence }, limit);
}

/**
 * A page of matching events in sequence order, forward from `fromSequence` or backward from
 * `before`, with the cursors of the pages next to it: one page read of `limit + 1` rows (the
 * extra row says whether the page's own direction goes on) and one EXISTS probe the other way.
 */
export async function auditWindow(
  client: AuditQueryable,
  query: AuditWindowQuery,
): Promise<AuditWindow> {
  const limit = pageLimit(query.limit);
  const version = query.version ?? DEFAULT_AUDIT_VERSION;
  if ((query.fromSequence === undefined) === (query.before === undefined)) {
    throw new RangeError("pass exactly one of fromSequence and before");
  }
  if (query.before !== undefined) {
    assertSequence(query.before, "before");
    const rows = await readMatching(client, version, query, { before: query.before }, limit + 1);
    const events = rows.slice(0, limit).reverse();
    const last = events.at(-1);
    const after = last === undefined ? query.before : last.sequence + 1;
    return {
      events,
      nextFromSequence: (await anyMatching(client, version, query, { from: after })) ? after : null,
      previousBefore: rows.length > limit ? (events[0]?.sequence ?? null) : null,
    };
  }
  const from = query.fromSequence ?? 0;
  assertSequence(from, "fromSequence");
  const rows = await readMatching(client, version, query, { from }, limit + 1);
  const events = rows.slice(0, limit);
  const first = events[0]?.sequence ?? from;
  const last = events.at(-1);
  return {
    events,
    nextFromSequence: rows.length > limit && last !== undefined ? last.sequence + 1 : null,
    previousBefore: (await anyMatching(client, version, query, { before: first })) ? first : null,
  };
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
