// The projection runtime: runs one projection version over the global order of ledger events.
// It reads batches after its checkpoint and applies each batch and the new checkpoint in ONE
// transaction (compare-and-set on the checkpoint: on a mismatch the batch is rolled back), so
// a crash never applies an event twice or skips one. One active instance per projection
// version (a session advisory lock; others wait as standbys). A poison event stops the
// projection loudly (logged, recorded on the checkpoint row, reported by status()); it is
// never skipped. Lost connections are retried with backoff.
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import type { Logger } from "pino";
import type { MigrationSet } from "../event-store/index.js";
import { fromStoredEvent, START_POSITION, type EventStore } from "../ledger-core/index.js";
import type { Projection, ProjectedEvent } from "./projection.js";

export const LEDGER_STREAM_PREFIX = "ledger-";
export const DEFAULT_BATCH_SIZE = 500;
export const MAX_BATCH_SIZE = 5_000;
export const DEFAULT_IDLE_WAIT_MS = 50;
const STANDBY_RETRY_MS = 1_000;
const MAX_BACKOFF_MS = 5_000;

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
  ],
};

export type RunnerState = "starting" | "standby" | "running" | "caught_up" | "failed" | "stopped";

export interface RunnerStatus {
  readonly name: string;
  readonly version: number;
  readonly state: RunnerState;
  readonly position: string;
  readonly eventsApplied: number;
  /** How far behind the newest applied event's recordedAt is, when not caught up. */
  readonly lagMs: number;
  readonly error: string | null;
}

export interface ProjectionRunnerOptions {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly projection: Projection;
  readonly logger: Logger;
  readonly batchSize?: number;
  readonly idleWaitMs?: number;
  /** Told after every committed batch (metrics). */
  readonly onBatch?: (status: RunnerStatus, events: number) => void;
}

/** A connection-level failure (the batch was rolled back with its connection): retry. */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string")
    return code.startsWith("08") || code.startsWith("57P") || code === "40001";
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|ECONNRESET|ECONNREFUSED|timeout exceeded when trying to connect/i.test(
    message,
  );
}

