// Where projection runners get their batches: the ledger events of the global order after a
// position, validated (an event that does not validate is a poison event, named). A host
// gives all its runners one SharedEventReader: runners that read the same position at about
// the same time (every caught-up runner of a process tails the same head) share one read and
// one validation instead of repeating them. Events are immutable and a page is a prefix of
// what follows its position, so a shared or recent page is always a correct answer.
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
          event: fromStoredEvent(event),
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
