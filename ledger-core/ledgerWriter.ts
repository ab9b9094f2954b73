// The ledger writer: the one place a ledger's commands become durable events. Commands queue
// (bounded); the writer takes up to `maxBatchCommands` of them or waits at most
// `maxBatchWaitMs`, forms a group (groupCommit.ts: decided in order on a fork, whole commands
// only, within the events and bytes one append may carry, each command's events validated
// against the event schema), appends the group's events in ONE append with the expected
// revision, and only then applies them to its state and answers every caller with its own
// outcome; while one group appends, the next is decided on top of it (writerPipeline.ts). A command that can never be stored is refused alone; one that does not fit waits
// for the next group. A wrong expected revision means another process wrote: reload
// (snapshot + tail) and decide again. An append whose outcome is unknown is checked against
// the store before anyone is answered: a caller gets a true success or an error, never a
// false success. A dry run queues like a command and is decided in queue order (after every
// command queued before it, against the state they produce) but is never applied or appended:
// the writer's state is untouched and no id is spent.
import { assert } from "./assert.js";
import type { Decision } from "./decision.js";
import {
  DEFAULT_MAX_CACHED_ENTRIES,
  DEFAULT_MAX_CACHED_ENTRY_BYTES,
  EntryCache,
  lookUpEntries,
} from "./entryCache.js";
import type { EventStore } from "./eventStorePort.js";
import { checkGroupLimits, type GroupLimits } from "./groupCommit.js";
import { SnapshotSchedule } from "./snapshotSchedule.js";
import type { EntryRecord, LedgerState } from "./state.js";
import { ledgerStreamId } from "./storedEvents.js";
import {
  DEFAULT_MAX_BATCH_COMMANDS,
  DEFAULT_MAX_BATCH_WAIT_MS,
  DEFAULT_MAX_QUEUED_COMMANDS,
  DEFAULT_SNAPSHOT_EVERY_EVENTS,
  silentLogger,
  WriterError,
  type CommandRequest,
  type DryRunResult,
  type LedgerWriterOptions,
} from "./writerOptions.js";
import { WriterPipeline } from "./writerPipeline.js";
import { invalidContext, type Queued } from "./writerQueue.js";

export * from "./writerOptions.js";

export class LedgerWriter {
  readonly streamId: string;
  private readonly queue: Queued[] = [];
  private readonly pipeline: WriterPipeline;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  /** Why the writer was abandoned (abandon()), or null. */
  private halt: WriterError | null = null;
  private readonly limits: GroupLimits;
  private readonly maxBatchWaitMs: number;
  private readonly maxQueuedCommands: number;

  private constructor(private readonly options: LedgerWriterOptions) {
    this.streamId = ledgerStreamId(options.ledgerId);
    const store = options.store.appendLimits as EventStore["appendLimits"] | undefined;
    // A wrapper built by hand may drop the field: say so rather than fail on undefined.
    assert(store !== undefined, "the event store states its append limits");
    this.limits = {
      maxCommands: options.maxBatchCommands ?? DEFAULT_MAX_BATCH_COMMANDS,
      maxEvents: Math.min(options.maxBatchEvents ?? store.maxEvents, store.maxEvents),
      maxBytes: Math.min(options.maxBatchBytes ?? store.maxBytes, store.maxBytes),
    };
    checkGroupLimits(this.limits);
    this.maxBatchWaitMs = options.maxBatchWaitMs ?? DEFAULT_MAX_BATCH_WAIT_MS;
    this.maxQueuedCommands = options.maxQueuedCommands ?? DEFAULT_MAX_QUEUED_COMMANDS;
    const logger = options.logger ?? silentLogger;
    this.pipeline = new WriterPipeline(this.queue, {
      ledgerId: options.ledgerId,
      streamId: this.streamId,
      store: options.store,
      limits: this.limits,
      clock: options.clock ?? Date.now,
      logger,
      source: {
        streamId: this.streamId,
        store: options.store,
        logger,
        ...(options.snapshots === undefined ? {} : { snapshots: options.snapshots }),
      },
      entryCache: new EntryCache({
        maxEntries: options.maxCachedEntries ?? DEFAULT_MAX_CACHED_ENTRIES,
        maxBytes: options.maxCachedEntryBytes ?? DEFAULT_MAX_CACHED_ENTRY_BYTES,
      }),
      snapshotSchedule: new SnapshotSchedule(
        this.streamId,
        options.snapshots,
        options.snapshotEveryEvents ?? DEFAULT_SNAPSHOT_EVERY_EVENTS,
        logger,
      ),
      onBatch: options.onBatch,
      halted: () => this.halt,
    });
    assert(this.maxQueuedCommands >= this.limits.maxCommands, "the queue holds at least one batch");
    assert(this.maxBatchWaitMs >= 0, "the batch wait is not negative");
  }

