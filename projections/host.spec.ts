// The projection host and operators' actions against real PostgreSQL: a running host follows
// projection_active (a rebuilt version takes over within a follow interval and the old runner
// stops), rebuilds a version built by another table layout and switches readers once it has
// caught up, restarts a runner resumed after a poison event, and reports lag in events and
// seconds. Dropping a version is refused while readers use it or a runner holds it.
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
import { dropProjectionVersion, ProjectionAdminError, resumeProjection } from "./admin.js";
import {
  activeVersion,
  PROJECTION_MIGRATIONS,
  readCheckpoint,
  switchActiveVersion,
} from "./checkpoints.js";
import { startProjections, type ProjectionHost } from "./host.js";
import { measureLag } from "./lag.js";
import type { Projection, ProjectionFactory } from "./projection.js";
import { ProjectionRunner } from "./runtime.js";
import { recordingProjection, seenBy, writeTestLedger } from "./testing/recordingProjection.js";

const logger = pino({ level: "silent" });
let database: TestDatabase;
let pool: pg.Pool;
let store: EventStore;
let events = 0;
const hosts: ProjectionHost[] = [];

async function waitFor(what: string, condition: () => Promise<boolean> | boolean): Promise<void> {
  for (let waited = 0; waited < 15_000; waited += 20) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function host(name: string, projectionAt: ProjectionFactory): Promise<ProjectionHost> {
  const started = await startProjections({
    pool,
    store,
    logger,
    projections: new Map([[name, projectionAt]]),
    followIntervalMs: 50,
    idleWaitMs: 10,
  });
  hosts.push(started);
  return started;
}

const stateOf = (h: ProjectionHost): string => h.statuses()[0]?.state ?? "none";
const versionOf = (h: ProjectionHost): number => h.statuses()[0]?.version ?? 0;

beforeAll(async () => {
  database = await createTestDatabase("folio_host");
  pool = createPool({ connectionString: database.url, logger, max: 12 });
  store = await openPostgresEventStore({ connectionString: database.url, logger });
  await applyMigrations(pool, logger, PROJECTION_MIGRATIONS);
  events = await writeTestLedger(store, "alpha", 300);
});

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await store.close();
  await pool.end();
  await database.drop();
});

describe("projection host", () => {
  it("follows a switch of the active version: the new version takes over, the old runner stops", async () => {
    const name = "follow_spec";
    const running = await host(name, (version) => recordingProjection(name, version));
    await waitFor("v1 caught up", () => stateOf(running) === "caught_up");
    expect(versionOf(running)).toBe(1);

    const rebuild = new ProjectionRunner({
      pool,
      store,
      projection: recordingProjection(name, 2),
      logger,
    });
    await rebuild.start(true);
    expect(await switchActiveVersion(pool, name, 2, 1)).toBe(true);
    await waitFor("the host on v2", () => versionOf(running) === 2);
    events = await writeTestLedger(store, "alpha", 50, 300);
    await waitFor("v2 caught up", async () => (await seenBy(pool, name, 2)).length === events);
    expect((await seenBy(pool, name, 1)).length).toBe(events - 50);
    const [report] = await running.report();
    expect(report).toMatchObject({ active: true, status: { version: 2 } });
  });

  it("rebuilds a version built by another layout, then switches readers to it", async () => {
    const name = "layout_spec";
    const old = new ProjectionRunner({
      pool,
      store,
      projection: recordingProjection(name, 1, {}, 1),
      logger,
    });
    await old.start(true);
    const upgraded = await host(name, (version) => recordingProjection(name, version, {}, 2));
    expect(versionOf(upgraded)).toBe(2);
    expect((await upgraded.report())[0]?.active).toBe(false);
    await waitFor("readers on v2", async () => (await activeVersion(pool, name)) === 2);
    expect(await seenBy(pool, name, 2)).toEqual(await seenBy(pool, name, 1));
    expect(await readCheckpoint(pool, name, 2)).toMatchObject({ layout: 2, status: "running" });
    await waitFor("the report", async () => (await upgraded.report())[0]?.active === true);
  });

  it("restarts a runner that stopped on a poison event once it is resumed", async () => {
    const name = "resume_spec";
    const fixed = { done: false };
    const poisoned = (version: number): Projection =>
      recordingProjection(name, version, {
        beforeApply: (_, batch) => {
          if (!fixed.done && batch.some((e) => e.event.metadata.sequence === 100)) {
            return Promise.reject(new Error("bug on sequence 100"));
          }
          return Promise.resolve();
        },
      });
    const running = await host(name, poisoned);
    await waitFor("the failure", () => stateOf(running) === "failed");
    const [report] = await running.report();
    expect(report?.status.poison).toMatchObject({ ledgerId: "alpha", sequence: 100 });
    expect(report?.lag.events).toBe(events - 100);
    fixed.done = true;
    await resumeProjection(pool, name);
    await waitFor("caught up again", () => stateOf(running) === "caught_up");
    expect((await seenBy(pool, name, 1)).length).toBe(events);
  });
});

