// The entry index's tables and the SQL that reads them (docs/entry-index.md). Per version:
// entry_index_keys_v<n> holds one row per (stream, entry key, revision) of every indexed
// event, keyed so that a lookup by (stream_id, entry_key) is a probe of the primary key (an
// index-only scan: the revision is in the key); entry_index_heads_v<n> holds, per stream, the
// highest revision indexed. A stream's events arrive in revision order, and a batch's rows and
// heads commit together, so every revision of a stream up to its head is indexed.
import { versionedTable } from "../projection.js";

export const ENTRY_INDEX_PROJECTION_NAME = "entry_index";
/** The shape of the tables this code builds (docs/projections.md, "Layouts"). */
export const ENTRY_INDEX_LAYOUT = 1;
/** The version readers use when no active version was switched to. */
export const DEFAULT_ENTRY_INDEX_VERSION = 1;

export interface EntryIndexTables {
  readonly keys: string;
  readonly heads: string;
}

/** The table names of one version: entry_index_keys_v1, entry_index_heads_v1. */
export function entryIndexTables(version: number = DEFAULT_ENTRY_INDEX_VERSION): EntryIndexTables {
  return {
    keys: versionedTable("entry_index_keys", version),
    heads: versionedTable("entry_index_heads", version),
  };
}

/** Creates a version's tables if they do not exist. */
export function entryIndexSetupSql(tables: EntryIndexTables): string {
  return `
CREATE TABLE IF NOT EXISTS ${tables.keys} (
  stream_id text NOT NULL,
  entry_key text NOT NULL,
  revision  bigint NOT NULL CHECK (revision >= 0),
  PRIMARY KEY (stream_id, entry_key, revision)
);
CREATE TABLE IF NOT EXISTS ${tables.heads} (
  stream_id text PRIMARY KEY,
  revision  bigint NOT NULL CHECK (revision >= 0)
);
`;
}

/** Columns of the keys table, in the order COPY lines carry them. */
export const KEY_COLUMNS = ["stream_id", "entry_key", "revision"] as const;

/** Raises each stream's head to the highest revision of the batch (never lowers it). */
export function upsertHeadsSql(tables: EntryIndexTables): string {
  return `INSERT INTO ${tables.heads} AS h (stream_id, revision)
  SELECT * FROM unnest($1::text[], $2::bigint[])
  ON CONFLICT (stream_id) DO UPDATE SET revision = GREATEST(h.revision, EXCLUDED.revision)`;
}

/**
 * One statement (so one snapshot): the stream's indexed-through revision (NULL when nothing
 * of it is indexed) and the indexed revisions of the wanted keys up to it, each once, in
 * order. $1 is the stream id, $2 the keys. The keys are probed one by one through the primary
 * key, whatever the table's statistics say.
 */
export function lookupSql(tables: EntryIndexTables): string {
  return `SELECT h.revision::text AS head,
  ARRAY(
    SELECT DISTINCT found.revision FROM unnest($2::text[]) AS k(key)
     CROSS JOIN LATERAL (
       SELECT e.revision FROM ${tables.keys} e
        WHERE e.stream_id = $1 AND e.entry_key = k.key AND e.revision <= h.revision
     ) AS found
     ORDER BY 1
  )::text[] AS revisions
  FROM (SELECT 1) AS one
  LEFT JOIN ${tables.heads} h ON h.stream_id = $1`;
}
