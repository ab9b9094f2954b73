// The NATS event publisher: follows the event store's global order of ledger events from its
// checkpoint in PostgreSQL and publishes each event to JetStream (docs/connectors.md). A batch
// is published, every ack awaited in order, and only then are its balances and the checkpoint
// (with the stream sequence of its last message) committed in one transaction: at least once,
// in order, never a gap. After a crash between the acks and the commit, the stream's last
// sequence says how many of the next events it already holds; those are committed without
// being sent again, so the stream holds each event once (Nats-Msg-Id de-duplication guards
// too). One active instance per name (a session advisory lock; others stand by, as the
// projection runtime does). A NATS or PostgreSQL fault stalls it with capped, jittered backoff
// and one log line per outage; it never throws out of its loop.
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import type { JetStreamManager, NatsConnection } from "nats";
import { applyMigrations, backoffDelayMs, isTransientError } from "../../event-store/index.js";
import { START_POSITION } from "../../ledger-core/index.js";
import { LAG_COUNT_LIMIT, LEDGER_STREAM_PREFIX } from "../../projections/index.js";
import { CONNECTOR_MIGRATIONS, advanceCheckpoint, loadCheckpoint } from "./migrations.js";
import {
  MAX_CACHED_BALANCES,
  prepareBatch,
  readEvents,
  type BalancesCache,
  type PreparedBatch,
} from "./publisherBatch.js";
import * as defaults from "./publisherOptions.js";
import type {
  EventPublisher,
  EventPublisherOptions,
  PublisherState,
  PublisherStatus,
} from "./publisherOptions.js";
import {
  NatsFault,
  connectNats,
  natsStep,
  positionAt,
  ensureStream,
  publishInOrder,
  streamLastSequence,
  type StreamSettings,
} from "./publisherStream.js";
import { checkSubjectPrefix, DEFAULT_SUBJECT_PREFIX, eventsWildcard } from "./subjects.js";
import { tryLock, unlock } from "./publisherLock.js";
import { inTransaction } from "../../projections/index.js";

export * from "./publisherOptions.js";

type FaultKind = "nats" | "postgres" | "error";

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Where the stream stands against the checkpoint while a session runs. */
interface Cursor {
  /** The checkpoint's position. */
  position: string;
  /** The stream sequence of the last event handed to publish (committed or in flight). */
  publishedSequence: number;
  /** The stream's last sequence: above publishedSequence, events already in the stream. */
  streamSequence: number;
}

class NatsEventPublisher implements EventPublisher {
  private state: PublisherState = "starting";
  private position: string = START_POSITION;
  private lagEvents = 0;
  private lagCountedAt = 0;
  private eventsPublished = 0;
  private lastPublishedAt: Date | null = null;
  private lastError: string | null = null;
  private fault: FaultKind | null = null;
  private retries = 0;
  private migrated = false;
  private nats: NatsConnection | null = null;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private readonly name: string;
  private readonly prefix: string;
  private readonly stream: StreamSettings;
  private readonly batchSize: number;

  constructor(private readonly options: EventPublisherOptions) {
    this.name = options.name ?? defaults.DEFAULT_PUBLISHER_NAME;
    this.prefix = checkSubjectPrefix(options.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX);
    this.batchSize = Math.min(
      options.batchSize ?? defaults.DEFAULT_PUBLISH_BATCH_SIZE,
      defaults.MAX_PUBLISH_BATCH_SIZE,
    );
    if (!(this.batchSize >= 1)) throw new RangeError("a publish batch holds at least one event");
    this.stream = {
      name: options.streamName ?? defaults.DEFAULT_STREAM_NAME,
      subjects: [eventsWildcard(this.prefix)],
      maxAgeMs: options.maxAgeMs ?? defaults.DEFAULT_MAX_AGE_MS,
      maxBytes: options.maxBytes ?? defaults.DEFAULT_MAX_BYTES,
      // JetStream refuses a duplicate window longer than the stream's max age.
      duplicateWindowMs: Math.min(
        options.duplicateWindowMs ?? defaults.DEFAULT_DUPLICATE_WINDOW_MS,
        options.maxAgeMs ?? defaults.DEFAULT_MAX_AGE_MS,
      ),
    };
  }

  start(): void {
    this.loop ??= this.run();
  }

  status(): PublisherStatus {
    return {
      name: this.name,
      stream: this.stream.name,
      state: this.state,
      position: this.position,
      lagEvents: this.lagEvents,
      eventsPublished: this.eventsPublished,
      lastPublishedAt: this.lastPublishedAt,
      lastError: this.lastError,
    };
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    this.state = "stopped";
    const nats = this.nats;
    this.nats = null;
    await nats?.close().catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (!this.stopping()) {
      try {
        await this.session();
      } catch (error) {
        if (this.stopping()) return;
        this.stalled(error);
        const delayMs = backoffDelayMs(
          this.retries++,
          defaults.PUBLISHER_FIRST_RETRY_MS,
          defaults.PUBLISHER_MAX_BACKOFF_MS,
        );
        await this.countLag().catch(() => undefined);
        await this.pause(delayMs);
      }
    }
  }

