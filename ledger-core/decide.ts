// decide(state, command, context): the ledger's rules as one pure function. It never changes
// `state`; it returns the sealed events to append, a duplicate's first outcome, or a
// rejection with its stable code. decideSequence() decides several commands in order, each
// seeing the effects of those before it, on a fork: the writer's group commit and atomic
// batches both stand on it.
import type { AtomicBatch, BatchableCommand, Command } from "../schemas/index.js";
import {
  decideClosePeriod,
  decideCloseAccount,
  decideCreateLedger,
  decideOpenAccount,
  decideUpdateAccount,
} from "./decideAccounts.js";
import { decidePostOrPend, decideReverse } from "./decideEntries.js";
import { decideExpirePending, decidePostPending, decideVoidPending } from "./decidePending.js";
import {
  draft,
  refused,
  sealEvents,
  type Decision,
  type DecisionContext,
  type EventDraft,
} from "./decision.js";
import { evolve } from "./evolve.js";
import { fingerprintOf } from "./fingerprint.js";
import { rejection } from "./rejections.js";
import { requireLedger } from "./rules.js";
import { decideIfrs9, ifrs9References } from "./decideIfrs9.js";
import { decideProvisioningRun, provisioningEntryId } from "./decideProvisioning.js";
import { decideRisk, riskReferences } from "./decideRisk.js";
import { emptyRiskIds, type RiskIds } from "./riskState.js";
import { forkState, type LedgerState } from "./state.js";

export function decide(state: LedgerState, command: Command, context: DecisionContext): Decision {
  switch (command.type) {
    case "CreateLedger":
      return decideCreateLedger(state, command, context);
    case "OpenAccount":
      return decideOpenAccount(state, command, context);
    case "UpdateAccount":
      return decideUpdateAccount(state, command, context);
    case "CloseAccount":
      return decideCloseAccount(state, command, context);
    case "PostEntry":
    case "PendEntry":
      return decidePostOrPend(state, command, context);
    case "ReverseEntry":
      return decideReverse(state, command, context);
    case "PostPending":
      return decidePostPending(state, command, context);
    case "VoidPending":
      return decideVoidPending(state, command, context);
    case "ExpirePending":
      return decideExpirePending(state, command, context);
    case "ClosePeriod":
      return decideClosePeriod(state, command, context);
    case "AtomicBatch":
      return decideAtomicBatch(state, command, context);
    case "RecordCounterparty":
    case "RecordFacility":
    case "PublishFxRates":
    case "RecordCapitalBase":
      return decideRisk(state, command, context);
    case "RecordFacilityTerms":
    case "RecordCreditAssessment":
    case "RecordWriteOff":
    case "RecordIfrs9Parameters":
      return decideIfrs9(state, command, context);
    case "RecordProvisioningRun":
      return decideProvisioningRun(state, command, context);
  }
}

/** The accounts and entries a command may read: what a fork must hold to decide it. */
export function referencedIds(
  state: LedgerState,
  command: Command,
  into: { accountIds: Set<string>; entryIds: Set<string>; risk: RiskIds },
): void {
  const addEntryAndAccounts = (entryId: string): void => {
    into.entryIds.add(entryId);
    const entry = state.entries.get(entryId);
    if (entry === undefined) return;
    for (const posting of entry.postings) into.accountIds.add(posting.accountId);
    for (const posting of entry.hold?.postedPostings ?? []) into.accountIds.add(posting.accountId);
  };
  switch (command.type) {
    case "CreateLedger":
    case "ClosePeriod":
      return;
    case "OpenAccount":
    case "UpdateAccount":
    case "CloseAccount":
      into.accountIds.add(command.accountId);
      return;
    case "PostEntry":
    case "PendEntry":
      into.entryIds.add(command.entryId);
      for (const posting of command.postings) into.accountIds.add(posting.accountId);
      return;
    case "ReverseEntry":
      into.entryIds.add(command.entryId);
      addEntryAndAccounts(command.reversalOf);
      return;
    case "PostPending":
    case "VoidPending":
    case "ExpirePending":
      addEntryAndAccounts(command.pendingId);
      return;
    case "AtomicBatch":
      for (const part of command.commands) referencedIds(state, part, into);
      return;
    case "RecordCounterparty":
    case "RecordFacility":
    case "PublishFxRates":
    case "RecordCapitalBase":
      riskReferences(command, into);
      return;
    case "RecordFacilityTerms":
    case "RecordCreditAssessment":
    case "RecordWriteOff":
    case "RecordIfrs9Parameters":
      ifrs9References(command, into);
      return;
    case "RecordProvisioningRun":
      into.entryIds.add(provisioningEntryId(command.runId));
      into.accountIds.add(command.impairmentExpenseAccountId);
      into.accountIds.add(command.lossAllowanceAccountId);
      into.risk.recordIds.add(command.runId);
      return;
  }
}

