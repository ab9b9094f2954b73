// The listings read model: what the list and search routes page through (ledgers, accounts
// with their current balances, entries with their postings, holds with their status); tables
// in listingsTables.ts, queries in listingsQueries.ts. A batch is turned into rows in memory
// (listingsBatch.ts) and written with one statement per table (listingsWrites.ts); the only
// read before writing is the postings of holds pended in an earlier batch and resolved now.
import type { PoolClient } from "pg";
import { z } from "zod";
import { recordedPostingSchema, type RecordedPosting } from "../../schemas/index.js";
import { dropTables, ledgerKey, type ProjectedEvent, type Projection } from "../projection.js";
import { heldPostingsNeeded, ListingsBatch } from "./listingsBatch.js";
import {
  ATTRIBUTE_COLUMNS,
  LISTINGS_LAYOUT,
  LISTINGS_PROJECTION_NAME,
  listingsSetupSql,
  listingsTables,
  type ListingsTables,
} from "./listingsTables.js";
import { writeListingsBatch } from "./listingsWrites.js";

export {
  ATTRIBUTE_COLUMNS,
  LISTINGS_LAYOUT,
  LISTINGS_PROJECTION_NAME,
  listingsTables,
  type ListingsTables,
};

const heldRowSchema = z.object({
  ledger_id: z.string(),
  pending_id: z.string(),
  postings: z.array(recordedPostingSchema),
});

async function loadHeldPostings(
  client: PoolClient,
  t: ListingsTables,
  events: readonly ProjectedEvent[],
): Promise<Map<string, readonly RecordedPosting[]>> {
  const needed = heldPostingsNeeded(events);
  const held = new Map<string, readonly RecordedPosting[]>();
  if (needed.length === 0) return held;
  const { rows } = await client.query(
    `SELECT h.ledger_id, h.pending_id, h.postings
       FROM unnest($1::text[], $2::text[]) AS k(ledger_id, pending_id)
       JOIN ${t.holds} h ON h.ledger_id = k.ledger_id AND h.pending_id = k.pending_id`,
    [needed.map((k) => k.ledgerId), needed.map((k) => k.pendingId)],
  );
  for (const raw of rows) {
    const row = heldRowSchema.parse(raw);
    held.set(ledgerKey(row.ledger_id, row.pending_id), row.postings);
  }
  return held;
}

/** The listings projection (name "listings") at `version`; its tables are listingsTables(version). */
export function listingsProjection(version = 1): Projection {
  const tables = listingsTables(version);
  return {
    name: LISTINGS_PROJECTION_NAME,
    version,
    layout: LISTINGS_LAYOUT,
    async setup(client: PoolClient): Promise<void> {
      await client.query(listingsSetupSql(tables));
    },
    async apply(client: PoolClient, events: readonly ProjectedEvent[]): Promise<void> {
      if (events.length === 0) return;
      const batch = new ListingsBatch(await loadHeldPostings(client, tables, events));
      for (const { ledgerId, event } of events) batch.apply(ledgerId, event);
      await writeListingsBatch(client, tables, batch);
    },
    async drop(client: PoolClient): Promise<void> {
      await dropTables(client, Object.values(tables));
    },
  };
}
