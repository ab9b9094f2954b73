// The audit read model: one append-only row per journal event (its chain links included) and
// one row per journal line, for auditors' own SQL. Triggers refuse UPDATE, DELETE and
// TRUNCATE on both tables, and apply() re-checks every event's hash link before it inserts,
// so a stream that does not chain stops the projection (a poison event) instead of landing.
import type { PoolClient } from "pg";
import {
  checkChainLink,
  genesisChainHead,
  type ChainBreak,
  type ChainHead,
} from "../../ledger-core/index.js";
import type { JournalEvent } from "../../schemas/index.js";
import { dropTables, versionedTable, type Projection, type ProjectedEvent } from "../projection.js";

export const AUDIT_PROJECTION_NAME = "audit";
/** The shape of the audit tables this code builds (docs/projections.md, "Layouts"). */
export const AUDIT_LAYOUT = 1;
/** The version readers use unless they ask for another one. */
export const DEFAULT_AUDIT_VERSION = 1;
/** Rows per multi-row INSERT statement (each column travels as one array parameter). */
export const AUDIT_INSERT_CHUNK_ROWS = 1_000;

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
  prev_hash        text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash             text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  data             jsonb NOT NULL,
  PRIMARY KEY (ledger_id, sequence)
);
CREATE INDEX IF NOT EXISTS ${events}_entry_idx ON ${events} (ledger_id, entry_id, sequence)
  WHERE entry_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ${events}_reversal_idx ON ${events} (ledger_id, reversal_of)
  WHERE reversal_of IS NOT NULL;
CREATE INDEX IF NOT EXISTS ${events}_recorded_idx ON ${events} (ledger_id, recorded_at);
CREATE INDEX IF NOT EXISTS ${events}_actor_idx ON ${events} (ledger_id, actor, recorded_at);

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
  PRIMARY KEY (ledger_id, sequence, line_no),
  FOREIGN KEY (ledger_id, sequence) REFERENCES ${events} (ledger_id, sequence)
);
CREATE INDEX IF NOT EXISTS ${lines}_entry_idx ON ${lines} (ledger_id, entry_id, sequence);
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

interface EventColumns {
  ledgerId: string[];
  sequence: number[];
  type: string[];
  version: number[];
  entryId: (string | null)[];
  reversalOf: (string | null)[];
  actor: string[];
  correlationId: string[];
  causationId: (string | null)[];
  recordedAt: string[];
  effectiveAt: (string | null)[];
  prevHash: string[];
  hash: string[];
  data: string[];
}

interface LineColumns {
  ledgerId: string[];
  sequence: number[];
  lineNo: number[];
  entryId: string[];
  kind: ("posted" | "pending")[];
  accountId: string[];
  side: string[];
  amount: string[];
  currency: string[];
  effectiveAt: string[];
  recordedAt: string[];
}

const emptyEventColumns = (): EventColumns => ({
  ledgerId: [],
  sequence: [],
  type: [],
  version: [],
  entryId: [],
  reversalOf: [],
  actor: [],
  correlationId: [],
  causationId: [],
  recordedAt: [],
  effectiveAt: [],
  prevHash: [],
  hash: [],
  data: [],
});

const emptyLineColumns = (): LineColumns => ({
  ledgerId: [],
  sequence: [],
  lineNo: [],
  entryId: [],
  kind: [],
  accountId: [],
  side: [],
  amount: [],
  currency: [],
  effectiveAt: [],
  recordedAt: [],
});

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

function effectiveAtOf(event: JournalEvent): string | null {
  switch (event.type) {
    case "EntryPosted":
    case "EntryPended":
    case "PendingPosted":
      return event.data.effectiveAt;
    default:
      return null;
  }
}

function addLines(columns: LineColumns, ledgerId: string, event: JournalEvent): void {
  if (
    event.type !== "EntryPosted" &&
    event.type !== "EntryPended" &&
    event.type !== "PendingPosted"
  ) {
    return;
  }
  const entryId = event.type === "PendingPosted" ? event.data.pendingId : event.data.entryId;
  const kind = event.type === "EntryPended" ? "pending" : "posted";
  event.data.postings.forEach((posting, index) => {
    columns.ledgerId.push(ledgerId);
    columns.sequence.push(event.metadata.sequence);
    columns.lineNo.push(index + 1);
    columns.entryId.push(entryId);
    columns.kind.push(kind);
    columns.accountId.push(posting.accountId);
    columns.side.push(posting.side);
    columns.amount.push(posting.amount);
    columns.currency.push(posting.currency);
    columns.effectiveAt.push(event.data.effectiveAt);
    columns.recordedAt.push(event.metadata.recordedAt);
  });
}

