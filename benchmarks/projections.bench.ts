// The read models on local PostgreSQL, side by side with the writer in one run:
//  1. writer: BENCH_EVENTS 2-posting entries between random pairs of BENCH_ACCOUNTS accounts
//     through one LedgerWriter, closed loop (BENCH_GEN_CALLERS callers): the writer's durable
//     entries/s (a small share backdated, to exercise the effective-order rewrite);
//  2. catch-up: fresh balances and audit runners from zero until caught up, events/s, and
//     their ratio to the writer's rate (target >= 2.0);
//  3. point in time: balanceOf over four kinds of point (pointInTime.ts), sequential p99
//     (target <= 5 ms) and with BENCH_CONCURRENCY callers;
//  4. lag: both runners live while the writer is offered BENCH_RATE entries/s open-loop for
//     BENCH_SECONDS; end-to-end lag = acknowledged -> both read models reached that sequence,
//     sampled every 100 ms (target p99 <= 1 s);
//  5. burst: the writer at its maximum rate (closed loop) for BENCH_SECONDS / 2 with both
//     runners live; drain = from the burst's end until both read models reached its last entry.
// Database as for bench:append (benchDatabase.ts). Settings: BENCH_EVENTS (200,000),
// BENCH_ACCOUNTS (10,000), BENCH_SECONDS (30), BENCH_RATE (5,000), BENCH_BACKDATED_PERCENT (1),
// BENCH_QUERIES (per kind per mode, 1,000), BENCH_CONCURRENCY (8), BENCH_GEN_CALLERS (2,000).
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import pino from "pino";
import { applyMigrations, createPool, openPostgresEventStore } from "../event-store/index.js";
import {
  LedgerWriter,
  WriterError,
  type CommandRequest,
  type Decision,
  type EventStore,
} from "../ledger-core/index.js";
import {
  auditProjection,
  auditTables,
  balancesProjection,
  balancesTables,
  PROJECTION_MIGRATIONS,
  ProjectionRunner,
  READ_MODELS,
  startProjections,
  type Projection,
  type ProjectionHost,
} from "../projections/index.js";
import { describeDatabase, openBenchDatabase } from "./benchDatabase.js";
import { benchRequest, randomTransfer, setUpBenchLedger } from "./benchLedger.js";
import {
  benchSeconds,
  machineRows,
  positiveIntegerSetting,
  printResult,
  printTable,
  Samples,
} from "./machine.js";
import { explain, pointInTime, QUERY_KINDS, ranges, type QueryRun } from "./pointInTime.js";

type Command = CommandRequest["command"];

const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" });
const entryCount = positiveIntegerSetting("BENCH_EVENTS", 200_000);
const accountCount = positiveIntegerSetting("BENCH_ACCOUNTS", 10_000);
const phaseSeconds = benchSeconds(30);
const offeredRate = positiveIntegerSetting("BENCH_RATE", 5_000);
const queriesPerKind = positiveIntegerSetting("BENCH_QUERIES", 1_000);
const concurrency = positiveIntegerSetting("BENCH_CONCURRENCY", 8);
const callers = positiveIntegerSetting("BENCH_GEN_CALLERS", 2_000);
const backdatedPercent = Number(process.env.BENCH_BACKDATED_PERCENT ?? 1);
if (!Number.isFinite(backdatedPercent) || backdatedPercent < 0 || backdatedPercent > 100) {
  throw new RangeError("BENCH_BACKDATED_PERCENT must be between 0 and 100");
}

const MAX_BATCH_COMMANDS = 1_000;
/** A backdated entry is effective 1 s to (time since the run began + 1 min) in the past. */
const BACKDATE_EXTRA_MS = 60 * 1000;
const LAG_SAMPLE_MS = 100;
const HEAD_POLL_MS = 10;
/** How long the benchmark waits for the read models to catch up after writing stops. */
const DRAIN_TIMEOUT_MS = 300_000;
const MAX_WRITE_ERRORS = 10_000;
const VERSION = 1;

const ledgerId = `bench-${randomUUID().slice(0, 8)}`;
let nextEntry = 0;
const runStartMs = Date.now();

/** The next entry: a random transfer with a fresh id; a small share backdated. */
function randomEntry(): Command {
  nextEntry += 1;
  const entryId = `entry:${nextEntry}`;
  if (Math.random() * 100 >= backdatedPercent) return randomTransfer(accountCount, entryId);
  const now = Date.now();
  const back = 1_000 + Math.random() * (now - runStartMs + BACKDATE_EXTRA_MS);
  return randomTransfer(accountCount, entryId, new Date(now - back).toISOString());
}

