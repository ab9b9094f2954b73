// Cluster mode's parts in one API process (FOLIO_CLUSTER=on; docs/operations.md "Running
// several Folio processes"): the ledger leases (PostgreSQL advisory locks on the Folio
// database), the command forwarding (NATS request/reply under FOLIO_NATS_SUBJECT_PREFIX) and
// the replayer of forwarded HTTP requests. Both connections are closed with the stack after
// the registry (push this before the registry's closer): the registry drains its writers and
// stops serving its ledgers first, then gives its leases back.
import type { Logger } from "pino";
import { NatsCommandForwarding } from "../../connectors/index.js";
import { PostgresLedgerLeases } from "../../event-store/index.js";
import type { LedgerRegistryOptions } from "../../ledger-core/index.js";
import type { ShutdownStack } from "../bootstrap.js";
import type { Config } from "../config.js";
import { ForwardedHttpReplayer } from "./httpForwarding.js";

export interface Cluster {
  /** The registry's options for cluster mode: leases, forwarding, serveHttp. */
  readonly registryOptions: Pick<LedgerRegistryOptions, "leases" | "forwarding" | "serveHttp">;
  /** Replays forwarded requests once the app is attached. */
  readonly replayer: ForwardedHttpReplayer;
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
  const leases = new PostgresLedgerLeases({ connectionString: databaseUrl, logger });
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
      leases,
      forwarding,
      serveHttp: (ledgerId, message) => replayer.serve(ledgerId, message),
    },
    replayer,
  };
}
