// Where projection runners get their batches: the ledger events of the global order after a
// position, validated (an event that does not validate is a poison event, named). A host
// gives all its runners one SharedEventReader: runners that read the same position at about
// the same time (every caught-up runner of a process tails the same head) share one read and
// one validation instead of repeating them. Events are immutable and a page is a prefix of
// what follows its position, so a shared or recent page is always a correct answer.
//
// Validation: an EntryPosted (the bulk of every journal) in the canonical form the writer
// writes goes through decodeEntryPosted, a hand-written check of the same rules as its zod
// schema that accepts only what the schema accepts (a differential test in reader.spec.ts);
// anything it is not sure of (another type, a timestamp not in toISOString's form, metadata,
// text outside printable ASCII) goes through fromStoredEvent (zod), which decides and names
// the error. Measured: 6.5 µs per event through zod, about 1 µs here (benchmarks/README.md).
import {
  ASSET_CODE_PATTERN,
  ID_PATTERN,
  MAX_ACTOR_LENGTH,
  MAX_CAUSATION_ID_LENGTH,
  MAX_CORRELATION_ID_LENGTH,
  MAX_COUNTER_DIGITS,
  MAX_DESCRIPTION_LENGTH,
  MAX_ID_LENGTH,
  MAX_TIMESTAMP_MS,
  MINOR_UNITS_PATTERN,
  MIN_TIMESTAMP_MS,
  eventDataSchemas,
  type JournalEvent,
  type RecordedPosting,
} from "../schemas/index.js";
import { fromStoredEvent, type EventStore, type StoredEvent } from "../ledger-core/index.js";
import type { PoisonEvent } from "./checkpoints.js";
import type { ProjectedEvent } from "./projection.js";

export const LEDGER_STREAM_PREFIX = "ledger-";
/** How long a shared page is kept for other runners that ask for the same position. */
export const SHARED_PAGE_TTL_MS = 250;
/** Pages a shared reader keeps at most. */
export const MAX_SHARED_PAGES = 16;

/** The projection failed deterministically on this event: stop, name it, never skip it. */
export class PoisonEventError extends Error {
  readonly code = "projection_poison_event";
  constructor(
    readonly poison: PoisonEvent,
    options?: { cause?: unknown },
  ) {
    super(
      `poison event at ${poison.streamId} sequence ${poison.sequence} (${poison.type}, position ${poison.position}): ${poison.error}`,
      options,
    );
    this.name = "PoisonEventError";
  }
}

/** The poison error naming `stored` (an event as stored: position, stream, revision, type). */
export function poisonOf(
  stored: Pick<StoredEvent, "position" | "streamId" | "revision" | "type">,
  error: unknown,
): PoisonEventError {
  return new PoisonEventError(
    {
      position: stored.position,
      streamId: stored.streamId,
      ledgerId: stored.streamId.slice(LEDGER_STREAM_PREFIX.length),
      sequence: Number(stored.revision),
      type: stored.type,
      error: error instanceof Error ? error.message : String(error),
    },
    { cause: error },
  );
}

type Fields = Readonly<Record<string, unknown>>;

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Date.prototype.toISOString's form, which the writer writes. */
const ISO_MILLIS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
/** Printable ASCII: no NUL, no surrogate, nothing PostgreSQL text refuses. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A plain object (as JSON.parse makes) with exactly `size` enumerable keys. */
function isRecord(value: unknown, size: number): value is Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  let keys = 0;
  for (const key in value) if (Object.hasOwn(value, key)) keys += 1;
  return keys === size;
}

const isId = (v: unknown): v is string =>
  typeof v === "string" && v.length <= MAX_ID_LENGTH && ID_PATTERN.test(v);
const isHash = (v: unknown): v is string => typeof v === "string" && SHA256_HEX.test(v);
const isBounded = (v: unknown, max: number, min = 0): v is string =>
  typeof v === "string" && v.length >= min && v.length <= max;

