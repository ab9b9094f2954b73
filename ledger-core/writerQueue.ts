// The ledger writer's queue items and how a formed group answers them: a command waits for its
// decision once durable; a dry run (commands decided where they stand in the queue, never
// applied) waits for its decisions once the members queued before it are durable. Also the
// check every request passes before it is queued (its event context must validate).
import { eventContextSchema, type Command } from "../schemas/index.js";
import { assert } from "./assert.js";
import type { Decision, DecisionContext } from "./decision.js";
import type { FormedGroup, GroupItem } from "./groupCommit.js";
import { WriterError, type CommandRequest, type DryRunResult } from "./writerOptions.js";

export type Queued =
  | {
      readonly kind: "command";
      readonly request: CommandRequest;
      readonly resolve: (decision: Decision) => void;
      readonly reject: (error: Error) => void;
    }
  | {
      readonly kind: "dryRun";
      readonly requests: readonly CommandRequest[];
      readonly resolve: (result: DryRunResult) => void;
      readonly reject: (error: Error) => void;
    };

/** Why a request's events could never be read back (or stored), or null if they could. */
export function invalidContext(request: CommandRequest): WriterError | null {
  const context = eventContextSchema.safeParse({
    actor: request.actor,
    correlationId: request.correlationId,
    causationId: request.causationId ?? null,
  });
  if (context.success) return null;
  return new WriterError(
    "event_invalid",
    `the command's events would not validate: ${context.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ")}`,
  );
}

export function contextFor(request: CommandRequest, now: number): DecisionContext {
  return {
    now,
    actor: request.actor,
    correlationId: request.correlationId,
    causationId: request.causationId ?? null,
  };
}

/** The commands of a queued item. */
export function commandsOf(queued: Queued): Command[] {
  return queued.kind === "command"
    ? [queued.request.command]
    : queued.requests.map((request) => request.command);
}

/** What formGroup decides for a queued item, at the clock reading `now`. */
export function itemOf(queued: Queued, now: number): GroupItem {
  if (queued.kind === "command") {
    return {
      kind: "command",
      command: queued.request.command,
      context: contextFor(queued.request, now),
    };
  }
  return {
    kind: "dryRun",
    commands: queued.requests.map((request) => request.command),
    contexts: queued.requests.map((request) => contextFor(request, now)),
  };
}

/** The queued items a group decided (members and dry runs), in queue order. */
export function decidedItems(pending: readonly Queued[], group: FormedGroup): Queued[] {
  const refused = new Set(group.refusals.map(({ index }) => index));
  return pending.slice(0, group.deferredFrom).filter((_, index) => !refused.has(index));
}

/** Refuses the items the group refused alone, each with its own code. */
export function refuseAlone(pending: readonly Queued[], group: FormedGroup): void {
  for (const refusal of group.refusals) {
    pending[refusal.index]?.reject(new WriterError(refusal.code, refusal.message));
  }
}

/** Answers every member with its decision and every dry run with its outcomes. */
export function answerGroup(pending: readonly Queued[], group: FormedGroup): void {
  for (const { index, decision } of group.members) {
    const queued = pending[index];
    assert(queued?.kind === "command", "every member is a queued command");
    queued.resolve(decision);
  }
  for (const { index, decided } of group.dryRuns) {
    const queued = pending[index];
    assert(queued?.kind === "dryRun", "every dry run is a queued dry run");
    queued.resolve({
      outcomes: decided.answers.map((answer) =>
        "decision" in answer
          ? answer.decision
          : new WriterError(answer.refusal.code, answer.refusal.message),
      ),
      state: decided.state,
      events: decided.events,
    });
  }
}
