// The projection runtime: runs one projection version over the global order of ledger events.
// It reads batches after its checkpoint (reading and, when the projection can prepare(),
// computing batch n+1 while batch n's transaction runs) and applies
// each batch and the new checkpoint in ONE transaction (compare-and-set on the checkpoint), so
// a crash never applies an event twice or skips one. One active instance per projection
// version (a session advisory lock; others wait as standbys).
//
// Faults: a transient failure (a lost connection, a database restart, a busy server, see
// isTransientError) and any failure outside the projection's own code are retried with capped,
// jittered backoff: the runner drops its connections, takes the lock again and resumes from the
// checkpoint. Only a deterministic failure of the projection on one event is poison: a batch
// that fails is applied again one event at a time to find that event, the runner stops
// (state "failed") and the checkpoint row names the event; it is never skipped. After a fix,
// `folio projections resume` clears the row and a host starts the runner again.
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { backoffDelayMs, isTransientError } from "../event-store/index.js";
import { START_POSITION } from "../ledger-core/index.js";
import {
  advanceCheckpoint,
  createCheckpoint,
  projectionLockKey,
  readCheckpoint,
  recordFailure,
  type PoisonEvent,
} from "./checkpoints.js";
import type { PreparedBatch, ProjectedEvent } from "./projection.js";
import { EventReader, LEDGER_STREAM_PREFIX, PoisonEventError, poisonOf } from "./reader.js";
import { inTransaction } from "./transaction.js";
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_IDLE_WAIT_MS,
  FIRST_RETRY_MS,
  MAX_BACKOFF_MS,
  MAX_BATCH_SIZE,
  ProjectionRefusedError,
  STANDBY_RETRY_MS,
  type ProjectionRunnerOptions,
  type RunnerState,
  type RunnerStatus,
} from "./runnerStatus.js";

export * from "./runnerStatus.js";

/** A prepared batch whose transaction is running. */
interface InFlight {
  readonly batch: readonly ProjectedEvent[];
  readonly done: Promise<boolean>;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export class ProjectionRunner {
  private state: RunnerState = "starting";
  private position: string = START_POSITION;
  private eventsApplied = 0;
  private error: string | null = null;
  private poison: PoisonEvent | null = null;
  private retries = 0;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private readonly batchSize: number;
  private readonly idleWaitMs: number;
  private readonly lockKey: string;
  private readonly reader: EventReader;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.reader = options.reader ?? new EventReader(options.store);
    this.batchSize = Math.min(options.batchSize ?? DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE);
    this.idleWaitMs = options.idleWaitMs ?? DEFAULT_IDLE_WAIT_MS;
    this.lockKey = projectionLockKey(options.projection.name, options.projection.version);
    if (this.batchSize < 1) throw new RangeError("a projection batch holds at least one event");
  }

  get name(): string {
    return this.options.projection.name;
  }

  get version(): number {
    return this.options.projection.version;
  }

  status(): RunnerStatus {
    return {
      name: this.name,
      version: this.version,
      state: this.state,
      position: this.position,
      eventsApplied: this.eventsApplied,
      error: this.error,
      retries: this.retries,
      poison: this.poison,
    };
  }

  /** Runs in the background until stop(), a poison event, or (with `untilCaughtUp`) the end. */
  start(untilCaughtUp = false): Promise<void> {
    this.loop ??= this.run(untilCaughtUp).catch((error: unknown) => this.fail(error));
    return this.loop;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    if (this.state !== "failed") this.state = "stopped";
  }

  private async run(untilCaughtUp: boolean): Promise<void> {
    while (!this.stopping()) {
      try {
        if (await this.session(untilCaughtUp)) return;
      } catch (error) {
        if (error instanceof PoisonEventError || error instanceof ProjectionRefusedError) {
          await this.fail(error);
          return;
        }
        if (this.stopping()) return;
        await this.retryAfter(error);
      }
    }
  }

  /** Logs a failure and waits out the backoff before the next session. */
  private async retryAfter(error: unknown): Promise<void> {
    this.retries += 1;
    this.state = "retrying";
    this.error = messageOf(error);
    const delayMs = backoffDelayMs(this.retries - 1, FIRST_RETRY_MS, MAX_BACKOFF_MS);
    const context = { err: error, projection: this.lockKey, attempt: this.retries, delayMs };
    if (isTransientError(error)) {
      this.options.logger.warn(context, "projection lost its database; retrying");
    } else {
      this.options.logger.error(context, "projection failed outside its own code; retrying");
    }
    await this.pause(delayMs);
  }

