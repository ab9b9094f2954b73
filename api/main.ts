// The main job: start Folio. Opens PostgreSQL (DATABASE_URL, or an embedded server under
// FOLIO_DATA_DIR), applies migrations, opens the event store (PostgreSQL, or EventStoreDB when
// EVENTSTORE_URL is set) (all three through bootstrap.ts, shared with the projector process),
// makes sure an admin key exists, and serves the API with the hold sweeper running and, unless
// FOLIO_PROJECTIONS=off, the read models' projections. With FOLIO_CLUSTER=on it is one of
// several processes: it writes the ledgers whose lease it holds and forwards the requests for
// the others to their owners (api/cluster/). close() stops intake, drains the writers, gives
// their leases back, and stops what it started.
import { pino, type Logger } from "pino";
import { createPostgresSnapshotStore } from "../event-store/index.js";
import { LedgerRegistry, startHoldSweeper } from "../ledger-core/index.js";
import {
  checkpointReports,
  LAG_CACHE_MS,
  startProjections,
  type ProjectionReport,
} from "../projections/index.js";
import { buildApp } from "./app.js";
import { clusterIfConfigured } from "./cluster/clusterSetup.js";
import { ensureConsoleAssets } from "./console/assets.js";
import { openFoundation, openPool, ShutdownStack, type Foundation } from "./bootstrap.js";
import type { Config } from "./config.js";
import { createPostgresApiKeyStore } from "./keys/apiKeyStore.js";
import { ensureBootstrapKey } from "./keys/bootstrapKey.js";
import { LedgerService } from "./ledgerService.js";
import { ReadModels } from "./readModels.js";
import { loggerOptions } from "./logger.js";
import {
  commandIntakeIfConfigured,
  connectorsReadiness,
  publisherIfConfigured,
  type IntakeHandle,
} from "./natsConnectors.js";
import type { RouteAccessEntry } from "./plugins/auth.js";
import { createMetrics } from "./plugins/metrics.js";
import { projectionReadiness, readinessProbe, type ProjectionReadiness } from "./routes/health.js";

export interface RunningFolio {
  /** Where the API listens, e.g. http://127.0.0.1:3000 */
  readonly url: string;
  readonly logger: Logger;
  /** Every route the API serves, with the access it declares (the authorization matrix). */
  readonly routes: readonly RouteAccessEntry[];
  /** Graceful stop: no new requests, queued commands answered, database stopped. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Shows a newly created admin key once (the CLI prints it to stdout). */
  readonly announceKey?: (key: string) => void;
}

