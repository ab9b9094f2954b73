// Forming one group commit of the ledger writer. Commands are decided in order on a fork, each
// seeing the effects of those before it; each command is an atomic unit (an AtomicBatch is one
// command) whose events either all join the group or none do. A command's events must validate
// against the event schema exactly as a reader will see them, or the command is refused alone
// (`event_invalid`); a command too large for any append is refused alone (`command_too_large`);
// a command that does not fit in what the group already holds waits for the next group. The
// group stays within the limits (commands, events, bytes) whose byte measure is the store's own.
import { upcast, type Command } from "../schemas/index.js";
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

export interface GroupMember {
  /** Index of the command in the commands given to formGroup. */
  readonly index: number;
  readonly decision: Decision;
}

export interface GroupRefusal {
  readonly index: number;
  readonly code: RefusalCode;
  readonly message: string;
}

export interface FormedGroup {
  /** The commands in the group, in order, with their decisions. */
  readonly members: readonly GroupMember[];
  /** Commands refused alone; nothing of them is in the group or the fork. */
  readonly refusals: readonly GroupRefusal[];
  /** Index of the first command left for a later group (commands.length if none is). */
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

/**
 * Decides `commands` in order on a fork of `state` (never changed) and forms the next group:
 * members, refusals, and where the commands that wait for the next group start. The first
 * command that is not refused is always a member, so every call makes progress.
 */
export function formGroup(
  state: LedgerState,
  commands: readonly Command[],
  contexts: readonly DecisionContext[],
  limits: GroupLimits,
): FormedGroup {
  assert(commands.length === contexts.length, "one decision context per command");
  const fork = forkFor(state, commands);
  const budget = new GroupBudget(limits);
  const members: GroupMember[] = [];
  const refusals: GroupRefusal[] = [];
  const toAppend: EventToAppend[] = [];
  let deferredFrom = commands.length;
  for (const [index, command] of commands.entries()) {
    const context = contexts[index];
    assert(context !== undefined, "every command has a context");
    const decision = decide(fork, command, context);
    const events = decision.events.map(toEventToAppend);
    const invalid = invalidEvents(events);
    if (invalid !== null) {
      refusals.push({ index, code: "event_invalid", message: invalid });
      continue;
    }
    const unit = { events: events.length, bytes: 0 };
    for (const event of events) unit.bytes += appendedBytes(event);
    const admission = budget.admit(unit);
    if (admission === "too_large") {
      refusals.push({ index, code: "command_too_large", message: tooLargeMessage(unit, limits) });
      continue;
    }
    if (admission === "group_full") {
      deferredFrom = index;
      break;
    }
    members.push({ index, decision });
    for (const event of events) toAppend.push(event);
    for (const event of decision.events) evolve(fork, event);
  }
  assert(
    members.length + refusals.length > 0 || commands.length === 0,
    "a group answers at least one command",
  );
  return { members, refusals, deferredFrom, toAppend, bytes: budget.bytes };
}

function tooLargeMessage(unit: UnitSize, limits: GroupLimits): string {
  return (
    `the command would write ${unit.events} events, ${unit.bytes} bytes; one append takes at ` +
    `most ${limits.maxEvents} events and ${limits.maxBytes} bytes: split it into smaller commands`
  );
}