  /** Opens the writer of one ledger: its state from the latest usable snapshot plus the tail. */
  static async open(options: LedgerWriterOptions): Promise<LedgerWriter> {
    const writer = new LedgerWriter(options);
    await writer.pipeline.reload();
    return writer;
  }

  /** The writer's state: strongly consistent reads (read your own writes). Do not mutate. */
  get current(): Readonly<LedgerState> {
    return this.pipeline.state;
  }

  /**
   * The record of an entry id: from the writer's window, else rebuilt from the store's entry
   * lookup (not cached: the window changes only between groups); undefined if never decided.
   */
  async entryRecord(entryId: string): Promise<EntryRecord | undefined> {
    const cached = this.pipeline.state.entries.get(entryId);
    if (cached !== undefined) return cached;
    const wanted = new Set([entryId]);
    return (await lookUpEntries(this.options.store, this.streamId, wanted)).get(entryId);
  }

  get queuedCommands(): number {
    return this.queue.length;
  }

  /** Nothing queued and no append in flight: closing now would wait for nothing. */
  get idle(): boolean {
    return this.queue.length === 0 && (this.flushing === null || this.pipeline.yielding);
  }

  /** The limits of one group: commands, and the events and bytes of one append. */
  get groupLimits(): GroupLimits {
    return this.limits;
  }

  /** Queues a command; resolves with its decision once its events are durable. */
  submit(request: CommandRequest): Promise<Decision> {
    const refused = this.intakeRefusal([request]);
    if (refused !== null) return Promise.reject(refused);
    return new Promise<Decision>((resolve, reject) => {
      this.queue.push({ kind: "command", request, resolve, reject });
      this.schedule();
      this.pipeline.wake();
    });
  }

  /**
   * Queues a dry run of `requests`: decided in order once every command queued before it is
   * decided (and durable), each seeing the ones before it, as if submitted here one after the
   * other; none is applied or appended, so the state is untouched and no id is spent. Resolves
   * with each one's decision (events sealed with the sequence and hash they would have had) or
   * its refusal, and the state after them.
   */
  dryRun(requests: readonly CommandRequest[]): Promise<DryRunResult> {
    assert(requests.length > 0, "a dry run has at least one command");
    const refused = this.intakeRefusal(requests);
    if (refused !== null) return Promise.reject(refused);
    return new Promise<DryRunResult>((resolve, reject) => {
      this.queue.push({ kind: "dryRun", requests, resolve, reject });
      this.schedule();
      this.pipeline.wake();
    });
  }

  /** Why a request is refused before anything is decided, or null if it may queue. */
  private intakeRefusal(requests: readonly CommandRequest[]): WriterError | null {
    if (this.closed) {
      return new WriterError("writer_closed", `the writer of ${this.streamId} is closed`);
    }
    for (const request of requests) {
      // Refused before anything is decided: its events could never be read back (or stored).
      const invalid = invalidContext(request);
      if (invalid !== null) return invalid;
    }
    if (this.queue.length >= this.maxQueuedCommands) {
      return new WriterError(
        "overloaded",
        `${this.queue.length} commands are queued; try again shortly`,
      );
    }
    return null;
  }

  /** Stops intake, answers everything queued, and waits for the last append. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  /**
   * Stops at once, without deciding anything more (the ledger's lease was lost): intake closes
   * and every command and dry run still queued, or decided and waiting behind the append in
   * flight, is answered with `error`. A group whose append is already in flight is answered by
   * that append's outcome; close() still waits for it.
   */
  abandon(error: WriterError): void {
    this.closed = true;
    this.halt = error;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const queued of this.queue.splice(0)) queued.reject(error);
  }

  private schedule(): void {
    if (this.flushing !== null) return; // the running flush takes what queued meanwhile
    if (this.queue.length >= this.limits.maxCommands || this.maxBatchWaitMs === 0) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.maxBatchWaitMs);
  }

  private flush(): Promise<void> {
    if (this.flushing !== null) return this.flushing;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const flushing = this.pipeline.drain().finally(() => {
      this.flushing = null;
      if (this.queue.length > 0) this.schedule();
    });
    this.flushing = flushing;
    return flushing;
  }
}
