// The entry index is exact at any lag: generated ledgers (the core's histories: entries,
// holds and their resolutions, reversals, ids that are also other events' pendingId or
// reversalOf, rejected ids; an empty ledger) and a foreign stream are appended to a memory store,
// interleaved; the real projection runtime builds the index over a random prefix of the global
// order (none, part, all); then, for any wanted ids (known, missing, invalid but storable,
// unstorable in PostgreSQL), withEntryIndex's readEntryEvents equals the memory store's own, on
// every ledger, the foreign stream and an unknown stream.
import fc from "fast-check";
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
import type { EventStore, EventToAppend, JsonValue } from "../../ledger-core/index.js";
import { playHistory } from "../../ledger-core/testing/historyRunner.js";
import { historyArbitrary } from "../../ledger-core/testing/ledgerArbitraries.js";
import { PROJECTION_MIGRATIONS, switchActiveVersion } from "../checkpoints.js";
import { ProjectionRunner } from "../runtime.js";
import { entryIndexProjection } from "./entryIndexProjection.js";
import { prefixView } from "./entryIndexTesting.js";
import { ENTRY_INDEX_PROJECTION_NAME } from "./entryIndexTables.js";
import { withEntryIndex } from "./indexedLookup.js";

const NUM_RUNS = Number(process.env.ENTRY_INDEX_PROPERTY_RUNS ?? 100);
const logger = pino({ level: "silent" });
let database: TestDatabase;
let pool: pg.Pool;
let runs = 0;
/** What the generated cases covered: the property must not pass by building nothing. */
const covered = { partial: 0, full: 0, found: 0 };

beforeAll(async () => {
  database = await createTestDatabase("folio_entry_index_props");
  pool = createPool({ connectionString: database.url, logger, max: 6 });
  await applyMigrations(pool, logger, PROJECTION_MIGRATIONS);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

/** Ids the histories use (e0..e9 entries, h0..h2 holds, fund:n prelude) and ids they never do. */
const wantedId = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 9 }).map((n) => `e${n}`), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 2 }).map((n) => `h${n}`), weight: 2 },
  fc.integer({ min: 1, max: 5 }).map((n) => `fund:${n}`),
  fc.constantFrom("e42", "never", "cash:usd", "fingerprint"),
  fc.constantFrom("has space", "ünïcode", "tab\there", "back\\slash", "it's", "x".repeat(300)),
  fc.constantFrom("nul\u0000e1", "lone\uD800", "e1\u0000"),
  fc.string({ minLength: 1, maxLength: 6 }),
);

/** A foreign (not ledger-) stream's event naming ids, some of them unstorable in PostgreSQL. */
const foreignEvent = fc
  .record({
    entryId: fc.option(fc.constantFrom("e1", "h0", "nul\u0000e1", "lone\uD800"), { nil: null }),
    pendingId: fc.option(fc.constantFrom("e1", "h0", "has space"), { nil: null }),
  })
  .map((data): EventToAppend => ({
    id: uuidv4(),
    type: "Foreign",
    version: 1,
    data,
    metadata: {},
  }));

const ledgerArbitrary = fc.oneof(
  { arbitrary: historyArbitrary, weight: 4 },
  { arbitrary: fc.constant(null), weight: 1 }, // a ledger with no events: an empty stream
);

const caseArbitrary = fc.record({
  ledgers: fc.array(ledgerArbitrary, { minLength: 1, maxLength: 3 }),
  foreign: fc.array(foreignEvent, { maxLength: 6 }),
  picks: fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
  /** How much of the global order the index has applied, in thousandths. */
  perMille: fc.oneof(fc.constant(0), fc.constant(1_000), fc.integer({ min: 1, max: 999 })),
  wanted: fc.array(fc.array(wantedId, { maxLength: 12 }), { minLength: 1, maxLength: 3 }),
  batchSize: fc.integer({ min: 1, max: 40 }),
  maxGap: fc.integer({ min: 0, max: 20 }),
  readConcurrency: fc.integer({ min: 1, max: 4 }),
});

const toAppend = (event: { type: string; version: number; data: unknown; metadata: unknown }) => ({
  id: uuidv4(),
  type: event.type,
  version: event.version,
  data: event.data as JsonValue,
  metadata: event.metadata as JsonValue,
});

/** Appends every stream's events in chunks, the streams interleaved as `picks` say. */
async function appendInterleaved(
  store: EventStore,
  streams: ReadonlyMap<string, EventToAppend[]>,
  picks: readonly number[],
): Promise<void> {
  const left = new Map<string, EventToAppend[]>();
  for (const [stream, events] of streams) if (events.length > 0) left.set(stream, [...events]);
  for (let step = 0; left.size > 0; step += 1) {
    const pick = picks[step % picks.length] ?? 0;
    const names = [...left.keys()];
    const stream = names[pick % names.length] ?? "";
    const events = left.get(stream) ?? [];
    await store.append(stream, events.splice(0, 1 + (pick % 7)), "any");
    if (events.length === 0) left.delete(stream);
  }
}

/** Builds index version `version` over the first `count` events through the runtime. */
async function buildIndex(store: EventStore, count: number, version: number, batchSize: number) {
  const runner = new ProjectionRunner({
    pool,
    store: await prefixView(store, count),
    projection: entryIndexProjection(version),
    logger,
    batchSize,
    idleWaitMs: 1,
  });
  await runner.start(true);
  expect(runner.status().state).toBe("caught_up");
  return runner.status().eventsApplied;
}

describe("entry index", () => {
  it("withEntryIndex(store).readEntryEvents equals the store's own, at any lag", async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (c) => {
        const run = (runs += 1);
        const memory = createMemoryEventStore();
        const streams = new Map<string, EventToAppend[]>();
        c.ledgers.forEach((steps, n) => {
          const events = steps === null ? [] : playHistory(steps).events.map(toAppend);
          streams.set(`ledger-r${run}-${n}`, events);
        });
        streams.set(`foreign-r${run}`, [...c.foreign]);
        const lookedUp = [...streams.keys(), `ledger-r${run}-unknown`];
        await appendInterleaved(memory, streams, c.picks);
        const total = [...streams.values()].reduce((sum, events) => sum + events.length, 0);
        const count = Math.round((c.perMille * total) / 1_000);
        const ledgerEvents = (await memory.readAll({ fromPosition: "start", maxCount: 10_000 }))
          .slice(0, count)
          .filter((event) => event.streamId.startsWith("ledger-")).length;
        expect(await buildIndex(memory, count, run, c.batchSize)).toBe(ledgerEvents);
        if (count > 0 && count < total) covered.partial += 1;
        if (count > 0 && count === total) covered.full += 1;
        await switchActiveVersion(pool, ENTRY_INDEX_PROJECTION_NAME, run);
        const { maxGap, readConcurrency } = c;
        const indexed = withEntryIndex(memory, pool, { maxGap, readConcurrency });
        for (const stream of lookedUp) {
          for (const ids of c.wanted) {
            const expected = await memory.readEntryEvents(stream, ids);
            expect(await indexed.readEntryEvents(stream, ids)).toEqual(expected);
            covered.found += expected.length;
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
    expect(covered.partial).toBeGreaterThan(NUM_RUNS / 10);
    expect(covered.full).toBeGreaterThan(NUM_RUNS / 10);
    expect(covered.found).toBeGreaterThan(NUM_RUNS);
  });
});
