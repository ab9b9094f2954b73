// How a failed `folio` run ends: one line on stderr, never a stack (FOLIO_DEBUG=1 adds the
// stack of a bug), and its exit code. 1: verification failed or the trial balance does not
// balance. 2: usage (bad flags or arguments, refused operator actions, an output file that
// cannot be written, a point the risk inputs cannot answer). 3: the store or database cannot be reached (transient: try again).
// 4: an internal error, an exception nobody expected, i.e. a bug.
import { CommanderError } from "commander";
import { isTransientError } from "../event-store/index.js";
import {
  EXIT_INTERNAL,
  EXIT_OK,
  EXIT_UNREACHABLE,
  EXIT_USAGE,
  EXIT_VERIFICATION_FAILED,
  InputsIncomplete,
  StoreUnreachable,
  UsageError,
  VerificationFailed,
} from "./errors.js";
import { redactUrl } from "./source.js";

/** The output (--output file, or stdout) cannot be opened or written (exit 2). */
export class OutputUnwritable extends Error {
  readonly code = "output_unwritable";
  readonly exitCode = EXIT_USAGE;
  constructor(
    readonly target: string,
    cause: unknown,
  ) {
    super(`cannot write ${target}: ${systemMessage(cause)}`, { cause });
    this.name = "OutputUnwritable";
  }
}

/** Codes whose Node.js message has no words ("write EPIPE"). */
const SYSTEM_WORDS: Readonly<Record<string, string>> = {
  EPIPE: "the reader closed the pipe",
};

/** "permission denied (EACCES)" from a Node.js system error, else its message. */
function systemMessage(error: unknown): string {
  const { code } = error as { code?: unknown };
  const text = error instanceof Error ? error.message : String(error);
  if (typeof code !== "string") return text;
  // Node's text is "EACCES: permission denied, open '/x'": keep the words, drop the rest.
  const words = /^[A-Z]+: ([^,]+)/.exec(text)?.[1] ?? SYSTEM_WORDS[code] ?? text;
  return `${words} (${code})`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Writes the one-line report of `error` to stderr and returns the exit code. `storeUrl` is
 * the PostgreSQL URL in use, if known, to name it (without its password) when it went away.
 */
export function reportFailure(error: unknown, storeUrl: string | undefined): number {
  const say = (line: string): void => void process.stderr.write(`folio: ${line}\n`);
  if (error instanceof CommanderError) {
    // commander has printed the error and the usage already.
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    say(`${error.message}\n(run with --help for usage)`);
    return EXIT_USAGE;
  }
  if (error instanceof OutputUnwritable || error instanceof InputsIncomplete) {
    say(`${error.message} [${error.code}]`);
    return EXIT_USAGE;
  }
  if (error instanceof StoreUnreachable) {
    say(error.message);
    return EXIT_UNREACHABLE;
  }
  if (error instanceof VerificationFailed) {
    say(`verification failed: ${error.message}`);
    return EXIT_VERIFICATION_FAILED;
  }
  if (isTransientError(error)) {
    // pg and network failures: the store went away mid-run.
    const where = storeUrl === undefined ? "" : ` at ${redactUrl(storeUrl)}`;
    say(`lost the store${where}: ${messageOf(error)}`);
    return EXIT_UNREACHABLE;
  }
  const name = error instanceof Error ? error.name : typeof error;
  say(
    `internal error (a bug; FOLIO_DEBUG=1 prints its stack): ${name}: ${messageOf(error)} [internal_error]`,
  );
  if (process.env.FOLIO_DEBUG === "1" && error instanceof Error) {
    process.stderr.write(`${error.stack ?? ""}\n`);
  }
  return EXIT_INTERNAL;
}
