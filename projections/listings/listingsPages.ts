// How the listings read model reads a page (listingsQueries.ts builds the statements): SQL
// conditions whose values are always bound parameters, LIMIT + 1 rows to know whether a next
// page exists, and planner settings, set per page in a short read-only transaction, that keep
// PostgreSQL walking the index of the listing's order whatever its (absent) statistics say.
import type pg from "pg";
import { inTransaction } from "../transaction.js";

/** The most rows one page may hold. */
export const MAX_LISTING_PAGE = 200;

/** SQL conditions with `$n` placeholders for their values, in order. */
export class Conditions {
  readonly values: unknown[] = [];
  private readonly parts: string[] = [];
  /** `sql` with each `?` standing for the next of `values`. */
  add(sql: string, ...values: unknown[]): this {
    let at = 0;
    this.parts.push(
      sql.replaceAll("?", () => {
        this.values.push(values[at]);
        at += 1;
        return `$${this.values.length}`;
      }),
    );
    return this;
  }
  get sql(): string {
    return this.parts.join(" AND ");
  }
}

export interface Page<Row> {
  readonly rows: Row[];
  /** True when more rows follow the last one. */
  readonly more: boolean;
}

/**
 * The planner settings every listing reads with. Without statistics the planner takes any
 * filter for a handful of rows, so it would read every match (a bitmap scan) and sort them:
 * a page would cost all of a filter's matches (1.5 s for a wide time range over 1,000,000
 * entries). Without bitmap scans, sorts, hash or merge joins and materialized inner sides, it
 * walks an index that gives the order and stops after the page (a join looks each row up by
 * key): a page costs how far its matches are apart. (The balance sort with a materialized
 * inner side read every account for each page: 106 ms against 0.4 ms at 20,000 accounts.)
 */
const PLANNED = `SET TRANSACTION READ ONLY; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off;
  SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off;
  SET LOCAL enable_material = off`;

/**
 * The postings of a page's entries: a handful of keys on the primary key, sorted (with sorts
 * off the planner would walk the ledger's whole key range in order instead).
 */
export const BY_KEYS = "SET TRANSACTION READ ONLY; SET LOCAL enable_bitmapscan = off";

/** `sql` with `values`, planned with `settings`, in a read-only transaction of its own. */
export function planned<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  sql: string,
  values: unknown[],
  settings = PLANNED,
): Promise<Row[]> {
  return inTransaction(pool, async (client) => {
    await client.query(settings);
    return (await client.query<Row>(sql, values)).rows;
  });
}

/** One page: `limit` rows of `sql` and whether more follow (one more row is read). */
export async function page<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  sql: string,
  values: unknown[],
  limit: number,
): Promise<Page<Row>> {
  const rows = await planned<Row>(pool, `${sql} LIMIT ${String(limit + 1)}`, values);
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

export const checkedLimit = (limit: number): number => {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LISTING_PAGE) {
    throw new RangeError(`a page holds 1..${MAX_LISTING_PAGE} rows`);
  }
  return limit;
};
