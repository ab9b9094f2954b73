// Tests of the balances read model against real PostgreSQL: a property that, for random
// histories applied in random batches (amounts up to the 10^30 bound, holds dated in the past
// and the future, partial posts at each scale, a clock that steps back), every account's
// counters as of every sequence and as of now equal the core's replayed state, that effective,
// recorded and bitemporal answers equal a reference computed from the core's per-event deltas
// and ledger-core's effective-time rule, and that no counter is negative in effective order; a
// worked bitemporal scenario, a hold dated in the future; poison events.
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../event-store/index.js";
import {
  EffectiveTimes,
  evolve,
  initialState,
  resolvesHold,
  type Counters,
} from "../../ledger-core/index.js";
import {
  applyCommand,
  playHistory,
  startHistory,
} from "../../ledger-core/testing/historyRunner.js";
import { historyArbitrary } from "../../ledger-core/testing/ledgerArbitraries.js";
import type { AccountType, Command, JournalEvent } from "../../schemas/index.js";
import type { ProjectedEvent } from "../projection.js";
import {
  balanceOf,
  trialBalance,
  type AccountBalance,
  type BalanceAt,
  type TrialBalance,
} from "./balanceQueries.js";
import { balancesProjection } from "./balancesProjection.js";

const NUM_RUNS = Number(process.env.BALANCES_PROPERTY_RUNS ?? 100);
const DAY_MS = 86_400_000;

let database: TestDatabase;
let pool: pg.Pool;
const projection = balancesProjection(1);
let ledgerCounter = 0;
const freshLedgerId = (): string => `ledger-${++ledgerCounter}`;

