// The bounded entry window on real PostgreSQL: a ledger of 200,000 entries (plus reversals and
// holds), a restart from a snapshot with a window of 1,000 entries, then re-sends of ids from
// the beginning, the middle and the end, with the same and with other content: first outcomes
// and id_conflict, nothing appended, memory within the window. And the store's entry lookup
// reads its expression indexes, never the whole stream, without statistics (EXPLAIN).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { READ_ENTRY_EVENTS_SQL } from "../event-store/postgres/postgresEventStore.js";
import {
  createPostgresSnapshotStore,
  createTestDatabase,
  openPostgresEventStore,
  type TestDatabase,
} from "../event-store/index.js";
import type { EventStore } from "./eventStorePort.js";
import { LedgerWriter } from "./ledgerWriter.js";
import {
  deposit,
  depositBatch,
  hold,
  ledgerId,
  request,
  setUpCommands,
} from "./testing/writerFixtures.js";
import pino from "pino";

const BATCHES = 2_000;
const PER_BATCH = 100;
const WINDOW = 1_000;
let database: TestDatabase;
let store: EventStore;
let pool: pg.Pool;
const logger = pino({ level: "silent" });

const id = (batch: number, index: number) => `b${batch}-${index}`;

beforeAll(async () => {
  database = await createTestDatabase("folio_window");
  store = await openPostgresEventStore({ connectionString: database.url, logger });
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const snapshots = createPostgresSnapshotStore(pool);
  const writer = await LedgerWriter.open({
    ledgerId,
    store,
    snapshots,
    snapshotEveryEvents: 5_000,
  });
  for (const command of setUpCommands) await writer.submit(request(command));
  for (let at = 0; at < BATCHES; at += 20) {
    const batches = Array.from({ length: 20 }, (_, k) => depositBatch(`b${at + k}`, PER_BATCH));
    await Promise.all(batches.map((command) => writer.submit(request(command))));
  }
  await writer.submit(
    request({ type: "ReverseEntry", entryId: "rev-first", reversalOf: id(0, 0) }),
  );
  await writer.submit(request(hold("hold-old", "1.00")));
  await writer.submit(request({ type: "VoidPending", pendingId: "hold-old" }));
  await writer.submit(request(hold("hold-open", "1.00")));
  await writer.close();
}, 300_000);

afterAll(async () => {
  await store.close();
  await pool.end();
  await database.drop();
});

describe("a writer that keeps 1,000 of 200,000 entries", () => {
  it("answers every id decided before the restart with its first outcome", async () => {
    const writer = await LedgerWriter.open({
      ledgerId,
      store,
      snapshots: createPostgresSnapshotStore(pool),
      maxCachedEntries: WINDOW,
    });
    const head = writer.current.chain;
    expect(writer.current.entries.size).toBeLessThanOrEqual(WINDOW + writer.current.openHolds.size);
    for (const [batch, index] of [
      [0, 0],
      [0, 99],
      [BATCHES / 2, 50],
      [BATCHES - 1, 99],
    ] as const) {
      const again = await writer.submit(request(deposit(id(batch, index), "1.00")));
      expect(again.status, id(batch, index)).toBe("duplicate");
      const other = await writer.submit(request(deposit(id(batch, index), "2.00")));
      expect(other.status === "rejected" && other.rejection.code).toBe("id_conflict");
    }
    const batchAgain = await writer.submit(request(depositBatch("b7", PER_BATCH)));
    expect(batchAgain.status).toBe("duplicate");
    const reverseAgain = await writer.submit(
      request({ type: "ReverseEntry", entryId: "rev-first", reversalOf: id(0, 0) }),
    );
    expect(reverseAgain.status).toBe("duplicate");
    const reverseTwice = await writer.submit(
      request({ type: "ReverseEntry", entryId: "rev-second", reversalOf: id(0, 0) }),
    );
    expect(reverseTwice.status === "rejected" && reverseTwice.rejection.code).toBe(
      "already_reversed",
    );
    const voidAgain = await writer.submit(request({ type: "VoidPending", pendingId: "hold-old" }));
    expect(voidAgain.status).toBe("duplicate");
    const postVoided = await writer.submit(request({ type: "PostPending", pendingId: "hold-old" }));
    expect(postVoided.status).toBe("rejected");
    expect((await writer.entryRecord(id(0, 0)))?.reversedBy).toBe("rev-first");
    // Refusals recorded nothing new: rejected re-sends of spent ids append nothing.
    expect(writer.current.chain.nextSequence).toBeGreaterThanOrEqual(head.nextSequence);
    expect(writer.current.entries.size).toBeLessThanOrEqual(
      WINDOW + writer.current.openHolds.size + 1,
    );
    await writer.close();
  }, 120_000);

  it("looks entries up through their indexes, without statistics", async () => {
    const ids = Array.from({ length: 64 }, (_, index) => id(index, index % PER_BATCH));
    const { rows } = await pool.query<{ "QUERY PLAN": string }>(
      `EXPLAIN ${READ_ENTRY_EVENTS_SQL}`,
      [`ledger-${ledgerId}`, ids],
    );
    const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
    // Each probe has both index columns in its condition: never the stream with a filter.
    expect(plan).toMatch(
      /Index Cond: \(\(stream_id = .*\) AND \(\(data ->> 'entryId'::text\) = k\.id\)\)/,
    );
    expect(plan).toMatch(
      /Index Cond: \(\(stream_id = .*\) AND \(\(data ->> 'pendingId'::text\) = k\.id\)\)/,
    );
    expect(plan).toMatch(
      /Index Cond: \(\(stream_id = .*\) AND \(\(data ->> 'reversalOf'::text\) = k\.id\)\)/,
    );
    expect(plan).not.toContain("Seq Scan");
    const analyzed = await pool.query<{ "QUERY PLAN": string }>(
      `EXPLAIN (ANALYZE) ${READ_ENTRY_EVENTS_SQL}`,
      [`ledger-${ledgerId}`, ids],
    );
    expect(analyzed.rows.map((row) => row["QUERY PLAN"]).join("\n")).not.toContain(
      "Rows Removed by Filter",
    );
  });
});
