// Projections on local PostgreSQL: (1) generates BENCH_EVENTS 2-posting entries between random
// pairs of BENCH_ACCOUNTS accounts through one LedgerWriter (a small share backdated); (2)
// catch-up: fresh balances and audit runners from zero to caught up, events/s, at each
// batch size of BENCH_CATCHUP_BATCHES; (3) point-in-time balanceOf latency over the resulting
// 1,000,000+ history rows, four kinds (sequence, recorded, effective, effective as known at),
// sequential and with BENCH_CONCURRENCY callers; (4) lag: the balances runner live while the
// writer is offered BENCH_RATE entries/s open-loop for BENCH_SECONDS; the runner's own lagMs
// and the end-to-end lag (submit acknowledged -> balances head reaches that sequence),
// sampled every 100 ms. Targets: point-in-time p99 ≤ 5 ms; lag ≤ 1 s at 10,000 entries/s.
// Database as for bench:append (benchDatabase.ts). Settings: BENCH_EVENTS (entries,
// 1,000,000), BENCH_ACCOUNTS (10,000), BENCH_SECONDS (lag phase, 20), BENCH_RATE (10,000),
// BENCH_BACKDATED_PERCENT (1), BENCH_CATCHUP_BATCHES ("500,2000"), BENCH_LAG_BATCH (500),
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
  balanceOf,
  balancesProjection,
  balancesTables,
  PROJECTION_MIGRATIONS,
  ProjectionRunner,
  type BalanceAt,
  type Projection,
} from "../projections/index.js";
import { openBenchDatabase } from "./benchDatabase.js";
import { benchRequest, randomTransfer, setUpBenchLedger } from "./benchLedger.js";
import {
  benchSeconds,
  machineInfo,
  positiveIntegerSetting,
  printResult,
  printTable,
  Samples,
} from "./machine.js";

type Command = CommandRequest["command"];

const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" });
const entryCount = positiveIntegerSetting("BENCH_EVENTS", 1_000_000);
const accountCount = positiveIntegerSetting("BENCH_ACCOUNTS", 10_000);
const lagSeconds = benchSeconds(20);
const offeredRate = positiveIntegerSetting("BENCH_RATE", 10_000);
const queriesPerKind = positiveIntegerSetting("BENCH_QUERIES", 1_000);
const concurrency = positiveIntegerSetting("BENCH_CONCURRENCY", 8);
const generationCallers = positiveIntegerSetting("BENCH_GEN_CALLERS", 2_000);
const lagBatchSize = positiveIntegerSetting("BENCH_LAG_BATCH", 500);
const backdatedPercent = Number(process.env.BENCH_BACKDATED_PERCENT ?? 1);
if (!Number.isFinite(backdatedPercent) || backdatedPercent < 0 || backdatedPercent > 100) {
  throw new RangeError("BENCH_BACKDATED_PERCENT must be between 0 and 100");
}
const catchUpBatches = (process.env.BENCH_CATCHUP_BATCHES ?? "500,2000")
  .split(",")
  .map((value) => Number(value.trim()));
if (catchUpBatches.length === 0 || catchUpBatches.some((n) => !Number.isInteger(n) || n < 1)) {
  throw new RangeError("BENCH_CATCHUP_BATCHES must list positive integers, e.g. 500,2000");
}

const MAX_BATCH_COMMANDS = 1_000;
/**
 * A backdated entry is effective 1 s to (time since generation started + 1 min) in the past:
 * anywhere in the history so far, so it rewrites part of each account's effective rows.
 */
const BACKDATE_EXTRA_MS = 60 * 1000;
const LAG_SAMPLE_MS = 100;
const HEAD_POLL_MS = 5;
/** After the writer stops: how long the lag phase waits for the projection to catch up. */
const DRAIN_TIMEOUT_MS = 120_000;
const MAX_GENERATION_ERRORS = 10_000;

const ledgerId = `bench-${randomUUID().slice(0, 8)}`;
let nextEntry = 0;
let generationStartMs = Date.now();
let backdatedEntries = 0;

