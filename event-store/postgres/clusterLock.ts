// Who holds an embedded cluster, and what to do about it before starting it. PostgreSQL keeps
// a lock file (postmaster.pid) in a running cluster's directory. A Folio process killed with
// -9 leaves its embedded PostgreSQL running as an orphan that holds that lock and blocks every
// later start; this file tells the cases apart and acts: no lock, a stale lock of a dead
// server (PostgreSQL replaces it itself; a zombie's is removed once nothing uses its shared
// memory), a server still used by a live Folio process (refused), this directory's server
// orphaned by a Folio process that died (stopped with a fast shutdown, waited for, bounded),
// and a pid that is something else (refused). Process facts come from /proc on Linux, `ps`
// elsewhere.
import { execFile } from "node:child_process";
import { readFile, unlink } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { DatabaseError } from "../errors.js";
import type { ClusterRecord } from "./clusterRecord.js";

/** How long an orphaned server gets for a fast shutdown (SIGINT) before an immediate one. */
export const ORPHAN_FAST_STOP_TIMEOUT_MS = 30_000;
/** How long an orphaned server gets for an immediate shutdown (SIGQUIT) before Folio gives up. */
export const ORPHAN_IMMEDIATE_STOP_TIMEOUT_MS = 10_000;
/** How long a dead server's processes get to let go of its shared memory. */
export const STALE_SHARED_MEMORY_TIMEOUT_MS = 10_000;
/** How often a wait above looks again. */
const POLL_MS = 100;
const LOCK_FILE = "postmaster.pid";

/** The lines of postmaster.pid that matter here (PostgreSQL's pidfile.h). */
export interface PostmasterLock {
  readonly pid: number;
  /** The data directory the server was started on (line 2). */
  readonly dataDir: string;
  /** The System V shared memory id (line 7, second field), when there is one. */
  readonly shmid: number | null;
}

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** Exited but not reaped by its parent: it holds nothing, yet `kill -0` still finds it. */
  readonly zombie: boolean;
  /** Its command line (empty for a zombie). */
  readonly args: readonly string[];
}

export type LockState =
  | { readonly kind: "none" }
  | { readonly kind: "stale"; readonly lock: PostmasterLock; readonly zombie: boolean }
  | { readonly kind: "in_use"; readonly lock: PostmasterLock; readonly owner: string }
  | { readonly kind: "orphan"; readonly lock: PostmasterLock; readonly parentPid: number }
  | { readonly kind: "foreign"; readonly lock: PostmasterLock; readonly what: string };

export async function readPostmasterLock(clusterDir: string): Promise<PostmasterLock | null> {
  let text: string;
  try {
    text = await readFile(path.join(clusterDir, LOCK_FILE), "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return null;
    throw error;
  }
  const lines = text.split("\n");
  const pid = Number(lines[0]?.trim());
  // An empty or torn file (a crash while PostgreSQL wrote it): PostgreSQL explains it itself.
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  const shmid = Number(lines[6]?.trim().split(/\s+/)[1]);
  return {
    pid,
    dataDir: lines[1]?.trim() ?? "",
    shmid: Number.isSafeInteger(shmid) && shmid >= 0 ? shmid : null,
  };
}

/** What the system says about `pid`, or null when there is no such process. */
export async function processInfo(pid: number): Promise<ProcessInfo | null> {
  return process.platform === "linux" ? procInfo(pid) : psInfo(pid);
}

async function procInfo(pid: number): Promise<ProcessInfo | null> {
  let stat: string;
  let cmdline: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, "utf8");
    cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return null;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
  const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    pid,
    ppid: Number(ppid),
    zombie: state === "Z",
    args: cmdline.split("\0").filter((arg) => arg !== ""),
  };
}

