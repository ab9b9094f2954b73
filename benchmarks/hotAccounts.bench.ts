// Hot accounts, in the manner of the TigerBeetle-vs-PostgreSQL comparison (shared research,
// anchors-2026-11.md section 3): one ledger of BENCH_ACCOUNTS (default 100,000) accounts, a
// durable LedgerWriter on PostgreSQL, transfers whose two accounts are drawn uniformly, or
// Zipf-distributed with s = 1 and s = 2 (with s = 2 the hottest account is in about 61 % of the
// draws), offered open-loop at each rate of BENCH_RATES (entries/s, default 1,000 to 8,000) for
// BENCH_SECONDS each (default 10). A request's latency runs from its scheduled time (so a
// stalled writer shows up, coordinated omission is not hidden); it is late past LATE_MS and
// dropped when the writer refuses it (queue full). At the end, the balance check: every
// account's posted debits and credits in a writer reopened from the store equal the sums of
// the acknowledged transfers, and the ledger's debits equal its credits.
// Database: as benchmarks/benchDatabase.ts. Run: npm run bench:hot-accounts
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import { openPostgresEventStore } from "../event-store/index.js";
import { LedgerWriter, type EventStore } from "../ledger-core/index.js";
import { openBenchDatabase } from "./benchDatabase.js";
import { benchRequest, setUpBenchLedger, transferBetween } from "./benchLedger.js";
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
const accountCount = positiveIntegerSetting("BENCH_ACCOUNTS", 100_000);
const rates = (process.env.BENCH_RATES ?? "1000,2000,4000,6000,8000")
  .split(",")
  .map((rate) => Number(rate));
if (rates.some((rate) => !Number.isInteger(rate) || rate <= 0)) {
  throw new RangeError(`BENCH_RATES must be positive integers, got ${process.env.BENCH_RATES}`);
}
const LATE_MS = 1_000;
const MAX_CENTS = 100_000;
const ledgerId = `hot-${randomUUID().slice(0, 8)}`;

/** Draws account indexes 0..n-1: uniformly, or Zipf(s) by inverse CDF (index 0 the hottest). */
function sampler(n: number, s: number | null): () => number {
  if (s === null) return () => Math.floor(Math.random() * n);
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k += 1) cdf[k] = sum += 1 / (k + 1) ** s;
  for (let k = 0; k < n; k += 1) cdf[k] = (cdf[k] ?? 0) / sum;
  return () => {
    const u = Math.random();
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cdf[middle] ?? 1) < u) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/** What the client acknowledged, per account: the balance check's expected side. */
const expectedDebits = new BigInt64Array(accountCount);
const expectedCredits = new BigInt64Array(accountCount);
let nextEntry = 0;

interface StepResult {
  readonly offered: number;
  readonly accepted: number;
  readonly dropped: number;
  readonly late: number;
  readonly elapsedMs: number;
  readonly latencies: Samples;
}

/** One open-loop step: `rate` transfers a second for `durationMs`, answers awaited at the end. */
async function openLoop(
  writer: LedgerWriter,
  draw: () => number,
  rate: number,
  durationMs: number,
): Promise<StepResult> {
  const latencies = new Samples();
  let accepted = 0;
  let dropped = 0;
  let late = 0;
  const answers: Promise<void>[] = [];
  const started = performance.now();
  const total = Math.floor((rate * durationMs) / 1000);
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    for (; sent < due; sent += 1) {
      const scheduled = started + (sent * 1000) / rate;
      const debit = draw();
      let credit = draw();
      while (credit === debit) credit = draw();
      const cents = 1 + Math.floor(Math.random() * MAX_CENTS);
      const command = transferBetween(debit, credit, cents, `hot:${(nextEntry += 1)}`);
      answers.push(
        writer.submit(benchRequest(command)).then(
          (decision) => {
            if (decision.status !== "accepted") throw new Error(`entry ${decision.status}`);
            const latency = performance.now() - scheduled;
            latencies.add(latency);
            if (latency > LATE_MS) late += 1;
            accepted += 1;
            expectedDebits[debit] = (expectedDebits[debit] ?? 0n) + BigInt(cents);
            expectedCredits[credit] = (expectedCredits[credit] ?? 0n) + BigInt(cents);
          },
          () => {
            dropped += 1;
          },
        ),
      );
    }
    await sleep(1);
  }
  await Promise.all(answers);
  return {
    offered: total,
    accepted,
    dropped,
    late,
    elapsedMs: performance.now() - started,
    latencies,
  };
}