  /** Records a fault; logs once when an outage (of this kind) begins. */
  private stalled(error: unknown): void {
    const kind: FaultKind =
      error instanceof NatsFault ? "nats" : isTransientError(error) ? "postgres" : "error";
    this.state = "stalled";
    this.lastError = messageOf(error);
    if (this.fault === kind) return;
    this.fault = kind;
    const what = {
      nats: "NATS is unreachable",
      postgres: "PostgreSQL is unreachable",
      error: "publishing failed",
    }[kind];
    this.options.logger.error(
      { err: error, publisher: this.name, stream: this.stream.name, position: this.position },
      `event publisher stalled: ${what}; retrying with backoff until it recovers`,
    );
  }

  /** Clears a fault after a batch went through; logs that publishing resumed. */
  private recovered(): void {
    this.retries = 0;
    this.lastError = null;
    if (this.fault === null) return;
    this.fault = null;
    this.options.logger.info(
      { publisher: this.name, position: this.position },
      "event publisher resumed",
    );
  }

  /** One tenure as the active instance: lock, recover the cursor, publish until stopped. */
  private async session(): Promise<void> {
    if (!this.migrated) {
      await applyMigrations(this.options.pool, this.options.logger, CONNECTOR_MIGRATIONS);
      this.migrated = true;
    }
    const nats = await this.connection();
    const lock = await this.acquireLock();
    if (lock === null) return;
    const lockState = { lost: false };
    const onLockError = (): void => {
      lockState.lost = true;
    };
    lock.on("error", onLockError);
    try {
      const jsm = await natsStep("opening JetStream", () => nats.jetstreamManager());
      await ensureStream(jsm, this.stream);
      const cursor = await this.recover(jsm);
      await this.publishLoop(nats, cursor, () => lockState.lost);
    } finally {
      lock.off("error", onLockError);
      await unlock(lock, this.name, lockState.lost);
    }
  }

  private async connection(): Promise<NatsConnection> {
    if (this.nats !== null && !this.nats.isClosed()) return this.nats;
    this.nats = await connectNats(this.options.natsUrl, `folio-publisher-${this.name}`);
    return this.nats;
  }

  /** The session lock that makes this the one active instance; waits as a standby. */
  private async acquireLock(): Promise<pg.PoolClient | null> {
    while (!this.stopping()) {
      const lock = await tryLock(this.options.pool, this.name);
      if (lock !== null) return lock;
      this.state = "standby";
      await this.pause(defaults.PUBLISHER_STANDBY_RETRY_MS);
    }
    return null;
  }

  /**
   * The checkpoint, and how many events after it the stream already holds: the messages after
   * the checkpoint's stream sequence, if the message there is the checkpoint's event (else the
   * stream is not the one the checkpoint knew: nothing after it is taken as published).
   */
  private async recover(jsm: JetStreamManager): Promise<Cursor> {
    const streamSequence = await streamLastSequence(jsm, this.stream.name);
    const checkpoint = await loadCheckpoint(this.options.pool, this.name, this.stream.name);
    this.position = checkpoint.position;
    this.eventsPublished = checkpoint.eventsPublished;
    const sameStream =
      checkpoint.stream === this.stream.name &&
      streamSequence >= checkpoint.streamSequence &&
      (checkpoint.streamSequence === 0 ||
        ((await positionAt(jsm, this.stream.name, checkpoint.streamSequence)) ??
          checkpoint.position) === checkpoint.position);
    if (!sameStream && checkpoint.position !== START_POSITION) {
      this.options.logger.warn(
        { publisher: this.name, stream: this.stream.name, checkpoint },
        "event publisher: the stream is not the one of its checkpoint; continuing from the checkpoint",
      );
    }
    return {
      position: checkpoint.position,
      publishedSequence: sameStream ? checkpoint.streamSequence : streamSequence,
      streamSequence,
    };
  }

