// Argument checks and ordering assertions every adapter applies, so that all of them accept
// and refuse the same inputs and all of them check the same invariants on what they return.
import { validate as isUuid } from "uuid";
import {
  AppendTooLargeError,
  appendedBytes,
  MAX_COUNT_ALL,
  MAX_ENTRY_LOOKUP,
  MAX_READ_BATCH,
  type AppendLimits,
  type EventToAppend,
  type ExpectedRevision,
  type ReadStreamOptions,
  type StoredEvent,
} from "../../ledger-core/index.js";
import { EventStoreError, invariant } from "../errors.js";

/** The most events one append may carry, on every adapter (the writer's groups stay within it). */
export const MAX_APPEND_EVENTS = 10_000;
/**
 * The most bytes (appendedBytes) one append may carry on the memory and PostgreSQL adapters;
 * EventStoreDB allows less (ESDB_MAX_APPEND_BYTES).
 */
export const MAX_APPEND_BYTES = 16 * 1024 * 1024;

/** The limits of the memory and PostgreSQL adapters. */
export const DEFAULT_APPEND_LIMITS: AppendLimits = Object.freeze({
  maxEvents: MAX_APPEND_EVENTS,
  maxBytes: MAX_APPEND_BYTES,
});

/** Checks an adapter's limits: positive, and never above the shared ceilings. */
export function checkAppendLimits(limits: AppendLimits): AppendLimits {
  invariant(
    Number.isSafeInteger(limits.maxEvents) &&
      limits.maxEvents >= 1 &&
      limits.maxEvents <= MAX_APPEND_EVENTS,
    `append limit of ${limits.maxEvents} events is not in 1..${MAX_APPEND_EVENTS}`,
  );
  invariant(
    Number.isSafeInteger(limits.maxBytes) &&
      limits.maxBytes >= 1 &&
      limits.maxBytes <= MAX_APPEND_BYTES,
    `append limit of ${limits.maxBytes} bytes is not in 1..${MAX_APPEND_BYTES}`,
  );
  return Object.freeze({ maxEvents: limits.maxEvents, maxBytes: limits.maxBytes });
}

function invalid(message: string): EventStoreError {
  return new EventStoreError("invalid_argument", message);
}

/** Caps a requested count at MAX_READ_BATCH; refuses anything but a positive integer. */
export function normaliseMaxCount(maxCount: number): number {
  if (!Number.isSafeInteger(maxCount) || maxCount < 1) {
    throw invalid(`maxCount must be a positive integer, got ${maxCount}`);
  }
  return Math.min(maxCount, MAX_READ_BATCH);
}

/** The entry ids of a readEntryEvents call: 1..MAX_ENTRY_LOOKUP strings, without repeats. */
export function normaliseEntryIds(entryIds: readonly string[]): string[] {
  if (entryIds.length > MAX_ENTRY_LOOKUP) {
    throw invalid(`at most ${MAX_ENTRY_LOOKUP} entry ids per lookup, got ${entryIds.length}`);
  }
  if (entryIds.some((id) => typeof id !== "string" || id === "")) {
    throw invalid("entry ids are non-empty strings");
  }
  return [...new Set(entryIds)];
}

/** A countAll limit: a positive integer, capped at MAX_COUNT_ALL. */
export function normaliseCountLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw invalid(`limit must be a positive integer, got ${limit}`);
  }
  return Math.min(limit, MAX_COUNT_ALL);
}

/**
 * Refuses a malformed append (invalid_argument) and one over `limits` (AppendTooLargeError),
 * before anything is stored.
 */
export function validateAppend(
  streamId: string,
  events: readonly EventToAppend[],
  expectedRevision: ExpectedRevision,
  limits: AppendLimits,
): void {
  if (streamId.length === 0) throw invalid("stream id must not be empty");
  if (events.length === 0) throw invalid(`append to ${streamId} carries no events`);
  let bytes = 0;
  for (const event of events) bytes += appendedBytes(event);
  if (events.length > limits.maxEvents || bytes > limits.maxBytes) {
    throw new AppendTooLargeError(streamId, events.length, bytes, limits);
  }
  if (typeof expectedRevision === "bigint" && expectedRevision < 0n) {
    throw invalid(`expected revision must be >= 0, got ${expectedRevision}`);
  }
  const ids = new Set<string>();
  for (const event of events) {
    if (!isUuid(event.id)) throw invalid(`event id is not a UUID: "${event.id}"`);
    const id = event.id.toLowerCase();
    if (ids.has(id)) throw invalid(`event id appears twice in one append: ${id}`);
    ids.add(id);
    if (event.type.length === 0) throw invalid(`event ${id} has an empty type`);
    if (!Number.isSafeInteger(event.version) || event.version < 1) {
      throw invalid(`event ${id} has schema version ${event.version}; must be >= 1`);
    }
  }
}

/** Checks that a stream read returned consecutive revisions in the requested direction. */
export function assertStreamOrder(
  streamId: string,
  events: readonly StoredEvent[],
  options: ReadStreamOptions,
): void {
  const step = options.direction === "forwards" ? 1n : -1n;
  events.forEach((event, index) => {
    invariant(event.streamId === streamId, `read of ${streamId} returned ${event.streamId}`);
    const previous = events[index - 1];
    if (previous !== undefined) {
      invariant(
        event.revision === previous.revision + step,
        `stream ${streamId}: revision ${event.revision} follows ${previous.revision}`,
      );
    }
  });
}

/** Checks that events of the global order come strictly after `after`, in increasing order. */
export function assertGlobalOrder(events: readonly StoredEvent[], after: string): void {
  let previous = after === "start" ? "" : after;
  for (const event of events) {
    invariant(
      event.position > previous,
      `global order: position ${event.position} does not follow ${previous}`,
    );
    previous = event.position;
  }
}
