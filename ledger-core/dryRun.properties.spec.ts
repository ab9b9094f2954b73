// Property tests of dry runs in the group commit (groupCommit.ts formGroup, decideDryRun) over
// random queues of valid and invalid commands (the history generators: unbalanced, unknown
// accounts, reused ids, closed periods, holds, reversals, atomic batches), re-sent commands
// (idempotent replays and id conflicts), and dry runs of one to three commands, under limits
// that refuse or defer some commands. Each queue is run the way the writer runs it (form a
// group, apply its members, carry the rest to the next group): every dry run answers exactly
// what the same commands get when really queued at its place, and dry runs change nothing
// (the same members, the same events, the same final state as the queue without them).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Command } from "../schemas/index.js";
import type { Decision } from "./decision.js";
import { evolve } from "./evolve.js";
import {
  decideDryRun,
  formGroup,
  type DryRunAnswer,
  type GroupItem,
  type GroupLimits,
  type RefusalCode,
} from "./groupCommit.js";
import { serializeState } from "./snapshots.js";
import type { LedgerState } from "./state.js";
import { contextAt, startHistory } from "./testing/historyRunner.js";
import {
  historyStart,
  historyStepArbitrary,
  type HistoryStep,
} from "./testing/ledgerArbitraries.js";

const numRuns = Number(process.env.PROPERTY_RUNS ?? 300);
const now = historyStart + 3_600_000;
const context = contextAt(now);

const commandArbitrary: fc.Arbitrary<Command> = historyStepArbitrary
  .filter((step): step is Extract<HistoryStep, { kind: "command" }> => step.kind === "command")
  .map((step) => step.command);

type Planned =
  | { readonly dry: boolean; readonly commands: readonly Command[] }
  | { readonly dry: boolean; readonly resend: number };

const plannedArbitrary: fc.Arbitrary<Planned> = fc.oneof(
  {
    arbitrary: commandArbitrary.map((command) => ({ dry: false, commands: [command] })),
    weight: 5,
  },
  {
    arbitrary: fc
      .array(commandArbitrary, { minLength: 1, maxLength: 3 })
      .map((commands) => ({ dry: true, commands })),
    weight: 3,
  },
  { arbitrary: fc.record({ dry: fc.boolean(), resend: fc.nat() }), weight: 2 },
);

const limitsArbitrary: fc.Arbitrary<GroupLimits> = fc.record({
  maxCommands: fc.integer({ min: 1, max: 6 }),
  maxEvents: fc.constantFrom(1, 2, 5, 10_000),
  maxBytes: fc.constantFrom(1_200, 2_500, 10_000_000),
});

/** The queue's items: a re-send repeats an earlier command (a replay or an id conflict). */
function itemsOf(planned: readonly Planned[]): GroupItem[] {
  const sent: Command[] = [];
  return planned.map((plan) => {
    const fallback: Command = { type: "VoidPending", pendingId: "hold:never" };
    const commands =
      "commands" in plan
        ? plan.commands
        : [sent[plan.resend % Math.max(1, sent.length)] ?? fallback];
    sent.push(...commands);
    if (plan.dry) {
      return { kind: "dryRun", commands, contexts: commands.map(() => context) };
    }
    const [command] = commands;
    return { kind: "command", command: command ?? fallback, context };
  });
}

type Answer = { readonly decision: Decision } | { readonly refusal: RefusalCode };

interface QueueRun {
  /** Per item: a command's answer, or a dry run's answers. */
  readonly answers: Map<number, Answer | readonly DryRunAnswer[]>;
  readonly appended: unknown[];
  readonly state: LedgerState;
}

/** Runs `items` as the writer does: group after group, applying each group's members. */
function runQueue(items: readonly GroupItem[], limits: GroupLimits): QueueRun {
  const { state } = startHistory();
  const answers = new Map<number, Answer | readonly DryRunAnswer[]>();
  const appended: unknown[] = [];
  let offset = 0;
  while (offset < items.length) {
    const group = formGroup(state, items.slice(offset), limits);
    for (const { index, decision } of group.members) answers.set(offset + index, { decision });
    for (const { index, code } of group.refusals) answers.set(offset + index, { refusal: code });
    for (const { index, decided } of group.dryRuns) answers.set(offset + index, decided.answers);
    appended.push(...group.toAppend);
    for (const { decision } of group.members) {
      for (const event of decision.events) evolve(state, event);
    }
    offset += group.deferredFrom;
  }
  return { answers, appended, state };
}

