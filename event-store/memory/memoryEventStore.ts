// The in-memory EventStore adapter: for unit tests and the pure-core benchmark. It keeps
// every event in arrays, so it is exact and fast but forgets everything on exit. Positions
// are the 1-based global index, zero-padded so that string order is the global order. Its
// append limits default to the PostgreSQL adapter's; tests may lower them (e.g. to
// EventStoreDB's) to show what a writer does against a stricter store.
import pino, { type Logger } from "pino";
import type {
  AppendLimits,
  AppendResult,
  CountAllOptions,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeToAllOptions,
  Subscription,
} from "../../ledger-core/index.js";
import { entryKeysOf, WrongExpectedRevisionError } from "../../ledger-core/index.js";
import { EventStoreError, invariant } from "../errors.js";
import { decodeSinglePosition, padPositionPart } from "../shared/position.js";
import { createPollingSubscription, WakeupSignal } from "../shared/pollingSubscription.js";
import {
  checkAppendLimits,
  DEFAULT_APPEND_LIMITS,
  normaliseCountLimit,
  normaliseEntryIds,
  normaliseMaxCount,
  validateAppend,
} from "../shared/validation.js";

export interface MemoryEventStoreOptions {
  readonly logger?: Logger;
  /** Default DEFAULT_APPEND_LIMITS (10,000 events, 16 MiB); never above them. */
  readonly appendLimits?: AppendLimits;
}

interface EventLocation {
  readonly streamId: string;
  readonly revision: bigint;
}

class MemoryEventStore implements EventStore {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly locations = new Map<string, EventLocation>();
  /** Per stream, per entry id: the events that name it (entryKeysOf). */
  private readonly entryIndex = new Map<string, Map<string, StoredEvent[]>>();
  private readonly wakeup = new WakeupSignal();
  private closed = false;

  constructor(
    private readonly logger: Logger,
    readonly appendLimits: AppendLimits,
  ) {}

  append(
    streamId: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    return settle(() => this.appendNow(streamId, events, expectedRevision));
  }

  readStream(streamId: string, options: ReadStreamOptions): Promise<StoredEvent[]> {
    return settle(() => this.readStreamNow(streamId, options));
  }

  readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    return settle(() => this.readAllNow(options));
  }

  countAll(options: CountAllOptions): Promise<number> {
    return settle(() => {
      this.assertOpen();
      const limit = normaliseCountLimit(options.limit);
      const prefix = options.filter?.streamPrefix;
      const start =
        options.fromPosition === "start" ? 0 : Number(decodeSinglePosition(options.fromPosition));
      const next = this.all.slice(start, start + limit);
      return next.filter((event) => prefix === undefined || event.streamId.startsWith(prefix))
        .length;
    });
  }

  private readStreamNow(streamId: string, options: ReadStreamOptions): StoredEvent[] {
    this.assertOpen();
    const maxCount = normaliseMaxCount(options.maxCount);
    const stream = this.streams.get(streamId) ?? [];
    const last = stream.length - 1;
    const from = startIndex(options, last);
    const page =
      options.direction === "forwards"
        ? stream.slice(Math.max(from, 0), Math.max(from, 0) + maxCount)
        : stream
            .slice(Math.max(Math.min(from, last) - maxCount + 1, 0), Math.min(from, last) + 1)
            .reverse();
    return page;
  }

  private readAllNow(options: ReadAllOptions): StoredEvent[] {
    this.assertOpen();
    const maxCount = normaliseMaxCount(options.maxCount);
    const prefix = options.filter?.streamPrefix;
    const start =
      options.fromPosition === "start" ? 0 : Number(decodeSinglePosition(options.fromPosition));
    const page: StoredEvent[] = [];
    for (let index = start; index < this.all.length && page.length < maxCount; index += 1) {
      const event = this.all[index];
      invariant(event !== undefined, `memory store: no event at index ${index}`);
      if (prefix === undefined || event.streamId.startsWith(prefix)) page.push(event);
    }
    return page;
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    this.assertOpen();
    return createPollingSubscription(
      {
        readAll: (options) => this.readAll(options),
        wakeup: this.wakeup,
        logger: this.logger,
      },
      options,
    );
  }

  close(): Promise<void> {
    this.closed = true;
    this.wakeup.notifyAll();
    return Promise.resolve();
  }

  private appendNow(
    streamId: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): AppendResult {
    this.assertOpen();
    validateAppend(streamId, events, expectedRevision, this.appendLimits);
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length === 0 ? "no_stream" : BigInt(stream.length - 1);
    const retried = this.findRetriedAppend(streamId, stream, events, expectedRevision);
    if (retried !== undefined) return retried;
    if (!expectationHolds(expectedRevision, current)) {
      throw new WrongExpectedRevisionError(streamId, expectedRevision, current);
    }
    for (const event of events) {
      const known = this.locations.get(event.id.toLowerCase());
      if (known !== undefined) {
        throw new EventStoreError(
          "event_id_conflict",
          `event id ${event.id} is already stored in ${known.streamId} at ${known.revision}`,
        );
      }
    }
    for (const event of events) this.store(streamId, stream, event);
    this.streams.set(streamId, stream);
    this.wakeup.notifyAll();
    return resultOf(stream.at(-1));
  }

  /** The original result when these exact ids already sit at the revisions this append would take. */
  private findRetriedAppend(
    streamId: string,
    stream: readonly StoredEvent[],
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): AppendResult | undefined {
    const first = this.locations.get(events[0]?.id.toLowerCase() ?? "");
    if (first?.streamId !== streamId) return undefined;
    const matches = events.every(
      (event, index) => stream[Number(first.revision) + index]?.id === event.id.toLowerCase(),
    );
    if (!matches || !retryMatchesExpectation(expectedRevision, first.revision)) return undefined;
    return resultOf(stream[Number(first.revision) + events.length - 1]);
  }

  private store(streamId: string, stream: StoredEvent[], event: EventToAppend): void {
    const stored: StoredEvent = {
      id: event.id.toLowerCase(),
      type: event.type,
      version: event.version,
      data: structuredClone(event.data),
      metadata: structuredClone(event.metadata),
      streamId,
      revision: BigInt(stream.length),
      position: padPositionPart(BigInt(this.all.length + 1)),
      storedAt: new Date(),
    };
    stream.push(stored);
    this.all.push(stored);
    this.locations.set(stored.id, { streamId, revision: stored.revision });
    let index = this.entryIndex.get(streamId);
    for (const key of entryKeysOf(stored.data)) {
      if (index === undefined)
        this.entryIndex.set(streamId, (index = new Map<string, StoredEvent[]>()));
      const named = index.get(key);
      if (named === undefined) index.set(key, [stored]);
      else if (named[named.length - 1] !== stored) named.push(stored);
    }
  }

  readEntryEvents(streamId: string, entryIds: readonly string[]): Promise<StoredEvent[]> {
    return settle(() => {
      this.assertOpen();
      const index = this.entryIndex.get(streamId);
      const found = new Set<StoredEvent>();
      for (const id of normaliseEntryIds(entryIds)) {
        for (const event of index?.get(id) ?? []) found.add(event);
      }
      return [...found].sort((a, b) => (a.revision < b.revision ? -1 : 1));
    });
  }

  private assertOpen(): void {
    if (this.closed)
      throw new EventStoreError("event_store_closed", "memory event store is closed");
  }
}

function resultOf(last: StoredEvent | undefined): AppendResult {
  invariant(last !== undefined, "memory store: append result without an event");
  return { nextExpectedRevision: last.revision, position: last.position };
}

/** Index of the first event a stream read looks at (may be out of range: the read is empty). */
function startIndex(options: ReadStreamOptions, last: number): number {
  if (options.fromRevision === "start") return 0;
  if (options.fromRevision === "end") return last;
  return options.fromRevision > BigInt(Number.MAX_SAFE_INTEGER)
    ? Number.MAX_SAFE_INTEGER
    : Number(options.fromRevision);
}

function expectationHolds(expected: ExpectedRevision, actual: bigint | "no_stream"): boolean {
  switch (expected) {
    case "any":
      return true;
    case "no_stream":
      return actual === "no_stream";
    case "stream_exists":
      return actual !== "no_stream";
    default:
      return actual === expected;
  }
}

/** Whether a retried append that first landed at `firstRevision` was made with this expectation. */
function retryMatchesExpectation(expected: ExpectedRevision, firstRevision: bigint): boolean {
  switch (expected) {
    case "any":
      return true;
    case "no_stream":
      return firstRevision === 0n;
    case "stream_exists":
      return firstRevision > 0n;
    default:
      return firstRevision === expected + 1n;
  }
}

export function createMemoryEventStore(options: MemoryEventStoreOptions = {}): EventStore {
  return new MemoryEventStore(
    options.logger ?? pino({ level: "silent" }),
    checkAppendLimits(options.appendLimits ?? DEFAULT_APPEND_LIMITS),
  );
}

/** Runs synchronous work as a promise, so that every failure is a rejection, never a throw. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
