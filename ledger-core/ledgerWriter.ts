// The ledger writer: the one place a ledger's commands become durable events. Commands queue
// (bounded); the writer takes up to `maxBatchCommands` of them or waits at most
// `maxBatchWaitMs`, forms a group (groupCommit.ts: decided in order on a fork, whole commands
// only, within the events and bytes one append may carry, each command's events validated
// against the event schema), appends the group's events in ONE append with the expected
// revision, and only then applies them to its state and answers every caller with its own
// outcome. A command that can never be stored is refused alone; one that does not fit waits
// for the next group. A wrong expected revision means another process wrote: reload
// (snapshot + tail) and decide again. An append whose outcome is unknown is checked against
// the store before anyone is answered: a caller gets a true success or an error, never a
// false success. A dry run queues like a command and is decided in queue order (after every
// command queued before it, against the state they produce) but is never applied or appended:
// the writer's state is untouched and no id is spent.
import type { JournalEvent } from "../schemas/index.js";
import { assert } from "./assert.js";
import type { Decision } from "./decision.js";
import {
  DEFAULT_MAX_CACHED_ENTRIES,
  DEFAULT_MAX_CACHED_ENTRY_BYTES,
  EntryCache,
  lookUpEntries,
} from "./entryCache.js";
import { evolve } from "./evolve.js";
import {
  WrongExpectedRevisionError,
  type EventStore,
  type EventToAppend,
} from "./eventStorePort.js";
import { checkGroupLimits, formGroup, type GroupLimits } from "./groupCommit.js";
import { loadLedgerState, storedHashAt, type LedgerSource } from "./ledgerLoader.js";
import { SnapshotSchedule } from "./snapshotSchedule.js";
import { initialState, type EntryRecord, type LedgerState } from "./state.js";
import { expectedRevisionAt, ledgerStreamId } from "./storedEvents.js";

import {
  DEFAULT_MAX_BATCH_COMMANDS,
  DEFAULT_MAX_BATCH_WAIT_MS,
  DEFAULT_MAX_QUEUED_COMMANDS,
  DEFAULT_SNAPSHOT_EVERY_EVENTS,
  MAX_CONFLICT_RETRIES,
  silentLogger,
  WriterError,
  type CommandRequest,
  type DryRunResult,
  type LedgerWriterOptions,
  type WriterLogger,
} from "./writerOptions.js";
import {
  answerGroup,
  commandsOf,
  decidedItems,
  invalidContext,
  itemOf,
  refuseAlone,
  type Queued,
} from "./writerQueue.js";

export * from "./writerOptions.js";

