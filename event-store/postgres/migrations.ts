// Versioned schema migrations of the PostgreSQL event store, applied by the program itself
// at start. All pending migrations run in one transaction under a transaction-scoped
// advisory lock, so two processes starting together never race; an applied migration
// whose SQL has since changed is refused (its checksum is recorded).
import { createHash } from "node:crypto";
import type { Pool } from "pg";
import type { Logger } from "pino";
import { DatabaseError } from "../errors.js";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Channel on which every append NOTIFYs; subscribers LISTEN on it to wake their poll. */
export const EVENTS_CHANNEL = "folio_events";

const V1_EVENTS_AND_STREAMS = `
CREATE SEQUENCE events_global_position_seq AS bigint;

CREATE TABLE streams (
  stream_id     text PRIMARY KEY,
  last_revision bigint NOT NULL CHECK (last_revision >= 0),
  last_xid      xid8 NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE events (
  global_position bigint NOT NULL DEFAULT nextval('events_global_position_seq'),
  transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text NOT NULL,
  revision        bigint NOT NULL CHECK (revision >= 0),
  event_id        uuid NOT NULL,
  event_type      text NOT NULL,
  schema_version  integer NOT NULL CHECK (schema_version >= 1),
  data            jsonb NOT NULL,
  metadata        jsonb NOT NULL,
  stored_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_pkey PRIMARY KEY (stream_id, revision),
  CONSTRAINT events_event_id_key UNIQUE (event_id)
);
ALTER SEQUENCE events_global_position_seq OWNED BY events.global_position;

-- The global order: readers resume after (transaction_id, global_position).
CREATE UNIQUE INDEX events_global_order_idx ON events (transaction_id, global_position);

CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are immutable: % on events is refused', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER events_immutable_rows BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
CREATE TRIGGER events_immutable_table BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();

-- One append = one call = one short transaction. Returns status 'appended', 'duplicate'
-- (the same ids already sit at the revisions this append would take: nothing written) or
-- 'wrong_expected_revision' (with the actual revision, NULL for no stream).
CREATE FUNCTION append_events(
  p_stream_id         text,
  p_expected_kind     text,    -- 'any' | 'no_stream' | 'stream_exists' | 'exact'
  p_expected_revision bigint,  -- only read for 'exact'
  p_event_ids         uuid[],
  p_types             text[],
  p_versions          integer[],
  p_data              jsonb[],
  p_metadata          jsonb[]
) RETURNS TABLE (
  status               text,
  actual_revision      bigint,
  last_revision        bigint,
  last_transaction_id  xid8,
  last_global_position bigint
) LANGUAGE plpgsql AS $$
DECLARE
  v_xid          xid8 := pg_current_xact_id();
  v_count        integer := cardinality(p_event_ids);
  v_current      bigint;
  v_last_xid     xid8;
  v_first        bigint;
  v_matches      integer;
  v_last_gp      bigint;
BEGIN
  IF v_count IS NULL OR v_count = 0
     OR cardinality(p_types) <> v_count OR cardinality(p_versions) <> v_count
     OR cardinality(p_data) <> v_count OR cardinality(p_metadata) <> v_count THEN
    RAISE EXCEPTION 'append_events: event arrays must be non-empty and of equal length'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  -- Serialise writers of this stream until commit.
  SELECT s.last_revision, s.last_xid INTO v_current, v_last_xid
    FROM streams s WHERE s.stream_id = p_stream_id FOR UPDATE;

  -- Idempotent retry: the same ids, in order, at consecutive revisions of this stream.
  SELECT e.revision INTO v_first
    FROM events e WHERE e.event_id = p_event_ids[1] AND e.stream_id = p_stream_id;
  IF FOUND AND (p_expected_kind = 'any'
             OR (p_expected_kind = 'no_stream' AND v_first = 0)
             OR (p_expected_kind = 'stream_exists' AND v_first > 0)
             OR (p_expected_kind = 'exact' AND v_first = p_expected_revision + 1)) THEN
    SELECT count(*) INTO v_matches
      FROM unnest(p_event_ids) WITH ORDINALITY AS i(event_id, ord)
      JOIN events e ON e.stream_id = p_stream_id AND e.revision = v_first + i.ord - 1
                   AND e.event_id = i.event_id;
    IF v_matches = v_count THEN
      RETURN QUERY SELECT 'duplicate'::text, v_current, e.revision, e.transaction_id, e.global_position
        FROM events e WHERE e.stream_id = p_stream_id AND e.revision = v_first + v_count - 1;
      RETURN;
    END IF;
  END IF;

  IF (p_expected_kind = 'no_stream' AND v_current IS NOT NULL)
     OR (p_expected_kind = 'stream_exists' AND v_current IS NULL)
     OR (p_expected_kind = 'exact' AND v_current IS DISTINCT FROM p_expected_revision) THEN
    RETURN QUERY SELECT 'wrong_expected_revision'::text, v_current, NULL::bigint, NULL::xid8, NULL::bigint;
    RETURN;
  END IF;

  -- A newer transaction wrote this stream while we waited for its row: appending now with
  -- our older xid would put our events before theirs in the (xid, position) order.
  IF v_last_xid > v_xid THEN
    RAISE EXCEPTION 'stream % was written by a newer transaction', p_stream_id
      USING ERRCODE = 'serialization_failure';
  END IF;

  IF v_current IS NULL THEN
    -- A concurrent creator makes this fail with unique_violation; the caller retries.
    INSERT INTO streams (stream_id, last_revision, last_xid)
      VALUES (p_stream_id, v_count - 1, v_xid);
  ELSE
    UPDATE streams SET last_revision = v_current + v_count, last_xid = v_xid, updated_at = now()
      WHERE stream_id = p_stream_id;
  END IF;

  WITH inserted AS (
    INSERT INTO events (stream_id, revision, event_id, event_type, schema_version, data, metadata)
    SELECT p_stream_id, coalesce(v_current, -1) + i.ord, i.event_id, i.event_type,
           i.schema_version, i.data, i.metadata
      FROM unnest(p_event_ids, p_types, p_versions, p_data, p_metadata)
           WITH ORDINALITY AS i(event_id, event_type, schema_version, data, metadata, ord)
     ORDER BY i.ord
    RETURNING global_position
  )
  SELECT max(global_position) INTO v_last_gp FROM inserted;

  PERFORM pg_notify('${EVENTS_CHANNEL}', '');
  RETURN QUERY SELECT 'appended'::text, v_current, coalesce(v_current, -1) + v_count, v_xid, v_last_gp;
END;
$$;
`;