beforeAll(async () => {
  database = await createTestDatabase("folio_balances");
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  await inTransaction((client) => projection.setup(client));
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

async function inTransaction(work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await work(client);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

const projected = (ledgerId: string, events: readonly JournalEvent[]): ProjectedEvent[] =>
  events.map((event) => ({ ledgerId, position: String(event.metadata.sequence), event }));

/** Applies `events` in batches of the given sizes (cycled), in one or many transactions. */
async function project(
  ledgerId: string,
  events: readonly JournalEvent[],
  sizes: readonly number[] = [events.length],
  oneTransaction = false,
): Promise<void> {
  const batches: ProjectedEvent[][] = [];
  const all = projected(ledgerId, events);
  for (let i = 0, n = 0; i < all.length; n++) {
    const size = Math.max(1, sizes[n % sizes.length] ?? all.length);
    batches.push(all.slice(i, i + size));
    i += size;
  }
  // As the runtime does: committed() after each apply that stays committed.
  if (oneTransaction) {
    await inTransaction(async (client) => {
      for (const batch of batches) {
        await projection.apply(client, batch);
        projection.committed?.();
      }
    });
    return;
  }
  for (const batch of batches) {
    await inTransaction((client) => projection.apply(client, batch));
    projection.committed?.();
  }
}

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

const countersOf = (c: Counters): Counters => ({
  postedDebits: c.postedDebits,
  postedCredits: c.postedCredits,
  pendingDebits: c.pendingDebits,
  pendingCredits: c.pendingCredits,
});

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

function rowsOf(trial: TrialBalance): Map<string, AccountBalance> {
  return new Map(trial.currencies.flatMap((c) => c.accounts.map((a) => [a.accountId, a])));
}

function expectSumsToZero(trial: TrialBalance): void {
  for (const currency of trial.currencies) {
    expect(currency.postedDebits).toBe(currency.postedCredits);
    expect(currency.debitBalances).toBe(currency.creditBalances);
    expect(currency.pendingDebits).toBe(currency.pendingCredits);
    const net = currency.accounts.reduce((sum, a) => sum + a.postedDebits - a.postedCredits, 0n);
    expect(net).toBe(0n);
  }
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
          const ledgerId = freshLedgerId();
          await project(ledgerId, events, sizes, oneTransaction);
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

  describe("bitemporal worked scenario", () => {
    const ledgerId = freshLedgerId();
    const run = startHistory();
    const preludeEnd = run.events.length - 1;
    run.now += 2 * DAY_MS;
    const now = run.now;
    const iso = (ms: number): string => new Date(ms).toISOString();
    const post = (entryId: string, amount: string, effectiveAt?: number): number => {
      const command: Command = {
        type: "PostEntry",
        entryId,
        postings: [
          { accountId: "cash:usd", side: "debit", amount },
          { accountId: "equity:usd", side: "credit", amount },
        ],
        ...(effectiveAt === undefined ? {} : { effectiveAt: iso(effectiveAt) }),
      };
      const decision = applyCommand(run, command);
      expect(decision.status).toBe("accepted");
      const sequence = run.events.length - 1;
      run.now += 60_000;
      return sequence;
    };
    const seqA = post("A", "100.00");
    const seqB = post("B", "10.00", now - DAY_MS);
    const seqC = post("C", "1.00", now + DAY_MS);
    const recordedAtOf = (s: number): string => run.events[s]?.metadata.recordedAt ?? "";
    // cash:usd after the prelude (effective at historyStart): 12,500.00 debits, 5,000.00 credits.
    const base = 750_000n;

    beforeAll(async () => {
      await project(ledgerId, run.events, [7, 3]);
    });

    const cash = async (at: BalanceAt): Promise<AccountBalance | null> =>
      balanceOf(pool, { ledgerId, accountId: "cash:usd", at });

    it("answers as of effective yesterday, now and tomorrow", async () => {
      expect((await cash({ kind: "effective", effectiveAt: iso(now - DAY_MS) }))?.balance).toBe(
        base + 1_000n,
      );
      expect((await cash({ kind: "effective", effectiveAt: iso(now) }))?.balance).toBe(
        base + 11_000n,
      );
      expect((await cash({ kind: "effective", effectiveAt: iso(now + DAY_MS) }))?.balance).toBe(
        base + 11_100n,
      );
      const equity = await balanceOf(pool, {
        ledgerId,
        accountId: "equity:usd",
        at: { kind: "effective", effectiveAt: iso(now) },
      });
      expect(equity?.balance).toBe(11_000n);
      expect(equity?.sequence).toBe(seqC);
    });

    it("answers as of each recorded sequence and recorded time", async () => {
      const bySequence = async (sequence: number) => cash({ kind: "sequence", sequence });
      expect((await bySequence(preludeEnd))?.balance).toBe(base);
      expect((await bySequence(seqA))?.balance).toBe(base + 10_000n);
      expect((await bySequence(seqB))?.balance).toBe(base + 11_000n);
      expect((await bySequence(seqC))?.balance).toBe(base + 11_100n);
      expect((await bySequence(seqC + 100))?.sequence).toBe(seqC);
      const byRecorded = await cash({ kind: "recorded", recordedAt: recordedAtOf(seqB) });
      expect(byRecorded?.balance).toBe(base + 11_000n);
      expect(byRecorded?.sequence).toBe(seqB);
      const between = iso(Date.parse(recordedAtOf(seqA)) + 1);
      expect((await cash({ kind: "recorded", recordedAt: between }))?.sequence).toBe(seqA);
      expect(await cash({ kind: "recorded", recordedAt: "2000-01-01T00:00:00Z" })).toBeNull();
    });

    it("changes effective yesterday's answer only for knowledge after B was recorded", async () => {
      const yesterday = iso(now - DAY_MS);
      const knownAt = async (k: { sequence: number } | { recordedAt: string }) =>
        cash({ kind: "effective", effectiveAt: yesterday, knownAt: k });
      const beforeB = await knownAt({ sequence: seqA });
      expect(beforeB?.balance).toBe(base);
      expect(beforeB?.sequence).toBe(seqA);
      expect((await knownAt({ recordedAt: recordedAtOf(seqA) }))?.balance).toBe(base);
      expect((await knownAt({ sequence: seqB }))?.balance).toBe(base + 1_000n);
      expect((await knownAt({ recordedAt: recordedAtOf(seqB) }))?.balance).toBe(base + 1_000n);
      expect((await knownAt({ sequence: seqC }))?.balance).toBe(base + 1_000n);
      // Effective now as known before B: A only; after B: A and B; C is never effective now.
      const nowKnown = async (sequence: number) =>
        (await cash({ kind: "effective", effectiveAt: iso(now), knownAt: { sequence } }))?.balance;
      expect(await nowKnown(seqA)).toBe(base + 10_000n);
      expect(await nowKnown(seqB)).toBe(base + 11_000n);
      expect(await nowKnown(seqC)).toBe(base + 11_000n);
      // Tomorrow as known at A: everything known then (A) is effective by tomorrow.
      const tomorrowAtA = await cash({
        kind: "effective",
        effectiveAt: iso(now + DAY_MS),
        knownAt: { sequence: seqA },
      });
      expect(tomorrowAtA?.balance).toBe(base + 10_000n);
    });

    it("sums each currency's trial balance to zero for every kind of `at`", async () => {
      const ats: BalanceAt[] = [
        { kind: "latest" },
        { kind: "sequence", sequence: seqA },
        { kind: "recorded", recordedAt: recordedAtOf(seqB) },
        { kind: "effective", effectiveAt: iso(now - DAY_MS) },
        { kind: "effective", effectiveAt: iso(now - DAY_MS), knownAt: { sequence: seqA } },
        {
          kind: "effective",
          effectiveAt: iso(now),
          knownAt: { recordedAt: recordedAtOf(seqB) },
        },
      ];
      for (const at of ats) {
        const trial = await trialBalance(pool, { ledgerId, at });
        expect(trial.currencies.map((c) => c.currency)).toEqual(["BTC", "JPY", "USD"]);
        expectSumsToZero(trial);
        const usd = trial.currencies.find((c) => c.currency === "USD");
        expect(usd?.debitBalances).toBeGreaterThan(0n);
      }
      const unknown = await trialBalance(pool, {
        ledgerId: "no-such-ledger",
        at: { kind: "latest" },
      });
      expect(unknown).toEqual({ ledgerId: "no-such-ledger", sequence: null, currencies: [] });
    });
  });

  describe("a hold dated in the future", () => {
    it("is resolved, in effective time, on its own date: never negative before it", async () => {
      const run = startHistory();
      run.now += DAY_MS;
      const tomorrow = run.now + DAY_MS;
      const hold = (entryId: string) =>
        applyCommand(run, {
          type: "PendEntry",
          entryId,
          effectiveAt: new Date(tomorrow).toISOString(),
          timeoutSeconds: 3 * 86_400,
          postings: [
            { accountId: "cash:usd", side: "debit", amount: "7.00" },
            { accountId: "equity:usd", side: "credit", amount: "7.00" },
          ],
        });
      expect(hold("future-void").status).toBe("accepted");
      expect(hold("future-post").status).toBe("accepted");
      run.now += 60_000;
      expect(applyCommand(run, { type: "VoidPending", pendingId: "future-void" }).status).toBe(
        "accepted",
      );
      expect(applyCommand(run, { type: "PostPending", pendingId: "future-post" }).status).toBe(
        "accepted",
      );
      const ledgerId = freshLedgerId();
      await project(ledgerId, run.events, [4]);
      const cashAt = async (ms: number) =>
        balanceOf(pool, {
          ledgerId,
          accountId: "cash:usd",
          at: { kind: "effective", effectiveAt: new Date(ms).toISOString() },
        });
      // Today (after the void and the post were decided): neither hold counts yet.
      const today = await cashAt(run.now + 3_600_000);
      expect(today).toMatchObject({ pendingDebits: 0n, postedDebits: 1_250_000n });
      // Tomorrow: the voided hold never held anything; the posted one is posted.
      const onTheDay = await cashAt(tomorrow);
      expect(onTheDay).toMatchObject({ pendingDebits: 0n, postedDebits: 1_250_700n });
      const now = await balanceOf(pool, {
        ledgerId,
        accountId: "cash:usd",
        at: { kind: "latest" },
      });
      expect(now).toMatchObject({ pendingDebits: 0n, postedDebits: 1_250_700n });
    });
  });

  describe("poison events", () => {
    it("refuses a sequence gap and rolls the batch back", async () => {
      const events = startHistory().events;
      const ledgerId = freshLedgerId();
      await project(ledgerId, events.slice(0, 5));
      await expect(project(ledgerId, events.slice(6, 8))).rejects.toThrow(/does not follow 4/);
      await expect(project(ledgerId, events.slice(3, 6))).rejects.toThrow(/does not follow 4/);
      await project(ledgerId, events.slice(5));
      const trial = await trialBalance(pool, { ledgerId, at: { kind: "latest" } });
      expect(trial.sequence).toBe(events.length - 1);
      expectSumsToZero(trial);
    });

    it("refuses the resolution of a hold it never saw", async () => {
      const run = startHistory();
      applyCommand(run, {
        type: "PendEntry",
        entryId: "h1",
        postings: [
          { accountId: "cust:1:usd", side: "debit", amount: "5.00" },
          { accountId: "fees:usd", side: "credit", amount: "5.00" },
        ],
        timeoutSeconds: 60,
      });
      applyCommand(run, { type: "VoidPending", pendingId: "h1" });
      const ledgerId = freshLedgerId();
      const events = run.events;
      const pended = events.length - 2;
      const voided = events[events.length - 1];
      const withoutHold = [...events.slice(0, pended)];
      await project(ledgerId, withoutHold);
      const renumbered =
        voided === undefined
          ? []
          : [{ ...voided, metadata: { ...voided.metadata, sequence: pended } } as JournalEvent];
      await expect(project(ledgerId, renumbered)).rejects.toThrow(/unknown open hold h1/);
    });
  });
});
