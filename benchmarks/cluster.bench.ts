// Cluster mode (FOLIO_CLUSTER=on; docs/operations.md "Running several Folio processes"): Folio
// API processes as real child processes (api/cluster/testing/clusterProcess.ts) on one
// database and one NATS subject prefix. Three measures:
// 1. Throughput: BENCH_LEDGERS (30) ledgers, each created through (so owned by) one process
//    in turn, BENCH_CONNECTIONS (64) closed-loop callers posting 2-posting entries between
//    random accounts of a random ledger, for BENCH_SECONDS (10) with 1 process and
//    FOLIO_CLUSTER=off (the baseline), with 1 process in cluster mode, then with 3
//    (a fresh set of ledgers spread over them), each request sent to a random process (a load
//    balancer without stickiness: 2 in 3 are forwarded). Only 2xx answers count.
// 2. Forwarding cost: one caller, no other load, BENCH_PROBES (300) entries sent alternately to
//    the ledger's owner and to a non-owner (forwarded over NATS): p50/p99 of each.
// 3. Failover: an owner is SIGKILLed; a prober posts to one of its ledgers through another
//    process every FAILOVER_POLL_MS until a 2xx: kill to first success (BENCH_FAILOVERS, 3 times,
//    the dead process respawned in between), and how long the command in flight at the kill
//    (forwarded to the dying owner) waited for its answer.
// BENCH_LEASES: postgres (default) or nats (FOLIO_CLUSTER_LEASES; the failover is then bound by
// FOLIO_CLUSTER_LEASE_TTL_MS, BENCH_LEASE_TTL_MS, default 6,000).
// Database: as benchmarks/benchDatabase.ts; NATS: NATS_URL or nats://127.0.0.1:4222.
// Run: npm run bench:cluster
import { loadavg } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import {
  nth,
  spawnClusterProcess,
  type ClusterProcess,
} from "../api/cluster/testing/clusterProcesses.js";
import { leaseBucketOf } from "../api/cluster/clusterSetup.js";
import {
  CLUSTER_NATS_URL,
  clusterSettings,
  type ClusterSettings,
} from "../api/cluster/testing/clusterTestKit.js";
import { deleteStream } from "../connectors/nats/publisherTestKit.js";
import { openBenchDatabase } from "./benchDatabase.js";
import {
  benchSeconds,
  machineRows,
  positiveIntegerSetting,
  printResult,
  printTable,
  Samples,
} from "./machine.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" });
const seconds = benchSeconds(10);
const ledgerCount = positiveIntegerSetting("BENCH_LEDGERS", 30);
const connections = positiveIntegerSetting("BENCH_CONNECTIONS", 64);
const probes = positiveIntegerSetting("BENCH_PROBES", 300);
const failovers = positiveIntegerSetting("BENCH_FAILOVERS", 3);
const ACCOUNTS_PER_LEDGER = 20;
const MAX_CENTS = 10_000;
const FAILOVER_POLL_MS = 5;
/** Failover probes waiting for an answer at once (those sent while the owner dies wait long). */
const FAILOVER_MAX_IN_FLIGHT = 50;
/** A failover that has not completed by then is reported as failed. */
const FAILOVER_MAX_MS = 30_000;
const leases = leasesSetting(process.env.BENCH_LEASES);

/** BENCH_LEASES: postgres (the default) or nats; anything else stops the run. */
function leasesSetting(value: string | undefined): "postgres" | "nats" {
  if (value === undefined || value === "" || value === "postgres") return "postgres";
  if (value === "nats") return "nats";
  throw new Error(`BENCH_LEASES must be postgres or nats, not ${JSON.stringify(value)}`);
}
const leaseTtlMs = positiveIntegerSetting("BENCH_LEASE_TTL_MS", 6_000);
/** FOLIO_REQUEST_TIMEOUT_MS at its default (30 s): a forward to a dead owner is probed instead. */
const PROCESS_ENV = { FOLIO_PROJECTIONS: "off" };

const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error("nothing to pick from");
  return item;
};
const cents = (n: number): string => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;
let entrySerial = 0;

/** A 2-posting entry between two distinct random accounts of a ledger. */
function entry(): { id: string; postings: unknown[] } {
  const from = Math.floor(Math.random() * ACCOUNTS_PER_LEDGER);
  const to =
    (from + 1 + Math.floor(Math.random() * (ACCOUNTS_PER_LEDGER - 1))) % ACCOUNTS_PER_LEDGER;
  const amount = cents(1 + Math.floor(Math.random() * MAX_CENTS));
  entrySerial += 1;
  return {
    id: `e-${process.pid}-${entrySerial}`,
    postings: [
      { accountId: `a${from}`, side: "debit", amount },
      { accountId: `a${to}`, side: "credit", amount },
    ],
  };
}

