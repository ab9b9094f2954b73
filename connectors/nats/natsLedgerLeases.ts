// Ledger leases in a NATS JetStream key-value bucket (the LedgerLeases port of
// ledger-core/ledgerLeases.ts), for when the event store has no locks (EventStoreDB). Design:
//   - One NATS connection per NatsLedgerLeases (a process), reconnecting for ever. The bucket
//     (default "folio_ledger_leases") keeps one value per key (history 1) and its stream's
//     max_age is the lease TTL: a key expires `ttlMs` after its last write. A bucket that exists
//     with another TTL is refused (code lease_bucket_mismatch): two TTLs would break the bounds.
//   - One key per ledger: "ledger." + the base64url of the id's UTF-8 (leaseKey, in
//     natsLeaseSettings.ts with the settings and their defaults). base64url
//     only uses [-_a-zA-Z0-9], all legal in keys, and is injective on well-formed strings (ids
//     with a lone surrogate are refused). The subject token of subjects.ts is not usable: it
//     keeps ":" and "@", which keys do not allow.
//   - acquire = kv.create (it succeeds over a missing, expired or deleted key, and fails with
//     "wrong last sequence" while another holder's key lives: null). Its value names the holder
//     (`holderId`, for operators) and a token of this one lease.
//   - Every `renewEveryMs` each held lease is renewed with kv.update at its last revision (all
//     at once, one in flight per lease). A confirmed renewal moves the lease's deadline to the
//     time it was SENT + ttlMs - safetyMarginMs: the server wrote it after we sent it, so the
//     key lives at least ttl past the send. A renewal refused for its revision loses the lease
//     at once ("renewal_failed"), unless the key still holds this lease's token (an earlier
//     renewal landed but its answer was lost: its revision is adopted). Any other failure
//     (disconnected, timeout) is retried at the next tick; the lease is lost when its deadline
//     passes ("connection_lost"), by a timer and by held() itself (HeldLease's validUntil), so
//     a holder whose loop stalled past its deadline never appends believing it holds the lease.
//   - The safety margin (default ttl/3) covers what happens after held() said true: an append
//     still travelling to the event store, a server clock running ahead of ours (the server
//     ages keys by its own clock), a renewal whose send time we took a little late. The
//     expected revision of every append stays the safety net behind it.
//   - While disconnected nothing is sent (no stale renewal is buffered for after reconnect) and
//     acquire rejects (retry later). release and close delete the key revision-checked (only if
//     still ours); a failed delete is logged, never thrown: the TTL frees the key anyway.
// A dead holder's ledgers become free for others `ttlMs` after its last renewal
// (NATS_LEASE_FAILOVER_BOUND_MS for the defaults; the server expired keys ~10 ms late here).
import { randomUUID } from "node:crypto";
import { connect, Events, type KV, type KvEntry, type NatsConnection } from "nats";
import type { Logger } from "pino";
import { HeldLease, type LedgerLease, type LedgerLeases } from "../../ledger-core/index.js";
import {
  leaseKey,
  type NatsLeaseSettings,
  type NatsLedgerLeasesOptions,
  settingsOf,
} from "./natsLeaseSettings.js";

/** Creating or checking the bucket at connect fails after this. */
export const NATS_LEASE_SETUP_TIMEOUT_MS = 10_000;

/** JetStream's "wrong last sequence": the key is not at the revision the write expected. */
const WRONG_LAST_SEQUENCE = 10071;

export type NatsLeasesErrorCode = "lease_bucket_mismatch" | "leases_closed" | "leases_unreachable";

export class NatsLeasesError extends Error {
  constructor(
    readonly code: NatsLeasesErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "NatsLeasesError";
  }
}

/** One held lease's state here. */
interface LeaseRecord {
  readonly key: string;
  /** The value written at acquire and every renewal: holder and this lease's token. */
  readonly value: Uint8Array;
  readonly token: string;
  lease: HeldLease;
  /** The revision the key is at as far as we know. */
  revision: number;
  /** performance.now() until which the server cannot have expired the key. */
  deadline: number;
  timer: ReturnType<typeof setTimeout> | null;
  renewing: Promise<void> | null;
  /** Another holder has the key: nothing of ours to delete. */
  taken: boolean;
}

