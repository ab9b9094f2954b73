// Reads of the balances model (balancesProjection.ts): the balance of one account, or a trial
// balance per currency, as of the latest event, a sequence, a recorded time, or an effective
// time (optionally as it was known at an earlier sequence or recorded time: bitemporal).
//
// Every account's answer is one indexed read (ORDER BY ... DESC LIMIT 1 on a primary key), a
// recorded time first resolving to a sequence through the journal, except the bitemporal case,
// which is exact and costs at most two reads plus a scan of this account's BACKDATED rows
// recorded after K (see bitemporalSql below). A trial balance runs the same read per account of
// the ledger, in one statement.
import type { ClientBase, Pool } from "pg";
import { z } from "zod";
import {
  assert,
  availableOf,
  balanceOf as balanceOfCounters,
  totalsByCurrency,
} from "../../ledger-core/index.js";
import type { Counters, CurrencyTotals } from "../../ledger-core/index.js";
import { accountTypeSchema, type AccountType } from "../../schemas/index.js";
import { balancesTables, type BalancesTables } from "./balancesTables.js";

/** Anything pg can run a query on: a pool, a pooled client or a plain client. */
export type Queryable = Pick<ClientBase | Pool, "query">;

/** An earlier state of knowledge: the ledger as of this sequence, or this recorded time. */
export type KnownAt = { readonly sequence: number } | { readonly recordedAt: string };

/** Which state of the ledger to read. Times are ISO 8601 strings with a zone. */
export type BalanceAt =
  | { readonly kind: "latest" }
  /** After the event with this ledger sequence (and every one before it). */
  | { readonly kind: "sequence"; readonly sequence: number }
  /** After every event recorded at or before this time. */
  | { readonly kind: "recorded"; readonly recordedAt: string }
  /**
   * Counting only the events effective at or before `effectiveAt`; of those, all that are
   * applied now, or (`knownAt`) only those recorded by that sequence or recorded time.
   */
  | { readonly kind: "effective"; readonly effectiveAt: string; readonly knownAt?: KnownAt };

export interface AccountBalance extends Counters {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly currency: string;
  readonly accountType: AccountType;
  /** Posted balance, positive on the account's normal side (ledger-core balanceOf). */
  readonly balance: bigint;
  /** Posted balance less holds against it (ledger-core availableOf). */
  readonly available: bigint;
  /** The ledger sequence the answer reflects: the last event it may include. */
  readonly sequence: number;
}

/** One currency of a trial balance: every account in it (by id) and the totals. */
export type CurrencyTrialBalance = CurrencyTotals<AccountBalance>;

export interface TrialBalance {
  readonly ledgerId: string;
  /** The ledger sequence the answer reflects; null when nothing is known as of `at`. */
  readonly sequence: number | null;
  /** By currency code: totals over every account; `accounts` holds this page's only. */
  readonly currencies: readonly CurrencyTrialBalance[];
  /** Accounts in the whole trial balance (every page). */
  readonly accountCount: number;
  /** The last account id of this page when more follow (pass it as `after`), else null. */
  readonly nextCursor: string | null;
}

/** The most accounts one page of a trial balance lists (the totals always cover all). */
export const MAX_TRIAL_BALANCE_PAGE = 1_000;

/** Which accounts a trial balance lists: by account id, after `after`, at most `limit`. */
export interface TrialBalancePage {
  readonly after?: string;
  readonly limit: number;
}

export interface BalanceQueryOptions {
  readonly ledgerId: string;
  readonly at: BalanceAt;
  /** Projection version whose tables to read (default 1). */
  readonly version?: number;
}

/** Builds a statement's parameter list: p(value) appends it and returns its "$n". */
class Params {
  readonly values: unknown[] = [];
  p(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function checkedTime(label: string, value: string): string {
  if (Number.isNaN(Date.parse(value))) throw new RangeError(`${label} is not a time: ${value}`);
  return value;
}

/**
 * An effective time as the tables keep it: epoch milliseconds. Stored times are whole
 * milliseconds, so "at or before D" is "at or before D's millisecond" (Date.parse drops finer
 * digits).
 */
function effectiveMsParam(value: string): string {
  return String(Date.parse(checkedTime("effectiveAt", value)));
}

function checkedSequence(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`sequence must be a non-negative integer, got ${value}`);
  }
  return String(value);
}

const COUNTERS = ["posted_debits", "posted_credits", "pending_debits", "pending_credits"] as const;

