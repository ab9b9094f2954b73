// Runs the shared contract suite against PostgreSQL, plus what only PostgreSQL has: the
// immutability trigger, idempotent migrations, the late-commit ordering guarantee and the
// per-stream xid guard. Each run uses its own freshly created database.
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventStore } from "../../ledger-core/index.js";
import {
  describeEventStoreContract,
  makeEvents,
  nextWithin,
  take,
  uniquePrefix,
} from "../testing/eventStoreContract.js";
import { createTestDatabase, type TestDatabase } from "../testing/testDatabase.js";
import { applyMigrations, MIGRATIONS } from "./migrations.js";
import { openPostgresEventStore } from "./postgresEventStore.js";
import { createPool } from "./pool.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });
/** How long the late-commit test keeps its transaction open while another append commits. */
const HELD_OPEN_MS = 500;

let database: TestDatabase;
const stores: EventStore[] = [];
const open = async (): Promise<EventStore> => {
  const store = await openPostgresEventStore({ connectionString: database.url, logger });
  stores.push(store);
  return store;
};

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close().catch(() => undefined)));
  await database.drop();
});

describeEventStoreContract("postgres", open);

describe("postgres event store specifics", () => {
  let store: EventStore;
  let admin: pg.Client;
  beforeAll(async () => {
    store = await open();
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
  });

  it("refuses UPDATE, DELETE and TRUNCATE on events", async () => {
    const stream = `${uniquePrefix()}immutable`;
    await store.append(stream, makeEvents(1), "no_stream");
    await expect(
      admin.query("UPDATE events SET data = '{}' WHERE stream_id = $1", [stream]),
    ).rejects.toThrow(/events are immutable: UPDATE/);
    await expect(admin.query("DELETE FROM events WHERE stream_id = $1", [stream])).rejects.toThrow(
      /events are immutable: DELETE/,
    );
    await expect(admin.query("TRUNCATE events")).rejects.toThrow(/events are immutable: TRUNCATE/);
    const { rowCount } = await admin.query("SELECT 1 FROM events WHERE stream_id = $1", [stream]);
    expect(rowCount).toBe(1);
  });

  it("applies migrations idempotently, also when two processes start at once", async () => {
    const pools = [
      createPool({ connectionString: database.url, logger }),
      createPool({ connectionString: database.url, logger }),
    ];
    try {
      const results = await Promise.all(pools.map((pool) => applyMigrations(pool, logger)));
      expect(results).toEqual([[], []]);
      const { rows } = await admin.query<{ version: number }>(
        "SELECT version FROM schema_migrations WHERE component = 'event-store' ORDER BY version",
      );
      expect(rows.map((row) => row.version)).toEqual(
        MIGRATIONS.map((migration) => migration.version),
      );
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it("applies every migration to an empty database exactly once", async () => {
    const fresh = await createTestDatabase();
    const pool = createPool({ connectionString: fresh.url, logger });
    try {
      expect(await applyMigrations(pool, logger)).toEqual(
        MIGRATIONS.map((migration) => migration.version),
      );
      expect(await applyMigrations(pool, logger)).toEqual([]);
    } finally {
      await pool.end();
      await fresh.drop();
    }
  });

  it("delivers an event committed late with a lower global position, in xid order", async () => {
    const prefix = uniquePrefix();
    const subscription = store.subscribeToAll({
      fromPosition: "start",
      filter: { streamPrefix: prefix },
    });
    const iterator = subscription[Symbol.asyncIterator]();
    const slow = new pg.Client({ connectionString: database.url });
    await slow.connect();
    try {
      const [lateEvent] = makeEvents(1, "late");
      if (lateEvent === undefined) throw new Error("no event");
      await slow.query("BEGIN");
      const { rows } = await slow.query<{ last_global_position: string }>(
        `SELECT last_global_position::text FROM append_events($1, 'no_stream', NULL, $2::uuid[], $3::text[], $4::integer[], $5::jsonb[], $6::jsonb[])`,
        [
          `${prefix}slow`,
          [lateEvent.id],
          [lateEvent.type],
          [1],
          [JSON.stringify(lateEvent.data)],
          [JSON.stringify(lateEvent.metadata)],
        ],
      );
      const lateGlobalPosition = BigInt(rows[0]?.last_global_position ?? "0");

      const quick = makeEvents(1, "quick");
      const committed = await store.append(`${prefix}quick`, quick, "no_stream");
      expect(BigInt(committed.position.split("-")[1] ?? "0")).toBeGreaterThan(lateGlobalPosition);
      // While the slow transaction is open, nothing after it may be delivered.
      expect(await nextWithin(iterator, HELD_OPEN_MS)).toBe("timeout");

      await slow.query("COMMIT");
      const delivered = await take(iterator, 2);
      expect(delivered.map((event) => event.streamId)).toEqual([`${prefix}slow`, `${prefix}quick`]);
      expect(delivered.map((event) => event.id)).toEqual([lateEvent.id, quick[0]?.id]);
    } finally {
      await slow.query("ROLLBACK").catch(() => undefined);
      await slow.end();
      await subscription.close();
    }
  });

  it("refuses, with 40001, an append whose xid is older than the stream's last writer", async () => {
    const stream = `${uniquePrefix()}guard`;
    await store.append(stream, makeEvents(1), "no_stream");
    const older = new pg.Client({ connectionString: database.url });
    await older.connect();
    try {
      await older.query("BEGIN");
      await older.query("SELECT pg_current_xact_id()");
      await store.append(stream, makeEvents(1), 0n);
      const [event] = makeEvents(1);
      if (event === undefined) throw new Error("no event");
      const error: unknown = await older
        .query(
          `SELECT * FROM append_events($1, 'any', NULL, $2::uuid[], $3::text[], $4::integer[], $5::jsonb[], $6::jsonb[])`,
          [
            stream,
            [event.id],
            [event.type],
            [1],
            [JSON.stringify(event.data)],
            [JSON.stringify(event.metadata)],
          ],
        )
        .then(
          () => undefined,
          (reason: unknown) => reason,
        );
      expect(error).toBeInstanceOf(pg.DatabaseError);
      expect((error as pg.DatabaseError).code).toBe("40001");
    } finally {
      await older.query("ROLLBACK").catch(() => undefined);
      await older.end();
    }
    // A fresh append (a newer xid) to the same stream goes through.
    expect((await store.append(stream, makeEvents(1), "any")).nextExpectedRevision).toBe(2n);
  });

  it("sets idle_in_transaction_session_timeout on pool connections", async () => {
    const pool = createPool({ connectionString: database.url, logger });
    try {
      const { rows } = await pool.query<{ setting: string }>(
        "SHOW idle_in_transaction_session_timeout",
      );
      expect(rows[0]?.setting).not.toBe("0");
    } finally {
      await pool.end();
    }
  });
});
