// The balances model in memory: what one batch of events does to the accounts, ledger heads
// and open holds it touches, and the rows it must write. Pure: the projection loads what the
// batch needs that is not cached (balancesProjection.ts), applies every event here, writes
// the rows (balancesWrites.ts), and publishes the touched accounts and heads to the cache
// only once the transaction has committed.
//
// Counter semantics are evolve()'s exactly (ledger-core/evolve.ts): EntryPosted adds to posted,
// EntryPended adds to pending, PendingPosted takes the hold's postings out of pending and adds
// its own postings to posted, PendingVoided/PendingExpired take the hold's postings out of
// pending. Effective times follow ledger-core/effectiveTime.ts (a resolution is never
// effective before its hold).
import { BoundedMap } from "../boundedMap.js";
import {
  addToCounters,
  assert,
  effectiveMsOf,
  resolvesHold,
  zeroCounters,
  type Counters,
  type MutableCounters,
} from "../../ledger-core/index.js";
import type { AccountType, JournalEvent, RecordedPosting } from "../../schemas/index.js";
import { ledgerKey, type ProjectedEvent } from "../projection.js";

/** Accounts and ledger heads kept in memory between batches (least recently used go first). */
export const MAX_CACHED_ACCOUNTS = 200_000;
export const MAX_CACHED_LEDGERS = 10_000;

export interface AccountState {
  readonly ledgerId: string;
  readonly accountId: string;
  /** The surrogate key of its history and effective rows (balancesTables.ts). */
  readonly accountKey: number;
  readonly currency: string;
  readonly accountType: AccountType;
  readonly openedSequence: number;
  readonly counters: MutableCounters;
  /** The latest effective time among its balance events so far (null before the first). */
  maxEffectiveMs: number | null;
  lastSequence: number;
}

export interface HeadState {
  lastSequence: number;
  /** The recorded-time watermark: the latest recordedAt applied (the clock may step back). */
  recordedMs: number;
  readonly createdMs: number;
}

export interface OpenHold {
  readonly postings: readonly RecordedPosting[];
  readonly sequence: number;
  readonly effectiveMs: number;
}

export interface HistoryRow {
  readonly account: AccountState;
  readonly sequence: number;
  readonly effectiveMs: number;
  readonly maxEffectiveMs: number;
  readonly after: Counters;
  readonly delta: Counters;
  readonly backdated: boolean;
}

/** One journal row: the last sequence whose watermark is `recordedMs`. */
export interface JournalRun {
  readonly ledgerId: string;
  readonly recordedMs: number;
  lastSequence: number;
}

const cloneAccount = (account: AccountState): AccountState => ({
  ...account,
  counters: { ...account.counters },
});

/** What the projection keeps between batches; cleared whenever a runner takes it over. */
export class BalancesCache {
  readonly accounts = new BoundedMap<string, AccountState>(MAX_CACHED_ACCOUNTS);
  readonly heads = new BoundedMap<string, HeadState>(MAX_CACHED_LEDGERS);
  /** The account_key the next opened account gets (read from the table at set-up). */
  nextAccountKey = 1;
  private empty = false;

  /** `empty`: the tables held no account and no ledger when it was cleared. */
  clear(nextAccountKey: number, empty = false): void {
    this.accounts.clear();
    this.heads.clear();
    this.nextAccountKey = nextAccountKey;
    this.empty = empty;
  }

  /** True while the cache holds every account and head of the tables (it started empty). */
  get complete(): boolean {
    return this.empty && !this.accounts.evicted && !this.heads.evicted;
  }
}

/** The accounts, heads and holds a batch needs, as keys to look up. */
export interface BatchNeeds {
  readonly ledgerIds: readonly string[];
  readonly accounts: readonly { readonly ledgerId: string; readonly accountId: string }[];
  readonly holds: readonly { readonly ledgerId: string; readonly pendingId: string }[];
}

