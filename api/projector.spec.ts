// `npm run projector` as a real child process (node --import tsx api/projector.ts) beside an
// API started with FOLIO_PROJECTIONS=off on the same fresh database: the API alone projects
// nothing (its read routes say read_model_unavailable, its readiness reports the lag from the
// checkpoints); the projector logs the port it listens on, builds the read models until the
// API's projected balance equals the writer's, reports itself ready, and on SIGTERM stops
// cleanly with exit code 0.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIG_KEYS } from "./config.js";
import type { ReadinessReport } from "./routes/health.js";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const START_TIMEOUT_MS = 60_000;
const CATCH_UP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;
const POLL_MS = 100;
const SERVING = "Folio projector is serving";

type Json = Record<string, unknown>;

let api: TestFolio;
let child: ChildProcess | null = null;
let stdout = "";
let stderr = "";
let exited: Promise<number | string | null>;
const ledger = "/v1/ledgers/books";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    }
    await sleep(POLL_MS);
  }
}

async function ok(method: string, route: string, body?: unknown): Promise<Json> {
  const response = await api.request(method, route, body);
  if (response.status >= 300) {
    throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Json;
}

const entry = (id: string, debit: string, credit: string, amount: string) => ({
  id,
  postings: [
    { accountId: debit, side: "debit", amount },
    { accountId: credit, side: "credit", amount },
  ],
});

/** The child's environment: this one without any Folio setting, plus the given ones. */
function projectorEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of CONFIG_KEYS) Reflect.deleteProperty(env, key);
  return { ...env, ...settings };
}

/** The port of the projector's "serving" log line, once it printed it. */
function servingPort(): number | undefined {
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const parsed = JSON.parse(line) as { msg?: unknown; port?: unknown };
      if (parsed.msg === SERVING && typeof parsed.port === "number") return parsed.port;
    } catch {
      // a partial line: wait for the rest
    }
  }
  return undefined;
}

let writerBalance: unknown;
let lastSequence = 0;

beforeAll(async () => {
  api = await startTestFolio({ FOLIO_PROJECTIONS: "off" });
  await ok("POST", "/v1/ledgers", {
    id: "books",
    name: "Books",
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  });
  await ok("POST", `${ledger}/accounts`, { id: "cash", currency: "USD", type: "asset" });
  await ok("POST", `${ledger}/accounts`, { id: "cust", currency: "USD", type: "liability" });
  await ok("POST", `${ledger}/entries`, entry("dep", "cash", "cust", "100.00"));
  for (let index = 0; index < 3; index += 1) {
    await ok("POST", `${ledger}/entries`, entry(`fee-${index}`, "cust", "cash", "1.25"));
  }
  lastSequence = (await ok("GET", ledger)).sequence as number;
  writerBalance = ((await ok("GET", `${ledger}/accounts/cust`)).balances as Json).balance;
}, 120_000);

afterAll(async () => {
  if (child !== null && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await exited;
  }
  await api.close();
});

describe("the projector process", () => {
  it("leaves the read models to another process when FOLIO_PROJECTIONS=off", async () => {
    const read = await api.request("GET", `${ledger}/accounts/cust/balance`);
    expect(read.status).toBe(503);
    expect((read.body as Json).code).toBe("read_model_unavailable");
    // Readiness still reports every read model's lag, read from checkpoints and the store.
    const ready = (await api.request("GET", "/health/ready")).body as ReadinessReport;
    const balances = ready.projections?.find((projection) => projection.name === "balances");
    expect(balances?.state).toBe("starting");
    expect(balances?.lagEvents).toBe(lastSequence + 1);
    expect(ready.checks.projections).toBeDefined();
  });

  it("starts, says where it listens, and builds the read models the API reads", async () => {
    child = spawn(process.execPath, ["--import", "tsx", "api/projector.ts"], {
      cwd: REPO_ROOT,
      env: projectorEnv({
        DATABASE_URL: api.database.url,
        FOLIO_PROJECTOR_PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const started = child;
    started.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    started.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    exited = new Promise((resolve) => {
      started.once("exit", (code, signal) => {
        resolve(code ?? signal);
      });
    });

    const port = await waitFor(
      "the serving log line",
      () => {
        if (started.exitCode !== null) throw new Error(`projector exited: ${stderr}`);
        return Promise.resolve(servingPort());
      },
      START_TIMEOUT_MS,
    );
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/health/live`)).status).toBe(200);

    const projected = await waitFor(
      "the projected balance",
      async () => {
        const response = await api.request("GET", `${ledger}/accounts/cust/balance`);
        const body = response.body as { sequence?: number; account?: Json };
        return response.status === 200 && body.sequence === lastSequence ? body : undefined;
      },
      CATCH_UP_TIMEOUT_MS,
    );
    expect(writerBalance).toBe("96.25");
    expect(projected.account?.balance).toBe(writerBalance);

    const ready = await waitFor(
      "the projector's readiness",
      async () => {
        const response = await fetch(`${base}/health/ready`);
        const report = (await response.json()) as ReadinessReport;
        // Ready allows a small lag; every projection catches up to the last event soon after.
        const caughtUp = (report.projections ?? []).every(
          (projection) => projection.lagEvents === 0,
        );
        return response.status === 200 && report.ready && caughtUp ? report : undefined;
      },
      CATCH_UP_TIMEOUT_MS,
    );
    expect(ready.checks.database?.ok).toBe(true);
    expect(ready.checks.projections?.ok).toBe(true);
    const names = (ready.projections ?? []).map((projection) => projection.name);
    expect(names).toContain("balances");
    for (const projection of ready.projections ?? []) expect(projection.lagEvents).toBe(0);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/folio_projection_lag_events\{[^}]*projection="balances"/);
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);

    // The API, not running them, now reads them as caught up from their checkpoints.
    const apiReady = await waitFor(
      "the API's view of the caught-up balances",
      async () => {
        const report = (await api.request("GET", "/health/ready")).body as ReadinessReport;
        const balances = report.projections?.find((projection) => projection.name === "balances");
        return balances?.state === "caught_up" ? report : undefined;
      },
      CATCH_UP_TIMEOUT_MS,
    );
    expect(apiReady.ready).toBe(true);
  });

  it("stops on SIGTERM with exit code 0", async () => {
    expect(child).not.toBeNull();
    child?.kill("SIGTERM");
    const code = await Promise.race([exited, sleep(STOP_TIMEOUT_MS).then(() => "timeout")]);
    expect(code, `stderr:\n${stderr}`).toBe(0);
    expect(stdout).toContain("stopping the projector");
  });
});