/** SQL of the last sequence recorded by time `t` (NULL when nothing was recorded by then). */
function sequenceRecordedBySql(t: BalancesTables, ledger: string, time: string): string {
  return `(SELECT j.last_sequence FROM ${t.journal} j
            WHERE j.ledger_id = ${ledger} AND j.recorded_at <= ${time}
            ORDER BY j.recorded_at DESC LIMIT 1)`;
}

/** SQL of the sequence K that `knownAt` stands for (NULL when nothing was recorded by then). */
function knownSequenceSql(t: BalancesTables, ledger: string, knownAt: KnownAt, q: Params): string {
  if ("sequence" in knownAt) return `${q.p(checkedSequence(knownAt.sequence))}::bigint`;
  const time = `${q.p(checkedTime("knownAt.recordedAt", knownAt.recordedAt))}::timestamptz`;
  return sequenceRecordedBySql(t, ledger, time);
}

const zeroIfNone = (alias: string): string =>
  COUNTERS.map((c) => `coalesce(${alias}.${c}, 0)::text AS ${c}`).join(", ");

/** Every account opened by sequence `k`, with its last history row at or before `k`. */
function asOfSequenceSql(t: BalancesTables, ledger: string, k: string, accountFilter: string) {
  return `SELECT a.account_id, a.currency, a.account_type, ${zeroIfNone("h")}
            FROM ${t.accounts} a
            LEFT JOIN LATERAL (
              SELECT * FROM ${t.history} h
               WHERE h.account_key = a.account_key
                 AND h.sequence <= ${k}
               ORDER BY h.sequence DESC LIMIT 1) h ON true
           WHERE a.ledger_id = ${ledger} AND a.opened_sequence <= ${k} ${accountFilter}`;
}

/** Which accounts a read covers: every account of the ledger (null), one, or a list of ids. */
type AccountSelection = string | readonly string[] | null;

/**
 * One statement returning a first column `reflected` (the sequence the answer reflects) and,
 * per account of the ledger (or the one account) known as of `at`, its currency, type and
 * four counters as text. It always returns at least one row (accounts columns NULL if none).
 * A recorded time T resolves once to the last sequence recorded by T (the journal), and the
 * recorded-order answers are then the account's last history row at or before that sequence
 * (primary key). Accounts with no history row by then count zero.
 */
function countersStatement(
  t: BalancesTables,
  ledgerId: string,
  accountIds: AccountSelection,
  at: BalanceAt,
): { text: string; values: unknown[] } {
  const q = new Params();
  const ledger = q.p(ledgerId);
  const accountFilter =
    accountIds === null
      ? ""
      : typeof accountIds === "string"
        ? `AND a.account_id = ${q.p(accountIds)}`
        : `AND a.account_id = ANY(${q.p(accountIds)}::text[])`;
  const head = `(SELECT hd.last_sequence FROM ${t.heads} hd WHERE hd.ledger_id = ${ledger})`;
  const everything = "9223372036854775807";
  // least() ignores NULLs: nothing applied yet (no head) or nothing recorded by then is NULL.
  const cappedByHead = (sequence: string): string =>
    `CASE WHEN ${sequence} IS NULL OR ${head} IS NULL THEN NULL ELSE least(${sequence}, ${head}) END`;
  let k: string;
  let accounts: string;
  switch (at.kind) {
    case "latest":
      k = head;
      accounts = asOfSequenceSql(t, ledger, everything, accountFilter);
      break;
    case "sequence":
      k = cappedByHead(`${q.p(checkedSequence(at.sequence))}::bigint`);
      accounts = asOfSequenceSql(t, ledger, "(SELECT seq FROM known)", accountFilter);
      break;
    case "recorded": {
      const time = `${q.p(checkedTime("recordedAt", at.recordedAt))}::timestamptz`;
      k = sequenceRecordedBySql(t, ledger, time);
      accounts = asOfSequenceSql(t, ledger, "(SELECT seq FROM known)", accountFilter);
      break;
    }
    case "effective": {
      const d = `${q.p(effectiveMsParam(at.effectiveAt))}::bigint`;
      if (at.knownAt === undefined) {
        // The account's last effective-order row at or before D: primary key (ledger,
        // account, effective_ms, sequence). Accounts with none yet count zero.
        k = head;
        accounts = `SELECT a.account_id, a.currency, a.account_type, ${zeroIfNone("e")}
                      FROM ${t.accounts} a
                      LEFT JOIN LATERAL (
                        SELECT * FROM ${t.effective} e
                         WHERE e.account_key = a.account_key
                           AND e.effective_ms <= ${d}
                         ORDER BY e.effective_ms DESC, e.sequence DESC LIMIT 1) e ON true
                     WHERE a.ledger_id = ${ledger} ${accountFilter}`;
        break;
      }
      k = cappedByHead(`(${knownSequenceSql(t, ledger, at.knownAt, q)})::bigint`);
      accounts = bitemporalSql(t, ledger, accountFilter, d);
      break;
    }
  }
  // K is resolved once; when nothing is known as of `at` it is NULL and no account is listed.
  return {
    text: `WITH known AS MATERIALIZED (SELECT (${k})::bigint AS seq)
           SELECT (SELECT seq FROM known)::text AS reflected, x.*
             FROM (SELECT 1) one
             LEFT JOIN (${accounts}) x ON (SELECT seq FROM known) IS NOT NULL
            ORDER BY x.account_id COLLATE "C"`,
    values: q.values,
  };
}

