// The connectors' tables in PostgreSQL (the `connectors` MigrationSet) and every SQL statement
// of the NATS publisher on them: its checkpoint (one row per publisher name: the global
// position published through, and the JetStream sequence of the last message it committed)
// and its own balances (per account, as of that checkpoint), both written in one transaction.
import type pg from "pg";
import { z } from "zod";
import type { MigrationSet } from "../../event-store/index.js";
import { START_POSITION, type Counters } from "../../ledger-core/index.js";

export const CONNECTOR_MIGRATIONS: MigrationSet = {
  component: "connectors",
  migrations: [
    {
      version: 1,
      name: "publisher_checkpoints_and_balances",
      sql: `
CREATE TABLE publisher_checkpoints (
  name             text PRIMARY KEY,
  position         text NOT NULL,
  -- The JetStream stream and the sequence of the last message committed here.
  stream           text NOT NULL,
  stream_sequence  bigint NOT NULL DEFAULT 0,
  events_published bigint NOT NULL DEFAULT 0,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE publisher_balances (
  publisher       text NOT NULL,
  ledger_id       text NOT NULL,
  account_id      text NOT NULL,
  currency        text NOT NULL,
  posted_debits   numeric NOT NULL,
  posted_credits  numeric NOT NULL,
  pending_debits  numeric NOT NULL,
  pending_credits numeric NOT NULL,
  PRIMARY KEY (publisher, ledger_id, account_id)
);
`,
    },
  ],
};

type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

export interface PublisherCheckpoint {
  readonly position: string;
  readonly stream: string;
  /** JetStream sequence of the last message committed with this position (0: none). */
  readonly streamSequence: number;
  readonly eventsPublished: number;
}

const checkpointRow = z.object({
  position: z.string(),
  stream: z.string(),
  stream_sequence: z.string(),
  events_published: z.string(),
});

/** The publisher's checkpoint, created at the start of the global order if it has none. */
export async function loadCheckpoint(
  client: Queryable,
  name: string,
  stream: string,
): Promise<PublisherCheckpoint> {
  await client.query(
    `INSERT INTO publisher_checkpoints (name, position, stream) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO NOTHING`,
    [name, START_POSITION, stream],
  );
  const { rows } = await client.query(
    `SELECT position, stream, stream_sequence::text AS stream_sequence,
            events_published::text AS events_published
       FROM publisher_checkpoints WHERE name = $1`,
    [name],
  );
  const row = checkpointRow.parse(rows[0]);
  return {
    position: row.position,
    stream: row.stream,
    streamSequence: Number(row.stream_sequence),
    eventsPublished: Number(row.events_published),
  };
}

/** Counters of one account as the publisher keeps them. */
export interface AccountBalances extends Counters {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly currency: string;
}

const balanceRow = z.object({
  ledger_id: z.string(),
  account_id: z.string(),
  currency: z.string(),
  posted_debits: z.string(),
  posted_credits: z.string(),
  pending_debits: z.string(),
  pending_credits: z.string(),
});

/** The stored balances of these accounts (accounts never touched are absent). */
export async function readBalances(
  client: Queryable,
  publisher: string,
  accounts: readonly { readonly ledgerId: string; readonly accountId: string }[],
): Promise<AccountBalances[]> {
  if (accounts.length === 0) return [];
  const { rows } = await client.query(
    `SELECT ledger_id, account_id, currency, posted_debits::text AS posted_debits,
            posted_credits::text AS posted_credits, pending_debits::text AS pending_debits,
            pending_credits::text AS pending_credits
       FROM publisher_balances
      WHERE publisher = $1
        AND (ledger_id, account_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
    [publisher, accounts.map((a) => a.ledgerId), accounts.map((a) => a.accountId)],
  );
  return rows.map((raw) => {
    const row = balanceRow.parse(raw);
    return {
      ledgerId: row.ledger_id,
      accountId: row.account_id,
      currency: row.currency,
      postedDebits: BigInt(row.posted_debits),
      postedCredits: BigInt(row.posted_credits),
      pendingDebits: BigInt(row.pending_debits),
      pendingCredits: BigInt(row.pending_credits),
    };
  });
}

/** What one committed batch moves: the checkpoint and the balances it changed. */
export interface CheckpointMove {
  readonly name: string;
  readonly stream: string;
  readonly expected: string;
  readonly position: string;
  readonly streamSequence: number;
  readonly events: number;
  readonly balances: readonly AccountBalances[];
}

/**
 * Writes the batch's balances and moves the checkpoint from `expected` (in the caller's
 * transaction); false, writing nothing that stays, when the checkpoint is not at `expected`.
 */
export async function advanceCheckpoint(
  client: pg.PoolClient,
  move: CheckpointMove,
): Promise<boolean> {
  // No wait for the WAL flush: a commit lost in a PostgreSQL crash only moves the checkpoint
  // back, and the stream's last sequence then says those events are published (the publisher
  // commits them again without sending them). Balances roll back with the checkpoint.
  await client.query("SET LOCAL synchronous_commit = off");
  const moved = await client.query(
    `UPDATE publisher_checkpoints
        SET position = $2, stream_sequence = $3, events_published = events_published + $4,
            stream = $6, updated_at = now()
      WHERE name = $1 AND position = $5`,
    [move.name, move.position, move.streamSequence, move.events, move.expected, move.stream],
  );
  if (moved.rowCount !== 1) return false;
  if (move.balances.length === 0) return true;
  const column = (pick: (b: AccountBalances) => string): string[] => move.balances.map(pick);
  await client.query(
    `INSERT INTO publisher_balances AS b (publisher, ledger_id, account_id, currency,
            posted_debits, posted_credits, pending_debits, pending_credits)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[], $6::numeric[],
            $7::numeric[], $8::numeric[])
     ON CONFLICT (publisher, ledger_id, account_id) DO UPDATE
        SET posted_debits = EXCLUDED.posted_debits, posted_credits = EXCLUDED.posted_credits,
            pending_debits = EXCLUDED.pending_debits, pending_credits = EXCLUDED.pending_credits`,
    [
      move.name,
      column((b) => b.ledgerId),
      column((b) => b.accountId),
      column((b) => b.currency),
      column((b) => b.postedDebits.toString()),
      column((b) => b.postedCredits.toString()),
      column((b) => b.pendingDebits.toString()),
      column((b) => b.pendingCredits.toString()),
    ],
  );
  return true;
}

/** The advisory-lock key that makes one instance the active publisher of `name`. */
export function publisherLockKey(name: string): string {
  return `folio:publisher:${name}`;
}
