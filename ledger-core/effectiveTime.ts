// When a balance event takes effect in effective (business) time: the one rule every reader
// of effective time shares (the balances read model, the replay tools, their tests).
//  - EntryPosted, EntryPended: their effectiveAt.
//  - A hold's resolution (PendingPosted, PendingVoided, PendingExpired): when it was decided
//    (PendingPosted's effectiveAt, else the event's recordedAt), but never before the hold's
//    own effectiveAt. A hold pended for a future date and posted or voided today is resolved,
//    in effective time, on that date: its pending amounts exist over [hold's effectiveAt,
//    resolution's effective time) and never go negative. (The decider records a
//    PendingPosted's effectiveAt by the same rule; voids and expiries carry no effectiveAt.)
//  - Other events change no balance; their recordedAt.
// Times are epoch milliseconds, as evolve() reads them.
import type { JournalEvent } from "../schemas/index.js";
import { assert } from "./assert.js";

/** True for the events that resolve a hold (they need the hold's effective time). */
export function resolvesHold(
  event: JournalEvent,
): event is Extract<JournalEvent, { type: "PendingPosted" | "PendingVoided" | "PendingExpired" }> {
  return (
    event.type === "PendingPosted" ||
    event.type === "PendingVoided" ||
    event.type === "PendingExpired"
  );
}

/** The later of a resolution's decision time and its hold's effective time. */
export function resolutionEffectiveMs(decidedMs: number, holdEffectiveMs: number): number {
  return Math.max(decidedMs, holdEffectiveMs);
}

/**
 * The effective time of `event`; for a hold's resolution, `holdEffectiveMs` is the effective
 * time of the hold it resolves (required then).
 */
export function effectiveMsOf(event: JournalEvent, holdEffectiveMs?: number): number {
  switch (event.type) {
    case "EntryPosted":
    case "EntryPended":
      return Date.parse(event.data.effectiveAt);
    case "PendingPosted":
    case "PendingVoided":
    case "PendingExpired": {
      assert(
        holdEffectiveMs !== undefined,
        `the effective time of ${event.type} ${event.data.pendingId} needs its hold's`,
      );
      const decided =
        event.type === "PendingPosted" ? event.data.effectiveAt : event.metadata.recordedAt;
      return resolutionEffectiveMs(Date.parse(decided), holdEffectiveMs);
    }
    default:
      return Date.parse(event.metadata.recordedAt);
  }
}

/**
 * Follows one ledger's events in sequence order from its first and gives each its effective
 * time, remembering the effective time of each open hold until it is resolved (memory bounded
 * by the open holds).
 */
export class EffectiveTimes {
  private readonly openHolds = new Map<string, number>();

  of(event: JournalEvent): number {
    if (event.type === "EntryPended") {
      const ms = effectiveMsOf(event);
      this.openHolds.set(event.data.entryId, ms);
      return ms;
    }
    if (resolvesHold(event)) {
      const holdMs = this.openHolds.get(event.data.pendingId);
      assert(holdMs !== undefined, `${event.type} resolves unknown hold ${event.data.pendingId}`);
      this.openHolds.delete(event.data.pendingId);
      return effectiveMsOf(event, holdMs);
    }
    return effectiveMsOf(event);
  }
}
