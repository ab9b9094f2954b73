// Entry records: what an entry id's events make of it (posted, a hold and what became of it,
// a rejection, a reversal link). evolve() applies these rules to the writer's state; the
// writer applies the same rules to the events the store finds for ids that left its bounded
// cache (entryRecordsOf), so a record rebuilt from the store equals the one evolve made.
import type { EventDataOf, JournalEvent, RecordedPosting } from "../schemas/index.js";
import { assert } from "./assert.js";
import { isRejectionCode } from "./rejections.js";
import type { EntryRecord, Posting } from "./state.js";

/** Recorded postings (minor-unit strings) as core postings (bigint). */
export function toPostings(recorded: readonly RecordedPosting[]): Posting[] {
  return recorded.map((posting) => ({
    accountId: posting.accountId,
    side: posting.side,
    amount: BigInt(posting.amount),
    currency: posting.currency,
  }));
}

export function entryPostedRecord(data: EventDataOf<"EntryPosted">, sequence: number): EntryRecord {
  return {
    entryId: data.entryId,
    kind: "posted",
    fingerprint: data.fingerprint,
    sequence,
    effectiveAtMs: Date.parse(data.effectiveAt),
    postings: toPostings(data.postings),
    reversalOf: data.reversalOf,
    reversedBy: null,
    hold: null,
    rejection: null,
  };
}

export function entryPendedRecord(data: EventDataOf<"EntryPended">, sequence: number): EntryRecord {
  return {
    entryId: data.entryId,
    kind: "pending",
    fingerprint: data.fingerprint,
    sequence,
    effectiveAtMs: Date.parse(data.effectiveAt),
    postings: toPostings(data.postings),
    reversalOf: null,
    reversedBy: null,
    hold: {
      expiresAtMs: Date.parse(data.expiresAt),
      status: "open",
      resolutionFingerprint: null,
      resolutionSequence: null,
      postedPostings: [],
    },
    rejection: null,
  };
}

export function entryRejectedRecord(event: JournalEvent & { type: "EntryRejected" }): EntryRecord {
  const code = event.data.code;
  assert(isRejectionCode(code), `unknown rejection code ${code}`);
  return {
    entryId: event.data.entryId,
    kind: "rejected",
    fingerprint: event.data.fingerprint,
    sequence: event.metadata.sequence,
    effectiveAtMs: Date.parse(event.metadata.recordedAt),
    postings: [],
    reversalOf: null,
    reversedBy: null,
    hold: null,
    rejection: { code, message: event.data.message },
  };
}

export type OpenHoldRecord = EntryRecord & { hold: NonNullable<EntryRecord["hold"]> };

/** The record of a hold that is still open (a corrupt stream resolves one twice). */
export function openHold(entry: EntryRecord | undefined, pendingId: string): OpenHoldRecord {
  assert(entry !== undefined, `event names unknown entry ${pendingId}`);
  assert(entry.hold !== null, `entry ${pendingId} is not a hold`);
  assert(entry.hold.status === "open", `hold ${pendingId} is resolved once`);
  return entry as OpenHoldRecord;
}

/** A hold leaves "open": posted (with what was posted) or released (voided, expired). */
export function resolveHold(
  entry: OpenHoldRecord,
  status: "posted" | "voided" | "expired",
  sequence: number,
  posted?: { readonly fingerprint: string; readonly postings: readonly Posting[] },
): void {
  entry.hold.status = status;
  entry.hold.resolutionSequence = sequence;
  if (posted !== undefined) {
    entry.hold.resolutionFingerprint = posted.fingerprint;
    entry.hold.postedPostings = posted.postings;
  }
}

/**
 * The records of `wanted` ids made from events the store found for them (every event that
 * names one of them, in revision order): the creating event, a hold's resolution, and the
 * reversal that reversed it. Ids with no creating event among `events` have no record.
 */
export function entryRecordsOf(
  events: readonly JournalEvent[],
  wanted: ReadonlySet<string>,
): Map<string, EntryRecord> {
  const records = new Map<string, EntryRecord>();
  for (const event of events) {
    const sequence = event.metadata.sequence;
    switch (event.type) {
      case "EntryPosted": {
        const { entryId, reversalOf } = event.data;
        if (wanted.has(entryId)) records.set(entryId, entryPostedRecord(event.data, sequence));
        const original = reversalOf === null ? undefined : records.get(reversalOf);
        if (original !== undefined) original.reversedBy = entryId;
        break;
      }
      case "EntryPended":
        if (wanted.has(event.data.entryId)) {
          records.set(event.data.entryId, entryPendedRecord(event.data, sequence));
        }
        break;
      case "EntryRejected":
        if (wanted.has(event.data.entryId))
          records.set(event.data.entryId, entryRejectedRecord(event));
        break;
      case "PendingPosted": {
        const hold = records.get(event.data.pendingId);
        if (hold === undefined) break;
        const postings = toPostings(event.data.postings);
        const fingerprint = event.data.fingerprint;
        resolveHold(openHold(hold, event.data.pendingId), "posted", sequence, {
          fingerprint,
          postings,
        });
        break;
      }
      case "PendingVoided":
      case "PendingExpired": {
        const hold = records.get(event.data.pendingId);
        const status = event.type === "PendingVoided" ? "voided" : "expired";
        if (hold !== undefined) resolveHold(openHold(hold, event.data.pendingId), status, sequence);
        break;
      }
      default:
      // Other events name no entry.
    }
  }
  return records;
}
