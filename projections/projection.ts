// What a projection is: a named, versioned read model in PostgreSQL, built from the global
// order of journal events in batches. Each version has its own tables (suffix _v<version>),
// so a new version can be rebuilt from zero beside the live one and then switched in. The
// layout says which shape of tables this code builds: a version built by another layout is
// never read or written by this code, it is rebuilt (docs/projections.md).
import type { PoolClient } from "pg";
import type { JournalEvent } from "../schemas/index.js";

/** One event as a projection receives it: validated, with its ledger and global position. */
export interface ProjectedEvent {
  readonly ledgerId: string;
  /** The store's opaque global position (the checkpoint after this event). */
  readonly position: string;
  readonly event: JournalEvent;
}

export interface Projection {
  /** Stable name, e.g. "balances"; with the version it keys the checkpoint. */
  readonly name: string;
  readonly version: number;
  /** The shape of this code's tables; bumped whenever a change needs a rebuild. */
  readonly layout: number;
  /**
   * Creates this version's tables if they do not exist, and forgets any state the projection
   * kept in memory: it runs (in a transaction) each time a runner takes the projection over.
   */
  setup(client: PoolClient): Promise<void>;
  /**
   * Applies a batch, in order, inside the runtime's transaction (which also moves the
   * checkpoint). Deterministic; throws on an event it cannot apply (a poison event), which
   * stops the projection: nothing of the batch is kept and nothing is skipped. State it keeps
   * in memory for the next batch is staged here and published only by committed().
   */
  apply(client: PoolClient, events: readonly ProjectedEvent[]): Promise<void>;
  /** Called once the transaction of the last apply() has committed; never after a rollback. */
  committed?(): void;
  /**
   * Optional pipelining: the in-memory half of apply() for the batch after the last one
   * applied or prepared (whose transaction may still be running), so that the runner computes
   * batch n+1 while batch n's writes and commit run. Pure: it touches no database and
   * publishes nothing. Undefined when it cannot tell without the database (the runner then
   * waits for batch n and calls apply()). After a prepared batch fails, the runner runs
   * setup() again (which forgets everything prepared) before it prepares anything else.
   */
  prepare?(events: readonly ProjectedEvent[]): PreparedBatch | undefined;
  /** Drops this version's tables and whatever else setup() created. */
  drop(client: PoolClient): Promise<void>;
}

/** A batch prepare()d in memory: its writes, and what to publish once they committed. */
export interface PreparedBatch {
  /** Writes the batch inside the runtime's transaction (which also moves the checkpoint). */
  write(client: PoolClient): Promise<void>;
  /** Called once that transaction has committed; never after a rollback. */
  committed(): void;
}

/** A projection at a given version: how hosts and tools make one. */
export type ProjectionFactory = (version: number) => Projection;

/** The table name of `base` for a projection version: balances_current_v1. */
export function versionedTable(base: string, version: number): string {
  if (!/^[a-z][a-z0-9_]*$/.test(base) || !Number.isInteger(version) || version < 1) {
    throw new RangeError(`bad table name ${base} or version ${version}`);
  }
  return `${base}_v${version}`;
}

/** A map key for an id within a ledger (an account, a hold): ids may contain any printable. */
export const ledgerKey = (ledgerId: string, id: string): string => `${ledgerId}\u0000${id}`;

/** DROP TABLE for each of `tables` (a projection's drop()). */
export async function dropTables(client: PoolClient, tables: readonly string[]): Promise<void> {
  for (const table of tables) await client.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
}
