// What both Folio process kinds open alike, the API (main.ts, `npm start`) and the projector
// (projector.ts, `npm run projector`): the database (DATABASE_URL, or an embedded PostgreSQL
// under FOLIO_DATA_DIR), its connection pools, every component's migrations (event store,
// API keys, projection checkpoints), the event store (PostgreSQL, or EventStoreDB when
// EVENTSTORE_URL is set), and the stack of closers that stops what was opened, newest first.
import type pg from "pg";
import type { Logger } from "pino";
import {
  applyMigrations,
  createPool,
  openDatabase,
  openEventStoreDbEventStore,
  openPostgresEventStore,
  type Database,
} from "../event-store/index.js";
import type { EventStore } from "../ledger-core/index.js";
import {
  PROJECTION_MIGRATIONS,
  READ_MODELS,
  type ProjectionFactory,
} from "../projections/index.js";
import {
  ENTRY_INDEX_PROJECTION_NAME,
  entryIndexProjection,
  withEntryIndex,
} from "../projections/entryIndex/index.js";
import type { Config } from "./config.js";
import { API_MIGRATIONS } from "./keys/apiKeyStore.js";

/** Closers run in reverse order of opening; a failing one is logged and the rest still run. */
export class ShutdownStack {
  private readonly steps: (() => Promise<void>)[] = [];

  constructor(private readonly logger: Logger) {}

  push(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  async closeAll(): Promise<void> {
    for (const close of this.steps.splice(0).reverse()) {
      await close().catch((error: unknown) => {
        this.logger.error({ err: error }, "shutdown step failed");
      });
    }
  }
}

export interface FoundationOptions {
  readonly logger: Logger;
  /** Where every closer of what is opened goes. */
  readonly stack: ShutdownStack;
  /** Names this process's connections in pg_stat_activity, e.g. "folio-api". */
  readonly applicationName: string;
  /** Embedded mode: who starts the cluster, for its record and messages. */
  readonly owner: string;
  /** Embedded mode: use the cluster a running Folio process started there, if any. */
  readonly reuseRunning?: boolean;
}

/** The database, the pool that writes (migrations, writers, projections) and the event store. */
export interface Foundation {
  readonly database: Database;
  readonly pool: pg.Pool;
  readonly store: EventStore;
  /**
   * What a projection host of this deployment runs: the read models, plus, when EventStoreDB
   * holds the events, the entry index its entry lookups read (docs/entry-index.md).
   */
  readonly projections: ReadonlyMap<string, ProjectionFactory>;
}

/** Opens the database, a pool on it, applies every migration set, and opens the event store. */
export async function openFoundation(
  config: Config,
  options: FoundationOptions,
): Promise<Foundation> {
  const { logger, stack } = options;
  const database = await openDatabase({
    ...(config.DATABASE_URL === undefined ? {} : { databaseUrl: config.DATABASE_URL }),
    dataDir: config.FOLIO_DATA_DIR,
    owner: options.owner,
    ...(options.reuseRunning === true ? { reuseRunning: true } : {}),
    logger,
  });
  stack.push(() => database.close());
  const pool = openPool(config, database, options, options.applicationName);
  await applyMigrations(pool, logger);
  await applyMigrations(pool, logger, API_MIGRATIONS);
  await applyMigrations(pool, logger, PROJECTION_MIGRATIONS);
  const store = await openStore(config, database.url, logger);
  stack.push(() => store.close());
  if (config.EVENTSTORE_URL === undefined)
    return { database, pool, store, projections: READ_MODELS };
  // EventStoreDB has no index of entry ids: the writers' lookups read the entry index.
  return {
    database,
    pool,
    store: withEntryIndex(store, pool),
    projections: new Map<string, ProjectionFactory>([
      ...READ_MODELS,
      [ENTRY_INDEX_PROJECTION_NAME, entryIndexProjection],
    ]),
  };
}

/** Another pool on the database (closed with the stack); statementTimeoutMs bounds each query. */
export function openPool(
  config: Config,
  database: Database,
  options: Pick<FoundationOptions, "logger" | "stack">,
  applicationName: string,
  statementTimeoutMs?: number,
): pg.Pool {
  const pool = createPool({
    connectionString: database.url,
    logger: options.logger,
    applicationName,
    connectionTimeoutMs: config.FOLIO_DB_CONNECT_TIMEOUT_MS,
    ...(statementTimeoutMs === undefined ? {} : { statementTimeoutMs }),
  });
  options.stack.push(() => pool.end());
  return pool;
}

async function openStore(config: Config, databaseUrl: string, logger: Logger): Promise<EventStore> {
  if (config.EVENTSTORE_URL !== undefined) {
    logger.info("event store: EventStoreDB (EVENTSTORE_URL)");
    return openEventStoreDbEventStore({ connectionString: config.EVENTSTORE_URL, logger });
  }
  return openPostgresEventStore({ connectionString: databaseUrl, logger });
}

/** A graceful stop that takes longer than this ends the process with exit code 1. */
export const SHUTDOWN_TIMEOUT_MS = 30_000;

/**
 * Stops `running` on the first SIGINT or SIGTERM (logging `message`): exit 0 once it closed,
 * 1 if closing failed or took longer than SHUTDOWN_TIMEOUT_MS.
 */
export function closeOnSignals(
  running: { readonly logger: Logger; close(): Promise<void> },
  message: string,
): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    running.logger.info({ signal }, message);
    const timeout = setTimeout(() => {
      running.logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timeout.unref();
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => {
    stop("SIGINT");
  });
  process.once("SIGTERM", () => {
    stop("SIGTERM");
  });
}
