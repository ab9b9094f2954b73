// Builders for the events the decider specs expect: the exact data an accepted or rejected
// command must produce, with minor-unit amounts and the command's own fingerprint.
import type {
  PendEntry,
  PostEntry,
  RecordedPosting,
  ReverseEntry,
  Side,
} from "../../schemas/index.js";
import { fingerprintOf, type FingerprintedCommand } from "../fingerprint.js";
import type { RejectionCode } from "../rejections.js";
import { event, SPEC_EPOCH } from "./deciderSpec.js";

/** A posting as an event records it: minor units and the account's currency. */
export function leg(
  accountId: string,
  side: Side,
  amount: string,
  currency: string,
): RecordedPosting {
  return { accountId, side, amount, currency };
}

export function entryPosted(
  command: PostEntry,
  postings: RecordedPosting[],
  effectiveAt: string = SPEC_EPOCH,
) {
  return event("EntryPosted", {
    entryId: command.entryId,
    effectiveAt,
    description: command.description ?? "",
    postings,
    metadata: { ...command.metadata },
    fingerprint: fingerprintOf(command),
    reversalOf: null,
  });
}

export function entryPended(
  command: PendEntry,
  postings: RecordedPosting[],
  expiresAt: string,
  effectiveAt: string = SPEC_EPOCH,
) {
  return event("EntryPended", {
    entryId: command.entryId,
    effectiveAt,
    description: command.description ?? "",
    postings,
    metadata: { ...command.metadata },
    fingerprint: fingerprintOf(command),
    expiresAt,
  });
}

export function reversalPosted(
  command: ReverseEntry,
  postings: RecordedPosting[],
  effectiveAt: string = SPEC_EPOCH,
) {
  return event("EntryPosted", {
    entryId: command.entryId,
    effectiveAt,
    description: command.description ?? `Reversal of ${command.reversalOf}`,
    postings,
    metadata: {},
    fingerprint: fingerprintOf(command),
    reversalOf: command.reversalOf,
  });
}

/** The record that spends a rejected command's entry id. */
export function entryRejected(
  command: FingerprintedCommand & { readonly entryId: string },
  code: RejectionCode,
  message: string,
) {
  return event("EntryRejected", {
    entryId: command.entryId,
    fingerprint: fingerprintOf(command),
    code,
    message,
  });
}
