// The audit read model: one append-only row per journal event (its chain links included) and
// one row per journal line, for auditors' own SQL. Triggers refuse UPDATE, DELETE and
// TRUNCATE on both tables, and apply() re-checks every event's hash link before it inserts,
// so a stream that does not chain stops the projection (a poison event) instead of landing.
// Rows go in with COPY (copyRows.ts). Layout 2 (docs/read-models.md): no regular-expression
// CHECKs on the hashes (apply() recomputes every hash before it inserts; the checks took a
// third of an event row's insert), no foreign key from lines to events (both are written by
// the same statement pair of the same transaction), no lines index by entry (join the events'
// entry index on (ledger_id, sequence)), `data` as json (its text as recorded; parsing it into
// jsonb cost 6 µs per event), a BRIN index on recorded_at instead of a btree by time, and the
// effective time of a hold's resolution on its row and lines by ledger-core's rule (never
// before the hold). Two btrees serve the audit route's filters, (ledger_id, event_type,
// sequence) and (ledger_id, actor, sequence): a page of a rare type or actor reads its rows
// in order instead of scanning the ledger (each costs about 5 µs per event written; setup
// adds them to an existing version in place, the layout is unchanged). The batch itself
// (chain checks, rows) is auditBatch.ts; with the heads and open holds in memory, the next
// batch is prepared while this one is written (Projection.prepare).
import type { PoolClient } from "pg";
import { resolvesHold, type ChainHead } from "../../ledger-core/index.js";
import { copyLines } from "../copyRows.js";
import {
  dropTables,
  ledgerKey,
  versionedTable,
  type PreparedBatch,
  type Projection,
  type ProjectedEvent,
} from "../projection.js";
import { AuditBatch, AuditCache, EVENT_COLUMNS, LINE_COLUMNS } from "./auditBatch.js";

export { AuditChainError, entryIdOf } from "./auditBatch.js";

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
CREATE INDEX IF NOT EXISTS ${events}_type_idx ON ${events} (ledger_id, event_type, sequence);
CREATE INDEX IF NOT EXISTS ${events}_actor_idx ON ${events} (ledger_id, actor, sequence);

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
  const cache = new AuditCache();
  let applied: AuditBatch | null = null;
  /** The last batch prepare()d whose transaction has not committed yet. */
  let ahead: AuditBatch | null = null;
  return {
    name: AUDIT_PROJECTION_NAME,
    version,
    layout: AUDIT_LAYOUT,
    async drop(client: PoolClient): Promise<void> {
      await dropTables(client, [tables.lines, tables.events]);
      await client.query(`DROP FUNCTION IF EXISTS ${tables.refuseChange}()`);
    },
    async setup(client: PoolClient): Promise<void> {
      applied = null;
      ahead = null;
      cache.clear();
      await client.query(setupSql(tables));
    },
    prepare(events: readonly ProjectedEvent[]): PreparedBatch | undefined {
      if (events.length === 0 || !AuditBatch.inMemory(events, cache, ahead)) return undefined;
      const batch = new AuditBatch(cache, ahead);
      for (const { ledgerId, event } of events) batch.apply(ledgerId, event);
      ahead = batch;
      return {
        write: (client) => writeRows(client, tables, batch),
        committed: () => {
          batch.publish();
          if (ahead === batch) ahead = null;
        },
      };
    },
    async apply(client: PoolClient, events: readonly ProjectedEvent[]): Promise<void> {
      applied = null;
      if (events.length === 0) return;
      const ledgerIds = [...new Set(events.map((projected) => projected.ledgerId))];
      const heads = await headsOf(client, tables.events, ledgerIds);
      const holds = await holdTimesOf(client, tables.events, events);
      const batch = new AuditBatch(cache, null, { heads, holds });
      for (const { ledgerId, event } of events) batch.apply(ledgerId, event);
      await writeRows(client, tables, batch);
      applied = batch;
    },
    committed(): void {
      applied?.publish();
      applied = null;
    },
  };
}

async function writeRows(client: PoolClient, tables: AuditTables, batch: AuditBatch) {
  await copyLines(client, tables.events, EVENT_COLUMNS, batch.eventRows);
  if (batch.lineRows.length > 0)
    await copyLines(client, tables.lines, LINE_COLUMNS, batch.lineRows);
}
