// The projected routes over real HTTP on a whole Folio: balances as of a sequence, a recorded
// time and an effective time (with a backdated entry, bitemporally), the trial balance, an
// account's entries page by page, the audit trail and the digest, minSequence, and roles; and
// the answers a read model cannot give yet (beyond its head, before the ledger, in the future,
// while it lags or is rebuilt), which are errors with codes, never an empty or zero answer.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";
import { REDACTED_DETAIL } from "./routes/health.js";

let folio: TestFolio;
const ledger = "/v1/ledgers/books";
type Json = Record<string, unknown>;

async function ok(method: string, path: string, body?: unknown): Promise<Json> {
  const response = await folio.request(method, path, body);
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Json;
}

function entry(id: string, debit: string, credit: string, amount: string, effectiveAt?: string) {
  return {
    id,
    ...(effectiveAt === undefined ? {} : { effectiveAt }),
    postings: [
      { accountId: debit, side: "debit", amount },
      { accountId: credit, side: "credit", amount },
    ],
  };
}

let afterDeposit = 0;
let beforeBackdated = 0;
let last = 0;
const yesterday = new Date(Date.now() - 86_400_000).toISOString();
const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString();

beforeAll(async () => {
  folio = await startTestFolio();
  await ok("POST", "/v1/ledgers", {
    id: "books",
    name: "Books",
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  });
  await ok("POST", `${ledger}/accounts`, { id: "cash", currency: "USD", type: "asset" });
  await ok("POST", `${ledger}/accounts`, { id: "cust", currency: "USD", type: "liability" });
  afterDeposit = (await ok("POST", `${ledger}/entries`, entry("dep", "cash", "cust", "100.00")))
    .sequence as number;
  for (let index = 0; index < 5; index += 1) {
    await ok("POST", `${ledger}/entries`, entry(`fee-${index}`, "cust", "cash", "1.00"));
  }
  beforeBackdated = (await ok("GET", ledger)).sequence as number;
  last = (await ok("POST", `${ledger}/entries`, entry("late", "cash", "cust", "50.00", yesterday)))
    .sequence as number;
}, 120_000);

afterAll(async () => {
  await folio.close();
});

const balance = async (query: string) =>
  (
    (await ok("GET", `${ledger}/accounts/cust/balance?minSequence=${last}&${query}`))
      .account as Json
  ).balance;

describe("projected balances", () => {
  it("answers as of now, a sequence, and an effective time, saying which sequence it reflects", async () => {
    const now = await ok("GET", `${ledger}/accounts/cust/balance?minSequence=${last}`);
    expect(now.sequence).toBe(last);
    expect((now.account as Json).balance).toBe("145.00");
    expect(await balance(`basis=recorded&asOf=${afterDeposit}`)).toBe("100.00");
    expect(await balance(`basis=effective&asOf=${encodeURIComponent(yesterday)}`)).toBe("50.00");
    expect(await balance(`basis=effective&asOf=${encodeURIComponent(lastWeek)}`)).toBe("0.00");
  });

  it("answers bitemporally: yesterday as known before and after the backdated entry", async () => {
    const at = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
    expect(await balance(`basis=effective&asOf=${at}&knownAt=${beforeBackdated}`)).toBe("0.00");
    expect(await balance(`basis=effective&asOf=${at}&knownAt=${last}`)).toBe("50.00");
  });

  it("gives a trial balance that balances per currency", async () => {
    const trial = await ok("GET", `${ledger}/trial-balance?minSequence=${last}`);
    const [usd] = trial.currencies as Json[];
    expect(usd?.postedDebits).toBe(usd?.postedCredits);
    expect(usd?.debitBalances).toBe(usd?.creditBalances);
    expect(usd?.debitBalances).toBe("145.00");
  });

  it("pages an account's entries with a cursor", async () => {
    const first = await ok("GET", `${ledger}/accounts/cust/entries?limit=4&minSequence=${last}`);
    const second = await ok(
      "GET",
      `${ledger}/accounts/cust/entries?limit=4&after=${String(first.nextCursor)}`,
    );
    const ids = [...(first.lines as Json[]), ...(second.lines as Json[])].map(
      (line) => line.entryId,
    );
    expect(ids).toEqual(["dep", "fee-0", "fee-1", "fee-2", "fee-3", "fee-4", "late"]);
    expect(second.nextCursor).toBeNull();
  });

  it("refuses contradictory points with 400", async () => {
    for (const query of [
      "basis=effective&asOf=3",
      "basis=recorded&asOf=2026-01-01T00:00:00Z&knownAt=2",
      "knownAt=2",
    ]) {
      const response = await folio.request("GET", `${ledger}/accounts/cust/balance?${query}`);
      expect(response.status, query).toBe(400);
    }
  });
});

