// withEntryIndex against real PostgreSQL over the memory event store: the whole event-store
// contract (its readEntryEvents cases included) with the index caught up before each lookup;
// a caught-up lookup reads only the events it finds (no scan of the stream); the lookup probes
// the index without statistics (no Seq Scan); without the index's tables or the projections'
// bookkeeping it falls back to the store's own lookup; the active version is the one read.
import type pg from "pg";
import { pino } from "pino";
import { v4 as uuidv4 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  createMemoryEventStore,
  createPool,
  createTestDatabase,
  type TestDatabase,
} from "../../event-store/index.js";
import { describeEventStoreContract } from "../../event-store/testing/eventStoreContract.js";
import { MAX_READ_BATCH, type EventStore, type EventToAppend } from "../../ledger-core/index.js";
import { PROJECTION_MIGRATIONS, switchActiveVersion } from "../checkpoints.js";
import { inTransaction } from "../transaction.js";
import { entryIndexRows, writeEntryIndexRows } from "./entryIndexProjection.js";
import {
  bound,
  caughtUpIndexStore,
  countingStore,
  indexStoredEvents,
} from "./entryIndexTesting.js";
import {
  ENTRY_INDEX_PROJECTION_NAME,
  entryIndexSetupSql,
  entryIndexTables,
  lookupSql,
} from "./entryIndexTables.js";
import { runsOf, withEntryIndex } from "./indexedLookup.js";

const logger = pino({ level: "silent" });
let database: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase("folio_entry_index");
  pool = createPool({ connectionString: database.url, logger, max: 4 });
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describeEventStoreContract("withEntryIndex(memory), index caught up", () =>
  Promise.resolve(caughtUpIndexStore(createMemoryEventStore(), pool, 1)),
);

const entryEvent = (data: Record<string, string | null>): EventToAppend => ({
  id: uuidv4(),
  type: "TestEntryEvent",
  version: 1,
  data: { ...data, note: "x" },
  metadata: {},
});

/** A stream of `count` entries e0.. (every third reversing the one before) in `store`. */
async function writeEntries(store: EventStore, stream: string, count: number): Promise<void> {
  const events = Array.from({ length: count }, (_, n) =>
    entryEvent({ entryId: `e${n}`, reversalOf: n % 3 === 2 ? `e${n - 1}` : null }),
  );
  for (let at = 0; at < count; at += 1_000) {
    await store.append(stream, events.slice(at, at + 1_000), "any");
  }
}

/** A store whose readEntryEvents is counted, so a test sees whether a lookup fell back. */
function spiedStore(): { store: EventStore; fallbacks: () => number } {
  const inner = createMemoryEventStore();
  let calls = 0;
  const readEntryEvents: EventStore["readEntryEvents"] = (streamId, ids) => {
    calls += 1;
    return inner.readEntryEvents(streamId, ids);
  };
  const store: EventStore = { ...bound(inner), readEntryEvents };
  return { store, fallbacks: () => calls };
}

