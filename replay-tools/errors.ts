// The CLI's failures and their exit codes: 1 verification failed, 2 usage error, 3 the store or
// database cannot be reached, 4 an internal error (a bug). failures.ts maps every failure to a
// one-line message and its exit code.
export const EXIT_OK = 0;
export const EXIT_VERIFICATION_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_UNREACHABLE = 3;
/** An unexpected exception: a bug in folio or a library below it. */
export const EXIT_INTERNAL = 4;

/** Bad or inconsistent arguments (exit 2). */
export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The event store or the read models' database cannot be reached or opened (exit 3). */
export class StoreUnreachable extends Error {
  readonly exitCode = EXIT_UNREACHABLE;
  constructor(message: string) {
    super(message);
    this.name = "StoreUnreachable";
  }
}

/** The ledger does not verify: broken chain, gap, unbalanced entry, differing read model (exit 1). */
export class VerificationFailed extends Error {
  readonly exitCode = EXIT_VERIFICATION_FAILED;
  constructor(
    message: string,
    /** The ledger sequence where it fails, when there is one. */
    readonly sequence: number | null = null,
  ) {
    super(message);
    this.name = "VerificationFailed";
  }
}

/**
 * The point cannot be answered with the inputs in force then: no FX rate for a pair, no Tier 1
 * capital base, a facility's counterparty not in force (exit 2, like the routes' 422).
 */
export class InputsIncomplete extends Error {
  readonly exitCode = EXIT_USAGE;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "InputsIncomplete";
  }
}
