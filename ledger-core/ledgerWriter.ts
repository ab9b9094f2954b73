// The ledger writer: the one place a ledger's commands become durable events. Commands queue
// (bounded); the writer takes up to `maxBatchCommands` of them or waits at most
// `maxBatchWaitMs`, decides them in order on a fork (each sees the effects of those before
// it), appends all their events in ONE append with the expected revision, and only then
// applies them to its state and answers every caller with its own outcome. A wrong expected
// revision means another process wrote: reload (snapshot + tail) and decide again. An append
// whose outcome is unknown is checked against the store before anyone is answered: a caller
// gets a true success or an error, never a false success.
import type { Command, JournalEvent } from "../schemas/index.js";
import { assert } from "./assert.js";
import { decideSequence } from "./decide.js";
import type { Decision, DecisionContext } from "./decision.js";
import { evolve } from "./evolve.js";
import { MAX_READ_BATCH, WrongExpectedRevisionError, type EventStore } from "./eventStorePort.js";
import { snapshotOf, stateFromSnapshot, type SnapshotStore } from "./snapshots.js";
import { initialState, type LedgerState } from "./state.js";
import {
  expectedRevisionAt,
  fromStoredEvent,
  ledgerStreamId,
  toEventToAppend,
} from "./storedEvents.js";

export const DEFAULT_MAX_BATCH_COMMANDS = 1_000;
export const DEFAULT_MAX_BATCH_WAIT_MS = 2;
export const DEFAULT_MAX_QUEUED_COMMANDS = 20_000;
export const DEFAULT_SNAPSHOT_EVERY_EVENTS = 50_000;
/** Wrong-expected-revision retries of one batch before its callers get `concurrency_conflict`. */
export const MAX_CONFLICT_RETRIES = 5;

/** The subset of a pino logger the writer uses (ledger-core does not depend on pino). */
export interface WriterLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface LedgerWriterOptions {
  readonly ledgerId: string;
  readonly store: EventStore;
  readonly snapshots?: SnapshotStore;
  /** The injected clock: epoch milliseconds. */
  readonly clock?: () => number;
  readonly maxBatchCommands?: number;
  readonly maxBatchWaitMs?: number;
  readonly maxQueuedCommands?: number;
  readonly snapshotEveryEvents?: number;
  readonly logger?: WriterLogger;
  /** Called after each durable batch (metrics): ledger, commands, events, append milliseconds. */
  readonly onBatch?: (batch: WriterBatch) => void;
}

export interface WriterBatch {
  readonly ledgerId: string;
  readonly commands: number;
  readonly events: number;
  readonly appendMs: number;
}

export interface CommandRequest {
  readonly command: Command;
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId?: string | null;
}

export type WriterErrorCode =
  "overloaded" | "writer_closed" | "append_failed" | "concurrency_conflict" | "writer_failed";

/** A command the writer could not decide durably; nothing of it was acknowledged. */
export class WriterError extends Error {
  constructor(
    readonly code: WriterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "WriterError";
  }
}

interface Queued {
  readonly request: CommandRequest;
  readonly resolve: (decision: Decision) => void;
  readonly reject: (error: Error) => void;
}

