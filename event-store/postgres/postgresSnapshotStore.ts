// Snapshots in PostgreSQL, in the event store's database (table `snapshots`, migration 2):
// one row per stream and snapshot schema version, replaced only by a later revision.
import type pg from "pg";
import type { JsonValue, SnapshotStore, StoredSnapshot } from "../../ledger-core/index.js";

interface SnapshotRow {
  stream_id: string;
  schema_version: number;
  revision: string;
  payload: JsonValue;
}

const LOAD_LATEST = `
SELECT stream_id, schema_version, revision, payload FROM snapshots
WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1`;

const SAVE = `
INSERT INTO snapshots (stream_id, schema_version, revision, payload) VALUES ($1, $2, $3, $4)
ON CONFLICT (stream_id, schema_version) DO UPDATE
  SET revision = EXCLUDED.revision, payload = EXCLUDED.payload, saved_at = now()
  WHERE snapshots.revision < EXCLUDED.revision`;

/** A snapshot store over `pool`, whose database has had the event store's migrations. */
export function createPostgresSnapshotStore(pool: pg.Pool): SnapshotStore {
  return {
    async load(streamId) {
      const { rows } = await pool.query<SnapshotRow>(LOAD_LATEST, [streamId]);
      const row = rows[0];
      if (row === undefined) return null;
      return {
        streamId: row.stream_id,
        schemaVersion: row.schema_version,
        revision: BigInt(row.revision),
        payload: row.payload,
      } satisfies StoredSnapshot;
    },
    async save(snapshot) {
      await pool.query(SAVE, [
        snapshot.streamId,
        snapshot.schemaVersion,
        snapshot.revision.toString(),
        JSON.stringify(snapshot.payload),
      ]);
    },
  };
}
