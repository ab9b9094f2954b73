// readAll's plan must not depend on planner statistics: on 120,000 events in a table that was
// never analyzed (autovacuum off for it), and again after ANALYZE, reading a page of the global
// order from the start or from the middle is an index scan of the global-order index under a
// LIMIT, never a bitmap scan of every later event followed by a sort.
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventStore } from "../../ledger-core/index.js";
import { createTestDatabase, type TestDatabase } from "../testing/testDatabase.js";
import { openPostgresEventStore, READ_ALL_SQL } from "./postgresEventStore.js";

const EVENTS = 120_000;
const PAGE = 500;
const logger = pino({ level: "silent" });

let database: TestDatabase;
let store: EventStore;
let admin: pg.Client;

interface PlanNode {
  readonly "Node Type": string;
  readonly "Index Name"?: string;
  readonly Plans?: readonly PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

async function planOf(after: { major: string; minor: string }): Promise<PlanNode> {
  const { rows } = await admin.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    `EXPLAIN (FORMAT JSON) ${READ_ALL_SQL}`,
    [after.major, after.minor, PAGE],
  );
  const plan = rows[0]?.["QUERY PLAN"][0].Plan;
  if (plan === undefined) throw new Error("EXPLAIN returned no plan");
  return plan;
}

function expectPagePlan(plan: PlanNode): void {
  expect(plan["Node Type"]).toBe("Limit");
  const types = nodesOf(plan).map((node) => node["Node Type"]);
  expect(types).not.toContain("Sort");
  expect(types).not.toContain("Bitmap Heap Scan");
  expect(types).not.toContain("Seq Scan");
  const scan = nodesOf(plan).find((node) => node["Node Type"] === "Index Scan");
  expect(scan?.["Index Name"]).toBe("events_global_order_idx");
}

beforeAll(async () => {
  database = await createTestDatabase("folio_plan");
  store = await openPostgresEventStore({ connectionString: database.url, logger });
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query("ALTER TABLE events SET (autovacuum_enabled = false)");
  // Ledger events with a few other streams in between, written straight into the table.
  await admin.query(
    `INSERT INTO events (stream_id, revision, event_id, event_type, schema_version, data, metadata)
     SELECT CASE WHEN g % 100 = 0 THEN 'other-' || g ELSE 'ledger-plan' END,
            CASE WHEN g % 100 = 0 THEN 0 ELSE g END,
            gen_random_uuid(), 'Probe', 1, '{}'::jsonb, '{}'::jsonb
       FROM generate_series(1, $1::int) g`,
    [EVENTS],
  );
}, 120_000);

afterAll(async () => {
  await admin.end();
  await store.close();
  await database.drop();
});

describe("readAll's plan", () => {
  it("reads the next page through the global-order index, with or without statistics", async () => {
    const { rows } = await admin.query<{ analyzed: boolean; major: string; minor: string }>(
      `SELECT (SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL
                 FROM pg_stat_user_tables WHERE relname = 'events') AS analyzed,
              transaction_id::text AS major, global_position::text AS minor
         FROM events ORDER BY global_position OFFSET $1 LIMIT 1`,
      [EVENTS / 2],
    );
    const middle = rows[0];
    expect(middle?.analyzed).toBe(false);
    const fromStart = { major: "0", minor: "0" };
    expectPagePlan(await planOf(fromStart));
    expectPagePlan(await planOf({ major: middle?.major ?? "0", minor: middle?.minor ?? "0" }));

    await admin.query("ANALYZE events");
    expectPagePlan(await planOf(fromStart));
    expectPagePlan(await planOf({ major: middle?.major ?? "0", minor: middle?.minor ?? "0" }));
  });

  it("filters by stream prefix without losing or repeating an event", async () => {
    let position = "start";
    let read = 0;
    let pages = 0;
    for (;;) {
      const page = await store.readAll({
        fromPosition: position,
        maxCount: 5_000,
        filter: { streamPrefix: "ledger-" },
      });
      if (page.length === 0) break;
      expect(page.every((event) => event.streamId === "ledger-plan")).toBe(true);
      expect(page.map((event) => Number(event.revision))).toEqual(
        page.map((_, index) => {
          const n = read + index + 1;
          return n + Math.floor((n - 1) / 99);
        }),
      );
      read += page.length;
      pages += 1;
      position = page[page.length - 1]?.position ?? position;
    }
    expect(read).toBe(EVENTS - EVENTS / 100);
    expect(pages).toBe(Math.ceil(read / 5_000));
  });
});
