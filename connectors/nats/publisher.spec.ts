// The NATS event publisher against the shared NATS (NATS_URL, default nats://127.0.0.1:4222)
// and real PostgreSQL: every ledger event in JetStream exactly once and in order per ledger,
// with its subject, headers, stored JSON and balances; no gap and no duplicate across a
// restart and a crash between the acks and the checkpoint's commit; one active instance.
import type pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPool,
  createTestDatabase,
  openPostgresEventStore,
  type TestDatabase,
} from "../../event-store/index.js";
import { START_POSITION, type EventStore } from "../../ledger-core/index.js";
import { startEventPublisher, type EventPublisherOptions } from "./publisher.js";
import {
  SHARED_NATS_URL,
  deleteStream,
  readStream,
  uniqueNames,
  waitFor,
  writeLedger,
  type ReadMessage,
} from "./publisherTestKit.js";

const logger = pino({ level: "silent" });
let database: TestDatabase;
let pool: pg.Pool;
let store: EventStore;
const streams: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase("folio_nats_pub");
  pool = createPool({ connectionString: database.url, logger, max: 8 });
  store = await openPostgresEventStore({ connectionString: database.url, logger });
});

afterAll(async () => {
  for (const stream of streams) await deleteStream(SHARED_NATS_URL, stream);
  await store.close();
  await pool.end();
  await database.drop();
});

function options(overrides: Partial<EventPublisherOptions> = {}): EventPublisherOptions {
  const names = uniqueNames();
  streams.push(overrides.streamName ?? names.streamName);
  return { pool, store, logger, natsUrl: SHARED_NATS_URL, idleWaitMs: 5, ...names, ...overrides };
}

/** Every ledger's events appear once, in sequence order, with nothing missing. */
function expectExactlyOnceInOrder(
  messages: readonly ReadMessage[],
  counts: Record<string, number>,
) {
  const byLedger = new Map<string, number[]>();
  for (const m of messages) {
    const ledgerId = m.headers["Folio-Ledger-Id"] ?? "?";
    byLedger.set(ledgerId, [
      ...(byLedger.get(ledgerId) ?? []),
      Number(m.headers["Folio-Sequence"]),
    ]);
  }
  for (const [ledgerId, count] of Object.entries(counts)) {
    expect(byLedger.get(ledgerId), ledgerId).toEqual(Array.from({ length: count }, (_, i) => i));
  }
  expect(new Set(messages.map((m) => m.headers["Nats-Msg-Id"])).size).toBe(messages.length);
  expect(messages.length).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
}