/** The balance check on a writer reopened from the store: every account, and the ledger. */
async function balanceCheck(store: EventStore): Promise<{ accounts: number; mismatched: number }> {
  const reopened = await LedgerWriter.open({ ledgerId, store, logger });
  try {
    let mismatched = 0;
    let debits = 0n;
    let credits = 0n;
    for (let index = 0; index < accountCount; index += 1) {
      const account = reopened.current.accounts.get(`acct:${index}`);
      if (account === undefined) throw new Error(`acct:${index} is missing`);
      debits += account.postedDebits;
      credits += account.postedCredits;
      if (
        account.postedDebits !== expectedDebits[index] ||
        account.postedCredits !== expectedCredits[index]
      ) {
        mismatched += 1;
      }
    }
    if (debits !== credits) throw new Error(`the ledger does not balance: ${debits} ≠ ${credits}`);
    return { accounts: accountCount, mismatched };
  } finally {
    await reopened.close();
  }
}

const distributions: readonly { readonly name: string; readonly s: number | null }[] = [
  { name: "uniform", s: null },
  { name: "zipf s=1", s: 1 },
  { name: "zipf s=2", s: 2 },
];

const database = await openBenchDatabase("folio_hot_bench", logger);
let store: EventStore | undefined;
let writer: LedgerWriter | undefined;
try {
  store = await openPostgresEventStore({ connectionString: database.url, logger });
  writer = await LedgerWriter.open({ ledgerId, store, logger, snapshotEveryEvents: 1_000_000_000 });
  await setUpBenchLedger(writer, { ledgerId, name: "Hot accounts", accounts: accountCount });
  const rows: [string, string][] = [];
  const summary: Record<string, number> = {};
  for (const distribution of distributions) {
    const draw = sampler(accountCount, distribution.s);
    for (const rate of rates) {
      const step = await openLoop(writer, draw, rate, seconds * 1000);
      const achieved = Math.round((step.accepted / step.elapsedMs) * 1000);
      rows.push([
        `${distribution.name} @ ${rate.toLocaleString("en-US")}/s`,
        `${achieved.toLocaleString("en-US")}/s accepted, ${step.dropped} dropped, ${step.late} late, p50 ${step.latencies.percentile(50).toFixed(1)} ms, p99 ${step.latencies.percentile(99).toFixed(1)} ms`,
      ]);
      const key = `${distribution.name.replace(/[^a-z0-9]/g, "")}_${rate}`;
      summary[`${key}_p99Ms`] = Number(step.latencies.percentile(99).toFixed(1));
      summary[`${key}_dropped`] = step.dropped;
    }
  }
  await writer.close();
  writer = undefined;
  const check = await balanceCheck(store);
  printTable("Machine", [...machineRows(), ["database", database.kind]]);
  printTable(
    `Hot accounts: ${accountCount.toLocaleString("en-US")} accounts, open loop, ${seconds} s a step, durable (late > ${LATE_MS} ms)`,
    [
      ...rows,
      [
        "balance check",
        `${check.accounts.toLocaleString("en-US")} accounts, ${check.mismatched} mismatched; debits = credits`,
      ],
    ],
  );
  printResult({ accounts: accountCount, mismatched: check.mismatched, ...summary });
} finally {
  await writer?.close().catch(() => undefined);
  await store?.close().catch(() => undefined);
  await database.release();
}
