// How a decision becomes an HTTP answer, the same for every command route: accepted is 201,
// a duplicate is 200 with `Idempotent-Replay: true` and the first outcome, a rejection is a
// problem with the rule's code (with `Idempotent-Replay: true` when it repeats the recorded
// rejection of an id decided before). A dry run answers from its own state and unstored
// events, exactly as the real call would have.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Decision, EntryRecord, LedgerState, LedgerWriter } from "../../ledger-core/index.js";
import type { Decided, LedgerService } from "../ledgerService.js";
import type { Command } from "../../schemas/index.js";
import { principalOf } from "../principal.js";
import { rejectionProblem } from "../problems.js";
import { isDryRun } from "./dryRun.js";
import { entryView, isCreatingEvent, type EntryView } from "../views.js";

/** Sets the status for an accepted or duplicate decision; throws the problem of a rejection. */
export function replyStatus(reply: FastifyReply, decision: Decision): void {
  if (decision.status === "rejected") {
    // The first outcome of an id that was refused before (its EntryRejected is recorded).
    if (decision.rejection.details.rejectedAtSequence !== undefined) {
      void reply.header("idempotent-replay", "true");
    }
    throw rejectionProblem(decision.rejection);
  }
  if (decision.status === "accepted") {
    void reply.code(201);
    return;
  }
  void reply.code(200).header("idempotent-replay", "true");
}

/**
 * Decides `command` on `ledgerId` as the request's principal (a dry run when the request asks
 * for one: ?dryRun=true or the header) and sets the reply's status from the decision.
 */
export async function decideAndReply(
  service: LedgerService,
  request: FastifyRequest,
  reply: FastifyReply,
  ledgerId: string,
  command: Command,
): Promise<Decided> {
  const decided = await service.decide(
    ledgerId,
    command,
    principalOf(request),
    request,
    isDryRun(request),
  );
  replyStatus(reply, decided.decision);
  return decided;
}

/** The state an answer reads: a dry run's own, else the writer's (read your own writes). */
export function stateAfter(writer: LedgerWriter, decided?: Decided): Readonly<LedgerState> {
  return decided?.after ?? writer.current;
}

/** The view of an entry id the writer has decided, from the decided events or the store. */
export async function decidedEntry(
  service: LedgerService,
  writer: LedgerWriter,
  entryId: string,
  decided?: Decided,
): Promise<EntryView | null> {
  const state = stateAfter(writer, decided);
  // The writer keeps a bounded window of entries: an older one is rebuilt from the store.
  const record: EntryRecord | undefined =
    state.entries.get(entryId) ??
    (decided?.after === undefined ? await writer.entryRecord(entryId) : undefined);
  if (record === undefined || state.ledger === null) return null;
  const unstored = decided?.unstored ?? [];
  const fresh = [...(decided?.decision.events ?? []), ...unstored].find(
    (event) => isCreatingEvent(event) && event.data.entryId === entryId,
  );
  const created =
    fresh !== undefined && isCreatingEvent(fresh)
      ? fresh
      : await service.creatingEvent(state.ledger.ledgerId, record.sequence, unstored);
  return entryView(state.ledger, record, created);
}