export class LedgerWriter {
  readonly streamId: string;
  private state: LedgerState = initialState();
  private readonly queue: Queued[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  /** A group's append is in flight; what did not fit in it waits in appendDeferred. */
  private appending = false;
  private appendDeferred: readonly Queued[] = [];
  /** The lookup of the next groups' entries while an append is in flight (lookAhead). */
  private lookingAhead: Promise<void> | null = null;
  private stale = false;
  private closed = false;
  private readonly clock: () => number;
  private readonly limits: GroupLimits;
  private readonly maxBatchWaitMs: number;
  private readonly maxQueuedCommands: number;
  private readonly snapshotSchedule: SnapshotSchedule;
  private readonly logger: WriterLogger;
  private readonly source: LedgerSource;
  private readonly entryCache: EntryCache;

  private constructor(private readonly options: LedgerWriterOptions) {
    this.streamId = ledgerStreamId(options.ledgerId);
    this.clock = options.clock ?? Date.now;
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
    this.logger = options.logger ?? silentLogger;
    this.snapshotSchedule = new SnapshotSchedule(
      this.streamId,
      options.snapshots,
      options.snapshotEveryEvents ?? DEFAULT_SNAPSHOT_EVERY_EVENTS,
      this.logger,
    );
    this.entryCache = new EntryCache({
      maxEntries: options.maxCachedEntries ?? DEFAULT_MAX_CACHED_ENTRIES,
      maxBytes: options.maxCachedEntryBytes ?? DEFAULT_MAX_CACHED_ENTRY_BYTES,
    });
    this.source = {
      streamId: this.streamId,
      store: options.store,
      logger: this.logger,
      ...(options.snapshots === undefined ? {} : { snapshots: options.snapshots }),
    };
    assert(this.maxQueuedCommands >= this.limits.maxCommands, "the queue holds at least one batch");
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

  /**
   * The record of an entry id: from the writer's window, else rebuilt from the store's entry
   * lookup (not cached: the window changes only between groups); undefined if never decided.
   */
  async entryRecord(entryId: string): Promise<EntryRecord | undefined> {
    const cached = this.state.entries.get(entryId);
    if (cached !== undefined) return cached;
    const wanted = new Set([entryId]);
    return (await lookUpEntries(this.options.store, this.streamId, wanted)).get(entryId);
  }

  get queuedCommands(): number {
    return this.queue.length;
  }

  /** Nothing queued and no append in flight: closing now would wait for nothing. */
  get idle(): boolean {
    return this.queue.length === 0 && this.flushing === null;
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
      this.lookAhead();
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
      this.lookAhead();
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
      const taken = this.queue.splice(0, this.limits.maxCommands);
      try {
        const deferred = await this.commit(taken);
        // What did not fit waits at the head of the queue, in order, for the next group.
        this.queue.unshift(...deferred);
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
        for (const queued of taken) queued.reject(failure);
      }
    }
  }

  /**
   * Forms a group of `taken` (in order), appends it and answers its callers (and the dry runs
   * among them); refuses alone the commands that can never be stored; reloads and decides
   * again on a conflict. Returns the items that did not fit, for the next group.
   */
  private async commit(taken: readonly Queued[]): Promise<readonly Queued[]> {
    let pending = taken;
    for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt += 1) {
      await this.lookingAhead; // never two lookups at once
      this.lookingAhead = null;
      if (this.stale) await this.reload();
      await this.entryCache.prefetch(
        this.options.store,
        this.streamId,
        this.state,
        pending.flatMap(commandsOf),
      );
      const now = this.clock();
      const group = formGroup(
        this.state,
        pending.map((queued) => itemOf(queued, now)),
        this.limits,
      );
      refuseAlone(pending, group);
      const deferred = pending.slice(group.deferredFrom);
      if (group.toAppend.length === 0) {
        this.entryCache.trim(this.state);
        answerGroup(pending, group);
        return deferred;
      }
      const events = group.members.flatMap(({ decision }) => decision.events);
      const started = performance.now();
      this.appending = true;
      this.appendDeferred = deferred;
      const appended = this.append(events, group.toAppend);
      this.lookAhead();
      const outcome = await appended.finally(() => {
        this.appending = false;
        this.appendDeferred = [];
      });
      const appendMs = performance.now() - started;
      if (outcome === "conflict") {
        pending = [...decidedItems(pending, group), ...deferred];
        continue;
      }
      if (outcome === "failed") {
        // Dry runs decided after these members stood on them: they fail alike.
        const error = new WriterError(
          "append_failed",
          "the events could not be stored; retry the command",
        );
        for (const queued of decidedItems(pending, group)) queued.reject(error);
        return deferred;
      }
      if (outcome === "appended") for (const event of events) evolve(this.state, event);
      this.entryCache.evolved(this.state, events);
      this.options.onBatch?.({
        ledgerId: this.options.ledgerId,
        commands: group.members.length,
        events: events.length,
        appendMs,
      });
      answerGroup(pending, group);
      this.snapshotSchedule.afterGroup(this.state, this.queue.length + deferred.length);
      return deferred;
    }
    const error = new WriterError(
      "concurrency_conflict",
      `another writer kept appending to ${this.streamId}; retry the command`,
    );
    for (const queued of pending) queued.reject(error);
    return [];
  }

  /**
   * While a group's append is in flight, looks up in the store the entries that the commands
   * queued behind it name (what did not fit first, then each command as it arrives), so that
   * the database and this process work at the same time. Only a warm-up: the next group's own
   * prefetch loads whatever this missed (a failed lookup, a record evicted since), so an error
   * is dropped. One lookup at a time; it stops once the append is answered.
   */
  private lookAhead(): void {
    if (this.lookingAhead !== null || !this.appending) return;
    this.lookingAhead = (async () => {
      let seen = 0;
      while (this.appending && seen < this.deferredAndQueued().length) {
        const next = this.deferredAndQueued().slice(seen, seen + this.limits.maxCommands);
        seen += next.length;
        await this.entryCache
          .prefetch(this.options.store, this.streamId, this.state, next.flatMap(commandsOf))
          .catch(() => 0);
      }
    })().finally(() => {
      this.lookingAhead = null;
    });
  }

  private deferredAndQueued(): readonly Queued[] {
    return this.appendDeferred.length === 0 ? this.queue : [...this.appendDeferred, ...this.queue];
  }

  /**
   * Appends `events` at the chain head. "appended": durable, state not yet evolved;
   * "landed": found durable after an unknown outcome, state already reloaded with them;
   * "conflict": another writer moved the stream; "failed": nothing of it is stored.
   */
  private async append(
    events: readonly JournalEvent[],
    toAppend: readonly EventToAppend[],
  ): Promise<"appended" | "landed" | "conflict" | "failed"> {
    try {
      await this.options.store.append(
        this.streamId,
        toAppend,
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
    if (this.state.chain.nextSequence <= last.metadata.sequence) return false;
    return (await storedHashAt(this.source, last.metadata.sequence)) === last.metadata.hash;
  }

  /** Rebuilds state: the latest usable snapshot, then every later event of the stream. */
  private async reload(): Promise<void> {
    const loaded = await loadLedgerState(this.source);
    this.snapshotSchedule.loaded(loaded.snapshotSequence);
    this.state = loaded.state;
    this.entryCache.reset(this.state);
    this.stale = false;
  }
}
