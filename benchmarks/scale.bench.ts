// bench:scale: does the writer's memory, snapshot and start-up stay flat as one ledger grows?
// One ledger of BENCH_ACCOUNTS accounts grows to BENCH_ENTRIES entries (atomic batches of
// transfers, with holds posted or voided later and reversals of entries anywhere in history,
// which go through the store's entry lookup). At every BENCH_REPORT_EVERY entries it prints the
// writer's heap and RSS (after a full GC), a snapshot's bytes and the time to take and save it,
// the time to open a second writer on the ledger (snapshot + tail), and the durable entries/s
// of the last stretch. Reference in the same run: the same load on a fresh ledger (the
// bench:append situation, no history) for BENCH_SECONDS. At the end, ids from the beginning,
// the middle and the end are sent again with the same and with other content.
// Targets (issue 14): heap and snapshot within 20 % from the first report to the last, open
// under 2 s at 5 M, the last stretch's rate within 10 % of the reference.
// Settings: BENCH_ENTRIES (5,000,000), BENCH_REPORT_EVERY (BENCH_ENTRIES / 5), BENCH_ACCOUNTS
// (10,000), BENCH_CALLERS (64), BENCH_BATCH_ENTRIES (10), BENCH_SECONDS (20). Run with
// --expose-gc (the npm script does) so heap figures are after a full collection.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import pino from "pino";
import {
  createPool,
  createPostgresSnapshotStore,
  openPostgresEventStore,
} from "../event-store/index.js";
import {
  LedgerWriter,
  ledgerStreamId,
  snapshotOf,
  type EventStore,
  type SnapshotStore,
} from "../ledger-core/index.js";
import { benchRequest, setUpBenchLedger } from "./benchLedger.js";
import { describeDatabase, openBenchDatabase } from "./benchDatabase.js";
import {
  benchSeconds,
  machineRows,
  positiveIntegerSetting,
  printResult,
  printTable,
} from "./machine.js";
import { runFor, ScaleLoad, transferOf, type LoadShape } from "./scaleLoad.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" });
const totalEntries = positiveIntegerSetting("BENCH_ENTRIES", 5_000_000);
const reportEvery = positiveIntegerSetting("BENCH_REPORT_EVERY", Math.ceil(totalEntries / 5));
const referenceSeconds = benchSeconds(20);
const shape: LoadShape = {
  accounts: positiveIntegerSetting("BENCH_ACCOUNTS", 10_000),
  callers: positiveIntegerSetting("BENCH_CALLERS", 64),
  batchEntries: positiveIntegerSetting("BENCH_BATCH_ENTRIES", 10),
  holdEvery: 50,
  reverseEvery: 20,
};
const MIB = 1024 * 1024;

