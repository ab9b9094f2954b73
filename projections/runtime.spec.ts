// The projection runtime against real PostgreSQL and a real event store: every event applied
// exactly once across lost connections mid-batch and restarts, failures outside the
// projection's code retried, a poison event found within its batch, named, never skipped and
// resumable after a fix, one active instance per version, and a rebuilt version equals the
// live one.
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
import type { EventStore } from "../ledger-core/index.js";
import {
  activeVersion,
  PROJECTION_MIGRATIONS,
  readCheckpoint,
  switchActiveVersion,
} from "./checkpoints.js";
import { resumeProjection } from "./admin.js";
import type { Projection } from "./projection.js";
import { ProjectionRunner } from "./runtime.js";
import {
  recordingProjection as recordingOf,
  seenBy,
  writeTestLedger,
  type RecordingHooks,
  type SeenRow,
} from "./testing/recordingProjection.js";

const logger = pino({ level: "silent" });
let database: TestDatabase;
let pool: pg.Pool;
let store: EventStore;

const recordingProjection = (version: number, hooks: RecordingHooks = {}): Projection =>
  recordingOf("runtime_spec", version, hooks);
const seen = (version: number): Promise<SeenRow[]> => seenBy(pool, "runtime_spec", version);
const writeLedger = (ledgerId: string, entries: number): Promise<number> =>
  writeTestLedger(store, ledgerId, entries);

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

  it("finds the poison event inside its batch, names it, never skips it, and resumes after a fix", async () => {
    const poisonSequence = 42;
    const fixed = { done: false };
    const projection: Projection = {
      ...recordingProjection(3),
      name: "runtime_spec_poison",
      async apply(client, events) {
        for (const { ledgerId, event } of events) {
          if (!fixed.done && ledgerId === "alpha" && event.metadata.sequence === poisonSequence)
            throw new Error("cannot apply this event");
        }
        await recordingProjection(3).apply(client, events);
      },
    };
    const runner = new ProjectionRunner({ pool, store, projection, logger, batchSize: 10 });
    await runner.start();
    const status = runner.status();
    expect(status).toMatchObject({
      state: "failed",
      poison: {
        streamId: "ledger-alpha",
        ledgerId: "alpha",
        sequence: poisonSequence,
        type: "EntryPosted",
        error: "cannot apply this event",
      },
    });
    expect(status.error).toMatch(
      /ledger-alpha sequence 42 \(EntryPosted, position .+\): cannot apply/,
    );
    const checkpoint = await readCheckpoint(pool, "runtime_spec_poison", 3);
    expect(checkpoint).toMatchObject({ status: "failed", poison: status.poison });
    // The events before it in the same batch of 10 were applied one by one; none after it.
    const applied = await seen(3);
    const alpha = applied
      .filter((row) => row.ledger_id === "alpha")
      .map((row) => Number(row.sequence));
    expect(alpha).toEqual(Array.from({ length: poisonSequence }, (_, index) => index));
    expect(checkpoint?.position).toBe(status.position);

    const restarted = new ProjectionRunner({ pool, store, projection, logger, batchSize: 10 });
    await restarted.start();
    expect(restarted.status()).toMatchObject({ state: "failed", poison: status.poison });
    expect(await seen(3)).toEqual(applied);

    fixed.done = true;
    await resumeProjection(pool, "runtime_spec_poison", 3);
    const resumed = new ProjectionRunner({ pool, store, projection, logger, batchSize: 10 });
    await resumed.start(true);
    expect(resumed.status()).toMatchObject({
      state: "caught_up",
      eventsApplied: total,
      poison: null,
    });
    expect(await seen(3)).toEqual(await seen(1));
  });

  it("pipelines prepared batches, applied exactly once in order, and still finds a poison event in one", async () => {
    const poisonSequence = 42;
    const fixed = { done: false };
    const log: string[] = [];
    const base = recordingOf("runtime_spec_pipelined", 4);
    const projection: Projection = {
      ...base,
      prepare(events) {
        const first = events[0]?.position ?? "";
        log.push(`prepare ${first}`);
        return {
          write: async (client) => {
            // A failure in the database half of a prepared batch: the runner applies the batch
            // again through apply(), one event at a time, and names the event.
            const poison = events.find(
              (p) => p.ledgerId === "alpha" && p.event.metadata.sequence === poisonSequence,
            );
            if (!fixed.done && poison !== undefined) throw new Error("cannot write this event");
            await base.apply(client, events);
          },
          committed: () => log.push(`commit ${first}`),
        };
      },
      async apply(client, events) {
        const poison = events.some(
          (p) => p.ledgerId === "alpha" && p.event.metadata.sequence === poisonSequence,
        );
        if (!fixed.done && poison) throw new Error("cannot write this event");
        await base.apply(client, events);
      },
    };
    const options = { pool, store, projection, logger, batchSize: 10 };
    const runner = new ProjectionRunner(options);
    await runner.start();
    expect(runner.status()).toMatchObject({
      state: "failed",
      poison: { ledgerId: "alpha", sequence: poisonSequence, error: "cannot write this event" },
    });
    const alpha = (await seenBy(pool, "runtime_spec_pipelined", 4))
      .filter((row) => row.ledger_id === "alpha")
      .map((row) => Number(row.sequence));
    expect(alpha).toEqual(Array.from({ length: poisonSequence }, (_, index) => index));
    // Batch n+1 was prepared while batch n's transaction ran: before n committed.
    const overlapped = log.some(
      (entry, i) => entry.startsWith("prepare") && log[i + 1]?.startsWith("commit"),
    );
    expect(overlapped).toBe(true);

    fixed.done = true;
    await resumeProjection(pool, "runtime_spec_pipelined", 4);
    const resumed = new ProjectionRunner(options);
    await resumed.start(true);
    expect(resumed.status()).toMatchObject({ state: "caught_up", eventsApplied: total });
    expect(await seenBy(pool, "runtime_spec_pipelined", 4)).toEqual(await seen(1));
  });

  it("retries failures outside the projection's code until they pass, then carries on", async () => {
    let failuresLeft = 3;
    const flaky: EventStore = {
      ...store,
      readAll: (options) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          return Promise.reject(new Error("the store hiccuped"));
        }
        return store.readAll(options);
      },
    };
    const states: string[] = [];
    const runner = new ProjectionRunner({
      pool,
      store: flaky,
      projection: recordingProjection(4),
      logger,
      batchSize: 200,
      onBatch: (status) => states.push(status.state),
    });
    const done = runner.start(true);
    for (let wait = 0; wait < 100 && runner.status().state !== "retrying"; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(runner.status()).toMatchObject({ state: "retrying", error: "the store hiccuped" });
    await done;
    expect(runner.status()).toMatchObject({ state: "caught_up", retries: 0, error: null });
    expect(await seen(4)).toEqual(await seen(1));
  });

  it("starts again from the checkpoint when another instance moved it (compare-and-set)", async () => {
    // Another instance (simulated) applies the 10 events after the first batch and moves the
    // checkpoint after this runner committed its first batch and before it applies its second
    // (read while the first applied): the runner's compare-and-set fails, it keeps nothing of
    // that batch, re-reads the checkpoint, and goes on after those 10 events.
    const all = await store.readAll({ fromPosition: "start", maxCount: 1_000 });
    const skipped = all.slice(100, 110);
    const movedTo = skipped.at(-1)?.position ?? "start";
    const firstBatchEnd = all[99]?.position;
    let reads = 0;
    const racing: EventStore = {
      ...store,
      readAll: async (options) => {
        reads += 1;
        if (reads === 2) {
          const committed = async (): Promise<boolean> =>
            (await readCheckpoint(pool, "runtime_spec", 6))?.position === firstBatchEnd;
          while (!(await committed())) await new Promise((resolve) => setTimeout(resolve, 5));
          await pool.query(
            "UPDATE projection_checkpoints SET position = $1, events_applied = events_applied + 10 WHERE name = 'runtime_spec' AND version = 6",
            [movedTo],
          );
        }
        return store.readAll(options);
      },
    };
    const runner = new ProjectionRunner({
      pool,
      store: racing,
      projection: recordingProjection(6),
      logger,
      batchSize: 100,
    });
    await runner.start(true);
    expect(runner.status()).toMatchObject({ state: "caught_up", eventsApplied: total });
    const applied = (await seen(6)).map((row) => `${row.ledger_id}:${row.sequence}`);
    const skippedKeys = skipped.map((event) => `${event.streamId.slice(7)}:${event.revision}`);
    expect(applied).toHaveLength(total - 10);
    expect(applied.filter((key) => skippedKeys.includes(key))).toEqual([]);
    expect(new Set(applied).size).toBe(applied.length);
  });

  it("waits out a lost advisory-lock connection and resumes from its checkpoint", async () => {
    const slow = recordingProjection(5, {
      beforeApply: () => new Promise((resolve) => setTimeout(resolve, 10)),
    });
    const runner = new ProjectionRunner({
      pool,
      store,
      projection: slow,
      logger,
      batchSize: 50,
      idleWaitMs: 10,
    });
    void runner.start();
    for (let wait = 0; wait < 200 && runner.status().eventsApplied < 100; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(runner.status().eventsApplied).toBeLessThan(total);
    // Every connection of this projection's pool, the lock's included, is killed at once.
    await pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND application_name = 'folio'`,
    );
    const states = new Set<string>();
    for (let wait = 0; wait < 800 && runner.status().state !== "caught_up"; wait += 1) {
      states.add(runner.status().state);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(states).toContain("retrying");
    expect(runner.status()).toMatchObject({ state: "caught_up", eventsApplied: total });
    await runner.stop();
    expect(await seen(5)).toEqual(await seen(1));
  });
});
