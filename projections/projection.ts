// What a projection is: a named, versioned read model in PostgreSQL, built from the global
// order of journal events in batches. Each version has its own tables (suffix _v<version>),
// so a new version can be rebuilt from zero beside the live one and then switched in.
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
  /** Creates this version's tables if they do not exist (runs in a transaction). */
  setup(client: PoolClient): Promise<void>;
  /**
   * Applies a batch, in order, inside the runtime's transaction (which also moves the
   * checkpoint). Deterministic; throws on an event it cannot apply (a poison event), which
   * stops the projection: nothing of the batch is kept and nothing is skipped.
   */
  apply(client: PoolClient, events: readonly ProjectedEvent[]): Promise<void>;
}

/** The table name of `base` for a projection version: balances_current_v1. */
export function versionedTable(base: string, version: number): string {
  if (!/^[a-z][a-z0-9_]*$/.test(base) || !Number.isInteger(version) || version < 1) {
    throw new RangeError(`bad table name ${base} or version ${version}`);
  }
  return `${base}_v${version}`;
}