describe("the NATS event publisher", () => {
  it("publishes every ledger event once, in order, as stored, with headers and balances", async () => {
    const counts = {
      "pub.one": await writeLedger(store, "pub.one", 60),
      "pub-two": await writeLedger(store, "pub-two", 40),
    };
    const opts = options({ batchSize: 37 });
    const publisher = await startEventPublisher(opts);
    const total = counts["pub.one"] + counts["pub-two"];
    await waitFor("all published", () => publisher.status().eventsPublished === total);
    expect(publisher.status()).toMatchObject({ state: "running", lagEvents: 0, lastError: null });
    await publisher.stop();

    const messages = await readStream(SHARED_NATS_URL, opts.streamName ?? "");
    expectExactlyOnceInOrder(messages, counts);
    const stored = await store.readAll({ fromPosition: START_POSITION, maxCount: 10_000 });
    const storedById = new Map(stored.map((e) => [e.id, e]));
    for (const m of messages) {
      const event = storedById.get(m.body.event.id);
      expect(m.body.event).toEqual({
        id: event?.id,
        type: event?.type,
        version: event?.version,
        data: event?.data,
        metadata: event?.metadata,
      });
      const ledgerToken = m.headers["Folio-Ledger-Id"]?.replaceAll(".", "%2E") ?? "";
      expect(m.subject).toBe(
        `${opts.subjectPrefix ?? ""}.events.${ledgerToken}.${event?.type ?? ""}`,
      );
      expect(m.headers["Folio-Position"]).toBe(event?.position);
      expect(m.headers["Folio-Hash"]).toMatch(/^[0-9a-f]{64}$/);
      expect(m.headers["Folio-Correlation-Id"]).toBe(`corr-${m.headers["Folio-Ledger-Id"] ?? ""}`);
    }
    // The last balances published for each account are its balances at the end.
    const last = new Map<string, Record<string, string>>();
    for (const m of messages) {
      for (const b of m.body.balancesAfter ?? []) {
        last.set(`${m.headers["Folio-Ledger-Id"] ?? ""}/${b.accountId}`, { ...b });
      }
    }
    // pub.one: 60 entries, 12 holds (6 posted at 2.00, 6 voided), 48 entries of 1.25.
    expect(last.get("pub.one/a")).toMatchObject({
      postedDebits: String(48 * 125 + 6 * 200),
      pendingDebits: "0",
    });
    expect(messages.some((m) => m.body.balancesAfter?.some((b) => b.pendingDebits !== "0"))).toBe(
      true,
    );
    expect(
      messages.filter((m) => m.body.event.type === "AccountOpened")[0]?.body.balancesAfter,
    ).toBe(undefined);
  });

  it("leaves no gap and no duplicate across a restart and a crash between acks and commit", async () => {
    const opts = options({ batchSize: 25, duplicateWindowMs: 100 });
    const counts: Record<string, number> = { "crash-a": await writeLedger(store, "crash-a", 50) };
    const first = await startEventPublisher(opts);
    await waitFor("some published", () => first.status().eventsPublished >= 25);
    await first.stop();

    counts["crash-b"] = await writeLedger(store, "crash-b", 50);
    // A crash after the acks of a batch, before its commit, twice, once the duplicate window
    // (100 ms; the server prunes it lazily) has surely passed: only the checkpoint's stream
    // sequence keeps the batch from being stored again.
    let crashes = 0;
    const second = await startEventPublisher({
      ...opts,
      beforeCommit: async () => {
        if (crashes < 2) {
          crashes += 1;
          await new Promise((resolve) => setTimeout(resolve, 600));
          throw new Error("crash between ack and commit");
        }
      },
    });
    await waitFor("a crash", () => crashes === 2);
    await second.stop();
    counts["crash-a"] = await writeLedger(store, "crash-a", 30, 50);
    const third = await startEventPublisher(opts);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    await waitFor("all published", async () => {
      const all = await store.countAll({ fromPosition: START_POSITION, limit: 1_000_000 });
      return third.status().eventsPublished === all && third.status().lagEvents === 0;
    });
    await third.stop();
    const messages = await readStream(SHARED_NATS_URL, opts.streamName ?? "");
    const ours = messages.filter((m) => (m.headers["Folio-Ledger-Id"] ?? "").startsWith("crash-"));
    expectExactlyOnceInOrder(ours, counts);
    expect(total).toBe(ours.length);
  });

  it("waits out lost PostgreSQL connections mid-stream: no gap, no duplicate, never throws", async () => {
    const counts = { "pg-loss": await writeLedger(store, "pg-loss", 200) };
    const opts = options({ batchSize: 10 });
    const publisher = await startEventPublisher(opts);
    const all = await store.countAll({ fromPosition: START_POSITION, limit: 1_000_000 });
    for (const fraction of [0.2, 0.5, 0.8]) {
      await waitFor("progress", () => publisher.status().eventsPublished >= all * fraction);
      await pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
    }
    await waitFor("all published", () => publisher.status().eventsPublished === all);
    // The last termination may have taken the lock's connection too: it stalls, then recovers.
    await waitFor("running again", () => publisher.status().state === "running");
    await publisher.stop();
    const messages = await readStream(SHARED_NATS_URL, opts.streamName ?? "");
    expect(messages).toHaveLength(all);
    expectExactlyOnceInOrder(
      messages.filter((m) => m.headers["Folio-Ledger-Id"] === "pg-loss"),
      counts,
    );
  });

  it("runs one active instance per name; the other stands by and takes over", async () => {
    const opts = options();
    const a = await startEventPublisher(opts);
    await waitFor("a running", () => a.status().state === "running");
    const b = await startEventPublisher(opts);
    await waitFor("b standing by", () => b.status().state === "standby");
    await a.stop();
    await waitFor("b running", () => b.status().state === "running", 10_000);
    await b.stop();
  });
});
