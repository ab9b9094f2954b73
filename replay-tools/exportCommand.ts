// `folio export`: the command around export.ts. It checks the ledger, opens the output (stdout,
// or --output <file>) and streams the journal to it. An output that cannot be opened or
// written (no such directory, no permission, a full disk, a reader that closed the pipe) is
// one line with the code output_unwritable and exit 2, never a stack.
import { open } from "node:fs/promises";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { Option, type Command } from "commander";
import {
  addPointOptions,
  info,
  pointFrom,
  progressOf,
  withStore,
  type PointOptions,
} from "./commandIo.js";
import { exportLedger, type ExportFormat } from "./export.js";
import { addExportCamt053Command } from "./exportCamt053Command.js";
import { OutputUnwritable } from "./failures.js";
import { streamHead } from "./replay.js";

interface ExportOptions extends PointOptions {
  readonly format: ExportFormat;
  readonly output?: string;
}

/** Where the export goes, with the first error the stream reported. */
interface Output {
  readonly stream: Writable;
  /** The error the stream reported, as OutputUnwritable; null while all is well. */
  failure(): OutputUnwritable | null;
  /** Flushes and closes (stdout: flushes only); throws OutputUnwritable if that fails. */
  finish(): Promise<void>;
  /** Gives up on a failed export: closes the file (what was written stays). */
  abandon(): void;
}

function watch(stream: Writable, target: string): () => OutputUnwritable | null {
  let failure: OutputUnwritable | null = null;
  stream.on("error", (error: unknown) => {
    failure ??= new OutputUnwritable(target, error);
  });
  return () => failure;
}

function stdoutOutput(): Output {
  const failure = watch(process.stdout, "stdout");
  return {
    stream: process.stdout,
    failure,
    finish: async () => {
      await new Promise<void>((resolve) => {
        process.stdout.write("", () => {
          resolve();
        });
      });
      const error = failure();
      if (error !== null) throw error;
    },
    abandon: () => undefined,
  };
}

async function openOutput(file: string | undefined): Promise<Output> {
  if (file === undefined) return stdoutOutput();
  let handle;
  try {
    handle = await open(file, "w");
  } catch (error) {
    throw new OutputUnwritable(file, error);
  }
  const stream = handle.createWriteStream();
  const failure = watch(stream, file);
  return {
    stream,
    failure,
    finish: async () => {
      stream.end();
      try {
        await finished(stream);
      } catch (error) {
        throw failure() ?? new OutputUnwritable(file, error);
      }
    },
    abandon: () => {
      stream.destroy();
    },
  };
}

async function exportAction(options: ExportOptions, command: Command): Promise<void> {
  const point = pointFrom(command, options);
  await withStore(command, async (store) => {
    await streamHead(store, options.ledger);
    const output = await openOutput(options.output);
    let summary;
    try {
      summary = await exportLedger(
        store,
        options.ledger,
        point,
        options.format,
        output.stream,
        progressOf(command),
      );
    } catch (error) {
      output.abandon();
      // A write that failed surfaces as the stream's error: report it as the output's.
      throw output.failure() ?? error;
    }
    await output.finish();
    info(
      command,
      `exported ${summary.entries} entries, ${summary.lines} lines of ledger ${options.ledger} (chain checked through sequence ${summary.lastSequence ?? "none"}, hash ${summary.lastHash ?? "none"})${options.output === undefined ? "" : ` to ${options.output}`}`,
    );
  });
}

/**
 * `folio export <sub> ...` (camt053): the options after the subcommand's name are the
 * subcommand's. The program has taken `<sub>` as an operand already, so commander would let
 * `export` claim the options it shares with the subcommand (--ledger, --basis, --format,
 * --output) and then insist on its own mandatory --ledger; here `export` leaves them all to
 * the subcommand.
 */
function leaveOptionsToSubcommands(command: Command): void {
  const parseOptions = command.parseOptions.bind(command);
  command.parseOptions = (argv) => {
    const [name, sub] = command.parent?.args ?? [];
    if (name !== command.name() || !command.commands.some((child) => child.name() === sub)) {
      return parseOptions(argv);
    }
    for (const option of command.options) option.mandatory = false;
    return { operands: [], unknown: argv };
  };
}

export function addExportCommand(program: Command): void {
  const exportCommand = addPointOptions(
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
    .action(async (options: ExportOptions, command: Command) => {
      await exportAction(options, command);
    });
  addExportCamt053Command(exportCommand);
  leaveOptionsToSubcommands(exportCommand);
}
