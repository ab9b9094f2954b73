// The listings queries `npm run bench:listings` times (listings.bench.ts): each kind of list
// as its route runs it minus HTTP (the page, then for entries the page's postings, then the
// listing's head), a first page and a deep page (the page after a key about 90 % into the
// listing, taken from the data), timed sequentially; and EXPLAIN (ANALYZE, BUFFERS) of every
// statement of a kind that missed its target.
import { performance } from "node:perf_hooks";
import type pg from "pg";
import {
  accountsPage,
  entriesPage,
  holdsPage,
  ledgersPage,
  listingsHead,
  listingsTables,
  postingsOf,
  type AccountFilter,
  type AccountSort,
  type EntryFilter,
  type HoldCursor,
  type HoldFilter,
} from "../projections/index.js";
import { Samples } from "./machine.js";

/** What the kinds page through: the bench ledger and the keys the deep pages start after. */
export interface ListingTarget {
  readonly pool: pg.Pool;
  readonly version: number;
  readonly ledgerId: string;
  readonly limit: number;
  /** The ledger's last sequence. */
  readonly head: number;
  readonly accounts: number;
  readonly accountId: (index: number) => string;
  readonly ledgerIds: readonly string[];
  readonly clearingAccount: string;
  readonly sectors: readonly string[];
  readonly countries: readonly string[];
  readonly actors: readonly string[];
  /** Epoch ms: the writer's phase began and ended. */
  readonly runFromMs: number;
  readonly runToMs: number;
}

type Run = (target: ListingTarget, deep: boolean, i: number) => Promise<number>;
export interface QueryKind {
  readonly id: string;
  readonly label: string;
  /** Computes what the deep page starts after (once, before timing). */
  prepare?(target: ListingTarget): Promise<void>;
  readonly run: Run;
}

const DAY_MS = 86_400_000;
const DEEP = 0.9;

async function head(target: ListingTarget): Promise<void> {
  await listingsHead(target.pool, { version: target.version, ledgerId: target.ledgerId });
}

/** An accounts kind: `filter` (per query), sorted by id; deep: after the id 90 % in. */
function accountsKind(
  id: string,
  label: string,
  filter: (target: ListingTarget, i: number) => AccountFilter,
  deepIndex: (target: ListingTarget) => number = (t) => Math.floor(t.accounts * DEEP),
): QueryKind {
  return {
    id,
    label,
    async run(target, deep, i) {
      const after = deep ? { accountId: target.accountId(deepIndex(target)) } : null;
      const { rows } = await accountsPage(target.pool, {
        version: target.version,
        ledgerId: target.ledgerId,
        filter: filter(target, i),
        sort: "id",
        after,
        limit: target.limit,
      });
      await head(target);
      return rows.length;
    },
  };
}

function byBalanceKind(): QueryKind {
  const sort: AccountSort = "-balance";
  let cursor: { accountId: string; balance: string } | null = null;
  return {
    id: "accountsByBalance",
    label: "accounts by -balance",
    async prepare(target) {
      const t = listingsTables(target.version);
      const { rows } = await target.pool.query<{ account_id: string; balance: string }>(
        `SELECT account_id, balance::text FROM ${t.balances} WHERE ledger_id = $1
          ORDER BY balance DESC, account_id DESC OFFSET $2 LIMIT 1`,
        [target.ledgerId, Math.floor(target.accounts * DEEP)],
      );
      const row = rows[0];
      cursor = row === undefined ? null : { accountId: row.account_id, balance: row.balance };
    },
    async run(target, deep) {
      const { rows } = await accountsPage(target.pool, {
        version: target.version,
        ledgerId: target.ledgerId,
        filter: {},
        sort,
        after: deep ? cursor : null,
        limit: target.limit,
      });
      await head(target);
      return rows.length;
    },
  };
}

/**
 * An entries kind: newest first unless `oldest`; deep: after the sequence 90 % into the
 * listing's order (entries are spread evenly over sequences, so 90 % of the matches too).
 */
function entriesKind(
  id: string,
  label: string,
  filter: (target: ListingTarget, i: number) => EntryFilter,
  oldest = false,
): QueryKind {
  return {
    id,
    label,
    async run(target, deep, i) {
      const point = Math.floor(target.head * (oldest ? DEEP : 1 - DEEP));
      const query = { version: target.version, ledgerId: target.ledgerId };
      const { rows } = await entriesPage(target.pool, {
        ...query,
        filter: filter(target, i),
        newestFirst: !oldest,
        afterSequence: deep ? point : null,
        limit: target.limit,
      });
      const sequences = rows.map((row) => Number(row.sequence));
      await postingsOf(target.pool, { ...query, sequences });
      await head(target);
      return rows.length;
    },
  };
}

