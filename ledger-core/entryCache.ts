// The writer's entry records, bounded: its state keeps the open holds (live: the sweeper and
// every post or void need them) and a window of the most recently decided or looked-up entry
// ids, at most `maxEntries` records and about `maxBytes` of them; older records leave it.
// Before a group is decided, every entry id its commands name that is not in the window is
// looked up in the store (readEntryEvents, one round trip per MAX_ENTRY_LOOKUP ids) and its
// record rebuilt with the same rules evolve() applies (entryRecordsOf), so the decider, pure
// and synchronous, decides exactly as with every record in memory. An id the store does not
// know is new. Idempotency therefore holds for every id ever decided, however old.
import { assert } from "./assert.js";
import { referencedIds } from "./decide.js";
import { entryRecordsOf } from "./entryRecords.js";
import { MAX_ENTRY_LOOKUP, type EventStore } from "./eventStorePort.js";
import { emptyRiskIds } from "./riskState.js";
import type { EntryRecord, LedgerState } from "./state.js";
import { fromStoredEvent } from "./storedEvents.js";
import { ID_PATTERN, MAX_ID_LENGTH, type Command, type JournalEvent } from "../schemas/index.js";

/** Records kept besides the open holds, by default. */
export const DEFAULT_MAX_CACHED_ENTRIES = 100_000;
/** Estimated bytes of those records, by default (about 550 bytes a two-posting entry). */
export const DEFAULT_MAX_CACHED_ENTRY_BYTES = 64 * 1024 * 1024;

export interface EntryCacheLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

const isStorableId = (id: string): boolean => id.length <= MAX_ID_LENGTH && ID_PATTERN.test(id);

/** What a record costs the heap, roughly: measured at about 550 bytes with two postings. */
export function estimatedEntryBytes(record: EntryRecord): number {
  const postings = record.postings.length + (record.hold?.postedPostings.length ?? 0);
  return 250 + 150 * postings;
}

/** The state with the live entry records only (the open holds): what a snapshot keeps. */
export function liveState(state: LedgerState): LedgerState {
  const entries = new Map<string, EntryRecord>();
  for (const id of state.openHolds) {
    const hold = state.entries.get(id);
    assert(hold !== undefined, `open hold ${id} has a record`);
    entries.set(id, hold);
  }
  return { ...state, entries };
}

/**
 * The records of `wanted` ids rebuilt from the store's entry lookup, from the events before
 * `head` when given (later ones are another process's: the writer reloads before using them).
 */
export async function lookUpEntries(
  store: EventStore,
  streamId: string,
  wanted: ReadonlySet<string>,
  head?: bigint,
): Promise<Map<string, EntryRecord>> {
  const stored = await store.readEntryEvents(streamId, [...wanted]);
  const events = stored
    .filter((event) => head === undefined || event.revision < head)
    .map(fromStoredEvent);
  return entryRecordsOf(events, wanted);
}

export class EntryCache {
  private bytes = 0;
  private readonly sizes = new WeakMap<EntryRecord, number>();
  /** Bumped by reset(): a lookup begun on an older state must not count into this one. */
  private generation = 0;

  constructor(private readonly limits: EntryCacheLimits) {
    assert(limits.maxEntries >= 0 && limits.maxBytes >= 0, "cache limits are not negative");
  }

  /** Counts every record of a freshly loaded state, then trims it. */
  reset(state: LedgerState): void {
    this.generation += 1;
    this.bytes = 0;
    for (const record of state.entries.values()) this.count(record);
    this.trim(state);
  }

  /** Counts the records that `events` (just evolved into `state`) created, then trims. */
  evolved(state: LedgerState, events: readonly JournalEvent[]): void {
    for (const event of events) {
      const creates =
        event.type === "EntryPosted" ||
        event.type === "EntryPended" ||
        event.type === "EntryRejected";
      const record = creates ? state.entries.get(event.data.entryId) : undefined;
      if (record !== undefined && !this.sizes.has(record)) this.count(record);
    }
    this.trim(state);
  }

  /**
   * Loads into `state` the records of the entry ids `commands` name that it does not hold:
   * one store lookup per MAX_ENTRY_LOOKUP ids. Events past the state's head (another process
   * appended, or the group in flight when the writer looks ahead) are ignored: the append will
   * conflict and the writer reloads, or the group's own records arrive through evolved(). A
   * lookup that finishes after a reset() loads nothing: its state was replaced.
   */
  async prefetch(
    store: EventStore,
    streamId: string,
    state: LedgerState,
    commands: readonly Command[],
  ): Promise<number> {
    const into = {
      accountIds: new Set<string>(),
      entryIds: new Set<string>(),
      risk: emptyRiskIds(),
    };
    for (const command of commands) referencedIds(state, command, into);
    // An id the event schema refuses was never stored: it is new, nothing to look up.
    const missing = [...into.entryIds].filter((id) => !state.entries.has(id) && isStorableId(id));
    const head = BigInt(state.chain.nextSequence);
    const generation = this.generation;
    let loaded = 0;
    for (let at = 0; at < missing.length; at += MAX_ENTRY_LOOKUP) {
      const wanted = new Set(missing.slice(at, at + MAX_ENTRY_LOOKUP));
      const found = await lookUpEntries(store, streamId, wanted, head);
      if (generation !== this.generation) return loaded;
      for (const record of found.values()) {
        if (state.entries.has(record.entryId)) continue; // decided or loaded meanwhile
        assert(
          record.hold?.status !== "open",
          `open hold ${record.entryId} never leaves the cache`,
        );
        state.entries.set(record.entryId, record);
        this.count(record);
        loaded += 1;
      }
    }
    return loaded;
  }

  /** Evicts the oldest records (never an open hold) until within the limits. */
  trim(state: LedgerState): void {
    const over = (): boolean =>
      state.entries.size - state.openHolds.size > this.limits.maxEntries ||
      this.bytes > this.limits.maxBytes;
    let rotated = 0;
    for (const [id, record] of state.entries) {
      if (!over() || rotated > state.openHolds.size) break;
      state.entries.delete(id);
      if (state.openHolds.has(id)) {
        state.entries.set(id, record);
        rotated += 1;
      } else {
        this.bytes -= this.sizes.get(record) ?? 0;
        this.sizes.delete(record);
      }
    }
  }

  private count(record: EntryRecord): void {
    const size = estimatedEntryBytes(record);
    this.sizes.set(record, size);
    this.bytes += size;
  }
}