  /**
   * Publishes and commits batches while the lock holds. Pipelined: batch n+1 is read and
   * prepared while batch n is published, and n's commit runs while n+1 is published; the
   * publishes and the commits each stay one at a time, in order.
   */
  private async publishLoop(
    nats: NatsConnection,
    cursor: Cursor,
    lockLost: () => boolean,
  ): Promise<void> {
    const cache: BalancesCache = new Map();
    let readFrom = cursor.position;
    let committing: Promise<void> | null = null;
    let next = this.prepare(readFrom, cache);
    this.state = "running";
    try {
      while (!this.stopping() && !lockLost()) {
        const batch = await next;
        const last = batch.events[batch.events.length - 1];
        if (last === undefined) {
          await committing;
          committing = null;
          if (cache.size > MAX_CACHED_BALANCES) cache.clear();
          this.lagEvents = 0;
          this.recovered();
          await this.pause(this.options.idleWaitMs ?? defaults.DEFAULT_PUBLISH_IDLE_WAIT_MS);
          next = this.prepare(readFrom, cache);
          continue;
        }
        readFrom = last.stored.position;
        const through = cursor.publishedSequence + batch.events.length;
        const publishing = this.publish(nats, cursor, batch);
        // A full cache is cleared once everything prepared is committed (the table caught up).
        const overfull = cache.size > MAX_CACHED_BALANCES;
        if (!overfull) next = this.prepare(readFrom, cache);
        await publishing;
        await committing;
        await this.options.beforeCommit?.(batch.events.length);
        committing = this.commit(cursor, batch, through);
        committing.catch(() => undefined);
        if (overfull) {
          await committing;
          committing = null;
          cache.clear();
          next = this.prepare(readFrom, cache);
        }
      }
    } finally {
      await next.catch(() => undefined);
      await committing;
    }
  }

  /** Reads and prepares the batch after `from`; its failure surfaces where it is awaited. */
  private prepare(from: string, cache: BalancesCache): Promise<PreparedBatch> {
    const prepared = (async () => {
      const events = await readEvents(this.options.store, from, this.batchSize);
      const options = { publisher: this.name, subjectPrefix: this.prefix };
      return prepareBatch(this.options.pool, this.options.store, options, events, cache);
    })();
    prepared.catch(() => undefined);
    return prepared;
  }

  /** Publishes the batch's messages the stream does not hold yet, awaiting every ack. */
  private async publish(nats: NatsConnection, cursor: Cursor, batch: PreparedBatch) {
    const held = Math.min(cursor.streamSequence - cursor.publishedSequence, batch.events.length);
    cursor.streamSequence = await publishInOrder(
      nats,
      this.stream.name,
      batch.messages.slice(held),
      cursor.streamSequence,
      this.options.ackTimeoutMs ?? defaults.DEFAULT_ACK_TIMEOUT_MS,
    );
    cursor.publishedSequence += batch.events.length;
  }

  /** The batch's balances and the checkpoint (through stream sequence `through`), in one transaction. */
  private async commit(cursor: Cursor, batch: PreparedBatch, through: number): Promise<void> {
    const last = batch.events[batch.events.length - 1];
    if (last === undefined) return;
    const moved = await inTransaction(this.options.pool, (client) =>
      advanceCheckpoint(client, {
        name: this.name,
        stream: this.stream.name,
        expected: cursor.position,
        position: last.stored.position,
        streamSequence: through,
        events: batch.events.length,
        balances: batch.balances,
      }),
    );
    if (!moved) throw new Error(`checkpoint of publisher ${this.name} moved under it`);
    cursor.position = last.stored.position;
    this.position = cursor.position;
    this.eventsPublished += batch.events.length;
    this.lastPublishedAt = new Date();
    this.state = "running";
    this.recovered();
    await this.refreshLag(batch.events.length);
  }

  /** Head minus checkpoint: 0 after a short batch, else counted at most once a LAG_REFRESH_MS. */
  private async refreshLag(batchLength: number): Promise<void> {
    if (batchLength < this.batchSize) {
      this.lagEvents = 0;
      return;
    }
    if (Date.now() - this.lagCountedAt < defaults.LAG_REFRESH_MS) return;
    await this.countLag();
  }

  /** Counts the ledger events after the checkpoint (up to LAG_COUNT_LIMIT), as lag.ts does. */
  private async countLag(): Promise<void> {
    this.lagCountedAt = Date.now();
    this.lagEvents = await this.options.store.countAll({
      fromPosition: this.position,
      filter: { streamPrefix: LEDGER_STREAM_PREFIX },
      limit: LAG_COUNT_LIMIT,
    });
  }

  private stopping(): boolean {
    return this.abort.signal.aborted;
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.abort.signal }).catch(() => undefined);
  }
}

/**
 * Starts the publisher in the background and returns at once; it applies the `connectors`
 * migrations, connects, and waits out faults by itself. Call stop() to end it.
 */
export async function startEventPublisher(options: EventPublisherOptions): Promise<EventPublisher> {
  const publisher = new NatsEventPublisher(options);
  publisher.start();
  return Promise.resolve(publisher);
}