describe("withEntryIndex", () => {
  it("a caught-up lookup reads only the events it finds, not the stream", async () => {
    const memory = createMemoryEventStore();
    await writeEntries(memory, "ledger-bounded", 5_000);
    await indexStoredEvents(pool, memory, 2);
    const { store, counts } = countingStore(memory);
    const indexed = withEntryIndex(store, pool, { version: 2 });
    const found = await indexed.readEntryEvents("ledger-bounded", ["e1", "e4", "e4000", "none"]);
    expect(found.map((event) => event.revision)).toEqual([1n, 2n, 4n, 5n, 4000n, 4001n]);
    expect(found).toEqual(await memory.readEntryEvents("ledger-bounded", ["e1", "e4", "e4000"]));
    // 1..5 is one range (maxGap), 4000..4001 another; the tail is empty: 7 events read.
    expect(counts.streamEvents).toBe(7);
  });

  it("probes the index by (stream, key) without statistics: no Seq Scan", async () => {
    const tables = entryIndexTables(3);
    await pool.query(entryIndexSetupSql(tables));
    const events = Array.from({ length: 20_000 }, (_, n) => ({
      streamId: `ledger-${n % 10}`,
      revision: BigInt(Math.floor(n / 10)),
      data: { entryId: `e${n}`, pendingId: `h${n % 100}` },
    }));
    await inTransaction(pool, (client) =>
      writeEntryIndexRows(client, tables, entryIndexRows(events)),
    );
    const { rows: stats } = await pool.query<{ reltuples: number }>(
      "SELECT reltuples FROM pg_class WHERE relname = $1",
      [tables.keys],
    );
    expect(stats[0]?.reltuples).toBeLessThan(0); // never analyzed nor vacuumed
    const { rows } = await pool.query<{ "QUERY PLAN": string }>(`EXPLAIN ${lookupSql(tables)}`, [
      "ledger-3",
      ["e13", "h3", "missing"],
    ]);
    const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
    expect(plan).not.toMatch(/Seq Scan/);
    expect(plan).toContain(`Index Only Scan using ${tables.keys}_pkey`);
    expect(plan).toContain(`Index Scan using ${tables.heads}_pkey`);
    const indexed = withEntryIndex(createMemoryEventStore(), pool, { version: 3 });
    await expect(indexed.readEntryEvents("ledger-3", ["e13"])).rejects.toThrow(/another store/);
  });

  it("falls back to the store's own lookup while the index has no tables", async () => {
    const { store, fallbacks } = spiedStore();
    await writeEntries(store, "ledger-fallback", 10);
    const indexed = withEntryIndex(store, pool, { version: 77 });
    expect((await indexed.readEntryEvents("ledger-fallback", ["e1"])).length).toBe(2);
    expect(fallbacks()).toBe(1);
  });

  it("falls back without the projections' bookkeeping; else reads the active version", async () => {
    const { store, fallbacks } = spiedStore();
    await writeEntries(store, "ledger-active", 3_000);
    const indexed = withEntryIndex(store, pool, { versionTtlMs: 0 });
    expect((await indexed.readEntryEvents("ledger-active", ["e7"])).length).toBe(2);
    expect(fallbacks()).toBe(1); // no projection_active table yet
    await applyMigrations(pool, logger, PROJECTION_MIGRATIONS);
    await indexStoredEvents(pool, store, 4);
    await switchActiveVersion(pool, ENTRY_INDEX_PROJECTION_NAME, 4);
    const { store: counted, counts } = countingStore(store);
    const active = withEntryIndex(counted, pool);
    expect((await active.readEntryEvents("ledger-active", ["e7"])).length).toBe(2);
    expect(counts.streamEvents).toBe(2);
    expect(fallbacks()).toBe(1);
  });

  it("reads neighbouring revisions in one range, no range longer than a read batch", () => {
    expect(runsOf([], 16)).toEqual([]);
    expect(runsOf([3n, 5n, 21n, 40n], 16)).toEqual([
      { from: 3n, count: 19 },
      { from: 40n, count: 1 },
    ]);
    expect(runsOf([3n, 4n], 0)).toEqual([
      { from: 3n, count: 1 },
      { from: 4n, count: 1 },
    ]);
    const dense = Array.from({ length: MAX_READ_BATCH + 1 }, (_, n) => BigInt(n));
    expect(runsOf(dense, 1)).toEqual([
      { from: 0n, count: MAX_READ_BATCH },
      { from: BigInt(MAX_READ_BATCH), count: 1 },
    ]);
  });

  it("refuses what the port refuses, as the store does", async () => {
    const indexed = withEntryIndex(createMemoryEventStore(), pool, { version: 1 });
    await expect(indexed.readEntryEvents("ledger-x", [""])).rejects.toMatchObject({
      code: "invalid_argument",
    });
    expect(await indexed.readEntryEvents("ledger-x", [])).toEqual([]);
  });
});
