// The settings of NatsLedgerLeases (natsLedgerLeases.ts) and the encoding of its keys: the
// defaults, the effective settings (settingsOf: defaults filled in, and the bounds between them
// checked: a renewal that goes unanswered is retried before the lease's deadline), and the key
// of a ledger's lease, "ledger." + the base64url of the id's UTF-8 (leaseKey; ledgerIdOfLeaseKey
// is its inverse). connectors/index.ts exports all of it but settingsOf, natsLedgerLeases.ts's own.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "pino";
import { assert } from "../../ledger-core/index.js";

/** The bucket leases live in, created if missing. */
export const DEFAULT_LEASE_BUCKET = "folio_ledger_leases";
/** A key lives this long after its last write (the bucket's max_age). */
export const DEFAULT_NATS_LEASE_TTL_MS = 6_000;
/** How often every held lease is renewed. */
export const DEFAULT_NATS_LEASE_RENEW_EVERY_MS = 1_000;
/** A NATS request (create, renew, delete, get) unanswered after this fails (retried later). */
export const DEFAULT_NATS_LEASE_REQUEST_TIMEOUT_MS = 2_000;
/** Wait between reconnect attempts; attempts are unlimited. */
export const DEFAULT_NATS_LEASE_RECONNECT_WAIT_MS = 1_000;
/** Replicas of the bucket's stream; 3 on a NATS cluster (docs/operations.md). */
export const DEFAULT_NATS_LEASE_REPLICAS = 1;
/** The safety margin's default share of the TTL: the holder gives up this much early. */
export const NATS_LEASE_SAFETY_MARGIN_FRACTION = 1 / 3;
/**
 * The failover bound with the defaults: a holder that died (or was cut off) without releasing
 * keeps its ledgers from others until its keys expire, the TTL after its last renewal.
 */
export const NATS_LEASE_FAILOVER_BOUND_MS = DEFAULT_NATS_LEASE_TTL_MS;

const KEY_PREFIX = "ledger.";

/** The key of a ledger's lease: "ledger." + base64url(UTF-8 of the id). */
export function leaseKey(ledgerId: string): string {
  const bytes = Buffer.from(ledgerId, "utf8");
  if (ledgerId.length === 0 || bytes.toString("utf8") !== ledgerId) {
    throw new RangeError(`not a ledger id: ${JSON.stringify(ledgerId)}`);
  }
  return KEY_PREFIX + bytes.toString("base64url");
}

/** The ledger id a lease key names (the inverse of leaseKey). */
export function ledgerIdOfLeaseKey(key: string): string {
  return Buffer.from(key.slice(KEY_PREFIX.length), "base64url").toString("utf8");
}

/** The effective options (defaults filled in), for operations. */
export interface NatsLeaseSettings {
  /** Default DEFAULT_LEASE_BUCKET. */
  readonly bucket: string;
  /** Default DEFAULT_NATS_LEASE_TTL_MS. */
  readonly ttlMs: number;
  /** Default DEFAULT_NATS_LEASE_RENEW_EVERY_MS. */
  readonly renewEveryMs: number;
  /** Default ttlMs x NATS_LEASE_SAFETY_MARGIN_FRACTION. */
  readonly safetyMarginMs: number;
  /** Default DEFAULT_NATS_LEASE_REQUEST_TIMEOUT_MS. */
  readonly requestTimeoutMs: number;
  /** Written in every key this process holds, for operators. Default uuid@host:pid. */
  readonly holderId: string;
  /** Default DEFAULT_NATS_LEASE_REPLICAS (used when the bucket is created). */
  readonly replicas: number;
  /** Default DEFAULT_NATS_LEASE_RECONNECT_WAIT_MS. */
  readonly reconnectWaitMs: number;
}

export type NatsLedgerLeasesOptions = Partial<NatsLeaseSettings> & {
  readonly natsUrl: string;
  readonly logger: Logger;
};

/** The options with their defaults filled in; throws if they break the bounds between them. */
export function settingsOf(options: NatsLedgerLeasesOptions): NatsLeaseSettings {
  const ttlMs = options.ttlMs ?? DEFAULT_NATS_LEASE_TTL_MS;
  const settings: NatsLeaseSettings = {
    bucket: options.bucket ?? DEFAULT_LEASE_BUCKET,
    ttlMs,
    renewEveryMs: options.renewEveryMs ?? DEFAULT_NATS_LEASE_RENEW_EVERY_MS,
    safetyMarginMs: options.safetyMarginMs ?? Math.round(ttlMs * NATS_LEASE_SAFETY_MARGIN_FRACTION),
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_NATS_LEASE_REQUEST_TIMEOUT_MS,
    holderId: options.holderId ?? `${randomUUID()}@${hostname()}:${process.pid}`,
    replicas: options.replicas ?? DEFAULT_NATS_LEASE_REPLICAS,
    reconnectWaitMs: options.reconnectWaitMs ?? DEFAULT_NATS_LEASE_RECONNECT_WAIT_MS,
  };
  assert(settings.renewEveryMs > 0 && settings.requestTimeoutMs > 0, "renewals are timed");
  assert(
    settings.safetyMarginMs > 0 && settings.safetyMarginMs < ttlMs,
    "the safety margin is part of the TTL",
  );
  assert(
    settings.renewEveryMs + settings.requestTimeoutMs < ttlMs - settings.safetyMarginMs,
    "a renewal that goes unanswered is tried again before the lease's deadline",
  );
  return settings;
}
