// ISO 20022 import throughput: a generated camt.053.001.08 statement of BENCH_ENTRIES BOOK
// entries (default 100,000; alternately CRDT and DBIT, to the suspense account past four
// rules) imported through the importer (connectors/iso20022/importer.ts) into a LedgerWriter on
// local PostgreSQL, in atomic chunks of 1,000, each dry-run first as the route and the CLI do.
// Not through HTTP: the default body limit (FOLIO_BODY_LIMIT_BYTES, 4 MiB) takes about 25,000
// such entries, and the route adds only JSON parsing to what is measured here. Reports the XSD
// validation, parse, map and submit times separately, entries/s end to end and for the submit
// phase, peak RSS and heap (sampled every 20 ms), and the same file imported again (every
// entry a duplicate). Database: as benchmarks/append.bench.ts (BENCH_DATABASE_URL or
// DATABASE_URL; else a temporary database on 127.0.0.1:5432; else an embedded PostgreSQL).
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import pino from "pino";
import {
  decisionOutcome,
  importMessage,
  type ImportReport,
  type SubmitChunk,
} from "../connectors/iso20022/index.js";
import { openPostgresEventStore } from "../event-store/index.js";
import { LedgerWriter, type CommandRequest, type EventStore } from "../ledger-core/index.js";
import type { AtomicBatch, Command } from "../schemas/index.js";
import { openBenchDatabase } from "./benchDatabase.js";
import { machineRows, positiveIntegerSetting, printResult, printTable } from "./machine.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" });
const entryCount = positiveIntegerSetting("BENCH_ENTRIES", 100_000);
const ledgerId = `bench-${randomUUID().slice(0, 8)}`;
/** Rules evaluated for every entry (the generated entries carry no code: all go to suspense). */
const CODES = [
  ["PMNT", "RCDT"],
  ["PMNT", "ICDT"],
  ["PMNT", "CCRD"],
  ["ACMT", "MCOP"],
] as const;
const COUNTERS = ["receivables", "payables", "cards", "fees"] as const;

/**
 * A camt.053.001.08 statement of `count` BOOK entries, about 165 characters each (reference,
 * amount, side, status, booking date, an empty bank transaction code): compact enough for
 * 100,000 within the importer's 16 Mi characters. A bank's entries with transaction details
 * (parties, remittance) run to 700-900 characters: about 20,000 per document.
 */
