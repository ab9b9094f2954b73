// The `folio` CLI for auditors and operators: replay, trial-balance, verify, rebuild, export
// and digest, reading the event store (DATABASE_URL or EVENTSTORE_URL) and never the API.
// Exit codes: 0 ok, 1 verification failed, 2 usage error, 3 store or database unreachable.
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import type pg from "pg";
import type { EventStore } from "../ledger-core/index.js";
import { fromStoredEvent, ledgerStreamId } from "../ledger-core/index.js";
import { isTransientError } from "../event-store/index.js";
import { BALANCES_PROJECTION_NAME } from "../projections/index.js";
import {
  EXIT_OK,
  EXIT_UNREACHABLE,
  EXIT_USAGE,
  EXIT_VERIFICATION_FAILED,
  StoreUnreachable,
  UsageError,
  VerificationFailed,
} from "./errors.js";
import { exportLedger, type ExportFormat } from "./export.js";
import { formatBalances, formatTrialBalance, type OutputFormat } from "./format.js";
import {
  parseBasis,
  parseDigest,
  parseHash,
  parseLedgerId,
  parsePointValue,
  parseSequence,
  pointOf,
  type Basis,
  type Point,
  type PointValue,
} from "./point.js";
import { globals, print, progressOf } from "./commandIo.js";
import { addProjectionsCommand } from "./projectionsCommand.js";
import { PROJECTIONS, rebuildProjection } from "./rebuild.js";
import { replayLedger, streamHead, trialBalanceOf } from "./replay.js";
import { cliLogger, openReadModelPool, openStore, redactUrl, resolveUrls } from "./source.js";
import { verifyLedger } from "./verify.js";

interface PointOptions {
  readonly ledger: string;
  readonly asOf?: PointValue;
  readonly basis?: Basis;
  readonly knownAt?: PointValue;
}

function info(command: Command, text: string): void {
  if (globals(command).quiet !== true) process.stderr.write(`${text}\n`);
}

/** Opens the store, runs `work`, closes the store. */
async function withStore<T>(command: Command, work: (store: EventStore) => Promise<T>): Promise<T> {
  const logger = cliLogger();
  const { store } = await openStore(globals(command), logger);
  try {
    return await work(store);
  } finally {
    await store.close().catch(() => undefined);
  }
}

function pointFrom(command: Command, options: PointOptions): Point {
  try {
    return pointOf(options.asOf, options.basis, options.knownAt);
  } catch (error) {
    command.error(`error: ${error instanceof Error ? error.message : String(error)}`, {
      exitCode: EXIT_USAGE,
      code: "folio.usage",
    });
  }
}

const ledgerOption = (): Option =>
  new Option("-l, --ledger <id>", "the ledger to read")
    .argParser(parseLedgerId)
    .makeOptionMandatory();

/** The point-in-time options shared by replay, trial-balance and export. */
function addPointOptions(command: Command): Command {
  return command
    .addOption(ledgerOption())
    .addOption(
      new Option(
        "--as-of <time|sequence>",
        "the point: a ledger sequence, or an ISO 8601 time with a zone (default: the latest event)",
      ).argParser(parsePointValue),
    )
    .addOption(
      new Option(
        "--basis <basis>",
        "what a time means: recorded (events recorded by then, the ledger as it stood) or effective (entries effective by then); default recorded, effective with --known-at",
      ).argParser(parseBasis),
    )
    .addOption(
      new Option(
        "--known-at <time|sequence>",
        "with --basis effective: count only events recorded by this time or sequence (bitemporal)",
      ).argParser(parsePointValue),
    );
}

