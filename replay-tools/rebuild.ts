// `folio rebuild`: builds a new version of a projection (balances or audit) from zero beside the
// live one with ProjectionRunner (run until caught up; a lost database is waited out, a poison
// event stops it and is named), then points readers at it with switchActiveVersion; running
// Folio processes follow within seconds. A version that already has a checkpoint is refused:
// from zero means from zero.
import type pg from "pg";
import type { Logger } from "pino";
import { applyMigrations } from "../event-store/index.js";
import type { EventStore } from "../ledger-core/index.js";
import {
  activeVersion,
  LEDGER_STREAM_PREFIX,
  PROJECTION_MIGRATIONS,
  ProjectionRunner,
  READ_MODELS,
  switchActiveVersion,
  type ProjectionFactory,
} from "../projections/index.js";
import { UsageError, VerificationFailed } from "./errors.js";
import type { Progress } from "./progress.js";

/** The projections the CLI can rebuild, inspect and drop: every read model Folio runs. */
export const PROJECTIONS: ReadonlyMap<string, ProjectionFactory> = READ_MODELS;

export interface RebuildReport {
  readonly name: string;
  readonly previousVersion: number;
  readonly version: number;
  readonly eventsApplied: number;
  readonly seconds: number;
}

/** Ledger events in a PostgreSQL event store (for the progress bar's total); null otherwise. */
async function countEvents(pool: pg.Pool, storeIsPostgres: boolean): Promise<number | undefined> {
  if (!storeIsPostgres) return undefined;
  const { rows } = await pool.query<{ n: string }>(
    "SELECT count(*)::text AS n FROM events WHERE starts_with(stream_id, $1)",
    [LEDGER_STREAM_PREFIX],
  );
  return Number(rows[0]?.n ?? 0);
}

export async function rebuildProjection(options: {
  readonly name: string;
  readonly version: number | undefined;
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly storeIsPostgres: boolean;
  readonly logger: Logger;
  readonly progress: Progress;
  readonly batchSize?: number;
}): Promise<RebuildReport> {
  const { name, pool, progress } = options;
  const projectionAt = PROJECTIONS.get(name);
  if (projectionAt === undefined) {
    throw new UsageError(
      `unknown projection ${name}: expected ${[...PROJECTIONS.keys()].join(" or ")}`,
    );
  }
  await applyMigrations(pool, options.logger, PROJECTION_MIGRATIONS);
  const previousVersion = await activeVersion(pool, name);
  const { rows } = await pool.query<{ version: number }>(
    "SELECT coalesce(max(version), 0) AS version FROM projection_checkpoints WHERE name = $1",
    [name],
  );
  const version = options.version ?? Math.max(previousVersion, rows[0]?.version ?? 0) + 1;
  const existing = await pool.query<{ events_applied: string }>(
    "SELECT events_applied::text FROM projection_checkpoints WHERE name = $1 AND version = $2",
    [name, version],
  );
  if (existing.rows.length > 0) {
    throw new UsageError(
      `${name} v${version} exists already (${existing.rows[0]?.events_applied ?? "?"} events applied); rebuild into a new --version`,
    );
  }
  const total = await countEvents(pool, options.storeIsPostgres);
  const started = Date.now();
  progress.start(`rebuild ${name} v${version}`, total);
  const runner = new ProjectionRunner({
    pool,
    store: options.store,
    projection: projectionAt(version),
    logger: options.logger,
    batchSize: options.batchSize ?? 2_000,
    onBatch: (status) => {
      progress.update(status.eventsApplied);
    },
  });
  try {
    await runner.start(true);
  } finally {
    progress.stop();
  }
  const status = runner.status();
  if (status.state !== "caught_up") {
    throw new VerificationFailed(
      `${name} v${version} did not catch up (${status.state}): ${status.error ?? "no error recorded"}; readers stay on v${previousVersion}`,
    );
  }
  if (!(await switchActiveVersion(pool, name, version, previousVersion))) {
    throw new VerificationFailed(
      `${name} v${version} caught up, but readers were switched from v${previousVersion} by someone else meanwhile; it was not made active`,
    );
  }
  return {
    name,
    previousVersion,
    version,
    eventsApplied: status.eventsApplied,
    seconds: (Date.now() - started) / 1000,
  };
}
