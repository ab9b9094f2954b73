// Which failures are transient: a database restart or failover, a lost connection, a server
// too busy to take one more, a serialization failure or deadlock, an EventStoreDB node that is
// unavailable or not the leader. Callers wait these out with backoff and retry; everything
// else is a real error of the operation. One classifier for every retrying loop in Folio (the
// projection runtime, the CLI's exit codes, and whatever waits out a database restart).

/** SQLSTATE classes whose every code is transient: connection exceptions, insufficient resources. */
const TRANSIENT_SQLSTATE_CLASSES = ["08", "53"] as const;

/** Single transient SQLSTATE codes. */
const TRANSIENT_SQLSTATES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "57P01", // admin_shutdown: the server is shutting down (pg_ctl stop -m fast, restart)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up, shutting down, in recovery
  "57P05", // idle_session_timeout
  "57014", // query_canceled: statement_timeout, or pg_cancel_backend
  "58000", // system_error
  "58030", // io_error
  "25P03", // idle_in_transaction_session_timeout ended the transaction
]);

/** Node.js socket and DNS error codes of a peer that went away or is not there yet. */
const TRANSIENT_SYSTEM_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
]);

/** @eventstore/db-client error types (CommandError.type) of a node that is away or busy. */
const TRANSIENT_EVENTSTOREDB_TYPES = new Set([
  "unavailable",
  "deadline-exceeded",
  "timeout",
  "cancelled",
  "not-leader",
]);

/** Messages of node-postgres and pg-pool for a connection that died or never came. */
const TRANSIENT_MESSAGE =
  /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection ended|the database system is (starting up|shutting down|in recovery mode)|terminating connection/i;

/** Folio's own codes for a store that could not be reached. */
const TRANSIENT_FOLIO_CODES = new Set(["event_store_unavailable"]);

/** How deep a chain of `cause`s is followed (an error wrapping an error wrapping ...). */
const MAX_CAUSE_DEPTH = 5;

function isTransientOne(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, type } = error as { code?: unknown; type?: unknown };
  if (typeof code === "string") {
    if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SYSTEM_CODES.has(code)) return true;
    if (TRANSIENT_FOLIO_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) {
      return TRANSIENT_SQLSTATE_CLASSES.some((prefix) => code.startsWith(prefix));
    }
  }
  if (typeof type === "string" && TRANSIENT_EVENTSTOREDB_TYPES.has(type)) return true;
  return error instanceof Error && TRANSIENT_MESSAGE.test(error.message);
}

/** SQLSTATEs of a session the server ended: admin_shutdown, crash_shutdown, idle_session_timeout. */
const SESSION_ENDED_SQLSTATES = new Set(["57P01", "57P02", "57P05"]);
/** node-postgres's messages for a connection that is gone. */
const CONNECTION_GONE_MESSAGE =
  /Connection terminated|Connection ended|not queryable|terminating connection/i;

/**
 * True when `error` says the connection itself is gone (a connection exception, the server
 * ended the session, the socket reset or closed under a write), as opposed to one statement
 * refused on a session that lives on (a serialization failure, a canceled query, no memory).
 */
export function isConnectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (SESSION_ENDED_SQLSTATES.has(code) || TRANSIENT_SYSTEM_CODES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  return CONNECTION_GONE_MESSAGE.test(error.message);
}

/**
 * True when `error` (or an error it wraps through `cause`) is a transient fault: retry the
 * operation after a backoff. False for everything else, including Folio's own refusals.
 */
export function isTransientError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== undefined; depth += 1) {
    if (isTransientOne(current)) return true;
    current =
      typeof current === "object" && current !== null
        ? (current as { cause?: unknown }).cause
        : undefined;
  }
  return false;
}

/**
 * Capped exponential backoff with jitter: for the attempt n (0-based) a delay drawn from
 * [c/2, c) where c = min(cap, base * 2^n), so retries spread out but never hammer.
 */
export function backoffDelayMs(attempt: number, baseMs: number, capMs: number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.floor(ceiling / 2 + (Math.random() * ceiling) / 2);
}
