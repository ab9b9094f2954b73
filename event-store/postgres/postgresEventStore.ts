// The PostgreSQL EventStore adapter. One append is one call of the append_events plpgsql
// function (one short transaction); serialization failures and concurrent stream creation
// are retried here. The global order is (transaction_id, global_position), read only below
// the oldest running transaction id, so no reader ever skips an event that commits late.
// LISTEN/NOTIFY only wakes the pollers; see docs/event-store.md.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { Logger } from "pino";
import {
  WrongExpectedRevisionError,
  type AppendLimits,
  type AppendResult,
  type CountAllOptions,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type JsonValue,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from "../../ledger-core/index.js";
import { EventStoreError, invariant } from "../errors.js";
import { createPollingSubscription, WakeupSignal } from "../shared/pollingSubscription.js";
import { decodePositionPair, encodePositionPair } from "../shared/position.js";
import { backoffDelayMs } from "../shared/transientErrors.js";
import {
  assertGlobalOrder,
  assertStreamOrder,
  DEFAULT_APPEND_LIMITS,
  normaliseCountLimit,
  normaliseEntryIds,
  normaliseMaxCount,
  validateAppend,
} from "../shared/validation.js";
import { applyMigrations, EVENTS_CHANNEL } from "./migrations.js";
import { createPool } from "./pool.js";

/** Attempts of one append when PostgreSQL reports a retryable conflict. */
export const MAX_APPEND_ATTEMPTS = 8;
/** Backoff before a retried append (backoffDelayMs): base * 2^attempt, at most the cap. */
export const APPEND_RETRY_BASE_DELAY_MS = 2;
export const APPEND_RETRY_MAX_DELAY_MS = 200;

const SERIALIZATION_FAILURE = "40001";
const UNIQUE_VIOLATION = "23505";

// Columns are cast to text (int8 and xid8 exceed JS numbers), so ORDER BY must name the
// table's columns (events.x): a bare name would sort by the text alias.
const EVENT_COLUMNS = `stream_id, revision::text AS revision, event_id::text AS event_id, event_type,
  schema_version, data, metadata, stored_at, transaction_id::text AS transaction_id,
  global_position::text AS global_position`;

const APPEND_SQL = `SELECT status, actual_revision::text AS actual_revision,
  last_revision::text AS last_revision, last_transaction_id::text AS last_transaction_id,
  last_global_position::text AS last_global_position
  FROM append_events_json($1, $2, $3, $4::jsonb)`;

// A stream's revisions are gap-free, so a page is exactly the revision range [from, from +
// limit): bounding both ends keeps a page's cost at its own rows whatever the planner's
// statistics say (without them it would read and sort the rest of the stream for each page).
const READ_STREAM_FORWARDS_SQL = `WITH start AS (
    SELECT coalesce($2::bigint, (SELECT last_revision FROM streams WHERE stream_id = $1)) AS first_revision
  )
  SELECT ${EVENT_COLUMNS} FROM events, start
  WHERE stream_id = $1 AND events.revision >= start.first_revision AND events.revision < start.first_revision + $3
  ORDER BY events.revision LIMIT $3`;

const READ_STREAM_BACKWARDS_SQL = `WITH top AS (
    SELECT least(coalesce($2::bigint, last_revision), last_revision) AS top_revision
    FROM streams WHERE stream_id = $1
  )
  SELECT ${EVENT_COLUMNS} FROM events, top
  WHERE stream_id = $1 AND events.revision <= top.top_revision AND events.revision > top.top_revision - $3
  ORDER BY events.revision DESC LIMIT $3`;

// One statement, so the xmin bound and the rows come from the same snapshot. It names no
// stream: the next LIMIT rows of the global-order index, read in index order, are the cheapest
// plan whatever the table's statistics say. (With a stream-prefix predicate here, a planner
// without statistics guessed it kept 0.5 % of rows and chose a bitmap scan of every later
// event plus a sort: each page cost O(remaining events).) The prefix is applied in readAll.
export const READ_ALL_SQL = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
    AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY events.transaction_id, events.global_position
  LIMIT $3`;

// The backlog after a position: the prefix is tested on the next LIMIT rows of the index,
// outside the subquery, for the same reason as READ_ALL_SQL.
const COUNT_ALL_SQL = `SELECT count(*) FILTER (WHERE $4::text IS NULL OR starts_with(next.stream_id, $4::text))::int AS n
  FROM (SELECT stream_id FROM events
         WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
           AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY events.transaction_id, events.global_position
         LIMIT $3) next`;

// The events naming any of $2 under one of the entry key fields: for each id, one probe of
// each partial expression index with both of its columns equal to a value (a LATERAL per id),
// a plan that does not depend on statistics. (With "= ANY($2)" a planner without statistics
// used the index on stream_id alone and filtered every entry event of the stream: 99 ms per
// lookup at 66,000 events against 0.7 ms.) Each WHERE repeats its index's predicate.
export const READ_ENTRY_EVENTS_SQL = `SELECT found.* FROM unnest($2::text[]) AS k(id)
  CROSS JOIN LATERAL (
    SELECT ${EVENT_COLUMNS} FROM events
     WHERE events.stream_id = $1 AND events.data ? 'entryId' AND (events.data->>'entryId') = k.id
    UNION ALL
    SELECT ${EVENT_COLUMNS} FROM events
     WHERE events.stream_id = $1 AND events.data ? 'pendingId' AND (events.data->>'pendingId') = k.id
    UNION ALL
    SELECT ${EVENT_COLUMNS} FROM events
     WHERE events.stream_id = $1 AND jsonb_typeof(events.data->'reversalOf') = 'string'
       AND (events.data->>'reversalOf') = k.id
  ) AS found`;

interface EventRow {
  stream_id: string;
  revision: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: JsonValue;
  metadata: JsonValue;
  stored_at: Date;
  transaction_id: string;
  global_position: string;
}

interface AppendRow {
  status: "appended" | "duplicate" | "wrong_expected_revision";
  actual_revision: string | null;
  last_revision: string | null;
  last_transaction_id: string | null;
  last_global_position: string | null;
}

export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  readonly logger: Logger;
  /** Pool size; the listener for NOTIFY uses one more connection. */
  readonly poolSize?: number;
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.event_id,
    type: row.event_type,
    version: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    position: encodePositionPair(BigInt(row.transaction_id), BigInt(row.global_position)),
    storedAt: row.stored_at,
  };
}

/** The (xid, global position) pair after which to read; (0, 0) for the start. */
function positionPairOf(position: string): { major: bigint; minor: bigint } {
  return position === "start" ? { major: 0n, minor: 0n } : decodePositionPair(position);
}

function expectedParameters(expected: ExpectedRevision): [string, string | null] {
  return typeof expected === "bigint" ? ["exact", expected.toString()] : [expected, null];
}

function isRetryable(error: unknown): boolean {
  if (!(error instanceof pg.DatabaseError)) return false;
  return (
    error.code === SERIALIZATION_FAILURE ||
    (error.code === UNIQUE_VIOLATION &&
      (error.constraint === "streams_pkey" || error.constraint === "events_pkey"))
  );
}

function mapAppendError(error: unknown, streamId: string): unknown {
  if (
    error instanceof pg.DatabaseError &&
    error.code === UNIQUE_VIOLATION &&
    error.constraint === "events_event_id_key"
  ) {
    return new EventStoreError(
      "event_id_conflict",
      `append to ${streamId}: an event id is already stored (${error.detail ?? ""})`,
      {
        cause: error,
      },
    );
  }
  return error;
}

class PostgresEventStore implements EventStore {
  readonly appendLimits: AppendLimits = DEFAULT_APPEND_LIMITS;
  private readonly wakeup = new WakeupSignal();
  private listener: pg.Client | undefined;
  private listening: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresEventStoreOptions,
  ) {}

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, expectedRevision, this.appendLimits);
    const [kind, revision] = expectedParameters(expectedRevision);
    const batch = events.map(({ id, type, version, data, metadata }) => ({
      id,
      type,
      version,
      data,
      metadata,
    }));
    const parameters = [streamId, kind, revision, JSON.stringify(batch)];
    const row = await this.appendWithRetry(streamId, parameters);
    if (row.status === "wrong_expected_revision") {
      const actual = row.actual_revision === null ? "no_stream" : BigInt(row.actual_revision);
      throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
    }
    invariant(
      row.last_revision !== null &&
        row.last_transaction_id !== null &&
        row.last_global_position !== null,
      `append to ${streamId} returned ${row.status} without a position`,
    );
    return {
      nextExpectedRevision: BigInt(row.last_revision),
      position: encodePositionPair(
        BigInt(row.last_transaction_id),
        BigInt(row.last_global_position),
      ),
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const maxCount = normaliseMaxCount(options.maxCount);
    const { fromRevision } = options;
    const result =
      options.direction === "forwards"
        ? await this.pool.query<EventRow>(READ_STREAM_FORWARDS_SQL, [
            streamId,
            fromRevision === "start"
              ? "0"
              : fromRevision === "end"
                ? null
                : fromRevision.toString(),
            maxCount,
          ])
        : await this.pool.query<EventRow>(READ_STREAM_BACKWARDS_SQL, [
            streamId,
            fromRevision === "start"
              ? "0"
              : fromRevision === "end"
                ? null
                : fromRevision.toString(),
            maxCount,
          ]);
    const events = result.rows.map(toStoredEvent);
    assertStreamOrder(streamId, events, options);
    return events;
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const maxCount = normaliseMaxCount(options.maxCount);
    const prefix = options.filter?.streamPrefix;
    let after = positionPairOf(options.fromPosition);
    const events: StoredEvent[] = [];
    // Pages of the global order, filtered here; a page with no match moves on to the next, so
    // an empty answer always means "nothing after this position yet".
    for (;;) {
      const { rows } = await this.pool.query<EventRow>(READ_ALL_SQL, [
        after.major.toString(),
        after.minor.toString(),
        maxCount,
      ]);
      for (const row of rows) {
        if (prefix !== undefined && !row.stream_id.startsWith(prefix)) continue;
        events.push(toStoredEvent(row));
        if (events.length === maxCount) break;
      }
      const last = rows[rows.length - 1];
      if (events.length === maxCount || rows.length < maxCount || last === undefined) break;
      after = { major: BigInt(last.transaction_id), minor: BigInt(last.global_position) };
    }
    assertGlobalOrder(events, options.fromPosition);
    return events;
  }

  async readEntryEvents(streamId: string, entryIds: readonly string[]): Promise<StoredEvent[]> {
    this.assertOpen();
    const ids = normaliseEntryIds(entryIds);
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<EventRow>(READ_ENTRY_EVENTS_SQL, [streamId, ids]);
    // An event that names two of the ids (an entry and the one it reverses) comes once.
    const byRevision = new Map(rows.map((row) => [row.revision, row]));
    return [...byRevision.values()]
      .map(toStoredEvent)
      .sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0));
  }

  async countAll(options: CountAllOptions): Promise<number> {
    this.assertOpen();
    const limit = normaliseCountLimit(options.limit);
    const after = positionPairOf(options.fromPosition);
    const { rows } = await this.pool.query<{ n: number }>(COUNT_ALL_SQL, [
      after.major.toString(),
      after.minor.toString(),
      limit,
      options.filter?.streamPrefix ?? null,
    ]);
    return rows[0]?.n ?? 0;
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    this.assertOpen();
    void this.ensureListening();
    return createPollingSubscription(
      {
        readAll: (options) => this.readAll(options),
        wakeup: this.wakeup,
        logger: this.options.logger,
      },
      options,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakeup.notifyAll();
    await this.listening?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  private async appendWithRetry(streamId: string, parameters: unknown[]): Promise<AppendRow> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await this.pool.query<AppendRow>(APPEND_SQL, parameters);
        const row = result.rows[0];
        invariant(row !== undefined, `append_events returned no row for ${streamId}`);
        return row;
      } catch (error) {
        if (!isRetryable(error)) throw mapAppendError(error, streamId);
        if (attempt >= MAX_APPEND_ATTEMPTS) {
          throw new EventStoreError(
            "append_retries_exhausted",
            `append to ${streamId} still conflicting after ${attempt} attempts`,
            { cause: error },
          );
        }
        await sleep(backoffDelayMs(attempt, APPEND_RETRY_BASE_DELAY_MS, APPEND_RETRY_MAX_DELAY_MS));
      }
    }
  }

  /** Opens the one LISTEN connection on first subscribe; polling covers any failure of it. */
  private ensureListening(): Promise<void> {
    this.listening ??= this.listen().catch((error: unknown) => {
      this.options.logger.warn({ err: error }, "LISTEN failed; subscriptions fall back to polling");
      this.listening = undefined;
      this.listener = undefined;
    });
    return this.listening;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: "folio-listen",
    });
    client.on("notification", () => {
      this.wakeup.notifyAll();
    });
    client.on("error", (error) => {
      this.options.logger.warn(
        { err: error },
        "LISTEN connection lost; polling until the next subscribe",
      );
      this.listener = undefined;
      this.listening = undefined;
    });
    this.listener = client;
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    if (this.closed) await client.end();
  }

  private assertOpen(): void {
    if (this.closed)
      throw new EventStoreError("event_store_closed", "postgres event store is closed");
  }
}

/** Opens a pool, applies pending migrations and returns the store; close() ends the pool. */
export async function openPostgresEventStore(
  options: PostgresEventStoreOptions,
): Promise<EventStore> {
  const pool = createPool({
    connectionString: options.connectionString,
    logger: options.logger,
    applicationName: "folio-event-store",
    ...(options.poolSize === undefined ? {} : { max: options.poolSize }),
  });
  try {
    await applyMigrations(pool, options.logger);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresEventStore(pool, options);
}