function addEvent(columns: EventColumns, ledgerId: string, event: JournalEvent): void {
  const { metadata } = event;
  columns.ledgerId.push(ledgerId);
  columns.sequence.push(metadata.sequence);
  columns.type.push(event.type);
  columns.version.push(event.version);
  columns.entryId.push(entryIdOf(event));
  columns.reversalOf.push(event.type === "EntryPosted" ? event.data.reversalOf : null);
  columns.actor.push(metadata.actor);
  columns.correlationId.push(metadata.correlationId);
  columns.causationId.push(metadata.causationId);
  columns.recordedAt.push(metadata.recordedAt);
  columns.effectiveAt.push(effectiveAtOf(event));
  columns.prevHash.push(metadata.prevHash);
  columns.hash.push(metadata.hash);
  columns.data.push(JSON.stringify(event.data));
}

/** The parameters of the events INSERT, in its $1..$14 order. */
const eventParameters = (c: EventColumns): unknown[][] => [
  c.ledgerId,
  c.sequence,
  c.type,
  c.version,
  c.entryId,
  c.reversalOf,
  c.actor,
  c.correlationId,
  c.causationId,
  c.recordedAt,
  c.effectiveAt,
  c.prevHash,
  c.hash,
  c.data,
];

/** The parameters of the lines INSERT, in its $1..$11 order. */
const lineParameters = (c: LineColumns): unknown[][] => [
  c.ledgerId,
  c.sequence,
  c.lineNo,
  c.entryId,
  c.kind,
  c.accountId,
  c.side,
  c.amount,
  c.currency,
  c.effectiveAt,
  c.recordedAt,
];

/** Inserts the rows in statements of at most AUDIT_INSERT_CHUNK_ROWS rows each. */
async function insertChunked(
  client: PoolClient,
  sql: string,
  parameters: readonly unknown[][],
): Promise<void> {
  const rows = parameters[0]?.length ?? 0;
  for (let from = 0; from < rows; from += AUDIT_INSERT_CHUNK_ROWS) {
    const to = Math.min(from + AUDIT_INSERT_CHUNK_ROWS, rows);
    await client.query(
      sql,
      parameters.map((column) => column.slice(from, to)),
    );
  }
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

export function auditProjection(version = DEFAULT_AUDIT_VERSION): Projection {
  const tables = auditTables(version);
  const insertEventsSql = `INSERT INTO ${tables.events} (ledger_id, sequence, event_type,
      schema_version, entry_id, reversal_of, actor, correlation_id, causation_id, recorded_at,
      recorded_at_text, effective_at, prev_hash, hash, data)
    SELECT l, s, t, v, e, r, a, c, k, ra::timestamptz, ra, ea::timestamptz, p, h, d::jsonb
      FROM unnest($1::text[], $2::bigint[], $3::text[], $4::integer[], $5::text[], $6::text[],
                  $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                  $13::text[], $14::text[])
           AS u(l, s, t, v, e, r, a, c, k, ra, ea, p, h, d)`;
  const insertLinesSql = `INSERT INTO ${tables.lines} (ledger_id, sequence, line_no, entry_id,
      kind, account_id, side, amount, currency, effective_at, recorded_at)
    SELECT l, s, n, e, k, a, sd, am, c, ea::timestamptz, ra::timestamptz
      FROM unnest($1::text[], $2::bigint[], $3::integer[], $4::text[], $5::text[], $6::text[],
                  $7::text[], $8::numeric[], $9::text[], $10::text[], $11::text[])
           AS u(l, s, n, e, k, a, sd, am, c, ea, ra)`;

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
      const eventColumns = emptyEventColumns();
      const lineColumns = emptyLineColumns();
      for (const { ledgerId, event } of events) {
        const check = checkChainLink(heads.get(ledgerId) ?? genesisChainHead, event);
        if (!check.ok) {
          throw new AuditChainError(ledgerId, check.sequence, check.reason, check.message);
        }
        heads.set(ledgerId, check.head);
        addEvent(eventColumns, ledgerId, event);
        addLines(lineColumns, ledgerId, event);
      }
      await insertChunked(client, insertEventsSql, eventParameters(eventColumns));
      await insertChunked(client, insertLinesSql, lineParameters(lineColumns));
    },
  };
}