describe("projection lag", () => {
  it("counts the events after the checkpoint and how long the oldest has waited", async () => {
    const name = "lag_spec";
    expect(await measureLag(pool, store, name, 1)).toMatchObject({ events, eventsCapped: false });
    expect((await measureLag(pool, store, name, 1)).seconds).toBeGreaterThan(0);
    const runner = new ProjectionRunner({
      pool,
      store,
      projection: recordingProjection(name, 1),
      logger,
    });
    await runner.start(true);
    expect(await measureLag(pool, store, name, 1)).toEqual({
      name,
      version: 1,
      events: 0,
      eventsCapped: false,
      seconds: 0,
    });
  });
});

describe("dropping a version", () => {
  const name = "drop_spec";
  const factories = new Map([[name, (version: number) => recordingProjection(name, version)]]);
  const refusal = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => null,
      (error: unknown) => (error instanceof ProjectionAdminError ? error.code : error),
    );

  it("is refused for the readers' version and while a runner holds it, then drops its tables", async () => {
    for (const version of [1, 2]) {
      const runner = new ProjectionRunner({
        pool,
        store,
        projection: recordingProjection(name, version),
        logger,
      });
      await runner.start(true);
    }
    await switchActiveVersion(pool, name, 2);
    expect(await refusal(dropProjectionVersion(pool, factories, name, 2))).toBe("version_active");
    expect(await refusal(dropProjectionVersion(pool, factories, name, 7))).toBe("unknown_version");
    expect(await refusal(dropProjectionVersion(pool, factories, "nope", 1))).toBe(
      "unknown_projection",
    );

    const holder = new ProjectionRunner({
      pool,
      store,
      projection: recordingProjection(name, 1),
      logger,
      idleWaitMs: 10,
    });
    void holder.start();
    await waitFor("the holder", () => holder.status().state === "caught_up");
    expect(await refusal(dropProjectionVersion(pool, factories, name, 1))).toBe("version_running");
    await holder.stop();

    await dropProjectionVersion(pool, factories, name, 1);
    expect(await readCheckpoint(pool, name, 1)).toMatchObject({ status: "dropped" });
    const { rows } = await pool.query<{ found: string | null }>(
      "SELECT to_regclass('drop_spec_seen_v1')::text AS found",
    );
    expect(rows[0]?.found).toBeNull();
    const again = new ProjectionRunner({
      pool,
      store,
      projection: recordingProjection(name, 1),
      logger,
    });
    await again.start();
    expect(again.status()).toMatchObject({ state: "failed", error: "drop_spec v1 was dropped" });
    expect((await pool.query("SELECT to_regclass('drop_spec_seen_v1') AS t")).rows[0]).toEqual({
      t: null,
    });
  });
});
