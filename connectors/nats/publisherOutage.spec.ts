// The NATS event publisher through a NATS outage, on a private nats-server (never the shared
// one): killed with SIGKILL mid-stream while events keep being appended, restarted on the same
// port and store directory; every event arrives once and in order, the publisher logs the
// outage once and never throws. Also: it starts while NATS is down and catches up after.
import { Writable } from "node:stream";
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
import { startEventPublisher } from "./publisher.js";
import { readStream, uniqueNames, waitFor, writeLedger } from "./publisherTestKit.js";
import { startPrivateNatsServer, type PrivateNatsServer } from "./testing/natsServer.js";

let database: TestDatabase;
let pool: pg.Pool;
let store: EventStore;
let nats: PrivateNatsServer;
const quiet = pino({ level: "silent" });

/** A logger whose lines the test reads. */
function recordingLogger(): { logger: pino.Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString("utf8")) as { level: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level: "info" }, sink), lines };
}

beforeAll(async () => {
  database = await createTestDatabase("folio_nats_outage");
  pool = createPool({ connectionString: database.url, logger: quiet, max: 8 });
  store = await openPostgresEventStore({ connectionString: database.url, logger: quiet });
  nats = await startPrivateNatsServer();
});

afterAll(async () => {
  await nats.stop();
  await store.close();
  await pool.end();
  await database.drop();
});

const allEvents = () => store.countAll({ fromPosition: START_POSITION, limit: 1_000_000 });

describe("the NATS event publisher through an outage", () => {
  it("delivers every event once and in order across a SIGKILLed and restarted nats-server", async () => {
    const { logger, lines } = recordingLogger();
    const names = uniqueNames();
    const publisher = await startEventPublisher({
      pool,
      store,
      logger,
      natsUrl: nats.url,
      ...names,
      batchSize: 20,
      idleWaitMs: 5,
      ackTimeoutMs: 1_000,
    });
    const counts: Record<string, number> = { out: await writeLedger(store, "out", 40) };
    await waitFor("some published", () => publisher.status().eventsPublished >= 20);
    // Appends go on while the server dies.
    const writing = writeLedger(store, "out", 80, 40);
    await nats.kill();
    counts.out = await writing;
    counts["out.b"] = await writeLedger(store, "out.b", 30);
    await waitFor(
      "stalled with a lag",
      () => publisher.status().state === "stalled" && publisher.status().lagEvents > 0,
    );
    const during = publisher.status();
    expect(during.lagEvents).toBeGreaterThan(0);
    expect(during.lastError).not.toBe(null);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await nats.restart();
    const total = await allEvents();
    await waitFor("all published", () => publisher.status().eventsPublished === total, 60_000);
    await publisher.stop();

    const messages = await readStream(nats.url, names.streamName);
    expect(messages).toHaveLength(total);
    for (const [ledgerId, count] of Object.entries(counts)) {
      const sequences = messages
        .filter((m) => m.headers["Folio-Ledger-Id"] === ledgerId)
        .map((m) => Number(m.headers["Folio-Sequence"]));
      expect(sequences, ledgerId).toEqual(Array.from({ length: count }, (_, i) => i));
    }
    expect(new Set(messages.map((m) => m.headers["Nats-Msg-Id"])).size).toBe(total);
    const stalls = lines.filter((line) => line.msg.includes("stalled"));
    expect(stalls).toHaveLength(1);
    expect(stalls[0]?.msg).toContain("NATS is unreachable");
    expect(lines.filter((line) => line.msg.includes("resumed"))).toHaveLength(1);
  });

  it("starts while NATS is down and publishes once it is up", async () => {
    const names = uniqueNames();
    await nats.kill();
    const publisher = await startEventPublisher({
      pool,
      store,
      logger: quiet,
      natsUrl: nats.url,
      ...names,
      idleWaitMs: 5,
    });
    await waitFor("stalled", () => publisher.status().state === "stalled");
    await nats.restart();
    const total = await allEvents();
    await waitFor("all published", () => publisher.status().eventsPublished === total, 60_000);
    await publisher.stop();
    expect(await readStream(nats.url, names.streamName)).toHaveLength(total);
  });
});
