// Runs one stored verification run to its end: the steps of `folio verify` over the event
// store (verifyEvents.ts), its progress written to its row at most every PROGRESS_EVERY_MS
// (the heartbeat others read), and its outcome: passed, failed with the first break, or
// abandoned when stopped (the server closes) or when the store failed under it.
import type pg from "pg";
import type { EventStore } from "../../ledger-core/index.js";
import {
  finishVerification,
  recordProgress,
  type RunOutcome,
  type VerificationRun,
} from "./verificationStore.js";
import { LedgerBreak, verifyEvents, type VerifyPhase } from "./verifyEvents.js";

/** Progress is written to the run's row at most this often. */
export const PROGRESS_EVERY_MS = 500;

/** The run was stopped from outside (its signal aborted). */
class RunStopped extends Error {}

export interface RunOptions {
  /** Aborting stops the run at its next page; it ends abandoned. */
  readonly signal?: AbortSignal;
  /** Told of an error that is not the ledger's (the store or database failed). */
  readonly onError?: (error: unknown) => void;
}

/** Verifies `run`'s ledger and stores the outcome; returns the finished run (null if gone). */
export async function runVerification(
  pool: pg.Pool,
  store: EventStore,
  run: VerificationRun,
  options: RunOptions = {},
): Promise<VerificationRun | null> {
  let lastWrite = 0;
  let writes: Promise<void> = Promise.resolve();
  const onProgress = (phase: VerifyPhase, done: number, total: number): void => {
    if (options.signal?.aborted === true) throw new RunStopped("stopped");
    const now = Date.now();
    if (now - lastWrite < PROGRESS_EVERY_MS) return;
    lastWrite = now;
    writes = writes
      .then(() => recordProgress(pool, run.runId, { phase, done, total }))
      .catch(() => undefined);
  };
  let outcome: RunOutcome;
  try {
    const report = await verifyEvents(store, run.ledgerId, {
      head: run.targetSequence,
      onProgress,
    });
    outcome = {
      status: "passed",
      head: report.head,
      eventsHashed: report.eventsHashed,
      entriesChecked: report.entriesChecked,
    };
  } catch (error) {
    outcome = outcomeOf(error);
    if (!(error instanceof LedgerBreak) && !(error instanceof RunStopped)) options.onError?.(error);
  }
  await writes;
  return finishVerification(pool, run.runId, outcome);
}

function outcomeOf(error: unknown): RunOutcome {
  if (error instanceof LedgerBreak) {
    return {
      status: "failed",
      firstBreak: { sequence: error.sequence, reason: error.reason, message: error.message },
    };
  }
  if (error instanceof RunStopped) {
    return {
      status: "abandoned",
      firstBreak: {
        sequence: null,
        reason: "stopped",
        message: "the server stopped during the run; start another",
      },
    };
  }
  return {
    status: "abandoned",
    firstBreak: {
      sequence: null,
      reason: "error",
      message: "the run could not read the ledger (details in the server log); start another",
    },
  };
}
