// Pure-core throughput: decide + evolve + hashing of 2-posting entries between random pairs
// of 10,000 accounts on one thread, no I/O. Target: at least 100,000 entries/s on the 2-core
// reference machine. Settings: BENCH_SECONDS (default 10), BENCH_ACCOUNTS (default 10,000).
import { performance } from "node:perf_hooks";
import {
  decide,
  evolve,
  initialState,
  type DecisionContext,
  type LedgerState,
} from "../ledger-core/index.js";
import type { Command, PostEntry } from "../schemas/index.js";
import { benchSeconds, machineInfo, printResult, printTable } from "./machine.js";

const seconds = benchSeconds(10);
const accountCount = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const chunkSize = 20_000;
const warmupEntries = 50_000;

let clock = Date.parse("2026-01-01T00:00:00Z");
const context = (): DecisionContext => ({
  now: (clock += 1),
  actor: "bench",
  correlationId: "bench",
  causationId: null,
});

function apply(state: LedgerState, command: Command): void {
  const decision = decide(state, command, context());
  if (decision.status !== "accepted")
    throw new Error(`setup command ${command.type} was ${decision.status}`);
  for (const event of decision.events) evolve(state, event);
}

function setUp(): LedgerState {
  const state = initialState();
  apply(state, {
    type: "CreateLedger",
    ledgerId: "bench",
    name: "Benchmark ledger",
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  });
  for (let index = 0; index < accountCount; index += 1) {
    apply(state, {
      type: "OpenAccount",
      accountId: `acct:${index}`,
      currency: "USD",
      accountType: index % 2 === 0 ? "asset" : "liability",
    });
  }
  return state;
}

let nextEntry = 0;
/** Random pairs of distinct accounts, amounts between 0.01 and 1,000.00. */
function entryChunk(size: number): PostEntry[] {
  const chunk: PostEntry[] = [];
  for (let index = 0; index < size; index += 1) {
    const debit = Math.floor(Math.random() * accountCount);
    const credit = (debit + 1 + Math.floor(Math.random() * (accountCount - 1))) % accountCount;
    const cents = 1 + Math.floor(Math.random() * 100_000);
    const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
    chunk.push({
      type: "PostEntry",
      entryId: `entry:${(nextEntry += 1)}`,
      postings: [
        { accountId: `acct:${debit}`, side: "debit", amount },
        { accountId: `acct:${credit}`, side: "credit", amount },
      ],
    });
  }
  return chunk;
}

/** Decides and evolves a chunk; returns the milliseconds spent in the core only. */
function run(state: LedgerState, chunk: readonly PostEntry[]): number {
  const started = performance.now();
  for (const command of chunk) {
    const decision = decide(state, command, context());
    if (decision.status !== "accepted")
      throw new Error(`entry ${command.entryId} was ${decision.status}`);
    for (const event of decision.events) evolve(state, event);
  }
  return performance.now() - started;
}

const state = setUp();
run(state, entryChunk(warmupEntries));
let measuredMs = 0;
let entries = 0;
while (measuredMs < seconds * 1000) {
  measuredMs += run(state, entryChunk(chunkSize));
  entries += chunkSize;
}
const entriesPerSecond = Math.round((entries / measuredMs) * 1000);
const machine = machineInfo();
printTable("Folio core: decide + evolve + hash, 2-posting entries", [
  [
    "machine",
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}`,
  ],
  ["node", machine.node],
  ["accounts", accountCount.toLocaleString("en-US")],
  ["entries measured", entries.toLocaleString("en-US")],
  ["core time", `${(measuredMs / 1000).toFixed(2)} s`],
  ["entries/s", entriesPerSecond.toLocaleString("en-US")],
  ["µs per entry", ((1000 * measuredMs) / entries).toFixed(2)],
  ["target", "≥ 100,000 entries/s"],
]);
printResult({ entriesPerSecond });
