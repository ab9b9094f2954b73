// Folio processes of a test cluster as real child processes (clusterProcess.ts), for
// api/clusterKill.spec.ts and benchmarks/cluster.bench.ts: spawned with the settings of
// clusterTestKit.ts (one database, one NATS subject prefix and stream, one admin key), each
// answering over real HTTP; killable with SIGKILL (a dead owner) or stopped with SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { requestJson, type JsonReply } from "../../testing/testFolio.js";
import type { ClusterSettings } from "./clusterTestKit.js";

/** The line a process prints once it listens: `url http://127.0.0.1:<port>`. */
export const URL_LINE_PREFIX = "url ";
/** A process must print its URL within this (tsx compiles Folio at start: seconds). */
export const PROCESS_START_MS = 45_000;
/** A process stopped with SIGTERM must exit within this, else it is SIGKILLed. */
export const PROCESS_STOP_MS = 10_000;
/** `items[index]`, or an error naming `what` when there is none. */
export function nth<T>(items: readonly T[], index: number, what = "item"): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no ${what} at ${index}`);
  return item;
}

/** Stderr lines kept per process for the failure message. */
const MAX_STDERR_LINES = 40;

const here = path.dirname(fileURLToPath(import.meta.url));
const repositoryRoot = path.resolve(here, "../../..");
const entryScript = path.join(here, "clusterProcess.ts");

export interface ClusterProcess {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** Whether the process is still running (not killed, not exited). */
  alive(): boolean;
  /** fetch with the cluster's admin key, JSON in and out. */
  request(method: string, path: string, body?: unknown): Promise<JsonReply>;
  /** SIGKILL: the process dies at once, its sockets closed by the kernel. */
  kill(): void;
  /** SIGTERM and wait for the exit (SIGKILL after PROCESS_STOP_MS). */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => {
      resolve();
    });
  });
}

/**
 * Spawns one Folio process of the cluster `settings` describe (PORT=0, no console, silent
 * logs unless LOG_LEVEL is set) with `env` on top, and waits for its URL.
 */
export async function spawnClusterProcess(
  name: string,
  settings: ClusterSettings,
  env: Readonly<Record<string, string>> = {},
): Promise<ClusterProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", entryScript], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      PORT: "0",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
      DATABASE_URL: settings.databaseUrl,
      FOLIO_ADMIN_KEY: settings.adminKey,
      FOLIO_CONSOLE: "off",
      ...settings.env,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on("line", (line) => {
    stderr.push(line);
    if (stderr.length > MAX_STDERR_LINES) stderr.shift();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name} did not start in ${PROCESS_START_MS} ms: ${stderr.join("\n")}`));
    }, PROCESS_START_MS);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) at start: ${stderr.join("\n")}`));
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (!line.startsWith(URL_LINE_PREFIX)) return;
      clearTimeout(timer);
      resolve(line.slice(URL_LINE_PREFIX.length).trim());
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null && !child.killed;
  return {
    name,
    url,
    child,
    alive,
    request: (method, route, body) => requestJson(url, method, route, body, settings.adminKey),
    kill: () => {
      if (alive()) child.kill("SIGKILL");
    },
    stop: async () => {
      if (!alive()) return exited(child);
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), PROCESS_STOP_MS);
      await exited(child);
      clearTimeout(timer);
    },
  };
}