function psInfo(pid: number): Promise<ProcessInfo | null> {
  return new Promise((resolve) => {
    execFile("ps", ["-o", "ppid=,stat=,args=", "-p", String(pid)], (error, stdout) => {
      const match = /^\s*(\d+)\s+(\S+)\s*(.*)$/.exec(stdout.trim());
      if (error !== null || match === null) {
        resolve(null);
        return;
      }
      const [, ppid = "0", state = "", args = ""] = match;
      resolve({ pid, ppid: Number(ppid), zombie: state.startsWith("Z"), args: args.split(" ") });
    });
  });
}

/** Whether `info` is the postmaster of `clusterDir`: the postgres binary started with -D on it. */
function isPostmasterOf(info: ProcessInfo, lock: PostmasterLock, clusterDir: string): boolean {
  const flag = info.args.indexOf("-D");
  const dir = flag < 0 ? undefined : info.args[flag + 1];
  return (
    path.basename(info.args[0] ?? "") === "postgres" &&
    dir !== undefined &&
    path.resolve(dir) === clusterDir &&
    path.resolve(lock.dataDir) === clusterDir
  );
}

function describeProcess(info: ProcessInfo): string {
  const text = info.args.join(" ");
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/**
 * Who holds `clusterDir`. `record` is the connection record of the last start there: the
 * server is still owned when its postmaster's parent is the recorded owner (a live Folio
 * process); a postmaster whose parent is someone else was orphaned. Without a record, a
 * postmaster whose parent is a node process (not pid 1) counts as owned.
 */
export async function inspectLock(
  clusterDir: string,
  record: ClusterRecord | null,
): Promise<LockState> {
  const lock = await readPostmasterLock(clusterDir);
  if (lock === null) return { kind: "none" };
  const info = await processInfo(lock.pid);
  if (info === null || info.zombie) return { kind: "stale", lock, zombie: info !== null };
  if (!isPostmasterOf(info, lock, clusterDir)) {
    return { kind: "foreign", lock, what: describeProcess(info) };
  }
  const parent = info.ppid > 1 ? await processInfo(info.ppid) : null;
  const recorded = record?.postmasterPid === lock.pid ? record : null;
  if (parent !== null && !parent.zombie) {
    if (recorded !== null && recorded.ownerPid === parent.pid) {
      return { kind: "in_use", lock, owner: `${recorded.owner} (pid ${parent.pid})` };
    }
    if (recorded === null && /(^|\/)node[^/]*$/.test(parent.args[0] ?? "")) {
      return { kind: "in_use", lock, owner: `process ${parent.pid} (${describeProcess(parent)})` };
    }
  }
  return { kind: "orphan", lock, parentPid: info.ppid };
}

/**
 * Makes `clusterDir` startable or throws `data_dir_in_use`: an orphaned server is stopped, a
 * zombie's lock removed; a live owner or a foreign pid is refused with what holds it.
 */
export async function clearLeftoverServer(
  clusterDir: string,
  record: ClusterRecord | null,
  logger: Logger,
): Promise<void> {
  const state = await inspectLock(clusterDir, record);
  switch (state.kind) {
    case "none":
      return;
    case "stale":
      await clearStaleLock(clusterDir, state.lock, state.zombie, logger);
      return;
    case "orphan":
      await stopOrphan(clusterDir, state.lock.pid, logger);
      return;
    case "in_use":
      throw new DatabaseError(
        "data_dir_in_use",
        `${clusterDir} is in use by the embedded PostgreSQL (pid ${state.lock.pid}) of ${state.owner}, which is still running: stop it first, or point this process at another FOLIO_DATA_DIR`,
      );
    case "foreign":
      throw new DatabaseError(
        "data_dir_in_use",
        `${path.join(clusterDir, LOCK_FILE)} names pid ${state.lock.pid} (data directory ${state.lock.dataDir}), which is not this directory's PostgreSQL but: ${state.what}. If no PostgreSQL runs on ${clusterDir}, remove that file and start again`,
      );
  }
}

/**
 * A lock whose server is dead. PostgreSQL replaces it itself when the pid is gone; a zombie
 * (exited, not reaped: some containers' init never reaps) still looks alive to PostgreSQL, so
 * its lock is removed here, once no process is attached to the dead server's shared memory.
 */
async function clearStaleLock(
  clusterDir: string,
  lock: PostmasterLock,
  zombie: boolean,
  logger: Logger,
): Promise<void> {
  if (!zombie) {
    logger.warn(
      { clusterDir, postmasterPid: lock.pid },
      "embedded PostgreSQL: stale postmaster.pid of a server that is gone; PostgreSQL replaces it",
    );
    return;
  }
  if (!(await waitUntil(() => sharedMemoryReleased(lock.shmid), STALE_SHARED_MEMORY_TIMEOUT_MS))) {
    throw new DatabaseError(
      "data_dir_in_use",
      `the dead embedded PostgreSQL (pid ${lock.pid}) of ${clusterDir} left processes attached to its shared memory (id ${lock.shmid}) for ${STALE_SHARED_MEMORY_TIMEOUT_MS} ms: stop them and start again`,
    );
  }
  await unlink(path.join(clusterDir, LOCK_FILE)).catch(() => undefined);
  logger.warn(
    { clusterDir, postmasterPid: lock.pid },
    "embedded PostgreSQL: removed the postmaster.pid of a dead server (an unreaped zombie)",
  );
}

/** True when no process is attached to the System V segment `shmid` (Linux; else unknown: false). */
async function sharedMemoryReleased(shmid: number | null): Promise<boolean> {
  if (shmid === null) return true;
  let table: string;
  try {
    table = await readFile("/proc/sysvipc/shm", "utf8");
  } catch {
    return false;
  }
  // Columns: key shmid perms size cpid lpid nattch ...
  const row = table
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => Number(fields[1]) === shmid);
  return row === undefined || Number(row[6]) === 0;
}

