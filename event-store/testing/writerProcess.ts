// A ledger writer in its own process, for the fault tests (event-store/postgres/writerFaults.spec.ts):
// opens the PostgreSQL event store, snapshot store and a LedgerWriter for one ledger, then
// posts entries from `concurrency` concurrent callers and prints one stdout line per outcome,
// only once the writer has answered: `ack <entryId> <accepted|duplicate>` (durable),
// `rej <entryId> <code>` (a recorded rejection), `err <entryId> <code>` (gave up: unknown).
// Protocol: prints `ready` once open; with `waitForGo` waits for a `go` line on stdin first;
// ends with `stats {json}` and `done`. Run: node --import tsx writerProcess.ts '<json options>'.
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import { LedgerWriter, WriterError, type WriterLogger } from "../../ledger-core/index.js";
import { createPool } from "../postgres/pool.js";
import { createPostgresSnapshotStore } from "../postgres/postgresSnapshotStore.js";
import { openPostgresEventStore } from "../postgres/postgresEventStore.js";
import { postingsFor, type PostEntryCommand, type WriterProcessOptions } from "./writerPlans.js";

const RETRY_DELAY_MS = 5;

function parseOptions(text: string | undefined): WriterProcessOptions {
  if (text === undefined) throw new Error("usage: writerProcess.ts '<json options>'");
  const options = JSON.parse(text) as WriterProcessOptions;
  if (typeof options.url !== "string" || typeof options.ledgerId !== "string") {
    throw new Error("options need url and ledgerId");
  }
  if (!Number.isInteger(options.count) || options.count < 0 || options.count > 1_000_000) {
    throw new Error("count must be an integer in 0..1,000,000");
  }
  if (
    !Number.isInteger(options.concurrency) ||
    options.concurrency < 1 ||
    options.concurrency > 1_000
  ) {
    throw new Error("concurrency must be an integer in 1..1,000");
  }
  return options;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function waitForGo(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() === "go") break;
  }
  lines.close();
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv[2]);
  const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" }, pino.destination(2));
  const store = await openPostgresEventStore({ connectionString: options.url, logger });
  const pool = createPool({ connectionString: options.url, logger, max: 2 });
  let conflictReloads = 0;
  let unknownOutcomes = 0;
  const writerLogger: WriterLogger = {
    info: (object, message) => {
      logger.info(object, message);
    },
    warn: (object, message) => {
      if (message.startsWith("stream moved")) conflictReloads += 1;
      if (message.startsWith("append outcome unknown")) unknownOutcomes += 1;
      logger.warn(object, message);
    },
    error: (object, message) => {
      logger.error(object, message);
    },
  };
  const writer = await LedgerWriter.open({
    ledgerId: options.ledgerId,
    store,
    snapshots: createPostgresSnapshotStore(pool),
    maxBatchCommands: 1_000,
    maxBatchWaitMs: options.maxBatchWaitMs ?? 2,
    maxQueuedCommands: 20_000,
    snapshotEveryEvents: options.snapshotEveryEvents ?? 50_000,
    logger: writerLogger,
  });
  say("ready");
  if (options.waitForGo === true) await waitForGo();

  const commands: PostEntryCommand[] = [];
  const sharedCount = options.sharedCount ?? 0;
  const sharedEvery = Math.max(1, Math.floor(options.count / Math.max(1, sharedCount)));
  let shared = 0;
  for (let n = 0; n < options.count; n += 1) {
    commands.push({
      type: "PostEntry",
      entryId: `${options.prefix}-${n}`,
      postings: postingsFor(options.plan, n),
    });
    // Shared ids are spread through the run so that every process races for them.
    if (shared < sharedCount && n % sharedEvery === 0) {
      commands.push({
        type: "PostEntry",
        entryId: `shared-${shared}`,
        postings: postingsFor("overdraft", 1),
      });
      shared += 1;
    }
  }

  const maxAttempts = options.maxAttempts ?? 50;
  let retries = 0;
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < commands.length) {
      const command = commands[next];
      next += 1;
      if (command === undefined) break;
      for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        try {
          const decision = await writer.submit({
            command,
            actor: `proc:${options.prefix}`,
            correlationId: command.entryId,
          });
          if (decision.status === "rejected")
            say(`rej ${command.entryId} ${decision.rejection.code}`);
          else say(`ack ${command.entryId} ${decision.status}`);
          break;
        } catch (error) {
          if (!(error instanceof WriterError)) throw error;
          if (error.code === "writer_closed" || attempt === maxAttempts) {
            say(`err ${command.entryId} ${error.code}`);
            break;
          }
          retries += 1;
          await sleep(RETRY_DELAY_MS * Math.min(attempt, 10));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, caller));
  await writer.close();
  say(`stats ${JSON.stringify({ conflictReloads, unknownOutcomes, retries })}`);
  await store.close();
  await pool.end();
  say("done");
}

main().catch((error: unknown) => {
  process.stderr.write(
    `writerProcess failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
