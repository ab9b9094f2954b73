// Deciding the commands that carry an entry id: post an entry, pend a hold, reverse an
// entry. Once the ledger has decided an entry id, accepted or rejected, that decision is
// final: a rule rejection is recorded (EntryRejected) and a retry gets the same answer.
import type { PendEntry, PostEntry, ReverseEntry } from "../schemas/index.js";
import {
  accepted,
  draft,
  duplicate,
  refused,
  sealEvents,
  type Decision,
  type DecisionContext,
  type EventDraft,
} from "./decision.js";
import { fingerprintOf } from "./fingerprint.js";
import { rejection, type Rejection } from "./rejections.js";
import {
  checkBalanced,
  checkLimits,
  checkPeriodOpen,
  isoTime,
  ledgerNotFound,
  mirrored,
  recordedPostings,
  requireOpenAccount,
  resolvePostings,
  type Checked,
} from "./rules.js";
import type { EntryRecord, LedgerInfo, LedgerState, Posting } from "./state.js";

/** The answer for an entry id decided before: the first outcome, or `id_conflict`. */
export function priorOutcome(prior: EntryRecord, fingerprint: string): Decision {
  if (prior.fingerprint !== fingerprint) {
    return refused(
      rejection("id_conflict", `entry id ${prior.entryId} was used with other content`, {
        entryId: prior.entryId,
        sequence: prior.sequence,
      }),
    );
  }
  if (prior.rejection !== null) {
    return refused(
      rejection(prior.rejection.code, prior.rejection.message, {
        entryId: prior.entryId,
        rejectedAtSequence: prior.sequence,
      }),
    );
  }
  return duplicate(prior.sequence);
}

/** Refuses an entry and spends its id with an EntryRejected record. */
export function recordedRejection(
  state: LedgerState,
  entryId: string,
  fingerprint: string,
  reason: Rejection,
  context: DecisionContext,
): Decision {
  const record = draft("EntryRejected", {
    entryId,
    fingerprint,
    code: reason.code,
    message: reason.message,
  });
  return {
    status: "rejected",
    events: sealEvents(state.chain, [record], context),
    rejection: reason,
  };
}

/**
 * The skeleton every entry-id command shares: the ledger must exist, a decided id answers with
 * its first outcome, and a rule rejection is recorded so the id is spent. (One function for
 * the three commands, without callbacks: no closure is made per entry on the hot path.)
 */
function decideEntryCommand(
  state: LedgerState,
  command: PostEntry | PendEntry | ReverseEntry,
  context: DecisionContext,
): Decision {
  const ledger = state.ledger;
  if (ledger === null) return refused(ledgerNotFound());
  const fingerprint = fingerprintOf(command);
  const prior = state.entries.get(command.entryId);
  if (prior !== undefined) return priorOutcome(prior, fingerprint);
  const effectiveAtMs =
    command.effectiveAt === undefined ? context.now : Date.parse(command.effectiveAt);
  const checked =
    command.type === "ReverseEntry"
      ? checkReversal(state, ledger, command, effectiveAtMs)
      : checkEntry(state, ledger, command, effectiveAtMs);
  if (!checked.ok) {
    return recordedRejection(state, command.entryId, fingerprint, checked.rejection, context);
  }
  const record =
    command.type === "ReverseEntry"
      ? reversalDraft(command, checked.value, effectiveAtMs, fingerprint)
      : entryDraft(command, checked.value, effectiveAtMs, fingerprint, context);
  return accepted(state.chain, [record], context);
}

export function decidePostOrPend(
  state: LedgerState,
  command: PostEntry | PendEntry,
  context: DecisionContext,
): Decision {
  return decideEntryCommand(state, command, context);
}