export async function startFolio(
  config: Config,
  options: StartOptions = {},
): Promise<RunningFolio> {
  const logger = pino(loggerOptions(config.LOG_LEVEL));
  const stack = new ShutdownStack(logger);
  const closeAll = () => stack.closeAll();
  try {
    const { database, pool, store, projections } = await openFoundation(config, {
      logger,
      stack,
      applicationName: "folio-api",
      owner: "the Folio server",
    });
    // The API's reads (read models, key lookups): every statement bounded.
    const readPool = openPool(
      config,
      database,
      { logger, stack },
      "folio-api-read",
      config.FOLIO_READ_STATEMENT_TIMEOUT_MS,
    );
    const keyStore = createPostgresApiKeyStore(readPool);
    await ensureBootstrapKey(keyStore, {
      adminKey: config.FOLIO_ADMIN_KEY,
      logger,
      announce: options.announceKey ?? (() => undefined),
    });

    const metrics = createMetrics();
    // Closed after the registry (the stack runs backwards): leases go back once writers drain.
    const cluster = await clusterIfConfigured(config, { databaseUrl: database.url, logger, stack });
    const registry = new LedgerRegistry({
      ...cluster?.registryOptions,
      store,
      snapshots: createPostgresSnapshotStore(pool),
      writerOptions: {
        logger,
        maxCachedEntries: config.FOLIO_WRITER_MAX_CACHED_ENTRIES,
        maxCachedEntryBytes: config.FOLIO_WRITER_MAX_CACHED_ENTRY_BYTES,
        onBatch: (batch) => {
          metrics.observeBatch(batch.ledgerId, batch);
        },
      },
    });
    stack.push(() => registry.close());
    metrics.setQueueDepthSource(async () =>
      (await registry.openWriters()).reduce((depth, writer) => depth + writer.queuedCommands, 0),
    );
    const service = new LedgerService({
      registry,
      store,
      observeDecision: (decision) => {
        metrics.observeDecision(decision);
      },
    });
    const reportProjections = await projectionReports(
      config,
      { pool, store, projections },
      logger,
      stack,
    );
    const projectionReadinessNow = async (): Promise<ProjectionReadiness[]> =>
      (await reportProjections()).map(projectionReadiness);
    metrics.setProjectionSource(projectionReadinessNow);
    // The publisher runs where the projections run (here, or in the projector process).
    const publisher =
      config.FOLIO_PROJECTIONS === "in-process"
        ? await publisherIfConfigured(config, { pool, store, logger, stack })
        : null;
    metrics.setPublisherSource(() => publisher?.status() ?? null);
    metrics.setClusterSource(() => cluster?.status.report() ?? null);
    let intake: IntakeHandle | null = null;
    const readModels = new ReadModels(readPool);
    const lagLimits = {
      maxLagSeconds: config.FOLIO_READY_MAX_LAG_SECONDS,
      maxLagEvents: config.FOLIO_READY_MAX_LAG_EVENTS,
    };
    const readiness = readinessProbe({
      database: async () => {
        await pool.query("SELECT 1");
      },
      checks: {
        writers: async () => {
          await registry.openWriters();
        },
      },
      projections: projectionReadinessNow,
      limits: lagLimits,
      connectors: () => connectorsReadiness(publisher, intake),
      cluster: () => cluster?.status.report(),
    });
    const app = await buildApp({
      service,
      readModels,
      keyStore,
      metrics,
      readiness,
      logLevel: config.LOG_LEVEL,
      bodyLimitBytes: config.FOLIO_BODY_LIMIT_BYTES,
      requestTimeoutMs: config.FOLIO_REQUEST_TIMEOUT_MS,
      overload: {
        rateLimitPerMinute: config.FOLIO_RATE_LIMIT_PER_MINUTE,
        maxEventLoopDelayMs: config.FOLIO_MAX_EVENT_LOOP_DELAY_MS,
        maxPoolWaiting: config.FOLIO_MAX_POOL_WAITING,
        poolWaiting: () => pool.waitingCount + readPool.waitingCount,
      },
      servers: [{ url: `http://${config.HOST}:${config.PORT}` }],
      ...(cluster === null ? {} : { cluster: { registry } }),
      ...(config.FOLIO_CONSOLE === "on" ? { console: await ensureConsoleAssets(logger) } : {}),
    });
    cluster?.replayer.attach(app);
    stack.push(async () => {
      // Cluster: forwarded requests are refused from here (their senders ask again), and the
      // leases go back as soon as the requests in flight are answered, so that the others
      // take the ledgers over without waiting for the rest of the shutdown.
      cluster?.replayer.stop();
      await app.close();
      if (cluster !== null) await registry.close();
    });
    intake = commandIntakeIfConfigured(config, app, logger, stack);
    const stopSweeper = startHoldSweeper({ registry, logger });
    stack.push(stopSweeper);
    const address = await app.listen({ port: config.PORT, host: config.HOST });
    logger.info(
      { url: address, embeddedDatabase: database.embedded, cluster: config.FOLIO_CLUSTER },
      "Folio is serving",
    );
    return { url: address, logger, routes: app.routeAccess, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * Each read model's report for readiness and metrics: from this process's own projection host
 * (FOLIO_PROJECTIONS=in-process), or, when a separate projector runs them (off), read from
 * their checkpoint rows and the store's head, as any process can.
 */
async function projectionReports(
  config: Config,
  { pool, store, projections }: Omit<Foundation, "database">,
  logger: Logger,
  stack: ShutdownStack,
): Promise<() => Promise<ProjectionReport[]>> {
  if (config.FOLIO_PROJECTIONS === "in-process") {
    const host = await startProjections({ pool, store, logger, projections });
    stack.push(() => host.stop());
    return () => host.report();
  }
  logger.info("projections: off in this process (FOLIO_PROJECTIONS=off); a projector runs them");
  let cached: { at: number; reports: ProjectionReport[] } | null = null;
  return async () => {
    if (cached === null || Date.now() - cached.at > LAG_CACHE_MS) {
      cached = { at: Date.now(), reports: await checkpointReports(pool, store) };
    }
    return cached.reports;
  };
}
