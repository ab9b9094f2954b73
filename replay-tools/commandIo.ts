// What every `folio` command shares: the global options (--database-url, --eventstore-url,
// --data-dir, --quiet), the progress bar they choose, the ledger and point-in-time options,
// opening the store for one piece of work, and printing to stdout that waits for the flush.
import { Option, type Command } from "commander";
import type { EventStore } from "../ledger-core/index.js";
import { EXIT_USAGE } from "./errors.js";
import {
  parseBasis,
  parseLedgerId,
  parsePointValue,
  pointOf,
  type Basis,
  type Point,
  type PointValue,
} from "./point.js";
import { createProgress, progressMode, type Progress } from "./progress.js";
import { cliLogger, openStore } from "./source.js";

export interface GlobalOptions {
  readonly databaseUrl?: string;
  readonly eventstoreUrl?: string;
  readonly dataDir?: string;
  readonly quiet?: boolean;
}

export function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export function progressOf(command: Command): Progress {
  return createProgress(progressMode(globals(command).quiet === true));
}

/** Writes to stdout and waits until it is flushed. */
export function print(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(`${text}\n`, (error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

/** A summary line on stderr, unless --quiet. */
export function info(command: Command, text: string): void {
  if (globals(command).quiet !== true) process.stderr.write(`${text}\n`);
}

/** Opens the store, runs `work`, closes the store. */
export async function withStore<T>(
  command: Command,
  work: (store: EventStore) => Promise<T>,
): Promise<T> {
  const { store } = await openStore(globals(command), cliLogger());
  try {
    return await work(store);
  } finally {
    await store.close().catch(() => undefined);
  }
}

export interface PointOptions {
  readonly ledger: string;
  readonly asOf?: PointValue;
  readonly basis?: Basis;
  readonly knownAt?: PointValue;
}

/** The point the options name; an inconsistent combination is a usage error (exit 2). */
export function pointFrom(command: Command, options: PointOptions): Point {
  try {
    return pointOf(options.asOf, options.basis, options.knownAt);
  } catch (error) {
    command.error(`error: ${error instanceof Error ? error.message : String(error)}`, {
      exitCode: EXIT_USAGE,
      code: "folio.usage",
    });
  }
}

export const ledgerOption = (): Option =>
  new Option("-l, --ledger <id>", "the ledger to read")
    .argParser(parseLedgerId)
    .makeOptionMandatory();

/** The point-in-time options shared by replay, trial-balance and export. */
export function addPointOptions(command: Command): Command {
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