  /** One tenure as the active instance: lock, set up, apply; true when done for good. */
  private async session(untilCaughtUp: boolean): Promise<boolean> {
    const lock = await this.acquireLock();
    if (lock === null) return true;
    // If the lock's connection dies, PostgreSQL releases the lock: another instance may take
    // over, so this one stops applying and queues for the lock again.
    const lockState = { lost: false };
    const onLockError = (error: Error): void => {
      lockState.lost = true;
      this.options.logger.warn({ err: error, projection: this.lockKey }, "projection lock lost");
    };
    lock.on("error", onLockError);
    try {
      await this.setUp();
      return await this.applyLoop(untilCaughtUp, () => lockState.lost);
    } finally {
      lock.off("error", onLockError);
      if (!lockState.lost) {
        await lock
          .query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [this.lockKey])
          .catch(() => {
            lockState.lost = true;
          });
      }
      lock.release(lockState.lost ? new Error("projection lock connection lost") : undefined);
    }
  }

  /** The session lock that makes this the one active instance; waits as a standby. */
  private async acquireLock(): Promise<pg.PoolClient | null> {
    while (!this.stopping()) {
      const client = await this.options.pool.connect();
      let locked = false;
      try {
        const { rows } = await client.query<{ locked: boolean }>(
          "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked",
          [this.lockKey],
        );
        locked = rows[0]?.locked === true;
      } catch (error) {
        client.release(error instanceof Error ? error : new Error(messageOf(error)));
        throw error;
      }
      if (locked) return client;
      client.release();
      this.state = "standby";
      await this.pause(STANDBY_RETRY_MS);
    }
    return null;
  }

  /** Reads the checkpoint (refusing a failed, dropped or foreign-layout version), sets up. */
  private async setUp(): Promise<void> {
    const { name, version, layout } = this.options.projection;
    await this.inTransaction(async (client) => {
      await createCheckpoint(client, name, version, layout);
      const checkpoint = await readCheckpoint(client, name, version, true);
      if (checkpoint === null) throw new Error(`no checkpoint row for ${this.lockKey}`);
      if (checkpoint.status === "failed") {
        this.poison = checkpoint.poison;
        throw new ProjectionRefusedError(
          "projection_failed",
          `${name} v${version} stopped on a poison event: ${checkpoint.error ?? "?"}; fix the cause, then folio projections resume ${name}`,
        );
      }
      if (checkpoint.status === "dropped") {
        throw new ProjectionRefusedError("projection_dropped", `${name} v${version} was dropped`);
      }
      if (checkpoint.layout !== layout) {
        throw new ProjectionRefusedError(
          "projection_layout_mismatch",
          `${name} v${version} was built with layout ${checkpoint.layout}; this Folio builds layout ${layout}: rebuild it into a new version`,
        );
      }
      await this.options.projection.setup(client);
      this.position = checkpoint.position;
      this.eventsApplied = checkpoint.eventsApplied;
    });
    this.state = "running";
  }

  /**
   * Applies batches while the lock holds; true when done (stopped, or caught up if asked).
   * Pipelined when the projection can prepare(): batch n+1 is computed while batch n's
   * transaction runs; the transactions themselves stay one at a time, in order.
   */
  private async applyLoop(untilCaughtUp: boolean, lockLost: () => boolean): Promise<boolean> {
    let next = this.prefetch(this.position);
    let inFlight: InFlight | null = null;
    try {
      while (!this.stopping() && !lockLost()) {
        const batch = await next;
        const last = batch[batch.length - 1];
        next = this.prefetch(last?.position ?? this.position);
        const prepared = last === undefined ? undefined : this.prepare(batch);
        const settled = await this.settle(inFlight);
        inFlight = null;
        if (settled === "moved") {
          // Another instance moved the checkpoint (it should hold the lock): start from its position.
          await this.setUp();
          next = this.prefetch(this.position);
        } else if (last === undefined) {
          if (settled === "committed") {
            this.state = "caught_up";
            if (untilCaughtUp) return true;
            await this.pause(this.idleWaitMs);
          }
          next = this.prefetch(this.position);
        } else if (settled === "committed" && prepared !== undefined) {
          inFlight = { batch, done: this.applyInTransaction(batch, prepared) };
          inFlight.done.catch(() => undefined);
        } else if (!(await this.applyBatch(batch))) {
          await this.setUp();
          next = this.prefetch(this.position);
        }
      }
      return !lockLost();
    } finally {
      await inFlight?.done.catch(() => undefined);
    }
  }

  /** The projection's prepared batch, or undefined (not pipelined, or it threw: apply decides). */
  private prepare(batch: readonly ProjectedEvent[]): PreparedBatch | undefined {
    try {
      return this.options.projection.prepare?.(batch);
    } catch {
      return undefined;
    }
  }

  /**
   * Waits for the batch in flight. A prepared batch that failed (not transiently: that ends the
   * session) is forgotten, setup() runs again, and applyBatch applies it, finding any poison
   * event; "redone" then, and what was prepared after it is not used.
   */
  private async settle(inFlight: InFlight | null): Promise<"committed" | "moved" | "redone"> {
    if (inFlight === null) return "committed";
    try {
      return (await inFlight.done) ? "committed" : "moved";
    } catch (error) {
      if (isTransientError(error)) throw error;
      await this.setUp();
      return (await this.applyBatch(inFlight.batch)) ? "redone" : "moved";
    }
  }

  /** Starts reading the batch after `from`; its failure surfaces where it is awaited. */
  private prefetch(from: string): Promise<ProjectedEvent[]> {
    const read = this.reader.read(from, this.batchSize);
    read.catch(() => undefined);
    return read;
  }

  /**
   * Applies a batch; a failure that is not transient is narrowed down by applying the events
   * one at a time: the one that fails alone is the poison event. False on a moved checkpoint.
   */
  private async applyBatch(batch: readonly ProjectedEvent[]): Promise<boolean> {
    try {
      return await this.applyInTransaction(batch, this.applying(batch));
    } catch (error) {
      if (isTransientError(error)) throw error;
      if (batch.length > 1) {
        this.options.logger.warn(
          { err: error, projection: this.lockKey, events: batch.length },
          "projection batch failed; applying its events one at a time to find the cause",
        );
      }
      for (const projected of batch) {
        try {
          if (!(await this.applyInTransaction([projected], this.applying([projected])))) {
            return false;
          }
        } catch (single) {
          if (isTransientError(single)) throw single;
          throw poisonOf(
            {
              position: projected.position,
              streamId: `${LEDGER_STREAM_PREFIX}${projected.ledgerId}`,
              revision: BigInt(projected.event.metadata.sequence),
              type: projected.event.type,
            },
            single,
          );
        }
      }
      this.options.logger.warn(
        { err: error, projection: this.lockKey },
        "projection batch failed, but each of its events applied alone",
      );
      return true;
    }
  }

  /** The batch through the projection's apply() (not pipelined). */
  private applying(batch: readonly ProjectedEvent[]): PreparedBatch {
    const { projection } = this.options;
    return {
      write: (client) => projection.apply(client, batch),
      committed: () => projection.committed?.(),
    };
  }

  /** One batch and the checkpoint move in one transaction; false on a moved checkpoint. */
  private async applyInTransaction(
    batch: readonly ProjectedEvent[],
    writes: PreparedBatch,
  ): Promise<boolean> {
    const last = batch[batch.length - 1];
    if (last === undefined) return true;
    const { projection } = this.options;
    const moved = await this.inTransaction(async (client) => {
      const checkpoint = await readCheckpoint(client, projection.name, projection.version, true);
      if (checkpoint?.position !== this.position || checkpoint.status !== "running") return false;
      await writes.write(client);
      const advanced = await advanceCheckpoint(client, {
        name: projection.name,
        version: projection.version,
        expected: this.position,
        position: last.position,
        events: batch.length,
        lastRecordedAt: last.event.metadata.recordedAt,
      });
      // The row is locked FOR UPDATE at the expected position: it must move (else roll back).
      if (!advanced) throw new Error(`checkpoint of ${this.lockKey} did not move; rolled back`);
      return true;
    });
    if (!moved) return false;
    writes.committed();
    this.position = last.position;
    this.eventsApplied += batch.length;
    this.state = "running";
    this.retries = 0;
    this.error = null;
    this.options.onBatch?.(this.status(), batch.length);
    return true;
  }

  private inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.options.pool, work);
  }

  /** True once stop() was called. */
  private stopping(): boolean {
    return this.abort.signal.aborted;
  }

  /** Waits, unless stop() is called meanwhile. */
  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.abort.signal }).catch(() => undefined);
  }

  /** A poison event, a refusal or a bug in the runtime: stop, say so everywhere, never skip. */
  private async fail(error: unknown): Promise<void> {
    this.state = "failed";
    this.error = messageOf(error);
    if (error instanceof PoisonEventError) this.poison = error.poison;
    this.options.logger.error(
      { err: error, projection: this.lockKey, position: this.position, poison: this.poison },
      "projection stopped",
    );
    if (error instanceof ProjectionRefusedError) return;
    const { name, version } = this.options.projection;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        await recordFailure(this.options.pool, name, version, this.error, this.poison);
        return;
      } catch (recordError) {
        if (!isTransientError(recordError)) break;
        await sleep(backoffDelayMs(attempt, FIRST_RETRY_MS, MAX_BACKOFF_MS));
      }
    }
    this.options.logger.error({ projection: this.lockKey }, "could not record the failure");
  }
}
