// "Verify now" over real HTTP on a real PostgreSQL: 404 verification_not_found before any run;
// a run of a clean ledger passes through its head; who may start and read runs; one run at a
// time per ledger, a silent run abandoned; after one stored event's data is changed in the events table the run fails
// at exactly that sequence, naming the break; and the last result survives a restart.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledgerStreamId } from "../ledger-core/index.js";
import { readConfig } from "./config.js";
import { startFolio, type RunningFolio } from "./main.js";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "verify-bank";
const OTHER = "verify-other";

interface Run {
  runId: string;
  ledgerId: string;
  status: "running" | "passed" | "failed" | "abandoned";
  requestedBy: string;
  fromSequence: number;
  targetSequence: number;
  finishedAt: string | null;
  progress: { phase: string; done: number; total: number };
  head: { sequence: number; hash: string } | null;
  eventsHashed: number | null;
  entriesChecked: number | null;
  firstBreak: { sequence: number | null; reason: string; message: string } | null;
}

let folio: TestFolio;
let restarted: RunningFolio | null = null;
const keys: Record<string, string> = {};

async function as(role: string, method: string, path: string) {
  return folio.request(method, path, method === "POST" ? {} : undefined, keys[role]);
}

/** Polls the latest run until it is no longer running. */
async function finishedRun(key?: string): Promise<Run> {
  for (let i = 0; i < 200; i += 1) {
    const latest = await folio.request(
      "GET",
      `/v1/ledgers/${LEDGER}/verifications/latest`,
      undefined,
      key,
    );
    expect(latest.status).toBe(200);
    const run = latest.body as Run;
    if (run.status !== "running") return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the run did not finish");
}

async function post(path: string, body: unknown) {
  const reply = await folio.request("POST", path, body);
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  return reply.body as { sequence?: number };
}

beforeAll(async () => {
  folio = await startTestFolio();
  for (const id of [LEDGER, OTHER]) {
    await post("/v1/ledgers", {
      id,
      name: `${id} ledger`,
      reportingCurrency: "USD",
      assets: [{ code: "USD", scale: 2 }],
    });
  }
  for (const [id, type] of [
    ["cash", "asset"],
    ["deposits", "liability"],
  ] as const) {
    await post(`/v1/ledgers/${LEDGER}/accounts`, { id, currency: "USD", type });
  }
  for (let i = 1; i <= 12; i += 1) {
    await post(`/v1/ledgers/${LEDGER}/entries`, {
      id: `dep-${i}`,
      description: `deposit ${i}`,
      postings: [
        { accountId: "cash", side: "debit", amount: `${i}.00` },
        { accountId: "deposits", side: "credit", amount: `${i}.00` },
      ],
    });
  }
  for (const role of ["poster", "auditor", "risk", "risk-admin"]) {
    const created = await folio.request("POST", "/v1/keys", {
      name: `verify-${role}`,
      roles: [role],
      ledgers: [LEDGER],
    });
    expect(created.status).toBe(201);
    keys[role] = (created.body as { key: string }).key;
  }
}, 60_000);

afterAll(async () => {
  if (restarted !== null) {
    await restarted.close();
    await folio.database.drop();
  } else {
    await folio.close();
  }
});

describe("verify now", () => {
  it("answers 404 verification_not_found before any run, 404 ledger_not_found for no ledger", async () => {
    const none = await as("auditor", "GET", `/v1/ledgers/${LEDGER}/verifications/latest`);
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ code: "verification_not_found" });
    const missing = await folio.request("GET", "/v1/ledgers/no-such/verifications/latest");
    expect(missing.body).toMatchObject({ code: "ledger_not_found" });
    const start = await folio.request("POST", "/v1/ledgers/no-such/verifications", {});
    expect(start.body).toMatchObject({ code: "ledger_not_found" });
  });

  it("lets auditors and admins start runs, and auditors, risk, posters and admins read them", async () => {
    for (const role of ["poster", "risk", "risk-admin"]) {
      const refused = await as(role, "POST", `/v1/ledgers/${LEDGER}/verifications`);
      expect(refused.status, role).toBe(403);
    }
    const other = await folio.request(
      "POST",
      `/v1/ledgers/${OTHER}/verifications`,
      {},
      keys.auditor,
    );
    expect(other.status).toBe(403);
    const readRefused = await as("risk-admin", "GET", `/v1/ledgers/${LEDGER}/verifications/latest`);
    expect(readRefused.status).toBe(403);
    // The admin may start one too (on the other ledger, so this file's runs stay apart).
    const byAdmin = await folio.request("POST", `/v1/ledgers/${OTHER}/verifications`, {});
    expect(byAdmin.status).toBe(202);
  });

  it("passes on a clean ledger, through its head, with every entry checked", async () => {
    const ledger = (await folio.request("GET", `/v1/ledgers/${LEDGER}`)).body as {
      sequence: number;
      hash: string;
    };
    const started = await as("auditor", "POST", `/v1/ledgers/${LEDGER}/verifications`);
    expect(started.status).toBe(202);
    const run = started.body as Run;
    expect(run).toMatchObject({
      ledgerId: LEDGER,
      status: "running",
      fromSequence: 0,
      targetSequence: ledger.sequence,
    });
    expect(run.requestedBy).toContain("verify-auditor");
    const done = await finishedRun(keys.auditor);
    expect(done.runId).toBe(run.runId);
    expect(done).toMatchObject({
      status: "passed",
      head: { sequence: ledger.sequence, hash: ledger.hash },
      eventsHashed: ledger.sequence + 1,
      entriesChecked: 12,
      firstBreak: null,
    });
    expect(done.finishedAt).not.toBeNull();
    for (const role of ["poster", "risk"]) {
      const read = await as(role, "GET", `/v1/ledgers/${LEDGER}/verifications/latest`);
      expect(read.status, role).toBe(200);
      expect((read.body as Run).runId).toBe(run.runId);
    }
  });

  it("runs one at a time per ledger (409 while one runs), and abandons a run gone silent", async () => {
    // A run under way in another process: its row, with a fresh heartbeat.
    const db = new pg.Client({ connectionString: folio.database.url });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO ledger_verifications (run_id, ledger_id, status, requested_by, started_at,
           updated_at, from_sequence, target_sequence, phase, done, total)
         VALUES ('elsewhere', $1, 'running', 'key:x:other', now(), now(), 0, 14, 'chain', 3, 15)`,
        [LEDGER],
      );
      const second = await as("auditor", "POST", `/v1/ledgers/${LEDGER}/verifications`);
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({
        code: "verification_running",
        details: { runId: "elsewhere" },
      });
      const latest = await as("auditor", "GET", `/v1/ledgers/${LEDGER}/verifications/latest`);
      expect(latest.body).toMatchObject({
        runId: "elsewhere",
        status: "running",
        progress: { phase: "chain", done: 3, total: 15 },
      });
      // Its process stopped: no heartbeat for longer than the limit.
      await db.query(
        `UPDATE ledger_verifications SET updated_at = now() - interval '2 minutes'
          WHERE run_id = 'elsewhere'`,
      );
      const gone = await as("auditor", "GET", `/v1/ledgers/${LEDGER}/verifications/latest`);
      expect(gone.body).toMatchObject({ runId: "elsewhere", status: "abandoned" });
    } finally {
      await db.end();
    }
    const next = await as("auditor", "POST", `/v1/ledgers/${LEDGER}/verifications`);
    expect(next.status).toBe(202);
    expect((await finishedRun()).status).toBe("passed");
  });

  it("fails at exactly the sequence of a stored event whose data was changed", async () => {
    const admin = new pg.Client({ connectionString: folio.database.url });
    await admin.connect();
    let sequence = -1;
    try {
      const { rows } = await admin.query<{ revision: string }>(
        `SELECT revision FROM events WHERE stream_id = $1 AND data->>'entryId' = 'dep-7'`,
        [ledgerStreamId(LEDGER)],
      );
      sequence = Number(rows[0]?.revision);
      expect(sequence).toBeGreaterThan(0);
      await admin.query("ALTER TABLE events DISABLE TRIGGER USER");
      await admin.query(
        `UPDATE events SET data = jsonb_set(data, '{description}', '"deposit 7!"')
          WHERE stream_id = $1 AND revision = $2`,
        [ledgerStreamId(LEDGER), sequence],
      );
      await admin.query("ALTER TABLE events ENABLE TRIGGER USER");
    } finally {
      await admin.end();
    }
    const started = await as("auditor", "POST", `/v1/ledgers/${LEDGER}/verifications`);
    expect(started.status).toBe(202);
    const run = await finishedRun();
    expect(run.runId).toBe((started.body as Run).runId);
    expect(run.status).toBe("failed");
    expect(run.head).toBeNull();
    expect(run.firstBreak).toMatchObject({ sequence, reason: "hash_mismatch" });
    expect(run.firstBreak?.message).toContain(`chain broken at sequence ${sequence}`);
  });

  it("keeps the last result across a restart", async () => {
    const before = await finishedRun();
    await folio.folio.close();
    restarted = await startFolio(
      readConfig({
        PORT: "0",
        LOG_LEVEL: "silent",
        DATABASE_URL: folio.database.url,
        FOLIO_ADMIN_KEY: folio.adminKey,
        FOLIO_CONSOLE: "off",
      }),
    );
    const response = await fetch(`${restarted.url}/v1/ledgers/${LEDGER}/verifications/latest`, {
      headers: { authorization: `Bearer ${keys.auditor ?? ""}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(before);
  }, 60_000);
});
