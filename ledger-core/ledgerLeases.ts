// The lease port: at most one process holds a ledger's writer at a time. A process acquires a
// ledger's lease before it opens that ledger's writer and gives it back once the writer has
// drained (ledgerRegistry.ts). A lease can be lost without being released (its connection to
// the lock service is gone, a renewal failed, the leases were closed): `lost` resolves and the
// holder must stop deciding for that ledger at once. The expected revision of every append
// stays the safety net: a process that has not noticed its loss yet cannot overwrite another
// writer's events. Implementations: memoryLedgerLeases.ts (tests, one process),
// event-store/postgres/postgresLedgerLeases.ts (session advisory locks) and
// connectors/nats/natsLedgerLeases.ts (JetStream key-value keys with a TTL). Also here: the
// store wrapper that refuses every append once a writer's lease is no longer held.
import type { EventStore } from "./eventStorePort.js";
import { WriterError } from "./writerOptions.js";

/** How often a lease holder checks that its leases still stand (a heartbeat or a renewal). */
export const DEFAULT_LEASE_HEARTBEAT_MS = 1_000;
/** A heartbeat that takes longer than this counts as a lost connection: every lease is lost. */
export const DEFAULT_LEASE_HEARTBEAT_TIMEOUT_MS = 4_000;
/**
 * The longest a holder may go on believing it holds a lease its connection lost without a
 * word (a silent network): one heartbeat interval plus one heartbeat timeout. A connection
 * that closes (terminated, server restart) is noticed at once.
 */
export const LEASE_LOSS_DETECTION_BOUND_MS =
  DEFAULT_LEASE_HEARTBEAT_MS + DEFAULT_LEASE_HEARTBEAT_TIMEOUT_MS;

/** Why a lease ended without its holder releasing it. */
export type LeaseLossReason =
  /** The connection that holds the lease closed or stopped answering. */
  | "connection_lost"
  /** A renewal was refused or failed (a lease with a TTL). */
  | "renewal_failed"
  /** The LedgerLeases were closed while the lease was held. */
  | "closed"
  /** A test made the lease be lost. */
  | "revoked";

export interface LeaseLoss {
  readonly ledgerId: string;
  readonly reason: LeaseLossReason;
  readonly message: string;
}

/** One ledger's lease, held by this process until released or lost. */
export interface LedgerLease {
  readonly ledgerId: string;
  /**
   * Resolves when the lease ends without release(): connection gone, renewal failed, leases
   * closed. It never resolves after release(). held() is false from the moment it resolves.
   */
  readonly lost: Promise<LeaseLoss>;
  /** True until the lease is released or lost (as far as this process knows yet). */
  held(): boolean;
  /** Gives the lease back; a no-op once released or lost. Never rejects. */
  release(): Promise<void>;
}

/** The leases of one process. */
export interface LedgerLeases {
  /**
   * The lease of `ledgerId`, or null when it is held: by another process, or already by this
   * one. Rejects when the lock service cannot be reached (retry later) or after close().
   */
  acquire(ledgerId: string): Promise<LedgerLease | null>;
  /** Ends every lease still held (each one's `lost` resolves with "closed"); acquire refuses after. */
  close(): Promise<void>;
}

/** A promise and the function that resolves it: how implementations make `lost`. */
export function lossSignal(): {
  readonly lost: Promise<LeaseLoss>;
  readonly resolve: (loss: LeaseLoss) => void;
} {
  let resolve: (loss: LeaseLoss) => void = () => undefined;
  const lost = new Promise<LeaseLoss>((done) => {
    resolve = done;
  });
  return { lost, resolve };
}

/**
 * One lease's life, for every implementation: held, then either released by its holder or lost
 * (`lost` resolves, with the reason, only then). `ended` tells the implementation which, once:
 * release it at the lock service, or forget it.
 */
export class HeldLease implements LedgerLease {
  private state: "held" | "released" | "lost" = "held";
  private readonly signal = lossSignal();
  readonly lost: Promise<LeaseLoss> = this.signal.lost;

  /**
   * `validUntil` (optional, leases with a TTL): the performance.now() time until which the lock
   * service cannot have freed the lease. From then on held() is false and the lease is lost
   * ("connection_lost"), even before the implementation's own timer runs (a stalled loop).
   */
  constructor(
    readonly ledgerId: string,
    private readonly ended: (lease: HeldLease, end: "released" | "lost") => Promise<void>,
    private readonly validUntil?: () => number,
  ) {}

  held(): boolean {
    if (this.state === "held" && this.validUntil !== undefined) {
      if (performance.now() >= this.validUntil()) {
        this.lose("connection_lost", "its deadline passed before a renewal was confirmed");
      }
    }
    return this.state === "held";
  }

  release(): Promise<void> {
    if (this.state !== "held") return Promise.resolve();
    this.state = "released";
    return this.ended(this, "released");
  }

  /** The lease is gone (its connection closed, renewal failed...): `lost` resolves now. */
  lose(reason: LeaseLossReason, message: string): void {
    if (this.state !== "held") return;
    this.state = "lost";
    void this.ended(this, "lost");
    this.signal.resolve({ ledgerId: this.ledgerId, reason, message });
  }
}

/** The error a writer's callers get once its lease is lost. */
export function leaseLostError(loss: LeaseLoss): WriterError {
  return new WriterError(
    "lease_lost",
    `this process lost the lease of ledger ${loss.ledgerId} (${loss.reason}: ${loss.message}); retry the command`,
  );
}

/**
 * `store` for the writer holding `lease`: every append is refused once the lease is no longer
 * held, before anything is sent, so a writer that lost its lease appends nothing more, even a
 * group decided before the loss. Reads go through unchanged; close() leaves `store` open.
 */
export function leaseFencedStore(store: EventStore, lease: LedgerLease): EventStore {
  return {
    appendLimits: store.appendLimits,
    append: (streamId, events, expectedRevision) => {
      if (!lease.held()) {
        return Promise.reject(
          new WriterError("lease_lost", `the lease of ledger ${lease.ledgerId} is not held`),
        );
      }
      return store.append(streamId, events, expectedRevision);
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    countAll: (options) => store.countAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    readEntryEvents: (streamId, entryIds) => store.readEntryEvents(streamId, entryIds),
    // The writer's view only: the shared store is closed by whoever opened it.
    close: () => Promise.resolve(),
  };
}
