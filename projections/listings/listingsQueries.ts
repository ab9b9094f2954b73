// Keyset pages of the listings read model: ledgers, accounts, entries and holds after a cursor,
// filtered. Every value a caller gives (filter values and cursor keys) is a bound parameter;
// only column names chosen here are ever written into SQL. Each page reads LIMIT + 1 rows in
// the order of an index (the extra row says whether there is a next page), with planner
// settings that keep it walking that index (listingsPages.ts): the read models run without statistics.
// An account, currency or amount filter reads the matching postings in sequence order (by
// account, or by currency with the amount in the index); the rest filter the entries walked
// in sequence order, or in the order of the kind or actor index.
import type pg from "pg";
import { BY_KEYS, checkedLimit, Conditions, page, planned, type Page } from "./listingsPages.js";
import { ATTRIBUTE_COLUMNS, listingsTables, type AttributeColumn } from "./listingsTables.js";

export { MAX_LISTING_PAGE, type Page } from "./listingsPages.js";

// --- ledgers ---------------------------------------------------------------------------

export interface LedgerListRow {
  ledger_id: string;
  name: string;
  reporting_currency: string;
  assets: { code: string; scale: number }[];
  created_at: Date;
  last_sequence: string;
  last_hash: string;
}

export function ledgersPage(
  pool: pg.Pool,
  query: {
    version: number;
    ledgerIds: readonly string[] | null;
    after: string | null;
    limit: number;
  },
): Promise<Page<LedgerListRow>> {
  const t = listingsTables(query.version);
  const where = new Conditions().add("TRUE");
  if (query.ledgerIds !== null) where.add("ledger_id = ANY(?::text[])", query.ledgerIds);
  if (query.after !== null) where.add("ledger_id > ?", query.after);
  return page(
    pool,
    `SELECT ledger_id, name, reporting_currency, assets, created_at, last_sequence::text,
            last_hash FROM ${t.ledgers} g WHERE ${where.sql} ORDER BY g.ledger_id`,
    where.values,
    checkedLimit(query.limit),
  );
}

/** The listings model's last applied sequence of a ledger, or -1. */
export async function listingsHead(
  pool: pg.Pool,
  query: { version: number; ledgerId: string },
): Promise<number> {
  const t = listingsTables(query.version);
  const { rows } = await pool.query<{ s: string }>(
    `SELECT last_sequence::text AS s FROM ${t.ledgers} WHERE ledger_id = $1`,
    [query.ledgerId],
  );
  return rows[0] === undefined ? -1 : Number(rows[0].s);
}

// --- accounts --------------------------------------------------------------------------

export interface AccountFilter {
  readonly type?: string | undefined;
  readonly currency?: string | undefined;
  readonly status?: "open" | "closed" | undefined;
  readonly attributes?: Partial<Record<AttributeColumn, string | undefined>> | undefined;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  readonly idPrefix?: string | undefined;
}

export type AccountSort = "id" | "-id" | "balance" | "-balance";

export interface AccountCursor {
  readonly accountId: string;
  /** The balance of the last row (minor units), for the balance sorts. */
  readonly balance?: string | undefined;
}

export interface AccountListRow {
  account_id: string;
  currency: string;
  account_type: string;
  status: "open" | "closed";
  flags: { debitsMustNotExceedCredits: boolean; creditsMustNotExceedDebits: boolean };
  metadata: Record<string, string>;
  version: number;
  counterparty: string | null;
  sector: string | null;
  country: string | null;
  product: string | null;
  rating: string | null;
  facility: string | null;
  posted_debits: string;
  posted_credits: string;
  pending_debits: string;
  pending_credits: string;
  balance: string;
}

/** Above every character an id may hold (ids are printable ASCII), in the "C" collation. */
const PREFIX_END = "\u007f";

function accountConditions(ledgerId: string, filter: AccountFilter): Conditions {
  const where = new Conditions().add("x.ledger_id = ?", ledgerId);
  if (filter.type !== undefined) where.add("x.account_type = ?", filter.type);
  if (filter.currency !== undefined) where.add("x.currency = ?", filter.currency);
  if (filter.status !== undefined) where.add("x.status = ?", filter.status);
  for (const column of ATTRIBUTE_COLUMNS) {
    const value = filter.attributes?.[column];
    if (value !== undefined) where.add(`x.${column} = ?`, value);
  }
  if (filter.metadata !== undefined && Object.keys(filter.metadata).length > 0) {
    where.add("x.metadata @> ?::jsonb", JSON.stringify(filter.metadata));
  }
  if (filter.idPrefix !== undefined) {
    where.add(
      "x.account_id >= ? AND x.account_id < ?",
      filter.idPrefix,
      filter.idPrefix + PREFIX_END,
    );
  }
  return where;
}

