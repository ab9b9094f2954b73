// Durable append throughput and latency of the ledger writer on local PostgreSQL: N concurrent
// callers post 2-posting entries between random pairs of 10,000 accounts through one
// LedgerWriter (group commit); then a fixed-rate phase (5,000 entries/s offered) for its tail
// latency; then two ceilings of the database itself, 1,000-row autocommitted INSERTs into a
// bare table on one connection: "raw", the writer's own rows sent from Node, and "server", rows
// of the same shape generated inside PostgreSQL (what the server can insert, nothing else).
// Targets: ≥ 20,000 entries/s durable, ≥ 50 % of the server ceiling, p99 ≤ 20 ms at 5,000/s.
// Database: BENCH_DATABASE_URL or DATABASE_URL as is; else a temporary database on
// postgres://postgres@127.0.0.1:5432/postgres if reachable; else an embedded PostgreSQL in a
// temporary directory. Everything created is dropped or stopped afterwards.
// Settings: BENCH_SECONDS (per phase, default 10), BENCH_CALLERS (64), BENCH_ACCOUNTS
// (10,000), BENCH_BATCH (maxBatchCommands, 1,000), BENCH_WAIT_MS (maxBatchWaitMs, 0),
// BENCH_RATE (fixed-rate phase, 5,000/s).
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import pino from "pino";
import { createPool, openPostgresEventStore } from "../event-store/index.js";
import {
  LedgerWriter,
  ledgerStreamId,
  WriterError,
  type CommandRequest,
  type EventStore,
  type StoredEvent,
} from "../ledger-core/index.js";
import {
  benchSeconds,
  machineInfo,
  printResult,
  printTable,
  positiveIntegerSetting,
  Samples,
} from "./machine.js";
import { openBenchDatabase } from "./benchDatabase.js";
import { benchRequest, randomTransfer, setUpBenchLedger } from "./benchLedger.js";

type Command = CommandRequest["command"];

const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" });
const seconds = benchSeconds(10);
const callers = positiveIntegerSetting("BENCH_CALLERS", 64);
const accountCount = positiveIntegerSetting("BENCH_ACCOUNTS", 10_000);
const maxBatchCommands = positiveIntegerSetting("BENCH_BATCH", 1_000);
const maxBatchWaitMs = Number(process.env.BENCH_WAIT_MS ?? 0);
const offeredRate = positiveIntegerSetting("BENCH_RATE", 5_000);
const RAW_ROWS_PER_INSERT = 1_000;
const WARMUP_MS = 2_000;

const ledgerId = `bench-${randomUUID().slice(0, 8)}`;
let nextEntry = 0;

/** The next entry: a random transfer with a fresh id. */
function randomEntry(): Command {
  nextEntry += 1;
  return randomTransfer(accountCount, `entry:${nextEntry}`);
}

const request = benchRequest;

interface PhaseResult {
  readonly entries: number;
  readonly errors: number;
  readonly elapsedMs: number;
  readonly latencies: Samples;
}

