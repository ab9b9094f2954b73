// HTTP throughput and latency of the whole API: Folio runs in this process (startFolio), a
// ledger gets 10,000 accounts, then autocannon (in a worker thread, so the load generator has
// its own event loop) posts 2-posting entries between random account pairs: one entry per
// POST /entries, then 100 per atomic POST /entries/batch. Only 2xx answers count as throughput;
// non-2xx, errors and timeouts are reported, and the ledger's sequence cross-checks the count.
// Targets (2 cores): ≥ 5,000 single entries/s with p99 ≤ 25 ms; ≥ 20,000 entries/s in batches.
// Database: BENCH_DATABASE_URL or DATABASE_URL as is; else a temporary database on
// postgres://postgres@127.0.0.1:5432/postgres if reachable; else an embedded PostgreSQL in a
// temporary FOLIO_DATA_DIR. Settings: BENCH_SECONDS (per phase, default 15), BENCH_CONNECTIONS
// (64), BENCH_ACCOUNTS (10,000), BENCH_BATCH_SIZE (100), BENCH_CPU_PROFILE_DIR (a CPU profile
// of the main thread per phase, written there). Per phase it also reports the CPU the process
// used per acknowledged entry (process.cpuUsage: every thread, the load worker's included),
// split by thread where Linux tells (/proc/thread-self/stat: main thread, load worker, the rest
// = V8's GC helpers and libuv's pool), and the event-loop utilisation of both threads.
import { randomBytes, randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import autocannon from "autocannon";
import { pino } from "pino";
import { readConfig } from "../api/config.js";
import { startFolio } from "../api/main.js";
import {
  benchSeconds,
  machineInfo,
  printResult,
  printTable,
  positiveIntegerSetting,
} from "./machine.js";
import { openBenchDatabase } from "./benchDatabase.js";
import { measured, profiled, threadCpuMicros, type PhaseResources } from "./processCpu.js";

const WARMUP_SECONDS = 2;
const OPEN_ACCOUNTS_CONCURRENCY = 32;
/** Between phases the ledger's sequence must stay put this long (the last phase's stragglers). */
const SETTLE_QUIET_MS = 300;
/** ...and settle within this, or the phase starts anyway (the count check may then warn). */
const SETTLE_MAX_MS = 10_000;
/** What the main thread asks a load worker to run. */
interface LoadPlan {
  readonly url: string;
  readonly key: string;
  readonly ledgerId: string;
  readonly phase: string;
  readonly seconds: number;
  readonly connections: number;
  readonly accounts: number;
  /** 0: one entry per POST /entries; n: n entries per atomic POST /entries/batch. */
  readonly batchSize: number;
}

/** What a load worker reports back: autocannon's figures that matter here. */
interface LoadReport {
  readonly seconds: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statuses: Record<string, number>;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** The worker's event loop over the run: busy share (0..1) and busy time, ms. */
  readonly elu: number;
  readonly activeMs: number;
  /** The worker thread's own CPU, µs (Linux); null elsewhere. */
  readonly cpuMicros: number | null;
}

// ---- the load worker ----------------------------------------------------------------------

function accountId(index: number): string {
  return `acct-${String(index).padStart(5, "0")}`;
}

function entryBody(plan: LoadPlan, id: string): Record<string, unknown> {
  const debit = Math.floor(Math.random() * plan.accounts);
  const credit = (debit + 1 + Math.floor(Math.random() * (plan.accounts - 1))) % plan.accounts;
  const cents = 1 + Math.floor(Math.random() * 100_000);
  const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
  return {
    id,
    postings: [
      { accountId: accountId(debit), side: "debit", amount },
      { accountId: accountId(credit), side: "credit", amount },
    ],
  };
}

/** autocannon.aggregateResult, which @types/autocannon does not declare. */
const aggregateResult = (
  autocannon as unknown as {
    aggregateResult: (results: unknown[], options: autocannon.Options) => autocannon.Result;
  }
).aggregateResult;

async function runLoad(plan: LoadPlan): Promise<LoadReport> {
  let counter = 0;
  const tag = randomBytes(4).toString("hex");
  const nextId = (): string => `${plan.phase}-${tag}-${(counter += 1)}`;
  const single = plan.batchSize === 0;
  const options: autocannon.Options = {
    url: plan.url,
    connections: plan.connections,
    duration: plan.seconds,
    requests: [
      {
        method: "POST",
        path: `/v1/ledgers/${plan.ledgerId}/entries${single ? "" : "/batch"}`,
        headers: { authorization: `Bearer ${plan.key}`, "content-type": "application/json" },
        setupRequest: (request) => {
          const body = single
            ? entryBody(plan, nextId())
            : {
                atomic: true,
                entries: Array.from({ length: plan.batchSize }, () => entryBody(plan, nextId())),
              };
          return { ...request, body: JSON.stringify(body) };
        },
      },
    ],
  };
  const loopBefore = performance.eventLoopUtilization();
  const cpuBefore = threadCpuMicros();
  const raw = await autocannon(options);
  const cpuAfter = threadCpuMicros();
  const loop = performance.eventLoopUtilization(loopBefore);
  // In a worker thread autocannon returns raw histograms; aggregate them here.
  const result = aggregateResult([raw], options);
  const statuses: Record<string, number> = {};
  for (const [code, count] of Object.entries(result.statusCodeStats ?? {})) {
    statuses[code] = count.count ?? 0;
  }
  return {
    seconds: result.duration,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    elu: loop.utilization,
    activeMs: loop.active,
    cpuMicros: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
  };
}

function inWorker(plan: LoadPlan): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    // The worker runs this same file; tsx's loader has to be registered in it first.
    const bootstrap = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
      .then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(bootstrap, { eval: true, workerData: plan });
    worker.once("message", (report: LoadReport) => {
      resolve(report);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`load worker exited with ${code}`));
    });
  });
}

