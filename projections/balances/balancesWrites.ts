// Writes what one batch of the balances model produced (balancesBatch.ts): the history and
// effective rows with COPY (copyRows.ts), the few other rows with one multi-row statement per
// table (INSERT ... SELECT FROM unnest of one array per column, chunked to
// MAX_ROWS_PER_STATEMENT rows), plus the recomputation of backdated accounts' effective order.
// The number of round trips does not grow with the number of postings.
import type { PoolClient } from "pg";
import { assert, type Counters } from "../../ledger-core/index.js";
import { chunks, COPY_NULL, copyBoolean, copyLines, MAX_ROWS_PER_STATEMENT } from "../copyRows.js";
import type { BalancesBatch } from "./balancesBatch.js";
import type { BalancesTables } from "./balancesTables.js";

export { MAX_ROWS_PER_STATEMENT };

const isoOf = (ms: number): string => new Date(ms).toISOString();

const COUNTER_COLUMNS = ["posted_debits", "posted_credits", "pending_debits", "pending_credits"];
const DELTA_COLUMNS = COUNTER_COLUMNS.map((c) => `d_${c}`);

async function writeAccounts(client: PoolClient, t: BalancesTables, batch: BalancesBatch) {
  for (const chunk of chunks(batch.openedAccounts)) {
    await client.query(
      `INSERT INTO ${t.accounts} (ledger_id, account_id, account_key, currency, account_type,
                                  opened_sequence)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[],
                            $6::bigint[])`,
      [
        chunk.map((a) => a.ledgerId),
        chunk.map((a) => a.accountId),
        chunk.map((a) => String(a.accountKey)),
        chunk.map((a) => a.currency),
        chunk.map((a) => a.accountType),
        chunk.map((a) => String(a.openedSequence)),
      ],
    );
  }
}

const HISTORY_COLUMNS = [
  "account_key",
  "sequence",
  "effective_ms",
  "max_effective_ms",
  ...COUNTER_COLUMNS,
  "backdated",
  ...DELTA_COLUMNS,
];
const EFFECTIVE_COLUMNS = [
  "account_key",
  "effective_ms",
  "sequence",
  ...COUNTER_COLUMNS,
  ...DELTA_COLUMNS,
];
const counters = (c: Counters): string =>
  `${c.postedDebits}\t${c.postedCredits}\t${c.pendingDebits}\t${c.pendingCredits}`;
const NO_DELTAS = [COPY_NULL, COPY_NULL, COPY_NULL, COPY_NULL].join("\t");

/** The COPY lines of a batch's history and effective rows (built before its transaction). */
export interface HistoryLines {
  readonly history: readonly string[];
  readonly effective: readonly string[];
}

/**
 * The history rows, and the effective-order rows of the same events: an appended row's
 * running counters are the account's counters after the event (every earlier row is at or
 * before it in effective order); backdated accounts are recomputed after (below). Every
 * value is a number, so lines are built directly.
 */
export function historyLines(batch: BalancesBatch): HistoryLines {
  const history: string[] = [];
  const effective: string[] = [];
  for (const h of batch.history) {
    const after = counters(h.after);
    const key = h.account.accountKey;
    history.push(
      `${key}\t${h.sequence}\t${h.effectiveMs}\t${h.maxEffectiveMs}\t${after}\t${copyBoolean(h.backdated)}\t${h.backdated ? counters(h.delta) : NO_DELTAS}\n`,
    );
    effective.push(`${key}\t${h.effectiveMs}\t${h.sequence}\t${after}\t${counters(h.delta)}\n`);
  }
  return { history, effective };
}

async function writeHistory(client: PoolClient, t: BalancesTables, lines: HistoryLines) {
  if (lines.history.length === 0) return;
  await copyLines(client, t.history, HISTORY_COLUMNS, lines.history);
  await copyLines(client, t.effective, EFFECTIVE_COLUMNS, lines.effective);
}

/**
 * Backdated accounts: recomputes the running counters of every effective-order row at or
 * after the earliest backdated effective time of the batch, from the last row before it plus
 * the cumulative changes. The cost of a backdated entry: an UPDATE of that account's rows
 * effective after it.
 */
async function recomputeBackdated(client: PoolClient, t: BalancesTables, batch: BalancesBatch) {
  if (batch.backdatedFrom.size === 0) return;
  // A handful of rows per backdated account: nested loops over the primary key and the rows'
  // ctids. A hash or merge join would read the whole effective table, and the planner picks
  // one when the table has no statistics yet (measured: 3.2 s instead of 0.3 s per 110,000
  // events), so they are off for the rest of this batch's transaction.
  await client.query("SET LOCAL enable_hashjoin = off");
  await client.query("SET LOCAL enable_mergejoin = off");
  for (const chunk of chunks([...batch.backdatedFrom])) {
    await client.query(
      `WITH starts AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[]) AS s(account_key, from_ms)
       ), recomputed AS (
         SELECT x.row_id,
                coalesce(p.posted_debits, 0) + sum(x.d_posted_debits) OVER w AS posted_debits,
                coalesce(p.posted_credits, 0) + sum(x.d_posted_credits) OVER w AS posted_credits,
                coalesce(p.pending_debits, 0) + sum(x.d_pending_debits) OVER w AS pending_debits,
                coalesce(p.pending_credits, 0) + sum(x.d_pending_credits) OVER w AS pending_credits
           FROM starts s
           LEFT JOIN LATERAL (
             SELECT e.posted_debits, e.posted_credits, e.pending_debits, e.pending_credits
               FROM ${t.effective} e
              WHERE e.account_key = s.account_key AND e.effective_ms < s.from_ms
              ORDER BY e.effective_ms DESC, e.sequence DESC
              LIMIT 1
           ) p ON true
           CROSS JOIN LATERAL (
             SELECT e.ctid AS row_id, e.effective_ms, e.sequence, e.d_posted_debits,
                    e.d_posted_credits, e.d_pending_debits, e.d_pending_credits
               FROM ${t.effective} e
              WHERE e.account_key = s.account_key AND e.effective_ms >= s.from_ms
           ) x
         WINDOW w AS (PARTITION BY s.account_key ORDER BY x.effective_ms, x.sequence
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
       )
       UPDATE ${t.effective} t
          SET posted_debits = r.posted_debits, posted_credits = r.posted_credits,
              pending_debits = r.pending_debits, pending_credits = r.pending_credits
         FROM recomputed r
        WHERE t.ctid = r.row_id`,
      [chunk.map(([a]) => String(a.accountKey)), chunk.map(([, from]) => String(from))],
    );
  }
}

