// The projection runtime against real PostgreSQL and a real event store: every event applied
// exactly once across lost connections mid-batch and restarts, a poison event stops it and is
// never skipped, one active instance per version, and a rebuilt version equals the live one.
import type pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  createPool,
  createTestDatabase,
  openPostgresEventStore,
  type TestDatabase,
} from "../event-store/index.js";
import { LedgerWriter, type EventStore } from "../ledger-core/index.js";
import type { Command } from "../schemas/index.js";
import { versionedTable, type Projection, type ProjectedEvent } from "./projection.js";
import {
  activeVersion,
  PROJECTION_MIGRATIONS,
  ProjectionRunner,
  switchActiveVersion,
} from "./runtime.js";

const logger = pino({ level: "silent" });
let database: TestDatabase;
let pool: pg.Pool;
let store: EventStore;

/** Records every (ledger, sequence) it applies; the primary key makes a double apply fail. */
function recordingProjection(
  version: number,
  hooks: {
    beforeApply?: (client: pg.PoolClient, events: readonly ProjectedEvent[]) => Promise<void>;
  } = {},
): Projection {
  const table = versionedTable("runtime_spec_seen", version);
  return {
    name: "runtime_spec",
    version,
    async setup(client) {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${table} (ledger_id text, sequence bigint, type text, PRIMARY KEY (ledger_id, sequence))`,
      );
    },
    async apply(client, events) {
      await hooks.beforeApply?.(client, events);
      for (const { ledgerId, event } of events) {
        await client.query(`INSERT INTO ${table} VALUES ($1, $2, $3)`, [
          ledgerId,
          event.metadata.sequence,
          event.type,
        ]);
      }
    },
  };
}

async function seen(
  version: number,
): Promise<{ ledger_id: string; sequence: string; type: string }[]> {
  const { rows } = await pool.query<{ ledger_id: string; sequence: string; type: string }>(
    `SELECT ledger_id, sequence::text AS sequence, type FROM ${versionedTable("runtime_spec_seen", version)} AS seen
     ORDER BY seen.ledger_id, seen.sequence`,
  );
  return rows;
}

async function writeLedger(ledgerId: string, entries: number): Promise<number> {
  const writer = await LedgerWriter.open({ ledgerId, store });
  const submit = (command: Command) =>
    writer.submit({ command, actor: "spec", correlationId: "spec" });
  await submit({
    type: "CreateLedger",
    ledgerId,
    name: ledgerId,
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  });
  await submit({ type: "OpenAccount", accountId: "a", currency: "USD", accountType: "asset" });
  await submit({ type: "OpenAccount", accountId: "b", currency: "USD", accountType: "liability" });
  await Promise.all(
    Array.from({ length: entries }, (_, index) =>
      submit({
        type: "PostEntry",
        entryId: `e${index}`,
        postings: [
          { accountId: "a", side: "debit", amount: "1.00" },
          { accountId: "b", side: "credit", amount: "1.00" },
        ],
      }),
    ),
  );
  const events = writer.current.chain.nextSequence;
  await writer.close();
  return events;
}

beforeAll(async () => {
  database = await createTestDatabase("folio_projections");
  pool = createPool({ connectionString: database.url, logger, max: 8 });
  store = await openPostgresEventStore({ connectionString: database.url, logger });
  await applyMigrations(pool, logger, PROJECTION_MIGRATIONS);
});

afterAll(async () => {
  await store.close();
  await pool.end();
  await database.drop();
});

describe("ProjectionRunner", () => {
  let total = 0;

  it("applies every event of every ledger exactly once, across lost connections and a restart", async () => {
    total = (await writeLedger("alpha", 600)) + (await writeLedger("beta", 300));
    let batches = 0;
    const projection = recordingProjection(1, {
      beforeApply: async (client) => {
        batches += 1;
        // Every third batch loses its connection halfway: the server rolls the batch back.
        if (batches % 3 === 0) await client.query("SELECT pg_terminate_backend(pg_backend_pid())");
      },
    });
    const first = new ProjectionRunner({
      pool,
      store,
      projection,
      logger,
      batchSize: 100,
      idleWaitMs: 10,
    });
    void first.start();
    for (let wait = 0; wait < 200 && first.status().eventsApplied < total / 2; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await first.stop();
    expect(first.status().state).toBe("stopped");

    const second = new ProjectionRunner({ pool, store, projection, logger, batchSize: 100 });
    await second.start(true);
    expect(second.status()).toMatchObject({
      state: "caught_up",
      eventsApplied: total,
      error: null,
    });
    const rows = await seen(1);
    expect(rows).toHaveLength(total);
    expect(
      rows.filter((row) => row.ledger_id === "alpha").map((row) => Number(row.sequence)),
    ).toEqual(Array.from({ length: total - 303 }, (_, index) => index));
    expect(batches).toBeGreaterThanOrEqual(9);
  });

  it("keeps one active instance per projection version", async () => {
    const projection = recordingProjection(1);
    const active = new ProjectionRunner({ pool, store, projection, logger, idleWaitMs: 10 });
    void active.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const standby = new ProjectionRunner({ pool, store, projection, logger, idleWaitMs: 10 });
    void standby.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(active.status().state).toBe("caught_up");
    expect(standby.status().state).toBe("standby");
    await active.stop();
    for (let wait = 0; wait < 100 && standby.status().state !== "caught_up"; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(standby.status().state).toBe("caught_up");
    await standby.stop();
    expect(await seen(1)).toHaveLength(total);
  });

  it("rebuilds a new version from zero beside the live one, equal row for row, then switches", async () => {
    const rebuild = new ProjectionRunner({
      pool,
      store,
      projection: recordingProjection(2),
      logger,
      batchSize: 250,
    });
    await rebuild.start(true);
    expect(await seen(2)).toEqual(await seen(1));
    expect(await activeVersion(pool, "runtime_spec")).toBe(1);
    await switchActiveVersion(pool, "runtime_spec", 2);
    expect(await activeVersion(pool, "runtime_spec")).toBe(2);
  });

  it("stops on a poison event, says so, and never skips it", async () => {
    const poisonSequence = 42;
    const projection: Projection = {
      ...recordingProjection(3),
      name: "runtime_spec_poison",
      async apply(client, events) {
        for (const { event } of events) {
          if (event.metadata.sequence === poisonSequence)
            throw new Error("cannot apply this event");
        }
        await recordingProjection(3).apply(client, events);
      },
    };
    const runner = new ProjectionRunner({ pool, store, projection, logger, batchSize: 10 });
    await runner.start();
    expect(runner.status()).toMatchObject({ state: "failed", error: "cannot apply this event" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { rows } = await pool.query<{ status: string; error: string }>(
      "SELECT status, error FROM projection_checkpoints WHERE name = 'runtime_spec_poison'",
    );
    expect(rows[0]).toMatchObject({ status: "failed", error: "cannot apply this event" });
    const applied = await seen(3);
    expect(
      applied.every((row) => Number(row.sequence) < poisonSequence || row.ledger_id !== "alpha"),
    ).toBe(true);

    const restarted = new ProjectionRunner({ pool, store, projection, logger, batchSize: 10 });
    await restarted.start();
    expect(restarted.status().state).toBe("failed");
    expect(await seen(3)).toEqual(applied);
  });
});
