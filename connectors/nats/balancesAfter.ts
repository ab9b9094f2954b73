// The balances each published entry event leaves its accounts with (the message's
// `balancesAfter`, as TigerBeetle's change events carry them). Pure: the publisher hands in
// the balances stored as of its checkpoint and the postings of the holds the batch resolves,
// then applies the batch's events in order. The counters move exactly as evolve() and the
// balances projection move them (addToCounters of ledger-core): EntryPosted adds to posted,
// EntryPended to pending, PendingPosted takes the hold out of pending and adds its own
// postings to posted, PendingVoided and PendingExpired take the hold out of pending.
import {
  addToCounters,
  assert,
  resolvesHold,
  zeroCounters,
  type MutableCounters,
} from "../../ledger-core/index.js";
import type { JournalEvent, RecordedPosting } from "../../schemas/index.js";
import type { AccountBalances } from "./migrations.js";

/** One account's counters after an event, in minor units (as the event's posting amounts). */
export interface BalanceAfter {
  readonly accountId: string;
  readonly currency: string;
  readonly postedDebits: string;
  readonly postedCredits: string;
  readonly pendingDebits: string;
  readonly pendingCredits: string;
}

/** The event types that move balances: their messages carry `balancesAfter`. */
export const BALANCE_EVENT_TYPES: ReadonlySet<string> = new Set([
  "EntryPosted",
  "EntryPended",
  "PendingPosted",
  "PendingVoided",
  "PendingExpired",
]);

type Movement = readonly [readonly RecordedPosting[], "posted" | "pending", 1n | -1n];

const key = (ledgerId: string, id: string): string => `${ledgerId}\u0000${id}`;

/** The resolved holds of `events` whose EntryPended is not among them (to look up). */
export function holdsToLoad(
  events: readonly { readonly ledgerId: string; readonly event: JournalEvent }[],
): { ledgerId: string; pendingId: string }[] {
  const pended = new Set<string>();
  const wanted = new Map<string, { ledgerId: string; pendingId: string }>();
  for (const { ledgerId, event } of events) {
    if (event.type === "EntryPended") pended.add(key(ledgerId, event.data.entryId));
    if (resolvesHold(event)) {
      const k = key(ledgerId, event.data.pendingId);
      if (!pended.has(k)) wanted.set(k, { ledgerId, pendingId: event.data.pendingId });
    }
  }
  return [...wanted.values()];
}

/** Every account the events' postings (and their holds' postings) touch. */
export function accountsTouched(
  events: readonly { readonly ledgerId: string; readonly event: JournalEvent }[],
  holds: ReadonlyMap<string, readonly RecordedPosting[]>,
): { ledgerId: string; accountId: string }[] {
  const touched = new Map<string, { ledgerId: string; accountId: string }>();
  const add = (ledgerId: string, postings: readonly RecordedPosting[]): void => {
    for (const { accountId } of postings)
      touched.set(key(ledgerId, accountId), { ledgerId, accountId });
  };
  for (const { ledgerId, event } of events) {
    if (event.type === "EntryPosted" || event.type === "EntryPended")
      add(ledgerId, event.data.postings);
    if (event.type === "PendingPosted") add(ledgerId, event.data.postings);
    if (resolvesHold(event)) add(ledgerId, holds.get(key(ledgerId, event.data.pendingId)) ?? []);
  }
  return [...touched.values()];
}

/** The key under which holdPostings() and the holds map name a hold. */
export const holdKey = key;
/** The key of an account of a ledger (in the publisher's balances cache). */
export const accountKey = key;

interface Account {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly currency: string;
  readonly counters: MutableCounters;
}

/** The publisher's balances as a batch moves them, event by event. */
export class BalancesAfter {
  private readonly accounts = new Map<string, Account>();
  private readonly changed = new Set<string>();
  private readonly holds: Map<string, readonly RecordedPosting[]>;

  /** `base`: stored balances as of the checkpoint; `holds`: postings of holds pended before. */
  constructor(
    base: Iterable<AccountBalances>,
    holds: ReadonlyMap<string, readonly RecordedPosting[]> = new Map(),
  ) {
    for (const b of base) {
      const counters = {
        postedDebits: b.postedDebits,
        postedCredits: b.postedCredits,
        pendingDebits: b.pendingDebits,
        pendingCredits: b.pendingCredits,
      };
      this.accounts.set(key(b.ledgerId, b.accountId), { ...b, counters });
    }
    this.holds = new Map(holds);
  }

  /** Applies one event; the touched accounts' balances after it, or undefined (no movement). */
  apply(ledgerId: string, event: JournalEvent): BalanceAfter[] | undefined {
    const movements = this.movementsOf(ledgerId, event);
    if (movements === undefined) return undefined;
    const touched = new Set<string>();
    for (const [postings, kind, sign] of movements) {
      for (const posting of postings) {
        const account = this.account(ledgerId, posting);
        addToCounters(account.counters, kind, posting.side, sign * BigInt(posting.amount));
        assert(
          Object.values(account.counters).every((value) => value >= 0n),
          `balancesAfter: account ${posting.accountId} of ledger ${ledgerId} goes negative`,
        );
        touched.add(key(ledgerId, posting.accountId));
      }
    }
    return [...touched].map((k) => this.view(k));
  }

  /** The accounts this batch changed, as they stand now (to store with the checkpoint). */
  changedBalances(): AccountBalances[] {
    return [...this.changed].map((k) => {
      const { ledgerId, accountId, currency, counters } = this.known(k);
      return { ledgerId, accountId, currency, ...counters };
    });
  }

  private movementsOf(ledgerId: string, event: JournalEvent): readonly Movement[] | undefined {
    switch (event.type) {
      case "EntryPosted":
        return [[event.data.postings, "posted", 1n]];
      case "EntryPended":
        this.holds.set(key(ledgerId, event.data.entryId), event.data.postings);
        return [[event.data.postings, "pending", 1n]];
      case "PendingPosted":
      case "PendingVoided":
      case "PendingExpired": {
        const holdId = key(ledgerId, event.data.pendingId);
        const hold = this.holds.get(holdId);
        assert(hold !== undefined, `balancesAfter: unknown hold ${event.data.pendingId}`);
        this.holds.delete(holdId);
        const release: Movement = [hold, "pending", -1n];
        if (event.type !== "PendingPosted") return [release];
        return [release, [event.data.postings, "posted", 1n]];
      }
      default:
        return undefined;
    }
  }

  private account(ledgerId: string, posting: RecordedPosting): Account {
    const k = key(ledgerId, posting.accountId);
    this.changed.add(k);
    const known = this.accounts.get(k);
    if (known !== undefined) return known;
    const fresh = {
      ledgerId,
      accountId: posting.accountId,
      currency: posting.currency,
      counters: zeroCounters(),
    };
    this.accounts.set(k, fresh);
    return fresh;
  }

  private known(k: string): Account {
    const account = this.accounts.get(k);
    assert(account !== undefined, "balancesAfter: an account it touched is gone");
    return account;
  }

  private view(k: string): BalanceAfter {
    const account = this.known(k);
    const c = account.counters;
    return {
      accountId: account.accountId,
      currency: account.currency,
      postedDebits: c.postedDebits.toString(),
      postedCredits: c.postedCredits.toString(),
      pendingDebits: c.pendingDebits.toString(),
      pendingCredits: c.pendingCredits.toString(),
    };
  }
}