/** Every account, head and hold `events` read or write (holds they create excluded). */
export function needsOf(events: readonly ProjectedEvent[]): BatchNeeds {
  const ledgerIds = new Set<string>();
  const accounts = new Map<string, { ledgerId: string; accountId: string }>();
  const holds = new Map<string, { ledgerId: string; pendingId: string }>();
  const pended = new Set<string>();
  const touch = (ledgerId: string, accountId: string): void => {
    accounts.set(ledgerKey(ledgerId, accountId), { ledgerId, accountId });
  };
  for (const { ledgerId, event } of events) {
    ledgerIds.add(ledgerId);
    if (event.type === "AccountOpened") touch(ledgerId, event.data.accountId);
    if (
      event.type === "EntryPosted" ||
      event.type === "EntryPended" ||
      event.type === "PendingPosted"
    ) {
      for (const posting of event.data.postings) touch(ledgerId, posting.accountId);
    }
    if (event.type === "EntryPended") pended.add(ledgerKey(ledgerId, event.data.entryId));
    if (resolvesHold(event)) {
      // The hold's own postings are touched once it is loaded (balancesProjection.ts).
      const key = ledgerKey(ledgerId, event.data.pendingId);
      if (!pended.has(key)) holds.set(key, { ledgerId, pendingId: event.data.pendingId });
    }
  }
  return {
    ledgerIds: [...ledgerIds],
    accounts: [...accounts.values()],
    holds: [...holds.values()],
  };
}

/**
 * True when a batch with these needs can be applied from memory alone, on top of `base` (the
 * batch prepared before it, not yet committed): no stored hold to load, and every account and
 * head staged by `base`, cached, or known not to exist (a complete cache).
 */
export function inMemory(needs: BatchNeeds, cache: BalancesCache, base: BalancesBatch | null) {
  if (needs.holds.length > 0) return false;
  if (cache.complete) return true;
  return (
    needs.accounts.every(({ ledgerId, accountId }) => {
      const key = ledgerKey(ledgerId, accountId);
      return base?.accounts.has(key) === true || cache.accounts.has(key);
    }) && needs.ledgerIds.every((id) => base?.heads.has(id) === true || cache.heads.has(id))
  );
}

/** One batch applied in memory: staged copies of what it touches, and the rows to write. */
export class BalancesBatch {
  /** Accounts and heads as this batch leaves them (copies: the cache is untouched). */
  readonly accounts = new Map<string, AccountState>();
  readonly heads = new Map<string, HeadState>();
  readonly openedAccounts: AccountState[] = [];
  readonly history: HistoryRow[] = [];
  readonly journal: JournalRun[] = [];
  /** Per ledger with events in this batch: the first sequence it applies (the change log). */
  readonly firstSequences = new Map<string, number>();
  /** Per backdated account: the earliest effective time its effective rows changed from. */
  readonly backdatedFrom = new Map<AccountState, number>();
  readonly newHolds = new Map<string, OpenHold & { ledgerId: string; pendingId: string }>();
  readonly resolvedStoredHolds: { ledgerId: string; pendingId: string }[] = [];
  private readonly storedHolds = new Map<string, OpenHold>();
  private readonly lastRun = new Map<string, JournalRun>();
  private nextAccountKey: number;

  /** `base`: the batch before this one when it is not committed yet (pipelining). */
  constructor(
    private readonly cache: BalancesCache,
    private readonly base: BalancesBatch | null = null,
  ) {
    this.nextAccountKey = base?.nextAccountKey ?? cache.nextAccountKey;
  }

  /** The staged account (a copy of the base's or cached one), or undefined if it is not known. */
  account(ledgerId: string, accountId: string): AccountState | undefined {
    const key = ledgerKey(ledgerId, accountId);
    const staged = this.accounts.get(key);
    if (staged !== undefined) return staged;
    const cached = this.base?.accounts.get(key) ?? this.cache.accounts.get(key);
    if (cached === undefined) return undefined;
    const copy = cloneAccount(cached);
    this.accounts.set(key, copy);
    return copy;
  }

  head(ledgerId: string): HeadState | undefined {
    const staged = this.heads.get(ledgerId);
    if (staged !== undefined) return staged;
    const cached = this.base?.heads.get(ledgerId) ?? this.cache.heads.get(ledgerId);
    if (cached === undefined) return undefined;
    const copy = { ...cached };
    this.heads.set(ledgerId, copy);
    return copy;
  }

