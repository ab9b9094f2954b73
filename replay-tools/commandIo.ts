// What every `folio` command shares: the global options (--database-url, --eventstore-url,
// --quiet), the progress bar they choose, and printing to stdout that waits for the flush.
import type { Command } from "commander";
import { createProgress, progressMode, type Progress } from "./progress.js";

export interface GlobalOptions {
  readonly databaseUrl?: string;
  readonly eventstoreUrl?: string;
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
