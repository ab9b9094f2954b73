// The listings projection against the core: generated histories (every command kind, invalid
// and edge commands included: rejected entries, partial posts, voids, expiries, reversals,
// account updates and closes) are decided and evolved by the core, their events applied to a
// real PostgreSQL listings model in batches of generated sizes, and every account row
// (counters, balance, status, version, attributes, metadata), every entry row and every hold
// row must equal what the core's state says.
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../event-store/index.js";
import { balanceOf } from "../../ledger-core/index.js";
import { playHistory } from "../../ledger-core/testing/historyRunner.js";
import { historyArbitrary } from "../../ledger-core/testing/ledgerArbitraries.js";
import type { JournalEvent } from "../../schemas/index.js";
import { inTransaction } from "../transaction.js";
import { listingsProjection } from "./listingsProjection.js";
import {
  accountsPage,
  entriesPage,
  holdsPage,
  type AccountListRow,
  type EntryListRow,
  type HoldListRow,
} from "./listingsQueries.js";

const NUM_RUNS = Number(process.env.LISTINGS_PROPERTY_RUNS ?? 60);
let database: TestDatabase;
let pool: pg.Pool;
const projection = listingsProjection(1);
let ledgers = 0;

async function project(ledgerId: string, events: readonly JournalEvent[], sizes: number[]) {
  let at = 0;
  for (let batch = 0; at < events.length; batch += 1) {
    const size = sizes[batch % sizes.length] ?? 1;
    const slice = events.slice(at, at + size).map((event, index) => ({
      ledgerId,
      position: String(at + index),
      event,
    }));
    at += size;
    await inTransaction(pool, (client) => projection.apply(client, slice));
  }
}

/** Every row of a listing, 200 at a time. */
async function everything<Row>(
  read: (after: Row | null) => Promise<{ rows: Row[]; more: boolean }>,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (let last: Row | null = null; ;) {
    const page = await read(last);
    rows.push(...page.rows);
    last = page.rows[page.rows.length - 1] ?? null;
    if (!page.more) return rows;
  }
}

beforeAll(async () => {
  database = await createTestDatabase("folio_listings");
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const client = await pool.connect();
  await projection.setup(client);
  client.release();
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe("listings projection", () => {
  it("holds what the core's state holds, whatever the batch sizes", async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary,
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 5 }),
        async (steps, sizes) => {
          const run = playHistory(steps);
          const ledgerId = `l${(ledgers += 1)}`;
          await project(ledgerId, run.events, sizes);
          const version = 1;
          const accounts = await everything<AccountListRow>((after) =>
            accountsPage(pool, {
              version,
              ledgerId,
              filter: {},
              sort: "id",
              after: after === null ? null : { accountId: after.account_id },
              limit: 200,
            }),
          );
          expect(accounts.map((a) => a.account_id)).toEqual([...run.state.accounts.keys()].sort());
          for (const row of accounts) {
            const account = run.state.accounts.get(row.account_id);
            if (account === undefined) throw new Error(`no account ${row.account_id}`);
            expect({
              postedDebits: BigInt(row.posted_debits),
              postedCredits: BigInt(row.posted_credits),
              pendingDebits: BigInt(row.pending_debits),
              pendingCredits: BigInt(row.pending_credits),
              balance: BigInt(row.balance),
              status: row.status,
              version: row.version,
              metadata: row.metadata,
              sector: row.sector,
            }).toEqual({
              postedDebits: account.postedDebits,
              postedCredits: account.postedCredits,
              pendingDebits: account.pendingDebits,
              pendingCredits: account.pendingCredits,
              balance: balanceOf(account.accountType, account),
              status: account.status,
              version: account.version,
              metadata: account.metadata,
              sector: account.attributes.sector ?? null,
            });
          }
          const entries = await everything<EntryListRow>((after) =>
            entriesPage(pool, {
              version,
              ledgerId,
              filter: {},
              newestFirst: false,
              afterSequence: after === null ? null : Number(after.sequence),
              limit: 200,
            }),
          );
          const records = [...run.state.entries.values()].sort((a, b) => a.sequence - b.sequence);
          expect(entries.map((e) => [e.entry_id, Number(e.sequence)])).toEqual(
            records.map((r) => [r.entryId, r.sequence]),
          );
          for (const row of entries) {
            const record = run.state.entries.get(row.entry_id);
            const kind = record?.reversalOf == null ? record?.kind : "reversal";
            expect([row.kind, Number(row.effective_ms)]).toEqual([kind, record?.effectiveAtMs]);
          }
          const holds = await everything<HoldListRow>((after) =>
            holdsPage(pool, {
              version,
              ledgerId,
              filter: {},
              after:
                after === null
                  ? null
                  : { expiresMs: Number(after.expires_ms), pendingId: after.pending_id },
              limit: 200,
            }),
          );
          const expected = records.filter((r) => r.hold !== null);
          expect(holds.map((h) => [h.pending_id, h.status]).sort()).toEqual(
            expected.map((r) => [r.entryId, r.hold?.status]).sort(),
          );
        },
      ),
      { numRuns: NUM_RUNS },
    );
  }, 300_000);
});
