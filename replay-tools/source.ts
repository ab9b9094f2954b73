// Where the CLI reads from: the event store behind DATABASE_URL (PostgreSQL) or EVENTSTORE_URL
// (EventStoreDB), and the PostgreSQL pool of the read models. Every connection is probed first,
// so an unreachable store is reported as one clear StoreUnreachable (exit 3), never a stack.
import pg from "pg";
import pino, { type Logger } from "pino";
import {
  createPool,
  openEventStoreDbEventStore,
  openPostgresEventStore,
} from "../event-store/index.js";
import { ledgerStreamId, type EventStore } from "../ledger-core/index.js";
import { UsageError } from "./errors.js";
import { StoreUnreachable } from "./errors.js";

/** How long a probe waits for PostgreSQL to accept a connection. */
export const CONNECT_TIMEOUT_MS = 10_000;

export interface SourceOptions {
  readonly databaseUrl?: string;
  readonly eventstoreUrl?: string;
}

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

/** The URLs from the options, falling back to the environment. */
export function resolveUrls(options: SourceOptions): SourceOptions {
  const databaseUrl = options.databaseUrl ?? nonEmpty(process.env.DATABASE_URL);
  const eventstoreUrl = options.eventstoreUrl ?? nonEmpty(process.env.EVENTSTORE_URL);
  return {
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(eventstoreUrl === undefined ? {} : { eventstoreUrl }),
  };
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
  const url = urls.databaseUrl;
  if (url === undefined) {
    throw new UsageError(
      "no event store: set DATABASE_URL or EVENTSTORE_URL, or pass --database-url or --eventstore-url",
    );
  }
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

/** The pool of the read models (PostgreSQL only): needs DATABASE_URL whatever the store. */
export async function openReadModelPool(
  options: SourceOptions,
  logger: Logger,
  purpose: string,
): Promise<pg.Pool> {
  const url = resolveUrls(options).databaseUrl;
  if (url === undefined) {
    throw new UsageError(
      `${purpose} needs the read models' database: set DATABASE_URL or pass --database-url`,
    );
  }
  await probePostgres(url);
  return createPool({ connectionString: url, logger, max: 4, applicationName: "folio-cli" });
}