const MIN_YEAR = new Date(MIN_TIMESTAMP_MS).getUTCFullYear();
const MAX_YEAR = new Date(MAX_TIMESTAMP_MS).getUTCFullYear();
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number of two (or, at 0, four) digits of `text` at `at`. */
const digits = (text: string, at: number, count: 2 | 4): number =>
  count === 2
    ? (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48
    : digits(text, at, 2) * 100 + digits(text, at + 2, 2);

/**
 * A timestamp in toISOString's form naming a real date and time between 1970 and 9999 (the
 * Gregorian calendar of zod's datetime pattern, checked without parsing a Date).
 */
function isCanonicalTime(v: unknown): v is string {
  if (typeof v !== "string" || !ISO_MILLIS.test(v)) return false;
  const year = digits(v, 0, 4);
  const month = digits(v, 5, 2);
  const day = digits(v, 8, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (year <= MIN_YEAR || year >= MAX_YEAR) {
    const ms = Date.parse(v);
    if (!(ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS)) return false;
  }
  return (
    month >= 1 &&
    day >= 1 &&
    day <= days &&
    digits(v, 11, 2) <= 23 &&
    digits(v, 14, 2) <= 59 &&
    digits(v, 17, 2) <= 59
  );
}

function postingOf(raw: unknown): RecordedPosting | undefined {
  if (!isRecord(raw, 4)) return undefined;
  const { accountId, side, amount, currency } = raw;
  if (!isId(accountId) || (side !== "debit" && side !== "credit")) return undefined;
  if (typeof amount !== "string" || amount.length > MAX_COUNTER_DIGITS) return undefined;
  if (!MINOR_UNITS_PATTERN.test(amount)) return undefined;
  if (typeof currency !== "string" || !ASSET_CODE_PATTERN.test(currency)) return undefined;
  return { accountId, side, amount, currency };
}

function metadataOf(raw: unknown, revision: bigint): JournalEvent["metadata"] | undefined {
  if (!isRecord(raw, 7)) return undefined;
  const { sequence, recordedAt, actor, correlationId, causationId, prevHash, hash } = raw;
  if (typeof sequence !== "number" || !Number.isSafeInteger(sequence) || sequence < 0) {
    return undefined;
  }
  if (BigInt(sequence) !== revision || !isCanonicalTime(recordedAt)) return undefined;
  if (!isBounded(actor, MAX_ACTOR_LENGTH, 1)) return undefined;
  if (!isBounded(correlationId, MAX_CORRELATION_ID_LENGTH)) return undefined;
  if (causationId !== null && !isBounded(causationId, MAX_CAUSATION_ID_LENGTH)) return undefined;
  if (!isHash(prevHash) || !isHash(hash)) return undefined;
  return { sequence, recordedAt, actor, correlationId, causationId, prevHash, hash };
}

/**
 * An EntryPosted of the current version in the writer's canonical form, checked by the rules
 * of its schema, with its fields in the schema's order (as zod returns them); undefined when
 * this check is not sure (zod decides). Never accepts what the schema refuses.
 */
export function decodeEntryPosted(stored: StoredEvent): JournalEvent | undefined {
  if (stored.type !== "EntryPosted" || stored.version !== eventDataSchemas.EntryPosted.version) {
    return undefined;
  }
  const data = stored.data;
  if (!isRecord(data, 7)) return undefined;
  const { entryId, effectiveAt, description, metadata, fingerprint, reversalOf } = data;
  if (!isId(entryId) || !isCanonicalTime(effectiveAt) || !isHash(fingerprint)) return undefined;
  if (!isBounded(description, MAX_DESCRIPTION_LENGTH) || !PRINTABLE_ASCII.test(description)) {
    return undefined;
  }
  if (!isRecord(metadata, 0) || (reversalOf !== null && !isId(reversalOf))) return undefined;
  if (!Array.isArray(data.postings)) return undefined;
  const postings: RecordedPosting[] = [];
  for (const raw of data.postings as unknown[]) {
    const posting = postingOf(raw);
    if (posting === undefined) return undefined;
    postings.push(posting);
  }
  const eventMetadata = metadataOf(stored.metadata, stored.revision);
  if (eventMetadata === undefined) return undefined;
  return {
    type: "EntryPosted",
    version: stored.version,
    data: { entryId, effectiveAt, description, postings, metadata: {}, fingerprint, reversalOf },
    metadata: eventMetadata,
  };
}

/** The stored event validated: by decodeEntryPosted when it is sure, else by zod. */
export function decodeStoredEvent(stored: StoredEvent): JournalEvent {
  return decodeEntryPosted(stored) ?? fromStoredEvent(stored);
}

/** Reads and validates batches of ledger events for one runner. */
export class EventReader {
  constructor(protected readonly store: EventStore) {}

  /** Up to `maxCount` ledger events after `from`, validated. */
  async read(from: string, maxCount: number): Promise<ProjectedEvent[]> {
    const stored = await this.store.readAll({
      fromPosition: from,
      maxCount,
      filter: { streamPrefix: LEDGER_STREAM_PREFIX },
    });
    return stored.map((event) => {
      try {
        return {
          ledgerId: event.streamId.slice(LEDGER_STREAM_PREFIX.length),
          position: event.position,
          event: decodeStoredEvent(event),
        };
      } catch (error) {
        throw poisonOf(event, error);
      }
    });
  }
}

/** One read per (position, size) for the runners that ask for it at about the same time. */
export class SharedEventReader extends EventReader {
  private readonly pages = new Map<string, Promise<ProjectedEvent[]>>();

  override read(from: string, maxCount: number): Promise<ProjectedEvent[]> {
    const key = `${maxCount}@${from}`;
    const shared = this.pages.get(key);
    if (shared !== undefined) return shared;
    const page = super.read(from, maxCount);
    this.pages.set(key, page);
    const forget = (): void => {
      if (this.pages.get(key) === page) this.pages.delete(key);
    };
    // A full page is kept a moment for runners a little behind; a short one (the head: more
    // may come at any time) and a failed one only while in flight.
    page.then((events) => {
      if (events.length < maxCount) forget();
      else setTimeout(forget, SHARED_PAGE_TTL_MS).unref();
    }, forget);
    if (this.pages.size > MAX_SHARED_PAGES) {
      const oldest = this.pages.keys().next().value;
      if (oldest !== undefined) this.pages.delete(oldest);
    }
    return page;
  }
}