/**
 * Effective time D as known at sequence K (exact). Wanted, per account opened by K: the sum
 * of the changes of its events with sequence <= K and effective_at <= D. Let h be its last
 * history row at or before K (primary-key read) and M = h.max_effective_ms, the latest
 * effective time among its events up to K.
 *  - no such row, or D >= M: every event up to K is effective by D, so the answer is h's
 *    running counters (zero without a row). One read.
 *  - D < M: take the effective-order running counters at D (primary-key read: every event
 *    applied now with effective_at <= D) and subtract the changes of the events recorded after
 *    K with effective_at <= D. Each such event has effective_at <= D < M <= the account's
 *    latest effective time before it, so it was BACKDATED when recorded: the partial index
 *    history_backdated (ledger, account, sequence) WHERE backdated serves the range
 *    sequence > K. Cost: two reads plus one row per backdated event of this account recorded
 *    after K (usually none or a few).
 */
function bitemporalSql(
  t: BalancesTables,
  ledger: string,
  accountFilter: string,
  d: string,
): string {
  const pick = (c: string): string =>
    `(CASE WHEN h.settled IS NOT FALSE THEN coalesce(h.${c}, 0)
           ELSE coalesce(e.${c}, 0) - coalesce(b.${c}, 0) END)::text AS ${c}`;
  return `SELECT a.account_id, a.currency, a.account_type, ${COUNTERS.map(pick).join(", ")}
            FROM known k
            CROSS JOIN ${t.accounts} a
            LEFT JOIN LATERAL (
              SELECT hh.posted_debits, hh.posted_credits, hh.pending_debits, hh.pending_credits,
                     hh.max_effective_ms <= ${d} AS settled
                FROM ${t.history} hh
               WHERE hh.account_key = a.account_key
                 AND hh.sequence <= k.seq
               ORDER BY hh.sequence DESC LIMIT 1) h ON true
            LEFT JOIN LATERAL (
              SELECT e.posted_debits, e.posted_credits, e.pending_debits, e.pending_credits
                FROM ${t.effective} e
               WHERE h.settled IS FALSE
                 AND e.account_key = a.account_key
                 AND e.effective_ms <= ${d}
               ORDER BY e.effective_ms DESC, e.sequence DESC LIMIT 1) e ON true
            LEFT JOIN LATERAL (
              SELECT sum(bd.d_posted_debits) AS posted_debits,
                     sum(bd.d_posted_credits) AS posted_credits,
                     sum(bd.d_pending_debits) AS pending_debits,
                     sum(bd.d_pending_credits) AS pending_credits
                FROM ${t.history} bd
               WHERE h.settled IS FALSE AND bd.backdated
                 AND bd.account_key = a.account_key
                 AND bd.sequence > k.seq AND bd.effective_ms <= ${d}) b ON true
           WHERE a.ledger_id = ${ledger} AND a.opened_sequence <= k.seq ${accountFilter}`;
}

const rowSchema = z.object({
  reflected: z.string().nullable(),
  account_id: z.string().nullable(),
  currency: z.string().nullable(),
  account_type: accountTypeSchema.nullable(),
  posted_debits: z.string().nullable(),
  posted_credits: z.string().nullable(),
  pending_debits: z.string().nullable(),
  pending_credits: z.string().nullable(),
});

interface CountersRead {
  readonly sequence: number | null;
  readonly accounts: AccountBalance[];
}

