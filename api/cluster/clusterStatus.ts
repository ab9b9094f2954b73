// What cluster mode reports of itself (FOLIO_CLUSTER=on; docs/operations.md "Running several
// Folio processes"): the ledgers whose lease this process holds now, the leases it lost and
// why, the requests it forwarded to other owners by outcome, and the ones it answered for
// others. The numbers are counted by wrapping the two ports the registry is given, the ledger
// leases and the command forwarding, so nothing else changes; /health/ready shows them (never a
// reason to be unready) and /metrics exports them (plugins/metrics.ts).
import {
  WriterError,
  type CommandForwarding,
  type ForwardHandler,
  type LeaseLossReason,
  type LedgerLease,
  type LedgerLeases,
} from "../../ledger-core/index.js";

/** Where the leases live (FOLIO_CLUSTER_LEASES). */
export type ClusterLeaseKind = "postgres" | "nats";

/** Cluster mode as /health/ready and /metrics show it. */
export interface ClusterReport {
  readonly leases: ClusterLeaseKind;
  /** Ledgers whose lease this process holds now (it writes them). */
  readonly ledgersOwned: number;
  /** Leases lost without being released, by reason (connection_lost, renewal_failed, ...). */
  readonly leasesLost: Readonly<Record<string, number>>;
  /** Requests sent to another process, by outcome: answered, no_owner, or a WriterError code. */
  readonly forwarded: Readonly<Record<string, number>>;
  /** Requests other processes forwarded here and this process answered. */
  readonly served: number;
}

/** Counts into a plain record (a label's value to its count). */
function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** The counting wrappers of cluster mode's ports, and their report. */
export class ClusterStatus {
  private readonly owned = new Set<LedgerLease>();
  private readonly lost: Record<string, number> = {};
  private readonly outcomes: Record<string, number> = {};
  private servedCount = 0;

  constructor(private readonly kind: ClusterLeaseKind) {}

  report(): ClusterReport {
    return {
      leases: this.kind,
      ledgersOwned: this.owned.size,
      leasesLost: { ...this.lost },
      forwarded: { ...this.outcomes },
      served: this.servedCount,
    };
  }

  /** `leases`, counting the leases held now and the ones lost. */
  countLeases(leases: LedgerLeases): LedgerLeases {
    return {
      acquire: async (ledgerId) => {
        const lease = await leases.acquire(ledgerId);
        return lease === null ? null : this.tracked(lease);
      },
      close: () => leases.close(),
    };
  }

  /** `lease`, counted as owned until it is released or lost. */
  private tracked(lease: LedgerLease): LedgerLease {
    this.owned.add(lease);
    void lease.lost.then((loss) => {
      this.owned.delete(lease);
      bump(this.lost, loss.reason satisfies LeaseLossReason);
    });
    return {
      ledgerId: lease.ledgerId,
      lost: lease.lost,
      held: () => lease.held(),
      release: () => {
        this.owned.delete(lease);
        return lease.release();
      },
    };
  }

  /** `forwarding`, counting forwards by outcome and the messages served for others. */
  countForwarding(forwarding: CommandForwarding): CommandForwarding {
    return {
      forward: async (ledgerId, message) => {
        try {
          const reply = await forwarding.forward(ledgerId, message);
          bump(this.outcomes, reply === "no_owner" ? "no_owner" : "answered");
          return reply;
        } catch (error) {
          bump(this.outcomes, error instanceof WriterError ? error.code : "error");
          throw error;
        }
      },
      serve: (ledgerId, handler) => {
        const counted: ForwardHandler = async (message) => {
          const reply = await handler(message);
          this.servedCount += 1;
          return reply;
        };
        return forwarding.serve(ledgerId, counted);
      },
    };
  }
}
