// Worked scenarios of the balances read model against real PostgreSQL: the bitemporal example
// of docs/read-models.md (a backdated and a postdated entry, answered as of effective times,
// recorded points and knowledge times), a hold dated in the future and resolved early, and
// poison events (a sequence gap, the resolution of a hold never seen) that roll the batch back.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyCommand, startHistory } from "../../ledger-core/testing/historyRunner.js";
import type { Command, JournalEvent } from "../../schemas/index.js";
import {
  balanceOf,
  facilityAccountBalancesAt,
  trialBalance,
  type AccountBalance,
  type BalanceAt,
} from "./balanceQueries.js";
import {
  expectSumsToZero,
  openBalancesHarness,
  type BalancesHarness,
} from "./testing/balancesHarness.js";

const DAY_MS = 86_400_000;
let harness: BalancesHarness;
let pool: pg.Pool;
let ledgerCounter = 0;
/** A ledger id of its own per scenario (taken while the scenarios are collected). */
const freshLedgerId = (): string => `scenario-${++ledgerCounter}`;
const project = (
  ledgerId: string,
  events: readonly JournalEvent[],
  sizes?: readonly number[],
): Promise<void> => harness.project(ledgerId, events, sizes);

beforeAll(async () => {
  harness = await openBalancesHarness();
  pool = harness.pool;
});

afterAll(async () => {
  await harness.close();
});

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
    expect(unknown).toEqual({
      ledgerId: "no-such-ledger",
      sequence: null,
      currencies: [],
      accountCount: 0,
      nextCursor: null,
    });
  });

  it("reads some accounts' balances alone exactly as the trial balance has them", async () => {
    for (const at of [
      { kind: "latest" },
      { kind: "sequence", sequence: seqA },
      { kind: "effective", effectiveAt: iso(now - DAY_MS), knownAt: { sequence: seqB } },
    ] satisfies BalanceAt[]) {
      const whole = await trialBalance(pool, { ledgerId, at });
      const all = whole.currencies.flatMap((c) => c.accounts);
      const some = new Set(all.filter((_, index) => index % 2 === 0).map((a) => a.accountId));
      some.add("no-such-account");
      const read = await facilityAccountBalancesAt(pool, { ledgerId, at, accountIds: some });
      expect(read.sequence).toBe(whole.sequence);
      const byId = (a: AccountBalance, b: AccountBalance) => a.accountId.localeCompare(b.accountId);
      expect([...read.accounts].sort(byId)).toEqual(
        all.filter((a) => some.has(a.accountId)).sort(byId),
      );
    }
  });

  it("pages the accounts of a trial balance by id, with the totals of all on every page", async () => {
    const at: BalanceAt = { kind: "latest" };
    const whole = await trialBalance(pool, { ledgerId, at });
    const allIds = whole.currencies.flatMap((c) => c.accounts.map((a) => a.accountId)).sort();
    expect(whole.accountCount).toBe(allIds.length);
    expect(allIds.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page <= allIds.length; page += 1) {
      const trial = await trialBalance(pool, {
        ledgerId,
        at,
        page: after === undefined ? { limit: 2 } : { after, limit: 2 },
      });
      const ids = trial.currencies.flatMap((c) => c.accounts.map((a) => a.accountId));
      expect(ids.length).toBeLessThanOrEqual(2);
      seen.push(...ids);
      // The totals never depend on the page.
      expect(trial.currencies.map(({ accounts: _a, ...totals }) => totals)).toEqual(
        whole.currencies.map(({ accounts: _a, ...totals }) => totals),
      );
      if (trial.nextCursor === null) break;
      after = trial.nextCursor;
    }
    expect(seen.sort()).toEqual(allIds);
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
