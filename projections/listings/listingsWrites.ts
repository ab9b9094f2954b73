// Writes what one batch of the listings model produced (listingsBatch.ts): entries and their
// postings with COPY (the bulk), the rest with one multi-row statement per table and chunk.
// Counters move by the batch's deltas (UPDATE ... FROM unnest), so the model keeps no account
// state in memory. Every UPDATE must find each of its rows: a missing account or hold means
// the model and the journal disagree, which stops the projection (poison) instead of hiding it.
import type { PoolClient } from "pg";
import { assert } from "../../ledger-core/index.js";
import { chunks, COPY_NULL, copyLines, copyText } from "../copyRows.js";
import { attributeValues, type ListingsBatch } from "./listingsBatch.js";
import { ATTRIBUTE_COLUMNS, type ListingsTables } from "./listingsTables.js";

const ATTRIBUTE_LIST = ATTRIBUTE_COLUMNS.join(", ");
const column = <T, V>(rows: readonly T[], of: (row: T) => V): V[] => rows.map(of);
const attributeArrays = (rows: readonly { attributes: Parameters<typeof attributeValues>[0] }[]) =>
  ATTRIBUTE_COLUMNS.map((_, index) => rows.map((row) => attributeValues(row.attributes)[index]));

async function writeLedgers(client: PoolClient, t: ListingsTables, batch: ListingsBatch) {
  for (const chunk of chunks(batch.ledgers)) {
    await client.query(
      `INSERT INTO ${t.ledgers} (ledger_id, name, reporting_currency, assets, created_at,
                                 last_sequence, last_hash, last_recorded_at)
       SELECT l, n, c, a::jsonb, t, -1, '', t
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
              AS u(l, n, c, a, t)`,
      [
        column(chunk, (r) => r.ledgerId),
        column(chunk, (r) => r.name),
        column(chunk, (r) => r.reportingCurrency),
        column(chunk, (r) => r.assets),
        column(chunk, (r) => r.createdAt),
      ],
    );
  }
  const heads = [...batch.heads];
  for (const chunk of chunks(heads)) {
    const { rowCount } = await client.query(
      `UPDATE ${t.ledgers} g SET last_sequence = u.s, last_hash = u.h, last_recorded_at = u.t
         FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[]) AS u(l, s, h, t)
        WHERE g.ledger_id = u.l`,
      [
        column(chunk, ([id]) => id),
        column(chunk, ([, h]) => h.lastSequence),
        column(chunk, ([, h]) => h.lastHash),
        column(chunk, ([, h]) => h.lastRecordedAt),
      ],
    );
    assert(rowCount === chunk.length, "every ledger of a batch was created before");
  }
}

async function writeOpenedAccounts(client: PoolClient, t: ListingsTables, batch: ListingsBatch) {
  for (const chunk of chunks([...batch.openedAccounts.values()])) {
    const attributes = attributeArrays(chunk);
    const params: unknown[] = [
      column(chunk, (r) => r.ledgerId),
      column(chunk, (r) => r.accountId),
      column(chunk, (r) => r.currency),
      column(chunk, (r) => r.accountType),
      column(chunk, (r) => r.status),
      column(chunk, (r) => r.flags),
      column(chunk, (r) => r.metadata),
      column(chunk, (r) => r.version),
      column(chunk, (r) => r.openedSequence),
      ...attributes,
    ];
    const attributeParams = ATTRIBUTE_COLUMNS.map((_, i) => `$${10 + i}::text[]`).join(", ");
    await client.query(
      `INSERT INTO ${t.accounts} (ledger_id, account_id, currency, account_type,
                                  status, flags, metadata, version, opened_sequence, ${ATTRIBUTE_LIST})
       SELECT l, a, c, ty, st, f::jsonb, m::jsonb, v, s, ${ATTRIBUTE_LIST}
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                     $6::text[], $7::text[], $8::integer[], $9::bigint[], ${attributeParams})
              AS u(l, a, c, ty, st, f, m, v, s, ${ATTRIBUTE_LIST})`,
      params,
    );
    await client.query(
      `INSERT INTO ${t.balances} (ledger_id, account_id, debit_normal)
       SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[])`,
      [
        column(chunk, (r) => r.ledgerId),
        column(chunk, (r) => r.accountId),
        column(chunk, (r) => r.debitNormal),
      ],
    );
  }
}

async function writeAccountChanges(client: PoolClient, t: ListingsTables, batch: ListingsBatch) {
  for (const chunk of chunks([...batch.accountChanges.values()])) {
    const attributes = ATTRIBUTE_COLUMNS.map((_, index) =>
      chunk.map((r) => (r.attributes === undefined ? null : attributeValues(r.attributes)[index])),
    );
    const sets = ATTRIBUTE_COLUMNS.map((c) => `${c} = CASE WHEN u.ha THEN u.${c} ELSE x.${c} END`);
    const attributeParams = ATTRIBUTE_COLUMNS.map((_, i) => `$${7 + i}::text[]`).join(", ");
    const { rowCount } = await client.query(
      `UPDATE ${t.accounts} x SET ${sets.join(", ")},
              metadata = coalesce(u.m::jsonb, x.metadata), version = coalesce(u.v, x.version),
              status = CASE WHEN u.cl THEN 'closed' ELSE x.status END
         FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::integer[],
                     $6::boolean[], ${attributeParams}) AS u(l, a, ha, m, v, cl, ${ATTRIBUTE_LIST})
        WHERE x.ledger_id = u.l AND x.account_id = u.a`,
      [
        column(chunk, (r) => r.ledgerId),
        column(chunk, (r) => r.accountId),
        column(chunk, (r) => r.attributes !== undefined),
        column(chunk, (r) => r.metadata ?? null),
        column(chunk, (r) => r.version ?? null),
        column(chunk, (r) => r.closed === true),
        ...attributes,
      ],
    );
    assert(rowCount === chunk.length, "every account a batch changes was opened before");
  }
}