/** A fork of `state` holding everything `commands` may read. */
export function forkFor(state: LedgerState, commands: readonly Command[]): LedgerState {
  const ids = { accountIds: new Set<string>(), entryIds: new Set<string>(), risk: emptyRiskIds() };
  for (const command of commands) referencedIds(state, command, ids);
  return forkState(state, ids.accountIds, ids.entryIds, ids.risk);
}

/**
 * Decides `commands` in order on a fork, each seeing the events of those before it, each in
 * its own context (or all in one). With `stopAtRejection`, the first rejection ends the run.
 * `state` is never changed.
 */
export function decideSequence(
  state: LedgerState,
  commands: readonly Command[],
  contexts: DecisionContext | readonly DecisionContext[],
  stopAtRejection = false,
): { decisions: Decision[]; fork: LedgerState } {
  const fork = forkFor(state, commands);
  const decisions: Decision[] = [];
  for (const [index, command] of commands.entries()) {
    const context = "now" in contexts ? contexts : contexts[index];
    if (context === undefined) throw new RangeError(`no decision context for command #${index}`);
    const decision = decide(fork, command, context);
    decisions.push(decision);
    for (const event of decision.events) evolve(fork, event);
    if (stopAtRejection && decision.status === "rejected") break;
  }
  return { decisions, fork };
}

/** Commands that carry an entry id of their own, which a rejection spends. */
function ownEntryId(command: BatchableCommand): string | null {
  switch (command.type) {
    case "PostEntry":
    case "PendEntry":
    case "ReverseEntry":
      return command.entryId;
    case "PostPending":
    case "VoidPending":
      return null;
  }
}

/** All or nothing: every part applies, or none does and the batch is rejected. */
function decideAtomicBatch(
  state: LedgerState,
  command: AtomicBatch,
  context: DecisionContext,
): Decision {
  const ledger = requireLedger(state);
  if (!ledger.ok) return refused(ledger.rejection);
  const { decisions } = decideSequence(state, command.commands, context, true);
  const failedIndex = decisions.findIndex((decision) => decision.status === "rejected");
  if (failedIndex === -1) {
    const events = decisions.flatMap((decision) => decision.events);
    const first = decisions[0];
    if (events.length === 0 && first?.status === "duplicate") {
      return { status: "duplicate", events: [], sequence: first.sequence, parts: decisions };
    }
    return { status: "accepted", events, parts: decisions };
  }
  const failed = decisions[failedIndex];
  if (failed?.status !== "rejected") throw new RangeError("a failed part is a rejection");
  const reason = rejection(
    failed.rejection.code,
    `batch command #${failedIndex}: ${failed.rejection.message}`,
    { ...failed.rejection.details, index: failedIndex },
  );
  const records = batchRejectionRecords(state, command.commands, failedIndex, failed);
  return {
    status: "rejected",
    events: sealEvents(state.chain, records, context),
    rejection: reason,
    parts: decisions,
  };
}

/** EntryRejected records for every new entry id in a rejected batch (the ids are spent). */
function batchRejectionRecords(
  state: LedgerState,
  commands: readonly BatchableCommand[],
  failedIndex: number,
  failed: Decision & { status: "rejected" },
): EventDraft[] {
  const records: EventDraft[] = [];
  const spent = new Set<string>();
  commands.forEach((part, index) => {
    const entryId = ownEntryId(part);
    if (entryId === null || state.entries.has(entryId) || spent.has(entryId)) return;
    if (part.type === "PostPending" || part.type === "VoidPending") return;
    const own = index === failedIndex;
    if (own && failed.events.length === 0) return;
    spent.add(entryId);
    records.push(
      draft("EntryRejected", {
        entryId,
        fingerprint: fingerprintOf(part),
        code: own ? failed.rejection.code : "batch_rejected",
        message: own
          ? failed.rejection.message
          : `batch rejected: command #${failedIndex} failed with ${failed.rejection.code}`,
      }),
    );
  });
  return records;
}
