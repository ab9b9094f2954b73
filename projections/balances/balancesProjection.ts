// The balances read model: per account its counters after every event in recorded order
// (history) and in effective order (effective), its opening, open holds, and per ledger the
// head and a sparse recorded-time journal, so that balanceQueries.ts answers any as-of
// question with indexed reads (tables: balancesTables.ts).
//
// A batch is applied in memory (balancesBatch.ts) from the accounts and ledger heads this
// projection keeps cached between batches (the runner gives it one version exclusively),
// loading only what is not cached, then written with one multi-row statement per table
// (balancesWrites.ts). Costs: per balance event, one history row and one effective row per
// account it changes; a BACKDATED event (effective before one already applied to that
// account) also rewrites that account's effective rows after it.
import type { PoolClient } from "pg";
import { z } from "zod";
import { zeroCounters } from "../../ledger-core/index.js";
import { accountTypeSchema, recordedPostingSchema } from "../../schemas/index.js";
import {
  dropTables,
  ledgerKey,
  type PreparedBatch,
  type ProjectedEvent,
  type Projection,
} from "../projection.js";
import {
  BalancesBatch,
  BalancesCache,
  inMemory,
  needsOf,
  type AccountState,
  type HeadState,
} from "./balancesBatch.js";
import {
  BALANCES_LAYOUT,
  BALANCES_PROJECTION_NAME,
  balancesSetupSql,
  balancesTables,
  type BalancesTables,
} from "./balancesTables.js";
import { historyLines, writeBatch } from "./balancesWrites.js";

export { BALANCES_LAYOUT, BALANCES_PROJECTION_NAME, balancesTables, type BalancesTables };

const headRowSchema = z.object({
  ledger_id: z.string(),
  last_sequence: z.string(),
  last_recorded_at: z.date(),
  created_at: z.date(),
});

const holdRowSchema = z.object({
  ledger_id: z.string(),
  pending_id: z.string(),
  sequence: z.string(),
  effective_at: z.date(),
  postings: z.array(recordedPostingSchema),
});

const accountRowSchema = z.object({
  ledger_id: z.string(),
  account_id: z.string(),
  account_key: z.string(),
  currency: z.string(),
  account_type: accountTypeSchema,
  opened_sequence: z.string(),
  last_sequence: z.string().nullable(),
  max_effective_ms: z.string().nullable(),
  posted_debits: z.string().nullable(),
  posted_credits: z.string().nullable(),
  pending_debits: z.string().nullable(),
  pending_credits: z.string().nullable(),
});

async function loadHeads(
  client: PoolClient,
  t: BalancesTables,
  ledgerIds: readonly string[],
): Promise<Map<string, HeadState>> {
  const heads = new Map<string, HeadState>();
  if (ledgerIds.length === 0) return heads;
  const { rows } = await client.query(
    `SELECT ledger_id, last_sequence::text, last_recorded_at, created_at FROM ${t.heads}
      WHERE ledger_id = ANY($1::text[])`,
    [ledgerIds],
  );
  for (const raw of rows) {
    const row = headRowSchema.parse(raw);
    heads.set(row.ledger_id, {
      lastSequence: Number(row.last_sequence),
      recordedMs: row.last_recorded_at.getTime(),
      createdMs: row.created_at.getTime(),
    });
  }
  return heads;
}

/** Accounts not cached: their opening and their last history row (their counters now). */
async function loadAccounts(
  client: PoolClient,
  t: BalancesTables,
  keys: readonly { ledgerId: string; accountId: string }[],
): Promise<AccountState[]> {
  if (keys.length === 0) return [];
  const { rows } = await client.query(
    `SELECT a.ledger_id, a.account_id, a.account_key::text AS account_key, a.currency,
            a.account_type, a.opened_sequence::text AS opened_sequence,
            h.sequence::text AS last_sequence,
            h.max_effective_ms::text, h.posted_debits::text, h.posted_credits::text,
            h.pending_debits::text, h.pending_credits::text
       FROM unnest($1::text[], $2::text[]) AS k(ledger_id, account_id)
       JOIN ${t.accounts} a ON a.ledger_id = k.ledger_id AND a.account_id = k.account_id
       LEFT JOIN LATERAL (
         SELECT * FROM ${t.history} x WHERE x.account_key = a.account_key
          ORDER BY x.sequence DESC LIMIT 1) h ON true`,
    [keys.map((k) => k.ledgerId), keys.map((k) => k.accountId)],
  );
  return rows.map((raw: unknown): AccountState => {
    const row = accountRowSchema.parse(raw);
    const counters = zeroCounters();
    if (row.last_sequence !== null) {
      counters.postedDebits = BigInt(row.posted_debits ?? "0");
      counters.postedCredits = BigInt(row.posted_credits ?? "0");
      counters.pendingDebits = BigInt(row.pending_debits ?? "0");
      counters.pendingCredits = BigInt(row.pending_credits ?? "0");
    }
    return {
      ledgerId: row.ledger_id,
      accountId: row.account_id,
      accountKey: Number(row.account_key),
      currency: row.currency,
      accountType: row.account_type,
      openedSequence: Number(row.opened_sequence),
      counters,
      maxEffectiveMs: row.max_effective_ms === null ? null : Number(row.max_effective_ms),
      lastSequence: Number(row.last_sequence ?? row.opened_sequence),
    };
  });
}

