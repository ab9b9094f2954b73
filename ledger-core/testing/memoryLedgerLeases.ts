// In-memory ledger leases for tests: a MemoryLeaseTable stands for the lock service, and each
// MemoryLedgerLeases on it for one process. A test can make leases be lost (one ledger's, or
// every lease of a process at once, as when its connection drops) and make acquire fail (the
// lock service unreachable). Loss is noticed at once: the holder's `lost` resolves in the same
// tick its lease is taken away.
import { assert } from "../assert.js";
import {
  HeldLease,
  type LeaseLossReason,
  type LedgerLease,
  type LedgerLeases,
} from "../ledgerLeases.js";

/** The lock service: which process holds each ledger. Shared by the processes of a test. */
export class MemoryLeaseTable {
  readonly holders = new Map<string, MemoryLedgerLeases>();
}

export class MemoryLedgerLeases implements LedgerLeases {
  private readonly leases = new Map<string, HeldLease>();
  private closed = false;
  private unreachable: Error | null = null;

  constructor(readonly table: MemoryLeaseTable = new MemoryLeaseTable()) {}

  acquire(ledgerId: string): Promise<LedgerLease | null> {
    if (this.closed) return Promise.reject(new Error("the ledger leases are closed"));
    if (this.unreachable !== null) return Promise.reject(this.unreachable);
    if (this.table.holders.has(ledgerId)) return Promise.resolve(null);
    const lease = new HeldLease(ledgerId, (ended) => {
      if (this.leases.get(ledgerId) === ended) this.leases.delete(ledgerId);
      if (this.table.holders.get(ledgerId) === this) this.table.holders.delete(ledgerId);
      return Promise.resolve();
    });
    this.leases.set(ledgerId, lease);
    this.table.holders.set(ledgerId, this);
    return Promise.resolve(lease);
  }

  /** The ledgers this process holds now. */
  get heldLedgers(): string[] {
    return [...this.leases.keys()];
  }

  /** Test hook: the lease of `ledgerId` is lost (false if this process did not hold it). */
  lose(ledgerId: string, reason: LeaseLossReason = "revoked"): boolean {
    const lease = this.leases.get(ledgerId);
    if (lease === undefined) return false;
    lease.lose(reason, "taken away by the test");
    assert(!this.table.holders.has(ledgerId), "a lost lease is free for others");
    return true;
  }

  /** Test hook: the connection drops: every lease of this process is lost at once. */
  loseAll(): void {
    for (const lease of [...this.leases.values()]) {
      lease.lose("connection_lost", "the lease connection dropped (test)");
    }
  }

  /** Test hook: acquire rejects with `error` until called again with null. */
  failAcquires(error: Error | null): void {
    this.unreachable = error;
  }

  close(): Promise<void> {
    this.closed = true;
    for (const lease of [...this.leases.values()]) {
      lease.lose("closed", "the ledger leases were closed");
    }
    return Promise.resolve();
  }
}
