// Where the CLI reads from: the event store behind DATABASE_URL (PostgreSQL) or EVENTSTORE_URL
// (EventStoreDB), and the PostgreSQL pool of the read models. Without a PostgreSQL URL it is the
// embedded cluster under the data directory (--data-dir, FOLIO_DATA_DIR, default ./.folio):
// the running server's, reached through the record the server keeps there, or, when no server
// runs, the cluster started by the CLI for the run and stopped by closeSources(). Every
// connection is probed first, so an unreachable store is one clear StoreUnreachable (exit 3).
import path from "node:path";
import pg from "pg";
import pino, { type Logger } from "pino";
import {
  createPool,
  DEFAULT_DATA_DIR,
  openDatabase,
  openEventStoreDbEventStore,
  openPostgresEventStore,
  type Database,
} from "../event-store/index.js";
import { ledgerStreamId, type EventStore } from "../ledger-core/index.js";
import { StoreUnreachable } from "./errors.js";

/** How long a probe waits for PostgreSQL to accept a connection. */
export const CONNECT_TIMEOUT_MS = 10_000;

export interface SourceOptions {
  readonly databaseUrl?: string;
  readonly eventstoreUrl?: string;
  /** The embedded cluster's data directory, when there is no PostgreSQL URL. */
  readonly dataDir?: string;
}

/** The embedded cluster of this run, opened on first use (one per process). */
let embedded: { readonly dataDir: string; readonly database: Promise<Database> } | undefined;

/** Logs of the libraries below (writer, runner, pool) go to stderr, errors only. */
export function cliLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? "error" }, pino.destination(2));
}

/** A URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(describeError).join("; ");
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message === "" ? error.name : error.message;
    return typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(error);
}

/** Connects once with a timeout and runs SELECT 1: throws StoreUnreachable on any failure. */
export async function probePostgres(url: string): Promise<void> {
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  } catch (error) {
    throw new StoreUnreachable(
      `cannot use DATABASE_URL ${redactUrl(url)}: ${describeError(error)}`,
    );
  }
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new StoreUnreachable(
      `cannot reach the database at ${redactUrl(url)}: ${describeError(error)}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URLs from the options, falling back to the environment (and the data directory option). */
export function resolveUrls(options: SourceOptions): SourceOptions {
  const databaseUrl = options.databaseUrl ?? nonEmpty(process.env.DATABASE_URL);
  const eventstoreUrl = options.eventstoreUrl ?? nonEmpty(process.env.EVENTSTORE_URL);
  return {
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(eventstoreUrl === undefined ? {} : { eventstoreUrl }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  };
}

/** The data directory of the embedded cluster, absolute. */
export function dataDirOf(options: SourceOptions): string {
  return path.resolve(options.dataDir ?? nonEmpty(process.env.FOLIO_DATA_DIR) ?? DEFAULT_DATA_DIR);
}

/**
 * PostgreSQL's URL: the given one, else the embedded cluster's (the running server's, or one
 * started for this run). A data directory without a cluster is StoreUnreachable (exit 3).
 */
export async function postgresUrl(options: SourceOptions, logger: Logger): Promise<string> {
  const url = resolveUrls(options).databaseUrl;
  if (url !== undefined) return url;
  const dataDir = dataDirOf(options);
  embedded ??= { dataDir, database: openEmbedded(dataDir, logger) };
  return (await embedded.database).url;
}

async function openEmbedded(dataDir: string, logger: Logger): Promise<Database> {
  try {
    return await openDatabase({
      dataDir,
      logger,
      owner: "the folio CLI",
      reuseRunning: true,
      mustExist: true,
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    throw new StoreUnreachable(
      `cannot open the embedded database (no DATABASE_URL): ${message}${typeof code === "string" ? ` [${code}]` : ""}`,
    );
  }
}

/** The PostgreSQL URL this run uses, when known (for messages). */
export async function knownPostgresUrl(options: SourceOptions): Promise<string | undefined> {
  const url = resolveUrls(options).databaseUrl;
  if (url !== undefined || embedded === undefined) return url;
  return embedded.database.then(
    (database) => database.url,
    () => undefined,
  );
}

/** Stops the embedded cluster this run started, if it started one. */
export async function closeSources(): Promise<void> {
  const opened = embedded;
  embedded = undefined;
  const database = await opened?.database.catch(() => undefined);
  await database?.close();
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

export interface OpenedStore {
  readonly store: EventStore;
  /** "postgres" or "eventstoredb", for messages. */
  readonly kind: "postgres" | "eventstoredb";
  readonly url: string;
}

/**
 * Opens the event store: EventStoreDB when an EventStoreDB URL is given, else PostgreSQL.
 * Probes it (a read of one event) so that an unreachable store fails here, with exit 3.
 */
export async function openStore(options: SourceOptions, logger: Logger): Promise<OpenedStore> {
  const urls = resolveUrls(options);
  if (urls.eventstoreUrl !== undefined) {
    const url = urls.eventstoreUrl;
    let store: EventStore;
    try {
      store = await openEventStoreDbEventStore({ connectionString: url, logger });
    } catch (error) {
      throw new StoreUnreachable(
        `cannot use EVENTSTORE_URL ${redactUrl(url)}: ${describeError(error)}`,
      );
    }
    try {
      await store.readStream(ledgerStreamId("folio-probe"), {
        fromRevision: "end",
        direction: "backwards",
        maxCount: 1,
      });
    } catch (error) {
      await store.close().catch(() => undefined);
      throw new StoreUnreachable(
        `cannot reach EventStoreDB at ${redactUrl(url)}: ${describeError(error)}`,
      );
    }
    return { store, kind: "eventstoredb", url };
  }
  const url = await postgresUrl(options, logger);
  await probePostgres(url);
  try {
    const store = await openPostgresEventStore({ connectionString: url, logger, poolSize: 2 });
    return { store, kind: "postgres", url };
  } catch (error) {
    throw new StoreUnreachable(
      `cannot open the event store at ${redactUrl(url)}: ${describeError(error)}`,
    );
  }
}

/** The pool of the read models (PostgreSQL, embedded without a URL), whatever the event store. */
export async function openReadModelPool(
  options: SourceOptions,
  logger: Logger,
  purpose: string,
): Promise<pg.Pool> {
  const url = await postgresUrl(options, logger);
  await probePostgres(url);
  const applicationName = `folio-cli ${purpose}`.slice(0, 63);
  return createPool({ connectionString: url, logger, max: 4, applicationName });
}