/** Every migration, in order. Never edit an applied one: add a new version instead. */
// Snapshots are a discardable cache of a writer's state: one row per stream and schema
// version, overwritten as the stream grows; deleting rows here loses nothing.
const V2_SNAPSHOTS = `
CREATE TABLE snapshots (
  stream_id      text NOT NULL,
  schema_version integer NOT NULL,
  revision       bigint NOT NULL CHECK (revision >= 0),
  payload        jsonb NOT NULL,
  saved_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT snapshots_pkey PRIMARY KEY (stream_id, schema_version)
);
`;

// One append as one JSON document: the client serialises the batch once, instead of one
// escaped array literal per column, and the server unpacks it in C. The append logic itself
// stays in append_events (v1).
const V3_APPEND_EVENTS_JSON = `
CREATE FUNCTION append_events_json(
  p_stream_id         text,
  p_expected_kind     text,
  p_expected_revision bigint,
  p_events            jsonb    -- [{ "id", "type", "version", "data", "metadata" }, ...]
) RETURNS TABLE (
  status               text,
  actual_revision      bigint,
  last_revision        bigint,
  last_transaction_id  xid8,
  last_global_position bigint
) LANGUAGE sql AS $$
  WITH batch AS (
    SELECT e.value AS event, e.ordinality AS ord FROM jsonb_array_elements(p_events) WITH ORDINALITY e
  )
  SELECT * FROM append_events(
    p_stream_id, p_expected_kind, p_expected_revision,
    ARRAY(SELECT (event->>'id')::uuid FROM batch ORDER BY ord),
    ARRAY(SELECT event->>'type' FROM batch ORDER BY ord),
    ARRAY(SELECT (event->>'version')::integer FROM batch ORDER BY ord),
    ARRAY(SELECT event->'data' FROM batch ORDER BY ord),
    ARRAY(SELECT event->'metadata' FROM batch ORDER BY ord))
$$;
`;