/** Creates `count` ledgers named `<tag>-<n>`, ledger n through (so owned by) owners[n % k]. */
async function createLedgers(tag: string, count: number, owners: readonly ClusterProcess[]) {
  const ledgers: { id: string; owner: ClusterProcess }[] = [];
  for (let n = 0; n < count; n += 1) {
    const owner = nth(owners, n % owners.length, "process");
    const id = `${tag}-${n}`;
    const ledger = { id, name: id, reportingCurrency: "EUR", assets: [{ code: "EUR", scale: 2 }] };
    expectOk(await owner.request("POST", "/v1/ledgers", ledger), `ledger ${id}`);
    await Promise.all(
      Array.from({ length: ACCOUNTS_PER_LEDGER }, async (_, index) => {
        const account = { id: `a${index}`, currency: "EUR", type: "asset" };
        expectOk(await owner.request("POST", `/v1/ledgers/${id}/accounts`, account), "account");
      }),
    );
    ledgers.push({ id, owner });
  }
  return ledgers;
}

function expectOk(reply: { status: number; body: unknown }, what: string): void {
  if (reply.status >= 300)
    throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
}

interface Throughput {
  readonly perSecond: number;
  readonly ok: number;
  readonly failed: number;
  readonly latency: Samples;
}

/** `connections` closed-loop callers, each entry to a random ledger through a random process. */
async function throughput(
  ledgers: readonly { id: string }[],
  processes: readonly ClusterProcess[],
): Promise<Throughput> {
  const latency = new Samples();
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const caller = async (): Promise<void> => {
    while (performance.now() < until) {
      const sent = performance.now();
      try {
        const reply = await pick(processes).request(
          "POST",
          `/v1/ledgers/${pick(ledgers).id}/entries`,
          entry(),
        );
        if (reply.status >= 200 && reply.status < 300) {
          ok += 1;
          latency.add(performance.now() - sent);
        } else failed += 1;
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, caller));
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: ok / elapsed, ok, failed, latency };
}

/** One caller alternating an entry sent to the owner and one sent to a non-owner. */
async function forwardingCost(
  ledger: { id: string; owner: ClusterProcess },
  other: ClusterProcess,
): Promise<{ owner: Samples; forwarded: Samples }> {
  const owner = new Samples();
  const forwarded = new Samples();
  for (let n = 0; n < probes; n += 1) {
    for (const [target, samples] of [
      [ledger.owner, owner],
      [other, forwarded],
    ] as const) {
      const sent = performance.now();
      expectOk(await target.request("POST", `/v1/ledgers/${ledger.id}/entries`, entry()), "probe");
      samples.add(performance.now() - sent);
    }
  }
  return { owner, forwarded };
}

interface Failover {
  /** Kill to the first 2xx of any command sent after the kill (one every FAILOVER_POLL_MS). */
  readonly firstOkMs: number;
  /** Kill to the answer of the command in flight at the kill (forwarded to the dying owner). */
  readonly inFlightMs: number;
  readonly inFlightStatus: number;
}

/**
 * SIGKILLs `victim` (the owner of `ledgerId`) as a command for the ledger is sent through
 * `via`, then sends another every FAILOVER_POLL_MS through `via` (at most
 * FAILOVER_MAX_IN_FLIGHT waiting) until one succeeds.
 */
async function failover(
  victim: ClusterProcess,
  via: ClusterProcess,
  ledgerId: string,
): Promise<Failover> {
  const path = `/v1/ledgers/${ledgerId}/entries`;
  expectOk(await victim.request("POST", path, entry()), "warm owner");
  victim.kill();
  const killedAt = performance.now();
  const inFlight = via.request("POST", path, entry()).then((reply) => ({
    inFlightMs: performance.now() - killedAt,
    inFlightStatus: reply.status,
  }));
  let firstOkMs = Number.NaN;
  let waiting = 0;
  const probe = async (): Promise<void> => {
    waiting += 1;
    try {
      const reply = await via.request("POST", path, entry());
      if (reply.status < 300 && Number.isNaN(firstOkMs)) firstOkMs = performance.now() - killedAt;
    } finally {
      waiting -= 1;
    }
  };
  const probes: Promise<void>[] = [];
  while (Number.isNaN(firstOkMs) && performance.now() - killedAt < FAILOVER_MAX_MS) {
    if (waiting < FAILOVER_MAX_IN_FLIGHT) probes.push(probe());
    await sleep(FAILOVER_POLL_MS);
  }
  await Promise.all(probes);
  return { firstOkMs, ...(await inFlight) };
}