/** The last ledger sequence a decision wrote, if it wrote any. */
function lastSequenceOf(decision: Decision): number | null {
  const last = decision.events[decision.events.length - 1];
  return last === undefined ? null : last.metadata.sequence;
}

interface Writing {
  readonly entries: number;
  readonly errors: number;
  readonly elapsedMs: number;
  readonly lastSequence: number;
}

/** Closed loop: `callers` callers submit until `until()` says stop; the writer's durable rate. */
async function writeFlat(
  writer: LedgerWriter,
  until: (accepted: number) => boolean,
): Promise<Writing> {
  let accepted = 0;
  let errors = 0;
  let lastSequence = -1;
  const started = performance.now();
  const caller = async (): Promise<void> => {
    while (!until(accepted)) {
      try {
        const decision = await writer.submit(benchRequest(randomEntry()));
        if (decision.status !== "accepted") throw new Error(`entry ${decision.status}`);
        accepted += 1;
        lastSequence = Math.max(lastSequence, lastSequenceOf(decision) ?? -1);
      } catch (error) {
        if (!(error instanceof WriterError) || (errors += 1) > MAX_WRITE_ERRORS) throw error;
        await sleep(5);
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  return { entries: accepted, errors, elapsedMs: performance.now() - started, lastSequence };
}

/** A fresh runner of `projection` from zero until caught up; events/s. */
async function catchUp(pool: pg.Pool, store: EventStore, projection: Projection) {
  const runner = new ProjectionRunner({ pool, store, projection, logger });
  const started = performance.now();
  await runner.start(true);
  const elapsedMs = performance.now() - started;
  const status = runner.status();
  if (status.state !== "caught_up") throw new Error(`${projection.name}: ${status.error}`);
  console.error(
    `  ${projection.name}: ${status.eventsApplied} events in ${(elapsedMs / 1000).toFixed(1)} s`,
  );
  return {
    events: status.eventsApplied,
    elapsedMs,
    perSecond: perSecond(status.eventsApplied, elapsedMs),
  };
}

/** The lower of the two read models' heads for the bench ledger, in one cheap query. */
async function bothReached(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ reached: string | null }>(
    `SELECT least(
       coalesce((SELECT last_sequence FROM ${balancesTables(VERSION).heads} WHERE ledger_id = $1), -1),
       coalesce((SELECT max(sequence) FROM ${auditTables(VERSION).events} WHERE ledger_id = $1), -1)
     )::text AS reached`,
    [ledgerId],
  );
  return Number(rows[0]?.reached ?? -1);
}

/** Waits until both read models reached `sequence`; how long it took. */
async function drainTo(pool: pg.Pool, sequence: number): Promise<number> {
  const started = performance.now();
  while ((await bothReached(pool)) < sequence) {
    if (performance.now() - started > DRAIN_TIMEOUT_MS) return Number.POSITIVE_INFINITY;
    await sleep(HEAD_POLL_MS);
  }
  return performance.now() - started;
}

interface LagRun {
  readonly offered: number;
  readonly entries: number;
  readonly errors: number;
  readonly elapsedMs: number;
  readonly endToEnd: Samples;
  readonly drainMs: number;
}

/**
 * The writer offered `offeredRate` entries/s open-loop for `phaseSeconds` while both runners
 * are live. Every 100 ms the latest acknowledged (sequence, time) is a probe; a poller of both
 * heads resolves it when both reached it: end-to-end lag = reached - acknowledged.
 */
async function lagPhase(pool: pg.Pool, writer: LedgerWriter): Promise<LagRun> {
  const endToEnd = new Samples();
  const probes: { sequence: number; ackedAt: number }[] = [];
  let resolved = 0;
  const shared = { latest: null as { sequence: number; ackedAt: number } | null, writing: true };
  const sampler = (async () => {
    let lastProbed = -1;
    while (shared.writing) {
      await sleep(LAG_SAMPLE_MS);
      const ack = shared.latest;
      if (ack !== null && ack.sequence > lastProbed) {
        probes.push(ack);
        lastProbed = ack.sequence;
      }
    }
  })();
  const poller = (async () => {
    while (shared.writing || resolved < probes.length) {
      const head = await bothReached(pool);
      const now = performance.now();
      for (let probe = probes[resolved]; probe !== undefined; probe = probes[resolved]) {
        if (probe.sequence > head) break;
        endToEnd.add(now - probe.ackedAt);
        resolved += 1;
      }
      await sleep(HEAD_POLL_MS);
    }
  })();
  let entries = 0;
  let errors = 0;
  let sent = 0;
  const answers: Promise<void>[] = [];
  const started = performance.now();
  const total = Math.floor(offeredRate * phaseSeconds);
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * offeredRate));
    for (; sent < due; sent += 1) {
      answers.push(
        writer.submit(benchRequest(randomEntry())).then(
          (decision) => {
            const sequence = lastSequenceOf(decision);
            if (decision.status !== "accepted" || sequence === null) {
              errors += 1;
              return;
            }
            entries += 1;
            if (shared.latest === null || sequence > shared.latest.sequence) {
              shared.latest = { sequence, ackedAt: performance.now() };
            }
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
  const elapsedMs = performance.now() - started;
  shared.writing = false;
  await sampler;
  const drainMs = await drainTo(pool, shared.latest?.sequence ?? -1);
  await poller;
  return { offered: total, entries, errors, elapsedMs, endToEnd, drainMs };
}

const perSecond = (count: number, elapsedMs: number): number =>
  Math.round((count / elapsedMs) * 1000);
const ms = (value: number): string => `${value.toFixed(2)} ms`;
const thousands = (value: number): string => value.toLocaleString("en-US");
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
const round2 = (value: number): number => Number(value.toFixed(2));

function queryRows(label: string, run: QueryRun): [string, string][] {
  const rows: [string, string][] = QUERY_KINDS.map((kind) => {
    const samples = run.byKind.get(kind) ?? new Samples();
    return [
      `  ${label}: ${kind} p50 / p99`,
      `${ms(samples.percentile(50))} / ${ms(samples.percentile(99))} (max ${ms(samples.max())})`,
    ];
  });
  rows.push([
    `  ${label}: all p50 / p99`,
    `${ms(run.all.percentile(50))} / ${ms(run.all.percentile(99))}, ${thousands(perSecond(run.all.count, run.elapsedMs))} queries/s`,
  ]);
  return rows;
}

async function main(): Promise<void> {
  const loadAtStart = load();
  const database = await openBenchDatabase("folio_projections_bench", logger);
  let store: EventStore | undefined;
  let writer: LedgerWriter | undefined;
  let pool: pg.Pool | undefined;
  let host: ProjectionHost | undefined;
  try {
    store = await openPostgresEventStore({ connectionString: database.url, logger });
    pool = createPool({ connectionString: database.url, logger, max: concurrency + 6 });
    await applyMigrations(pool, logger, PROJECTION_MIGRATIONS);
    const databaseLine = await describeDatabase(pool, database);
    writer = await LedgerWriter.open({
      ledgerId,
      store,
      maxBatchCommands: MAX_BATCH_COMMANDS,
      maxBatchWaitMs: 0,
      maxQueuedCommands: Math.max(20_000, callers, offeredRate * 2),
      snapshotEveryEvents: 1_000_000_000,
      logger,
    });
    await setUpBenchLedger(writer, {
      ledgerId,
      name: "Projections benchmark",
      accounts: accountCount,
    });

    console.error(`writer: ${thousands(entryCount)} entries (load ${load()})...`);
    const generation = await writeFlat(writer, (accepted) => accepted >= entryCount);
    const writerRate = perSecond(generation.entries, generation.elapsedMs);

    console.error(`catch-up from zero (load ${load()})...`);
    const balances = await catchUp(pool, store, balancesProjection(VERSION));
    const audit = await catchUp(pool, store, auditProjection(VERSION));
    const catchUpRate = Math.min(balances.perSecond, audit.perSecond);

    const target = {
      pool,
      ledgerId,
      accounts: accountCount,
      version: VERSION,
      ranges: await ranges(pool, ledgerId, VERSION),
    };
    const loadBeforeQueries = load();
    console.error(`point-in-time queries (load ${loadBeforeQueries})...`);
    await pointInTime(target, queriesPerKind, 1); // warm-up: one pass, not counted
    const sequential = await pointInTime(target, queriesPerKind, 1);
    const concurrent = await pointInTime(target, queriesPerKind, concurrency);
    for (const kind of QUERY_KINDS) {
      if ((sequential.byKind.get(kind)?.percentile(99) ?? 0) > 5) await explain(target, kind);
    }

    // Both read models live as `npm start` runs them: one host, one shared reader.
    host = await startProjections({ pool, store, logger, projections: READ_MODELS });
    const loadBeforeLag = load();
    console.error(
      `lag at ${thousands(offeredRate)}/s for ${phaseSeconds} s (load ${loadBeforeLag})...`,
    );
    const lag = await lagPhase(pool, writer);

    const burstMs = (phaseSeconds / 2) * 1000;
    console.error(`burst at the writer's maximum rate for ${burstMs / 1000} s (load ${load()})...`);
    const burstEnd = performance.now() + burstMs;
    const burst = await writeFlat(writer, () => performance.now() >= burstEnd);
    const burstDrainMs = await drainTo(pool, burst.lastSequence);
    const failed = host.statuses().filter((status) => status.state === "failed");
    await host.stop();
    if (failed.length > 0) throw new Error(`read model failed: ${JSON.stringify(failed)}`);

    const ratio = (rate: number): string => `${(rate / writerRate).toFixed(2)} x the writer`;
    const rows: [string, string][] = [
      ...machineRows(),
      ["database", databaseLine],
      [
        "load average (1/5/15 min)",
        `start ${loadAtStart}; queries ${loadBeforeQueries}; lag ${loadBeforeLag}`,
      ],
      [
        "settings",
        `${thousands(entryCount)} entries, ${thousands(accountCount)} accounts, ${backdatedPercent} % backdated, ${callers} callers, maxBatchCommands ${MAX_BATCH_COMMANDS}`,
      ],
      [
        "writer: durable entries/s",
        `${thousands(writerRate)} (${thousands(generation.entries)} in ${(generation.elapsedMs / 1000).toFixed(1)} s, ${generation.errors} retried)`,
      ],
      [
        "catch-up balances",
        `${thousands(balances.perSecond)} events/s (${thousands(balances.events)} events), ${ratio(balances.perSecond)}`,
      ],
      ["catch-up audit", `${thousands(audit.perSecond)} events/s, ${ratio(audit.perSecond)}`],
      [
        "balances rows",
        `history ${thousands(target.ranges.historyRows)} (${thousands(target.ranges.backdatedRows)} backdated), effective ${thousands(target.ranges.effectiveRows)}`,
      ],
      ...queryRows("sequential", sequential),
      ...queryRows(`${concurrency} concurrent`, concurrent),
      [
        `lag: writer offered ${thousands(offeredRate)}/s`,
        `${thousands(lag.entries)} of ${thousands(lag.offered)} entries in ${(lag.elapsedMs / 1000).toFixed(1)} s, ${lag.errors} errors; balances and audit live`,
      ],
      [
        "lag: end-to-end p50 / p99 / max",
        `${lag.endToEnd.percentile(50).toFixed(0)} / ${lag.endToEnd.percentile(99).toFixed(0)} / ${lag.endToEnd.max().toFixed(0)} ms (${lag.endToEnd.count} probes; drained ${lag.drainMs.toFixed(0)} ms after the writer stopped)`,
      ],
      [
        "burst: writer at its maximum rate",
        `${thousands(burst.entries)} entries in ${(burst.elapsedMs / 1000).toFixed(1)} s = ${thousands(perSecond(burst.entries, burst.elapsedMs))}/s with both read models live`,
      ],
      [
        "burst: drain after it",
        `${(burstDrainMs / 1000).toFixed(1)} s until both read models reached its last entry`,
      ],
      [
        "targets",
        "catch-up >= 2.0 x the writer; point-in-time p99 <= 5 ms; lag p99 <= 1 s at 5,000/s",
      ],
    ];
    printTable("Folio projections: writer, catch-up, point in time, lag, burst (PostgreSQL)", rows);
    printResult({
      writerEntriesPerSecond: writerRate,
      balancesCatchUpEventsPerSecond: balances.perSecond,
      auditCatchUpEventsPerSecond: audit.perSecond,
      catchUpEventsPerSecond: catchUpRate,
      catchUpRatio: round2(catchUpRate / writerRate),
      pitP99Ms: round2(sequential.all.percentile(99)),
      lagMs: Math.round(lag.endToEnd.percentile(99)),
      burstDrainMs: Math.round(burstDrainMs),
    });
  } finally {
    await host?.stop().catch(() => undefined);
    await writer?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await database.release();
  }
}

await main();
