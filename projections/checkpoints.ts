// The projections' bookkeeping in PostgreSQL: one checkpoint row per projection version
// (position, events applied, status, the layout that built it, the poison event that stopped
// it) and the active version of each projection, which readers use. Every SQL statement on
// these two tables lives here.
import type pg from "pg";
import { z } from "zod";
import type { MigrationSet } from "../event-store/index.js";
import { START_POSITION } from "../ledger-core/index.js";

export const PROJECTION_MIGRATIONS: MigrationSet = {
  component: "projections",
  migrations: [
    {
      version: 1,
      name: "checkpoints_and_active_versions",
      sql: `
CREATE TABLE projection_checkpoints (
  name             text NOT NULL,
  version          integer NOT NULL,
  position         text NOT NULL,
  events_applied   bigint NOT NULL DEFAULT 0,
  last_recorded_at timestamptz,
  status           text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'failed')),
  error            text,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, version)
);
-- Which version of each projection readers use; switched after a rebuild catches up.
CREATE TABLE projection_active (
  name       text PRIMARY KEY,
  version    integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
    },
    {
      version: 2,
      name: "checkpoint_layout_poison_and_drop",
      sql: `
-- The layout of the code that built a version (rows before this migration: layout 1), the
-- poison event that stopped it, and 'dropped' for versions whose tables were dropped.
ALTER TABLE projection_checkpoints
  ADD COLUMN layout integer NOT NULL DEFAULT 1 CHECK (layout >= 1),
  ADD COLUMN failed_event jsonb,
  DROP CONSTRAINT projection_checkpoints_status_check,
  ADD CONSTRAINT projection_checkpoints_status_check
    CHECK (status IN ('running', 'failed', 'dropped'));
`,
    },
  ],
};

export type CheckpointStatus = "running" | "failed" | "dropped";

/** The event a projection could not apply: where it is and what it is. */
export interface PoisonEvent {
  readonly position: string;
  readonly streamId: string;
  readonly ledgerId: string;
  /** The ledger sequence (stream revision) of the event. */
  readonly sequence: number;
  readonly type: string;
  readonly error: string;
}

export const poisonEventSchema = z.object({
  position: z.string(),
  streamId: z.string(),
  ledgerId: z.string(),
  sequence: z.number(),
  type: z.string(),
  error: z.string(),
});

export interface Checkpoint {
  readonly name: string;
  readonly version: number;
  readonly layout: number;
  readonly position: string;
  readonly eventsApplied: number;
  readonly lastRecordedAt: Date | null;
  readonly status: CheckpointStatus;
  readonly error: string | null;
  readonly poison: PoisonEvent | null;
  readonly updatedAt: Date;
}

const checkpointRowSchema = z.object({
  name: z.string(),
  version: z.number(),
  layout: z.number(),
  position: z.string(),
  events_applied: z.string(),
  last_recorded_at: z.date().nullable(),
  status: z.enum(["running", "failed", "dropped"]),
  error: z.string().nullable(),
  failed_event: poisonEventSchema.nullable(),
  updated_at: z.date(),
});

const CHECKPOINT_COLUMNS = `name, version, layout, position, events_applied::text AS events_applied,
  last_recorded_at, status, error, failed_event, updated_at`;

function checkpointOf(raw: unknown): Checkpoint {
  const row = checkpointRowSchema.parse(raw);
  return {
    name: row.name,
    version: row.version,
    layout: row.layout,
    position: row.position,
    eventsApplied: Number(row.events_applied),
    lastRecordedAt: row.last_recorded_at,
    status: row.status,
    error: row.error,
    poison: row.failed_event,
    updatedAt: row.updated_at,
  };
}

type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

/** One version's checkpoint row (`forUpdate`: locked until the transaction ends). */
export async function readCheckpoint(
  client: Queryable,
  name: string,
  version: number,
  forUpdate = false,
): Promise<Checkpoint | null> {
  const { rows } = await client.query(
    `SELECT ${CHECKPOINT_COLUMNS} FROM projection_checkpoints
      WHERE name = $1 AND version = $2 ${forUpdate ? "FOR UPDATE" : ""}`,
    [name, version],
  );
  return rows[0] === undefined ? null : checkpointOf(rows[0]);
}

/** Every version's checkpoint row, of one projection or of all, by name and version. */
export async function listCheckpoints(client: Queryable, name?: string): Promise<Checkpoint[]> {
  const { rows } = await client.query(
    `SELECT ${CHECKPOINT_COLUMNS} FROM projection_checkpoints
      WHERE $1::text IS NULL OR name = $1 ORDER BY name, version`,
    [name ?? null],
  );
  return rows.map(checkpointOf);
}

/** Creates a version's checkpoint at the start of the global order, if it has none. */
export async function createCheckpoint(
  client: Queryable,
  name: string,
  version: number,
  layout: number,
): Promise<void> {
  await client.query(
    `INSERT INTO projection_checkpoints (name, version, layout, position) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name, version) DO NOTHING`,
    [name, version, layout, START_POSITION],
  );
}

/** Moves the checkpoint from `expected` to `position` (inside the batch's transaction). */
export async function advanceCheckpoint(
  client: Queryable,
  move: {
    readonly name: string;
    readonly version: number;
    readonly expected: string;
    readonly position: string;
    readonly events: number;
    readonly lastRecordedAt: string;
  },
): Promise<boolean> {
  const result = await client.query(
    `UPDATE projection_checkpoints
        SET position = $3, events_applied = events_applied + $4, last_recorded_at = $5,
            updated_at = now()
      WHERE name = $1 AND version = $2 AND position = $6 AND status = 'running'`,
    [move.name, move.version, move.position, move.events, move.lastRecordedAt, move.expected],
  );
  return result.rowCount === 1;
}

/** Records that a version stopped on a poison event (or another refusal). */
export async function recordFailure(
  client: Queryable,
  name: string,
  version: number,
  error: string,
  poison: PoisonEvent | null,
): Promise<void> {
  await client.query(
    `UPDATE projection_checkpoints SET status = 'failed', error = $3, failed_event = $4,
            updated_at = now()
      WHERE name = $1 AND version = $2 AND status = 'running'`,
    [name, version, error, poison === null ? null : JSON.stringify(poison)],
  );
}

/** Clears a failed version's status so that runners apply it again; false if not failed. */
export async function resumeCheckpoint(
  client: Queryable,
  name: string,
  version: number,
): Promise<boolean> {
  const result = await client.query(
    `UPDATE projection_checkpoints SET status = 'running', error = NULL, failed_event = NULL,
            updated_at = now()
      WHERE name = $1 AND version = $2 AND status = 'failed'`,
    [name, version],
  );
  return result.rowCount === 1;
}

/** Marks a version dropped (its tables are gone; no runner may build it again). */
export async function markDropped(client: Queryable, name: string, version: number): Promise<void> {
  await client.query(
    `UPDATE projection_checkpoints SET status = 'dropped', updated_at = now()
      WHERE name = $1 AND version = $2`,
    [name, version],
  );
}

/** The version of `name` readers should use (the first version if none was switched to). */
export async function activeVersion(
  client: Queryable,
  name: string,
  fallback = 1,
): Promise<number> {
  const { rows } = await client.query<{ version: number }>(
    "SELECT version FROM projection_active WHERE name = $1",
    [name],
  );
  return rows[0]?.version ?? fallback;
}

/**
 * Points readers at `version` of `name` (after its rebuild has caught up). With `from`, only
 * if readers still use that version (two hosts switching at once switch once); true if done.
 */
export async function switchActiveVersion(
  client: Queryable,
  name: string,
  version: number,
  from?: number,
): Promise<boolean> {
  const result = await client.query(
    `INSERT INTO projection_active AS a (name, version) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, updated_at = now()
      WHERE $3::integer IS NULL OR a.version = $3`,
    [name, version, from ?? null],
  );
  return result.rowCount === 1;
}

/** The advisory-lock key that makes one runner the active instance of a version. */
export function projectionLockKey(name: string, version: number): string {
  return `folio:projection:${name}:${version}`;
}