async function replayAction(
  command: Command,
  options: PointOptions & { readonly format: OutputFormat },
  trial: boolean,
): Promise<void> {
  const point = pointFrom(command, options);
  const result = await withStore(command, (store) =>
    replayLedger(store, options.ledger, point, { progress: progressOf(command) }),
  );
  await print(
    trial ? formatTrialBalance(result, options.format) : formatBalances(result, options.format),
  );
  if (trial) {
    const broken = trialBalanceOf(result).find((c) => !c.balanced);
    if (broken !== undefined) {
      throw new VerificationFailed(
        `trial balance does not balance in ${broken.currency}: posted debits ${broken.postedDebits} and credits ${broken.postedCredits} (minor units)`,
        result.sequence,
      );
    }
  }
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("folio")
    .description(
      "Folio replay tools: rebuild, verify and export a ledger from its event store alone (never the API).",
    )
    .option(
      "--database-url <url>",
      "PostgreSQL holding the event store and read models (default: $DATABASE_URL)",
    )
    .option(
      "--eventstore-url <url>",
      "EventStoreDB holding the event store, e.g. esdb://localhost:2113?tls=false (default: $EVENTSTORE_URL)",
    )
    .option("-q, --quiet", "no progress or summary on stderr")
    .exitOverride()
    .showHelpAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .allowExcessArguments(false)
    .addHelpText(
      "after",
      `
Exit codes: 0 ok, 1 verification failed (broken chain, gap, unbalanced entry, read model
differs), 2 usage error, 3 cannot reach the store or database.
Read docs/replay-tools.md for examples.`,
    );

  const formatOption = (): Option =>
    new Option("--format <format>", "output format")
      .choices(["table", "json", "csv"])
      .default("table");

  addPointOptions(
    program
      .command("replay")
      .description(
        "rebuild the ledger as of a point from its events alone and print every account's balances",
      ),
  )
    .addOption(formatOption())
    .action(async (options: PointOptions & { format: OutputFormat }, command: Command) => {
      await replayAction(command, options, false);
    });

  addPointOptions(
    program
      .command("trial-balance")
      .description(
        "the trial balance as of a point, per currency, from the events alone; exit 1 if debits differ from credits",
      ),
  )
    .addOption(formatOption())
    .action(async (options: PointOptions & { format: OutputFormat }, command: Command) => {
      await replayAction(command, options, true);
    });

  program
    .command("verify")
    .description(
      "verify the hash chain, gap-free sequences and balanced entries (and optionally the read models); exit 1 naming the sequence of the first break",
    )
    .addOption(ledgerOption())
    .addOption(
      new Option(
        "--from-sequence <sequence>",
        "start from a trusted point written down earlier (with --from-hash)",
      ).argParser(parseSequence),
    )
    .addOption(
      new Option("--from-hash <hash>", "the hash written down with --from-sequence").argParser(
        parseHash,
      ),
    )
    .addOption(
      new Option(
        "--digest <sequence:hash>",
        "a digest written down earlier: verify from genesis and prove the event at its sequence still has its hash (nothing up to it changed)",
      )
        .argParser(parseDigest)
        .conflicts(["fromSequence", "fromHash"]),
    )
    .option("--read-models", "also compare the live balances read model with a fresh replay")
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json"]).default("text"),
    )
    .action(
      async (
        options: {
          ledger: string;
          fromSequence?: number;
          fromHash?: string;
          digest?: { sequence: number; hash: string };
          readModels?: boolean;
          format: "text" | "json";
        },
        command: Command,
      ) => {
        if ((options.fromSequence === undefined) !== (options.fromHash === undefined)) {
          command.error("error: --from-sequence and --from-hash go together", {
            exitCode: EXIT_USAGE,
            code: "folio.usage",
          });
        }
        const from =
          options.fromSequence !== undefined && options.fromHash !== undefined
            ? { sequence: options.fromSequence, hash: options.fromHash }
            : undefined;
        const logger = cliLogger();
        let pool: pg.Pool | undefined;
        if (options.readModels === true) {
          pool = await openReadModelPool(globals(command), logger, "verify --read-models");
        }
        try {
          const report = await withStore(command, (store) =>
            verifyLedger(store, options.ledger, {
              ...(from === undefined ? {} : { from }),
              ...(options.digest === undefined ? {} : { digest: options.digest }),
              ...(pool === undefined ? {} : { readModels: pool }),
              progress: progressOf(command),
            }),
          );
          if (options.format === "json") {
            await print(JSON.stringify({ ok: true, ...report }, null, 2));
            return;
          }
          const lines = [
            `ledger ${report.ledgerId}: verified`,
            `  chain        sequences ${report.from === null ? 0 : report.from.sequence}..${report.head.sequence} intact, ${report.eventsHashed} events hashed, ${report.from === null ? "from genesis" : `from trusted sequence ${report.from.sequence}`}`,
            `  head         sequence ${report.head.sequence} hash ${report.head.hash}`,
            `  entries      ${report.entriesChecked} balanced per currency${report.replayed ? "; full replay through evolve: every invariant holds" : ""}`,
          ];
          if (report.digest !== null) {
            lines.push(
              `  digest       event ${report.digest.sequence} still has hash ${report.digest.hash}: nothing up to it changed`,
            );
          }
          if (report.readModels !== null) {
            lines.push(
              `  read models  ${BALANCES_PROJECTION_NAME} v${report.readModels.version} equals a fresh replay at sequences ${report.readModels.sequences.join(", ")}${report.readModels.readModelHead < report.head.sequence ? ` (the read model lags: at ${report.readModels.readModelHead})` : ""}`,
            );
          }
          await print(lines.join("\n"));
        } finally {
          await pool?.end().catch(() => undefined);
        }
      },
    );

  program
    .command("rebuild")
    .description(
      "build a new version of a projection from zero (until caught up), then switch readers to it",
    )
    .addOption(
      new Option("--projection <name>", "the projection to rebuild")
        .choices([...PROJECTIONS.keys()])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        "--version <n>",
        "the version to build (default: one above the highest)",
      ).argParser((text: string): number => {
        const value = Number(text);
        if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
          throw new InvalidArgumentError("expected a version 1, 2, 3, ...");
        }
        return value;
      }),
    )
    .action(async (options: { projection: string; version?: number }, command: Command) => {
      const logger = cliLogger();
      const urls = resolveUrls(globals(command));
      const pool = await openReadModelPool(urls, logger, "rebuild");
      try {
        const report = await withStore(command, (store) =>
          rebuildProjection({
            name: options.projection,
            version: options.version,
            pool,
            store,
            storeIsPostgres: urls.eventstoreUrl === undefined,
            logger,
            progress: progressOf(command),
          }),
        );
        await print(
          `rebuilt ${report.name} v${report.version} from zero: ${report.eventsApplied} events in ${report.seconds.toFixed(1)} s; active version ${report.previousVersion} -> ${report.version} (running Folio processes switch to it within seconds; drop the old one with folio projections drop ${report.name} ${report.previousVersion})`,
        );
      } finally {
        await pool.end().catch(() => undefined);
      }
    });

  addProjectionsCommand(program);

  addPointOptions(
    program
      .command("export")
      .description(
        "stream the journal entries and lines (actor, times, sequence, hashes) as of a point: the population an auditor samples from",
      ),
  )
    .addOption(
      new Option("--format <format>", "output format").choices(["jsonl", "csv"]).default("jsonl"),
    )
    .option("-o, --output <file>", "write to this file instead of stdout")
    .action(
      async (
        options: PointOptions & { format: ExportFormat; output?: string },
        command: Command,
      ) => {
        const point = pointFrom(command, options);
        await withStore(command, async (store) => {
          await streamHead(store, options.ledger);
          const out: Writable =
            options.output === undefined ? process.stdout : createWriteStream(options.output);
          try {
            const summary = await exportLedger(
              store,
              options.ledger,
              point,
              options.format,
              out,
              progressOf(command),
            );
            info(
              command,
              `exported ${summary.entries} entries, ${summary.lines} lines of ledger ${options.ledger} (chain checked through sequence ${summary.lastSequence ?? "none"}, hash ${summary.lastHash ?? "none"})${options.output === undefined ? "" : ` to ${options.output}`}`,
            );
          } finally {
            if (out !== process.stdout) {
              await new Promise<void>((resolve, reject) => {
                out.end((error?: Error | null) => {
                  if (error) reject(error);
                  else resolve();
                });
              });
            }
          }
        });
      },
    );

  program
    .command("digest")
    .description(
      "the (sequence, hash) of the ledger's last event: write it down, verify from it later",
    )
    .addOption(ledgerOption())
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json"]).default("text"),
    )
    .action(async (options: { ledger: string; format: "text" | "json" }, command: Command) => {
      const digest = await withStore(command, async (store) => {
        const [last] = await store.readStream(ledgerStreamId(options.ledger), {
          fromRevision: "end",
          direction: "backwards",
          maxCount: 1,
        });
        if (last === undefined) {
          throw new UsageError(`ledger ${options.ledger} has no events in this store`);
        }
        const event = fromStoredEvent(last);
        return {
          ledgerId: options.ledger,
          sequence: event.metadata.sequence,
          hash: event.metadata.hash,
          recordedAt: event.metadata.recordedAt,
        };
      });
      await print(
        options.format === "json"
          ? JSON.stringify(digest)
          : [
              `ledger     ${digest.ledgerId}`,
              `sequence   ${digest.sequence}`,
              `hash       ${digest.hash}`,
              `recordedAt ${digest.recordedAt}`,
              "",
              `prove later that nothing up to it changed: folio verify --ledger ${digest.ledgerId} --digest ${digest.sequence}:${digest.hash}`,
              `verify only what came after it:            folio verify --ledger ${digest.ledgerId} --from-sequence ${digest.sequence} --from-hash ${digest.hash}`,
            ].join("\n"),
      );
    });

  return program;
}

