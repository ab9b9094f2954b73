// Forming one group commit of the ledger writer. Commands are decided in order on a fork, each
// seeing the effects of those before it; each command is an atomic unit (an AtomicBatch is one
// command) whose events either all join the group or none do. A command's events must validate
// against the event schema exactly as a reader will see them, or the command is refused alone
// (`event_invalid`); a command too large for any append is refused alone (`command_too_large`);
// a command that does not fit in what the group already holds waits for the next group. The
// group stays within the limits (commands, events, bytes) whose byte measure is the store's own.
// A dry run queued among the commands is decided where it stands (after the members before it,
// against the state they produce) on a fork of its own, and is never applied nor appended.
import { upcast, type Command, type JournalEvent } from "../schemas/index.js";
import { assert } from "./assert.js";
import { decide, forkFor } from "./decide.js";
import type { Decision, DecisionContext } from "./decision.js";
import { appendedBytes, type AppendLimits, type EventToAppend } from "./eventStorePort.js";
import { evolve } from "./evolve.js";
import type { LedgerState } from "./state.js";
import { toEventToAppend } from "./storedEvents.js";

/** What one group may hold: commands, events and bytes (appendedBytes, as the store counts). */
export interface GroupLimits extends AppendLimits {
  readonly maxCommands: number;
}

/** The size of one atomic unit: its events and their bytes. */
export interface UnitSize {
  readonly events: number;
  readonly bytes: number;
}

/** admitted: now in the group; group_full: fits alone, not with the group; too_large: never fits. */
export type Admission = "admitted" | "group_full" | "too_large";

export function checkGroupLimits(limits: GroupLimits): void {
  for (const [name, value] of Object.entries(limits)) {
    assert(Number.isSafeInteger(value) && value >= 1, `group limit ${name} is a positive integer`);
  }
}

/** Whether a unit fits in an empty group (one command, its events and bytes). */
export function fitsAlone(unit: UnitSize, limits: GroupLimits): boolean {
  return unit.events <= limits.maxEvents && unit.bytes <= limits.maxBytes;
}

/** The running totals of one group: it admits whole units, in order, while they fit. */
export class GroupBudget {
  commands = 0;
  events = 0;
  bytes = 0;

  constructor(readonly limits: GroupLimits) {
    checkGroupLimits(limits);
  }

  admit(unit: UnitSize): Admission {
    assert(unit.events >= 0 && unit.bytes >= 0, "a unit's size is not negative");
    if (!fitsAlone(unit, this.limits)) return "too_large";
    if (
      this.commands + 1 > this.limits.maxCommands ||
      this.events + unit.events > this.limits.maxEvents ||
      this.bytes + unit.bytes > this.limits.maxBytes
    ) {
      return "group_full";
    }
    this.commands += 1;
    this.events += unit.events;
    this.bytes += unit.bytes;
    return "admitted";
  }
}

/**
 * The groups `units` make when each group takes units in order while they fit (GroupBudget):
 * the writer's rule when every command is queued at once and nothing is refused for its
 * content. Returns the units' indexes per group, and those too large for any group.
 */
export function planGroups(
  units: readonly UnitSize[],
  limits: GroupLimits,
): { groups: number[][]; tooLarge: number[] } {
  const groups: number[][] = [];
  const tooLarge: number[] = [];
  let budget = new GroupBudget(limits);
  let current: number[] = [];
  units.forEach((unit, index) => {
    let admission = budget.admit(unit);
    if (admission === "group_full") {
      groups.push(current);
      current = [];
      budget = new GroupBudget(limits);
      admission = budget.admit(unit);
    }
    if (admission === "too_large") tooLarge.push(index);
    else current.push(index);
  });
  if (current.length > 0) groups.push(current);
  return { groups, tooLarge };
}

export type RefusalCode = "event_invalid" | "command_too_large";

/** One queued item of a group: a command to apply, or a dry run (decided, never applied). */
export type GroupItem =
  | { readonly kind: "command"; readonly command: Command; readonly context: DecisionContext }
  | {
      readonly kind: "dryRun";
      readonly commands: readonly Command[];
      readonly contexts: readonly DecisionContext[];
    };

export interface GroupMember {
  /** Index of the item in the items given to formGroup. */
  readonly index: number;
  readonly decision: Decision;
}

export interface GroupRefusal {
  readonly index: number;
  readonly code: RefusalCode;
  readonly message: string;
}

/** What a dry run's command would get: its decision, or the refusal of the writer. */
export type DryRunAnswer =
  | { readonly decision: Decision }
  | { readonly refusal: { readonly code: RefusalCode; readonly message: string } };

/** A dry run decided at its place in the queue: nothing of it is in the group or the fork. */
export interface DryRunDecided {
  /** One answer per command, in order. */
  readonly answers: readonly DryRunAnswer[];
  /** A fork after the dry run's commands: the ledger, chain head and records they name. */
  readonly state: LedgerState;
  /** The events the dry run's commands decided, sealed as if appended now; never stored. */
  readonly events: readonly JournalEvent[];
}