/** What a dry run's commands get when really queued at its place, the dry runs removed. */
function realAnswersAt(
  items: readonly GroupItem[],
  at: number,
  limits: GroupLimits,
): readonly DryRunAnswer[] {
  const item = items[at];
  if (item?.kind !== "dryRun") throw new Error("not a dry run");
  const before = items.slice(0, at).filter((earlier) => earlier.kind === "command");
  const asCommands = item.commands.map((command): GroupItem => ({
    kind: "command",
    command,
    context,
  }));
  const run = runQueue([...before, ...asCommands], limits);
  return asCommands.map((_, index): DryRunAnswer => {
    const answer = run.answers.get(before.length + index);
    if (answer === undefined || Array.isArray(answer)) throw new Error("no answer");
    const single = answer as Answer;
    return "decision" in single
      ? { decision: single.decision }
      : { refusal: { code: single.refusal, message: "" } };
  });
}

/** A dry answer without refusal messages (compared by code: messages name sizes). */
const comparable = (answers: readonly DryRunAnswer[]) =>
  answers.map((answer) =>
    "decision" in answer ? answer : { refusal: { code: answer.refusal.code, message: "" } },
  );

describe("dry runs in the group commit", () => {
  it("answer exactly what a real call at their place in the queue would get", () => {
    fc.assert(
      fc.property(
        fc.array(plannedArbitrary, { minLength: 1, maxLength: 25 }),
        limitsArbitrary,
        (planned, limits) => {
          const items = itemsOf(planned);
          const run = runQueue(items, limits);
          items.forEach((item, index) => {
            if (item.kind !== "dryRun") return;
            const dry = run.answers.get(index);
            expect(Array.isArray(dry)).toBe(true);
            expect(comparable(dry as readonly DryRunAnswer[])).toEqual(
              comparable(realAnswersAt(items, index, limits)),
            );
          });
        },
      ),
      { numRuns },
    );
  });

  it("change nothing: the same members, events and final state as the queue without them", () => {
    fc.assert(
      fc.property(
        fc.array(plannedArbitrary, { minLength: 1, maxLength: 25 }),
        limitsArbitrary,
        (planned, limits) => {
          const items = itemsOf(planned);
          const withDryRuns = runQueue(items, limits);
          const without = runQueue(
            items.filter((item) => item.kind === "command"),
            limits,
          );
          expect(withDryRuns.appended).toEqual(without.appended);
          const realAnswers = (run: QueueRun, source: readonly GroupItem[]) =>
            [...run.answers.entries()]
              .filter(([index]) => source[index]?.kind === "command")
              .sort(([a], [b]) => a - b)
              .map(([, answer]) => answer);
          expect(realAnswers(withDryRuns, items)).toEqual(
            realAnswers(
              without,
              items.filter((item) => item.kind === "command"),
            ),
          );
          expect(serializeState(withDryRuns.state)).toEqual(serializeState(without.state));
        },
      ),
      { numRuns },
    );
  });

  it("leave the state they are decided on untouched, and spend no id", () => {
    fc.assert(
      fc.property(
        fc.array(commandArbitrary, { minLength: 1, maxLength: 4 }),
        limitsArbitrary,
        (commands, limits) => {
          const { state } = startHistory();
          const before = serializeState(state);
          const dry = decideDryRun(
            state,
            commands,
            commands.map(() => context),
            limits,
          );
          expect(serializeState(state)).toEqual(before);
          // Decided again for real, the first command gets the very same answer: no id spent.
          const [first] = commands;
          if (first === undefined) return;
          const real = formGroup(state, [{ kind: "command", command: first, context }], limits);
          const answer = dry.answers[0];
          if (answer !== undefined && "decision" in answer) {
            expect(real.members[0]?.decision).toEqual(answer.decision);
          } else {
            expect(real.refusals[0]?.code).toBe(answer?.refusal.code);
          }
        },
      ),
      { numRuns },
    );
  });
});