export function accountsPage(
  pool: pg.Pool,
  query: {
    version: number;
    ledgerId: string;
    filter: AccountFilter;
    sort: AccountSort;
    after: AccountCursor | null;
    limit: number;
  },
): Promise<Page<AccountListRow>> {
  const t = listingsTables(query.version);
  const where = accountConditions(query.ledgerId, query.filter);
  const descending = query.sort.startsWith("-");
  const byBalance = query.sort.endsWith("balance");
  const after = query.after;
  if (after !== null) {
    const op = descending ? "<" : ">";
    if (byBalance) {
      where.add(
        `(b.balance, b.account_id) ${op} (?::numeric, ?)`,
        after.balance ?? "0",
        after.accountId,
      );
    } else {
      where.add(`x.account_id ${op} ?`, after.accountId);
    }
  }
  const direction = descending ? "DESC" : "ASC";
  // Qualified: a bare name in ORDER BY would sort by the text the SELECT list casts it to.
  // The balance sorts walk the balances' index and look each account up; the others the
  // reverse.
  const order = byBalance
    ? `b.balance ${direction}, b.account_id ${direction}`
    : `x.account_id ${direction}`;
  return page(
    pool,
    `SELECT x.account_id, x.currency, x.account_type, x.status, x.flags, x.metadata, x.version,
            ${ATTRIBUTE_COLUMNS.map((c) => `x.${c}`).join(", ")}, b.posted_debits::text,
            b.posted_credits::text, b.pending_debits::text, b.pending_credits::text,
            b.balance::text
       FROM ${t.accounts} x JOIN ${t.balances} b
         ON b.ledger_id = x.ledger_id AND b.account_id = x.account_id
      WHERE b.ledger_id = $1 AND ${where.sql} ORDER BY ${order}`,
    where.values,
    checkedLimit(query.limit),
  );
}

// --- entries ---------------------------------------------------------------------------

export type EntryKind = "posted" | "pending" | "reversal" | "rejected";

export interface EntryFilter {
  /** Epoch ms, inclusive from, exclusive to. */
  readonly effectiveFromMs?: number | undefined;
  readonly effectiveToMs?: number | undefined;
  readonly recordedFromMs?: number | undefined;
  readonly recordedToMs?: number | undefined;
  /** Ledger sequences, inclusive from, exclusive to. */
  readonly sequenceFrom?: number | undefined;
  readonly sequenceTo?: number | undefined;
  readonly accountId?: string | undefined;
  readonly currency?: string | undefined;
  /** Minor units, inclusive; only with `currency`. */
  readonly amountMin?: bigint | undefined;
  readonly amountMax?: bigint | undefined;
  readonly kind?: EntryKind | undefined;
  readonly actor?: string | undefined;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
}

export interface EntryListRow {
  sequence: string;
  entry_id: string;
  kind: EntryKind;
  effective_ms: string;
  recorded_ms: string;
  actor: string;
  description: string;
  metadata: Record<string, string>;
  reversal_of: string | null;
  expires_ms: string | null;
  rejection: { code: string; message: string } | null;
}

export interface PostingListRow {
  sequence: string;
  account_id: string;
  side: "debit" | "credit";
  amount: string;
  currency: string;
}

function entryConditions(ledgerId: string, filter: EntryFilter): Conditions {
  const where = new Conditions().add("e.ledger_id = ?", ledgerId);
  if (filter.effectiveFromMs !== undefined)
    where.add("e.effective_ms >= ?", filter.effectiveFromMs);
  if (filter.effectiveToMs !== undefined) where.add("e.effective_ms < ?", filter.effectiveToMs);
  if (filter.recordedFromMs !== undefined) where.add("e.recorded_ms >= ?", filter.recordedFromMs);
  if (filter.recordedToMs !== undefined) where.add("e.recorded_ms < ?", filter.recordedToMs);
  if (filter.sequenceFrom !== undefined) where.add("e.sequence >= ?", filter.sequenceFrom);
  if (filter.sequenceTo !== undefined) where.add("e.sequence < ?", filter.sequenceTo);
  if (filter.kind !== undefined) where.add("e.kind = ?", filter.kind);
  if (filter.actor !== undefined) where.add("e.actor = ?", filter.actor);
  if (filter.metadata !== undefined && Object.keys(filter.metadata).length > 0) {
    where.add("e.metadata @> ?::jsonb", JSON.stringify(filter.metadata));
  }
  return where;
}

/** The postings condition (amounts need the currency: callers check it). */
function postingConditions(where: Conditions, filter: EntryFilter): void {
  if (filter.currency !== undefined) where.add("p.currency = ?", filter.currency);
  if (filter.amountMin !== undefined)
    where.add("p.amount >= ?::numeric", filter.amountMin.toString());
  if (filter.amountMax !== undefined)
    where.add("p.amount <= ?::numeric", filter.amountMax.toString());
}

