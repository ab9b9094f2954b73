// The ledger writer over withEntryIndex (a memory store standing in for EventStoreDB, real
// PostgreSQL for the index): a ledger of 2,000 deposits, the index built by the projection
// runtime over the first part, more deposits after it (the index lags), then a writer that
// keeps one entry re-sends old and recent ids: first outcomes, id_conflict for other content,
// a reversal of an old entry refused a second time; and a lookup of an indexed id reads the
// events it finds plus the lagging tail, not the stream.
import type pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  createMemoryEventStore,
  createPool,
  createTestDatabase,
  type TestDatabase,
} from "../../event-store/index.js";
import { LedgerWriter, type EventStore } from "../../ledger-core/index.js";
import {
  deposit,
  depositBatch,
  ledgerId,
  request,
  setUpCommands,
  streamId,
} from "../../ledger-core/testing/writerFixtures.js";
import { PROJECTION_MIGRATIONS } from "../checkpoints.js";
import { ProjectionRunner } from "../runtime.js";
import { entryIndexProjection } from "./entryIndexProjection.js";
import { countingStore } from "./entryIndexTesting.js";
import { withEntryIndex } from "./indexedLookup.js";

const logger = pino({ level: "silent" });
const BATCHES = 20;
const PER_BATCH = 100;
const LAGGING = 3;
let database: TestDatabase;
let pool: pg.Pool;
const memory = createMemoryEventStore();
const { store: counted, counts } = countingStore(memory);
let store: EventStore;

async function writeBatches(from: number, to: number): Promise<void> {
  const writer = await LedgerWriter.open({ ledgerId, store });
  if (from === 0) for (const command of setUpCommands) await writer.submit(request(command));
  for (let batch = from; batch < to; batch += 1) {
    await writer.submit(request(depositBatch(`b${batch}`, PER_BATCH)));
  }
  await writer.close();
}

beforeAll(async () => {
  database = await createTestDatabase("folio_entry_index_writer");
  pool = createPool({ connectionString: database.url, logger, max: 4 });
  await applyMigrations(pool, logger, PROJECTION_MIGRATIONS);
  store = withEntryIndex(counted, pool);
  await writeBatches(0, BATCHES);
  const runner = new ProjectionRunner({ pool, store, projection: entryIndexProjection(), logger });
  await runner.start(true);
  expect(runner.status().state).toBe("caught_up");
  await writeBatches(BATCHES, BATCHES + LAGGING);
}, 120_000);

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe("a writer that keeps one entry, over the entry index", () => {
  it("answers old and recent ids with their first outcome", async () => {
    const writer = await LedgerWriter.open({ ledgerId, store, maxCachedEntries: 1 });
    const head = writer.current.chain.nextSequence;
    for (const entryId of ["b0-0", "b7-50", `b${BATCHES - 1}-99`, `b${BATCHES + LAGGING - 1}-1`]) {
      expect((await writer.submit(request(deposit(entryId, "1.00")))).status, entryId).toBe(
        "duplicate",
      );
      const other = await writer.submit(request(deposit(entryId, "2.00")));
      expect(other.status === "rejected" && other.rejection.code).toBe("id_conflict");
    }
    const reverse = { type: "ReverseEntry", entryId: "rev-1", reversalOf: "b1-1" } as const;
    expect((await writer.submit(request(reverse))).status).toBe("accepted");
    const twice = await writer.submit(request({ ...reverse, entryId: "rev-2" }));
    expect(twice.status === "rejected" && twice.rejection.code).toBe("already_reversed");
    expect(writer.current.chain.nextSequence).toBeGreaterThan(head);
    await writer.close();
  });

  it("reads the events it finds and the lagging tail, not the stream", async () => {
    const stored = await memory.readStream(streamId, {
      fromRevision: "end",
      direction: "backwards",
      maxCount: 1,
    });
    const length = Number(stored[0]?.revision ?? 0n) + 1;
    counts.streamEvents = 0;
    const found = await store.readEntryEvents(streamId, ["b0-0", "b2-2"]);
    expect(found).toEqual(await memory.readEntryEvents(streamId, ["b0-0", "b2-2"]));
    expect(found.length).toBeGreaterThan(0);
    // The tail: LAGGING batches and what the first test appended, far below the stream.
    expect(counts.streamEvents).toBeLessThan(length / 2);
  });
});
