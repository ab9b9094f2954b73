// Tests of the balances read model against real PostgreSQL: a property that, for random
// histories applied in random batches (amounts up to the 10^30 bound, holds dated in the past
// and the future, partial posts at each scale, a clock that steps back), every account's
// counters as of every sequence and as of now equal the core's replayed state, that effective,
// recorded and bitemporal answers equal a reference computed from the core's per-event deltas
// and ledger-core's effective-time rule, and that no counter is negative in effective order.
// Worked scenarios and poison events: balancesScenarios.spec.ts.
import fc from "fast-check";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EffectiveTimes,
  evolve,
  initialState,
  resolvesHold,
  type Counters,
} from "../../ledger-core/index.js";
import { playHistory } from "../../ledger-core/testing/historyRunner.js";
import { historyArbitrary } from "../../ledger-core/testing/ledgerArbitraries.js";
import type { AccountType, JournalEvent } from "../../schemas/index.js";
import {
  balanceOf,
  trialBalance,
  type AccountBalance,
  type BalanceAt,
  type TrialBalance,
} from "./balanceQueries.js";
import {
  countersOf,
  expectSumsToZero,
  openBalancesHarness,
  rowsOf,
  type BalancesHarness,
} from "./testing/balancesHarness.js";

const NUM_RUNS = Number(process.env.BALANCES_PROPERTY_RUNS ?? 100);

let harness: BalancesHarness;
let pool: pg.Pool;

beforeAll(async () => {
  harness = await openBalancesHarness();
  pool = harness.pool;
});

afterAll(async () => {
  await harness.close();
});

interface Expected extends Counters {
  readonly currency: string;
  readonly accountType: AccountType;
}
type Snapshot = ReadonlyMap<string, Expected>;

/** The core's accounts after each event: snapshots[s] is the state after sequence s. */
function replay(events: readonly JournalEvent[]): Snapshot[] {
  const state = initialState();
  return events.map((event) => {
    evolve(state, event);
    return new Map(
      [...state.accounts].map(([id, a]) => [
        id,
        {
          currency: a.currency,
          accountType: a.accountType,
          postedDebits: a.postedDebits,
          postedCredits: a.postedCredits,
          pendingDebits: a.pendingDebits,
          pendingCredits: a.pendingCredits,
        },
      ]),
    );
  });
}

const zero: Counters = {
  postedDebits: 0n,
  postedCredits: 0n,
  pendingDebits: 0n,
  pendingCredits: 0n,
};

function minus(a: Counters, b: Counters): Counters {
  return {
    postedDebits: a.postedDebits - b.postedDebits,
    postedCredits: a.postedCredits - b.postedCredits,
    pendingDebits: a.pendingDebits - b.pendingDebits,
    pendingCredits: a.pendingCredits - b.pendingCredits,
  };
}

const plus = (a: Counters, b: Counters): Counters => minus(a, minus(zero, b));

/** Each event's effective time by ledger-core's rule (a resolution never before its hold). */
function effectiveTimes(events: readonly JournalEvent[]): number[] {
  const times = new EffectiveTimes();
  return events.map((event) => times.of(event));
}

/** Reference bitemporal answer: per account known at K, deltas of events <= K effective <= D. */
function reference(
  effective: readonly number[],
  snapshots: Snapshot[],
  d: number,
  k: number,
): Map<string, Counters> {
  const known = snapshots[k] ?? new Map<string, Expected>();
  const out = new Map<string, Counters>();
  for (const id of known.keys()) out.set(id, zero);
  for (let s = 0; s <= k; s++) {
    if ((effective[s] ?? Number.POSITIVE_INFINITY) > d) continue;
    for (const [id, after] of snapshots[s] ?? []) {
      const before = snapshots[s - 1]?.get(id) ?? zero;
      out.set(id, plus(out.get(id) ?? zero, minus(countersOf(after), countersOf(before))));
    }
  }
  return out;
}

function expectCounters(actual: AccountBalance | undefined, expected: Counters, label: string) {
  expect(actual === undefined ? undefined : countersOf(actual), label).toEqual(
    countersOf(expected),
  );
}

/**
 * The last sequence recorded by `ms`: the longest prefix of the ledger whose events were all
 * recorded by then (the clock may step back, so this is not "every event recorded by ms").
 */
function lastRecordedBy(events: readonly JournalEvent[], ms: number): number {
  let watermark = Number.NEGATIVE_INFINITY;
  let last = -1;
  for (const [s, e] of events.entries()) {
    watermark = Math.max(watermark, Date.parse(e.metadata.recordedAt));
    if (watermark > ms) break;
    last = s;
  }
  return last;
}

function expectNonNegative(trial: TrialBalance, label: string): void {
  for (const account of trial.currencies.flatMap((c) => c.accounts)) {
    for (const value of Object.values(countersOf(account))) {
      expect(value, `${label} ${account.accountId}`).toBeGreaterThanOrEqual(0n);
    }
  }
}

