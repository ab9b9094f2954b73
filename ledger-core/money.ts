// Account arithmetic: normal sides, balance and available balance from the four counters,
// and the account-flag limits. All bigint minor units.
import type { AccountType, Side } from "../schemas/index.js";
import { MAX_COUNTER_DIGITS } from "../schemas/index.js";
import type { AccountState } from "./state.js";

export const MAX_COUNTER = 10n ** BigInt(MAX_COUNTER_DIGITS) - 1n;

/** Assets and expenses grow by debits; liabilities, equity and income by credits. */
export function normalSideOf(accountType: AccountType): Side {
  return accountType === "asset" || accountType === "expense" ? "debit" : "credit";
}

export interface Counters {
  readonly postedDebits: bigint;
  readonly postedCredits: bigint;
  readonly pendingDebits: bigint;
  readonly pendingCredits: bigint;
}

/** The four counters as a tool accumulates them (replays, read models). */
export type MutableCounters = { -readonly [K in keyof Counters]: Counters[K] };

export const zeroCounters = (): MutableCounters => ({
  postedDebits: 0n,
  postedCredits: 0n,
  pendingDebits: 0n,
  pendingCredits: 0n,
});

/** Adds `amount` (negative to take it out) to the posted or pending counter of `side`. */
export function addToCounters(
  counters: MutableCounters,
  kind: "posted" | "pending",
  side: Side,
  amount: bigint,
): void {
  if (kind === "posted") {
    if (side === "debit") counters.postedDebits += amount;
    else counters.postedCredits += amount;
  } else if (side === "debit") counters.pendingDebits += amount;
  else counters.pendingCredits += amount;
}

/** Posted balance, signed so that a positive number sits on the account's normal side. */
export function balanceOf(accountType: AccountType, counters: Counters): bigint {
  const debitBalance = counters.postedDebits - counters.postedCredits;
  return normalSideOf(accountType) === "debit" ? debitBalance : -debitBalance;
}

/** Posted balance less the holds that would reduce it (pending amounts on the other side). */
export function availableOf(accountType: AccountType, counters: Counters): bigint {
  if (normalSideOf(accountType) === "debit") {
    return counters.postedDebits - counters.postedCredits - counters.pendingCredits;
  }
  return counters.postedCredits - counters.postedDebits - counters.pendingDebits;
}

export type LimitBreach =
  | { readonly code: "exceeds_credits"; readonly limit: bigint; readonly required: bigint }
  | { readonly code: "exceeds_debits"; readonly limit: bigint; readonly required: bigint };

/**
 * The account-flag rule (holds count): debitsMustNotExceedCredits means posted plus pending
 * debits stay within posted credits; creditsMustNotExceedDebits is the mirror.
 */
export function limitBreachOf(account: AccountState, counters: Counters): LimitBreach | null {
  if (account.flags.debitsMustNotExceedCredits) {
    const required = counters.postedDebits + counters.pendingDebits;
    if (required > counters.postedCredits) {
      return { code: "exceeds_credits", limit: counters.postedCredits, required };
    }
  }
  if (account.flags.creditsMustNotExceedDebits) {
    const required = counters.postedCredits + counters.pendingCredits;
    if (required > counters.postedDebits) {
      return { code: "exceeds_debits", limit: counters.postedDebits, required };
    }
  }
  return null;
}

export function countersOverflow(counters: Counters): boolean {
  return (
    counters.postedDebits > MAX_COUNTER ||
    counters.postedCredits > MAX_COUNTER ||
    counters.pendingDebits > MAX_COUNTER ||
    counters.pendingCredits > MAX_COUNTER
  );
}

/** One currency of a trial balance: its accounts and the totals of their counters. */
export interface CurrencyTotals<A extends Counters & { readonly currency: string }> {
  readonly currency: string;
  readonly accounts: readonly A[];
  readonly postedDebits: bigint;
  readonly postedCredits: bigint;
  readonly pendingDebits: bigint;
  readonly pendingCredits: bigint;
  /** Sum of the debit balances (posted debits over credits) of the accounts with one. */
  readonly debitBalances: bigint;
  /** Sum of the credit balances (posted credits over debits) of the accounts with one. */
  readonly creditBalances: bigint;
}

/**
 * Groups accounts by currency (sorted by code) and totals their counters: the arithmetic of
 * a trial balance. In a sound ledger posted debits equal posted credits in every currency;
 * callers decide whether a difference is an assertion (read models) or a finding (auditors).
 */
export function totalsByCurrency<A extends Counters & { readonly currency: string }>(
  accounts: readonly A[],
): CurrencyTotals<A>[] {
  const byCurrency = new Map<string, A[]>();
  for (const account of accounts) {
    const list = byCurrency.get(account.currency) ?? [];
    list.push(account);
    byCurrency.set(account.currency, list);
  }
  return [...byCurrency.keys()].sort().map((currency) => {
    const members = byCurrency.get(currency) ?? [];
    let postedDebits = 0n;
    let postedCredits = 0n;
    let pendingDebits = 0n;
    let pendingCredits = 0n;
    let debitBalances = 0n;
    let creditBalances = 0n;
    for (const account of members) {
      postedDebits += account.postedDebits;
      postedCredits += account.postedCredits;
      pendingDebits += account.pendingDebits;
      pendingCredits += account.pendingCredits;
      const net = account.postedDebits - account.postedCredits;
      if (net > 0n) debitBalances += net;
      else creditBalances -= net;
    }
    return {
      currency,
      accounts: members,
      postedDebits,
      postedCredits,
      pendingDebits,
      pendingCredits,
      debitBalances,
      creditBalances,
    };
  });
}
