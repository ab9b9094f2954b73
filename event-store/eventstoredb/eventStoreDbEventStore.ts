// The EventStoreDB EventStore adapter, over @eventstore/db-client (one client per store;
// open one store per process). Revisions are ESDB's own 0-based bigints. One port append is
// ONE ESDB append, so it is atomic; an append over ESDB_APPEND_LIMITS (below the server's
// default MaxAppendSize of 1 MiB) is refused before anything is sent, never split, and the
// server's own size refusal maps to the same AppendTooLargeError. The ledger writer keeps
// each of its groups within these limits, whole atomic units only (docs/event-store.md).
// Subscriptions are catch-up subscriptions to $all (never persistent ones) that resubscribe
// from the last delivered position with backoff. Positions are "<commit>-<prepare>".
import { setTimeout as sleep } from "node:timers/promises";
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  MaxAppendSizeExceededError,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type EventData,
  type Position,
  type RecordedEvent,
  type ResolvedEvent,
} from "@eventstore/db-client";
import type { Logger } from "pino";
import {
  AppendTooLargeError,
  appendedBytes,
  entryKeysOf,
  MAX_READ_BATCH,
  WrongExpectedRevisionError,
  type AppendLimits,
  type AppendResult,
  type CountAllOptions,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type JsonValue,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from "../../ledger-core/index.js";
import { EventStoreError, invariant } from "../errors.js";
import { decodePositionPair, encodePositionPair } from "../shared/position.js";
import {
  assertGlobalOrder,
  assertStreamOrder,
  checkAppendLimits,
  MAX_APPEND_EVENTS,
  normaliseCountLimit,
  normaliseEntryIds,
  normaliseMaxCount,
  validateAppend,
} from "../shared/validation.js";

/**
 * Bytes (appendedBytes) per append: below the server's default MaxAppendSize of 1 MiB, which
 * counts data, metadata and twice the type of each event, with headroom for the envelope.
 */
export const ESDB_MAX_APPEND_BYTES = 900 * 1024;
export const ESDB_APPEND_LIMITS: AppendLimits = checkAppendLimits({
  maxEvents: MAX_APPEND_EVENTS,
  maxBytes: ESDB_MAX_APPEND_BYTES,
});
/** Events read from $all per round trip while filtering client-side. */
export const READ_ALL_PAGE_SIZE = 1_000;
/** Resubscribe backoff: doubles from the first delay up to the cap. */
export const RESUBSCRIBE_FIRST_DELAY_MS = 100;
export const RESUBSCRIBE_MAX_DELAY_MS = 5_000;

/** How Folio's schema version and metadata sit in an ESDB event's metadata. */
interface MetadataEnvelope {
  readonly schemaVersion: number;
  readonly metadata: JsonValue;
}

export interface EventStoreDbEventStoreOptions {
  /** e.g. esdb://localhost:2113?tls=false (EVENTSTORE_URL). */
  readonly connectionString: string;
  readonly logger: Logger;
}

type JsonContainer = { [key: string]: JsonValue } | JsonValue[];

function isJsonContainer(value: JsonValue): value is JsonContainer {
  return typeof value === "object" && value !== null;
}

function toEventData(event: EventToAppend): EventData {
  if (!isJsonContainer(event.data)) {
    throw new EventStoreError(
      "invalid_argument",
      `event ${event.id}: EventStoreDB stores object or array data only`,
    );
  }
  const metadata: MetadataEnvelope = { schemaVersion: event.version, metadata: event.metadata };
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata });
}

function encodePosition(position: Position | undefined, what: string): string {
  if (position === undefined) {
    throw new EventStoreError("position_unavailable", `EventStoreDB gave no position for ${what}`);
  }
  return encodePositionPair(position.commit, position.prepare);
}

function decodePosition(position: string): Position {
  const { major, minor } = decodePositionPair(position);
  return { commit: major, prepare: minor };
}

function isFolioEnvelope(value: unknown): value is MetadataEnvelope {
  return (
    typeof value === "object" &&
    value !== null &&
    "schemaVersion" in value &&
    typeof value.schemaVersion === "number" &&
    "metadata" in value
  );
}