describe("balances projection", () => {
  it("matches the core's replayed state at every sequence, and bitemporal references", async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary,
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(-1, 0, 1), fc.nat()), {
          minLength: 6,
          maxLength: 6,
        }),
        async (steps, sizes, oneTransaction, picks) => {
          const events = playHistory(steps).events;
          const ledgerId = harness.freshLedgerId();
          await harness.project(ledgerId, events, sizes, oneTransaction);
          const snapshots = replay(events);
          const effective = effectiveTimes(events);
          const last = events.length - 1;
          const accountIds = [...(snapshots[last]?.keys() ?? []), "ghost:never-opened"];

          for (let s = 0; s <= last; s++) {
            const expected = snapshots[s] ?? new Map<string, Expected>();
            const at: BalanceAt = { kind: "sequence", sequence: s };
            const trial = await trialBalance(pool, { ledgerId, at });
            expect(trial.sequence).toBe(s);
            const rows = rowsOf(trial);
            expect([...rows.keys()].sort()).toEqual([...expected.keys()].sort());
            for (const accountId of accountIds) {
              const want = expected.get(accountId);
              const got = await balanceOf(pool, { ledgerId, accountId, at });
              if (want === undefined) {
                expect(got).toBeNull();
                continue;
              }
              expect(got).not.toBeNull();
              expectCounters(got ?? undefined, want, `${accountId} at ${s}`);
              expect(got?.currency).toBe(want.currency);
              expect(got?.accountType).toBe(want.accountType);
              expect(got?.sequence).toBe(s);
              expectCounters(rows.get(accountId), want, `trial ${accountId} at ${s}`);
            }
          }

          const latest = await trialBalance(pool, { ledgerId, at: { kind: "latest" } });
          expect(latest.sequence).toBe(last);
          expectSumsToZero(latest);
          for (const [id, want] of snapshots[last] ?? []) {
            expectCounters(rowsOf(latest).get(id), want, `latest ${id}`);
          }

          // Around every hold's resolution (where the effective-time rule matters): the answers
          // just before and at its effective time, as known now, equal the reference.
          for (const [s, event] of events.entries()) {
            if (!resolvesHold(event)) continue;
            for (const offset of [-1, 0]) {
              const d = (effective[s] ?? 0) + offset;
              const at: BalanceAt = { kind: "effective", effectiveAt: new Date(d).toISOString() };
              const trial = await trialBalance(pool, { ledgerId, at });
              expectNonNegative(trial, `around ${event.type} ${s}`);
              const want = reference(effective, snapshots, d, last);
              for (const [id, counters] of want) {
                expectCounters(rowsOf(trial).get(id), counters, `around ${event.type} ${s}: ${id}`);
              }
            }
          }

          // Effective, recorded and bitemporal answers against the reference.
          for (const [dPick, offset, kPick] of picks) {
            const d = (effective[dPick % events.length] ?? 0) + offset;
            const k = kPick % events.length;
            const kEvent = events[k];
            if (kEvent === undefined) continue;
            const effectiveAt = new Date(d).toISOString();
            const checks: { at: BalanceAt; knownSeq: number }[] = [
              { at: { kind: "effective", effectiveAt }, knownSeq: last },
              { at: { kind: "effective", effectiveAt, knownAt: { sequence: k } }, knownSeq: k },
              {
                at: {
                  kind: "effective",
                  effectiveAt,
                  knownAt: { recordedAt: kEvent.metadata.recordedAt },
                },
                knownSeq: lastRecordedBy(events, Date.parse(kEvent.metadata.recordedAt)),
              },
            ];
            for (const { at, knownSeq } of checks) {
              const trial = await trialBalance(pool, { ledgerId, at });
              expectSumsToZero(trial);
              expectNonNegative(trial, JSON.stringify(at));
              expect(trial.sequence).toBe(knownSeq < 0 ? null : knownSeq);
              const want =
                knownSeq < 0
                  ? new Map<string, Counters>()
                  : reference(effective, snapshots, d, knownSeq);
              const rows = rowsOf(trial);
              expect([...rows.keys()].sort()).toEqual([...want.keys()].sort());
              for (const [id, counters] of want) {
                expectCounters(rows.get(id), counters, `${JSON.stringify(at)} ${id}`);
                const one = await balanceOf(pool, { ledgerId, accountId: id, at });
                expectCounters(one ?? undefined, counters, `balanceOf ${JSON.stringify(at)} ${id}`);
              }
            }
            const recordedMs = Date.parse(kEvent.metadata.recordedAt) + offset;
            const recordedSeq = lastRecordedBy(events, recordedMs);
            const recorded = await trialBalance(pool, {
              ledgerId,
              at: { kind: "recorded", recordedAt: new Date(recordedMs).toISOString() },
            });
            expectSumsToZero(recorded);
            expect(recorded.sequence).toBe(recordedSeq < 0 ? null : recordedSeq);
            const wantRecorded = snapshots[recordedSeq] ?? new Map<string, Expected>();
            expect([...rowsOf(recorded).keys()].sort()).toEqual([...wantRecorded.keys()].sort());
            for (const [id, want] of wantRecorded) {
              expectCounters(rowsOf(recorded).get(id), want, `recorded ${recordedMs} ${id}`);
            }
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
    console.info(`balances property: ${NUM_RUNS} runs in ${Date.now() - started} ms`);
  }, 180_000);
});
