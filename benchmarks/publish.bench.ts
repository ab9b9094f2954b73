// The NATS event publisher's throughput and delay: first BENCH_ENTRIES (default 50,000)
// 2-posting entries are appended, then a publisher on a fresh stream publishes the backlog
// (events/s published with every ack awaited and the checkpoint committed); then, with the
// publisher caught up, entries are posted at an offered BENCH_RATE (default 5,000/s) for
// BENCH_SECONDS (default 10) while a JetStream ordered consumer receives them: the delay from
// each entry's recordedAt (taken just before its append) to its delivery, p50 / p99. The
// entries are posted from a child process (BENCH_POSTER=process, the default: the publisher's
// thread is its own, as the API's writer would be on a busier server) or from the publisher's
// own thread (BENCH_POSTER=inline: the writer and the publisher share one event loop).
// NATS: NATS_URL (default nats://127.0.0.1:4222), a unique stream deleted afterwards.
// Database: as benchmarks/benchDatabase.ts. Run: node --import tsx benchmarks/publish.bench.ts
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { DeliverPolicy, connect, type NatsConnection } from "nats";
import pino from "pino";
import { type EventPublisher, startEventPublisher } from "../connectors/index.js";
import { createPool, openPostgresEventStore } from "../event-store/index.js";
import { LedgerWriter, START_POSITION, type EventStore } from "../ledger-core/index.js";
import { openBenchDatabase } from "./benchDatabase.js";
import { benchRequest, randomTransfer, setUpBenchLedger } from "./benchLedger.js";
import {
  benchSeconds,
  machineRows,
  positiveIntegerSetting,
  printResult,
  printTable,
  Samples,
} from "./machine.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" });
const natsUrl = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const backlogEntries = positiveIntegerSetting("BENCH_ENTRIES", 50_000);
const seconds = benchSeconds(10);
const offeredRate = positiveIntegerSetting("BENCH_RATE", 5_000);
const batchSize = positiveIntegerSetting("BENCH_PUBLISH_BATCH", 500);
/** Where the fixed-rate entries are posted from: a child process (default) or this one. */
const posterMode = process.env.BENCH_POSTER === "inline" ? "inline" : "process";
const ACCOUNTS = 10_000;
const SUBMIT_CHUNK = 2_000;

const tag = randomUUID().replaceAll("-", "").slice(0, 10);
const ledgerId = `pub-bench-${tag}`;
const streamName = `FOLIO_BENCH_${tag}`;
const subjectPrefix = `fbench${tag}`;
let nextEntry = 0;

async function appendBacklog(writer: LedgerWriter, entries: number): Promise<void> {
  for (let done = 0; done < entries; done += SUBMIT_CHUNK) {
    const chunk = Math.min(SUBMIT_CHUNK, entries - done);
    await Promise.all(
      Array.from({ length: chunk }, () =>
        writer.submit(benchRequest(randomTransfer(ACCOUNTS, `entry:${(nextEntry += 1)}`))),
      ),
    );
  }
}

async function waitUntil(done: () => boolean): Promise<void> {
  while (!done()) await sleep(2);
}

/** Publishes the backlog; events/s from start to the last commit. */
async function backlogPhase(publisher: EventPublisher, total: number): Promise<number> {
  const started = performance.now();
  await waitUntil(() => publisher.status().eventsPublished >= total);
  return (total / (performance.now() - started)) * 1000;
}

/** A consumer of the stream's new messages: delay from recordedAt to delivery per entry. */
async function consume(nc: NatsConnection, fromSequence: number, latencies: Samples) {
  const js = nc.jetstream();
  const consumer = await js.consumers.get(streamName, {
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: fromSequence,
  });
  const messages = await consumer.consume();
  let received = 0;
  const done = (async () => {
    for await (const message of messages) {
      const body = message.json<{ event: { type: string; metadata: { recordedAt: string } } }>();
      if (body.event.type === "EntryPosted") {
        latencies.add(Date.now() - Date.parse(body.event.metadata.recordedAt));
        received += 1;
      }
    }
  })();
  const stop = async (): Promise<void> => {
    messages.stop();
    await done;
  };
  return { received: () => received, stop };
}

/** Open loop at `rate` entries/s for `durationMs`. */
async function fixedRate(writer: LedgerWriter, rate: number, durationMs: number): Promise<number> {
  const answers: Promise<unknown>[] = [];
  const started = performance.now();
  const total = Math.floor((rate * durationMs) / 1000);
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    for (; sent < due; sent += 1) {
      const entry = randomTransfer(ACCOUNTS, `entry:${(nextEntry += 1)}`);
      answers.push(writer.submit(benchRequest(entry)));
    }
    await sleep(1);
  }
  await Promise.all(answers);
  return total;
}

