// The EventStore port: the only way the ledger reaches durable storage. Adapters live in
// event-store/ (memory, postgres, eventstoredb) and all pass one contract suite. Revisions
// are 0-based bigints (EventStoreDB semantics); positions in the global order are opaque
// strings that only the adapter that issued them can compare. Every append is atomic: all of
// its events are stored or none, on every adapter; an append over the store's `appendLimits`
// is refused before anything is stored, never split. A caller with several atomic units (the
// ledger writer's group commit) puts whole units in each append and keeps it within the limits.

/** What the caller expects the stream's last revision to be when it appends. */
export type ExpectedRevision = "any" | "no_stream" | "stream_exists" | bigint;

/** JSON that can be stored as jsonb and hashed canonically: no bigint, no undefined. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface EventToAppend {
  /** Unique event id (a UUID). Appending the same ids again at the same revision is a no-op. */
  readonly id: string;
  readonly type: string;
  /** Schema version of `data`; old versions are read through upcasters, never rewritten. */
  readonly version: number;
  readonly data: JsonValue;
  readonly metadata: JsonValue;
}

export interface StoredEvent extends EventToAppend {
  readonly streamId: string;
  /** 0-based revision within the stream: the ledger's gap-free sequence. */
  readonly revision: bigint;
  /** Opaque position in the global order; pass it back to readAll or subscribeToAll. */
  readonly position: string;
  /** When the store committed the event (the store's clock, not the ledger's recordedAt). */
  readonly storedAt: Date;
}

export interface AppendResult {
  /** The revision of the last event appended (pass it as the next expected revision). */
  readonly nextExpectedRevision: bigint;
  /** Global position of the last event appended. */
  readonly position: string;
}

export type ReadDirection = "forwards" | "backwards";

export interface ReadStreamOptions {
  /** Inclusive start; "start" or "end" pick the stream's first or last event. */
  readonly fromRevision: bigint | "start" | "end";
  readonly direction: ReadDirection;
  /** Upper bound on events returned; adapters cap it at MAX_READ_BATCH. */
  readonly maxCount: number;
}

export interface AllFilter {
  /** Only events of streams whose id starts with this prefix (e.g. "ledger-"). */
  readonly streamPrefix?: string;
}

/** The position before the first event: read or subscribe from the very beginning. */
export const START_POSITION = "start";

export interface ReadAllOptions {
  /** Exclusive: events strictly after this opaque position, or after START_POSITION. */
  readonly fromPosition: string;
  readonly maxCount: number;
  readonly filter?: AllFilter;
}

/** The largest `limit` of countAll. */
export const MAX_COUNT_ALL = 1_000_000;

export interface CountAllOptions {
  /** Exclusive, as for readAll. */
  readonly fromPosition: string;
  readonly filter?: AllFilter;
  /** Look at no more than this many events of the global order (1..MAX_COUNT_ALL). */
  readonly limit: number;
}

export interface SubscribeToAllOptions {
  /** Exclusive, as for readAll. The subscription catches up, then follows live appends. */
  readonly fromPosition: string;
  readonly filter?: AllFilter;
}

/** A catch-up subscription: iterate it; `close()` ends the iteration. */
export interface Subscription extends AsyncIterable<StoredEvent> {
  close(): Promise<void>;
}

/** What one append may carry. Adapters refuse more (AppendTooLargeError); they never split. */
export interface AppendLimits {
  /** Events per append (at most the shared MAX_APPEND_EVENTS of event-store/). */
  readonly maxEvents: number;
  /** Sum of appendedBytes() over the append's events. */
  readonly maxBytes: number;
}

/** Counted per event on top of its JSON: the id, the type again, an adapter's envelope and framing. */
export const APPEND_EVENT_OVERHEAD_BYTES = 64;

/** appendedBytes of events already measured: the writer measures, then the adapter checks. */
const measuredBytes = new WeakMap<EventToAppend, number>();

/**
 * The bytes one event counts for against AppendLimits.maxBytes: the UTF-8 JSON of its data and
 * metadata, twice its type (EventStoreDB counts a type at two bytes per character) and
 * APPEND_EVENT_OVERHEAD_BYTES. It is at least what any adapter sends for the event, so a
 * caller that stays within the limits by this measure is never refused. An event is measured
 * once (events to append are not changed after they are made).
 */
export function appendedBytes(event: EventToAppend): number {
  const known = measuredBytes.get(event);
  if (known !== undefined) return known;
  const bytes =
    Buffer.byteLength(JSON.stringify(event.data)) +
    Buffer.byteLength(JSON.stringify(event.metadata)) +
    2 * Buffer.byteLength(event.type) +
    APPEND_EVENT_OVERHEAD_BYTES;
  measuredBytes.set(event, bytes);
  return bytes;
}

export interface EventStore {
  /** What one append may carry; fixed for the store's lifetime. */
  readonly appendLimits: AppendLimits;
  /**
   * Appends `events` atomically (all or none) after `expectedRevision`. Refuses, before
   * storing anything, an append over `appendLimits` (AppendTooLargeError).
   */
  append(
    streamId: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;
  /** Events of one stream in revision order (or reverse); empty for a missing stream. */
  readStream(streamId: string, options: ReadStreamOptions): Promise<StoredEvent[]>;
  /** Events of all streams in the global order, strictly after `fromPosition`. */
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /**
   * How many of the next `limit` events of the global order after `fromPosition` match the
   * filter: a backlog measure for readers (a projection's lag in events), cheaper than reading.
   */
  countAll(options: CountAllOptions): Promise<number>;
  subscribeToAll(options: SubscribeToAllOptions): Subscription;
  /**
   * Every event of one stream that names one of `entryIds` (at most MAX_ENTRY_LOOKUP) as its
   * `entryId`, `pendingId` or `reversalOf` (entryKeysOf), in revision order: what the writer
   * needs to rebuild the records of entries that left its cache. An index the store keeps
   * beside the events, written with them (PostgreSQL: expression indexes; memory: a map).
   */
  readEntryEvents(streamId: string, entryIds: readonly string[]): Promise<StoredEvent[]>;
  close(): Promise<void>;
}

/** The most entry ids one readEntryEvents call may name. */
export const MAX_ENTRY_LOOKUP = 10_000;

/** The data fields under which readEntryEvents finds an event. */
export const ENTRY_KEY_FIELDS = ["entryId", "pendingId", "reversalOf"] as const;

/** The entry ids an event's data names (ENTRY_KEY_FIELDS that hold a string). */
export function entryKeysOf(data: JsonValue): string[] {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return [];
  const keys: string[] = [];
  for (const field of ENTRY_KEY_FIELDS) {
    const value = data[field];
    if (typeof value === "string") keys.push(value);
  }
  return keys;
}

/** The largest batch any read returns, whatever maxCount asks for. */
export const MAX_READ_BATCH = 10_000;

/** The append's expected revision did not hold: another writer got there first. */
export class WrongExpectedRevisionError extends Error {
  readonly code = "wrong_expected_revision";
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | "no_stream",
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = "WrongExpectedRevisionError";
  }
}

/** The append carries more events or bytes than the store's appendLimits: nothing was stored. */
export class AppendTooLargeError extends Error {
  readonly code = "append_too_large";
  constructor(
    readonly streamId: string,
    readonly events: number,
    readonly bytes: number,
    readonly limits: AppendLimits,
  ) {
    super(
      `append to ${streamId} carries ${events} events, ${bytes} bytes; one append takes at most ` +
        `${limits.maxEvents} events and ${limits.maxBytes} bytes (nothing was stored)`,
    );
    this.name = "AppendTooLargeError";
  }
}
