// Test helper: a private JetStream nats-server (the binary at /usr/sbin/nats-server, or
// NATS_SERVER_BIN) on a free port with its own store directory, as a child process, so
// outage tests can kill and restart it without touching the shared NATS at 4222.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const DEFAULT_NATS_SERVER_BIN = "/usr/sbin/nats-server";
const READY_TIMEOUT_MS = 15_000;

export interface PrivateNatsServer {
  /** nats://127.0.0.1:<port>; stays the same across restart(). */
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** True while a server process is running. */
  running(): boolean;
  /** Stops the server gracefully (SIGTERM), waits for exit and removes the store directory. */
  stop(): Promise<void>;
  /** Kills the server with SIGKILL (an outage); the store directory is kept for restart(). */
  kill(): Promise<void>;
  /** Starts the server again on the same port and store directory and waits until ready. */
  restart(): Promise<void>;
}

export interface PrivateNatsServerOptions {
  readonly binary?: string;
  /** Extra command-line arguments for nats-server. */
  readonly args?: readonly string[];
}

/** A free TCP port on 127.0.0.1 (taken from the OS, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => {
      resolve();
    });
  });
}

function waitForReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      fail(new Error(`nats-server on port ${port} not ready in ${READY_TIMEOUT_MS} ms: ${output}`));
    }, READY_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      if (output.includes("Server is ready")) finish();
    };
    const onExit = (code: number | null): void => {
      fail(new Error(`nats-server on port ${port} exited (${code}) before ready: ${output}`));
    };
    function cleanup(): void {
      clearTimeout(timer);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
    }
    function finish(): void {
      cleanup();
      resolve();
    }
    function fail(error: Error): void {
      cleanup();
      reject(error);
    }
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });
}

async function launch(
  binary: string,
  port: number,
  storeDir: string,
  args: readonly string[],
): Promise<ChildProcess> {
  const child = spawn(
    binary,
    ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir, ...args],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  try {
    await waitForReady(child, port);
  } catch (error) {
    child.kill("SIGKILL");
    await waitForExit(child);
    throw error;
  }
  // Keep draining stderr so the child never blocks on a full pipe.
  child.stderr.resume();
  return child;
}

/** Starts a private JetStream nats-server on a free port; call stop() when done. */
export async function startPrivateNatsServer(
  options: PrivateNatsServerOptions = {},
): Promise<PrivateNatsServer> {
  const binary = options.binary ?? process.env.NATS_SERVER_BIN ?? DEFAULT_NATS_SERVER_BIN;
  const args = options.args ?? [];
  const storeDir = await mkdtemp(join(tmpdir(), "folio-nats-"));
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(binary, port, storeDir, args);

  async function halt(signal: NodeJS.Signals): Promise<void> {
    const current = child;
    child = undefined;
    if (current === undefined) return;
    current.kill(signal);
    await waitForExit(current);
  }

  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    running: () => child !== undefined,
    kill: () => halt("SIGKILL"),
    async stop() {
      await halt("SIGTERM");
      await rm(storeDir, { recursive: true, force: true });
    },
    async restart() {
      await halt("SIGTERM");
      child = await launch(binary, port, storeDir, args);
    },
  };
}