  /** Hands in what was loaded from the tables for the batch's needs. */
  loaded(accounts: readonly AccountState[], heads: ReadonlyMap<string, HeadState>): void {
    for (const account of accounts) {
      this.accounts.set(ledgerKey(account.ledgerId, account.accountId), account);
    }
    for (const [ledgerId, head] of heads) this.heads.set(ledgerId, head);
  }

  loadedHold(ledgerId: string, pendingId: string, hold: OpenHold): void {
    this.storedHolds.set(ledgerKey(ledgerId, pendingId), hold);
  }

  /** Publishes the staged accounts and heads to the cache (after the commit). */
  publish(): void {
    for (const [key, account] of this.accounts) this.cache.accounts.set(key, account);
    for (const [ledgerId, head] of this.heads) this.cache.heads.set(ledgerId, head);
    this.cache.nextAccountKey = this.nextAccountKey;
  }

  /** Applies one event; throws (a poison event) on anything the ledger could not have written. */
  apply(ledgerId: string, event: JournalEvent): void {
    const sequence = event.metadata.sequence;
    this.advanceHead(ledgerId, event);
    switch (event.type) {
      case "AccountOpened": {
        assert(
          this.account(ledgerId, event.data.accountId) === undefined,
          `balances: account ${event.data.accountId} of ledger ${ledgerId} is opened twice`,
        );
        const account: AccountState = {
          ledgerId,
          accountId: event.data.accountId,
          accountKey: this.nextAccountKey++,
          currency: event.data.currency,
          accountType: event.data.accountType,
          openedSequence: sequence,
          counters: zeroCounters(),
          maxEffectiveMs: null,
          lastSequence: sequence,
        };
        this.accounts.set(ledgerKey(ledgerId, account.accountId), account);
        this.openedAccounts.push(account);
        return;
      }
      case "EntryPosted":
        this.change(ledgerId, event, effectiveMsOf(event), [[event.data.postings, "posted", 1n]]);
        return;
      case "EntryPended": {
        const key = ledgerKey(ledgerId, event.data.entryId);
        assert(
          !this.newHolds.has(key) && !this.storedHolds.has(key),
          `balances: hold ${event.data.entryId} of ledger ${ledgerId} is pended twice`,
        );
        const effectiveMs = effectiveMsOf(event);
        const hold = { postings: event.data.postings, sequence, effectiveMs };
        this.newHolds.set(key, { ...hold, ledgerId, pendingId: event.data.entryId });
        this.change(ledgerId, event, effectiveMs, [[event.data.postings, "pending", 1n]]);
        return;
      }
      case "PendingPosted":
      case "PendingVoided":
      case "PendingExpired": {
        const hold = this.takeHold(ledgerId, event.data.pendingId);
        const effectiveMs = effectiveMsOf(event, hold.effectiveMs);
        this.change(ledgerId, event, effectiveMs, [
          [hold.postings, "pending", -1n],
          ...(event.type === "PendingPosted" ? [[event.data.postings, "posted", 1n] as const] : []),
        ]);
        return;
      }
      default:
        return;
    }
  }

  /** Checks the event follows the ledger's head and moves the head and its journal run. */
  private advanceHead(ledgerId: string, event: JournalEvent): void {
    const sequence = event.metadata.sequence;
    const eventRecordedMs = Date.parse(event.metadata.recordedAt);
    assert(!Number.isNaN(eventRecordedMs), `balances: unreadable recordedAt at ${sequence}`);
    let head = this.head(ledgerId);
    const expected = head === undefined ? 0 : head.lastSequence + 1;
    if (sequence !== expected) {
      throw new Error(
        `balances: ledger ${ledgerId} event ${sequence} does not follow ${head?.lastSequence ?? "nothing"} (expected ${expected})`,
      );
    }
    if (head === undefined) {
      head = { lastSequence: sequence, recordedMs: eventRecordedMs, createdMs: eventRecordedMs };
      this.heads.set(ledgerId, head);
    }
    // The watermark: recordedAt unless the writer's clock stepped back, so that "as of
    // recorded time T" is always a prefix of the sequence.
    head.recordedMs = Math.max(head.recordedMs, eventRecordedMs);
    head.lastSequence = sequence;
    if (!this.firstSequences.has(ledgerId)) this.firstSequences.set(ledgerId, sequence);
    const run = this.lastRun.get(ledgerId);
    if (run?.recordedMs === head.recordedMs) {
      run.lastSequence = sequence;
    } else {
      const next = { ledgerId, recordedMs: head.recordedMs, lastSequence: sequence };
      this.lastRun.set(ledgerId, next);
      this.journal.push(next);
    }
  }