/** A holds kind: `filter`; deep: after the hold 90 % into the listing (by expiry, id). */
function holdsKind(
  id: string,
  label: string,
  filter: (target: ListingTarget) => HoldFilter,
): QueryKind {
  let cursor: HoldCursor | null = null;
  return {
    id,
    label,
    async prepare(target) {
      const t = listingsTables(target.version);
      const f = filter(target);
      const { rows } = await target.pool.query<{ expires_ms: string; pending_id: string }>(
        `WITH h AS (SELECT expires_ms, pending_id FROM ${t.holds}
                     WHERE ledger_id = $1 AND ($2::text IS NULL OR status = $2)
                       AND ($3::bigint IS NULL OR expires_ms >= $3)
                       AND ($4::bigint IS NULL OR expires_ms < $4))
         SELECT expires_ms::text, pending_id FROM h ORDER BY expires_ms, pending_id
         OFFSET (SELECT floor(count(*) * ${DEEP}) FROM h) LIMIT 1`,
        [target.ledgerId, f.status ?? null, f.expiresFromMs ?? null, f.expiresToMs ?? null],
      );
      const row = rows[0];
      cursor =
        row === undefined ? null : { expiresMs: Number(row.expires_ms), pendingId: row.pending_id };
    },
    async run(target, deep) {
      const { rows } = await holdsPage(target.pool, {
        version: target.version,
        ledgerId: target.ledgerId,
        filter: filter(target),
        after: deep ? cursor : null,
        limit: target.limit,
      });
      await head(target);
      return rows.length;
    },
  };
}

const nth = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;

export const QUERY_KINDS: readonly QueryKind[] = [
  {
    id: "ledgers",
    label: "ledgers",
    async run(target, deep) {
      const ids = [...target.ledgerIds].sort();
      const { rows } = await ledgersPage(target.pool, {
        version: target.version,
        ledgerIds: null,
        after: deep ? (ids[Math.floor(ids.length * DEEP)] ?? null) : null,
        limit: target.limit,
      });
      return rows.length;
    },
  },
  accountsKind("accountsById", "accounts by id", () => ({})),
  byBalanceKind(),
  accountsKind("accountsByType", "accounts, type=liability", () => ({ type: "liability" })),
  accountsKind("accountsBySectorCountry", "accounts, sector+country", (t, i) => ({
    attributes: { sector: nth(t.sectors, i), country: nth(t.countries, i * 7 + 3) },
  })),
  accountsKind("accountsByMetadata", "accounts, metadata.segment", () => ({
    metadata: { segment: "private" },
  })),
  accountsKind(
    "accountsByIdPrefix",
    "accounts, idPrefix=cust:0",
    () => ({ idPrefix: "cust:0" }),
    (t) => Math.floor(Math.min(t.accounts, 10 ** (t.accountId(0).length - 11)) * DEEP),
  ),
  entriesKind("entriesNewest", "entries newest", () => ({})),
  entriesKind("entriesOldest", "entries oldest", () => ({}), true),
  entriesKind("entriesByHotAccount", "entries, clearing account", (t) => ({
    accountId: t.clearingAccount,
  })),
  entriesKind("entriesByAccount", "entries, customer account", (t, i) => ({
    accountId: t.accountId((i * 7_919) % t.accounts),
  })),
  entriesKind("entriesByKind", "entries, kind=reversal|pending", (_, i) => ({
    kind: i % 2 === 0 ? "reversal" : "pending",
  })),
  entriesKind("entriesByPastEffective", "entries, effective 60..30 days back", (t) => ({
    effectiveFromMs: t.runFromMs - 60 * DAY_MS,
    effectiveToMs: t.runFromMs - 30 * DAY_MS,
  })),
  entriesKind("entriesByRunEffective", "entries, effective the run's day", (t) => ({
    effectiveFromMs: t.runFromMs - DAY_MS / 2,
    effectiveToMs: t.runToMs + DAY_MS / 2,
  })),
  entriesKind("entriesByMetadata", "entries, metadata.channel=branch", () => ({
    metadata: { channel: "branch" },
  })),
  entriesKind("entriesByAmount", "entries, EUR 100.00..1,000.00", () => ({
    currency: "EUR",
    amountMin: 10_000n,
    amountMax: 100_000n,
  })),
  entriesKind("entriesByActor", "entries, actor", (t, i) => ({ actor: nth(t.actors, i) })),
  holdsKind("pendingOpen", "pending, status=open", () => ({ status: "open" })),
  holdsKind("pendingExpiryWindow", "pending, expires in 1..8 days", (t) => ({
    expiresFromMs: t.runToMs + DAY_MS,
    expiresToMs: t.runToMs + 8 * DAY_MS,
  })),
];