async function writeHolds(client: PoolClient, t: BalancesTables, batch: BalancesBatch) {
  for (const chunk of chunks(batch.resolvedStoredHolds)) {
    await client.query(
      `DELETE FROM ${t.holds} h USING unnest($1::text[], $2::text[]) AS k(ledger_id, pending_id)
        WHERE h.ledger_id = k.ledger_id AND h.pending_id = k.pending_id`,
      [chunk.map((k) => k.ledgerId), chunk.map((k) => k.pendingId)],
    );
  }
  for (const chunk of chunks([...batch.newHolds.values()])) {
    await client.query(
      `INSERT INTO ${t.holds} (ledger_id, pending_id, sequence, effective_at, postings)
       SELECT k.ledger_id, k.pending_id, k.sequence, k.effective_at, k.postings::jsonb
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[], $5::text[])
           AS k(ledger_id, pending_id, sequence, effective_at, postings)`,
      [
        chunk.map((h) => h.ledgerId),
        chunk.map((h) => h.pendingId),
        chunk.map((h) => String(h.sequence)),
        chunk.map((h) => isoOf(h.effectiveMs)),
        chunk.map((h) => JSON.stringify(h.postings)),
      ],
    );
  }
}

async function writeHeadsAndJournal(client: PoolClient, t: BalancesTables, batch: BalancesBatch) {
  for (const chunk of chunks(batch.journal)) {
    await client.query(
      `INSERT INTO ${t.journal} (ledger_id, recorded_at, last_sequence)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::bigint[])
       ON CONFLICT (ledger_id, recorded_at) DO UPDATE SET last_sequence = excluded.last_sequence`,
      [
        chunk.map((j) => j.ledgerId),
        chunk.map((j) => isoOf(j.recordedMs)),
        chunk.map((j) => String(j.lastSequence)),
      ],
    );
  }
  const heads = [...batch.heads];
  for (const chunk of chunks(heads)) {
    await client.query(
      `INSERT INTO ${t.heads} (ledger_id, last_sequence, last_recorded_at, created_at)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::timestamptz[])
       ON CONFLICT (ledger_id) DO UPDATE SET
         last_sequence = excluded.last_sequence, last_recorded_at = excluded.last_recorded_at`,
      [
        chunk.map(([ledgerId]) => ledgerId),
        chunk.map(([, head]) => String(head.lastSequence)),
        chunk.map(([, head]) => isoOf(head.recordedMs)),
        chunk.map(([, head]) => isoOf(head.createdMs)),
      ],
    );
  }
}

/**
 * One change-log row per ledger the batch applied events of: the sequences it applied and the
 * distinct keys of the accounts they opened or changed (none for a batch of other events: the
 * rows of a ledger tile its sequence, which is how a reader knows the log covers a range).
 */
async function writeChanges(client: PoolClient, t: BalancesTables, batch: BalancesBatch) {
  const keys = new Map<string, Set<number>>();
  const keysOf = (ledgerId: string): Set<number> => {
    let set = keys.get(ledgerId);
    if (set === undefined) keys.set(ledgerId, (set = new Set()));
    return set;
  };
  for (const row of batch.history) keysOf(row.account.ledgerId).add(row.account.accountKey);
  for (const account of batch.openedAccounts) keysOf(account.ledgerId).add(account.accountKey);
  const rows = [...batch.firstSequences].map(([ledgerId, firstSequence]) => {
    const head = batch.heads.get(ledgerId);
    assert(head !== undefined, `balances: no head for ledger ${ledgerId}`);
    const changed = [...(keys.get(ledgerId) ?? [])];
    return { ledgerId, firstSequence, lastSequence: head.lastSequence, changed };
  });
  for (const chunk of chunks(rows)) {
    await client.query(
      `INSERT INTO ${t.changes} (ledger_id, first_sequence, last_sequence, account_keys)
       SELECT l, f, s, k::bigint[] FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[])
         AS r(l, f, s, k)`,
      [
        chunk.map((r) => r.ledgerId),
        chunk.map((r) => String(r.firstSequence)),
        chunk.map((r) => String(r.lastSequence)),
        chunk.map((r) => `{${r.changed.join(",")}}`),
      ],
    );
  }
}

export async function writeBatch(
  client: PoolClient,
  t: BalancesTables,
  batch: BalancesBatch,
  lines: HistoryLines = historyLines(batch),
): Promise<void> {
  await writeAccounts(client, t, batch);
  await writeHistory(client, t, lines);
  await recomputeBackdated(client, t, batch);
  await writeHolds(client, t, batch);
  await writeHeadsAndJournal(client, t, batch);
  await writeChanges(client, t, batch);
}
