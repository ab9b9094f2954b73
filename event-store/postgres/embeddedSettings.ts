// The server settings of the embedded PostgreSQL (database.ts starts it with them as `-c`
// flags, which outrank postgresql.conf and ALTER SYSTEM), and where its Unix socket lives.
// Durability is never traded: fsync, synchronous_commit and full_page_writes are passed on
// explicitly so that no configuration file can turn them off under Folio, whose writers answer
// a command only once its events are durable. The rest is sized for a write-heavy,
// append-only load on the same machine as the Folio process (the table and the measured
// effect: docs/operations.md, "PostgreSQL settings"). Folio connects through the socket;
// loopback TCP stays open for the CLI and other tools.
import { mkdtemp, readFile } from "node:fs/promises";
import { totalmem } from "node:os";
import path from "node:path";
import pg from "pg";
import { RECORDED_CLUSTER_CONNECT_TIMEOUT_MS } from "./clusterRecord.js";

const MIB = 1024 * 1024;

/** shared_buffers is this share of the machine's memory... */
export const SHARED_BUFFERS_MEMORY_DIVISOR = 8;
/** ...never below PostgreSQL's own default... */
export const SHARED_BUFFERS_MIN_BYTES = 128 * MIB;
/** ...and never above this: the cluster shares the machine with Folio and the OS page cache. */
export const SHARED_BUFFERS_MAX_BYTES = 2048 * MIB;
/** effective_cache_size (a planner hint, nothing is allocated): half of the memory. */
export const EFFECTIVE_CACHE_MEMORY_DIVISOR = 2;
/**
 * WAL buffered before it must be written: one WAL segment, the ceiling of PostgreSQL's own
 * automatic value (1/32 of shared_buffers, 4 MB at 128 MB), so that a large group commit is
 * not written out while it is being inserted (wal_buffers_full: 16 per bench:append run with
 * 4 MB, 0 with 16 MB).
 */
export const WAL_BUFFERS = "16MB";
/**
 * WAL between checkpoints: a checkpoint starts after about max_wal_size / (1 +
 * checkpoint_completion_target) of WAL, and the first change to each page after it writes the
 * whole 8 kB page into the WAL again. PostgreSQL's 1 GB requested 2 checkpoints in each
 * 50-second run of bench:append (about 1.4 GB of WAL), 2 GB one. Not more: crash recovery
 * replays up to about this much WAL (more when checkpoints fall behind) inside
 * EMBEDDED_START_TIMEOUT_MS (60 s); 2.2 GB took 10.8 s on the 2-vCPU reference machine
 * (12.5 s to ready), and a loaded machine is slower.
 */
export const MAX_WAL_SIZE = "2GB";
/** WAL segments kept for reuse instead of being created (and zero-filled) under load. */
export const MIN_WAL_SIZE = "512MB";
/** A time-driven checkpoint at most this often (PostgreSQL: 5 min); WAL volume drives the rest. */
export const CHECKPOINT_TIMEOUT = "15min";
/** Spread a checkpoint's writes over 90 % of the interval (PostgreSQL's default since 14). */
export const CHECKPOINT_COMPLETION_TARGET = "0.9";

/** What Folio's acknowledgements rest on: passed on explicitly, never weakened. */
export const DURABILITY_SETTINGS: Readonly<Record<string, string>> = {
  fsync: "on",
  synchronous_commit: "on",
  full_page_writes: "on",
};

/**
 * The longest Unix socket path the kernel takes (sun_path is 108 bytes with its terminating
 * NUL); PostgreSQL refuses to start on a longer one.
 */
export const UNIX_SOCKET_PATH_MAX_BYTES = 107;
/** "/.s.PGSQL.65535": what PostgreSQL appends to the socket directory, at the longest port. */
const SOCKET_FILE_MAX_BYTES = "/.s.PGSQL.65535".length;
/** Prefix of the per-cluster socket directory under os.tmpdir() when the data dir is too long. */
export const SOCKET_TMP_PREFIX = "folio-pg-";

/** The memory PostgreSQL's share is computed from: the machine's, or the cgroup limit if lower. */
export function availableMemoryBytes(): number {
  const total = totalmem();
  // Node 20 types say number; older 20.x releases answer undefined when there is no limit.
  const constrained = process.constrainedMemory() as number | undefined;
  return constrained !== undefined && constrained > 0 && constrained < total ? constrained : total;
}

/** Bytes as a PostgreSQL memory setting, in whole MB (the unit these settings take). */
function megabytes(bytes: number): string {
  return `${Math.max(1, Math.floor(bytes / MIB))}MB`;
}

/** shared_buffers for a machine with `memoryBytes`: 1/8 of it within [128 MiB, 2 GiB]. */
export function sharedBuffersBytes(memoryBytes: number): number {
  const share = Math.floor(memoryBytes / SHARED_BUFFERS_MEMORY_DIVISOR);
  return Math.min(SHARED_BUFFERS_MAX_BYTES, Math.max(SHARED_BUFFERS_MIN_BYTES, share));
}

