// The pg connection pool every Folio PostgreSQL user should open: bounded size, a session
// timeout on idle open transactions (an open writing transaction stalls every reader of the
// global order), optional bounds on the wait for a connection and on each statement (the
// API's pools set both), and the errors of idle or checked-out clients logged instead of
// crashing the process.
import pg from "pg";
import type { Logger } from "pino";

/** Connections per pool unless the caller asks otherwise. */
export const DEFAULT_POOL_SIZE = 10;
/** A session idle inside a transaction longer than this is ended by the server. */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000;

export interface PoolOptions {
  readonly connectionString: string;
  readonly logger: Logger;
  readonly max?: number;
  readonly applicationName?: string;
  /** Waiting for a connection (from the pool or a new one) fails after this; default: no limit. */
  readonly connectionTimeoutMs?: number;
  /** Every statement on these connections is cancelled after this (statement_timeout). */
  readonly statementTimeoutMs?: number;
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? DEFAULT_POOL_SIZE,
    application_name: options.applicationName ?? "folio",
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    ...(options.connectionTimeoutMs === undefined
      ? {}
      : { connectionTimeoutMillis: options.connectionTimeoutMs }),
    ...(options.statementTimeoutMs === undefined
      ? {}
      : { statement_timeout: options.statementTimeoutMs }),
  });
  pool.on("error", (error) => {
    options.logger.error({ err: error }, "idle PostgreSQL client failed");
  });
  // A checked-out client whose connection ends while no query runs on it (killed, or the
  // server shuts down) emits "error"; without a listener that would crash the process. The
  // query that uses it next fails and its caller handles that; here it is only logged.
  pool.on("connect", (client) => {
    client.on("error", (error) => {
      options.logger.warn({ err: error }, "PostgreSQL connection lost");
    });
  });
  return pool;
}
