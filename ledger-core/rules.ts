// The shared ledger rules every money-moving decision runs: postings resolved against open
// accounts of the right currency and scale, per-currency balance, the closed period, and the
// account limits checked on the counters the entry would leave behind.
import type { PostingInput } from "../schemas/index.js";
import { formatAmount, parseAmount } from "../schemas/index.js";
import { countersOverflow, limitBreachOf, type Counters } from "./money.js";
import { rejection, type Rejection } from "./rejections.js";
import type { AccountState, LedgerInfo, LedgerState, Posting } from "./state.js";

export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rejection: Rejection };

export function ok<T>(value: T): Checked<T> {
  return { ok: true, value };
}

export function fail<T>(reason: Rejection): Checked<T> {
  return { ok: false, rejection: reason };
}

export function requireLedger(state: LedgerState): Checked<LedgerInfo> {
  if (state.ledger === null) {
    return fail(rejection("ledger_not_found", "the ledger does not exist"));
  }
  return ok(state.ledger);
}

export function scaleOf(ledger: LedgerInfo, currency: string): number {
  const scale = ledger.assets.get(currency);
  if (scale === undefined) throw new RangeError(`asset ${currency} is not registered`);
  return scale;
}

/** An open account that accepts `currency` (when the client named one). */
export function requireOpenAccount(
  state: LedgerState,
  accountId: string,
  currency: string | undefined,
): Checked<AccountState> {
  const account = state.accounts.get(accountId);
  if (account === undefined) {
    return fail(
      rejection("account_not_found", `account ${accountId} does not exist`, { accountId }),
    );
  }
  if (account.status === "closed") {
    return fail(rejection("account_closed", `account ${accountId} is closed`, { accountId }));
  }
  if (currency !== undefined && currency !== account.currency) {
    return fail(
      rejection(
        "currency_mismatch",
        `account ${accountId} holds ${account.currency}, the posting is in ${currency}`,
        { accountId, accountCurrency: account.currency, currency },
      ),
    );
  }
  return ok(account);
}

/** Parses an amount at the scale of `currency`; more decimals than the scale is an error. */
export function amountIn(ledger: LedgerInfo, currency: string, text: string): Checked<bigint> {
  const parsed = parseAmount(text, scaleOf(ledger, currency));
  if (!parsed.ok) return fail(rejection(parsed.code, parsed.message, { amount: text, currency }));
  return ok(parsed.minor);
}

/** Client postings as core postings: accounts open, currencies right, amounts exact. */
export function resolvePostings(
  state: LedgerState,
  ledger: LedgerInfo,
  inputs: readonly PostingInput[],
): Checked<Posting[]> {
  const postings: Posting[] = [];
  for (const input of inputs) {
    const account = requireOpenAccount(state, input.accountId, input.currency);
    if (!account.ok) return account;
    const amount = amountIn(ledger, account.value.currency, input.amount);
    if (!amount.ok) return amount;
    postings.push({
      accountId: input.accountId,
      side: input.side,
      amount: amount.value,
      currency: account.value.currency,
    });
  }
  return ok(postings);
}

/** Double entry: in every currency the debits equal the credits. */
export function checkBalanced(ledger: LedgerInfo, postings: readonly Posting[]): Checked<true> {
  // An entry names few currencies: a short list beats a Map on the hot path.
  const currencies: string[] = [];
  const nets: bigint[] = [];
  for (const posting of postings) {
    const signed = posting.side === "debit" ? posting.amount : -posting.amount;
    const index = currencies.indexOf(posting.currency);
    if (index === -1) {
      currencies.push(posting.currency);
      nets.push(signed);
    } else {
      nets[index] = (nets[index] ?? 0n) + signed;
    }
  }
  for (let index = 0; index < currencies.length; index += 1) {
    const difference = nets[index] ?? 0n;
    if (difference === 0n) continue;
    const currency = currencies[index] ?? "";
    const scale = scaleOf(ledger, currency);
    const side = difference > 0n ? "debits" : "credits";
    const excess = formatAmount(difference < 0n ? -difference : difference, scale);
    return fail(
      rejection("unbalanced", `${currency} ${side} exceed the other side by ${excess}`, {
        currency,
        difference: formatAmount(difference, scale),
      }),
    );
  }
  return ok(true);
}

