// The audit read model: one append-only row per journal event (its chain links included) and
// one row per journal line, for auditors' own SQL. Triggers refuse UPDATE, DELETE and
// TRUNCATE on both tables, and apply() re-checks every event's hash link before it inserts,
// so a stream that does not chain stops the projection (a poison event) instead of landing.
// Rows go in with COPY (copyRows.ts). Layout 2 (docs/read-models.md): no regular-expression
// CHECKs on the hashes (apply() recomputes every hash before it inserts; the checks took a
// third of an event row's insert), no foreign key from lines to events (both are written by
// the same statement pair of the same transaction), no lines index by entry (join the events'
// entry index on (ledger_id, sequence)), `data` as json (its text as recorded; parsing it into
// jsonb cost 6 µs per event), a BRIN index on recorded_at instead of btrees by time and by
// actor (5 µs per event each), and the effective time of a hold's resolution on its row and
// lines by ledger-core's rule (never before the hold).
import type { PoolClient } from "pg";
import {
  checkChainLink,
  effectiveMsOf,
  genesisChainHead,
  resolvesHold,
  type ChainBreak,
  type ChainHead,
} from "../../ledger-core/index.js";
import type { JournalEvent, RecordedPosting } from "../../schemas/index.js";
import { COPY_NULL, copyLines, copyText } from "../copyRows.js";
import {
  dropTables,
  ledgerKey,
  versionedTable,
  type Projection,
  type ProjectedEvent,
} from "../projection.js";

export const AUDIT_PROJECTION_NAME = "audit";
/** The shape of the audit tables this code builds (docs/projections.md, "Layouts"). */
export const AUDIT_LAYOUT = 2;
/** The version readers use unless they ask for another one. */
export const DEFAULT_AUDIT_VERSION = 1;

export interface AuditTables {
  readonly events: string;
  readonly lines: string;
  readonly refuseChange: string;
}

/** The table (and trigger function) names of one audit version: audit_events_v1, ... */
export function auditTables(version: number = DEFAULT_AUDIT_VERSION): AuditTables {
  return {
    events: versionedTable("audit_events", version),
    lines: versionedTable("audit_journal_lines", version),
    refuseChange: versionedTable("audit_refuse_change", version),
  };
}

/** A batch whose events do not chain onto the audited trail: the projection must stop. */
export class AuditChainError extends Error {
  readonly code = "audit_chain_broken";
  constructor(
    readonly ledgerId: string,
    readonly sequence: number,
    readonly reason: ChainBreak,
    detail: string,
  ) {
    super(`audit: ledger ${ledgerId} breaks its chain at sequence ${sequence}: ${detail}`);
    this.name = "AuditChainError";
  }
}

function setupSql(tables: AuditTables): string {
  const { events, lines, refuseChange } = tables;
  return `
CREATE TABLE IF NOT EXISTS ${events} (
  ledger_id        text NOT NULL,
  sequence         bigint NOT NULL CHECK (sequence >= 0),
  event_type       text NOT NULL,
  schema_version   integer NOT NULL CHECK (schema_version >= 1),
  entry_id         text,
  reversal_of      text,
  actor            text NOT NULL,
  correlation_id   text NOT NULL,
  causation_id     text,
  recorded_at      timestamptz NOT NULL,
  recorded_at_text text NOT NULL,
  effective_at     timestamptz,
  prev_hash        text NOT NULL,
  hash             text NOT NULL,
  data             json NOT NULL,
  PRIMARY KEY (ledger_id, sequence)
);
CREATE INDEX IF NOT EXISTS ${events}_entry_idx ON ${events} (ledger_id, entry_id, sequence)
  WHERE entry_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ${events}_reversal_idx ON ${events} (ledger_id, reversal_of)
  WHERE reversal_of IS NOT NULL;
CREATE INDEX IF NOT EXISTS ${events}_recorded_brin ON ${events} USING brin (recorded_at);

CREATE TABLE IF NOT EXISTS ${lines} (
  ledger_id    text NOT NULL,
  sequence     bigint NOT NULL,
  line_no      integer NOT NULL CHECK (line_no >= 1),
  entry_id     text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('posted', 'pending')),
  account_id   text NOT NULL,
  side         text NOT NULL CHECK (side IN ('debit', 'credit')),
  amount       numeric(38,0) NOT NULL CHECK (amount >= 0),
  currency     text NOT NULL,
  effective_at timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL,
  PRIMARY KEY (ledger_id, sequence, line_no)
);
CREATE INDEX IF NOT EXISTS ${lines}_account_effective_idx
  ON ${lines} (ledger_id, account_id, effective_at, sequence);
CREATE INDEX IF NOT EXISTS ${lines}_account_sequence_idx
  ON ${lines} (ledger_id, account_id, sequence);

CREATE OR REPLACE FUNCTION ${refuseChange}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit rows are immutable: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE OR REPLACE TRIGGER ${events}_immutable_rows BEFORE UPDATE OR DELETE ON ${events}
  FOR EACH ROW EXECUTE FUNCTION ${refuseChange}();
CREATE OR REPLACE TRIGGER ${events}_immutable_table BEFORE UPDATE OR DELETE OR TRUNCATE
  ON ${events} FOR EACH STATEMENT EXECUTE FUNCTION ${refuseChange}();
CREATE OR REPLACE TRIGGER ${lines}_immutable_rows BEFORE UPDATE OR DELETE ON ${lines}
  FOR EACH ROW EXECUTE FUNCTION ${refuseChange}();
CREATE OR REPLACE TRIGGER ${lines}_immutable_table BEFORE UPDATE OR DELETE OR TRUNCATE
  ON ${lines} FOR EACH STATEMENT EXECUTE FUNCTION ${refuseChange}();
`;
}

