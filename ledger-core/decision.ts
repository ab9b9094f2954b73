// What decide() returns, the context it decides in (the injected clock and the caller), and
// how a decision turns drafted events into sealed, hash-chained journal events.
import type { EventDataOf, EventType, JournalEvent } from "../schemas/index.js";
import { eventDataSchemas } from "../schemas/index.js";
import type { JsonValue } from "./eventStorePort.js";
import { computeEventHash, type ChainHead } from "./hashChain.js";
import type { Rejection } from "./rejections.js";
import { isoTime } from "./rules.js";

/** Everything a decision needs besides state and command: time comes from here, never Date.now. */
export interface DecisionContext {
  /** The injected clock's reading, epoch milliseconds. Becomes recordedAt. */
  readonly now: number;
  /** Who asks (from auth): recorded, and hashed, on every event. */
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string | null;
}

export type Decision =
  | {
      readonly status: "accepted";
      readonly events: readonly JournalEvent[];
      readonly parts?: readonly Decision[];
    }
  | {
      /** Already decided with the same content: the first outcome stands at `sequence`. */
      readonly status: "duplicate";
      readonly events: readonly [];
      readonly sequence: number;
      readonly parts?: readonly Decision[];
    }
  | {
      readonly status: "rejected";
      /** The EntryRejected records that spend the ids, when the rejection is recorded. */
      readonly events: readonly JournalEvent[];
      readonly rejection: Rejection;
      readonly parts?: readonly Decision[];
    };

export interface EventDraft<T extends EventType = EventType> {
  readonly type: T;
  readonly data: EventDataOf<T>;
}

export function draft<T extends EventType>(type: T, data: EventDataOf<T>): EventDraft<T> {
  return { type, data };
}

/** Seals drafts into journal events that continue the chain at `head`. */
export function sealEvents(
  head: ChainHead,
  drafts: readonly EventDraft[],
  context: DecisionContext,
): JournalEvent[] {
  const recordedAt = isoTime(context.now);
  const sealed: JournalEvent[] = [];
  let lastHash = head.lastHash;
  let sequence = head.nextSequence;
  for (const { type, data } of drafts) {
    const version = eventDataSchemas[type].version;
    const hash = computeEventHash(lastHash, {
      type,
      version,
      data: data as JsonValue,
      sequence,
      recordedAt,
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId,
    });
    const metadata = {
      sequence,
      recordedAt,
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId,
      prevHash: lastHash,
      hash,
    };
    sealed.push({ type, version, data, metadata } as JournalEvent);
    lastHash = hash;
    sequence += 1;
  }
  return sealed;
}

export function accepted(
  head: ChainHead,
  drafts: readonly EventDraft[],
  context: DecisionContext,
): Decision {
  return { status: "accepted", events: sealEvents(head, drafts, context) };
}

export function duplicate(sequence: number): Decision {
  return { status: "duplicate", events: [], sequence };
}

/** A rejection that writes nothing (the id is not ours to spend, or there is none). */
export function refused(reason: Rejection): Decision {
  return { status: "rejected", events: [], rejection: reason };
}
