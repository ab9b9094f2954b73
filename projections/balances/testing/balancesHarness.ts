// What the balances specs share: a fresh database with one balances projection set up, a way
// to apply a history's events in batches of chosen sizes (as the runtime does: one
// transaction each, committed() after it), fresh ledger ids, and assertions on trial balances.
import pg from "pg";
import { expect } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../event-store/index.js";
import type { Counters } from "../../../ledger-core/index.js";
import type { JournalEvent } from "../../../schemas/index.js";
import type { ProjectedEvent } from "../../projection.js";
import type { AccountBalance, TrialBalance } from "../balanceQueries.js";
import { balancesProjection } from "../balancesProjection.js";

export interface BalancesHarness {
  readonly pool: pg.Pool;
  freshLedgerId(): string;
  /** Applies `events` in batches of the given sizes (cycled), in one or many transactions. */
  project(
    ledgerId: string,
    events: readonly JournalEvent[],
    sizes?: readonly number[],
    oneTransaction?: boolean,
  ): Promise<void>;
  close(): Promise<void>;
}

export async function openBalancesHarness(): Promise<BalancesHarness> {
  const database: TestDatabase = await createTestDatabase("folio_balances");
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const projection = balancesProjection(1);
  let ledgerCounter = 0;
  const inTransaction = async (work: (client: pg.PoolClient) => Promise<void>) => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await work(client);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    } finally {
      client.release();
    }
  };
  await inTransaction((client) => projection.setup(client));
  return {
    pool,
    freshLedgerId: () => `ledger-${++ledgerCounter}`,
    async project(ledgerId, events, sizes = [events.length], oneTransaction = false) {
      const all: ProjectedEvent[] = events.map((event) => ({
        ledgerId,
        position: String(event.metadata.sequence),
        event,
      }));
      const batches: ProjectedEvent[][] = [];
      for (let i = 0, n = 0; i < all.length; n++) {
        const size = Math.max(1, sizes[n % sizes.length] ?? all.length);
        batches.push(all.slice(i, i + size));
        i += size;
      }
      // As the runtime does: committed() after each apply that stays committed.
      if (oneTransaction) {
        await inTransaction(async (client) => {
          for (const batch of batches) {
            await projection.apply(client, batch);
            projection.committed?.();
          }
        });
        return;
      }
      for (const batch of batches) {
        await inTransaction((client) => projection.apply(client, batch));
        projection.committed?.();
      }
    },
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}

export const countersOf = (c: Counters): Counters => ({
  postedDebits: c.postedDebits,
  postedCredits: c.postedCredits,
  pendingDebits: c.pendingDebits,
  pendingCredits: c.pendingCredits,
});

export function rowsOf(trial: TrialBalance): Map<string, AccountBalance> {
  return new Map(trial.currencies.flatMap((c) => c.accounts.map((a) => [a.accountId, a])));
}

/** Per currency: posted debits equal credits, debit balances equal credit balances. */
export function expectSumsToZero(trial: TrialBalance): void {
  for (const currency of trial.currencies) {
    expect(currency.postedDebits).toBe(currency.postedCredits);
    expect(currency.debitBalances).toBe(currency.creditBalances);
    expect(currency.pendingDebits).toBe(currency.pendingCredits);
    const net = currency.accounts.reduce((sum, a) => sum + a.postedDebits - a.postedCredits, 0n);
    expect(net).toBe(0n);
  }
}
