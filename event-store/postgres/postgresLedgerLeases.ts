// Ledger leases on PostgreSQL (the LedgerLeases port of ledger-core/ledgerLeases.ts): each
// lease is a session-level advisory lock, pg_try_advisory_lock(hashtextextended('folio:ledger:'
// || id, 0)) as projections/runtime.ts takes its lock, all of one process's leases on ONE
// dedicated connection of their own (not the pool's). The server frees a session's locks when
// the session ends, so losing the connection loses every lease at once, on both sides:
//   - here, a closed connection ('error'/'end') is noticed at once, and a connection that goes
//     silent by the next heartbeat's timeout (a `SELECT 1` every `heartbeatMs`, answered
//     within `heartbeatTimeoutMs`): every lease's `lost` resolves and the connection is ended;
//   - on the server, idle_session_timeout ends a session that stopped sending heartbeats (a
//     frozen or cut-off process), so its leases become free for others within that bound.
// The next acquire connects again. A ledger id is only ever a query parameter.
import pg from "pg";
import type { Logger } from "pino";
import { isConnectionLost } from "../shared/transientErrors.js";
import {
  assert,
  DEFAULT_LEASE_HEARTBEAT_MS,
  DEFAULT_LEASE_HEARTBEAT_TIMEOUT_MS,
  HeldLease,
  type LeaseLossReason,
  type LedgerLease,
  type LedgerLeases,
} from "../../ledger-core/index.js";

/** The server ends a lease session silent for this long: its leases become free for others. */
export const DEFAULT_LEASE_SERVER_IDLE_TIMEOUT_MS = 10_000;
/** Connecting the lease connection fails after this (the acquire rejects; retry later). */
export const LEASE_CONNECT_TIMEOUT_MS = 5_000;

const TRY_LOCK_SQL =
  "SELECT pg_try_advisory_lock(hashtextextended('folio:ledger:' || $1, 0)) AS locked";
const UNLOCK_SQL =
  "SELECT pg_advisory_unlock(hashtextextended('folio:ledger:' || $1, 0)) AS unlocked";
const SESSION_SQL =
  "SELECT set_config('idle_session_timeout', $1, false) AS timeout, pg_backend_pid() AS pid";

export interface PostgresLedgerLeasesOptions {
  readonly connectionString: string;
  readonly logger: Logger;
  /** Default DEFAULT_LEASE_HEARTBEAT_MS. */
  readonly heartbeatMs?: number;
  /** Default DEFAULT_LEASE_HEARTBEAT_TIMEOUT_MS. */
  readonly heartbeatTimeoutMs?: number;
  /** Default DEFAULT_LEASE_SERVER_IDLE_TIMEOUT_MS; above heartbeatMs + heartbeatTimeoutMs. */
  readonly serverIdleTimeoutMs?: number;
}

/** One lease connection and the leases it holds; a new one after each loss. */
interface Session {
  readonly client: pg.Client;
  pid: number;
  readonly leases: Map<string, HeldLease>;
  timer: ReturnType<typeof setTimeout> | null;
  ended: Promise<void> | null;
  /** The last query sent: queries run one after the other (pg no longer queues them itself). */
  tail: Promise<unknown>;
}

/** Runs `sql` on the session's connection once every query sent before it has finished. */
function query<Row extends pg.QueryResultRow>(
  session: Session,
  sql: string,
  params: readonly string[] = [],
): Promise<Row[]> {
  const result = session.tail.then(
    async () => (await session.client.query<Row>(sql, [...params])).rows,
  );
  session.tail = result.catch(() => undefined);
  return result;
}

export class PostgresLedgerLeases implements LedgerLeases {
  private session: Session | null = null;
  private connecting: Promise<Session> | null = null;
  private readonly acquiring = new Set<string>();
  private closed = false;
  private readonly heartbeatMs: number;
  private readonly heartbeatTimeoutMs: number;
  private readonly serverIdleTimeoutMs: number;

  constructor(private readonly options: PostgresLedgerLeasesOptions) {
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_LEASE_HEARTBEAT_MS;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? DEFAULT_LEASE_HEARTBEAT_TIMEOUT_MS;
    this.serverIdleTimeoutMs = options.serverIdleTimeoutMs ?? DEFAULT_LEASE_SERVER_IDLE_TIMEOUT_MS;
    assert(this.heartbeatMs > 0 && this.heartbeatTimeoutMs > 0, "heartbeats are timed");
    assert(
      this.serverIdleTimeoutMs > this.heartbeatMs + this.heartbeatTimeoutMs,
      "the server waits longer than one heartbeat and its timeout",
    );
  }

  async acquire(ledgerId: string): Promise<LedgerLease | null> {
    if (this.closed) throw new Error("the ledger leases are closed");
    if (this.acquiring.has(ledgerId) || this.session?.leases.has(ledgerId) === true) return null;
    this.acquiring.add(ledgerId);
    try {
      try {
        return await this.tryLock(ledgerId);
      } catch (error) {
        // The connection died since its last heartbeat: once more on a new one.
        if (!isConnectionLost(error)) throw error;
        return await this.tryLock(ledgerId);
      }
    } finally {
      this.acquiring.delete(ledgerId);
    }
  }