async function main(): Promise<void> {
  const database = await openBenchDatabase("folio_bench_cluster", logger);
  const settings: ClusterSettings = clusterSettings(database.url, {
    FOLIO_CLUSTER_LEASES: leases,
    FOLIO_CLUSTER_LEASE_TTL_MS: String(leaseTtlMs),
  });
  const processes: ClusterProcess[] = [];
  const load = loadavg()[0] ?? 0;
  try {
    // The baseline: one process with FOLIO_CLUSTER=off (no leases, no NATS), stopped after.
    const solo = await spawnClusterProcess("solo", settings, {
      ...PROCESS_ENV,
      FOLIO_CLUSTER: "off",
    });
    const off = await throughput(await createLedgers("off", ledgerCount, [solo]), [solo]).finally(
      () => solo.stop(),
    );
    processes.push(await spawnClusterProcess("p0", settings, PROCESS_ENV));
    const single = await throughput(await createLedgers("one", ledgerCount, processes), processes);
    processes.push(
      ...(await Promise.all(
        ["p1", "p2"].map((name) => spawnClusterProcess(name, settings, PROCESS_ENV)),
      )),
    );
    const spread = await createLedgers("three", ledgerCount, processes);
    const three = await throughput(spread, processes);
    const cost = await forwardingCost(nth(spread, 0), nth(processes, 1));
    const firstOk = new Samples();
    const inFlight = new Samples();
    const inFlightStatuses: number[] = [];
    for (let round = 0; round < failovers; round += 1) {
      const victimIndex = 1 + (round % 2);
      const victim = nth(processes, victimIndex);
      // A ledger created through the victim: the victim owns it.
      const owned = await createLedgers(`failover${round}`, 1, [victim]);
      const measured = await failover(victim, nth(processes, 0), nth(owned, 0).id);
      firstOk.add(measured.firstOkMs);
      inFlight.add(measured.inFlightMs);
      inFlightStatuses.push(measured.inFlightStatus);
      processes[victimIndex] = await spawnClusterProcess(victim.name, settings, PROCESS_ENV);
    }
    report({
      load,
      database: database.kind,
      off,
      single,
      three,
      cost,
      firstOk,
      inFlight,
      inFlightStatuses,
    });
  } finally {
    await Promise.all(processes.map((process) => process.stop()));
    await database.release();
    const prefix = settings.env.FOLIO_NATS_SUBJECT_PREFIX ?? "";
    for (const stream of [settings.stream, `KV_${leaseBucketOf(prefix)}`]) {
      await deleteStream(CLUSTER_NATS_URL, stream).catch(() => undefined);
    }
  }
}

function report(figures: {
  load: number;
  database: string;
  off: Throughput;
  single: Throughput;
  three: Throughput;
  cost: { owner: Samples; forwarded: Samples };
  firstOk: Samples;
  inFlight: Samples;
  inFlightStatuses: readonly number[];
}): void {
  const { single, three, cost, firstOk, inFlight } = figures;
  const ms = (value: number): string => `${value.toFixed(1)} ms`;
  const rate = (phase: Throughput): string =>
    `${Math.round(phase.perSecond).toLocaleString("en")} entries/s (p50 ${ms(phase.latency.percentile(50))}, p99 ${ms(phase.latency.percentile(99))}; ${phase.failed} failed)`;
  printTable("Cluster benchmark", [
    ...machineRows(),
    ["load average before", figures.load.toFixed(2)],
    ["database", figures.database],
    ["leases", leases === "nats" ? `NATS key-value, TTL ${leaseTtlMs} ms` : "PostgreSQL"],
    [
      "ledgers / accounts each / callers / seconds",
      `${ledgerCount} / ${ACCOUNTS_PER_LEDGER} / ${connections} / ${seconds}`,
    ],
    ["1 process, FOLIO_CLUSTER=off", rate(figures.off)],
    ["1 process, FOLIO_CLUSTER=on", rate(single)],
    ["3 processes (random process per request)", rate(three)],
    [
      "sent to the owner (1 caller)",
      `p50 ${ms(cost.owner.percentile(50))}, p99 ${ms(cost.owner.percentile(99))} (${cost.owner.count})`,
    ],
    [
      "sent to a non-owner (forwarded)",
      `p50 ${ms(cost.forwarded.percentile(50))}, p99 ${ms(cost.forwarded.percentile(99))} (${cost.forwarded.count})`,
    ],
    [
      "failover, SIGKILL to first 2xx",
      `p50 ${ms(firstOk.percentile(50))}, max ${ms(firstOk.max())} (${firstOk.count} rounds)`,
    ],
    [
      "command in flight at the SIGKILL",
      `answered after p50 ${ms(inFlight.percentile(50))}, max ${ms(inFlight.max())} (statuses ${figures.inFlightStatuses.join(", ")}; FOLIO_REQUEST_TIMEOUT_MS 30 s)`,
    ],
  ]);
  printResult({
    natsLeases: leases === "nats" ? 1 : 0,
    entriesPerSecondOff: Math.round(figures.off.perSecond),
    entriesPerSecond1: Math.round(single.perSecond),
    entriesPerSecond3: Math.round(three.perSecond),
    failed1: single.failed,
    failed3: three.failed,
    ownerP50Ms: round(cost.owner.percentile(50)),
    ownerP99Ms: round(cost.owner.percentile(99)),
    forwardedP50Ms: round(cost.forwarded.percentile(50)),
    forwardedP99Ms: round(cost.forwarded.percentile(99)),
    failoverP50Ms: round(firstOk.percentile(50)),
    failoverMaxMs: round(firstOk.max()),
    inFlightAtKillMaxMs: round(inFlight.max()),
  });
}

const round = (value: number): number => Math.round(value * 10) / 10;

await main();
