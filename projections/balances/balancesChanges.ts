// Which accounts moved between two sequences of a ledger, from the balances model's change log
// (one row per ledger per applied batch: the sequences it applied and the keys of the accounts
// it opened or changed; balancesWrites.ts). A reader that holds an answer at sequence K0 (the
// exposure report, exposureLive.ts) asks what changed in (K0, K1] and re-reads those accounts
// only. The log answers only when its rows tile the whole range: a range from before the log
// existed (a version built by older code), or one that moved more than the caller's limit of
// accounts, gets null, and the caller reads everything as before.
import type { Queryable } from "./balanceQueries.js";
import { balancesTables } from "./balancesTables.js";

/** The most change-log rows one question reads (a range of more batches gets null). */
export const MAX_CHANGE_LOG_ROWS = 10_000;

export interface ChangedAccountsQuery {
  readonly ledgerId: string;
  /** Projection version whose tables to read (default 1). */
  readonly version?: number;
  /** K0: the sequence the caller's answer reflects (exclusive). */
  readonly afterSequence: number;
  /** K1: the sequence to bring it to (inclusive); at most the model's head. */
  readonly throughSequence: number;
  /** The most accounts the caller wants listed; more gets null. */
  readonly maxAccounts: number;
}

function checkedSequence(label: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < -1) {
    throw new RangeError(`${label} must be an integer >= -1, got ${value}`);
  }
  return value;
}

/**
 * The ids of the accounts opened or changed by the ledger's events in (afterSequence,
 * throughSequence], or null when the log does not cover that range or lists more than
 * `maxAccounts` of them. An empty range lists none.
 */
export async function accountsChangedBetween(
  client: Queryable,
  query: ChangedAccountsQuery,
): Promise<readonly string[] | null> {
  const after = checkedSequence("afterSequence", query.afterSequence);
  const through = checkedSequence("throughSequence", query.throughSequence);
  if (through <= after) return [];
  const t = balancesTables(query.version ?? 1);
  const { rows } = await client.query<{ first: string; last: string; keys: string[] }>(
    `SELECT first_sequence::text AS first, last_sequence::text AS last,
            account_keys::text[] AS keys
       FROM ${t.changes}
      WHERE ledger_id = $1 AND last_sequence > $2::bigint
      ORDER BY last_sequence
      LIMIT ${MAX_CHANGE_LOG_ROWS + 1}`,
    [query.ledgerId, String(after)],
  );
  if (rows.length > MAX_CHANGE_LOG_ROWS) return null;
  const keys = new Set<string>();
  let covered = after;
  for (const row of rows) {
    const first = Number(row.first);
    if (first > covered + 1) return null;
    if (first > through) break;
    for (const key of row.keys) keys.add(key);
    if (keys.size > query.maxAccounts) return null;
    covered = Math.max(covered, Number(row.last));
    if (covered >= through) break;
  }
  if (covered < through) return null;
  if (keys.size === 0) return [];
  // By the unique account_key alone: with the ledger in the condition too, a planner without
  // statistics ANDs in a scan of the ledger's every account. Keys are the ledger's own.
  const ids = await client.query<{ ledger_id: string; account_id: string }>(
    `SELECT ledger_id, account_id FROM ${t.accounts} WHERE account_key = ANY($1::bigint[])`,
    [[...keys]],
  );
  return ids.rows.filter((row) => row.ledger_id === query.ledgerId).map((row) => row.account_id);
}
