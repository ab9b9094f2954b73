// The NATS event publisher's options, their defaults (docs/connectors.md lists them) and its
// status, as /health/ready and /metrics read it.
import type pg from "pg";
import type { Logger } from "pino";
import type { EventStore } from "../../ledger-core/index.js";

export const DEFAULT_PUBLISHER_NAME = "nats";
export const DEFAULT_STREAM_NAME = "FOLIO_EVENTS";
/** Messages are kept 7 days ... */
export const DEFAULT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** ... or until the stream holds 10 GiB; the oldest go first. */
export const DEFAULT_MAX_BYTES = 10 * 1024 ** 3;
/** JetStream drops a message whose Nats-Msg-Id it stored within this window. */
export const DEFAULT_DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
export const DEFAULT_PUBLISH_BATCH_SIZE = 500;
export const MAX_PUBLISH_BATCH_SIZE = 5_000;
export const DEFAULT_PUBLISH_IDLE_WAIT_MS = 20;
export const DEFAULT_ACK_TIMEOUT_MS = 5_000;
export const PUBLISHER_FIRST_RETRY_MS = 100;
export const PUBLISHER_MAX_BACKOFF_MS = 5_000;
export const PUBLISHER_STANDBY_RETRY_MS = 1_000;
/** The lag (head minus checkpoint) is counted at most this often while behind. */
export const LAG_REFRESH_MS = 1_000;

export interface EventPublisherOptions {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly natsUrl: string;
  readonly logger: Logger;
  /** Keys the checkpoint, the balances and the lock: one active instance per name. */
  readonly name?: string;
  readonly streamName?: string;
  /** The first token(s) of every subject (default `folio`). */
  readonly subjectPrefix?: string;
  readonly maxAgeMs?: number;
  readonly maxBytes?: number;
  readonly duplicateWindowMs?: number;
  readonly batchSize?: number;
  /** How long to wait before reading again once caught up. */
  readonly idleWaitMs?: number;
  readonly ackTimeoutMs?: number;
  /** Tests only: runs after every ack of a batch, before its commit; a throw is a crash there. */
  readonly beforeCommit?: (events: number) => Promise<void> | void;
}

export type PublisherState = "starting" | "running" | "standby" | "stalled" | "stopped";

export interface PublisherStatus {
  readonly name: string;
  readonly stream: string;
  readonly state: PublisherState;
  /** The global position published and committed through. */
  readonly position: string;
  /** Ledger events stored after the checkpoint (counted up to LAG_COUNT_LIMIT). */
  readonly lagEvents: number;
  readonly eventsPublished: number;
  readonly lastPublishedAt: Date | null;
  readonly lastError: string | null;
}

/** The running publisher. */
export interface EventPublisher {
  status(): PublisherStatus;
  /** Stops after the batch in flight (uncommitted work is published again by the next one). */
  stop(): Promise<void>;
}