function toStoredEvent(event: RecordedEvent): StoredEvent {
  invariant(event.isJson, `event ${event.id} in ${event.streamId} is not JSON`);
  const envelope: unknown = event.metadata;
  invariant(
    isFolioEnvelope(envelope),
    `event ${event.id} in ${event.streamId} lacks Folio metadata`,
  );
  return {
    id: event.id,
    type: event.type,
    version: envelope.schemaVersion,
    data: event.data as JsonValue,
    metadata: envelope.metadata,
    streamId: event.streamId,
    revision: event.revision,
    position: encodePosition(event.position, `event ${event.id}`),
    storedAt: event.created,
  };
}

function isSystemEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith("$") || event.type.startsWith("$");
}

/** ESDB's append errors as the port's: wrong expected version, and the server's size refusal. */
export function mapAppendError(
  error: unknown,
  streamId: string,
  expected: ExpectedRevision,
  events: readonly EventToAppend[],
): unknown {
  if (error instanceof WrongExpectedVersionError) {
    // actualVersion is the string "no_stream" or a bigint, exactly the port's `actual`.
    return new WrongExpectedRevisionError(streamId, expected, error.actualVersion);
  }
  if (error instanceof MaxAppendSizeExceededError) {
    // A server configured below 1 MiB: it refused the whole append, nothing was written.
    const bytes = events.reduce((total, event) => total + appendedBytes(event), 0);
    return new AppendTooLargeError(streamId, events.length, bytes, {
      maxEvents: ESDB_APPEND_LIMITS.maxEvents,
      maxBytes: error.maxAppendSize,
    });
  }
  return error;
}

class EventStoreDbEventStore implements EventStore {
  readonly appendLimits: AppendLimits = ESDB_APPEND_LIMITS;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  private closed = false;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly logger: Logger,
  ) {}

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, expectedRevision, this.appendLimits);
    const data = events.map(toEventData);
    try {
      const result = await this.client.appendToStream(streamId, data, { expectedRevision });
      return {
        nextExpectedRevision: result.nextExpectedRevision,
        position: encodePosition(result.position, `append to ${streamId}`),
      };
    } catch (error) {
      throw mapAppendError(error, streamId, expectedRevision, events);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const maxCount = normaliseMaxCount(options.maxCount);
    // ESDB reads forwards from END as empty; the port returns the last event.
    const lastOnly = options.fromRevision === "end" && options.direction === "forwards";
    const fromRevision =
      options.fromRevision === "start"
        ? START
        : options.fromRevision === "end"
          ? END
          : options.fromRevision;
    const events: StoredEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        fromRevision,
        direction: options.direction === "forwards" && !lastOnly ? FORWARDS : BACKWARDS,
        maxCount: lastOnly ? 1 : maxCount,
      });
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        if (resolved.event !== undefined) events.push(toStoredEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    assertStreamOrder(streamId, events, options);
    return events;
  }

  /**
   * The entry lookup by a forward scan of the stream, page by page: exact, but its cost grows
   * with the stream (docs/limits.md). A server-side index (a projection that links each
   * event to a per-entry stream) is the step that would make it a lookup; not built yet.
   */
  async readEntryEvents(streamId: string, entryIds: readonly string[]): Promise<StoredEvent[]> {
    const wanted = new Set(normaliseEntryIds(entryIds));
    const found: StoredEvent[] = [];
    if (wanted.size === 0) return found;
    for (let from = 0n; ;) {
      const page = await this.readStream(streamId, {
        fromRevision: from,
        direction: "forwards",
        maxCount: MAX_READ_BATCH,
      });
      for (const event of page) {
        if (entryKeysOf(event.data).some((key) => wanted.has(key))) found.push(event);
      }
      const last = page[page.length - 1];
      if (last === undefined || page.length < MAX_READ_BATCH) return found;
      from = last.revision + 1n;
    }
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const maxCount = normaliseMaxCount(options.maxCount);
    const prefix = options.filter?.streamPrefix;
    const events: StoredEvent[] = [];
    let from: string = options.fromPosition;
    for (;;) {
      // ESDB reads $all from a position inclusively: the event AT the checkpoint is dropped.
      const page = await this.readAllPage(from);
      for (const event of page.events) {
        if (event.position === from) continue;
        if (prefix === undefined || event.streamId.startsWith(prefix)) events.push(event);
        if (events.length === maxCount) break;
      }
      if (events.length === maxCount || page.exhausted || page.lastPosition === undefined) break;
      from = page.lastPosition;
    }
    assertGlobalOrder(events, options.fromPosition);
    return events;
  }

  async countAll(options: CountAllOptions): Promise<number> {
    this.assertOpen();
    const limit = normaliseCountLimit(options.limit);
    const prefix = options.filter?.streamPrefix;
    let seen = 0;
    let matching = 0;
    let from: string = options.fromPosition;
    while (seen < limit) {
      const page = await this.readAllPage(from);
      for (const event of page.events) {
        if (event.position === from || seen === limit) continue;
        seen += 1;
        if (prefix === undefined || event.streamId.startsWith(prefix)) matching += 1;
      }
      if (page.exhausted || page.lastPosition === undefined) break;
      from = page.lastPosition;
    }
    return matching;
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    this.assertOpen();
    const subscription = new EventStoreDbSubscription(this.client, this.logger, options, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  /** One page of $all from `from` (inclusive), without system events. */
  private async readAllPage(
    from: string,
  ): Promise<{ events: StoredEvent[]; exhausted: boolean; lastPosition: string | undefined }> {
    const read = this.client.readAll({
      fromPosition: from === "start" ? START : decodePosition(from),
      direction: FORWARDS,
      maxCount: READ_ALL_PAGE_SIZE,
    });
    const events: StoredEvent[] = [];
    let count = 0;
    let lastPosition: string | undefined;
    for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
      count += 1;
      const event = resolved.event;
      if (event === undefined) continue;
      lastPosition = encodePosition(event.position, `event ${event.id}`);
      if (!isSystemEvent(event)) events.push(toStoredEvent(event));
    }
    return { events, exhausted: count < READ_ALL_PAGE_SIZE, lastPosition };
  }

  private assertOpen(): void {
    if (this.closed)
      throw new EventStoreError("event_store_closed", "EventStoreDB event store is closed");
  }
}