/** The next entry: a random transfer with a fresh id; a small share backdated. */
function randomEntry(): Command {
  nextEntry += 1;
  const entryId = `entry:${nextEntry}`;
  if (Math.random() * 100 >= backdatedPercent) return randomTransfer(accountCount, entryId);
  backdatedEntries += 1;
  const now = Date.now();
  const back = 1_000 + Math.random() * (now - generationStartMs + BACKDATE_EXTRA_MS);
  return randomTransfer(accountCount, entryId, new Date(now - back).toISOString());
}

const request = benchRequest;

/** The last ledger sequence a decision wrote, if it wrote any. */
function lastSequenceOf(decision: Decision): number | null {
  const last = decision.events[decision.events.length - 1];
  return last === undefined ? null : last.metadata.sequence;
}

interface Generation {
  readonly entries: number;
  readonly errors: number;
  readonly elapsedMs: number;
}

/** Closed loop: `generationCallers` callers submit until `entryCount` entries are accepted. */
async function generate(writer: LedgerWriter): Promise<Generation> {
  let issued = 0;
  let accepted = 0;
  let errors = 0;
  const started = performance.now();
  let lastReport = started;
  const caller = async (): Promise<void> => {
    while (issued < entryCount) {
      issued += 1;
      try {
        const decision = await writer.submit(request(randomEntry()));
        if (decision.status !== "accepted") throw new Error(`entry ${decision.status}`);
        accepted += 1;
      } catch (error) {
        if (!(error instanceof WriterError)) throw error;
        issued -= 1;
        errors += 1;
        if (errors > MAX_GENERATION_ERRORS) throw error;
        await sleep(5);
      }
      const now = performance.now();
      if (now - lastReport > 10_000) {
        lastReport = now;
        console.error(
          `  generated ${thousands(accepted)} entries (${rate(accepted, now - started)}/s)`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: generationCallers }, caller));
  return { entries: accepted, errors, elapsedMs: performance.now() - started };
}

interface CatchUp {
  readonly name: string;
  readonly batchSize: number;
  readonly events: number;
  readonly elapsedMs: number;
}

/** A fresh runner of `projection` from zero until caught up. */
async function catchUp(
  pool: pg.Pool,
  store: EventStore,
  projection: Projection,
  batchSize: number,
): Promise<CatchUp> {
  const runner = new ProjectionRunner({ pool, store, projection, logger, batchSize });
  const started = performance.now();
  await runner.start(true);
  const elapsedMs = performance.now() - started;
  const status = runner.status();
  if (status.state === "failed") {
    throw new Error(`${projection.name} v${projection.version} failed: ${status.error}`);
  }
  console.error(
    `  ${projection.name} batch ${batchSize}: ${thousands(status.eventsApplied)} events in ${(elapsedMs / 1000).toFixed(1)} s`,
  );
  return { name: projection.name, batchSize, events: status.eventsApplied, elapsedMs };
}

type QueryKind = "sequence" | "recorded" | "effective" | "effective+knownAt";
const QUERY_KINDS: readonly QueryKind[] = [
  "sequence",
  "recorded",
  "effective",
  "effective+knownAt",
];

interface Ranges {
  readonly lastSequence: number;
  readonly firstRecordedMs: number;
  readonly lastRecordedMs: number;
  readonly firstEffectiveMs: number;
  readonly lastEffectiveMs: number;
  readonly historyRows: number;
  readonly effectiveRows: number;
  readonly backdatedRows: number;
}

async function ranges(pool: pg.Pool, version: number): Promise<Ranges> {
  const t = balancesTables(version);
  const { rows } = await pool.query<{
    last_sequence: string;
    first_recorded: Date;
    last_recorded: Date;
    first_effective: Date;
    last_effective: Date;
    history_rows: string;
    effective_rows: string;
    backdated_rows: string;
  }>(
    `SELECT (SELECT last_sequence FROM ${t.heads} WHERE ledger_id = $1)::text AS last_sequence,
            (SELECT min(recorded_at) FROM ${t.journal} WHERE ledger_id = $1) AS first_recorded,
            (SELECT max(recorded_at) FROM ${t.journal} WHERE ledger_id = $1) AS last_recorded,
            (SELECT min(effective_at) FROM ${t.effective} WHERE ledger_id = $1) AS first_effective,
            (SELECT max(effective_at) FROM ${t.effective} WHERE ledger_id = $1) AS last_effective,
            (SELECT count(*) FROM ${t.history})::text AS history_rows,
            (SELECT count(*) FROM ${t.effective})::text AS effective_rows,
            (SELECT count(*) FROM ${t.history} WHERE backdated)::text AS backdated_rows`,
    [ledgerId],
  );
  const row = rows[0];
  if (row === undefined) throw new Error("no ranges");
  return {
    lastSequence: Number(row.last_sequence),
    firstRecordedMs: row.first_recorded.getTime(),
    lastRecordedMs: row.last_recorded.getTime(),
    firstEffectiveMs: row.first_effective.getTime(),
    lastEffectiveMs: row.last_effective.getTime(),
    historyRows: Number(row.history_rows),
    effectiveRows: Number(row.effective_rows),
    backdatedRows: Number(row.backdated_rows),
  };
}

const randomInt = (max: number): number => Math.floor(Math.random() * (max + 1));
const randomTime = (from: number, to: number): string =>
  new Date(from + Math.random() * (to - from)).toISOString();

function randomAt(kind: QueryKind, r: Ranges): BalanceAt {
  switch (kind) {
    case "sequence":
      return { kind: "sequence", sequence: randomInt(r.lastSequence) };
    case "recorded":
      return { kind: "recorded", recordedAt: randomTime(r.firstRecordedMs, r.lastRecordedMs) };
    case "effective":
      return {
        kind: "effective",
        effectiveAt: randomTime(r.firstEffectiveMs, r.lastEffectiveMs),
      };
    case "effective+knownAt":
      return {
        kind: "effective",
        effectiveAt: randomTime(r.firstEffectiveMs, r.lastEffectiveMs),
        knownAt:
          Math.random() < 0.5
            ? { sequence: randomInt(r.lastSequence) }
            : { recordedAt: randomTime(r.firstRecordedMs, r.lastRecordedMs) },
      };
  }
}

interface QueryRun {
  readonly byKind: ReadonlyMap<QueryKind, Samples>;
  readonly all: Samples;
  readonly nulls: number;
  readonly elapsedMs: number;
}

/** `queriesPerKind` random queries of each kind (kinds interleaved) by `callers` callers. */
async function pointInTime(
  pool: pg.Pool,
  version: number,
  r: Ranges,
  callers: number,
): Promise<QueryRun> {
  const byKind = new Map<QueryKind, Samples>(QUERY_KINDS.map((kind) => [kind, new Samples()]));
  const all = new Samples();
  const total = queriesPerKind * QUERY_KINDS.length;
  let issued = 0;
  let nulls = 0;
  const started = performance.now();
  const caller = async (): Promise<void> => {
    const client = await pool.connect();
    try {
      while (issued < total) {
        const kind = QUERY_KINDS[issued % QUERY_KINDS.length] ?? "sequence";
        issued += 1;
        const at = randomAt(kind, r);
        const accountId = `acct:${randomInt(accountCount - 1)}`;
        const sent = performance.now();
        const balance = await balanceOf(client, { ledgerId, accountId, at, version });
        const ms = performance.now() - sent;
        byKind.get(kind)?.add(ms);
        all.add(ms);
        if (balance === null) nulls += 1;
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  return { byKind, all, nulls, elapsedMs: performance.now() - started };
}

/** EXPLAIN (ANALYZE, BUFFERS) of one query of `kind`, for the log when a kind is slow. */
async function explain(pool: pg.Pool, version: number, kind: QueryKind, r: Ranges): Promise<void> {
  const at = randomAt(kind, r);
  const accountId = `acct:${randomInt(accountCount - 1)}`;
  const client = await pool.connect();
  const original = client.query.bind(client);
  try {
    let plan = "";
    // balanceOf builds its own statement: run it once under EXPLAIN by wrapping the client.
    const explaining = {
      query: async (text: string, values: unknown[]) => {
        const result = await original<{ "QUERY PLAN": string }>(
          `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
          values,
        );
        plan = result.rows.map((row) => row["QUERY PLAN"]).join("\n");
        return original(text, values);
      },
    } as unknown as pg.PoolClient;
    await balanceOf(explaining, { ledgerId, accountId, at, version });
    console.error(`\nEXPLAIN ANALYZE (${kind}, ${JSON.stringify(at)}):\n${plan}\n`);
  } finally {
    client.release();
  }
}

interface Ack {
  readonly sequence: number;
  readonly ackedAt: number;
}

interface LagRun {
  readonly offered: number;
  readonly entries: number;
  readonly errors: number;
  readonly elapsedMs: number;
  readonly runnerLag: Samples;
  readonly endToEnd: Samples;
  readonly unresolved: number;
  readonly drainMs: number;
}

/**
 * The balances runner live while the writer is offered `offeredRate` entries/s open-loop.
 * Every 100 ms: the runner's status().lagMs, and a probe (the latest acknowledged sequence and
 * when it was acknowledged) that a poller of the balances head resolves when the head
 * reaches it: end-to-end lag = head reached - acknowledged.
 */
async function lagPhase(
  pool: pg.Pool,
  store: EventStore,
  writer: LedgerWriter,
  version: number,
): Promise<LagRun> {
  const runner = new ProjectionRunner({
    pool,
    store,
    projection: balancesProjection(version),
    logger,
    batchSize: lagBatchSize,
  });
  void runner.start();
  const heads = balancesTables(version).heads;
  const runnerLag = new Samples();
  const endToEnd = new Samples();
  const maxProbes = Math.ceil((lagSeconds * 1000) / LAG_SAMPLE_MS) + 10;
  const probes: Ack[] = [];
  let resolved = 0;
  // Shared with the sampler and the poller (an object, so narrowing does not go stale).
  const shared: { latestAck: Ack | null; writing: boolean; pollerDone: boolean } = {
    latestAck: null,
    writing: true,
    pollerDone: false,
  };

  const sampler = (async () => {
    let lastProbed = -1;
    while (shared.writing) {
      await sleep(LAG_SAMPLE_MS);
      runnerLag.add(runner.status().lagMs);
      const ack = shared.latestAck;
      if (ack !== null && ack.sequence > lastProbed && probes.length < maxProbes) {
        probes.push(ack);
        lastProbed = ack.sequence;
      }
    }
  })();

  const poller = (async () => {
    const client = await pool.connect();
    try {
      while (!shared.pollerDone) {
        const { rows } = await client.query<{ last_sequence: string }>(
          `SELECT last_sequence::text FROM ${heads} WHERE ledger_id = $1`,
          [ledgerId],
        );
        const head = Number(rows[0]?.last_sequence ?? -1);
        const now = performance.now();
        for (let probe = probes[resolved]; probe !== undefined; probe = probes[resolved]) {
          if (probe.sequence > head) break;
          endToEnd.add(now - probe.ackedAt);
          resolved += 1;
        }
        await sleep(HEAD_POLL_MS);
      }
    } finally {
      client.release();
    }
  })();

  let entries = 0;
  let errors = 0;
  let sent = 0;
  const answers: Promise<void>[] = [];
  const started = performance.now();
  const total = Math.floor(offeredRate * lagSeconds);
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * offeredRate));
    for (; sent < due; sent += 1) {
      answers.push(
        writer.submit(request(randomEntry())).then(
          (decision) => {
            const sequence = lastSequenceOf(decision);
            if (decision.status !== "accepted" || sequence === null) {
              errors += 1;
              return;
            }
            entries += 1;
            if (shared.latestAck === null || sequence > shared.latestAck.sequence) {
              shared.latestAck = { sequence, ackedAt: performance.now() };
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
  const drainStarted = performance.now();
  while (resolved < probes.length && performance.now() - drainStarted < DRAIN_TIMEOUT_MS) {
    await sleep(10);
  }
  const drainMs = performance.now() - drainStarted;
  shared.pollerDone = true;
  await poller;
  await runner.stop();
  const status = runner.status();
  if (status.state === "failed") throw new Error(`balances runner failed: ${status.error}`);
  return {
    offered: total,
    entries,
    errors,
    elapsedMs,
    runnerLag,
    endToEnd,
    unresolved: probes.length - resolved,
    drainMs,
  };
}

const rate = (count: number, elapsedMs: number): string =>
  thousands(Math.round((count / elapsedMs) * 1000));
const perSecond = (count: number, elapsedMs: number): number =>
  Math.round((count / elapsedMs) * 1000);
const ms = (value: number): string => `${value.toFixed(2)} ms`;
const thousands = (value: number): string => value.toLocaleString("en-US");
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
const round2 = (value: number): number => Number(value.toFixed(2));

async function main(): Promise<void> {
  const loadAtStart = load();
  const database = await openBenchDatabase("folio_projections_bench", logger);
  let store: EventStore | undefined;
  let writer: LedgerWriter | undefined;
  let pool: pg.Pool | undefined;
  try {
    store = await openPostgresEventStore({ connectionString: database.url, logger });
    pool = createPool({
      connectionString: database.url,
      logger,
      max: concurrency + 4,
      applicationName: "folio-projections-bench",
    });
    await applyMigrations(pool, logger, PROJECTION_MIGRATIONS);
    const settings = await pool.query<{ version: string; buffers: string }>(
      "SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS buffers",
    );
    const server = settings.rows[0];

    writer = await LedgerWriter.open({
      ledgerId,
      store,
      maxBatchCommands: MAX_BATCH_COMMANDS,
      maxBatchWaitMs: 0,
      maxQueuedCommands: Math.max(20_000, generationCallers, offeredRate * 2),
      snapshotEveryEvents: 1_000_000_000,
      logger,
    });
    await setUpBenchLedger(writer, {
      ledgerId,
      name: "Projections benchmark",
      accounts: accountCount,
    });
    generationStartMs = Date.now();
    console.error(`generating ${thousands(entryCount)} entries...`);
    const generation = await generate(writer);
    const generatedBackdated = backdatedEntries;
    // Planner statistics for the global order: this server runs with autovacuum off, and
    // without them readAll's plan scans every event after the checkpoint (see README).
    await pool.query("VACUUM ANALYZE events");

    // Catch-up: each batch size builds its own version of each model from zero.
    const catchUps: CatchUp[] = [];
    for (const [index, batchSize] of catchUpBatches.entries()) {
      const loadBefore = load();
      console.error(`catch-up, batch ${batchSize} (load ${loadBefore})...`);
      catchUps.push(await catchUp(pool, store, balancesProjection(index + 1), batchSize));
      catchUps.push(await catchUp(pool, store, auditProjection(index + 1), batchSize));
    }
    const balancesRuns = catchUps.filter((run) => run.name === "balances");
    const bestBalances = balancesRuns.reduce((best, run) =>
      run.events / run.elapsedMs > best.events / best.elapsedMs ? run : best,
    );

    // Point in time: on version 1, after VACUUM ANALYZE (what autovacuum does in production).
    const version = 1;
    for (const table of Object.values(balancesTables(version))) {
      await pool.query(`VACUUM ANALYZE ${table}`);
    }
    const r = await ranges(pool, version);
    const loadBeforeQueries = load();
    console.error(`point-in-time queries (load ${loadBeforeQueries})...`);
    await pointInTime(pool, version, r, 1); // warm-up: one pass, not counted
    const sequential = await pointInTime(pool, version, r, 1);
    const concurrent = await pointInTime(pool, version, r, concurrency);
    for (const kind of QUERY_KINDS) {
      if ((sequential.byKind.get(kind)?.percentile(99) ?? 0) > 5) {
        await explain(pool, version, kind, r);
      }
    }

    const loadBeforeLag = load();
    console.error(
      `lag at ${thousands(offeredRate)}/s for ${lagSeconds} s (load ${loadBeforeLag})...`,
    );
    const lag = await lagPhase(pool, store, writer, version);

    const machine = machineInfo();
    const totalEvents = balancesRuns[0]?.events ?? 0;
    const rows: [string, string][] = [
      [
        "machine",
        `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}`,
      ],
      ["node", machine.node],
      [
        "database",
        `${database.kind}, PostgreSQL ${server?.version ?? "?"}, shared_buffers ${server?.buffers ?? "?"}`,
      ],
      [
        "load average (1/5/15 min)",
        `start ${loadAtStart}; queries ${loadBeforeQueries}; lag ${loadBeforeLag}`,
      ],
      [
        "settings",
        `${thousands(entryCount)} entries, ${thousands(accountCount)} accounts, ${backdatedPercent} % backdated, maxBatchCommands ${MAX_BATCH_COMMANDS}`,
      ],
      [
        "generation (not a target)",
        `${thousands(generation.entries)} entries in ${(generation.elapsedMs / 1000).toFixed(1)} s = ${rate(generation.entries, generation.elapsedMs)}/s, ${thousands(generatedBackdated)} backdated, ${generation.errors} retried`,
      ],
      ["journal events", thousands(totalEvents)],
    ];
    for (const run of catchUps) {
      rows.push([
        `catch-up ${run.name}, batch ${run.batchSize}`,
        `${rate(run.events, run.elapsedMs)} events/s (${(run.elapsedMs / 1000).toFixed(1)} s)`,
      ]);
    }
    rows.push(
      [
        "balances rows",
        `history ${thousands(r.historyRows)} (${thousands(r.backdatedRows)} backdated), effective ${thousands(r.effectiveRows)}`,
      ],
      ["point-in-time queries", `${thousands(queriesPerKind)} per kind per mode, random accounts`],
    );
    for (const [label, run] of [
      ["sequential", sequential],
      [`${concurrency} concurrent`, concurrent],
    ] as const) {
      for (const kind of QUERY_KINDS) {
        const samples = run.byKind.get(kind) ?? new Samples();
        rows.push([
          `  ${label}: ${kind} p50 / p99`,
          `${ms(samples.percentile(50))} / ${ms(samples.percentile(99))} (max ${ms(samples.max())})`,
        ]);
      }
      rows.push([
        `  ${label}: all p50 / p99`,
        `${ms(run.all.percentile(50))} / ${ms(run.all.percentile(99))}, ${rate(run.all.count, run.elapsedMs)} queries/s, ${run.nulls} unknown-yet`,
      ]);
    }
    rows.push(
      [
        `lag: writer offered ${thousands(offeredRate)}/s`,
        `${thousands(lag.entries)} of ${thousands(lag.offered)} entries in ${(lag.elapsedMs / 1000).toFixed(1)} s = ${rate(lag.entries, lag.elapsedMs)}/s, ${lag.errors} errors; runner batch ${lagBatchSize}`,
      ],
      [
        "lag: runner lagMs p50 / p99 / max",
        `${lag.runnerLag.percentile(50).toFixed(0)} / ${lag.runnerLag.percentile(99).toFixed(0)} / ${lag.runnerLag.max().toFixed(0)} ms (${lag.runnerLag.count} samples)`,
      ],
      [
        "lag: end-to-end p50 / p99 / max",
        `${lag.endToEnd.percentile(50).toFixed(0)} / ${lag.endToEnd.percentile(99).toFixed(0)} / ${lag.endToEnd.max().toFixed(0)} ms (${lag.endToEnd.count} probes, ${lag.unresolved} unresolved, drained in ${(lag.drainMs / 1000).toFixed(1)} s)`,
      ],
      ["targets", "point-in-time p99 ≤ 5 ms; lag ≤ 1 s at 10,000 entries/s"],
    );
    printTable("Folio projections: catch-up, point-in-time balances, lag (PostgreSQL)", rows);
    const endToEnd = new Samples();
    endToEnd.addAll(lag.endToEnd);
    for (let i = 0; i < lag.unresolved; i += 1) endToEnd.add(DRAIN_TIMEOUT_MS);
    printResult({
      catchUpEventsPerSecond: perSecond(bestBalances.events, bestBalances.elapsedMs),
      pitP99Ms: round2(sequential.all.percentile(99)),
      lagMs: Math.round(endToEnd.percentile(99)),
    });
  } finally {
    await writer?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await database.release();
  }
}

await main();
