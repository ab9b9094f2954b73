// Errors raised by the event-store adapters and the database bootstrap. Each carries a
// stable machine-readable `code` that callers switch on; messages are for humans only.
// WrongExpectedRevisionError lives in the port (ledger-core) and is re-exported here.

export { WrongExpectedRevisionError } from "../ledger-core/index.js";

export type EventStoreErrorCode =
  | "invalid_argument"
  | "invalid_position"
  | "event_id_conflict"
  | "append_retries_exhausted"
  | "event_store_closed"
  | "event_store_unavailable"
  | "position_unavailable"
  | "invariant_violation"
  | "subscription_failed";

/** A failure of an event-store operation that is not a wrong expected revision. */
export class EventStoreError extends Error {
  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "EventStoreError";
  }
}

export type DatabaseErrorCode =
  | "data_dir_unusable"
  | "data_dir_in_use"
  | "port_unavailable"
  | "embedded_postgres_failed"
  | "migration_checksum_mismatch";

/** A failure to open, start or migrate the PostgreSQL database Folio runs on. */
export class DatabaseError extends Error {
  constructor(
    readonly code: DatabaseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DatabaseError";
  }
}

/** Throws an `invariant_violation` error when a condition the adapters rely on is false. */
export function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) {
    throw new EventStoreError("invariant_violation", message);
  }
}