describe("audit trail", () => {
  it("pages audited events and gives the digest of the ledger's last event", async () => {
    const page = await ok("GET", `${ledger}/audit?fromSequence=0&limit=5&minSequence=${last}`);
    const events = page.events as Json[];
    expect(events.map((event) => event.sequence)).toEqual([0, 1, 2, 3, 4]);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(page.nextFromSequence).toBe(5);
    const digest = await ok("GET", `${ledger}/digest`);
    const view = await ok("GET", ledger);
    // The audit model has applied `last` (minSequence above): the head is verified.
    expect(digest).toMatchObject({
      ledgerId: "books",
      sequence: view.sequence,
      hash: view.hash,
      verified: true,
      verifiedThrough: view.sequence,
    });
    expect(String(digest.verifiedBy)).toMatch(/audit read model/);
  });

  it("says a digest is not verified while the audit model lags, and verified once it catches up", async () => {
    const admin = new pg.Client({ connectionString: folio.database.url });
    await admin.connect();
    try {
      await admin.query(
        "UPDATE projection_checkpoints SET status = 'failed', error = 'stopped by the test' WHERE name = 'audit'",
      );
      await ok("POST", `${ledger}/accounts`, { id: "vault", currency: "USD", type: "asset" });
      const moved = await ok(
        "POST",
        `${ledger}/entries`,
        entry("to-vault", "vault", "cash", "3.00"),
      );
      const sequence = moved.sequence as number;
      const lagging = await ok("GET", `${ledger}/digest`);
      expect(lagging).toMatchObject({ sequence, verified: false });
      expect(lagging.verifiedThrough).toBeLessThan(sequence);
      await admin.query(
        "UPDATE projection_checkpoints SET status = 'running', error = NULL WHERE name = 'audit'",
      );
      await ok("GET", `${ledger}/audit?fromSequence=${sequence}&minSequence=${sequence}`);
      expect(await ok("GET", `${ledger}/digest`)).toMatchObject({
        sequence,
        verified: true,
        verifiedThrough: sequence,
      });
      last = sequence;
    } finally {
      await admin.end();
    }
  });

  it("lets auditors read the audit trail and keeps posters out", async () => {
    const poster = (
      await ok("POST", "/v1/keys", { name: "poster", roles: ["poster"], ledgers: ["books"] })
    ).key as string;
    const auditor = (
      await ok("POST", "/v1/keys", { name: "auditor", roles: ["auditor"], ledgers: ["books"] })
    ).key as string;
    expect((await folio.request("GET", `${ledger}/audit`, undefined, poster)).status).toBe(403);
    expect((await folio.request("GET", `${ledger}/audit`, undefined, auditor)).status).toBe(200);
  });
});

