// The ledger writer's pipeline: how queued commands become durable groups. One group's append
// is in flight while the next is decided on top of it (on a fork holding the in-flight group's
// events), so the database and this process work at the same time. A group decided ahead is
// appended only once the one before it is durable, and nothing of it is answered before then;
// when the one before it is not stored as decided (a conflict, a failure, an unknown outcome
// found durable after a reload), it is decided again from the store's state. The writer
// (ledgerWriter.ts) owns intake and scheduling; this owns the state, the groups and the appends.
import type { JournalEvent } from "../schemas/index.js";
import { assert } from "./assert.js";
import { forkFor } from "./decide.js";
import type { EntryCache } from "./entryCache.js";
import { evolve } from "./evolve.js";
import {
  WrongExpectedRevisionError,
  type EventStore,
  type EventToAppend,
} from "./eventStorePort.js";
import { formGroup, type FormedGroup, type GroupLimits } from "./groupCommit.js";
import { loadLedgerState, storedHashAt, type LedgerSource } from "./ledgerLoader.js";
import type { SnapshotSchedule } from "./snapshotSchedule.js";
import { initialState, type LedgerState } from "./state.js";
import { expectedRevisionAt } from "./storedEvents.js";
import {
  MAX_CONFLICT_RETRIES,
  WriterError,
  type LedgerWriterOptions,
  type WriterLogger,
} from "./writerOptions.js";
import {
  answerGroup,
  commandsOf,
  decidedItems,
  itemOf,
  refuseAlone,
  type Queued,
} from "./writerQueue.js";

/** What the pipeline works with: the writer's settings and helpers, fixed at open. */
export interface PipelineParts {
  readonly ledgerId: string;
  readonly streamId: string;
  readonly store: EventStore;
  readonly limits: GroupLimits;
  readonly clock: () => number;
  readonly logger: WriterLogger;
  readonly source: LedgerSource;
  readonly entryCache: EntryCache;
  readonly snapshotSchedule: SnapshotSchedule;
  readonly onBatch: LedgerWriterOptions["onBatch"];
  /** Set once the writer is abandoned (its lease lost): nothing more is decided or appended. */
  readonly halted: () => WriterError | null;
}

/** A group decided and not yet answered: its queued items, its decisions, its events. */
interface Formed {
  readonly pending: readonly Queued[];
  readonly group: FormedGroup;
  /** The members' events, in order, as they will be appended. */
  readonly events: readonly JournalEvent[];
}

/** A group whose append is in flight. */
interface InFlight extends Formed {
  readonly started: number;
  readonly outcome: Promise<AppendOutcome>;
}

/**
 * "appended": durable, state not yet evolved; "landed": found durable after an unknown
 * outcome, state already reloaded with them; "conflict": another writer moved the stream;
 * "failed": nothing of it is stored.
 */
type AppendOutcome = "appended" | "landed" | "conflict" | "failed";

export class WriterPipeline {
  /** The durable state: only events known to be stored are in it. */
  state: LedgerState = initialState();
  /** Wakes the pipeline when something is queued while an append is in flight. */
  private arrived: { readonly promise: Promise<void>; readonly resolve: () => void } | null = null;
  private stale = false;
  /** Between answering a group and taking the next (yieldToCallers): idle if nothing queued. */
  yielding = false;

  /** `queue` is the writer's own queue: the pipeline takes from its head and puts back there. */
  constructor(
    private readonly queue: Queued[],
    private readonly parts: PipelineParts,
  ) {}

  /** Forms, appends and answers groups until the queue is empty and nothing is in flight. */
  async drain(): Promise<void> {
    let inFlight: InFlight | null = null;
    let ahead: Formed | null = null;
    let conflicts = 0;
    for (;;) {
      if (inFlight === null) {
        if (this.rejectedAsHalted(this.queue)) return;
        // Nothing is decided ahead of nothing: `ahead` is set only beside an append in flight.
        const next = this.queue.length > 0 ? await this.formNext() : null;
        if (next === null) {
          if (this.queue.length > 0) continue; // a group failed to form: go on with the rest
          return;
        }
        inFlight = this.dispatch(next);
        continue;
      }
      ahead ??= await this.formAheadOf(inFlight);
      const settled: InFlight = inFlight;
      const outcome = await settled.outcome;
      inFlight = null;
      const applied =
        outcome === "appended" &&
        this.guarded(settled.pending, () => {
          this.applyAppended(settled);
        });
      if (applied) {
        conflicts = 0;
        // The next append starts before this group's callers are answered.
        if (ahead !== null && !this.rejectedAsHalted(ahead.pending))
          inFlight = this.dispatch(ahead);
        ahead = null;
        this.guarded(settled.pending, () => {
          answerGroup(settled.pending, settled.group);
        });
        if (inFlight !== null) continue;
        // Nothing in flight: the drain ends, once the callers just answered have queued their
        // next commands; the writer then schedules what is queued (at once, or after its batch
        // wait) as one group, instead of the commands queued during the append going alone.
        await this.yieldToCallers();
        return;
      }
      // The group decided ahead stood on events that are not stored as decided: decide again.
      if (ahead !== null) this.queue.unshift(...ahead.pending);
      ahead = null;
      if (outcome === "appended") continue; // a bug while applying: its callers failed
      if (outcome === "landed") {
        conflicts = 0;
        this.guarded(settled.pending, () => {
          this.applyAppended(settled);
          answerGroup(settled.pending, settled.group);
        });
      } else if (outcome === "conflict" && conflicts < MAX_CONFLICT_RETRIES) {
        conflicts += 1;
        this.queue.unshift(...decidedItems(settled.pending, settled.group));
      } else {
        conflicts = 0;
        this.rejectUnstored(settled, outcome);
      }
    }
  }

