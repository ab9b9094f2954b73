// Runs a generated history through the decider the way the writer does (decide, then evolve
// the emitted events), recording every decision, so tests can check invariants after each step
// and replay the emitted events elsewhere (read models, replay tools).
import type { Command, JournalEvent } from "../../schemas/index.js";
import { decide } from "../decide.js";
import type { Decision, DecisionContext } from "../decision.js";
import { evolve } from "../evolve.js";
import { initialState, type LedgerState } from "../state.js";
import { fixturePrelude, historyStart, type HistoryStep } from "./ledgerArbitraries.js";

export interface DecidedCommand {
  readonly command: Command;
  readonly decision: Decision;
  readonly now: number;
}

export interface HistoryRun {
  readonly state: LedgerState;
  readonly events: JournalEvent[];
  readonly decided: DecidedCommand[];
  now: number;
}

export function contextAt(now: number): DecisionContext {
  return { now, actor: "property-test", correlationId: "history", causationId: null };
}

/** A run with the fixture ledger and chart of accounts in place. */
export function startHistory(): HistoryRun {
  const run: HistoryRun = { state: initialState(), events: [], decided: [], now: historyStart };
  for (const command of fixturePrelude) {
    const decision = applyCommand(run, command);
    if (decision.status !== "accepted") {
      throw new Error(`prelude ${command.type} was ${decision.status}`);
    }
  }
  return run;
}

/** Decides one command at the run's clock and evolves the state with its events. */
export function applyCommand(run: HistoryRun, command: Command): Decision {
  const decision = decide(run.state, command, contextAt(run.now));
  for (const event of decision.events) {
    evolve(run.state, event);
    run.events.push(event);
  }
  run.decided.push({ command, decision, now: run.now });
  return decision;
}

/** Commands whose outcome is final: re-sending them must change nothing. */
export function resendable(run: HistoryRun): DecidedCommand[] {
  return run.decided.filter(
    ({ decision }) => decision.status !== "rejected" || decision.events.length > 0,
  );
}

export type StepObserver = (run: HistoryRun, step: HistoryStep, decision: Decision | null) => void;

/** Plays `steps`; a resend step re-decides an earlier final command without applying it. */
export function playHistory(steps: readonly HistoryStep[], observe?: StepObserver): HistoryRun {
  const run = startHistory();
  for (const step of steps) {
    if (step.kind === "advance") {
      run.now += step.seconds * 1000;
      observe?.(run, step, null);
      continue;
    }
    if (step.kind === "resend") {
      observe?.(run, step, null);
      continue;
    }
    const decision = applyCommand(run, step.command);
    observe?.(run, step, decision);
  }
  return run;
}