const ENTRY_COLUMNS = `e.sequence::text, e.entry_id, e.kind, e.effective_ms::text,
  e.recorded_ms::text, e.actor, e.description, e.metadata, e.reversal_of, e.expires_ms::text,
  e.rejection`;

export function entriesPage(
  pool: pg.Pool,
  query: {
    version: number;
    ledgerId: string;
    filter: EntryFilter;
    newestFirst: boolean;
    afterSequence: number | null;
    limit: number;
  },
): Promise<Page<EntryListRow>> {
  const t = listingsTables(query.version);
  const { filter } = query;
  const where = entryConditions(query.ledgerId, filter);
  const direction = query.newestFirst ? "DESC" : "ASC";
  const after = (column: string): void => {
    if (query.afterSequence === null) return;
    where.add(`${column} ${query.newestFirst ? "<" : ">"} ?`, query.afterSequence);
  };
  const limit = checkedLimit(query.limit);
  const byPostings = [filter.accountId, filter.currency, filter.amountMin, filter.amountMax];
  if (byPostings.some((value) => value !== undefined)) {
    // The postings of that account, or in that currency (amounts checked in the index), in
    // sequence order; each one's entry by primary key, the rest of the filter on it. An entry
    // with two matching postings comes once.
    if (filter.accountId !== undefined) where.add("p.account_id = ?", filter.accountId);
    postingConditions(where, filter);
    after("p.sequence");
    return page(
      pool,
      `SELECT DISTINCT ON (p.sequence) ${ENTRY_COLUMNS}
         FROM ${t.postings} p JOIN ${t.entries} e
           ON e.ledger_id = p.ledger_id AND e.sequence = p.sequence
        WHERE p.ledger_id = $1 AND ${where.sql}
        ORDER BY p.sequence ${direction}`,
      where.values,
      limit,
    );
  }
  after("e.sequence");
  return page(
    pool,
    `SELECT ${ENTRY_COLUMNS} FROM ${t.entries} e WHERE ${where.sql} ORDER BY e.sequence ${direction}`,
    where.values,
    limit,
  );
}

/** The postings of the entries at `sequences` of a ledger, in line order. */
export async function postingsOf(
  pool: pg.Pool,
  query: { version: number; ledgerId: string; sequences: readonly number[] },
): Promise<PostingListRow[]> {
  if (query.sequences.length === 0) return [];
  const t = listingsTables(query.version);
  return planned<PostingListRow>(
    pool,
    `SELECT p.sequence::text, p.account_id, p.side, p.amount::text, p.currency FROM ${t.postings} p
      WHERE p.ledger_id = $1 AND p.sequence = ANY($2::bigint[]) ORDER BY p.sequence, p.line`,
    [query.ledgerId, query.sequences],
    BY_KEYS,
  );
}

// --- holds -----------------------------------------------------------------------------

export type HoldListStatus = "open" | "posted" | "voided" | "expired";

export interface HoldFilter {
  readonly status?: HoldListStatus | undefined;
  /** Epoch ms: expiresAt >= from, expiresAt < to. */
  readonly expiresFromMs?: number | undefined;
  readonly expiresToMs?: number | undefined;
  /** Holds with a posting on this account. */
  readonly accountId?: string | undefined;
}

export interface HoldCursor {
  readonly expiresMs: number;
  readonly pendingId: string;
}

export interface HoldListRow {
  pending_id: string;
  sequence: string;
  status: HoldListStatus;
  effective_ms: string;
  expires_ms: string;
  resolved_sequence: string | null;
  postings: { accountId: string; side: "debit" | "credit"; amount: string; currency: string }[];
}

export function holdsPage(
  pool: pg.Pool,
  query: {
    version: number;
    ledgerId: string;
    filter: HoldFilter;
    after: HoldCursor | null;
    limit: number;
  },
): Promise<Page<HoldListRow>> {
  const t = listingsTables(query.version);
  const { filter } = query;
  const where = new Conditions().add("ledger_id = ?", query.ledgerId);
  if (filter.status !== undefined) where.add("status = ?", filter.status);
  if (filter.expiresFromMs !== undefined) where.add("expires_ms >= ?", filter.expiresFromMs);
  if (filter.expiresToMs !== undefined) where.add("expires_ms < ?", filter.expiresToMs);
  if (filter.accountId !== undefined) {
    where.add("postings @> ?::jsonb", JSON.stringify([{ accountId: filter.accountId }]));
  }
  if (query.after !== null) {
    where.add(
      "(expires_ms, pending_id) > (?::bigint, ?)",
      query.after.expiresMs,
      query.after.pendingId,
    );
  }
  return page(
    pool,
    `SELECT pending_id, sequence::text, status, effective_ms::text, expires_ms::text,
            resolved_sequence::text, postings
       FROM ${t.holds} h WHERE ${where.sql} ORDER BY h.expires_ms, h.pending_id`,
    where.values,
    checkedLimit(query.limit),
  );
}