/** Entries effective on or before the closed date are refused. */
export function checkPeriodOpen(state: LedgerState, effectiveAtMs: number): Checked<true> {
  if (state.closedThroughMs !== null && effectiveAtMs <= state.closedThroughMs) {
    const closedThrough = new Date(state.closedThroughMs).toISOString();
    return fail(
      rejection("period_closed", `the period through ${closedThrough} is closed`, {
        effectiveAt: new Date(effectiveAtMs).toISOString(),
        closedThrough,
      }),
    );
  }
  return ok(true);
}

/** A change to one account's counters: a posting moving into or out of posted or pending. */
export interface CounterChange {
  readonly posting: Posting;
  readonly bucket: "posted" | "pending";
  readonly sign: 1n | -1n;
}

/** Applies `changes` to copies of the counters and checks the flags and the counter bounds. */
export function checkLimits(
  state: LedgerState,
  ledger: LedgerInfo,
  changes: readonly CounterChange[],
): Checked<true> {
  // An entry touches few accounts: parallel lists beat a Map on the hot path.
  const accounts: AccountState[] = [];
  const after: Counters[] = [];
  for (const { posting, bucket, sign } of changes) {
    let index = accounts.findIndex((account) => account.accountId === posting.accountId);
    if (index === -1) {
      const account = state.accounts.get(posting.accountId);
      if (account === undefined) throw new RangeError(`account ${posting.accountId} was resolved`);
      index = accounts.push(account) - 1;
      after.push(account);
    }
    after[index] = changedCounters(after[index] as Counters, posting, bucket, sign);
  }
  for (let index = 0; index < accounts.length; index += 1) {
    const breach = checkAccountLimits(
      ledger,
      accounts[index] as AccountState,
      after[index] as Counters,
    );
    if (!breach.ok) return breach;
  }
  return ok(true);
}

function checkAccountLimits(
  ledger: LedgerInfo,
  account: AccountState,
  counters: Counters,
): Checked<true> {
  const { accountId, currency } = account;
  const breach = limitBreachOf(account, counters);
  if (breach !== null) {
    const scale = scaleOf(ledger, currency);
    const side = breach.code === "exceeds_credits" ? "debits" : "credits";
    const limit = formatAmount(breach.limit, scale);
    return fail(
      rejection(
        breach.code,
        `account ${accountId}: ${side} would exceed the limit of ${limit} ${currency}`,
        {
          accountId,
          currency,
          limit,
          required: formatAmount(breach.required, scale),
        },
      ),
    );
  }
  if (countersOverflow(counters)) {
    return fail(
      rejection("counter_overflow", `account ${accountId}: a counter would overflow`, {
        accountId,
      }),
    );
  }
  return ok(true);
}

function changedCounters(
  before: Counters,
  posting: Posting,
  bucket: "posted" | "pending",
  sign: 1n | -1n,
): Counters {
  const delta = sign * posting.amount;
  const isDebit = posting.side === "debit";
  return {
    postedDebits: before.postedDebits + (bucket === "posted" && isDebit ? delta : 0n),
    postedCredits: before.postedCredits + (bucket === "posted" && !isDebit ? delta : 0n),
    pendingDebits: before.pendingDebits + (bucket === "pending" && isDebit ? delta : 0n),
    pendingCredits: before.pendingCredits + (bucket === "pending" && !isDebit ? delta : 0n),
  };
}

/** Core postings in the form events carry: minor units as digit strings (keys in canonical order). */
export function recordedPostings(postings: readonly Posting[]) {
  return postings.map((posting) => ({
    accountId: posting.accountId,
    amount: posting.amount.toString(),
    currency: posting.currency,
    side: posting.side,
  }));
}

export function mirrored(postings: readonly Posting[]): Posting[] {
  return postings.map((posting) => ({
    ...posting,
    side: posting.side === "debit" ? "credit" : "debit",
  }));
}

/** ISO 8601 UTC for epoch milliseconds; the last answer is kept, as a batch shares one clock reading. */
export function isoTime(ms: number): string {
  if (ms !== lastIsoTime.ms) lastIsoTime = { ms, iso: new Date(ms).toISOString() };
  return lastIsoTime.iso;
}
let lastIsoTime = { ms: Number.NaN, iso: "" };