/** Runs the CLI on `argv` (process.argv shape) and returns its exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`folio: ${error.message}\n(run with --help for usage)\n`);
      return EXIT_USAGE;
    }
    if (error instanceof StoreUnreachable) {
      process.stderr.write(`folio: ${error.message}\n`);
      return EXIT_UNREACHABLE;
    }
    if (error instanceof VerificationFailed) {
      process.stderr.write(`folio: verification failed: ${error.message}\n`);
      return EXIT_VERIFICATION_FAILED;
    }
    const message = error instanceof Error ? error.message : String(error);
    // pg and network failures mean the store went away mid-run (exit 3).
    if (isTransientError(error)) {
      const url = resolveUrls({}).databaseUrl;
      process.stderr.write(
        `folio: lost the store${url === undefined ? "" : ` at ${redactUrl(url)}`}: ${message}\n`,
      );
      return EXIT_UNREACHABLE;
    }
    process.stderr.write(`folio: failed: ${message}\n`);
    if (process.env.FOLIO_DEBUG === "1" && error instanceof Error) {
      process.stderr.write(`${error.stack ?? ""}\n`);
    }
    return EXIT_VERIFICATION_FAILED;
  }
}

const exitCode = await main(process.argv);
process.exitCode = exitCode;
// Everything is closed by now; should a library keep a handle open, do not hang on it.
setTimeout(() => process.exit(exitCode), 5_000).unref();
