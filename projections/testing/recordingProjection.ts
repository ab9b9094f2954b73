// Test helpers for the projection runtime: a projection that records every (ledger, sequence)
// it applies in its own table (the primary key makes a double apply fail), and a ledger of
// simple entries written through the real writer.
import type pg from "pg";
import { LedgerWriter, type EventStore } from "../../ledger-core/index.js";
import type { Command } from "../../schemas/index.js";
import { dropTables, versionedTable, type Projection, type ProjectedEvent } from "../projection.js";

export interface RecordingHooks {
  readonly beforeApply?: (
    client: pg.PoolClient,
    events: readonly ProjectedEvent[],
  ) => Promise<void>;
}

/** A projection named `name` that records what it applies in `<name>_seen_v<version>`. */
export function recordingProjection(
  name: string,
  version: number,
  hooks: RecordingHooks = {},
  layout = 1,
): Projection {
  const table = versionedTable(`${name}_seen`, version);
  return {
    name,
    version,
    layout,
    drop: (client) => dropTables(client, [table]),
    async setup(client) {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${table} (ledger_id text, sequence bigint, type text, PRIMARY KEY (ledger_id, sequence))`,
      );
    },
    async apply(client, events) {
      await hooks.beforeApply?.(client, events);
      for (const { ledgerId, event } of events) {
        await client.query(`INSERT INTO ${table} VALUES ($1, $2, $3)`, [
          ledgerId,
          event.metadata.sequence,
          event.type,
        ]);
      }
    },
  };
}

export interface SeenRow {
  readonly ledger_id: string;
  readonly sequence: string;
  readonly type: string;
}

/** What a recording projection version applied, by ledger and sequence. */
export async function seenBy(pool: pg.Pool, name: string, version: number): Promise<SeenRow[]> {
  const { rows } = await pool.query<SeenRow>(
    `SELECT ledger_id, sequence::text AS sequence, type FROM ${versionedTable(`${name}_seen`, version)} AS seen
     ORDER BY seen.ledger_id, seen.sequence`,
  );
  return rows;
}

/** Creates (or extends) a ledger with two accounts and `entries` 1.00 transfers; its event count. */
export async function writeTestLedger(
  store: EventStore,
  ledgerId: string,
  entries: number,
  firstEntry = 0,
): Promise<number> {
  const writer = await LedgerWriter.open({ ledgerId, store });
  const submit = (command: Command) =>
    writer.submit({ command, actor: "spec", correlationId: "spec" });
  if (writer.current.ledger === null) {
    await submit({
      type: "CreateLedger",
      ledgerId,
      name: ledgerId,
      reportingCurrency: "USD",
      assets: [{ code: "USD", scale: 2 }],
    });
    await submit({ type: "OpenAccount", accountId: "a", currency: "USD", accountType: "asset" });
    await submit({
      type: "OpenAccount",
      accountId: "b",
      currency: "USD",
      accountType: "liability",
    });
  }
  await Promise.all(
    Array.from({ length: entries }, (_, index) =>
      submit({
        type: "PostEntry",
        entryId: `e${firstEntry + index}`,
        postings: [
          { accountId: "a", side: "debit", amount: "1.00" },
          { accountId: "b", side: "credit", amount: "1.00" },
        ],
      }),
    ),
  );
  const events = writer.current.chain.nextSequence;
  await writer.close();
  return events;
}