/** Closed loop: `callers` callers each submit, await, repeat until the time is up. */
async function maxThroughput(writer: LedgerWriter, durationMs: number): Promise<PhaseResult> {
  const latencies = new Samples();
  let entries = 0;
  let errors = 0;
  const started = performance.now();
  const end = started + durationMs;
  const caller = async (): Promise<void> => {
    while (performance.now() < end) {
      const command = randomEntry();
      const sent = performance.now();
      try {
        const decision = await writer.submit(request(command));
        if (decision.status !== "accepted") throw new Error(`entry ${decision.status}`);
        latencies.add(performance.now() - sent);
        entries += 1;
      } catch (error) {
        if (!(error instanceof WriterError)) throw error;
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  return { entries, errors, elapsedMs: performance.now() - started, latencies };
}

/** Open loop: submits on a schedule of `rate` entries/s, whatever the answers take. */
async function fixedRate(
  writer: LedgerWriter,
  rate: number,
  durationMs: number,
): Promise<PhaseResult> {
  const latencies = new Samples();
  let entries = 0;
  let errors = 0;
  let sent = 0;
  const answers: Promise<void>[] = [];
  const started = performance.now();
  const total = Math.floor((rate * durationMs) / 1000);
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    for (; sent < due; sent += 1) {
      const submitted = performance.now();
      answers.push(
        writer.submit(request(randomEntry())).then(
          () => {
            latencies.add(performance.now() - submitted);
            entries += 1;
          },
          () => {
            errors += 1;
          },
        ),
      );
    }
    await sleep(1);
  }
  await Promise.all(answers);
  return { entries, errors, elapsedMs: performance.now() - started, latencies };
}

/** A sample of the stored events, to be inserted again as plain rows. */
async function sampleRows(store: EventStore): Promise<StoredEvent[]> {
  const events = await store.readStream(ledgerStreamId(ledgerId), {
    fromRevision: "end",
    direction: "backwards",
    maxCount: RAW_ROWS_PER_INSERT,
  });
  if (events.length < RAW_ROWS_PER_INSERT) throw new Error("not enough events to sample");
  return events;
}

const RAW_TABLE_SQL = `CREATE TABLE IF NOT EXISTS bench_raw_events (
  stream_id text NOT NULL, revision bigint NOT NULL, event_id uuid NOT NULL,
  event_type text NOT NULL, schema_version integer NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)`;
const RAW_INSERT_SQL = `INSERT INTO bench_raw_events
  (stream_id, revision, event_id, event_type, schema_version, data, metadata)
  SELECT $1, r, e, t, v, d, m
  FROM unnest($2::bigint[], $3::uuid[], $4::text[], $5::integer[], $6::jsonb[], $7::jsonb[]) AS u(r, e, t, v, d, m)`;

const SERVER_INSERT_SQL = `INSERT INTO bench_raw_events
  (stream_id, revision, event_id, event_type, schema_version, data, metadata)
  SELECT $1, g, gen_random_uuid(), $2, $3, $4::jsonb || jsonb_build_object('n', g), $5::jsonb
  FROM generate_series($6::bigint, $6::bigint + $7::bigint - 1) AS g`;

/** One INSERT of a ceiling phase: writes RAW_ROWS_PER_INSERT rows from `revision` on. */
type CeilingInsert = (pool: pg.Pool, revision: number) => Promise<void>;

/** A ceiling phase: 1,000-row autocommitted INSERTs on one connection into a bare table. */
async function ceilingPhase(
  url: string,
  durationMs: number,
  insert: CeilingInsert,
): Promise<PhaseResult> {
  const pool = createPool({ connectionString: url, logger, max: 1 });
  const latencies = new Samples();
  try {
    await pool.query(RAW_TABLE_SQL);
    let revision = 0;
    let entries = 0;
    const started = performance.now();
    while (performance.now() - started < durationMs) {
      const sent = performance.now();
      await insert(pool, revision + 1);
      latencies.add(performance.now() - sent);
      revision += RAW_ROWS_PER_INSERT;
      entries += RAW_ROWS_PER_INSERT;
    }
    const elapsedMs = performance.now() - started;
    await pool.query("DROP TABLE bench_raw_events");
    return { entries, errors: 0, elapsedMs, latencies };
  } finally {
    await pool.end();
  }
}

/** The client ceiling: the writer's own sample rows, sent from Node as jsonb[] parameters. */
function clientInsert(rows: readonly StoredEvent[]): CeilingInsert {
  const data = rows.map((row) => JSON.stringify(row.data));
  const metadata = rows.map((row) => JSON.stringify(row.metadata));
  const types = rows.map((row) => row.type);
  const versions = rows.map((row) => row.version);
  return async (pool, first) => {
    const revisions = rows.map((_row, index) => first + index);
    const ids = rows.map(() => randomUUID());
    await pool.query(RAW_INSERT_SQL, [ledgerId, revisions, ids, types, versions, data, metadata]);
  };
}

/**
 * The server ceiling: rows of the same shape and size generated inside PostgreSQL (a sample
 * event's data made distinct per row), so nothing but the insert itself is measured.
 */
function serverInsert(sample: StoredEvent): CeilingInsert {
  const data = JSON.stringify(sample.data);
  const metadata = JSON.stringify(sample.metadata);
  return async (pool, first) => {
    await pool.query(SERVER_INSERT_SQL, [
      ledgerId,
      sample.type,
      sample.version,
      data,
      metadata,
      first,
      RAW_ROWS_PER_INSERT,
    ]);
  };
}

const perSecond = (phase: PhaseResult): number =>
  Math.round((phase.entries / phase.elapsedMs) * 1000);
const ms = (value: number): string => `${value.toFixed(2)} ms`;
const thousands = (value: number): string => value.toLocaleString("en-US");

async function main(): Promise<void> {
  const database = await openBenchDatabase("folio_append_bench", logger);
  let store: EventStore | undefined;
  let writer: LedgerWriter | undefined;
  try {
    store = await openPostgresEventStore({ connectionString: database.url, logger });
    let batches = 0;
    let batchedCommands = 0;
    let appendMs = 0;
    writer = await LedgerWriter.open({
      ledgerId,
      store,
      maxBatchCommands,
      maxBatchWaitMs,
      maxQueuedCommands: Math.max(20_000, maxBatchCommands),
      snapshotEveryEvents: 1_000_000_000,
      logger,
      onBatch: (batch) => {
        batches += 1;
        batchedCommands += batch.commands;
        appendMs += batch.appendMs;
      },
    });
    await setUpBenchLedger(writer, { ledgerId, name: "Append benchmark", accounts: accountCount });
    await maxThroughput(writer, WARMUP_MS);

    batches = 0;
    batchedCommands = 0;
    appendMs = 0;
    const throughput = await maxThroughput(writer, seconds * 1000);
    const throughputBatches = { batches, batchedCommands, appendMs };
    const steady = await fixedRate(writer, offeredRate, seconds * 1000);
    const rows = await sampleRows(store);
    const ceiling = await ceilingPhase(database.url, seconds * 1000, clientInsert(rows));
    const sample = rows[Math.floor(rows.length / 2)] ?? rows[0];
    if (sample === undefined) throw new Error("no sample row");
    const server = await ceilingPhase(database.url, seconds * 1000, serverInsert(sample));

    const entriesPerSecond = perSecond(throughput);
    const ceilingRowsPerSecond = perSecond(ceiling);
    const serverCeilingRowsPerSecond = perSecond(server);
    const ratio = Number((entriesPerSecond / ceilingRowsPerSecond).toFixed(3));
    const serverRatio = Number((entriesPerSecond / serverCeilingRowsPerSecond).toFixed(3));
    const p50Ms = Number(throughput.latencies.percentile(50).toFixed(2));
    const p99Ms = Number(throughput.latencies.percentile(99).toFixed(2));
    const p99MsAt5000 = Number(steady.latencies.percentile(99).toFixed(2));
    const machine = machineInfo();
    const rowBytes = Math.round(
      rows.reduce(
        (sum, row) => sum + JSON.stringify(row.data).length + JSON.stringify(row.metadata).length,
        0,
      ) / rows.length,
    );
    printTable("Folio append: LedgerWriter -> PostgreSQL, 2-posting entries, durable", [
      [
        "machine",
        `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}`,
      ],
      ["node", machine.node],
      ["database", database.kind],
      [
        "settings",
        `${callers} callers, ${thousands(accountCount)} accounts, maxBatchCommands ${maxBatchCommands}, maxBatchWaitMs ${maxBatchWaitMs}, ${seconds} s per phase`,
      ],
      ["max throughput: entries", `${thousands(throughput.entries)} (${throughput.errors} errors)`],
      ["max throughput: entries/s", thousands(entriesPerSecond)],
      ["max throughput: p50 / p99", `${ms(p50Ms)} / ${ms(p99Ms)}`],
      [
        "max throughput: batches",
        `${thousands(throughputBatches.batches)}, ${(throughputBatches.batchedCommands / Math.max(1, throughputBatches.batches)).toFixed(1)} entries each, append ${ms(throughputBatches.appendMs / Math.max(1, throughputBatches.batches))} mean`,
      ],
      [
        `fixed rate ${thousands(offeredRate)}/s: entries`,
        `${thousands(steady.entries)} (${steady.errors} errors)`,
      ],
      [
        `fixed rate ${thousands(offeredRate)}/s: p50 / p99`,
        `${ms(steady.latencies.percentile(50))} / ${ms(p99MsAt5000)}`,
      ],
      [
        "raw ceiling: rows/s",
        `${thousands(ceilingRowsPerSecond)} (1,000-row INSERTs, ~${rowBytes} B jsonb per row)`,
      ],
      ["raw ceiling: INSERT p50", ms(ceiling.latencies.percentile(50))],
      [
        "server ceiling: rows/s",
        `${thousands(serverCeilingRowsPerSecond)} (1,000-row INSERT ... SELECT generated in PostgreSQL)`,
      ],
      ["server ceiling: INSERT p50", ms(server.latencies.percentile(50))],
      ["ratio (writer / raw)", `${(ratio * 100).toFixed(1)} %`],
      ["ratio (writer / server)", `${(serverRatio * 100).toFixed(1)} %`],
      ["targets", "≥ 20,000 entries/s, ≥ 50 % of the server ceiling, p99 ≤ 20 ms at 5,000/s"],
    ]);
    printResult({
      entriesPerSecond,
      p50Ms,
      p99Ms,
      ceilingRowsPerSecond,
      ratio,
      serverCeilingRowsPerSecond,
      serverRatio,
      p99MsAt5000,
    });
  } finally {
    await writer?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await database.release();
  }
}

await main();
