// `npm start` as the README runs it, as a real child process on a fresh data directory with the
// embedded PostgreSQL: it serves, prints a new admin key once, stops cleanly on SIGTERM
// (leaving no postgres behind), and on a restart keeps its data and prints no new key.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const POLL_MS = 100;

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything the process printed to stdout so far (grows while it runs). */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<number | string | null>;
}

let dataDir: string;
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => {
        if (port > 0) resolve(port);
        else reject(new Error("no port"));
      });
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every POLL_MS until it holds or `timeoutMs` passes; returns whether it held. */
async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(POLL_MS);
  }
  return condition();
}

/** Whether any process of the group led by `pid` is still alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of processes whose command line mentions the data directory (the embedded postgres). */
function processesUsing(dir: string): string[] {
  const result = spawnSync("pgrep", ["-f", dir], { encoding: "utf8" });
  return result.stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

async function ready(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health/ready`);
    return response.status === 200;
  } catch {
    return false;
  }
}

async function startFolioProcess(): Promise<Started> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FOLIO_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  };
  delete env.DATABASE_URL;
  delete env.FOLIO_ADMIN_KEY;
  delete env.EVENTSTORE_URL;
  delete env.NATS_URL;
  const child = spawn("npm", ["start"], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | string | null>((resolve) => {
    child.once("exit", (code, signal) => {
      resolve(code ?? signal);
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const status = { exited: false };
  void exited.then(() => {
    status.exited = true;
  });
  const up = await waitFor(
    async () => status.exited || (stdout.includes("Folio is running at") && (await ready(url))),
    START_TIMEOUT_MS,
  );
  if (!up || status.exited) {
    throw new Error(`npm start did not come up:\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
  return { child, url, stdout: () => stdout, stderr: () => stderr, exited };
}

/** SIGTERM to the whole process group (npm, its sh -c, node); waits for all of it to exit. */
async function stop(started: Started): Promise<{ ms: number; code: number | string | null }> {
  const pid = started.child.pid;
  if (pid === undefined) throw new Error("the child has no pid");
  const begun = Date.now();
  process.kill(-pid, "SIGTERM");
  const gone = await waitFor(() => !groupAlive(pid), STOP_TIMEOUT_MS);
  const ms = Date.now() - begun;
  if (!gone) {
    throw new Error(`npm start did not exit within ${STOP_TIMEOUT_MS} ms:\n${started.stderr()}`);
  }
  return { ms, code: await started.exited };
}

async function request(url: string, method: string, pathName: string, key: string, body?: unknown) {
  const response = await fetch(`${url}${pathName}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed: unknown = await response.json();
  return { status: response.status, body: parsed };
}

beforeAll(async () => {
  // Directly under the temp dir: as root, the embedded server's user must reach it.
  dataDir = await mkdtemp(path.join(tmpdir(), "folio-start-"));
});

afterAll(async () => {
  for (const child of children) {
    if (child.pid !== undefined && groupAlive(child.pid)) process.kill(-child.pid, "SIGKILL");
  }
  await waitFor(() => processesUsing(dataDir).length === 0, 5_000);
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it(
    "serves, prints a new admin key once, stops on SIGTERM, and restarts on the same data",
    async () => {
      const first = await startFolioProcess();
      const printed = first.stdout();
      expect(printed).toContain(`Folio is running at ${first.url}`);
      expect(printed).toContain("A new admin API key was created");
      const key = /^\s+(folio_[A-Za-z0-9_-]{20,})\s*$/m.exec(printed)?.[1];
      if (key === undefined) throw new Error(`no admin key printed:\n${printed}`);

      const ledger = {
        id: "start-demo",
        name: "Demo Bank",
        reportingCurrency: "USD",
        assets: [{ code: "USD", scale: 2 }],
      };
      const created = await request(first.url, "POST", "/v1/ledgers", key, ledger);
      expect(created).toMatchObject({ status: 201, body: { id: "start-demo", sequence: 0 } });
      expect(processesUsing(dataDir).length).toBeGreaterThan(0);

      const stopped = await stop(first);
      expect(stopped.ms).toBeLessThan(STOP_TIMEOUT_MS);
      expect(
        await waitFor(() => processesUsing(dataDir).length === 0, 2_000),
        `postgres left running for ${dataDir}: ${processesUsing(dataDir).join(", ")}`,
      ).toBe(true);
      expect(first.stderr()).not.toMatch(/could not start|shutdown failed|took too long/);

      const second = await startFolioProcess();
      try {
        const again = second.stdout();
        expect(again).toContain(`Folio is running at ${second.url}`);
        expect(again).not.toContain("A new admin API key was created");
        expect(again).not.toMatch(/^\s+folio_[A-Za-z0-9_-]{20,}\s*$/m);
        expect(again).not.toContain(key);
        const read = await request(second.url, "GET", "/v1/ledgers/start-demo", key);
        expect(read).toMatchObject({
          status: 200,
          body: { id: "start-demo", name: "Demo Bank", sequence: 0 },
        });
        expect((read.body as { hash: string }).hash).toBe((created.body as { hash: string }).hash);
      } finally {
        await stop(second);
      }
      expect(await waitFor(() => processesUsing(dataDir).length === 0, 2_000)).toBe(true);
    },
    3 * START_TIMEOUT_MS,
  );
});