/** "tuned": Folio's settings; "stock": PostgreSQL's defaults (benchmarks compare the two). */
export type EmbeddedTuning = "tuned" | "stock";

/** The settings the embedded server is started with (durability ones in both cases). */
export function embeddedServerSettings(
  tuning: EmbeddedTuning,
  memoryBytes: number = availableMemoryBytes(),
): Readonly<Record<string, string>> {
  if (tuning === "stock") return DURABILITY_SETTINGS;
  return {
    shared_buffers: megabytes(sharedBuffersBytes(memoryBytes)),
    effective_cache_size: megabytes(memoryBytes / EFFECTIVE_CACHE_MEMORY_DIVISOR),
    wal_buffers: WAL_BUFFERS,
    max_wal_size: MAX_WAL_SIZE,
    min_wal_size: MIN_WAL_SIZE,
    checkpoint_timeout: CHECKPOINT_TIMEOUT,
    checkpoint_completion_target: CHECKPOINT_COMPLETION_TARGET,
    ...DURABILITY_SETTINGS,
  };
}

/** `-c name=value` flags for the postgres command line. */
export function settingFlags(settings: Readonly<Record<string, string>>): string[] {
  return Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
}

/** The postgres command line's settings: TCP on `host`, the socket if any, the tuning. */
export function serverFlags(
  host: string,
  socket: SocketDirectory | null,
  tuning: EmbeddedTuning,
): string[] {
  // A quoted entry of the list, so that a comma or a space in the path is no separator.
  const socketDirectories = socket === null ? "" : `"${socket.path.replaceAll('"', '""')}"`;
  return [
    "-c",
    `listen_addresses=${host}`,
    "-c",
    `unix_socket_directories=${socketDirectories}`,
    ...settingFlags(embeddedServerSettings(tuning)),
  ];
}

/** Whether a socket in `directory` fits the kernel's path limit at every port. */
export function socketDirectoryFits(directory: string): boolean {
  return Buffer.byteLength(directory) + SOCKET_FILE_MAX_BYTES <= UNIX_SOCKET_PATH_MAX_BYTES;
}

export interface SocketDirectory {
  readonly path: string;
  /** Made for this start (under os.tmpdir()): to be removed when the cluster stops. */
  readonly temporary: boolean;
}

/**
 * Where the server puts its socket: the cluster directory itself when the path fits (it is
 * mode 0700 and owned by the server's user, so only that user, and root, can connect through
 * it; it stays where the data is), else a fresh directory under os.tmpdir() (mkdtemp: mode
 * 0700, a name nobody could have prepared). Null when even that is too long: TCP only.
 */
export async function chooseSocketDirectory(
  clusterDir: string,
  tmpDir: string,
): Promise<SocketDirectory | null> {
  if (socketDirectoryFits(clusterDir)) return { path: clusterDir, temporary: false };
  // mkdtemp appends six characters to the prefix.
  if (!socketDirectoryFits(path.join(tmpDir, `${SOCKET_TMP_PREFIX}XXXXXX`))) return null;
  return { path: await mkdtemp(path.join(tmpDir, SOCKET_TMP_PREFIX)), temporary: true };
}

/** A pg connection URL through the socket in `directory` (pg reads a %2F-encoded host so). */
export function socketUrl(
  directory: string,
  port: number,
  user: string,
  password: string,
  database: string,
): string {
  const host = encodeURIComponent(directory);
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`;
}

/** The socket directory a running server named in its lock file (line 5), or null. */
export async function readSocketDirectory(clusterDir: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(path.join(clusterDir, "postmaster.pid"), "utf8");
  } catch {
    return null;
  }
  const directory = text.split("\n")[4]?.trim() ?? "";
  return directory === "" ? null : directory;
}

/**
 * The URL to use for a running cluster found through its record: `tcpUrl` through the socket
 * its lock file names when a connection through it succeeds (it may not: a server started by
 * root keeps its socket where only its own user and root may go), else `tcpUrl` itself.
 */
export async function preferSocket(tcpUrl: string, clusterDir: string): Promise<string> {
  const directory = await readSocketDirectory(clusterDir);
  if (directory === null) return tcpUrl;
  const parsed = new URL(tcpUrl);
  const viaSocket = socketUrl(
    directory,
    Number(parsed.port),
    decodeURIComponent(parsed.username),
    decodeURIComponent(parsed.password),
    decodeURIComponent(parsed.pathname.slice(1)),
  );
  const client = new pg.Client({
    connectionString: viaSocket,
    connectionTimeoutMillis: RECORDED_CLUSTER_CONNECT_TIMEOUT_MS,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return viaSocket;
  } catch {
    return tcpUrl;
  } finally {
    await client.end().catch(() => undefined);
  }
}