describe("points the read models cannot answer", () => {
  const problem = async (path: string): Promise<{ status: number; code: unknown }> => {
    const response = await folio.request("GET", path);
    return { status: response.status, code: (response.body as Json).code };
  };
  const cust = `${ledger}/accounts/cust/balance`;

  it("refuses a sequence the ledger has not reached, and recorded times before it or in the future", async () => {
    await ok("GET", `${cust}?minSequence=${last}`);
    const ahead = last + 1_000;
    expect(await problem(`${cust}?basis=recorded&asOf=${ahead}`)).toEqual({
      status: 422,
      code: "sequence_beyond_ledger",
    });
    const yesterdayNoon = encodeURIComponent(yesterday);
    expect(await problem(`${cust}?asOf=${yesterdayNoon}&knownAt=${ahead}`)).toEqual({
      status: 422,
      code: "sequence_beyond_ledger",
    });
    expect(
      await problem(`${ledger}/trial-balance?basis=recorded&asOf=2000-01-01T00:00:00Z`),
    ).toEqual({ status: 422, code: "as_of_before_ledger" });
    expect(await problem(`${cust}?asOf=${yesterdayNoon}&knownAt=2000-01-01T00:00:00Z`)).toEqual({
      status: 422,
      code: "as_of_before_ledger",
    });
    const tomorrow = encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString());
    expect(await problem(`${cust}?basis=recorded&asOf=${tomorrow}`)).toEqual({
      status: 422,
      code: "as_of_in_future",
    });
    // An effective time has no such bounds: entries may be dated anywhere.
    expect(await balance(`asOf=2000-01-01T00:00:00Z`)).toBe("0.00");
  });

  it("says read_model_behind while the balances model lags, and not ready; then catches up", async () => {
    const admin = new pg.Client({ connectionString: folio.database.url });
    await admin.connect();
    try {
      // The balances model stops (as on a poison event): what the ledger writes next waits.
      await admin.query(
        "UPDATE projection_checkpoints SET status = 'failed', error = 'stopped by the test' WHERE name = 'balances'",
      );
      const next = (await ok("POST", `${ledger}/entries`, entry("lagging", "cash", "cust", "2.00")))
        .sequence as number;
      expect(await problem(`${cust}?basis=recorded&asOf=${next}`)).toEqual({
        status: 409,
        code: "read_model_behind",
      });
      const soon = encodeURIComponent(new Date().toISOString());
      expect(await problem(`${ledger}/trial-balance?basis=recorded&asOf=${soon}`)).toEqual({
        status: 409,
        code: "read_model_behind",
      });
      const stale = await ok("GET", `${ledger}/trial-balance`);
      expect(stale.sequence).toBeLessThan(next);

      let ready = await folio.request("GET", "/health/ready", undefined, null);
      for (let wait = 0; wait < 100 && ready.status === 200; wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        ready = await folio.request("GET", "/health/ready", undefined, null);
      }
      expect(ready.status).toBe(503);
      const report = ready.body as { projections: Json[]; checks: Record<string, Json> };
      const balances = report.projections.find((p) => p.name === "balances");
      expect(balances).toMatchObject({ state: "failed", active: true });
      expect(balances?.lagEvents).toBeGreaterThanOrEqual(1);
      expect(report.checks.projections?.ok).toBe(false);
      // Why, only to an operator's key: a public caller sees that it failed, not the text.
      expect(balances?.error).toBe(REDACTED_DETAIL);
      expect(report.checks.projections?.detail).toBe(REDACTED_DETAIL);
      const detailed = await folio.request("GET", "/health/ready");
      const withKey = (detailed.body as { projections: Json[] }).projections;
      const why = withKey.find((p) => p.name === "balances")?.error;
      expect(typeof why === "string" && why !== REDACTED_DETAIL && why.length > 0).toBe(true);

      // Resumed (folio projections resume does this UPDATE): the host restarts it by itself.
      await admin.query(
        "UPDATE projection_checkpoints SET status = 'running', error = NULL WHERE name = 'balances'",
      );
      const caughtUp = await ok("GET", `${cust}?basis=recorded&asOf=${next}&minSequence=${next}`);
      expect(caughtUp.sequence).toBe(next);
      last = next;
    } finally {
      await admin.end();
    }
  });

  it("answers read_model_unavailable while the readers' version is rebuilt for a new layout", async () => {
    const admin = new pg.Client({ connectionString: folio.database.url });
    await admin.connect();
    try {
      await admin.query(
        "UPDATE projection_checkpoints SET layout = layout + 100 WHERE name = 'balances'",
      );
      expect(await problem(cust)).toEqual({ status: 503, code: "read_model_unavailable" });
      // The host builds the next version from zero and switches readers to it.
      const rebuilt = await ok("GET", `${cust}?minSequence=${last}`);
      expect((rebuilt.account as Json).balance).toBe("147.00");
      const { rows } = await admin.query<{ version: number }>(
        "SELECT version FROM projection_active WHERE name = 'balances'",
      );
      expect(rows[0]?.version).toBe(2);
    } finally {
      await admin.end();
    }
  });
});