export class ProjectionRunner {
  private state: RunnerState = "starting";
  private position: string = START_POSITION;
  private eventsApplied = 0;
  private lastRecordedAtMs: number | null = null;
  private error: string | null = null;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private readonly batchSize: number;
  private readonly idleWaitMs: number;
  private readonly lockKey: string;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.batchSize = Math.min(options.batchSize ?? DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE);
    this.idleWaitMs = options.idleWaitMs ?? DEFAULT_IDLE_WAIT_MS;
    this.lockKey = `folio:projection:${options.projection.name}:${options.projection.version}`;
    if (this.batchSize < 1) throw new RangeError("a projection batch holds at least one event");
  }

  status(): RunnerStatus {
    const caughtUp = this.state === "caught_up";
    return {
      name: this.options.projection.name,
      version: this.options.projection.version,
      state: this.state,
      position: this.position,
      eventsApplied: this.eventsApplied,
      lagMs:
        caughtUp || this.lastRecordedAtMs === null
          ? 0
          : Math.max(0, Date.now() - this.lastRecordedAtMs),
      error: this.error,
    };
  }

  /** Runs in the background until stop(), a poison event, or (with `untilCaughtUp`) the end. */
  start(untilCaughtUp = false): Promise<void> {
    this.loop ??= this.run(untilCaughtUp).catch((error: unknown) => {
      this.fail(error);
    });
    return this.loop;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
    if (this.state !== "failed") this.state = "stopped";
  }

  private async run(untilCaughtUp: boolean): Promise<void> {
    while (!this.stopping) {
      const lock = await this.acquireLock();
      if (lock === null) return;
      // If the lock's connection dies, PostgreSQL releases the lock: another instance may take
      // over, so this one stops applying and queues for the lock again.
      const lockState = { lost: false };
      const onLockError = (error: Error): void => {
        lockState.lost = true;
        this.options.logger.warn(
          { err: error, projection: this.lockKey },
          "projection lock connection lost",
        );
      };
      lock.on("error", onLockError);
      try {
        const finished = await this.runHoldingLock(untilCaughtUp, () => lockState.lost);
        if (finished) return;
      } finally {
        lock.off("error", onLockError);
        if (!lockState.lost) {
          await lock
            .query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [this.lockKey])
            .catch(() => undefined);
        }
        lock.release(lockState.lost ? new Error("lock connection lost") : undefined);
      }
    }
  }

  /** Applies batches while the lock holds; true when done (stopped, or caught up if asked). */
  private async runHoldingLock(untilCaughtUp: boolean, lockLost: () => boolean): Promise<boolean> {
    await this.setUp();
    let backoffMs = 100;
    while (!this.stopping) {
      if (lockLost()) return false;
      try {
        const applied = await this.step();
        backoffMs = 100;
        if (applied > 0) continue;
        this.state = "caught_up";
        if (untilCaughtUp) return true;
        await sleep(this.idleWaitMs);
      } catch (error) {
        if (!isTransient(error)) throw error;
        this.options.logger.warn(
          { err: error, projection: this.lockKey },
          "projection batch lost its connection; retrying",
        );
        await sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
    return true;
  }

  /** The session lock that makes this the one active instance; waits as a standby. */
  private async acquireLock(): Promise<pg.PoolClient | null> {
    while (!this.stopping) {
      const client = await this.options.pool.connect();
      const { rows } = await client.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked",
        [this.lockKey],
      );
      if (rows[0]?.locked === true) return client;
      client.release();
      this.state = "standby";
      await sleep(STANDBY_RETRY_MS);
    }
    return null;
  }

  private async setUp(): Promise<void> {
    const { name, version } = this.options.projection;
    await this.inTransaction(async (client) => {
      await this.options.projection.setup(client);
      await client.query(
        `INSERT INTO projection_checkpoints (name, version, position) VALUES ($1, $2, $3)
         ON CONFLICT (name, version) DO NOTHING`,
        [name, version, START_POSITION],
      );
      const { rows } = await client.query<{
        position: string;
        events_applied: string;
        status: string;
        error: string | null;
      }>(
        "SELECT position, events_applied::text, status, error FROM projection_checkpoints WHERE name = $1 AND version = $2",
        [name, version],
      );
      const row = rows[0];
      if (row === undefined) throw new Error(`no checkpoint row for ${this.lockKey}`);
      if (row.status === "failed") {
        throw new Error(
          `projection ${this.lockKey} stopped on a poison event earlier: ${row.error ?? "?"}`,
        );
      }
      this.position = row.position;
      this.eventsApplied = Number(row.events_applied);
    });
    this.state = "running";
  }

  /** Reads and applies one batch; returns how many events it applied. */
  private async step(): Promise<number> {
    const stored = await this.options.store.readAll({
      fromPosition: this.position,
      maxCount: this.batchSize,
      filter: { streamPrefix: LEDGER_STREAM_PREFIX },
    });
    if (stored.length === 0) return 0;
    this.state = "running";
    const batch: ProjectedEvent[] = stored.map((event) => ({
      ledgerId: event.streamId.slice(LEDGER_STREAM_PREFIX.length),
      position: event.position,
      event: fromStoredEvent(event),
    }));
    const last = batch[batch.length - 1];
    if (last === undefined) return 0;
    const { name, version } = this.options.projection;
    const expected = this.position;
    const moved = await this.inTransaction(async (client) => {
      const { rows } = await client.query<{ position: string }>(
        "SELECT position FROM projection_checkpoints WHERE name = $1 AND version = $2 FOR UPDATE",
        [name, version],
      );
      if (rows[0]?.position !== expected) return false;
      await this.options.projection.apply(client, batch);
      await client.query(
        `UPDATE projection_checkpoints
         SET position = $3, events_applied = events_applied + $4, last_recorded_at = $5, updated_at = now()
         WHERE name = $1 AND version = $2 AND position = $6`,
        [name, version, last.position, batch.length, last.event.metadata.recordedAt, expected],
      );
      return true;
    });
    if (!moved) {
      // Another instance moved the checkpoint (it should hold the lock): start from its position.
      await this.setUp();
      return 1;
    }
    this.position = last.position;
    this.eventsApplied += batch.length;
    this.lastRecordedAtMs = Date.parse(last.event.metadata.recordedAt);
    this.options.onBatch?.(this.status(), batch.length);
    return batch.length;
  }

  private async inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    // A connection that dies while checked out emits "error": the failing query reports it too.
    const onClientError = (error: Error): void => {
      broken = error;
    };
    client.on("error", onClientError);
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      // A client whose connection died is destroyed, not handed back to the pool.
      if (isTransient(error) && error instanceof Error) broken = error;
      throw error;
    } finally {
      client.off("error", onClientError);
      client.release(broken);
    }
  }

  /** A poison event or a bug: stop, say so everywhere, never skip. */
  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.state = "failed";
    this.error = message;
    this.options.logger.error(
      { err: error, projection: this.lockKey, position: this.position },
      "projection stopped",
    );
    const { name, version } = this.options.projection;
    void this.options.pool
      .query(
        "UPDATE projection_checkpoints SET status = 'failed', error = $3, updated_at = now() WHERE name = $1 AND version = $2",
        [name, version, message],
      )
      .catch(() => undefined);
  }
}

/** The version of `name` readers should use (the first version if none was switched to). */
export async function activeVersion(
  client: pg.Pool | pg.PoolClient,
  name: string,
  fallback = 1,
): Promise<number> {
  const { rows } = await client.query<{ version: number }>(
    "SELECT version FROM projection_active WHERE name = $1",
    [name],
  );
  return rows[0]?.version ?? fallback;
}

/** Points readers at `version` of `name` (after its rebuild has caught up). */
export async function switchActiveVersion(
  pool: pg.Pool,
  name: string,
  version: number,
): Promise<void> {
  await pool.query(
    `INSERT INTO projection_active (name, version) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, updated_at = now()`,
    [name, version],
  );
}