/** Posts at the offered rate from a child process (BENCH_POSTER=process); prints the count. */
async function posterMain(url: string, ledger: string): Promise<void> {
  const store = await openPostgresEventStore({ connectionString: url, logger });
  const writer = await LedgerWriter.open({ ledgerId: ledger, store, maxQueuedCommands: 20_000 });
  nextEntry = Number(process.env.POSTER_FIRST_ENTRY ?? 0);
  const posted = await fixedRate(writer, offeredRate, seconds * 1000);
  await writer.close();
  await store.close();
  console.log(`POSTED ${posted}`);
}

/** Runs the fixed-rate phase in a child process; resolves with the entries it posted. */
async function postInChild(url: string): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: {
      ...process.env,
      POSTER_URL: url,
      POSTER_LEDGER: ledgerId,
      POSTER_FIRST_ENTRY: String(nextEntry),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const posted = /POSTED (\d+)/.exec(output)?.[1];
  if (code !== 0 || posted === undefined) throw new Error(`poster failed (${code}): ${output}`);
  return Number(posted);
}

async function main(): Promise<void> {
  const database = await openBenchDatabase("folio_publish_bench", logger);
  const pool = createPool({ connectionString: database.url, logger, max: 8 });
  let store: EventStore | undefined;
  let writer: LedgerWriter | undefined;
  let publisher: EventPublisher | undefined;
  const nc = await connect({ servers: natsUrl, noAsyncTraces: true });
  try {
    store = await openPostgresEventStore({ connectionString: database.url, logger });
    writer = await LedgerWriter.open({ ledgerId, store, maxQueuedCommands: 20_000, logger });
    await setUpBenchLedger(writer, { ledgerId, name: "Publish benchmark", accounts: ACCOUNTS });
    await appendBacklog(writer, backlogEntries);
    const backlog = await store.countAll({ fromPosition: START_POSITION, limit: 1_000_000 });
    publisher = await startEventPublisher({
      pool,
      store,
      logger,
      natsUrl,
      streamName,
      subjectPrefix,
      batchSize,
      idleWaitMs: 5,
    });
    const eventsPerSecond = await backlogPhase(publisher, backlog);

    const latencies = new Samples();
    const consumer = await consume(nc, backlog + 1, latencies);
    const eluBefore = performance.eventLoopUtilization();
    let posted: number;
    if (posterMode === "process") {
      await writer.close();
      writer = undefined;
      posted = await postInChild(database.url);
    } else {
      posted = await fixedRate(writer, offeredRate, seconds * 1000);
    }
    const busy = performance.eventLoopUtilization(eluBefore).utilization;
    const deadline = Date.now() + 30_000;
    while (consumer.received() < posted && Date.now() < deadline) await sleep(10);
    await consumer.stop();

    const p50Ms = Number(latencies.percentile(50).toFixed(1));
    const p99Ms = Number(latencies.percentile(99).toFixed(1));
    printTable("Folio NATS publisher: PostgreSQL event store -> JetStream (acked, checkpointed)", [
      ...machineRows(),
      ["database", database.kind],
      [
        "settings",
        `batch ${batchSize}, backlog ${backlog.toLocaleString("en-US")} events, poster: ${posterMode}`,
      ],
      ["backlog: events/s published", Math.round(eventsPerSecond).toLocaleString("en-US")],
      [`at ${offeredRate}/s offered: entries delivered`, `${consumer.received()} of ${posted}`],
      [`at ${offeredRate}/s: delay p50 / p99`, `${p50Ms} ms / ${p99Ms} ms`],
      [`at ${offeredRate}/s: publisher's thread busy`, `${(busy * 100).toFixed(0)} %`],
    ]);
    printResult({
      eventsPerSecond: Math.round(eventsPerSecond),
      delayP50Ms: p50Ms,
      delayP99Ms: p99Ms,
      delivered: consumer.received(),
      posted,
    });
  } finally {
    await publisher?.stop();
    await writer?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await nc
      .jetstreamManager()
      .then((jsm) => jsm.streams.delete(streamName))
      .catch(() => undefined);
    await nc.close();
    await pool.end();
    await database.release();
  }
}

const posterUrl = process.env.POSTER_URL;
const posterLedger = process.env.POSTER_LEDGER;
if (posterUrl !== undefined && posterLedger !== undefined)
  await posterMain(posterUrl, posterLedger);
else await main();