async function writeCounters(client: PoolClient, t: ListingsTables, batch: ListingsBatch) {
  for (const chunk of chunks([...batch.deltas.values()])) {
    const { rowCount } = await client.query(
      `UPDATE ${t.balances} x
          SET posted_debits = x.posted_debits + u.pd, posted_credits = x.posted_credits + u.pc,
              pending_debits = x.pending_debits + u.nd, pending_credits = x.pending_credits + u.nc,
              balance = CASE WHEN x.debit_normal
                             THEN (x.posted_debits + u.pd) - (x.posted_credits + u.pc)
                             ELSE (x.posted_credits + u.pc) - (x.posted_debits + u.pd) END
         FROM unnest($1::text[], $2::text[], $3::numeric[], $4::numeric[], $5::numeric[],
                     $6::numeric[]) AS u(l, a, pd, pc, nd, nc)
        WHERE x.ledger_id = u.l AND x.account_id = u.a`,
      [
        column(chunk, (d) => d.ledgerId),
        column(chunk, (d) => d.accountId),
        column(chunk, (d) => d.postedDebits.toString()),
        column(chunk, (d) => d.postedCredits.toString()),
        column(chunk, (d) => d.pendingDebits.toString()),
        column(chunk, (d) => d.pendingCredits.toString()),
      ],
    );
    assert(rowCount === chunk.length, "every account a batch posts to was opened before");
  }
}

const orNull = (value: string | number | null): string =>
  value === null ? COPY_NULL : typeof value === "number" ? String(value) : copyText(value);

async function writeEntries(client: PoolClient, t: ListingsTables, batch: ListingsBatch) {
  if (batch.entries.length > 0) {
    await copyLines(
      client,
      t.entries,
      [
        "ledger_id",
        "sequence",
        "entry_id",
        "kind",
        "effective_ms",
        "recorded_ms",
        "actor",
        "description",
        "metadata",
        "reversal_of",
        "expires_ms",
        "rejection",
      ],
      batch.entries.map(
        (e) =>
          `${copyText(e.ledgerId)}\t${e.sequence}\t${e.entryId}\t${e.kind}\t${e.effectiveMs}\t${e.recordedMs}\t${copyText(e.actor)}\t${copyText(e.description)}\t${copyText(e.metadata)}\t${orNull(e.reversalOf)}\t${orNull(e.expiresMs)}\t${orNull(e.rejection)}\n`,
      ),
    );
  }
  if (batch.postings.length > 0) {
    await copyLines(
      client,
      t.postings,
      ["ledger_id", "sequence", "line", "account_id", "side", "amount", "currency"],
      batch.postings.map(
        (p) =>
          `${copyText(p.ledgerId)}\t${p.sequence}\t${p.line}\t${p.accountId}\t${p.side}\t${p.amount}\t${p.currency}\n`,
      ),
    );
  }
}

async function writeHolds(client: PoolClient, t: ListingsTables, batch: ListingsBatch) {
  for (const chunk of chunks([...batch.newHolds.values()])) {
    await client.query(
      `INSERT INTO ${t.holds} (ledger_id, pending_id, sequence, status, effective_ms, expires_ms,
                               resolved_sequence, postings)
       SELECT l, p, s, st, e, x, r, j::jsonb
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[],
                     $6::bigint[], $7::bigint[], $8::text[]) AS u(l, p, s, st, e, x, r, j)`,
      [
        column(chunk, (h) => h.ledgerId),
        column(chunk, (h) => h.pendingId),
        column(chunk, (h) => h.sequence),
        column(chunk, (h) => h.status),
        column(chunk, (h) => h.effectiveMs),
        column(chunk, (h) => h.expiresMs),
        column(chunk, (h) => h.resolvedSequence),
        column(chunk, (h) => JSON.stringify(h.postings)),
      ],
    );
  }
  for (const chunk of chunks([...batch.resolutions.values()])) {
    const { rowCount } = await client.query(
      `UPDATE ${t.holds} h SET status = u.st, resolved_sequence = u.r
         FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS u(l, p, st, r)
        WHERE h.ledger_id = u.l AND h.pending_id = u.p AND h.status = 'open'`,
      [
        column(chunk, (r) => r.ledgerId),
        column(chunk, (r) => r.pendingId),
        column(chunk, (r) => r.status),
        column(chunk, (r) => r.resolvedSequence),
      ],
    );
    assert(rowCount === chunk.length, "every hold a batch resolves is open");
  }
}

/** All of a batch's writes, inside the runtime's transaction, in dependency order. */
export async function writeListingsBatch(
  client: PoolClient,
  t: ListingsTables,
  batch: ListingsBatch,
): Promise<void> {
  await writeLedgers(client, t, batch);
  await writeOpenedAccounts(client, t, batch);
  await writeAccountChanges(client, t, batch);
  await writeCounters(client, t, batch);
  await writeEntries(client, t, batch);
  await writeHolds(client, t, batch);
}
