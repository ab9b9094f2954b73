// The ledger writer's options with their defaults, the request it takes, and the errors it
// answers with (each with a stable code; docs/writer.md lists them). The group limits default
// to the store's own append limits (AppendLimits) and never exceed them.
import type { Command, JournalEvent } from "../schemas/index.js";
import type { Decision } from "./decision.js";
import type { EventStore } from "./eventStorePort.js";
import type { SnapshotStore } from "./snapshots.js";
import type { LedgerState } from "./state.js";

export const DEFAULT_MAX_BATCH_COMMANDS = 1_000;
export const DEFAULT_MAX_BATCH_WAIT_MS = 2;
export const DEFAULT_MAX_QUEUED_COMMANDS = 20_000;
export const DEFAULT_SNAPSHOT_EVERY_EVENTS = 50_000;
/** Under sustained load, a snapshot waits for a quiet moment at most this many intervals. */
export const SNAPSHOT_OVERDUE_FACTOR = 4;
/** Wrong-expected-revision retries of one batch before its callers get `concurrency_conflict`. */
export const MAX_CONFLICT_RETRIES = 5;

/** The subset of a pino logger the writer uses (ledger-core does not depend on pino). */
export interface WriterLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface LedgerWriterOptions {
  readonly ledgerId: string;
  readonly store: EventStore;
  readonly snapshots?: SnapshotStore;
  /** The injected clock: epoch milliseconds. */
  readonly clock?: () => number;
  readonly maxBatchCommands?: number;
  /** Events per group; default and ceiling: the store's appendLimits.maxEvents. */
  readonly maxBatchEvents?: number;
  /** Bytes (appendedBytes) per group; default and ceiling: the store's appendLimits.maxBytes. */
  readonly maxBatchBytes?: number;
  readonly maxBatchWaitMs?: number;
  readonly maxQueuedCommands?: number;
  readonly snapshotEveryEvents?: number;
  /** Entry records kept besides the open holds (entryCache.ts); default 100,000. */
  readonly maxCachedEntries?: number;
  /** Their estimated bytes at most; default 64 MiB. */
  readonly maxCachedEntryBytes?: number;
  readonly logger?: WriterLogger;
  /** Called after each durable batch (metrics): ledger, commands, events, append milliseconds. */
  readonly onBatch?: (batch: WriterBatch) => void;
}

export interface WriterBatch {
  readonly ledgerId: string;
  readonly commands: number;
  readonly events: number;
  readonly appendMs: number;
}

export interface CommandRequest {
  readonly command: Command;
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId?: string | null;
}

/** Every WriterError code (docs/writer.md): the wire form of a forwarded error is checked against it. */
export const writerErrorCodes = [
  "overloaded",
  "writer_closed",
  "append_failed",
  "concurrency_conflict",
  "writer_failed",
  /** The command's events would not validate against the event schema: never stored. */
  "event_invalid",
  /** The command's events exceed what one append may carry: never stored. */
  "command_too_large",
  /** Another process holds the ledger's lease (ledgerLeases.ts): not decided here; retry. */
  "not_owner",
  /** This process lost the ledger's lease while the command waited: not decided; retry. */
  "lease_lost",
  /** A forwarded command's reply did not come in time: it may have been decided; retry with the same id. */
  "forward_timeout",
  /** A command could not be forwarded to the ledger's owner (connection down): retry. */
  "forward_failed",
  /**
   * The owner a command was forwarded to stopped (died, or left the ledger) before it answered:
   * it may have been decided; retry with the same id.
   */
  "forward_owner_lost",
  /** A forwarded message or its reply is over the transport's size limit: not sent as is. */
  "forward_too_large",
] as const;

export type WriterErrorCode = (typeof writerErrorCodes)[number];

export function isWriterErrorCode(code: string): code is WriterErrorCode {
  return (writerErrorCodes as readonly string[]).includes(code);
}

/** A command the writer could not decide durably; nothing of it was acknowledged. */
export class WriterError extends Error {
  constructor(
    readonly code: WriterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "WriterError";
  }
}

/** A logger that drops everything: the writer's default. */
export const silentLogger: WriterLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * The answer to a dry run (LedgerWriter.dryRun): its commands decided in order where they
 * stood in the queue, each seeing the ones before it, none applied, appended or spending an id.
 */
export interface DryRunResult {
  /** Per command, in order: its decision, or the writer's refusal (event_invalid, command_too_large). */
  readonly outcomes: readonly (Decision | WriterError)[];
  /** The ledger after the commands, as a fork: the ledger, chain head and records they name. */
  readonly state: Readonly<LedgerState>;
  /** The events decided, sealed with the sequence and hash they would have had; never stored. */
  readonly events: readonly JournalEvent[];
}