function generateStatement(count: number): string {
  const parts: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>BENCH-${ledgerId}</MsgId><CreDtTm>2026-11-21T06:00:00Z</CreDtTm></GrpHdr>
<Stmt><Id>STMT-1</Id><ElctrncSeqNb>1</ElctrncSeqNb>
<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>
`,
  ];
  for (let i = 0; i < count; i += 1) {
    const cents = 1 + ((i * 7919) % 100_000);
    const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
    parts.push(
      `<Ntry><NtryRef>N${i}</NtryRef><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${i % 2 === 0 ? "CRDT" : "DBIT"}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-11-20</Dt></BookgDt><BkTxCd/></Ntry>\n`,
    );
  }
  parts.push("</Stmt></BkToCstmrStmt></Document>\n");
  return parts.join("");
}

const rules = {
  ledgerId,
  nostroAccountId: "nostro",
  currency: "EUR",
  suspenseAccountId: "suspense",
  rules: CODES.map(([domain, family], index) => ({
    match: { bankTransactionCode: { domain, family } },
    counterAccountId: COUNTERS[index] ?? "suspense",
  })),
};

async function setUp(writer: LedgerWriter): Promise<void> {
  const submit = async (command: Command): Promise<void> => {
    const decision = await writer.submit({ command, actor: "bench", correlationId: "setup" });
    if (decision.status !== "accepted") throw new Error(`set-up ${command.type} refused`);
  };
  await submit({
    type: "CreateLedger",
    ledgerId,
    name: "Import benchmark",
    reportingCurrency: "EUR",
    assets: [{ code: "EUR", scale: 2 }],
  });
  for (const accountId of ["nostro", "suspense", ...COUNTERS]) {
    const accountType =
      accountId === "nostro" || accountId === "receivables" ? "asset" : "liability";
    await submit({ type: "OpenAccount", accountId, currency: "EUR", accountType });
  }
}

/** Chunks through the writer as the CLI does: dry-run, then for real if it would apply. */
function submitter(writer: LedgerWriter): SubmitChunk {
  return async (commands) => {
    const batch: AtomicBatch = { type: "AtomicBatch", commands: [...commands] };
    const request: CommandRequest = { command: batch, actor: "bench", correlationId: "import" };
    const [trial] = (await writer.dryRun([request])).outcomes;
    if (trial === undefined || trial instanceof Error) throw trial ?? new Error("no outcome");
    if (trial.status !== "accepted") return decisionOutcome(trial, commands.length);
    return decisionOutcome(await writer.submit(request), commands.length);
  };
}

/** Peak RSS and heap while `work` runs, sampled every 20 ms. */
async function withPeakMemory<T>(
  work: () => Promise<T>,
): Promise<{ value: T; rssMiB: number; heapMiB: number }> {
  let rss = 0;
  let heap = 0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  const timer = setInterval(sample, 20);
  try {
    sample();
    const value = await work();
    sample();
    return { value, rssMiB: rss / 2 ** 20, heapMiB: heap / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

const thousands = (value: number): string => Math.round(value).toLocaleString("en-US");
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const database = await openBenchDatabase("folio_import_bench", logger);
  let store: EventStore | undefined;
  let writer: LedgerWriter | undefined;
  try {
    store = await openPostgresEventStore({ connectionString: database.url, logger });
    writer = await LedgerWriter.open({
      ledgerId,
      store,
      maxBatchWaitMs: 0,
      snapshotEveryEvents: 1_000_000_000,
      logger,
    });
    await setUp(writer);
    const generated = performance.now();
    const xml = generateStatement(entryCount);
    const generateMs = performance.now() - generated;
    const run = async (): Promise<{ report: ImportReport; ms: number }> => {
      if (writer === undefined) throw new Error("no writer");
      const started = performance.now();
      const report = await importMessage({
        xml,
        kind: "camt053",
        rules,
        submit: submitter(writer),
      });
      if (report.status !== "completed")
        throw new Error(
          `import ${report.status}: ${JSON.stringify(report.refusal ?? report.failure)}`,
        );
      return { report, ms: performance.now() - started };
    };
    const first = await withPeakMemory(run);
    const again = await withPeakMemory(run);
    const { report, ms } = first.value;
    if (report.posted !== entryCount) throw new Error(`posted ${report.posted} of ${entryCount}`);
    if (again.value.report.duplicates !== entryCount) throw new Error("the second import posted");
    const t = report.timings;
    const entriesPerSecond = (entryCount / ms) * 1000;
    const submitPerSecond = (entryCount / t.submitMs) * 1000;
    const againPerSecond = (entryCount / again.value.ms) * 1000;
    printTable("Folio import: camt.053 -> importer -> LedgerWriter -> PostgreSQL", [
      ...machineRows(),
      ["database", database.kind],
      [
        "document",
        `${thousands(entryCount)} BOOK entries, ${(xml.length / 2 ** 20).toFixed(1)} Mi characters (generated in ${seconds(generateMs)})`,
      ],
      ["XSD validation", seconds(t.validateMs)],
      ["parse / map", `${seconds(t.parseMs)} / ${seconds(t.mapMs)}`],
      [
        "submit (chunks of 1,000, dry-run + append)",
        `${seconds(t.submitMs)}, ${thousands(submitPerSecond)} entries/s`,
      ],
      ["end to end", `${seconds(ms)}, ${thousands(entriesPerSecond)} entries/s`],
      ["peak RSS / heap", `${first.rssMiB.toFixed(0)} MiB / ${first.heapMiB.toFixed(0)} MiB`],
      [
        "again (all duplicates)",
        `${seconds(again.value.ms)}, ${thousands(againPerSecond)} entries/s, peak RSS ${again.rssMiB.toFixed(0)} MiB`,
      ],
    ]);
    printResult({
      entries: entryCount,
      documentChars: xml.length,
      validateMs: Math.round(t.validateMs),
      parseMs: Math.round(t.parseMs),
      mapMs: Math.round(t.mapMs),
      submitMs: Math.round(t.submitMs),
      totalMs: Math.round(ms),
      entriesPerSecond: Math.round(entriesPerSecond),
      submitEntriesPerSecond: Math.round(submitPerSecond),
      againEntriesPerSecond: Math.round(againPerSecond),
      peakRssMiB: Math.round(first.rssMiB),
      peakHeapMiB: Math.round(first.heapMiB),
    });
  } finally {
    await writer?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await database.release();
  }
}

await main();
