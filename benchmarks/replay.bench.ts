// Replay and verify rate of the replay tools over one ledger of BENCH_EVENTS events (default
// 1,000,000) in PostgreSQL: the history is written first through LedgerWriter in large batches
// (2-posting entries between random pairs of BENCH_ACCOUNTS accounts, a hold every 50 entries);
// then `replay` (read + validate + evolve, what `folio replay` does) and `verify` (read +
// validate + hash: verifyLedgerChain, what `folio verify` starts with) each run over the whole
// stream. Database: BENCH_DATABASE_URL or DATABASE_URL as is; else a temporary database on
// postgres://postgres@127.0.0.1:5432/postgres if reachable; else an embedded PostgreSQL.
// Settings: BENCH_EVENTS (1,000,000), BENCH_ACCOUNTS (1,000), BENCH_BATCH (5,000 commands per
// append). Last line: RESULT {"replayEventsPerSecond": N, "verifyEventsPerSecond": N}.
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import pino from "pino";
import { openPostgresEventStore } from "../event-store/index.js";
import { LedgerWriter, type CommandRequest, type EventStore } from "../ledger-core/index.js";
import { verifyLedgerChain } from "../projections/index.js";
import { replayLedger } from "../replay-tools/replay.js";
import { openBenchDatabase } from "./benchDatabase.js";
import { machineInfo, positiveIntegerSetting, printResult, printTable } from "./machine.js";

type Command = CommandRequest["command"];

const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" });
const targetEvents = positiveIntegerSetting("BENCH_EVENTS", 1_000_000);
const accountCount = positiveIntegerSetting("BENCH_ACCOUNTS", 1_000);
const batch = positiveIntegerSetting("BENCH_BATCH", 5_000);
const ledgerId = `replay-bench-${randomUUID().slice(0, 8)}`;
const thousands = (value: number): string => Math.round(value).toLocaleString("en-US");

const request = (command: Command): CommandRequest => ({
  command,
  actor: "bench",
  correlationId: "bench",
});

let entry = 0;

/** The next command of the history: mostly 2-posting entries; every 50th a hold, then its post. */
function nextCommands(): Command[] {
  entry += 1;
  const debit = Math.floor(Math.random() * accountCount);
  const credit = (debit + 1 + Math.floor(Math.random() * (accountCount - 1))) % accountCount;
  const cents = 1 + Math.floor(Math.random() * 100_000);
  const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
  const postings = [
    { accountId: `acct:${debit}`, side: "debit" as const, amount },
    { accountId: `acct:${credit}`, side: "credit" as const, amount },
  ];
  if (entry % 50 === 0) {
    return [
      { type: "PendEntry", entryId: `hold:${entry}`, timeoutSeconds: 86_400, postings },
      { type: "PostPending", pendingId: `hold:${entry}` },
    ];
  }
  return [{ type: "PostEntry", entryId: `entry:${entry}`, postings }];
}

async function writeHistory(store: EventStore): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  const writer = await LedgerWriter.open({
    ledgerId,
    store,
    maxBatchCommands: batch,
    maxBatchWaitMs: 0,
    maxQueuedCommands: batch * 4,
    snapshotEveryEvents: 1_000_000_000,
    logger,
  });
  const submitAll = async (commands: readonly Command[]): Promise<void> => {
    const decisions = await Promise.all(commands.map((c) => writer.submit(request(c))));
    const refused = decisions.find((d) => d.status !== "accepted");
    if (refused !== undefined) throw new Error(`set-up command ${refused.status}`);
  };
  try {
    await submitAll([
      {
        type: "CreateLedger",
        ledgerId,
        name: "Replay benchmark",
        reportingCurrency: "USD",
        assets: [{ code: "USD", scale: 2 }],
      },
    ]);
    await submitAll(
      Array.from({ length: accountCount }, (_, index) => ({
        type: "OpenAccount" as const,
        accountId: `acct:${index}`,
        currency: "USD",
        accountType: index % 2 === 0 ? ("asset" as const) : ("liability" as const),
      })),
    );
    let lastReport = performance.now();
    while (writer.current.chain.nextSequence < targetEvents) {
      const remaining = targetEvents - writer.current.chain.nextSequence;
      const commands: Command[] = [];
      while (commands.length < Math.min(batch, remaining)) commands.push(...nextCommands());
      // Sequential batches: holds are posted in the same batch, after their PendEntry.
      await submitAll(commands.slice(0, Math.max(1, Math.min(commands.length, remaining))));
      if (performance.now() - lastReport > 5_000) {
        lastReport = performance.now();
        process.stderr.write(
          `writing: ${thousands(writer.current.chain.nextSequence)}/${thousands(targetEvents)} events\n`,
        );
      }
    }
    return {
      events: writer.current.chain.nextSequence,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await writer.close();
  }
}

async function main(): Promise<void> {
  const database = await openBenchDatabase("folio_replay_bench", logger);
  let store: EventStore | undefined;
  try {
    store = await openPostgresEventStore({ connectionString: database.url, logger });
    const written = await writeHistory(store);

    const replayStarted = performance.now();
    const replay = await replayLedger(store, ledgerId, { kind: "latest" });
    const replaySeconds = (performance.now() - replayStarted) / 1000;
    if (replay.events !== written.events) {
      throw new Error(`replay read ${replay.events} events, ${written.events} were written`);
    }

    const verifyStarted = performance.now();
    const check = await verifyLedgerChain(store, ledgerId);
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    if (!check.ok) throw new Error(`chain broken at ${check.sequence}: ${check.message}`);
    if (check.head.lastHash !== replay.lastHash) throw new Error("verify and replay disagree");

    const replayEventsPerSecond = Math.round(written.events / replaySeconds);
    const verifyEventsPerSecond = Math.round(written.events / verifySeconds);
    const machine = machineInfo();
    printTable("Folio replay tools: one ledger rebuilt and verified from PostgreSQL", [
      [
        "machine",
        `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}`,
      ],
      ["node", machine.node],
      ["database", database.kind],
      [
        "history",
        `${thousands(written.events)} events (${thousands(accountCount)} accounts, 2-posting entries, a hold posted every 50), written in ${written.seconds.toFixed(1)} s (${thousands(written.events / written.seconds)} events/s)`,
      ],
      [
        "replay (read + validate + evolve)",
        `${replaySeconds.toFixed(2)} s, ${thousands(replayEventsPerSecond)} events/s`,
      ],
      [
        "verify (read + validate + hash)",
        `${verifySeconds.toFixed(2)} s, ${thousands(verifyEventsPerSecond)} events/s`,
      ],
      ["heap used after", `${thousands(process.memoryUsage().heapUsed / 2 ** 20)} MiB`],
    ]);
    printResult({ replayEventsPerSecond, verifyEventsPerSecond });
  } finally {
    await store?.close().catch(() => undefined);
    await database.release();
  }
}

await main();
