// The projection runner's settings, states and status as hosts, tools and metrics see them,
// and the refusal a checkpoint row gives (split from runtime.ts, which runs the loop).
import type pg from "pg";
import type { Logger } from "pino";
import type { EventStore } from "../ledger-core/index.js";
import type { PoisonEvent } from "./checkpoints.js";
import type { Projection } from "./projection.js";
import type { EventReader } from "./reader.js";

export const DEFAULT_BATCH_SIZE = 2_000;
export const MAX_BATCH_SIZE = 5_000;
export const DEFAULT_IDLE_WAIT_MS = 50;
/** How often a standby tries to take the lock of the active instance. */
export const STANDBY_RETRY_MS = 1_000;
/** Backoff after a failure: the first retry waits about this long, doubling up to the cap. */
export const FIRST_RETRY_MS = 100;
export const MAX_BACKOFF_MS = 5_000;

export type RunnerState =
  "starting" | "standby" | "running" | "caught_up" | "retrying" | "failed" | "stopped";

export interface RunnerStatus {
  readonly name: string;
  readonly version: number;
  readonly state: RunnerState;
  readonly position: string;
  readonly eventsApplied: number;
  /** Why it is retrying or why it stopped; null while all is well. */
  readonly error: string | null;
  /** Consecutive failed attempts while retrying (0 once a batch applies again). */
  readonly retries: number;
  /** The event it stopped on, when state is "failed" because of a poison event. */
  readonly poison: PoisonEvent | null;
}

export interface ProjectionRunnerOptions {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly projection: Projection;
  readonly logger: Logger;
  readonly batchSize?: number;
  readonly idleWaitMs?: number;
  /** Told after every committed batch (metrics, progress bars). */
  readonly onBatch?: (status: RunnerStatus, events: number) => void;
  /** Where batches come from: a reader shared with other runners (host.ts), or its own. */
  readonly reader?: EventReader;
}

/** The checkpoint row refuses this runner; retrying would not help, a person or a host decides. */
export class ProjectionRefusedError extends Error {
  constructor(
    readonly code: "projection_failed" | "projection_dropped" | "projection_layout_mismatch",
    message: string,
  ) {
    super(message);
    this.name = "ProjectionRefusedError";
  }
}
