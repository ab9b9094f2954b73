// Parity of dry runs over real HTTP on a real PostgreSQL: every command route is called as a
// dry run (`?dryRun=true` or `Folio-Dry-Run: true`) and then for real with the same body and
// request id, and both answers must match exactly (status, body, problem, Idempotent-Replay)
// for accepted, rejected (recorded and not), idempotent replay, id_conflict and validation
// cases. The server's Date is frozen (fake timers, Date only) so recordedAt and the hash that
// covers it are the same for both calls; the request id (the hashed correlation id and the
// problem's `instance`) is the same too. After each dry run the ledger's sequence and hash are
// unchanged and the store holds no new event; the id it used is then accepted for real.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

const LEDGER = "dry-bank";
let folio: TestFolio;
let db: pg.Client;
let clock = Date.parse("2026-11-02T09:00:00.000Z");
let requestNumber = 0;

async function call(
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Reply> {
  const response = await fetch(`${folio.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${folio.adminKey}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? null : (JSON.parse(text) as unknown),
  };
}

async function storedEvents(): Promise<number> {
  const result = await db.query<{ count: string }>("SELECT count(*) AS count FROM events");
  return Number(result.rows[0]?.count);
}

async function ledgerHead(ledgerId: string): Promise<unknown> {
  const reply = await call("GET", `/v1/ledgers/${ledgerId}`, undefined, {
    "x-request-id": "ledger-head",
  });
  return { status: reply.status, body: reply.body };
}

/**
 * Calls `path` as a dry run, then for real with the same request id at the same frozen time,
 * and expects the same answer; the dry run must leave the ledger and the store as they were.
 */
async function parity(
  method: string,
  path: string,
  body?: unknown,
  how: "query" | "header" = requestNumber % 2 === 0 ? "query" : "header",
): Promise<{ dry: Reply; real: Reply }> {
  requestNumber += 1;
  clock += 1_000;
  vi.setSystemTime(clock);
  const requestId = `dry-parity-${requestNumber}`;
  const headBefore = await ledgerHead(LEDGER);
  const eventsBefore = await storedEvents();
  const dryPath = `${path}${path.includes("?") ? "&" : "?"}dryRun=true`;
  const dry =
    how === "query"
      ? await call(method, dryPath, body, { "x-request-id": requestId })
      : await call(method, path, body, { "x-request-id": requestId, "folio-dry-run": "true" });
  expect(dry.headers.get("folio-dry-run")).toBe("true");
  expect(await ledgerHead(LEDGER)).toEqual(headBefore);
  expect(await storedEvents()).toBe(eventsBefore);
  const real = await call(method, path, body, { "x-request-id": requestId });
  expect(real.headers.get("folio-dry-run")).toBeNull();
  expect({ status: dry.status, body: dry.body }).toEqual({ status: real.status, body: real.body });
  expect(dry.headers.get("idempotent-replay")).toBe(real.headers.get("idempotent-replay"));
  return { dry, real };
}

const codeOf = (reply: Reply): unknown => (reply.body as { code?: unknown } | null)?.code;

const entry = (id: string, debit: string, credit: string, amount: string) => ({
  id,
  postings: [
    { accountId: debit, side: "debit", amount },
    { accountId: credit, side: "credit", amount },
  ],
});

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: clock });
  folio = await startTestFolio();
  db = new pg.Client({ connectionString: folio.database.url });
  await db.connect();
});

afterAll(async () => {
  await db.end();
  await folio.close();
  vi.useRealTimers();
});

describe("dry runs answer exactly as the real call", () => {
  const ledgerBody = {
    id: LEDGER,
    name: "Dry Bank",
    reportingCurrency: "USD",
    assets: [
      { code: "USD", scale: 2 },
      { code: "EUR", scale: 2 },
    ],
  };

  it("creates no ledger on a dry run; then ledgers: created, replay, id_conflict, invalid", async () => {
    const dry = await call("POST", "/v1/ledgers?dryRun=true", ledgerBody, {});
    expect(dry.status).toBe(201);
    expect(dry.headers.get("folio-dry-run")).toBe("true");
    expect((await ledgerHead(LEDGER)) as { status: number }).toMatchObject({ status: 404 });
    expect(await storedEvents()).toBe(0);
    expect((await parity("POST", "/v1/ledgers", ledgerBody)).real.status).toBe(201);
    expect((await parity("POST", "/v1/ledgers", ledgerBody)).real.status).toBe(200);
    const conflict = await parity("POST", "/v1/ledgers", { ...ledgerBody, name: "Other" });
    expect(codeOf(conflict.real)).toBe("id_conflict");
    const invalid = await parity("POST", "/v1/ledgers", { ...ledgerBody, assets: "USD" });
    expect(invalid.real.status).toBe(400);
  });

  it("accounts: open, replay, conflict, update, close, invalid", async () => {
    const accounts = `/v1/ledgers/${LEDGER}/accounts`;
    const cash = { id: "cash", currency: "USD", type: "asset" };
    const cust = {
      id: "cust",
      currency: "USD",
      type: "liability",
      flags: { debitsMustNotExceedCredits: true },
    };
    expect((await parity("POST", accounts, cash)).real.status).toBe(201);
    expect((await parity("POST", accounts, cust)).real.status).toBe(201);
    expect((await parity("POST", accounts, cash)).real.status).toBe(200);
    expect(codeOf((await parity("POST", accounts, { ...cash, type: "income" })).real)).toBe(
      "id_conflict",
    );
    const update = { expectedVersion: 1, attributes: { rating: "BBB" } };
    expect((await parity("PATCH", `${accounts}/cust`, update)).real.status).toBe(201);
    expect((await parity("PATCH", `${accounts}/cust`, update)).real.status).toBe(200);
    expect(
      (await parity("POST", accounts, { id: "spare", currency: "USD", type: "asset" })).real.status,
    ).toBe(201);
    expect((await parity("POST", `${accounts}/spare/close`)).real.status).toBe(201);
    expect((await parity("POST", accounts, { ...cash, currency: 7 })).real.status).toBe(400);
    expect(codeOf((await parity("POST", `${accounts}/ghost/close`)).real)).toBe(
      "account_not_found",
    );
  });

  it("entries: posted, replay, conflict, rejected and its replay, batches, reversal", async () => {
    const entries = `/v1/ledgers/${LEDGER}/entries`;
    const deposit = entry("dep-1", "cash", "cust", "100.00");
    expect((await parity("POST", entries, deposit)).real.status).toBe(201);
    expect((await parity("POST", entries, deposit)).real.status).toBe(200);
    const conflict = await parity("POST", entries, entry("dep-1", "cash", "cust", "1.00"));
    expect(codeOf(conflict.real)).toBe("id_conflict");
    const overdraw = entry("wd-1", "cust", "cash", "500.00");
    const rejected = await parity("POST", entries, overdraw);
    expect(rejected.real.status).toBe(422);
    const replayedRejection = await parity("POST", entries, overdraw);
    expect(replayedRejection.real.headers.get("idempotent-replay")).toBe("true");
    expect((await parity("POST", entries, { id: "bad", postings: [] })).real.status).toBe(400);
    const atomic = {
      atomic: true,
      entries: [entry("b-1", "cash", "cust", "5.00"), entry("b-2", "cust", "cash", "105.00")],
    };
    expect((await parity("POST", `${entries}/batch`, atomic)).real.status).toBe(201);
    const failing = { atomic: true, entries: [entry("b-3", "cash", "cust", "1.00"), overdraw] };
    expect((await parity("POST", `${entries}/batch`, failing)).real.status).toBe(422);
    // Each entry on its own, later ones seeing earlier ones: a repeat, a spend of a fresh deposit.
    const each = {
      entries: [
        entry("e-1", "cash", "cust", "7.00"),
        entry("e-1", "cash", "cust", "7.00"),
        entry("e-2", "cust", "cash", "7.00"),
        entry("e-3", "cust", "cash", "0.01"),
        entry("dep-1", "cash", "cust", "2.00"),
      ],
    };
    const mixed = await parity("POST", `${entries}/batch`, each);
    const statuses = (mixed.real.body as { results: { status: number }[] }).results;
    expect(statuses.map((result) => result.status)).toEqual([201, 200, 201, 422, 409]);
    const reverse = { id: "rev-1", description: "entered twice" };
    expect((await parity("POST", `${entries}/e-2/reverse`, reverse)).real.status).toBe(201);
    expect((await parity("POST", `${entries}/e-2/reverse`, reverse)).real.status).toBe(200);
  });

  it("holds: place, post in part, void, refuse", async () => {
    const pending = `/v1/ledgers/${LEDGER}/pending`;
    const hold = (id: string) => ({ ...entry(id, "cash", "cust", "10.00"), timeoutSeconds: 3_600 });
    expect((await parity("POST", pending, hold("h-1"))).real.status).toBe(201);
    expect((await parity("POST", pending, hold("h-2"))).real.status).toBe(201);
    expect((await parity("POST", `${pending}/h-1/post`, { amount: "4.00" })).real.status).toBe(201);
    expect((await parity("POST", `${pending}/h-1/post`, { amount: "4.00" })).real.status).toBe(200);
    expect((await parity("POST", `${pending}/h-2/void`)).real.status).toBe(201);
    expect((await parity("POST", `${pending}/h-2/post`, {})).real.status).toBe(422);
  });

  it("risk and IFRS 9 inputs, provisioning runs and periods", async () => {
    const base = `/v1/ledgers/${LEDGER}`;
    const capital = { recordId: "t1", validFrom: "2026-09-30T23:59:59Z", tier1Capital: "1000.00" };
    expect((await parity("POST", `${base}/capital`, capital)).real.status).toBe(201);
    expect((await parity("POST", `${base}/capital`, capital)).real.status).toBe(200);
    const changed = { ...capital, tier1Capital: "2000.00" };
    expect(codeOf((await parity("POST", `${base}/capital`, changed)).real)).toBe("id_conflict");
    const fx = {
      recordId: "fx-1",
      validFrom: "2026-10-28T16:00:00Z",
      source: "ECB",
      rates: [{ from: "EUR", to: "USD", rate: "1.0825" }],
    };
    expect((await parity("POST", `${base}/fx-rates`, fx)).real.status).toBe(201);
    const counterparty = {
      recordId: "cp-1",
      counterpartyId: "acme",
      validFrom: "2026-10-01T00:00:00Z",
      legalName: "Acme Ltd",
      sector: "C25.1",
      countryOfRisk: "GB",
    };
    await parity("POST", `${base}/counterparties`, counterparty);
    const writeOff = {
      recordId: "wo-1",
      validFrom: "2026-10-31T00:00:00Z",
      writtenOffOn: "2026-10-31",
      amount: "1.00",
    };
    expect(
      codeOf((await parity("POST", `${base}/facilities/none/write-offs`, writeOff)).real),
    ).toBe("facility_not_found");
    const parameters = {
      recordId: "p-1",
      validFrom: "2026-01-01T00:00:00Z",
      parameterSetId: "policy",
      impairmentExpenseAccountId: "pl:impairment",
      lossAllowanceAccountId: "bs:loss-allowance",
    };
    expect(codeOf((await parity("POST", `${base}/ifrs9/parameters`, parameters)).real)).toBe(
      "account_not_found",
    );
    for (const [id, type] of [
      ["pl:impairment", "expense"],
      ["bs:loss-allowance", "asset"],
    ] as const) {
      await call("POST", `${base}/accounts`, { id, currency: "USD", type }, {});
    }
    expect((await parity("POST", `${base}/ifrs9/parameters`, parameters)).real.status).toBe(201);
    await parity("POST", `${base}/ifrs9/runs`, { reportingDate: "2026-10-31" });
    const close = { upTo: "2026-10-31T23:59:59.999Z" };
    expect((await parity("POST", `${base}/periods/close`, close)).real.status).toBe(201);
    expect((await parity("POST", `${base}/periods/close`, { upTo: "soon" })).real.status).toBe(400);
  });

  it("validates the flag, and a dry run's id is accepted for real afterwards", async () => {
    const entries = `/v1/ledgers/${LEDGER}/entries`;
    for (const value of ["yes", "1", "TRUE"]) {
      const reply = await call(
        "POST",
        `${entries}?dryRun=${value}`,
        entry("x", "cash", "cust", "1.00"),
        {},
      );
      expect({ status: reply.status, code: codeOf(reply) }).toEqual({
        status: 400,
        code: "invalid_request",
      });
      const viaHeader = await call("POST", entries, entry("x", "cash", "cust", "1.00"), {
        "folio-dry-run": value,
      });
      expect(viaHeader.status).toBe(400);
    }
    const dry = await call(
      "POST",
      `${entries}?dryRun=true`,
      entry("fresh", "cash", "cust", "1.00"),
      {},
    );
    expect(dry.status).toBe(201);
    const again = await call(
      "POST",
      `${entries}?dryRun=true`,
      entry("fresh", "cash", "cust", "1.00"),
      {},
    );
    expect(again.status).toBe(201);
    const real = await call(
      "POST",
      `${entries}?dryRun=false`,
      entry("fresh", "cash", "cust", "1.00"),
      {},
    );
    expect(real.status).toBe(201);
    expect(real.headers.get("folio-dry-run")).toBeNull();
  });

  it("documents the query parameter and the header on every command route in OpenAPI", async () => {
    type Operation = { parameters?: { in: string; name: string }[] };
    const document = (await call("GET", "/openapi.json", undefined, {})).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    const commandRoutes = folio.folio.routes.filter(
      (route) =>
        ["POST", "PUT", "PATCH", "DELETE"].includes(route.method) &&
        route.url.startsWith("/v1/") &&
        !route.url.startsWith("/v1/keys") &&
        // A verification run checks the ledger and changes nothing: there is nothing to dry-run.
        !route.url.endsWith("/verifications"),
    );
    expect(commandRoutes.length).toBeGreaterThanOrEqual(20);
    for (const route of commandRoutes) {
      const path = route.url.replace(/:([A-Za-z]+)/g, "{$1}");
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      const names = (operation?.parameters ?? []).map(({ in: where, name }) => `${where}:${name}`);
      expect({ route: `${route.method} ${route.url}`, names }).toEqual({
        route: `${route.method} ${route.url}`,
        names: expect.arrayContaining(["query:dryRun", "header:folio-dry-run"]) as unknown,
      });
    }
  });
});