  /** Takes the next group from the queue and decides it on the writer's state. */
  private async formNext(): Promise<Formed | null> {
    const taken = this.queue.splice(0, this.parts.limits.maxCommands);
    try {
      if (this.stale) await this.reload();
      await this.parts.entryCache.prefetch(
        this.parts.store,
        this.parts.streamId,
        this.state,
        taken.flatMap(commandsOf),
      );
      return this.formed(this.state, taken);
    } catch (error) {
      this.failed(taken, error);
      return null;
    }
  }

  /**
   * While `inFlight` appends: warms the entry window for the commands queued behind it (one
   * lookup at a time, as they arrive) and, once a full group waits, decides it on a fork of the
   * state with `inFlight`'s events applied. A partial queue is not decided ahead: it waits to
   * join what arrives before the append is answered, so groups stay as large as the load makes
   * them (deciding ahead from a trickle would split closed-loop callers into alternating
   * half-size groups, each paying a whole commit). Null when the append is answered first, or
   * the state was replaced meanwhile (a reload after an append error).
   */
  private async formAheadOf(inFlight: InFlight): Promise<Formed | null> {
    const append = { answered: false };
    void inFlight.outcome.then(() => {
      append.answered = true;
    });
    let warmed = 0;
    while (!this.fullGroupWaits(inFlight)) {
      if (append.answered) return null;
      if (warmed < this.queue.length) {
        const next = this.queue.slice(warmed, warmed + this.parts.limits.maxCommands);
        warmed += next.length;
        // Only a warm-up: the group's own prefetch loads whatever this misses.
        await this.parts.entryCache
          .prefetch(this.parts.store, this.parts.streamId, this.state, next.flatMap(commandsOf))
          .catch(() => 0);
        continue;
      }
      await Promise.race([inFlight.outcome, this.arrival()]);
    }
    const base = this.state;
    // After an append error the state is reloaded (with or without the in-flight events):
    // nothing is decided ahead of an append whose outcome is being checked.
    const onBase = () =>
      this.state === base &&
      !this.stale &&
      this.decidedOn(inFlight) &&
      this.parts.halted() === null;
    if (!onBase()) return null;
    const taken = this.queue.splice(0, this.parts.limits.maxCommands);
    try {
      const commands = taken.flatMap(commandsOf);
      await this.parts.entryCache.prefetch(this.parts.store, this.parts.streamId, base, commands);
      if (!onBase()) {
        this.queue.unshift(...taken);
        return null;
      }
      const fork = forkFor(base, [...inFlight.pending.flatMap(commandsOf), ...commands]);
      for (const event of inFlight.events) evolve(fork, event);
      return this.formed(fork, taken);
    } catch (error) {
      this.failed(taken, error);
      return null;
    }
  }

  /** A whole group waits: as many commands as a group takes, or `inFlight` was cut short. */
  private fullGroupWaits(inFlight: InFlight): boolean {
    return (
      this.queue.length >= this.parts.limits.maxCommands ||
      (inFlight.group.deferredFrom < inFlight.pending.length && this.queue.length > 0)
    );
  }

  /** Whether `inFlight` was decided on the state as it is (its events start at the head). */
  private decidedOn(inFlight: InFlight): boolean {
    return inFlight.events[0]?.metadata.sequence === this.state.chain.nextSequence;
  }

  /** Decides `taken` in order on `state` (never changed): the group, not yet answered. */
  private formed(state: LedgerState, taken: readonly Queued[]): Formed {
    const now = this.parts.clock();
    const group = formGroup(
      state,
      taken.map((queued) => itemOf(queued, now)),
      this.parts.limits,
    );
    const events = group.members.flatMap(({ decision }) => decision.events);
    return { pending: taken, group, events };
  }

