// Property tests of the ledger's invariants over random histories of valid and invalid
// commands: double entry per currency (posted and pending), account limits never crossed,
// replay reproduces state, re-sent commands change nothing, atomic batches are all or nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide } from "./decide.js";
import { evolve } from "./evolve.js";
import { verifyChain } from "./hashChain.js";
import { limitBreachOf } from "./money.js";
import { initialState, type LedgerState } from "./state.js";
import {
  contextAt,
  playHistory,
  resendable,
  startHistory,
  type HistoryRun,
} from "./testing/historyRunner.js";
import { historyArbitrary, type HistoryStep } from "./testing/ledgerArbitraries.js";
import type { Command } from "../schemas/index.js";
import type { Decision } from "./decision.js";

/** At least 1,000 random histories in CI, as the issue asks; more with PROPERTY_RUNS. */
const numRuns = Number(process.env.PROPERTY_RUNS ?? 1_000);

function totalsByCurrency(state: LedgerState) {
  const totals = new Map<
    string,
    { postedDebits: bigint; postedCredits: bigint; pendingDebits: bigint; pendingCredits: bigint }
  >();
  for (const account of state.accounts.values()) {
    const total = totals.get(account.currency) ?? {
      postedDebits: 0n,
      postedCredits: 0n,
      pendingDebits: 0n,
      pendingCredits: 0n,
    };
    totals.set(account.currency, {
      postedDebits: total.postedDebits + account.postedDebits,
      postedCredits: total.postedCredits + account.postedCredits,
      pendingDebits: total.pendingDebits + account.pendingDebits,
      pendingCredits: total.pendingCredits + account.pendingCredits,
    });
  }
  return totals;
}

function countersOf(state: LedgerState): string {
  return [...state.accounts.values()]
    .map(
      (a) =>
        `${a.accountId}:${a.postedDebits}/${a.postedCredits}/${a.pendingDebits}/${a.pendingCredits}`,
    )
    .join(",");
}

function assertInvariants(run: HistoryRun): void {
  for (const [currency, total] of totalsByCurrency(run.state)) {
    expect(total.postedDebits, `${currency} posted debits = credits`).toBe(total.postedCredits);
    expect(total.pendingDebits, `${currency} pending debits = credits`).toBe(total.pendingCredits);
  }
  for (const account of run.state.accounts.values()) {
    expect(limitBreachOf(account, account), `${account.accountId} within its limit`).toBeNull();
  }
}

describe("ledger invariants over random histories", () => {
  it("reaches every kind of outcome, so the properties below test something", () => {
    const outcomes = new Set<string>();
    for (const steps of fc.sample(historyArbitrary, { numRuns: 500, seed: 7 })) {
      for (const { command, decision } of playHistory(steps).decided) {
        outcomes.add(`${command.type}:${decision.status}`);
      }
    }
    const required = [
      "PostEntry:accepted",
      "PostEntry:rejected",
      "PendEntry:accepted",
      "PostPending:accepted",
      "PostPending:rejected",
      "VoidPending:accepted",
      "ExpirePending:accepted",
      "ReverseEntry:accepted",
      "AtomicBatch:accepted",
      "AtomicBatch:rejected",
      "ClosePeriod:accepted",
      "CloseAccount:accepted",
      "UpdateAccount:accepted",
    ];
    expect(required.filter((outcome) => !outcomes.has(outcome))).toEqual([]);
  });

  it("keeps double entry per currency and every account limit after every step", () => {
    fc.assert(
      fc.property(historyArbitrary, (steps) => {
        playHistory(steps, (run) => {
          assertInvariants(run);
        });
      }),
      { numRuns },
    );
  });

  it("reproduces the state exactly by replaying the emitted events, and the chain verifies", () => {
    fc.assert(
      fc.property(historyArbitrary, (steps) => {
        const run = playHistory(steps);
        const replayed = initialState();
        for (const event of run.events) evolve(replayed, event);
        expect(replayed).toEqual(run.state);
        expect(verifyChain(run.events)).toEqual({ ok: true, head: run.state.chain });
      }),
      { numRuns },
    );
  });

  it("changes nothing when any final command is sent again, and decide never mutates state", () => {
    fc.assert(
      fc.property(historyArbitrary, (steps) => {
        playHistory(steps, (run, step: HistoryStep) => {
          if (step.kind !== "resend") return;
          const candidates = resendable(run);
          const original = candidates[step.pick % candidates.length];
          if (original === undefined) return;
          const before = structuredClone(run.state);
          const again = decide(run.state, original.command, contextAt(run.now));
          expect(again.events).toEqual([]);
          expect(run.state).toEqual(before);
          expectSameOutcome(original.command, original.decision, again);
        });
      }),
      { numRuns },
    );
  });

  it("applies an atomic batch fully or not at all", () => {
    fc.assert(
      fc.property(historyArbitrary, (steps) => {
        let countersBefore = countersOf(startHistory().state);
        playHistory(steps, (run, step, decision) => {
          if (step.kind !== "command" || step.command.type !== "AtomicBatch" || decision === null) {
            countersBefore = countersOf(run.state);
            return;
          }
          if (decision.status === "rejected") {
            expect(decision.events.every((event) => event.type === "EntryRejected")).toBe(true);
            expect(countersOf(run.state)).toBe(countersBefore);
          } else {
            for (const part of step.command.commands) {
              if (
                part.type === "PostEntry" ||
                part.type === "PendEntry" ||
                part.type === "ReverseEntry"
              ) {
                expect(run.state.entries.get(part.entryId)?.kind).not.toBe("rejected");
              }
            }
          }
          countersBefore = countersOf(run.state);
        });
      }),
      { numRuns },
    );
  });
});

/** A re-sent command answers as it did: duplicate for an accepted one, same code if rejected. */
function expectSameOutcome(command: Command, first: Decision, again: Decision): void {
  if (first.status === "rejected") {
    expect(again.status).toBe("rejected");
    // A spent entry id answers with its recorded code. A rejected batch stays rejected, but
    // the part that fails first on a resend may differ (a hold part has no id to spend).
    if (again.status === "rejected" && command.type !== "AtomicBatch") {
      expect(again.rejection.code).toBe(first.rejection.code);
    }
    return;
  }
  expect(["duplicate", "rejected"]).toContain(again.status);
  if (again.status === "rejected") {
    // Only an account update can be overtaken by a later update (version_conflict).
    expect(again.rejection.code).toBe("version_conflict");
  }
}
