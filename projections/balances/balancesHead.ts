// The head of the balances model for one ledger: the last sequence it applied, the recorded
// time watermark after it, and when the ledger's first event was recorded (what every point in
// time is checked against, api/routes/points.ts).
import { balancesTables } from "./balancesTables.js";
import type { Queryable } from "./balanceQueries.js";

/** What the balances model has applied of a ledger: the state every answer can reach. */
export interface BalancesHead {
  /** The last applied ledger sequence. */
  readonly sequence: number;
  /** The recorded-time watermark after it (the latest recordedAt applied). */
  readonly recordedAt: Date;
  /** When the ledger's first event was recorded: nothing is known as of earlier times. */
  readonly createdAt: Date;
}

/**
 * A ledger's row in a read model's heads table (balances, risk_inputs: the same columns);
 * null when the model has applied nothing of the ledger.
 */
export async function readLedgerHead(
  client: Queryable,
  headsTable: string,
  ledgerId: string,
): Promise<BalancesHead | null> {
  const { rows } = await client.query<{
    last_sequence: string;
    last_recorded_at: Date;
    created_at: Date;
  }>(
    `SELECT last_sequence::text AS last_sequence, last_recorded_at, created_at
       FROM ${headsTable} WHERE ledger_id = $1`,
    [ledgerId],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    sequence: Number(row.last_sequence),
    recordedAt: row.last_recorded_at,
    createdAt: row.created_at,
  };
}

/** The ledger's head in the balances model; null when it has applied nothing of the ledger. */
export function balancesHead(
  client: Queryable,
  options: { readonly ledgerId: string; readonly version?: number },
): Promise<BalancesHead | null> {
  return readLedgerHead(client, balancesTables(options.version ?? 1).heads, options.ledgerId);
}