  private takeHold(ledgerId: string, pendingId: string): OpenHold {
    const key = ledgerKey(ledgerId, pendingId);
    const fresh = this.newHolds.get(key);
    if (fresh !== undefined) {
      this.newHolds.delete(key);
      return fresh;
    }
    const stored = this.storedHolds.get(key);
    assert(
      stored !== undefined,
      `balances: ledger ${ledgerId} resolves unknown open hold ${pendingId}`,
    );
    this.storedHolds.delete(key);
    this.resolvedStoredHolds.push({ ledgerId, pendingId });
    return stored;
  }

  /** Adds the postings' changes to each account and queues a history row per account. */
  private change(
    ledgerId: string,
    event: JournalEvent,
    effectiveMs: number,
    parts: readonly (readonly [readonly RecordedPosting[], "posted" | "pending", 1n | -1n])[],
  ): void {
    assert(
      !Number.isNaN(effectiveMs),
      `balances: unreadable effective time at ${event.metadata.sequence}`,
    );
    const sequence = event.metadata.sequence;
    const deltas = new Map<string, { currency: string; delta: MutableCounters }>();
    for (const [postings, kind, sign] of parts) addPostings(deltas, postings, kind, sign);
    for (const [accountId, { currency, delta }] of deltas) {
      const account = this.account(ledgerId, accountId);
      assert(
        account !== undefined,
        `balances: event ${sequence} names unknown account ${accountId}`,
      );
      assert(
        account.currency === currency,
        `balances: event ${sequence} posts ${currency} to ${accountId} (${account.currency})`,
      );
      const c = account.counters;
      c.postedDebits += delta.postedDebits;
      c.postedCredits += delta.postedCredits;
      c.pendingDebits += delta.pendingDebits;
      c.pendingCredits += delta.pendingCredits;
      assert(
        c.postedDebits >= 0n &&
          c.postedCredits >= 0n &&
          c.pendingDebits >= 0n &&
          c.pendingCredits >= 0n,
        `balances: event ${sequence} takes a counter of ${accountId} below zero`,
      );
      const backdated = account.maxEffectiveMs !== null && effectiveMs < account.maxEffectiveMs;
      account.maxEffectiveMs = Math.max(effectiveMs, account.maxEffectiveMs ?? effectiveMs);
      account.lastSequence = sequence;
      if (backdated) {
        const from = this.backdatedFrom.get(account);
        this.backdatedFrom.set(
          account,
          from === undefined ? effectiveMs : Math.min(from, effectiveMs),
        );
      }
      this.history.push({
        account,
        sequence,
        effectiveMs,
        maxEffectiveMs: account.maxEffectiveMs,
        after: { ...c },
        delta,
        backdated,
      });
    }
  }
}

function addPostings(
  deltas: Map<string, { currency: string; delta: MutableCounters }>,
  postings: readonly RecordedPosting[],
  kind: "posted" | "pending",
  sign: 1n | -1n,
): void {
  for (const posting of postings) {
    let entry = deltas.get(posting.accountId);
    if (entry === undefined) {
      entry = { currency: posting.currency, delta: zeroCounters() };
      deltas.set(posting.accountId, entry);
    }
    assert(
      entry.currency === posting.currency,
      `balances: account ${posting.accountId} posted in two currencies in one event`,
    );
    addToCounters(entry.delta, kind, posting.side, sign * BigInt(posting.amount));
  }
}