// ---- the database and the ledger ----------------------------------------------------------

async function call(url: string, key: string, method: string, route: string, body?: unknown) {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed: unknown = await response.json();
  if (response.status >= 300) {
    throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(parsed)}`);
  }
  return parsed;
}

async function ledgerSequence(url: string, key: string, ledgerId: string): Promise<number> {
  const view = (await call(url, key, "GET", `/v1/ledgers/${ledgerId}`)) as { sequence: number };
  return view.sequence;
}

/**
 * The ledger's sequence once it has stopped moving: requests a stopped load worker left in
 * flight are still written after it returns, and would otherwise count in the next phase.
 */
async function settledSequence(url: string, key: string, ledgerId: string): Promise<number> {
  const started = performance.now();
  let last = await ledgerSequence(url, key, ledgerId);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_QUIET_MS));
    const now = await ledgerSequence(url, key, ledgerId);
    if (now === last || performance.now() - started > SETTLE_MAX_MS) return now;
    last = now;
  }
}

/** Opens the accounts, OPEN_ACCOUNTS_CONCURRENCY at a time (there is no batch route for them). */
async function openAccounts(url: string, key: string, ledgerId: string, count: number) {
  let next = 0;
  const opener = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await call(url, key, "POST", `/v1/ledgers/${ledgerId}/accounts`, {
        id: accountId(index),
        currency: "USD",
        type: "asset",
      });
    }
  };
  await Promise.all(Array.from({ length: OPEN_ACCOUNTS_CONCURRENCY }, opener));
}

// ---- the run ------------------------------------------------------------------------------

interface Phase {
  readonly name: string;
  readonly report: LoadReport;
  readonly entriesPerRequest: number;
  readonly written: number;
  readonly resources: PhaseResources;
}

/** Rows of CPU per acknowledged entry and event-loop use. */
function describeResources(phase: Phase): [string, string][] {
  const { report, resources } = phase;
  const entries = report.ok * phase.entriesPerRequest;
  const perEntry = (micros: number | null): string =>
    micros === null || entries === 0 ? "n/a" : (micros / entries).toFixed(1);
  const worker = report.cpuMicros;
  const main = resources.mainCpuMicros;
  const rest = worker === null || main === null ? null : resources.processCpuMicros - worker - main;
  return [
    ["CPU µs per entry: process (all threads)", perEntry(resources.processCpuMicros)],
    [
      "  main thread / load worker / other threads",
      `${perEntry(main)} / ${perEntry(worker)} / ${perEntry(rest)}` +
        (worker === null ? " (thread split needs Linux /proc)" : ""),
    ],
    [
      "  process less the load worker",
      perEntry(worker === null ? null : resources.processCpuMicros - worker),
    ],
    [
      "event-loop utilisation: main / load worker",
      `${(resources.mainElu * 100).toFixed(1)} % / ${(report.elu * 100).toFixed(1)} %`,
    ],
  ];
}

function describePhase(phase: Phase, connections: number): [string, string][] {
  const { report } = phase;
  const counted = report.ok * phase.entriesPerRequest;
  const inFlight = connections + report.non2xx + report.errors + report.timeouts;
  const consistent =
    phase.written >= counted && phase.written <= counted + inFlight * phase.entriesPerRequest;
  const requestsPerSecond = report.ok / report.seconds;
  const rows: [string, string][] = [
    ["2xx requests/s", requestsPerSecond.toFixed(0)],
    ["entries/s (2xx only)", (requestsPerSecond * phase.entriesPerRequest).toFixed(0)],
    ["latency p50 / p99 / max", `${report.p50} / ${report.p99} / ${report.max} ms`],
    ["2xx / non-2xx answers", `${report.ok} / ${report.non2xx}`],
    ["connection errors / timeouts", `${report.errors} / ${report.timeouts}`],
    ["statuses", JSON.stringify(report.statuses)],
    [
      "events written (ledger sequence)",
      // Requests still in flight when autocannon stops are written but not counted: at most
      // one per connection.
      `${phase.written} (counted 2xx × ${phase.entriesPerRequest} = ${counted}; ${
        consistent ? "consistent" : "MISMATCH"
      })`,
    ],
  ];
  return rows;
}

async function main(): Promise<void> {
  const seconds = benchSeconds(15);
  const connections = positiveIntegerSetting("BENCH_CONNECTIONS", 64);
  const accounts = positiveIntegerSetting("BENCH_ACCOUNTS", 10_000);
  const batchSize = positiveIntegerSetting("BENCH_BATCH_SIZE", 100);
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  const key = `folio_bench_${randomBytes(24).toString("base64url")}`;
  const database = await openBenchDatabase("folio_http_bench", pino({ level: "warn" }));
  const folio = await startFolio(
    readConfig({
      PORT: "0",
      LOG_LEVEL: "silent",
      FOLIO_ADMIN_KEY: key,
      DATABASE_URL: database.url,
    }),
  );
  const phases: Phase[] = [];
  try {
    const ledgerId = `http-bench-${randomUUID().slice(0, 8)}`;
    await call(folio.url, key, "POST", "/v1/ledgers", {
      id: ledgerId,
      name: "HTTP benchmark",
      reportingCurrency: "USD",
      assets: [{ code: "USD", scale: 2 }],
    });
    const openStarted = performance.now();
    await openAccounts(folio.url, key, ledgerId, accounts);
    const openSeconds = (performance.now() - openStarted) / 1000;
    const plan = { url: folio.url, key, ledgerId, connections, accounts };
    await inWorker({ ...plan, phase: "warmup", seconds: WARMUP_SECONDS, batchSize: 0 });

    const load = loadavg()[0] ?? 0;
    for (const [name, size] of [
      ["single", 0],
      ["batch", batchSize],
    ] as const) {
      const before = await settledSequence(folio.url, key, ledgerId);
      const { result: report, ...resources } = await profiled(profileDir, `http-${name}`, () =>
        measured(() => inWorker({ ...plan, phase: name, seconds, batchSize: size })),
      );
      const written = (await settledSequence(folio.url, key, ledgerId)) - before;
      phases.push({ name, report, entriesPerRequest: Math.max(1, size), written, resources });
    }

    const info = machineInfo();
    printTable("HTTP benchmark", [
      ["machine", `${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, ${info.node}`],
      ["load average before the phases", load.toFixed(2)],
      ["database", database.kind],
      ["accounts", `${accounts} (opened in ${openSeconds.toFixed(1)} s over HTTP)`],
      ["seconds per phase / connections", `${seconds} / ${connections}`],
      ["batch", `${batchSize} entries per atomic POST /entries/batch`],
    ]);
    for (const phase of phases) {
      printTable(
        phase.name === "single" ? "POST /entries (1 entry)" : "POST /entries/batch (atomic)",
        [...describePhase(phase, connections), ...describeResources(phase)],
      );
      const failed = phase.report.non2xx + phase.report.errors + phase.report.timeouts;
      if (failed > 0) {
        console.log(`WARNING: ${failed} ${phase.name} requests failed; they are not counted`);
      }
    }
  } finally {
    await folio.close();
    await database.release();
  }
  const rate = (name: string): Phase => {
    const phase = phases.find((candidate) => candidate.name === name);
    if (phase === undefined) throw new Error(`no ${name} phase`);
    return phase;
  };
  const single = rate("single");
  const batch = rate("batch");
  const cpuPerEntry = (phase: Phase): number =>
    Math.round(
      (10 * phase.resources.processCpuMicros) /
        Math.max(1, phase.report.ok * phase.entriesPerRequest),
    ) / 10;
  printResult({
    singleEntriesPerSecond: Math.round(single.report.ok / single.report.seconds),
    singleP50Ms: single.report.p50,
    singleP99Ms: single.report.p99,
    singleCpuMicrosPerEntry: cpuPerEntry(single),
    singleMainElu: Math.round(single.resources.mainElu * 1000) / 1000,
    batchEntriesPerSecond: Math.round(
      (batch.report.ok * batch.entriesPerRequest) / batch.report.seconds,
    ),
    batchP99Ms: batch.report.p99,
    batchCpuMicrosPerEntry: cpuPerEntry(batch),
    batchMainElu: Math.round(batch.resources.mainElu * 1000) / 1000,
  });
}

if (isMainThread) {
  await main();
} else {
  const report = await runLoad(workerData as LoadPlan);
  parentPort?.postMessage(report);
}