function isWrongLastSequence(error: unknown): boolean {
  const apiError = (error as { api_error?: { err_code?: unknown } } | null)?.api_error;
  return apiError?.err_code === WRONG_LAST_SEQUENCE;
}

function tokenOf(entry: KvEntry | null): unknown {
  if (entry?.operation !== "PUT") return undefined;
  try {
    return entry.json<{ lease?: unknown }>().lease;
  } catch {
    return undefined;
  }
}

export class NatsLedgerLeases implements LedgerLeases {
  private readonly records = new Map<string, LeaseRecord>();
  private readonly acquiring = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly ending = new Set<Promise<void>>();
  private readonly ticker: ReturnType<typeof setInterval>;
  private connected = true;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly kv: KV,
    readonly settings: NatsLeaseSettings,
    private readonly logger: Logger,
  ) {
    this.ticker = setInterval(() => {
      this.renewAll();
    }, settings.renewEveryMs);
    this.ticker.unref();
    void this.followStatus();
    void nc.closed().then(() => {
      this.connected = false;
      for (const record of [...this.records.values()]) {
        record.lease.lose("connection_lost", "the NATS connection closed");
      }
    });
  }

  /** Connects, creates the bucket if missing (or checks its TTL), and starts renewing. */
  static async connect(options: NatsLedgerLeasesOptions): Promise<NatsLedgerLeases> {
    const settings = settingsOf(options);
    const nc = await connect({
      servers: options.natsUrl,
      name: "folio-ledger-leases",
      maxReconnectAttempts: -1,
      reconnectTimeWait: settings.reconnectWaitMs,
      // A silent connection is dropped (and redialled) within about two TTLs.
      pingInterval: settings.ttlMs,
    });
    try {
      const setup = nc.jetstream({ timeout: NATS_LEASE_SETUP_TIMEOUT_MS });
      const bucket = await setup.views.kv(settings.bucket, {
        history: 1,
        ttl: settings.ttlMs,
        replicas: settings.replicas,
      });
      const { ttl } = await bucket.status();
      if (ttl !== settings.ttlMs) {
        throw new NatsLeasesError(
          "lease_bucket_mismatch",
          `the lease bucket ${settings.bucket} exists with a TTL of ${ttl} ms, not ${settings.ttlMs} ms: every process must use one TTL (set ttlMs to ${ttl}, or use another bucket)`,
        );
      }
      const js = nc.jetstream({ timeout: settings.requestTimeoutMs });
      const kv = await js.views.kv(settings.bucket, { bindOnly: true });
      return new NatsLedgerLeases(nc, kv, settings, options.logger);
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  /** The effective TTL: a key expires this long after its last write; the failover bound. */
  get ttlMs(): number {
    return this.settings.ttlMs;
  }
  /** A lease is lost this long after the send of its last confirmed renewal. */
  get deadlineMs(): number {
    return this.settings.ttlMs - this.settings.safetyMarginMs;
  }
  get holderId(): string {
    return this.settings.holderId;
  }

  /** Ledgers whose lease this process holds now. */
  get heldLedgers(): string[] {
    return [...this.records.values()]
      .filter((record) => record.lease.held())
      .map((record) => record.lease.ledgerId);
  }

  async acquire(ledgerId: string): Promise<LedgerLease | null> {
    if (this.closing !== null)
      throw new NatsLeasesError("leases_closed", "the ledger leases are closed");
    const key = leaseKey(ledgerId);
    if (this.records.has(ledgerId) || this.acquiring.has(ledgerId)) return null;
    if (!this.connected) {
      throw new NatsLeasesError(
        "leases_unreachable",
        "NATS is unreachable (reconnecting); retry later",
      );
    }
    this.acquiring.add(ledgerId);
    const work = this.create(ledgerId, key);
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
      this.acquiring.delete(ledgerId);
    }
  }

  /** kv.create of the ledger's key; null while another holder's key lives. */
  private async create(ledgerId: string, key: string): Promise<LedgerLease | null> {
    const token = randomUUID();
    const holder = this.settings.holderId;
    const acquiredAt = new Date().toISOString();
    const value = new TextEncoder().encode(JSON.stringify({ holder, lease: token, acquiredAt }));
    const sentAt = performance.now();
    let revision: number;
    try {
      revision = await this.kv.create(key, value);
    } catch (error) {
      if (isWrongLastSequence(error)) return null;
      throw error;
    }
    const record: LeaseRecord = {
      key,
      value,
      token,
      revision,
      deadline: sentAt + this.deadlineMs,
      timer: null,
      renewing: null,
      taken: false,
      lease: new HeldLease(
        ledgerId,
        (_, end) => this.ended(record, end),
        () => record.deadline,
      ),
    };
    this.records.set(ledgerId, record);
    if (this.closing !== null) {
      record.lease.lose("closed", "the ledger leases were closed while acquiring");
      throw new NatsLeasesError("leases_closed", "the ledger leases are closed");
    }
    if (!record.lease.held()) {
      throw new NatsLeasesError("leases_unreachable", "the lease was confirmed after its deadline");
    }
    this.watchDeadline(record);
    return record.lease;
  }

  /** A timer at the lease's deadline: held() loses the lease once it has passed. */
  private watchDeadline(record: LeaseRecord): void {
    if (record.timer !== null) clearTimeout(record.timer);
    record.timer = setTimeout(
      () => {
        record.timer = null;
        if (record.lease.held()) this.watchDeadline(record);
      },
      Math.max(0, record.deadline - performance.now()),
    );
    record.timer.unref();
  }

  /** One tick: a renewal for every held lease that has none in flight. */
  private renewAll(): void {
    if (!this.connected) return; // nothing buffered for after the reconnect
    for (const record of [...this.records.values()]) {
      if (record.renewing !== null || !record.lease.held()) continue;
      record.renewing = this.renew(record).finally(() => {
        record.renewing = null;
      });
    }
  }

  private async renew(record: LeaseRecord): Promise<void> {
    const sentAt = performance.now();
    try {
      record.revision = await this.kv.update(record.key, record.value, record.revision);
    } catch (error) {
      if (isWrongLastSequence(error)) {
        await this.refused(record);
      } else {
        this.logger.debug({ err: error, ledgerId: record.lease.ledgerId }, "lease renewal failed");
      }
      return;
    }
    if (!record.lease.held()) return; // lost at its deadline while the renewal was in flight
    record.deadline = sentAt + this.deadlineMs;
    this.watchDeadline(record);
  }

  /** A renewal refused for its revision: still ours (an answer was lost), or taken. */
  private async refused(record: LeaseRecord): Promise<void> {
    let entry: KvEntry | null;
    try {
      entry = await this.kv.get(record.key);
    } catch {
      return; // the next tick asks again
    }
    if (tokenOf(entry) === record.token && entry !== null) {
      record.revision = entry.revision;
      return;
    }
    record.taken = true;
    record.lease.lose(
      "renewal_failed",
      `the lease key is no longer this lease's (${entry === null ? "expired" : `revision ${entry.revision}`})`,
    );
  }

  /** The lease was released or lost: forget it, and delete its key if still ours. */
  private ended(record: LeaseRecord, end: "released" | "lost"): Promise<void> {
    const ledgerId = record.lease.ledgerId;
    if (this.records.get(ledgerId) === record) this.records.delete(ledgerId);
    if (record.timer !== null) clearTimeout(record.timer);
    record.timer = null;
    if (end === "lost" && this.closing === null) {
      this.logger.warn({ ledgerId, taken: record.taken }, "ledger lease lost; its writer stops");
    }
    const work = this.deleteKey(record);
    this.ending.add(work);
    void work.finally(() => this.ending.delete(work));
    return work;
  }

  private async deleteKey(record: LeaseRecord): Promise<void> {
    await record.renewing; // its answer says which revision the key is at
    if (record.taken || !this.connected) return; // not ours, or it expires by itself
    try {
      await this.kv.delete(record.key, { previousSeq: record.revision });
    } catch (error) {
      this.logger.warn(
        { err: error, ledgerId: record.lease.ledgerId },
        "lease key not deleted; it expires after the TTL",
      );
    }
  }

  private async followStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === Events.Disconnect) this.connected = false;
      if (status.type === Events.Reconnect) this.connected = true;
    }
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.ticker);
    await Promise.allSettled([...this.inFlight]);
    for (const record of [...this.records.values()]) {
      record.lease.lose("closed", "the ledger leases were closed");
    }
    await Promise.allSettled([...this.ending]);
    if (!this.nc.isClosed()) await this.nc.close();
  }
}
