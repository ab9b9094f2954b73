// The main job: start Folio. Opens PostgreSQL (DATABASE_URL, or an embedded server under
// FOLIO_DATA_DIR), applies migrations, opens the event store (PostgreSQL, or EventStoreDB when
// EVENTSTORE_URL is set), makes sure an admin key exists, and serves the API with the hold
// sweeper running. close() stops intake, drains the writers, and stops what it started.
import { pino, type Logger } from "pino";
import {
  applyMigrations,
  createPool,
  createPostgresSnapshotStore,
  openDatabase,
  openEventStoreDbEventStore,
  openPostgresEventStore,
} from "../event-store/index.js";
import { LedgerRegistry, startHoldSweeper, type EventStore } from "../ledger-core/index.js";
import { READ_MODELS, startProjections } from "../projections/index.js";
import { buildApp } from "./app.js";
import type { Config } from "./config.js";
import { API_MIGRATIONS, createPostgresApiKeyStore } from "./keys/apiKeyStore.js";
import { ensureBootstrapKey } from "./keys/bootstrapKey.js";
import { LedgerService } from "./ledgerService.js";
import { ReadModels } from "./readModels.js";
import { loggerOptions } from "./logger.js";
import type { RouteAccessEntry } from "./plugins/auth.js";
import { createMetrics } from "./plugins/metrics.js";
import {
  projectionProblems,
  projectionReadiness,
  runReadinessChecks,
  type ProjectionReadiness,
  type ReadinessReport,
} from "./routes/health.js";

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
  const stack: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const close of stack.splice(0).reverse()) {
      await close().catch((error: unknown) => {
        logger.error({ err: error }, "shutdown step failed");
      });
    }
  };
  try {
    const database = await openDatabase({
      ...(config.DATABASE_URL === undefined ? {} : { databaseUrl: config.DATABASE_URL }),
      dataDir: config.FOLIO_DATA_DIR,
      owner: "the Folio server",
      logger,
    });
    stack.push(() => database.close());
    const pool = createPool({
      connectionString: database.url,
      logger,
      applicationName: "folio-api",
      connectionTimeoutMs: config.FOLIO_DB_CONNECT_TIMEOUT_MS,
    });
    stack.push(() => pool.end());
    // The API's reads (read models, key lookups): every statement bounded.
    const readPool = createPool({
      connectionString: database.url,
      logger,
      applicationName: "folio-api-read",
      connectionTimeoutMs: config.FOLIO_DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: config.FOLIO_READ_STATEMENT_TIMEOUT_MS,
    });
    stack.push(() => readPool.end());
    await applyMigrations(pool, logger);
    await applyMigrations(pool, logger, API_MIGRATIONS);

    const store = await openStore(config, database.url, logger);
    stack.push(() => store.close());
    const keyStore = createPostgresApiKeyStore(readPool);
    await ensureBootstrapKey(keyStore, {
      adminKey: config.FOLIO_ADMIN_KEY,
      logger,
      announce: options.announceKey ?? (() => undefined),
    });

    const metrics = createMetrics();
    const registry = new LedgerRegistry({
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
    const projections = await startProjections({ pool, store, logger, projections: READ_MODELS });
    stack.push(() => projections.stop());
    const projectionReadinessNow = async (): Promise<ProjectionReadiness[]> =>
      (await projections.report()).map(projectionReadiness);
    metrics.setProjectionSource(projectionReadinessNow);
    const readModels = new ReadModels(readPool);
    const lagLimits = {
      maxLagSeconds: config.FOLIO_READY_MAX_LAG_SECONDS,
      maxLagEvents: config.FOLIO_READY_MAX_LAG_EVENTS,
    };
    const readiness = async (): Promise<ReadinessReport> => {
      let read: ProjectionReadiness[] = [];
      const report = await runReadinessChecks({
        database: async () => {
          await pool.query("SELECT 1");
        },
        writers: async () => {
          await registry.openWriters();
        },
        projections: async () => {
          read = await projectionReadinessNow();
          const problems = projectionProblems(read, lagLimits);
          if (problems.length > 0) throw new Error(problems.join("; "));
        },
      });
      return { ...report, projections: read };
    };
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
    });
    stack.push(() => app.close());
    const stopSweeper = startHoldSweeper({ registry, logger });
    stack.push(stopSweeper);
    const address = await app.listen({ port: config.PORT, host: config.HOST });
    logger.info({ url: address, embeddedDatabase: database.embedded }, "Folio is serving");
    return { url: address, logger, routes: app.routeAccess, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function openStore(config: Config, databaseUrl: string, logger: Logger): Promise<EventStore> {
  if (config.EVENTSTORE_URL !== undefined) {
    logger.info("event store: EventStoreDB (EVENTSTORE_URL)");
    return openEventStoreDbEventStore({ connectionString: config.EVENTSTORE_URL, logger });
  }
  return openPostgresEventStore({ connectionString: databaseUrl, logger });
}