async function readCounters(
  client: Queryable,
  ledgerId: string,
  accountId: AccountSelection,
  at: BalanceAt,
  version: number,
): Promise<CountersRead> {
  const statement = countersStatement(balancesTables(version), ledgerId, accountId, at);
  const result = await client.query(statement.text, statement.values);
  const rows = result.rows.map((raw: unknown) => rowSchema.parse(raw));
  const reflected = rows[0]?.reflected ?? null;
  const sequence = reflected === null ? null : Number(reflected);
  if (sequence === null) return { sequence, accounts: [] };
  const accounts: AccountBalance[] = [];
  for (const row of rows) {
    if (row.account_id === null || row.currency === null || row.account_type === null) continue;
    const counters: Counters = {
      postedDebits: BigInt(row.posted_debits ?? "0"),
      postedCredits: BigInt(row.posted_credits ?? "0"),
      pendingDebits: BigInt(row.pending_debits ?? "0"),
      pendingCredits: BigInt(row.pending_credits ?? "0"),
    };
    accounts.push({
      ledgerId,
      accountId: row.account_id,
      currency: row.currency,
      accountType: row.account_type,
      ...counters,
      balance: balanceOfCounters(row.account_type, counters),
      available: availableOf(row.account_type, counters),
      sequence,
    });
  }
  return { sequence, accounts };
}

/** One account's counters and balances as of `at`; null if the account is unknown then. */
export async function balanceOf(
  client: Queryable,
  options: BalanceQueryOptions & { readonly accountId: string },
): Promise<AccountBalance | null> {
  const read = await readCounters(
    client,
    options.ledgerId,
    options.accountId,
    options.at,
    options.version ?? 1,
  );
  return read.accounts[0] ?? null;
}

/**
 * The trial balance as of `at`, per currency: the totals of debit and credit balances over
 * every account, and one page of the accounts themselves (by account id). Asserts that posted
 * debits equal posted credits in every currency.
 */
export async function trialBalance(
  client: Queryable,
  options: BalanceQueryOptions & { readonly page?: TrialBalancePage },
): Promise<TrialBalance> {
  const page = options.page ?? { limit: MAX_TRIAL_BALANCE_PAGE };
  assert(
    Number.isInteger(page.limit) && page.limit >= 1 && page.limit <= MAX_TRIAL_BALANCE_PAGE,
    `a trial balance page lists 1..${MAX_TRIAL_BALANCE_PAGE} accounts`,
  );
  const read = await readCounters(client, options.ledgerId, null, options.at, options.version ?? 1);
  const byId = (a: AccountBalance, b: AccountBalance): number =>
    a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;
  const after = page.after;
  const following = read.accounts
    .filter((account) => after === undefined || account.accountId > after)
    .sort(byId);
  const listed = new Set(following.slice(0, page.limit).map((account) => account.accountId));
  const currencies = totalsByCurrency(read.accounts).map((totals) => {
    assert(
      totals.postedDebits === totals.postedCredits,
      `trial balance: ${totals.currency} posted debits ${totals.postedDebits} differ from credits ${totals.postedCredits}`,
    );
    return { ...totals, accounts: totals.accounts.filter((a) => listed.has(a.accountId)) };
  });
  const last = following[page.limit - 1];
  return {
    ledgerId: options.ledgerId,
    sequence: read.sequence,
    currencies,
    accountCount: read.accounts.length,
    nextCursor: following.length > page.limit && last !== undefined ? last.accountId : null,
  };
}

/** The most account ids one facilityAccountBalancesAt call may name. */
export const MAX_FACILITY_BALANCE_ACCOUNTS = 200_000;

/**
 * The balances of `accountIds` only, as of `at`: the same accounts and sequence as the trial
 * balance's for these ids, from a statement that reads just these accounts'
 * counters (`account_id = ANY(...)` on the accounts' unique key) instead of every account of the
 * ledger. For the exposure model's facility accounts. Throws a RangeError beyond
 * MAX_FACILITY_BALANCE_ACCOUNTS ids.
 */
export async function facilityAccountBalancesAt(
  client: Queryable,
  options: BalanceQueryOptions & { readonly accountIds: ReadonlySet<string> },
): Promise<{ readonly sequence: number | null; readonly accounts: AccountBalance[] }> {
  if (options.accountIds.size > MAX_FACILITY_BALANCE_ACCOUNTS) {
    throw new RangeError(
      `balances: at most ${MAX_FACILITY_BALANCE_ACCOUNTS} accounts per read, got ${options.accountIds.size}`,
    );
  }
  const read = await readCounters(
    client,
    options.ledgerId,
    [...options.accountIds],
    options.at,
    options.version ?? 1,
  );
  return { sequence: read.sequence, accounts: read.accounts };
}

export * from "./balancesHead.js";