  /**
   * Answers the commands a group refused alone, puts back at the head of the queue what did
   * not fit, and starts the group's append; a group with nothing to append is answered now.
   */
  private dispatch(formed: Formed): InFlight | null {
    const { pending, group, events } = formed;
    refuseAlone(pending, group);
    this.queue.unshift(...pending.slice(group.deferredFrom));
    if (group.toAppend.length === 0) {
      this.guarded(pending, () => {
        this.parts.entryCache.trim(this.state);
        answerGroup(pending, group);
      });
      return null;
    }
    const first = events[0];
    assert(
      first?.metadata.sequence === this.state.chain.nextSequence,
      "a group is appended at the chain head it was decided on",
    );
    const started = performance.now();
    return { ...formed, started, outcome: this.append(events, group.toAppend) };
  }

  /** A group is durable: the state takes its events (unless reloaded with them already). */
  private applyAppended(settled: InFlight): void {
    if (this.state.chain.nextSequence === settled.events[0]?.metadata.sequence) {
      for (const event of settled.events) evolve(this.state, event);
    }
    this.parts.entryCache.evolved(this.state, settled.events);
    this.parts.onBatch?.({
      ledgerId: this.parts.ledgerId,
      commands: settled.group.members.length,
      events: settled.events.length,
      appendMs: performance.now() - settled.started,
    });
    this.parts.snapshotSchedule.afterGroup(this.state, this.queue.length);
  }

  /** A group that is not stored: its callers (and the dry runs decided on it) get an error. */
  private rejectUnstored(settled: InFlight, outcome: "conflict" | "failed"): void {
    const error =
      outcome === "conflict"
        ? new WriterError(
            "concurrency_conflict",
            `another writer kept appending to ${this.parts.streamId}; retry the command`,
          )
        : new WriterError("append_failed", "the events could not be stored; retry the command");
    for (const queued of decidedItems(settled.pending, settled.group)) queued.reject(error);
  }

  /** Once halted, `items` (emptied if it is the queue) get the halting error: true. */
  private rejectedAsHalted(items: Queued[] | readonly Queued[]): boolean {
    const error = this.parts.halted();
    if (error === null) return false;
    const rejected = items === this.queue ? this.queue.splice(0) : items;
    for (const queued of rejected) queued.reject(error);
    return true;
  }

  /**
   * Resolves after the microtasks queued now have run (the answered callers' next submits).
   * Meanwhile the pipeline is `yielding`: nothing queued, nothing in flight, nothing to wait for.
   */
  private async yieldToCallers(): Promise<void> {
    this.yielding = true;
    try {
      await new Promise((resolve) => {
        setImmediate(resolve);
      });
    } finally {
      this.yielding = false;
    }
  }

  /** Runs `step`; a throw is a bug (a broken invariant): `items` get writer_failed. */
  private guarded(items: readonly Queued[], step: () => void): boolean {
    try {
      step();
      return true;
    } catch (error) {
      this.failed(items, error);
      return false;
    }
  }

  /** Nothing of `items` was acknowledged: they fail, and the state is reloaded before use. */
  private failed(items: readonly Queued[], error: unknown): void {
    this.stale = true;
    this.parts.logger.error(
      { err: error, stream: this.parts.streamId },
      "ledger writer batch failed",
    );
    const failure = new WriterError(
      "writer_failed",
      "the ledger writer failed; retry the command",
      { cause: error },
    );
    for (const queued of items) queued.reject(failure);
  }

  /** Resolves when a command or dry run is queued (wake()). */
  private arrival(): Promise<void> {
    if (this.arrived === null) {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      this.arrived = { promise, resolve };
    }
    return this.arrived.promise;
  }

  /** Something was queued: wakes a drain waiting beside an append in flight. */
  wake(): void {
    const arrived = this.arrived;
    this.arrived = null;
    arrived?.resolve();
  }

  /** Appends `events` at the chain head; never throws (AppendOutcome). */
  private async append(
    events: readonly JournalEvent[],
    toAppend: readonly EventToAppend[],
  ): Promise<AppendOutcome> {
    try {
      await this.parts.store.append(
        this.parts.streamId,
        toAppend,
        expectedRevisionAt(this.state.chain),
      );
      return "appended";
    } catch (error) {
      this.stale = true;
      if (error instanceof WrongExpectedRevisionError) {
        this.parts.logger.warn(
          { stream: this.parts.streamId, expected: String(error.expected) },
          "stream moved; reloading",
        );
        return "conflict";
      }
      this.parts.logger.warn(
        { err: error, stream: this.parts.streamId },
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
      this.parts.logger.error(
        { err: error, stream: this.parts.streamId },
        "reload after a failed append failed",
      );
      return false;
    }
    if (this.state.chain.nextSequence <= last.metadata.sequence) return false;
    return (await storedHashAt(this.parts.source, last.metadata.sequence)) === last.metadata.hash;
  }

  /** Rebuilds state: the latest usable snapshot, then every later event of the stream. */
  async reload(): Promise<void> {
    const loaded = await loadLedgerState(this.parts.source);
    this.parts.snapshotSchedule.loaded(loaded.snapshotSequence);
    this.state = loaded.state;
    this.parts.entryCache.reset(this.state);
    this.stale = false;
  }
}