export interface KindRun {
  readonly kind: QueryKind;
  readonly first: Samples;
  readonly deep: Samples;
  /** Rows of the last first and deep page (a sanity check: an empty page measures nothing). */
  firstRows: number;
  deepRows: number;
}

/** Each kind in turn: `count` first pages, then `count` deep pages (at most `budgetMs` each). */
export async function timeKinds(
  target: ListingTarget,
  count: number,
  budgetMs: number,
): Promise<KindRun[]> {
  const runs: KindRun[] = [];
  for (const kind of QUERY_KINDS) {
    await kind.prepare?.(target);
    const run: KindRun = {
      kind,
      first: new Samples(),
      deep: new Samples(),
      firstRows: 0,
      deepRows: 0,
    };
    for (const deep of [false, true]) {
      const samples = deep ? run.deep : run.first;
      for (let i = 0; i < 3; i += 1) await kind.run(target, deep, i); // warm-up, not counted
      const started = performance.now();
      for (let i = 0; i < count && performance.now() - started < budgetMs; i += 1) {
        const sent = performance.now();
        const rows = await kind.run(target, deep, i);
        samples.add(performance.now() - sent);
        if (deep) run.deepRows = rows;
        else run.firstRows = rows;
      }
    }
    runs.push(run);
  }
  return runs;
}

/** Runs one query of `kind` with every statement under EXPLAIN (ANALYZE, BUFFERS); the plans. */
export async function explainKind(
  target: ListingTarget,
  kind: QueryKind,
  deep: boolean,
): Promise<string> {
  const plans: string[] = [];
  // Queries run through a pooled client in a transaction with the listings' planner settings
  // (listingsQueries.ts): each statement but the transaction control is explained there.
  const explained = async (on: pg.Pool | pg.PoolClient, text: string, values?: unknown[]) => {
    if (/^\s*(BEGIN|COMMIT|ROLLBACK|SET)/i.test(text)) return on.query(text, values);
    const plan = await on.query<{ "QUERY PLAN": string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
      values,
    );
    const lines = plan.rows.map((row) => row["QUERY PLAN"]).join("\n");
    plans.push(
      `${text.replace(/\s+/g, " ").trim()}\n  params ${JSON.stringify(values, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}\n${lines}`,
    );
    return on.query(text, values);
  };
  const explaining = {
    query: (text: string, values?: unknown[]) => explained(target.pool, text, values),
    connect: async () => {
      const client = await target.pool.connect();
      // The client's events and release as they are, each query explained first.
      return {
        query: (text: string, values?: unknown[]) => explained(client, text, values),
        on: client.on.bind(client),
        off: client.off.bind(client),
        release: client.release.bind(client),
      };
    },
  } as unknown as pg.Pool;
  await kind.run({ ...target, pool: explaining }, deep, 0);
  return plans.join("\n\n");
}

/** The listings rows of the bench ledger, by kind, for the printed table. */
export async function listingRowCounts(
  pool: pg.Pool,
  version: number,
  ledgerId: string,
): Promise<string> {
  const t = listingsTables(version);
  const { rows } = await pool.query<{ kind: string; n: string }>(
    `SELECT kind, count(*)::text AS n FROM ${t.entries} WHERE ledger_id = $1 GROUP BY kind
     UNION ALL SELECT 'postings', count(*)::text FROM ${t.postings} WHERE ledger_id = $1
     UNION ALL SELECT 'holds ' || status, count(*)::text FROM ${t.holds} WHERE ledger_id = $1
      GROUP BY status ORDER BY 1`,
    [ledgerId],
  );
  return rows.map((row) => `${row.kind} ${Number(row.n).toLocaleString("en-US")}`).join(", ");
}

/** One kind's line of the printed table: p50 / p99 of the first and the deep page. */
export function kindRow(run: KindRun): [string, string] {
  const part = (samples: Samples, rows: number) =>
    `${samples.percentile(50).toFixed(2)} / ${samples.percentile(99).toFixed(2)} ms (${samples.count} x ${rows} rows)`;
  return [
    `  ${run.kind.label}`,
    `first ${part(run.first, run.firstRows)}; deep ${part(run.deep, run.deepRows)}`,
  ];
}