/** A catch-up subscription to $all that resubscribes after the last delivered event. */
class EventStoreDbSubscription implements Subscription {
  private closed = false;
  private started = false;
  private current: { unsubscribe(): Promise<void> } | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly logger: Logger,
    private readonly options: SubscribeToAllOptions,
    private readonly onClose: () => void,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    invariant(!this.started, "a subscription can be iterated only once");
    this.started = true;
    return this.run();
  }

  async close(): Promise<void> {
    if (this.isClosed()) return;
    this.closed = true;
    this.abort.abort();
    this.onClose();
    await this.current?.unsubscribe().catch(() => undefined);
  }

  /** A method, not a field read, so that the checks after each await are not narrowed away. */
  private isClosed(): boolean {
    return this.closed;
  }

  private async *run(): AsyncGenerator<StoredEvent> {
    let checkpoint = this.options.fromPosition;
    let delay = RESUBSCRIBE_FIRST_DELAY_MS;
    const prefix = this.options.filter?.streamPrefix;
    while (!this.isClosed()) {
      const stream = this.client.subscribeToAll({
        fromPosition: checkpoint === "start" ? START : decodePosition(checkpoint),
        filter:
          prefix === undefined ? excludeSystemEvents() : streamNameFilter({ prefixes: [prefix] }),
      });
      this.current = stream;
      try {
        for await (const resolved of stream as AsyncIterable<AllStreamResolvedEvent>) {
          const event = resolved.event;
          if (event === undefined || isSystemEvent(event)) continue;
          const stored = toStoredEvent(event);
          // A resubscription may redeliver up to the checkpoint: drop what was delivered.
          if (checkpoint !== "start" && stored.position <= checkpoint) continue;
          if (this.isClosed()) return;
          yield stored;
          checkpoint = stored.position;
          delay = RESUBSCRIBE_FIRST_DELAY_MS;
        }
      } catch (error) {
        if (this.isClosed()) return;
        this.logger.warn({ err: error, delay }, "EventStoreDB subscription dropped; resubscribing");
      }
      if (this.isClosed()) return;
      await sleep(delay, undefined, { signal: this.abort.signal }).catch(() => undefined);
      delay = Math.min(delay * 2, RESUBSCRIBE_MAX_DELAY_MS);
    }
  }
}

/** Creates the process's one EventStoreDB client and the store over it. */
export function openEventStoreDbEventStore(
  options: EventStoreDbEventStoreOptions,
): Promise<EventStore> {
  const client = EventStoreDBClient.connectionString(options.connectionString);
  return Promise.resolve(new EventStoreDbEventStore(client, options.logger));
}