const silentLogger: WriterLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export class LedgerWriter {
  readonly streamId: string;
  private state: LedgerState = initialState();
  private readonly queue: Queued[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  private stale = false;
  private closed = false;
  private lastSnapshotSequence = 0;
  private readonly clock: () => number;
  private readonly maxBatchCommands: number;
  private readonly maxBatchWaitMs: number;
  private readonly maxQueuedCommands: number;
  private readonly snapshotEveryEvents: number;
  private readonly logger: WriterLogger;

  private constructor(private readonly options: LedgerWriterOptions) {
    this.streamId = ledgerStreamId(options.ledgerId);
    this.clock = options.clock ?? Date.now;
    this.maxBatchCommands = options.maxBatchCommands ?? DEFAULT_MAX_BATCH_COMMANDS;
    this.maxBatchWaitMs = options.maxBatchWaitMs ?? DEFAULT_MAX_BATCH_WAIT_MS;
    this.maxQueuedCommands = options.maxQueuedCommands ?? DEFAULT_MAX_QUEUED_COMMANDS;
    this.snapshotEveryEvents = options.snapshotEveryEvents ?? DEFAULT_SNAPSHOT_EVERY_EVENTS;
    this.logger = options.logger ?? silentLogger;
    assert(this.maxBatchCommands >= 1, "a batch holds at least one command");
    assert(this.maxQueuedCommands >= this.maxBatchCommands, "the queue holds at least one batch");
    assert(this.maxBatchWaitMs >= 0, "the batch wait is not negative");
  }

  /** Opens the writer of one ledger: its state from the latest usable snapshot plus the tail. */
  static async open(options: LedgerWriterOptions): Promise<LedgerWriter> {
    const writer = new LedgerWriter(options);
    await writer.reload();
    return writer;
  }

  /** The writer's state: strongly consistent reads (read your own writes). Do not mutate. */
  get current(): Readonly<LedgerState> {
    return this.state;
  }

  get queuedCommands(): number {
    return this.queue.length;
  }

  /** Queues a command; resolves with its decision once its events are durable. */
  submit(request: CommandRequest): Promise<Decision> {
    if (this.closed) {
      return Promise.reject(
        new WriterError("writer_closed", `the writer of ${this.streamId} is closed`),
      );
    }
    if (this.queue.length >= this.maxQueuedCommands) {
      return Promise.reject(
        new WriterError(
          "overloaded",
          `${this.queue.length} commands are queued; try again shortly`,
        ),
      );
    }
    return new Promise<Decision>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.schedule();
    });
  }

  /** Stops intake, answers everything queued, and waits for the last append. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  private schedule(): void {
    if (this.flushing !== null) return; // the running flush takes what queued meanwhile
    if (this.queue.length >= this.maxBatchCommands || this.maxBatchWaitMs === 0) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.maxBatchWaitMs);
  }

  private flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
      if (this.queue.length > 0) this.schedule();
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatchCommands);
      try {
        await this.commit(batch);
      } catch (error) {
        // Only a bug (a broken invariant) gets here: nothing was acknowledged; start afresh.
        this.stale = true;
        this.logger.error({ err: error, stream: this.streamId }, "ledger writer batch failed");
        const failure = new WriterError(
          "writer_failed",
          "the ledger writer failed; retry the command",
          {
            cause: error,
          },
        );
        for (const queued of batch) queued.reject(failure);
      }
    }
  }

  /** Decides, appends and answers one batch; reloads and decides again on a conflict. */
  private async commit(batch: readonly Queued[]): Promise<void> {
    for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt += 1) {
      if (this.stale) await this.reload();
      const now = this.clock();
      const contexts = batch.map(({ request }) => contextFor(request, now));
      const commands = batch.map(({ request }) => request.command);
      const { decisions } = decideSequence(this.state, commands, contexts);
      const events = decisions.flatMap((decision) => decision.events);
      if (events.length === 0) {
        answer(batch, decisions);
        return;
      }
      const started = performance.now();
      const outcome = await this.append(events);
      const appendMs = performance.now() - started;
      if (outcome === "conflict") continue;
      if (outcome === "failed") {
        const error = new WriterError(
          "append_failed",
          "the events could not be stored; retry the command",
        );
        for (const queued of batch) queued.reject(error);
        return;
      }
      if (outcome === "appended") for (const event of events) evolve(this.state, event);
      this.options.onBatch?.({
        ledgerId: this.options.ledgerId,
        commands: batch.length,
        events: events.length,
        appendMs,
      });
      answer(batch, decisions);
      this.maybeSnapshot();
      return;
    }
    const error = new WriterError(
      "concurrency_conflict",
      `another writer kept appending to ${this.streamId}; retry the command`,
    );
    for (const queued of batch) queued.reject(error);
  }

  /**
   * Appends `events` at the chain head. "appended": durable, state not yet evolved;
   * "landed": found durable after an unknown outcome, state already reloaded with them;
   * "conflict": another writer moved the stream; "failed": nothing of it is stored.
   */
  private async append(
    events: readonly JournalEvent[],
  ): Promise<"appended" | "landed" | "conflict" | "failed"> {
    try {
      await this.options.store.append(
        this.streamId,
        events.map(toEventToAppend),
        expectedRevisionAt(this.state.chain),
      );
      return "appended";
    } catch (error) {
      this.stale = true;
      if (error instanceof WrongExpectedRevisionError) {
        this.logger.warn(
          { stream: this.streamId, expected: String(error.expected) },
          "stream moved; reloading",
        );
        return "conflict";
      }
      this.logger.warn(
        { err: error, stream: this.streamId },
        "append outcome unknown; checking the store",
      );
      return (await this.landedAfterReload(events)) ? "landed" : "failed";
    }
  }

  /** After an append error: reload, and say whether the last event is in the store as ours. */
  private async landedAfterReload(events: readonly JournalEvent[]): Promise<boolean> {
    const last = events[events.length - 1];
    assert(last !== undefined, "an append has events");
    try {
      await this.reload();
    } catch (error) {
      this.logger.error(
        { err: error, stream: this.streamId },
        "reload after a failed append failed",
      );
      return false;
    }
    const head = this.state.chain;
    if (head.nextSequence <= last.metadata.sequence) return false;
    const [stored] = await this.options.store
      .readStream(this.streamId, {
        fromRevision: BigInt(last.metadata.sequence),
        direction: "forwards",
        maxCount: 1,
      })
      .catch(() => []);
    return stored !== undefined && fromStoredEvent(stored).metadata.hash === last.metadata.hash;
  }

  /** Rebuilds state: the latest usable snapshot, then every later event of the stream. */
  private async reload(): Promise<void> {
    const state = (await this.snapshotState()) ?? initialState();
    for (;;) {
      const page = await this.options.store.readStream(this.streamId, {
        fromRevision: BigInt(state.chain.nextSequence),
        direction: "forwards",
        maxCount: MAX_READ_BATCH,
      });
      for (const stored of page) evolve(state, fromStoredEvent(stored));
      if (page.length < MAX_READ_BATCH) break;
    }
    this.state = state;
    this.stale = false;
  }

  /** The state of the latest snapshot, if it is intact and belongs to this stream's history. */
  private async snapshotState(): Promise<LedgerState | null> {
    const snapshots = this.options.snapshots;
    if (snapshots === undefined) return null;
    try {
      const snapshot = await snapshots.load(this.streamId);
      if (snapshot === null) return null;
      const restored = stateFromSnapshot(snapshot);
      if (!restored.ok) {
        this.logger.warn({ stream: this.streamId, reason: restored.reason }, "snapshot ignored");
        return null;
      }
      const [stored] = await this.options.store.readStream(this.streamId, {
        fromRevision: snapshot.revision,
        direction: "forwards",
        maxCount: 1,
      });
      if (
        stored === undefined ||
        fromStoredEvent(stored).metadata.hash !== restored.state.chain.lastHash
      ) {
        this.logger.warn(
          { stream: this.streamId },
          "snapshot ignored: it is not this stream's history",
        );
        return null;
      }
      this.lastSnapshotSequence = restored.state.chain.nextSequence;
      return restored.state;
    } catch (error) {
      this.logger.warn(
        { err: error, stream: this.streamId },
        "snapshot ignored: it could not be read",
      );
      return null;
    }
  }

  /**
   * Saves a snapshot once `snapshotEveryEvents` have passed and nothing is queued: serializing
   * the state blocks the event loop, so it waits for a quiet moment rather than adding its
   * pause to callers' latency under load (a snapshot only shortens start-up).
   */
  private maybeSnapshot(): void {
    const snapshots = this.options.snapshots;
    const next = this.state.chain.nextSequence;
    if (snapshots === undefined || this.queue.length > 0) return;
    if (next - this.lastSnapshotSequence < this.snapshotEveryEvents) return;
    this.lastSnapshotSequence = next;
    const snapshot = snapshotOf(this.streamId, this.state);
    snapshots.save(snapshot).catch((error: unknown) => {
      this.logger.warn(
        { err: error, stream: this.streamId },
        "snapshot not saved (it is only a cache)",
      );
    });
  }
}

function contextFor(request: CommandRequest, now: number): DecisionContext {
  return {
    now,
    actor: request.actor,
    correlationId: request.correlationId,
    causationId: request.causationId ?? null,
  };
}

function answer(batch: readonly Queued[], decisions: readonly Decision[]): void {
  assert(batch.length === decisions.length, "one decision per queued command");
  batch.forEach((queued, index) => {
    const decision = decisions[index];
    assert(decision !== undefined, "every command has a decision");
    queued.resolve(decision);
  });
}
