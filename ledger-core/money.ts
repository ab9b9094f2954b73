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
