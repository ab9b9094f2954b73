// The shared ledger rules every money-moving decision runs: postings resolved against open
// accounts of the right currency and scale, per-currency balance, the closed period, and the
// account limits checked on the counters the entry would leave behind.
import type { PostingInput } from "../schemas/index.js";
import { formatAmount, parseAmount } from "../schemas/index.js";
import {
  addToCounters,
  countersOverflow,
  limitBreachOf,
  type Counters,
  type MutableCounters,
} from "./money.js";
import { rejection, type Rejection } from "./rejections.js";
import type { AccountState, LedgerInfo, LedgerState, Posting } from "./state.js";

export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rejection: Rejection };

export function ok<T>(value: T): Checked<T> {
  return { ok: true, value };
}

/** The passing answer of a check that carries no value, shared (frozen: nothing to allocate). */
const OK_TRUE: Checked<true> = Object.freeze({ ok: true, value: true });

export function fail<T>(reason: Rejection): Checked<T> {
  return { ok: false, rejection: reason };
}

export function requireLedger(state: LedgerState): Checked<LedgerInfo> {
  if (state.ledger === null) return fail(ledgerNotFound());
  return ok(state.ledger);
}

/** The rejection of any command but CreateLedger before the ledger exists. */
export function ledgerNotFound(): Rejection {
  return rejection("ledger_not_found", "the ledger does not exist");
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
    const { accountId, currency: named } = input;
    const account = state.accounts.get(accountId);
    // The usual case is checked inline; requireOpenAccount says why anything else fails.
    if (
      account === undefined ||
      account.status !== "open" ||
      (named ?? account.currency) !== account.currency
    ) {
      const refusal = requireOpenAccount(state, accountId, named);
      if (!refusal.ok) return refusal;
      throw new RangeError(`account ${accountId} was refused inline and accepted after`);
    }
    const { currency } = account;
    const parsed = parseAmount(input.amount, scaleOf(ledger, currency));
    if (!parsed.ok) {
      const details = { amount: input.amount, currency };
      return fail(rejection(parsed.code, parsed.message, details));
    }
    postings.push({ accountId, side: input.side, amount: parsed.minor, currency });
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
  return OK_TRUE;
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
  return OK_TRUE;
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
  const after: MutableCounters[] = [];
  for (const { posting, bucket, sign } of changes) {
    let index = indexOfAccount(accounts, posting.accountId);
    if (index === -1) {
      const account = state.accounts.get(posting.accountId);
      if (account === undefined) throw new RangeError(`account ${posting.accountId} was resolved`);
      index = accounts.push(account) - 1;
      after.push(countersOf(account));
    }
    // One bigint operation per change: only the counter it moves is touched.
    const amount = sign === 1n ? posting.amount : -posting.amount;
    addToCounters(after[index] as MutableCounters, bucket, posting.side, amount);
  }
  for (let index = 0; index < accounts.length; index += 1) {
    const breach = checkAccountLimits(
      ledger,
      accounts[index] as AccountState,
      after[index] as Counters,
    );
    if (!breach.ok) return breach;
  }
  return OK_TRUE;
}

function indexOfAccount(accounts: readonly AccountState[], accountId: string): number {
  for (let index = 0; index < accounts.length; index += 1) {
    if ((accounts[index] as AccountState).accountId === accountId) return index;
  }
  return -1;
}

function countersOf(counters: Counters): MutableCounters {
  return {
    postedDebits: counters.postedDebits,
    postedCredits: counters.postedCredits,
    pendingDebits: counters.pendingDebits,
    pendingCredits: counters.pendingCredits,
  };
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
  return OK_TRUE;
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

/** Milliseconds in a UTC day. */
const DAY_MS = 86_400_000;

/**
 * ISO 8601 UTC for epoch milliseconds, as Date#toISOString writes it. The clock moves by
 * milliseconds between calls, so the date part is kept and only the time of day is written;
 * the answer itself is kept too, as a batch shares one clock reading.
 */
export function isoTime(ms: number): string {
  if (ms === lastMs) return lastIso;
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  if (day !== lastDay || !Number.isSafeInteger(ms)) {
    const iso = new Date(ms).toISOString();
    lastDatePart = iso.slice(0, iso.indexOf("T") + 1);
    lastDay = day;
    lastMs = ms;
    lastIso = iso;
    return iso;
  }
  const inDay = ms - day;
  const hours = Math.floor(inDay / 3_600_000);
  const minutes = Math.floor(inDay / 60_000) % 60;
  const seconds = Math.floor(inDay / 1000) % 60;
  const millis = inDay % 1000;
  const hh = hours < 10 ? `0${hours}` : `${hours}`;
  const mm = minutes < 10 ? `0${minutes}` : `${minutes}`;
  const ss = seconds < 10 ? `0${seconds}` : `${seconds}`;
  const sss = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : `${millis}`;
  lastIso = `${lastDatePart}${hh}:${mm}:${ss}.${sss}Z`;
  lastMs = ms;
  return lastIso;
}
let lastMs = Number.NaN;
let lastIso = "";
let lastDay = Number.NaN;
/** "YYYY-MM-DDT" (or the expanded year form) of lastDay. */
let lastDatePart = "";
