// The pg connection pool every Folio PostgreSQL user should open: bounded size, a session
// timeout on idle open transactions (an open writing transaction stalls every reader of the
// global order), and idle-client errors logged instead of crashing the process.
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
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? DEFAULT_POOL_SIZE,
    application_name: options.applicationName ?? "folio",
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
  });
  pool.on("error", (error) => {
    options.logger.error({ err: error }, "idle PostgreSQL client failed");
  });
  return pool;
}