const EVENT_COLUMNS = [
  "ledger_id",
  "sequence",
  "event_type",
  "schema_version",
  "entry_id",
  "reversal_of",
  "actor",
  "correlation_id",
  "causation_id",
  "recorded_at",
  "recorded_at_text",
  "effective_at",
  "prev_hash",
  "hash",
  "data",
];

const LINE_COLUMNS = [
  "ledger_id",
  "sequence",
  "line_no",
  "entry_id",
  "kind",
  "account_id",
  "side",
  "amount",
  "currency",
  "effective_at",
  "recorded_at",
];

/** The entry an event is about: its entryId, or the pendingId of a hold's later events. */
export function entryIdOf(event: JournalEvent): string | null {
  switch (event.type) {
    case "EntryPosted":
    case "EntryPended":
    case "EntryRejected":
      return event.data.entryId;
    case "PendingPosted":
    case "PendingVoided":
    case "PendingExpired":
      return event.data.pendingId;
    default:
      return null;
  }
}

const textOrNull = (value: string | null): string => (value === null ? COPY_NULL : copyText(value));

/** The event's row of the events table, as a COPY line. */
function eventLine(ledgerId: string, event: JournalEvent, effectiveAt: string | null): string {
  const m = event.metadata;
  const reversalOf = event.type === "EntryPosted" ? event.data.reversalOf : null;
  return `${[
    copyText(ledgerId),
    String(m.sequence),
    event.type,
    String(event.version),
    textOrNull(entryIdOf(event)),
    textOrNull(reversalOf),
    copyText(m.actor),
    copyText(m.correlationId),
    textOrNull(m.causationId),
    copyText(m.recordedAt),
    copyText(m.recordedAt),
    textOrNull(effectiveAt),
    m.prevHash,
    m.hash,
    copyText(JSON.stringify(event.data)),
  ].join("\t")}\n`;
}

/** The event's journal lines (posted, or pending for a hold), as COPY lines. */
function lineLines(ledgerId: string, event: JournalEvent, effectiveAt: string): string[] {
  let postings: readonly RecordedPosting[];
  let entryId: string;
  let kind: "posted" | "pending";
  switch (event.type) {
    case "EntryPosted":
      [postings, entryId, kind] = [event.data.postings, event.data.entryId, "posted"];
      break;
    case "EntryPended":
      [postings, entryId, kind] = [event.data.postings, event.data.entryId, "pending"];
      break;
    case "PendingPosted":
      [postings, entryId, kind] = [event.data.postings, event.data.pendingId, "posted"];
      break;
    default:
      return [];
  }
  const prefix = `${copyText(ledgerId)}\t${event.metadata.sequence}`;
  const suffix = `${copyText(effectiveAt)}\t${copyText(event.metadata.recordedAt)}\n`;
  return postings.map(
    (p, index) =>
      `${prefix}\t${index + 1}\t${copyText(entryId)}\t${kind}\t${copyText(p.accountId)}\t${p.side}\t${p.amount}\t${p.currency}\t${suffix}`,
  );
}

/** The audited head of each ledger: one indexed read per ledger of the batch. */
async function headsOf(
  client: PoolClient,
  table: string,
  ledgerIds: readonly string[],
): Promise<Map<string, ChainHead>> {
  const { rows } = await client.query<{ ledger_id: string; sequence: string; hash: string }>(
    `SELECT l.ledger_id, h.sequence::text AS sequence, h.hash
       FROM unnest($1::text[]) AS l(ledger_id)
       JOIN LATERAL (SELECT a.sequence, a.hash FROM ${table} a
                      WHERE a.ledger_id = l.ledger_id
                      ORDER BY a.sequence DESC LIMIT 1) h ON true`,
    [ledgerIds],
  );
  const heads = new Map<string, ChainHead>();
  for (const row of rows) {
    heads.set(row.ledger_id, { nextSequence: Number(row.sequence) + 1, lastHash: row.hash });
  }
  return heads;
}

