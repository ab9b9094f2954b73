// How a decision becomes an HTTP answer, the same for every command route: accepted is 201,
// a duplicate is 200 with `Idempotent-Replay: true` and the first outcome, a rejection is a
// problem with the rule's code (with `Idempotent-Replay: true` when it repeats the recorded
// rejection of an id decided before).
import type { FastifyReply } from "fastify";
import type { Decision, EntryRecord, LedgerWriter } from "../../ledger-core/index.js";
import type { LedgerService } from "../ledgerService.js";
import { rejectionProblem } from "../problems.js";
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

/** The view of an entry id the writer has decided, from the decision's events or the store. */
export async function decidedEntry(
  service: LedgerService,
  writer: LedgerWriter,
  entryId: string,
  decision?: Decision,
): Promise<EntryView | null> {
  const state = writer.current;
  const record: EntryRecord | undefined = state.entries.get(entryId);
  if (record === undefined || state.ledger === null) return null;
  const fresh = decision?.events.find(
    (event) => isCreatingEvent(event) && event.data.entryId === entryId,
  );
  const created =
    fresh !== undefined && isCreatingEvent(fresh)
      ? fresh
      : await service.creatingEvent(writer.current.ledger?.ledgerId ?? "", record.sequence);
  return entryView(state.ledger, record, created);
}