// The entry lookup (readEntryEvents): one partial expression index per field under which an
// event names an entry id, so a writer finds the events of an entry that left its cache with
// index probes, whatever the stream's length. Written with the event, in its transaction;
// built over the events already stored when the migration runs.
const V4_ENTRY_LOOKUP = `
CREATE INDEX events_entry_id_idx ON events (stream_id, (data->>'entryId'))
  WHERE data ? 'entryId';
CREATE INDEX events_pending_id_idx ON events (stream_id, (data->>'pendingId'))
  WHERE data ? 'pendingId';
CREATE INDEX events_reversal_of_idx ON events (stream_id, (data->>'reversalOf'))
  WHERE jsonb_typeof(data->'reversalOf') = 'string';
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "events_and_streams", sql: V1_EVENTS_AND_STREAMS },
  { version: 2, name: "snapshots", sql: V2_SNAPSHOTS },
  { version: 3, name: "append_events_json", sql: V3_APPEND_EVENTS_JSON },
  { version: 4, name: "entry_lookup", sql: V4_ENTRY_LOOKUP },
];

/** One table records the migrations of every component (event-store, api, projections). */
const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  component  text NOT NULL,
  version    integer NOT NULL,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (component, version)
)`;
const MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('folio:migrations', 0))";

function checksum(migration: Migration): string {
  return createHash("sha256").update(migration.sql).digest("hex");
}

/** A component's versioned migrations, e.g. the event store's MIGRATIONS. */
export interface MigrationSet {
  readonly component: string;
  readonly migrations: readonly Migration[];
}

export const EVENT_STORE_MIGRATIONS: MigrationSet = {
  component: "event-store",
  migrations: MIGRATIONS,
};

/**
 * Applies every pending migration of `set` in one transaction; safe to call from several
 * processes at once (they queue on an advisory lock), and again (applied ones are skipped).
 */
export async function applyMigrations(
  pool: Pool,
  logger: Logger,
  set: MigrationSet = EVENT_STORE_MIGRATIONS,
): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(MIGRATION_LOCK);
    await client.query(MIGRATIONS_TABLE);
    const { rows } = await client.query<{ version: number; checksum: string }>(
      "SELECT version, checksum FROM schema_migrations WHERE component = $1",
      [set.component],
    );
    const applied = new Map(rows.map((row) => [row.version, row.checksum]));
    const newlyApplied: number[] = [];
    for (const migration of set.migrations) {
      const recorded = applied.get(migration.version);
      if (recorded !== undefined) {
        if (recorded !== checksum(migration)) {
          throw new DatabaseError(
            "migration_checksum_mismatch",
            `${set.component} migration ${migration.version} (${migration.name}) differs from the one applied`,
          );
        }
        continue;
      }
      await client.query(migration.sql);
      await client.query(
        "INSERT INTO schema_migrations (component, version, name, checksum) VALUES ($1, $2, $3, $4)",
        [set.component, migration.version, migration.name, checksum(migration)],
      );
      newlyApplied.push(migration.version);
    }
    await client.query("COMMIT");
    if (newlyApplied.length > 0) {
      logger.info({ component: set.component, versions: newlyApplied }, "migrations applied");
    }
    return newlyApplied;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