/**
 * The effective time of each hold resolved in the batch whose hold was pended in an earlier
 * one: one indexed read of the holds' EntryPended rows.
 */
async function holdTimesOf(
  client: PoolClient,
  table: string,
  events: readonly ProjectedEvent[],
): Promise<Map<string, number>> {
  const pended = new Set<string>();
  const wanted: { ledgerId: string; pendingId: string }[] = [];
  for (const { ledgerId, event } of events) {
    if (event.type === "EntryPended") pended.add(ledgerKey(ledgerId, event.data.entryId));
    if (resolvesHold(event) && !pended.has(ledgerKey(ledgerId, event.data.pendingId))) {
      wanted.push({ ledgerId, pendingId: event.data.pendingId });
    }
  }
  const times = new Map<string, number>();
  if (wanted.length === 0) return times;
  const { rows } = await client.query<{ ledger_id: string; entry_id: string; effective_at: Date }>(
    `SELECT a.ledger_id, a.entry_id, a.effective_at
       FROM unnest($1::text[], $2::text[]) AS k(ledger_id, entry_id)
       JOIN ${table} a ON a.ledger_id = k.ledger_id AND a.entry_id = k.entry_id
      WHERE a.event_type = 'EntryPended'`,
    [wanted.map((w) => w.ledgerId), wanted.map((w) => w.pendingId)],
  );
  for (const row of rows)
    times.set(ledgerKey(row.ledger_id, row.entry_id), row.effective_at.getTime());
  return times;
}

export function auditProjection(version = DEFAULT_AUDIT_VERSION): Projection {
  const tables = auditTables(version);
  return {
    name: AUDIT_PROJECTION_NAME,
    version,
    layout: AUDIT_LAYOUT,
    async drop(client: PoolClient): Promise<void> {
      await dropTables(client, [tables.lines, tables.events]);
      await client.query(`DROP FUNCTION IF EXISTS ${tables.refuseChange}()`);
    },
    async setup(client: PoolClient): Promise<void> {
      await client.query(setupSql(tables));
    },
    async apply(client: PoolClient, events: readonly ProjectedEvent[]): Promise<void> {
      if (events.length === 0) return;
      const ledgerIds = [...new Set(events.map((projected) => projected.ledgerId))];
      const heads = await headsOf(client, tables.events, ledgerIds);
      const holdTimes = await holdTimesOf(client, tables.events, events);
      const eventRows: string[] = [];
      const lineRows: string[] = [];
      for (const { ledgerId, event } of events) {
        const check = checkChainLink(heads.get(ledgerId) ?? genesisChainHead, event);
        if (!check.ok) {
          throw new AuditChainError(ledgerId, check.sequence, check.reason, check.message);
        }
        heads.set(ledgerId, check.head);
        const effectiveAt = effectiveAtOf(ledgerId, event, holdTimes);
        eventRows.push(eventLine(ledgerId, event, effectiveAt));
        if (effectiveAt !== null) lineRows.push(...lineLines(ledgerId, event, effectiveAt));
      }
      await copyLines(client, tables.events, EVENT_COLUMNS, eventRows);
      if (lineRows.length > 0) await copyLines(client, tables.lines, LINE_COLUMNS, lineRows);
    },
  };
}

/**
 * The event's effective time (ledger-core's rule), or null for events that move no balance.
 * A hold pended in this batch records its time in `holdTimes` for its resolution.
 */
function effectiveAtOf(
  ledgerId: string,
  event: JournalEvent,
  holdTimes: Map<string, number>,
): string | null {
  switch (event.type) {
    case "EntryPosted":
      return event.data.effectiveAt;
    case "EntryPended":
      holdTimes.set(ledgerKey(ledgerId, event.data.entryId), effectiveMsOf(event));
      return event.data.effectiveAt;
    case "PendingPosted":
    case "PendingVoided":
    case "PendingExpired": {
      const holdMs = holdTimes.get(ledgerKey(ledgerId, event.data.pendingId));
      if (holdMs === undefined) {
        throw new Error(`audit: ledger ${ledgerId} resolves unknown hold ${event.data.pendingId}`);
      }
      const ms = effectiveMsOf(event, holdMs);
      // An unchanged effective time keeps the text exactly as recorded.
      return event.type === "PendingPosted" && Date.parse(event.data.effectiveAt) === ms
        ? event.data.effectiveAt
        : new Date(ms).toISOString();
    }
    default:
      return null;
  }
}