  /** One try to take the lock of `ledgerId` on the live session (connecting if need be). */
  private async tryLock(ledgerId: string): Promise<LedgerLease | null> {
    if (this.closed) throw new Error("the ledger leases are closed");
    const session = await this.connected();
    let rows: { locked: boolean }[];
    try {
      rows = await query<{ locked: boolean }>(session, TRY_LOCK_SQL, [ledgerId]);
    } catch (error) {
      if (isConnectionLost(error)) await this.end(session, "connection_lost", "lease query failed");
      throw error;
    }
    if (rows[0]?.locked !== true) return null;
    // Granted on a session that ended since: the server freed the lock with it.
    if (session.ended !== null) throw new Error("Connection ended while acquiring a lease");
    // A lost lease went with its connection: only a release is sent to the server.
    const lease = new HeldLease(ledgerId, (ended, end) =>
      end === "released" ? this.unlock(session, ended) : Promise.resolve(),
    );
    session.leases.set(ledgerId, lease);
    return lease;
  }

  /** The server process id of the lease connection, or null when not connected (operations). */
  backendPid(): number | null {
    return this.session?.pid ?? null;
  }

  /** Ledgers whose lease this process holds now. */
  get heldLedgers(): string[] {
    return [...(this.session?.leases.keys() ?? [])];
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connecting?.catch(() => undefined);
    const session = this.session;
    if (session !== null) await this.end(session, "closed", "the ledger leases were closed");
  }

  /** The live session, connecting a new one if need be. */
  private connected(): Promise<Session> {
    if (this.session !== null && this.session.ended === null) return Promise.resolve(this.session);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<Session> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: "folio-ledger-leases",
      connectionTimeoutMillis: LEASE_CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    const session: Session = {
      client,
      pid: 0,
      leases: new Map(),
      timer: null,
      ended: null,
      tail: Promise.resolve(),
    };
    const lostConnection = (message: string): void => {
      void this.end(session, "connection_lost", message);
    };
    client.on("error", (error) => {
      lostConnection(`lease connection failed: ${error.message}`);
    });
    client.on("end", () => {
      lostConnection("lease connection ended");
    });
    try {
      await client.connect();
      const rows = await query<{ pid: number }>(session, SESSION_SQL, [
        `${this.serverIdleTimeoutMs}ms`,
      ]);
      session.pid = rows[0]?.pid ?? 0;
    } catch (error) {
      await this.end(session, "connection_lost", "could not connect");
      throw error;
    }
    if (this.closed) {
      await this.end(session, "closed", "the ledger leases were closed");
      throw new Error("the ledger leases are closed");
    }
    this.session = session;
    this.scheduleHeartbeat(session);
    return session;
  }

  /** One `SELECT 1` every heartbeatMs; unanswered within heartbeatTimeoutMs: the session ends. */
  private scheduleHeartbeat(session: Session): void {
    session.timer = setTimeout(() => {
      session.timer = null;
      void this.heartbeat(session);
    }, this.heartbeatMs);
    session.timer.unref();
  }

  private async heartbeat(session: Session): Promise<void> {
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const answered = await Promise.race([
      query(session, "SELECT 1").then(
        () => "answered" as const,
        () => "failed" as const,
      ),
      new Promise<"timeout">((resolve) => {
        timeout = setTimeout(() => {
          resolve("timeout");
        }, this.heartbeatTimeoutMs);
      }),
    ]);
    clearTimeout(timeout);
    if (session.ended !== null) return;
    if (answered === "answered") {
      this.scheduleHeartbeat(session);
      return;
    }
    const why = answered === "failed" ? "failed" : `unanswered after ${this.heartbeatTimeoutMs} ms`;
    await this.end(session, "connection_lost", `lease heartbeat ${why}`);
  }

  /** Gives one lease back; a failed unlock ends the session (the server then frees them all). */
  private async unlock(session: Session, lease: HeldLease): Promise<void> {
    if (session.leases.get(lease.ledgerId) === lease) session.leases.delete(lease.ledgerId);
    if (session.ended !== null) return; // freed with the session
    try {
      const rows = await query<{ unlocked: boolean }>(session, UNLOCK_SQL, [lease.ledgerId]);
      if (rows[0]?.unlocked === true) return;
      this.options.logger.error({ ledgerId: lease.ledgerId }, "ledger lease was not locked");
      await this.end(session, "connection_lost", "a lease was not locked on its session");
    } catch (error) {
      this.options.logger.warn({ err: error, ledgerId: lease.ledgerId }, "lease unlock failed");
      await this.end(session, "connection_lost", "a lease could not be unlocked");
    }
  }

  /** Ends a session once: every lease it holds is lost now, then the connection closes. */
  private end(session: Session, reason: LeaseLossReason, message: string): Promise<void> {
    if (session.ended !== null) return session.ended;
    if (session.timer !== null) clearTimeout(session.timer);
    session.timer = null;
    if (this.session === session) this.session = null;
    const leases = [...session.leases.values()];
    session.leases.clear();
    if (leases.length > 0 && reason !== "closed") {
      this.options.logger.warn(
        { leases: leases.length, reason, message },
        "ledger leases lost; their writers stop",
      );
    }
    for (const lease of leases) lease.lose(reason, message);
    session.ended = session.client.end().catch(() => undefined);
    return session.ended;
  }
}