/**
 * Stops this directory's postmaster that a dead Folio process left running: a fast shutdown
 * (SIGINT: sessions end, a checkpoint, a clean exit; what pg_ctl stop -m fast sends), then,
 * if it is still there, an immediate one (SIGQUIT: crash-safe, recovery at the next start).
 */
async function stopOrphan(clusterDir: string, pid: number, logger: Logger): Promise<void> {
  logger.warn(
    { clusterDir, postmasterPid: pid },
    "embedded PostgreSQL left running by a Folio process that is gone: stopping it (fast shutdown) before starting",
  );
  const begun = performance.now();
  const gone = (): Promise<boolean> => processGone(pid);
  signal(pid, "SIGINT");
  if (!(await waitUntil(gone, ORPHAN_FAST_STOP_TIMEOUT_MS))) {
    logger.error(
      { clusterDir, postmasterPid: pid, timeoutMs: ORPHAN_FAST_STOP_TIMEOUT_MS },
      "embedded PostgreSQL left running did not stop after a fast shutdown: immediate shutdown",
    );
    signal(pid, "SIGQUIT");
    if (!(await waitUntil(gone, ORPHAN_IMMEDIATE_STOP_TIMEOUT_MS))) {
      throw new DatabaseError(
        "data_dir_in_use",
        `the embedded PostgreSQL left running on ${clusterDir} (pid ${pid}) did not stop: stop it by hand and start again`,
      );
    }
  }
  logger.warn(
    { clusterDir, postmasterPid: pid, ms: Math.round(performance.now() - begun) },
    "embedded PostgreSQL left running was stopped; starting",
  );
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    // ESRCH: it went away by itself, which is what was wanted.
    if ((error as { code?: unknown }).code !== "ESRCH") throw error;
  }
}

async function processGone(pid: number): Promise<boolean> {
  const info = await processInfo(pid);
  return info === null || info.zombie;
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await condition()) return true;
    await sleep(POLL_MS);
  }
  return condition();
}
