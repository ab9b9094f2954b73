// Cluster mode's parts in one API process (FOLIO_CLUSTER=on; docs/operations.md "Running
// several Folio processes"): the ledger leases (FOLIO_CLUSTER_LEASES: PostgreSQL advisory
// locks on the Folio database, or a NATS JetStream key-value bucket with a TTL, the default
// with EventStoreDB), the command forwarding (NATS request/reply under
// FOLIO_NATS_SUBJECT_PREFIX), the replayer of forwarded HTTP requests, and the status that
// counts what they do (clusterStatus.ts). The connections are closed with the stack after the
// registry (push this before the registry's closer): the registry drains its writers and
// stops serving its ledgers first, then gives its leases back.
import type { Logger } from "pino";
import { NatsCommandForwarding, NatsLedgerLeases } from "../../connectors/index.js";
import { PostgresLedgerLeases } from "../../event-store/index.js";
import type { LedgerLeases, LedgerRegistryOptions } from "../../ledger-core/index.js";
import type { ShutdownStack } from "../bootstrap.js";
import { clusterLeasesOf, type Config } from "../config.js";
import { ClusterStatus, type ClusterLeaseKind } from "./clusterStatus.js";
import { ForwardedHttpReplayer } from "./httpForwarding.js";

export interface Cluster {
  /** The registry's options for cluster mode: leases, forwarding, serveHttp. */
  readonly registryOptions: Pick<LedgerRegistryOptions, "leases" | "forwarding" | "serveHttp">;
  /** Replays forwarded requests once the app is attached. */
  readonly replayer: ForwardedHttpReplayer;
  /** What /health/ready and /metrics show of cluster mode. */
  readonly status: ClusterStatus;
}

/** Cluster mode's parts, or null with FOLIO_CLUSTER=off. Closed with `stack`. */
export async function clusterIfConfigured(
  config: Config,
  parts: { readonly databaseUrl: string; readonly logger: Logger; readonly stack: ShutdownStack },
): Promise<Cluster | null> {
  if (config.FOLIO_CLUSTER === "off") return null;
  const natsUrl = config.NATS_URL;
  if (natsUrl === undefined) throw new Error("FOLIO_CLUSTER=on needs NATS_URL"); // config checks it
  const { databaseUrl, logger, stack } = parts;
  const kind = clusterLeasesOf(config);
  const status = new ClusterStatus(kind);
  const leases = await openLeases(config, kind, { databaseUrl, natsUrl, logger });
  stack.push(() => leases.close());
  const forwarding = await NatsCommandForwarding.connect({
    natsUrl,
    logger,
    subjectPrefix: config.FOLIO_NATS_SUBJECT_PREFIX,
    // A forwarded request may take as long as any request here.
    timeoutMs: config.FOLIO_REQUEST_TIMEOUT_MS,
  });
  stack.push(() => forwarding.close());
  const replayer = new ForwardedHttpReplayer();
  return {
    registryOptions: {
      leases: status.countLeases(leases),
      forwarding: status.countForwarding(forwarding),
      serveHttp: (ledgerId, message) => replayer.serve(ledgerId, message),
    },
    replayer,
    status,
  };
}

/** The NATS lease bucket of a cluster: one per subject prefix, as the cluster's subjects are. */
export function leaseBucketOf(subjectPrefix: string): string {
  return `${subjectPrefix}_ledger_leases`;
}

/**
 * The ledger leases FOLIO_CLUSTER_LEASES names. NATS leases take their timings from the TTL:
 * renewed every sixth of it, each request given a third (one unanswered renewal is retried
 * before the holder gives up, a third of the TTL before the key can expire).
 */
async function openLeases(
  config: Config,
  kind: ClusterLeaseKind,
  parts: { readonly databaseUrl: string; readonly natsUrl: string; readonly logger: Logger },
): Promise<LedgerLeases> {
  const { databaseUrl, natsUrl, logger } = parts;
  if (kind === "postgres")
    return new PostgresLedgerLeases({ connectionString: databaseUrl, logger });
  const ttlMs = config.FOLIO_CLUSTER_LEASE_TTL_MS;
  logger.info({ ttlMs }, "ledger leases: NATS key-value bucket (FOLIO_CLUSTER_LEASES=nats)");
  return NatsLedgerLeases.connect({
    natsUrl,
    logger,
    bucket: leaseBucketOf(config.FOLIO_NATS_SUBJECT_PREFIX),
    ttlMs,
    renewEveryMs: Math.floor(ttlMs / 6),
    requestTimeoutMs: Math.floor(ttlMs / 3),
  });
}