interface Report {
  readonly entries: number;
  readonly heapMiB: number;
  readonly rssMiB: number;
  readonly cachedEntries: number;
  readonly snapshotBytes: number;
  readonly snapshotMs: number;
  readonly openMs: number;
  readonly perSecond: number;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

/** The figures at one point of growth: memory, a snapshot, a second writer's open time. */
async function measure(
  writer: LedgerWriter,
  store: EventStore,
  snapshots: SnapshotStore,
  ledgerId: string,
  stretch: { entries: number; perSecond: number },
): Promise<Report> {
  collectGarbage();
  const memory = process.memoryUsage();
  const snapshotStarted = performance.now();
  const snapshot = snapshotOf(ledgerStreamId(ledgerId), writer.current);
  await snapshots.save(snapshot);
  const snapshotMs = performance.now() - snapshotStarted;
  const openStarted = performance.now();
  const second = await LedgerWriter.open({ ledgerId, store, snapshots, logger });
  const openMs = performance.now() - openStarted;
  await second.close();
  return {
    entries: stretch.entries,
    heapMiB: memory.heapUsed / MIB,
    rssMiB: memory.rss / MIB,
    cachedEntries: writer.current.entries.size,
    snapshotBytes: Buffer.byteLength(JSON.stringify(snapshot.payload)),
    snapshotMs,
    openMs,
    perSecond: stretch.perSecond,
  };
}

/** Sends ids from the beginning, middle and end again: first outcomes, or id_conflict. */
async function replayOldIds(writer: LedgerWriter, tag: string, issued: number): Promise<string> {
  const checked: string[] = [];
  for (const n of [0, Math.floor(issued / 2), issued - 1]) {
    const same = await writer.submit(benchRequest(transferOf(tag, n, shape.accounts)));
    const other = await writer.submit(benchRequest(transferOf(tag, n, shape.accounts, 123_456)));
    const conflict = other.status === "rejected" && other.rejection.code === "id_conflict";
    if (same.status !== "duplicate" || !conflict) {
      throw new Error(`t${n}: again ${same.status}, other content ${other.status}`);
    }
    checked.push(`t${n}`);
  }
  return checked.join(", ");
}

async function main(): Promise<void> {
  const database = await openBenchDatabase("folio_scale_bench", logger);
  const pool = createPool({ connectionString: database.url, logger, max: 2 });
  const store = await openPostgresEventStore({ connectionString: database.url, logger });
  const snapshots = createPostgresSnapshotStore(pool);
  const writers: LedgerWriter[] = [];
  const open = async (ledgerId: string): Promise<LedgerWriter> => {
    const writer = await LedgerWriter.open({
      ledgerId,
      store,
      snapshots,
      logger,
      maxQueuedCommands: 20_000,
    });
    writers.push(writer);
    await setUpBenchLedger(writer, { ledgerId, name: ledgerId, accounts: shape.accounts });
    return writer;
  };
  try {
    const tag = randomUUID().slice(0, 8);
    const referenceWriter = await open(`ref-${tag}`);
    const reference = await runFor(new ScaleLoad(referenceWriter, "ref", shape), {
      durationMs: referenceSeconds * 1000,
    });
    await referenceWriter.close(); // its memory is not the scale writer's
    console.log(`reference (fresh ledger): ${Math.round(reference.perSecond)} entries/s`);
    const ledgerId = `scale-${tag}`;
    const writer = await open(ledgerId);
    const load = new ScaleLoad(writer, "scale", shape);
    const reports: Report[] = [];
    let grown = 0;
    const started = performance.now();
    while (grown < totalEntries) {
      const stretch = await runFor(load, {
        targetEntries: Math.min(reportEvery, totalEntries - grown),
      });
      grown += stretch.entries;
      const report = await measure(writer, store, snapshots, ledgerId, {
        entries: grown,
        perSecond: stretch.perSecond,
      });
      reports.push(report);
      console.log(
        `${grown.toLocaleString("en-US")} entries (${Math.round((performance.now() - started) / 1000)} s): heap ${report.heapMiB.toFixed(1)} MiB, rss ${report.rssMiB.toFixed(0)} MiB, snapshot ${report.snapshotBytes.toLocaleString("en-US")} B in ${report.snapshotMs.toFixed(0)} ms, open ${report.openMs.toFixed(0)} ms, ${Math.round(report.perSecond)} entries/s`,
      );
    }
    const replayed = await replayOldIds(writer, "scale", load.transfersIssued);
    const first = reports[0];
    const last = reports[reports.length - 1];
    if (first === undefined || last === undefined) throw new Error("no report");
    const heapGrowth = last.heapMiB / first.heapMiB - 1;
    const snapshotGrowth = last.snapshotBytes / first.snapshotBytes - 1;
    const rateRatio = last.perSecond / reference.perSecond;
    printTable("Folio scale: one ledger's writer as its history grows", [
      ...machineRows(),
      ["database", await describeDatabase(pool, database)],
      [
        "settings",
        `${shape.accounts} accounts, ${shape.callers} callers, batches of ${shape.batchEntries} transfers, 1 hold command in ${shape.holdEvery}, 1 reversal in ${shape.reverseEvery}, default entry window`,
      ],
      ["reference rate (fresh ledger)", `${Math.round(reference.perSecond)} entries/s`],
      ...reports.map((report): [string, string] => [
        `at ${report.entries.toLocaleString("en-US")}`,
        `heap ${report.heapMiB.toFixed(1)} MiB (${report.cachedEntries} records), rss ${report.rssMiB.toFixed(0)} MiB, snapshot ${report.snapshotBytes.toLocaleString("en-US")} B / ${report.snapshotMs.toFixed(0)} ms, open ${report.openMs.toFixed(0)} ms, ${Math.round(report.perSecond)} entries/s`,
      ]),
      ["heap growth first -> last", `${(heapGrowth * 100).toFixed(1)} % (target within 20 %)`],
      [
        "snapshot growth first -> last",
        `${(snapshotGrowth * 100).toFixed(1)} % (target within 20 %)`,
      ],
      ["open time at the end", `${last.openMs.toFixed(0)} ms (target under 2,000 ms at 5 M)`],
      ["last rate / reference", `${rateRatio.toFixed(3)} (target at least 0.9)`],
      ["ids sent again", `${replayed}: duplicate with the same content, id_conflict with other`],
    ]);
    printResult({
      entries: grown,
      referenceEntriesPerSecond: Math.round(reference.perSecond),
      lastEntriesPerSecond: Math.round(last.perSecond),
      rateRatio: Number(rateRatio.toFixed(3)),
      firstHeapMiB: Number(first.heapMiB.toFixed(1)),
      lastHeapMiB: Number(last.heapMiB.toFixed(1)),
      lastRssMiB: Math.round(last.rssMiB),
      firstSnapshotBytes: first.snapshotBytes,
      lastSnapshotBytes: last.snapshotBytes,
      lastSnapshotMs: Math.round(last.snapshotMs),
      lastOpenMs: Math.round(last.openMs),
    });
  } finally {
    await Promise.allSettled(writers.map((writer) => writer.close()));
    await store.close();
    await pool.end();
    await database.release();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