/** The EntryPosted or EntryPended of an accepted entry (keys in canonical order: see canonicalJson). */
function entryDraft(
  command: PostEntry | PendEntry,
  postings: readonly Posting[],
  effectiveAtMs: number,
  fingerprint: string,
  context: DecisionContext,
): EventDraft {
  const description = command.description ?? "";
  const effectiveAt = isoTime(effectiveAtMs);
  const metadata = { ...command.metadata };
  const recorded = recordedPostings(postings);
  const { entryId } = command;
  if (command.type === "PostEntry") {
    return draft("EntryPosted", {
      description,
      effectiveAt,
      entryId,
      fingerprint,
      metadata,
      postings: recorded,
      reversalOf: null,
    });
  }
  const expiresAt = isoTime(context.now + command.timeoutSeconds * 1000);
  return draft("EntryPended", {
    description,
    effectiveAt,
    entryId,
    fingerprint,
    metadata,
    postings: recorded,
    expiresAt,
  });
}

function checkEntry(
  state: LedgerState,
  ledger: LedgerInfo,
  command: PostEntry | PendEntry,
  effectiveAtMs: number,
): Checked<Posting[]> {
  const postings = resolvePostings(state, ledger, command.postings);
  if (!postings.ok) return postings;
  const period = checkPeriodOpen(state, effectiveAtMs);
  if (!period.ok) return period;
  const balanced = checkBalanced(ledger, postings.value);
  if (!balanced.ok) return balanced;
  const bucket = command.type === "PostEntry" ? "posted" : "pending";
  const changes = postings.value.map((posting) => ({ posting, bucket, sign: 1n }) as const);
  const limits = checkLimits(state, ledger, changes);
  if (!limits.ok) return limits;
  return postings;
}

export function decideReverse(
  state: LedgerState,
  command: ReverseEntry,
  context: DecisionContext,
): Decision {
  return decideEntryCommand(state, command, context);
}

function reversalDraft(
  command: ReverseEntry,
  postings: readonly Posting[],
  effectiveAtMs: number,
  fingerprint: string,
): EventDraft {
  return draft("EntryPosted", {
    description: command.description ?? `Reversal of ${command.reversalOf}`,
    effectiveAt: isoTime(effectiveAtMs),
    entryId: command.entryId,
    fingerprint,
    metadata: {},
    postings: recordedPostings(postings),
    reversalOf: command.reversalOf,
  });
}

function checkReversal(
  state: LedgerState,
  ledger: LedgerInfo,
  command: ReverseEntry,
  effectiveAtMs: number,
): Checked<Posting[]> {
  const target = postedPostingsOf(state, command.reversalOf);
  if (!target.ok) return target;
  const postings = mirrored(target.value);
  for (const posting of postings) {
    const account = requireOpenAccount(state, posting.accountId, posting.currency);
    if (!account.ok) return account;
  }
  const period = checkPeriodOpen(state, effectiveAtMs);
  if (!period.ok) return period;
  const changes = postings.map((posting) => ({ posting, bucket: "posted", sign: 1n }) as const);
  const limits = checkLimits(state, ledger, changes);
  if (!limits.ok) return limits;
  return { ok: true, value: postings };
}

/** What an entry posted, if it can be reversed: a posted entry, or a hold that was posted. */
function postedPostingsOf(state: LedgerState, entryId: string): Checked<readonly Posting[]> {
  const target = state.entries.get(entryId);
  if (target === undefined || target.kind === "rejected") {
    return {
      ok: false,
      rejection: rejection("entry_not_found", `entry ${entryId} does not exist`, { entryId }),
    };
  }
  if (target.reversedBy !== null) {
    return {
      ok: false,
      rejection: rejection(
        "already_reversed",
        `entry ${entryId} was reversed by ${target.reversedBy}`,
        {
          entryId,
          reversedBy: target.reversedBy,
        },
      ),
    };
  }
  if (target.kind === "posted") return { ok: true, value: target.postings };
  if (target.hold !== null && target.hold.status === "posted") {
    return { ok: true, value: target.hold.postedPostings };
  }
  return {
    ok: false,
    rejection: rejection("entry_not_posted", `entry ${entryId} is a hold that was not posted`, {
      entryId,
    }),
  };
}