/** A batch with everything it needs in memory: cached, or loaded now in three reads. */
async function prepareBatch(
  client: PoolClient,
  t: BalancesTables,
  cache: BalancesCache,
  events: readonly ProjectedEvent[],
): Promise<BalancesBatch> {
  const batch = new BalancesBatch(cache);
  const needs = needsOf(events);
  const accountKeys = new Map(needs.accounts.map((k) => [ledgerKey(k.ledgerId, k.accountId), k]));
  if (needs.holds.length > 0) {
    const { rows } = await client.query(
      `SELECT h.ledger_id, h.pending_id, h.sequence::text, h.effective_at, h.postings
         FROM unnest($1::text[], $2::text[]) AS k(ledger_id, pending_id)
         JOIN ${t.holds} h ON h.ledger_id = k.ledger_id AND h.pending_id = k.pending_id`,
      [needs.holds.map((k) => k.ledgerId), needs.holds.map((k) => k.pendingId)],
    );
    for (const raw of rows) {
      const row = holdRowSchema.parse(raw);
      batch.loadedHold(row.ledger_id, row.pending_id, {
        postings: row.postings,
        sequence: Number(row.sequence),
        effectiveMs: row.effective_at.getTime(),
      });
      for (const { accountId } of row.postings) {
        accountKeys.set(ledgerKey(row.ledger_id, accountId), {
          ledgerId: row.ledger_id,
          accountId,
        });
      }
    }
  }
  const missingAccounts = [...accountKeys].filter(([key]) => !cache.accounts.has(key));
  const missingHeads = needs.ledgerIds.filter((ledgerId) => !cache.heads.has(ledgerId));
  batch.loaded(
    await loadAccounts(
      client,
      t,
      missingAccounts.map(([, k]) => k),
    ),
    await loadHeads(client, t, missingHeads),
  );
  return batch;
}

/** The balances projection (name "balances") at `version`; its tables are balancesTables(version). */
export function balancesProjection(version = 1): Projection {
  const tables = balancesTables(version);
  const cache = new BalancesCache();
  let applied: BalancesBatch | null = null;
  /** The last batch prepare()d whose transaction has not committed yet. */
  let ahead: BalancesBatch | null = null;
  return {
    name: BALANCES_PROJECTION_NAME,
    version,
    layout: BALANCES_LAYOUT,
    async setup(client: PoolClient): Promise<void> {
      applied = null;
      ahead = null;
      await client.query(balancesSetupSql(tables));
      const { rows } = await client.query<{ next: string; empty: boolean }>(
        `SELECT (coalesce(max(account_key), 0) + 1)::text AS next,
                NOT EXISTS (SELECT FROM ${tables.heads}) AS empty
           FROM ${tables.accounts}`,
      );
      cache.clear(Number(rows[0]?.next ?? 1), rows[0]?.empty === true);
    },
    prepare(events: readonly ProjectedEvent[]): PreparedBatch | undefined {
      if (events.length === 0 || !inMemory(needsOf(events), cache, ahead)) return undefined;
      const batch = new BalancesBatch(cache, ahead);
      for (const { ledgerId, event } of events) batch.apply(ledgerId, event);
      const lines = historyLines(batch);
      ahead = batch;
      return {
        write: (client) => writeBatch(client, tables, batch, lines),
        committed: () => {
          batch.publish();
          if (ahead === batch) ahead = null;
        },
      };
    },
    async apply(client: PoolClient, events: readonly ProjectedEvent[]): Promise<void> {
      applied = null;
      if (events.length === 0) return;
      const batch = await prepareBatch(client, tables, cache, events);
      for (const { ledgerId, event } of events) batch.apply(ledgerId, event);
      await writeBatch(client, tables, batch);
      applied = batch;
    },
    committed(): void {
      applied?.publish();
      applied = null;
    },
    async drop(client: PoolClient): Promise<void> {
      await dropTables(client, Object.values(tables));
    },
  };
}