export interface GroupDryRun {
  readonly index: number;
  readonly decided: DryRunDecided;
}

export interface FormedGroup {
  /** The commands in the group, in order, with their decisions. */
  readonly members: readonly GroupMember[];
  /** Commands refused alone; nothing of them is in the group or the fork. */
  readonly refusals: readonly GroupRefusal[];
  /** Dry runs decided in their place among the members; nothing of them is appended. */
  readonly dryRuns: readonly GroupDryRun[];
  /** Index of the first item left for a later group (items.length if none is). */
  readonly deferredFrom: number;
  /** Every member's events as they will be appended, in order. */
  readonly toAppend: readonly EventToAppend[];
  readonly bytes: number;
}

/** Why the events of a command cannot be stored as they are, or null if they can. */
export function invalidEvents(events: readonly EventToAppend[]): string | null {
  for (const event of events) {
    try {
      upcast(event);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  return null;
}

type Judged =
  | {
      readonly ok: true;
      readonly decision: Decision;
      readonly events: EventToAppend[];
      readonly unit: UnitSize;
    }
  | { readonly ok: false; readonly code: RefusalCode; readonly message: string };

/** Decides `command` on `fork` (unchanged) and says whether its events could ever be stored. */
function judge(
  fork: LedgerState,
  command: Command,
  context: DecisionContext,
  limits: GroupLimits,
): Judged {
  const decision = decide(fork, command, context);
  const events = decision.events.map(toEventToAppend);
  const invalid = invalidEvents(events);
  if (invalid !== null) return { ok: false, code: "event_invalid", message: invalid };
  const unit = { events: events.length, bytes: 0 };
  for (const event of events) unit.bytes += appendedBytes(event);
  if (!fitsAlone(unit, limits)) {
    return { ok: false, code: "command_too_large", message: tooLargeMessage(unit, limits) };
  }
  return { ok: true, decision, events, unit };
}

/**
 * Decides a dry run's commands in order on a fork of `state` (never changed), each seeing the
 * ones before it, exactly as the writer would decide them as commands queued here: a command
 * it would refuse is refused (and not applied to the fork). Nothing is appended.
 */
export function decideDryRun(
  state: LedgerState,
  commands: readonly Command[],
  contexts: readonly DecisionContext[],
  limits: GroupLimits,
): DryRunDecided {
  assert(commands.length === contexts.length, "one decision context per command");
  const fork = forkFor(state, commands);
  const answers: DryRunAnswer[] = [];
  const events: JournalEvent[] = [];
  for (const [index, command] of commands.entries()) {
    const context = contexts[index];
    assert(context !== undefined, "every command has a context");
    const judged = judge(fork, command, context, limits);
    if (!judged.ok) {
      answers.push({ refusal: { code: judged.code, message: judged.message } });
      continue;
    }
    answers.push({ decision: judged.decision });
    for (const event of judged.decision.events) {
      evolve(fork, event);
      events.push(event);
    }
  }
  return { answers, state: fork, events };
}

const commandsOf = (item: GroupItem): readonly Command[] =>
  item.kind === "command" ? [item.command] : item.commands;

/**
 * Decides `items` in order on a fork of `state` (never changed) and forms the next group:
 * members, refusals, dry runs (decided where they stand, after the members before them, and
 * never applied), and where the items that wait for the next group start. The first command
 * that is not refused is always a member, so every call makes progress.
 */
export function formGroup(
  state: LedgerState,
  items: readonly GroupItem[],
  limits: GroupLimits,
): FormedGroup {
  const fork = forkFor(state, items.flatMap(commandsOf));
  const budget = new GroupBudget(limits);
  const members: GroupMember[] = [];
  const refusals: GroupRefusal[] = [];
  const dryRuns: GroupDryRun[] = [];
  const toAppend: EventToAppend[] = [];
  let deferredFrom = items.length;
  for (const [index, item] of items.entries()) {
    if (item.kind === "dryRun") {
      dryRuns.push({ index, decided: decideDryRun(fork, item.commands, item.contexts, limits) });
      continue;
    }
    const judged = judge(fork, item.command, item.context, limits);
    if (!judged.ok) {
      refusals.push({ index, code: judged.code, message: judged.message });
      continue;
    }
    if (budget.admit(judged.unit) === "group_full") {
      deferredFrom = index;
      break;
    }
    members.push({ index, decision: judged.decision });
    for (const event of judged.events) toAppend.push(event);
    for (const event of judged.decision.events) evolve(fork, event);
  }
  assert(
    members.length + refusals.length + dryRuns.length > 0 || items.length === 0,
    "a group answers at least one item",
  );
  return { members, refusals, dryRuns, deferredFrom, toAppend, bytes: budget.bytes };
}

function tooLargeMessage(unit: UnitSize, limits: GroupLimits): string {
  return (
    `the command would write ${unit.events} events, ${unit.bytes} bytes; one append takes at ` +
    `most ${limits.maxEvents} events and ${limits.maxBytes} bytes: split it into smaller commands`
  );
}
