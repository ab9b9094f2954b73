// The HTTP API end to end over real HTTP on a real PostgreSQL: every route's happy path and
// every error status it gives (problem+json with a stable code), the actor each key records,
// idempotent replays of every command route, and a worked deposit/hold/post/reverse flow.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  details?: Record<string, string | number>;
  errors?: { path: string; message: string }[];
}

interface Balances {
  postedDebits: string;
  postedCredits: string;
  pendingDebits: string;
  pendingCredits: string;
  balance: string;
  available: string;
}

interface AccountBody {
  id: string;
  currency: string;
  type: string;
  status: "open" | "closed";
  version: number;
  attributes: Record<string, string>;
  metadata: Record<string, string>;
  balances: Balances;
}

interface PostingBody {
  accountId: string;
  side: "debit" | "credit";
  amount: string;
  currency: string;
}

interface EntryBody {
  id: string;
  kind: "posted" | "pending" | "rejected";
  actor: string;
  description: string;
  postings: PostingBody[];
  sequence: number;
  hash: string;
  reversalOf: string | null;
  reversedBy: string | null;
  hold: {
    status: "open" | "posted" | "voided" | "expired";
    expiresAt: string;
    resolvedAtSequence: number | null;
    posted: PostingBody[];
  } | null;
  rejection: { code: string; message: string } | null;
}

interface LedgerBody {
  id: string;
  name: string;
  sequence: number;
  hash: string;
  closedThrough: string | null;
}

interface BatchBody {
  atomic: boolean;
  results: { index: number; id: string; status: number; entry?: EntryBody; problem?: Problem }[];
}

interface CreatedKey {
  key: string;
  keyId: string;
  name: string;
}

const LEDGER = "routes-bank";
const OTHER = "routes-other";
const CASH = "cash";
const CUSTOMER = "cust-1";
const SETTLEMENT = "settlement";

let folio: TestFolio;
let poster: CreatedKey;
let auditor: CreatedKey;
let otherPoster: CreatedKey;
let adminKeyId: string;
/** What afterAll closes: each TestFolio, once it has started. */
const closers: (() => Promise<void>)[] = [];

function send(method: string, path: string, body?: unknown, key?: string | null): Promise<Reply> {
  return folio.request(method, path, body, key);
}

/** Asserts a problem+json answer with this status and code; returns the problem. */
function expectProblem(reply: Reply, status: number, code: string): Problem {
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status, body: { code } });
  expect(reply.headers.get("content-type") ?? "").toMatch(/^application\/problem\+json/);
  const problem = reply.body as Problem;
  expect(problem.status).toBe(status);
  expect(problem.type).toBe(`urn:folio:problem:${code}`);
  expect(problem.detail.length).toBeGreaterThan(0);
  return problem;
}

function expectCreated(reply: Reply): void {
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
  expect(reply.headers.get("content-type") ?? "").toMatch(/^application\/json/);
  expect(reply.headers.get("idempotent-replay")).toBeNull();
}

/** Sends the same command twice: the first is 201, the replay 200 with the same body. */
async function expectIdempotent(method: string, path: string, body?: unknown, key?: string) {
  const first = await send(method, path, body, key);
  expectCreated(first);
  const again = await send(method, path, body, key);
  expect({ status: again.status, body: again.body }).toMatchObject({ status: 200 });
  expect(again.headers.get("idempotent-replay")).toBe("true");
  expect(again.body).toEqual(first.body);
  return first;
}

/** A raw fetch, for bodies the JSON helper cannot send (malformed JSON, other media types). */
async function raw(
  path: string,
  body: string,
  contentType: string,
  key: string = folio.adminKey,
): Promise<Reply> {
  const response = await fetch(`${folio.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": contentType },
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as unknown };
}

function entry(id: string, debit: string, credit: string, amount: string, extra = {}) {
  return {
    id,
    postings: [
      { accountId: debit, side: "debit", amount },
      { accountId: credit, side: "credit", amount },
    ],
    ...extra,
  };
}

async function account(accountId: string, ledgerId = LEDGER): Promise<AccountBody> {
  const reply = await send("GET", `/v1/ledgers/${ledgerId}/accounts/${accountId}`);
  expect(reply.status).toBe(200);
  return reply.body as AccountBody;
}

async function getEntry(entryId: string): Promise<EntryBody> {
  const reply = await send("GET", `/v1/ledgers/${LEDGER}/entries/${entryId}`);
  expect(reply.status).toBe(200);
  return reply.body as EntryBody;
}

async function openAccount(id: string, type: string, extra = {}, ledgerId = LEDGER) {
  const reply = await send("POST", `/v1/ledgers/${ledgerId}/accounts`, {
    id,
    currency: "USD",
    type,
    ...extra,
  });
  expectCreated(reply);
}

async function createKey(name: string, roles: string[], ledgers: string[]): Promise<CreatedKey> {
  const reply = await send("POST", "/v1/keys", { name, roles, ledgers });
  expectCreated(reply);
  return reply.body as CreatedKey;
}

beforeAll(async () => {
  folio = await startTestFolio();
  closers.push(() => folio.close());
  for (const id of [LEDGER, OTHER]) {
    const reply = await send("POST", "/v1/ledgers", {
      id,
      name: `Ledger ${id}`,
      reportingCurrency: "USD",
      assets: [
        { code: "USD", scale: 2 },
        { code: "JPY", scale: 0 },
      ],
    });
    expectCreated(reply);
  }
  await openAccount(CASH, "asset");
  await openAccount(CUSTOMER, "liability", { flags: { debitsMustNotExceedCredits: true } });
  await openAccount(SETTLEMENT, "liability");
  await openAccount(CASH, "asset", {}, OTHER);
  await openAccount(SETTLEMENT, "liability", {}, OTHER);
  poster = await createKey("routes-poster", ["poster"], [LEDGER]);
  auditor = await createKey("routes-auditor", ["auditor"], ["*"]);
  otherPoster = await createKey("other-poster", ["poster"], [OTHER]);
  const keys = await send("GET", "/v1/keys");
  expect(keys.status).toBe(200);
  const admin = (keys.body as { keys: { keyId: string; roles: string[] }[] }).keys.find((key) =>
    key.roles.includes("admin"),
  );
  if (admin === undefined) throw new Error("no admin key listed");
  adminKeyId = admin.keyId;
});

afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe("authentication and authorization", () => {
  it("answers 401 without a key or with a wrong one, on every route group", async () => {
    const paths: [string, string, unknown][] = [
      ["GET", `/v1/ledgers/${LEDGER}`, undefined],
      ["POST", "/v1/ledgers", { id: "x", name: "x", reportingCurrency: "USD", assets: [] }],
      ["GET", `/v1/ledgers/${LEDGER}/accounts/${CASH}`, undefined],
      ["POST", `/v1/ledgers/${LEDGER}/entries`, entry("e401", CASH, SETTLEMENT, "1.00")],
      ["POST", `/v1/ledgers/${LEDGER}/pending/nope/void`, undefined],
      ["POST", `/v1/ledgers/${LEDGER}/periods/close`, { upTo: "2020-01-01T00:00:00Z" }],
      ["GET", "/v1/keys", undefined],
    ];
    for (const [method, path, body] of paths) {
      const missing = await send(method, path, body, null);
      expectProblem(missing, 401, "unauthorized");
      expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer realm="folio"/);
      expectProblem(
        await send(method, path, body, "folio_not_a_real_key_at_all"),
        401,
        "unauthorized",
      );
      expectProblem(await send(method, path, body, "Basic abc def"), 401, "unauthorized");
    }
  });

  it("answers 403 when the key's role may not do it (an auditor posting, a poster closing a period or making keys)", async () => {
    expectProblem(
      await send(
        "POST",
        `/v1/ledgers/${LEDGER}/entries`,
        entry("aud-1", CASH, SETTLEMENT, "1.00"),
        auditor.key,
      ),
      403,
      "forbidden",
    );
    expectProblem(
      await send(
        "POST",
        `/v1/ledgers/${LEDGER}/accounts`,
        { id: "aud-acc", currency: "USD", type: "asset" },
        auditor.key,
      ),
      403,
      "forbidden",
    );
    expectProblem(
      await send(
        "POST",
        `/v1/ledgers/${LEDGER}/periods/close`,
        { upTo: "2020-01-01T00:00:00Z" },
        poster.key,
      ),
      403,
      "forbidden",
    );
    expectProblem(
      await send("POST", "/v1/keys", { name: "x", roles: ["admin"], ledgers: ["*"] }, poster.key),
      403,
      "forbidden",
    );
    // The auditor may read.
    expect((await send("GET", `/v1/ledgers/${LEDGER}`, undefined, auditor.key)).status).toBe(200);
    expect(
      (await send("GET", `/v1/ledgers/${LEDGER}/accounts/${CASH}`, undefined, auditor.key)).status,
    ).toBe(200);
    // Nothing was written under the auditor's id.
    expectProblem(await send("GET", `/v1/ledgers/${LEDGER}/entries/aud-1`), 404, "entry_not_found");
  });

  it("answers 403 when a poster of ledger A touches ledger B", async () => {
    const path = `/v1/ledgers/${OTHER}`;
    expectProblem(await send("GET", path, undefined, poster.key), 403, "forbidden");
    expectProblem(
      await send("POST", `${path}/entries`, entry("scope-1", CASH, SETTLEMENT, "1.00"), poster.key),
      403,
      "forbidden",
    );
    expectProblem(
      await send(
        "POST",
        `${path}/accounts`,
        { id: "scope-acc", currency: "USD", type: "asset" },
        poster.key,
      ),
      403,
      "forbidden",
    );
    expectProblem(
      await send("GET", `${path}/accounts/${CASH}`, undefined, poster.key),
      403,
      "forbidden",
    );
    expectProblem(
      await send(
        "POST",
        "/v1/ledgers",
        {
          id: "scope-new",
          name: "n",
          reportingCurrency: "USD",
          assets: [{ code: "USD", scale: 2 }],
        },
        poster.key,
      ),
      403,
      "forbidden",
    );
    // The other ledger's own poster may.
    const own = await send(
      "POST",
      `${path}/entries`,
      entry("scope-2", CASH, SETTLEMENT, "1.00"),
      otherPoster.key,
    );
    expectCreated(own);
    expect((own.body as EntryBody).actor.startsWith(`key:${otherPoster.keyId}:`)).toBe(true);
  });

  it("lists and revokes keys; a revoked key is 401 and an unknown key id 404", async () => {
    const temp = await createKey("routes-temp", ["poster"], [LEDGER]);
    const list = await send("GET", "/v1/keys");
    expect(list.status).toBe(200);
    const keys = (list.body as { keys: { keyId: string; name: string }[] }).keys;
    expect(keys.map((key) => key.keyId)).toContain(temp.keyId);
    expect(JSON.stringify(list.body)).not.toContain(temp.key);
    const revoked = await send("DELETE", `/v1/keys/${temp.keyId}`);
    expect(revoked.status).toBe(200);
    expect((revoked.body as { revokedAt: string | null }).revokedAt).not.toBeNull();
    expectProblem(
      await send("GET", `/v1/ledgers/${LEDGER}`, undefined, temp.key),
      401,
      "unauthorized",
    );
    expectProblem(await send("DELETE", "/v1/keys/doesnotexist123"), 404, "not_found");
    expectProblem(
      await send("POST", "/v1/keys", { name: "x", roles: ["boss"], ledgers: ["*"] }),
      400,
      "invalid_request",
    );
  });
});

describe("ledgers", () => {
  it("creates a ledger (201), replays it (200, Idempotent-Replay) and reads it", async () => {
    const body = {
      id: "routes-l1",
      name: "L1",
      reportingCurrency: "USD",
      assets: [{ code: "USD", scale: 2 }],
    };
    const first = await expectIdempotent("POST", "/v1/ledgers", body);
    const created = first.body as LedgerBody;
    expect(created).toMatchObject({
      id: "routes-l1",
      name: "L1",
      sequence: 0,
      closedThrough: null,
    });
    expect(created.hash).toMatch(/^[0-9a-f]{64}$/);
    const read = await send("GET", "/v1/ledgers/routes-l1");
    expect(read.status).toBe(200);
    expect(read.body).toEqual(first.body);
  });

  it("refuses other content under the id (409 id_conflict) and a reporting currency that is no asset (400 unknown_currency)", async () => {
    expectProblem(
      await send("POST", "/v1/ledgers", {
        id: LEDGER,
        name: "Renamed",
        reportingCurrency: "USD",
        assets: [{ code: "USD", scale: 2 }],
      }),
      409,
      "id_conflict",
    );
    expectProblem(
      await send("POST", "/v1/ledgers", {
        id: "routes-l2",
        name: "L2",
        reportingCurrency: "EUR",
        assets: [{ code: "USD", scale: 2 }],
      }),
      400,
      "unknown_currency",
    );
  });

  it("answers 400 for malformed JSON and schema violations, 415 for text/plain, 404 for an unknown ledger", async () => {
    expectProblem(
      await raw("/v1/ledgers", '{"id": "x", ', "application/json"),
      400,
      "invalid_request",
    );
    const invalid = expectProblem(
      await send("POST", "/v1/ledgers", {
        id: "bad id!",
        name: "",
        reportingCurrency: "USD",
        assets: [],
        extra: 1,
      }),
      400,
      "invalid_request",
    );
    expect(invalid.errors?.length ?? 0).toBeGreaterThan(0);
    expectProblem(await raw("/v1/ledgers", "id=x", "text/plain"), 415, "unsupported_media_type");
    expectProblem(await send("GET", "/v1/ledgers/no-such-ledger"), 404, "ledger_not_found");
    expectProblem(await send("GET", "/v1/nothing-here"), 404, "not_found");
  });
});

describe("accounts", () => {
  it("opens an account (201, replay 200) and reads it with zero balances", async () => {
    const body = { id: "acc-1", currency: "USD", type: "asset", attributes: { country: "GB" } };
    const first = await expectIdempotent(
      "POST",
      `/v1/ledgers/${LEDGER}/accounts`,
      body,
      poster.key,
    );
    expect(first.body as AccountBody).toMatchObject({
      id: "acc-1",
      status: "open",
      version: 1,
      attributes: { country: "GB" },
      balances: {
        postedDebits: "0.00",
        postedCredits: "0.00",
        pendingDebits: "0.00",
        pendingCredits: "0.00",
        balance: "0.00",
        available: "0.00",
      },
    });
    expect(await account("acc-1")).toEqual(first.body);
  });

  it("refuses bad accounts: 400 schema, unknown_currency, both flags; 409 id_conflict; 404 unknown ledger or account", async () => {
    const path = `/v1/ledgers/${LEDGER}/accounts`;
    expectProblem(
      await send("POST", path, { id: "acc-x", currency: "USD", type: "plant" }),
      400,
      "invalid_request",
    );
    expectProblem(
      await send("POST", path, { id: "acc-x", currency: "EUR", type: "asset" }),
      400,
      "unknown_currency",
    );
    expectProblem(
      await send("POST", path, {
        id: "acc-x",
        currency: "USD",
        type: "asset",
        flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true },
      }),
      400,
      "flags_mutually_exclusive",
    );
    expectProblem(
      await send("POST", path, { id: CASH, currency: "JPY", type: "asset" }),
      409,
      "id_conflict",
    );
    expectProblem(
      await send("POST", "/v1/ledgers/no-such-ledger/accounts", {
        id: "a",
        currency: "USD",
        type: "asset",
      }),
      404,
      "ledger_not_found",
    );
    expectProblem(await send("GET", `${path}/no-such-account`), 404, "account_not_found");
    expectProblem(await raw(path, "{nope", "application/json"), 400, "invalid_request");
  });

  it("updates attributes with expectedVersion (201, replay 200) and refuses a stale version with 409 version_conflict", async () => {
    await openAccount("acc-upd", "asset");
    const path = `/v1/ledgers/${LEDGER}/accounts/acc-upd`;
    const first = await expectIdempotent(
      "PATCH",
      path,
      { expectedVersion: 1, attributes: { rating: "BBB" }, metadata: { desk: "fx" } },
      poster.key,
    );
    expect(first.body as AccountBody).toMatchObject({
      version: 2,
      attributes: { rating: "BBB" },
      metadata: { desk: "fx" },
    });
    const stale = expectProblem(
      await send("PATCH", path, { expectedVersion: 1, attributes: { rating: "AA" } }),
      409,
      "version_conflict",
    );
    expect(stale.detail.length).toBeGreaterThan(0);
    expect((await account("acc-upd")).attributes).toEqual({ rating: "BBB" });
    expectProblem(
      await send("PATCH", `/v1/ledgers/${LEDGER}/accounts/no-such-account`, { expectedVersion: 1 }),
      404,
      "account_not_found",
    );
    expectProblem(await send("PATCH", path, { expectedVersion: 0 }), 400, "invalid_request");
  });

  it("closes an account at zero (201, replay 200); refuses one with a balance or holds (422); an update to a closed one is 422", async () => {
    await openAccount("acc-close", "asset");
    const closed = await expectIdempotent(
      "POST",
      `/v1/ledgers/${LEDGER}/accounts/acc-close/close`,
      undefined,
      poster.key,
    );
    expect((closed.body as AccountBody).status).toBe("closed");
    expectProblem(
      await send("PATCH", `/v1/ledgers/${LEDGER}/accounts/acc-close`, {
        expectedVersion: 2,
        attributes: { rating: "C" },
      }),
      422,
      "account_closed",
    );
    expectProblem(
      await send(
        "POST",
        `/v1/ledgers/${LEDGER}/entries`,
        entry("to-closed", "acc-close", SETTLEMENT, "1.00"),
      ),
      422,
      "account_closed",
    );

    await openAccount("acc-busy", "asset");
    expectCreated(
      await send(
        "POST",
        `/v1/ledgers/${LEDGER}/entries`,
        entry("busy-1", "acc-busy", SETTLEMENT, "5.00"),
      ),
    );
    expectProblem(
      await send("POST", `/v1/ledgers/${LEDGER}/accounts/acc-busy/close`),
      422,
      "account_not_zero",
    );

    await openAccount("acc-held", "asset");
    expectCreated(
      await send("POST", `/v1/ledgers/${LEDGER}/pending`, {
        ...entry("held-1", "acc-held", SETTLEMENT, "5.00"),
        timeoutSeconds: 3600,
      }),
    );
    expectProblem(
      await send("POST", `/v1/ledgers/${LEDGER}/accounts/acc-held/close`),
      422,
      "account_has_holds",
    );
    expectProblem(
      await send("POST", `/v1/ledgers/${LEDGER}/accounts/nope/close`),
      404,
      "account_not_found",
    );
  });
});

describe("entries", () => {
  it("posts an entry (201, replay 200 with the same body) recording the key's actor", async () => {
    const first = await expectIdempotent(
      "POST",
      `/v1/ledgers/${LEDGER}/entries`,
      entry("post-1", CASH, SETTLEMENT, "12.34", { description: "first", metadata: { ref: "r1" } }),
      poster.key,
    );
    const posted = first.body as EntryBody;
    expect(posted).toMatchObject({
      id: "post-1",
      kind: "posted",
      description: "first",
      reversalOf: null,
      reversedBy: null,
      hold: null,
      rejection: null,
      postings: [
        { accountId: CASH, side: "debit", amount: "12.34", currency: "USD" },
        { accountId: SETTLEMENT, side: "credit", amount: "12.34", currency: "USD" },
      ],
    });
    expect(posted.actor.startsWith(`key:${poster.keyId}:`)).toBe(true);
    expect(await getEntry("post-1")).toEqual(posted);

    const byAdmin = await send(
      "POST",
      `/v1/ledgers/${LEDGER}/entries`,
      entry("post-admin", CASH, SETTLEMENT, "1.00"),
    );
    expectCreated(byAdmin);
    expect((byAdmin.body as EntryBody).actor.startsWith(`key:${adminKeyId}:`)).toBe(true);
  });

  it("refuses an id reused with other content (409 id_conflict)", async () => {
    const reply = await send(
      "POST",
      `/v1/ledgers/${LEDGER}/entries`,
      entry("post-1", CASH, SETTLEMENT, "99.00"),
      poster.key,
    );
    const problem = expectProblem(reply, 409, "id_conflict");
    expect(problem.details).toBeDefined();
  });

  it("answers 400 for schema violations, too many decimals (amount_precision) and malformed JSON; 415 for text/plain", async () => {
    const path = `/v1/ledgers/${LEDGER}/entries`;
    expectProblem(
      await send("POST", path, {
        id: "bad-1",
        postings: [{ accountId: CASH, side: "debit", amount: "1.00" }],
      }),
      400,
      "invalid_request",
    );
    expectProblem(
      await send("POST", path, entry("bad-2", CASH, SETTLEMENT, "1.00", { surprise: true })),
      400,
      "invalid_request",
    );
    expectProblem(
      await send("POST", path, {
        ...entry("bad-3", CASH, SETTLEMENT, "1.00"),
        postings: [
          { accountId: CASH, side: "debit", amount: 1 },
          { accountId: SETTLEMENT, side: "credit", amount: "1.00" },
        ],
      }),
      400,
      "invalid_request",
    );
    const precision = expectProblem(
      await send("POST", path, entry("bad-4", CASH, SETTLEMENT, "1.001")),
      400,
      "amount_precision",
    );
    expect(precision.detail).toContain("1.001");
    expectProblem(
      await raw(path, '{"id":"bad-5","postings":[', "application/json"),
      400,
      "invalid_request",
    );
    expectProblem(await raw(path, "not json", "text/plain"), 415, "unsupported_media_type");
    // The schema refused before the core: no id was spent.
    expectProblem(await send("GET", `${path}/bad-1`), 404, "entry_not_found");
  });

  it("answers 404 for an unknown ledger, account or entry", async () => {
    expectProblem(
      await send(
        "POST",
        "/v1/ledgers/no-such-ledger/entries",
        entry("nl-1", CASH, SETTLEMENT, "1.00"),
      ),
      404,
      "ledger_not_found",
    );
    expectProblem(
      await send(
        "POST",
        `/v1/ledgers/${LEDGER}/entries`,
        entry("na-1", "no-such-account", SETTLEMENT, "1.00"),
      ),
      404,
      "account_not_found",
    );
    expectProblem(
      await send("GET", `/v1/ledgers/${LEDGER}/entries/no-such-entry`),
      404,
      "entry_not_found",
    );
    expectProblem(
      await send("GET", "/v1/ledgers/no-such-ledger/entries/x"),
      404,
      "ledger_not_found",
    );
  });

  it("answers 422 for rule violations: unbalanced, exceeds_credits with decimal details, and records the rejection", async () => {
    const path = `/v1/ledgers/${LEDGER}/entries`;
    const unbalanced = expectProblem(
      await send("POST", path, {
        id: "unbal-1",
        postings: [
          { accountId: CASH, side: "debit", amount: "10.00" },
          { accountId: SETTLEMENT, side: "credit", amount: "9.99" },
        ],
      }),
      422,
      "unbalanced",
    );
    expect(unbalanced.details).toMatchObject({ currency: "USD" });

    await openAccount("nod-1", "liability", { flags: { debitsMustNotExceedCredits: true } });
    expectCreated(await send("POST", path, entry("nod-fund", CASH, "nod-1", "5.00")));
    const overReply = await send("POST", path, entry("nod-over", "nod-1", SETTLEMENT, "5.01"));
    const over = expectProblem(overReply, 422, "exceeds_credits");
    expect(overReply.headers.get("idempotent-replay")).toBeNull();
    const details = over.details ?? {};
    const decimals = Object.entries(details).filter(([key]) =>
      ["available", "required", "limit"].includes(key),
    );
    expect(decimals.length).toBeGreaterThanOrEqual(2);
    for (const [, value] of decimals) expect(value).toMatch(/^\d+\.\d{2}$/);
    expect(details.required).toBe("5.01");
    expect(details.available ?? details.limit).toBe("5.00");

    const rejected = await getEntry("nod-over");
    expect(rejected).toMatchObject({ kind: "rejected", rejection: { code: "exceeds_credits" } });
    // The id is spent: the same command again is the same code (a replay, said so), other
    // content a conflict.
    const replayed = await send("POST", path, entry("nod-over", "nod-1", SETTLEMENT, "5.01"));
    expectProblem(replayed, 422, "exceeds_credits");
    expect(replayed.headers.get("idempotent-replay")).toBe("true");
    expectProblem(
      await send("POST", path, entry("nod-over", "nod-1", SETTLEMENT, "1.00")),
      409,
      "id_conflict",
    );
    expect((await account("nod-1")).balances).toMatchObject({ balance: "5.00", available: "5.00" });
  });

  it("posts an atomic batch (201, replay 200) and refuses a failing one as a whole with details.index", async () => {
    const path = `/v1/ledgers/${LEDGER}/entries/batch`;
    const body = {
      atomic: true,
      entries: [entry("ab-1", CASH, SETTLEMENT, "1.00"), entry("ab-2", CASH, SETTLEMENT, "2.00")],
    };
    const first = await send("POST", path, body, poster.key);
    expectCreated(first);
    const batch = first.body as BatchBody;
    expect(batch.atomic).toBe(true);
    expect(batch.results.map((result) => [result.id, result.status])).toEqual([
      ["ab-1", 201],
      ["ab-2", 201],
    ]);
    for (const result of batch.results) {
      expect(result.entry?.actor.startsWith(`key:${poster.keyId}:`)).toBe(true);
    }
    const again = await send("POST", path, body, poster.key);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replay")).toBe("true");
    const replayed = again.body as BatchBody;
    // Each result says how that entry alone was answered (200: a replay); the entries are the same.
    expect(replayed.results.map((result) => result.status)).toEqual([200, 200]);
    expect(replayed.results.map((result) => result.entry)).toEqual(
      batch.results.map((result) => result.entry),
    );

    const failing = expectProblem(
      await send("POST", path, {
        atomic: true,
        entries: [
          entry("ab-3", CASH, SETTLEMENT, "1.00"),
          entry("ab-4", CASH, SETTLEMENT, "1.001"),
        ],
      }),
      400,
      "amount_precision",
    );
    expect(failing.details?.index).toBe(1);
    const unbalanced = expectProblem(
      await send("POST", path, {
        atomic: true,
        entries: [
          entry("ab-5", CASH, SETTLEMENT, "1.00"),
          {
            id: "ab-6",
            postings: [
              { accountId: CASH, side: "debit", amount: "1.00" },
              { accountId: SETTLEMENT, side: "credit", amount: "2.00" },
            ],
          },
        ],
      }),
      422,
      "unbalanced",
    );
    expect(unbalanced.details?.index).toBe(1);
    expect((await getEntry("ab-5")).rejection?.code).toBe("batch_rejected");
    expectProblem(await send("POST", path, { atomic: true, entries: [] }), 400, "invalid_request");
    expectProblem(
      await send("POST", "/v1/ledgers/no-such-ledger/entries/batch", body),
      404,
      "ledger_not_found",
    );
  });

  it("posts a non-atomic batch entry by entry (200 with each status; replay 200 with the same entries)", async () => {
    const path = `/v1/ledgers/${LEDGER}/entries/batch`;
    const body = {
      entries: [
        entry("nb-1", CASH, SETTLEMENT, "1.00"),
        entry("nb-2", CASH, SETTLEMENT, "1.001"),
        entry("nb-3", CASH, SETTLEMENT, "3.00"),
      ],
    };
    const first = await send("POST", path, body, poster.key);
    expect(first.status).toBe(200);
    const batch = first.body as BatchBody;
    expect(batch.atomic).toBe(false);
    expect(batch.results.map((result) => [result.id, result.status, result.problem?.code])).toEqual(
      [
        ["nb-1", 201, undefined],
        ["nb-2", 400, "amount_precision"],
        ["nb-3", 201, undefined],
      ],
    );
    const again = await send("POST", path, body, poster.key);
    expect(again.status).toBe(200);
    const replayed = again.body as BatchBody;
    expect(
      replayed.results.map((result) => [result.id, result.status, result.problem?.code]),
    ).toEqual([
      ["nb-1", 200, undefined],
      ["nb-2", 400, "amount_precision"],
      ["nb-3", 200, undefined],
    ]);
    expect(replayed.results.map((result) => result.entry)).toEqual(
      batch.results.map((result) => result.entry),
    );

    const clean = {
      atomic: false,
      entries: [entry("nb-4", CASH, SETTLEMENT, "1.00"), entry("nb-5", CASH, SETTLEMENT, "2.00")],
    };
    const cleanFirst = await send("POST", path, clean, poster.key);
    expect(cleanFirst.status).toBe(200);
    const cleanAgain = await send("POST", path, clean, poster.key);
    expect(cleanAgain.status).toBe(200);
    expect(cleanAgain.headers.get("idempotent-replay")).toBe("true");
    expect((cleanAgain.body as BatchBody).results.map((result) => result.entry)).toEqual(
      (cleanFirst.body as BatchBody).results.map((result) => result.entry),
    );
  });

  it("reverses an entry once (201, replay 200; a second reversal is 422 already_reversed)", async () => {
    const path = `/v1/ledgers/${LEDGER}/entries`;
    expectCreated(await send("POST", path, entry("rev-src", CASH, SETTLEMENT, "7.00")));
    const first = await expectIdempotent(
      "POST",
      `${path}/rev-src/reverse`,
      { id: "rev-1", description: "oops" },
      poster.key,
    );
    const reversal = first.body as EntryBody;
    expect(reversal).toMatchObject({
      id: "rev-1",
      reversalOf: "rev-src",
      description: "oops",
      postings: [
        { accountId: CASH, side: "credit", amount: "7.00" },
        { accountId: SETTLEMENT, side: "debit", amount: "7.00" },
      ],
    });
    expect(reversal.actor.startsWith(`key:${poster.keyId}:`)).toBe(true);
    expect((await getEntry("rev-src")).reversedBy).toBe("rev-1");
    const twice = expectProblem(
      await send("POST", `${path}/rev-src/reverse`, { id: "rev-2" }),
      422,
      "already_reversed",
    );
    expect(twice.details?.reversedBy).toBe("rev-1");
    expectProblem(
      await send("POST", `${path}/no-such-entry/reverse`, { id: "rev-3" }),
      404,
      "entry_not_found",
    );
    expectProblem(await send("POST", `${path}/rev-src/reverse`, {}), 400, "invalid_request");
  });
});

describe("pending holds", () => {
  it("places a hold, posts it (201 each, replay 200) and voids another (201, replay 200)", async () => {
    const path = `/v1/ledgers/${LEDGER}/pending`;
    const hold = await expectIdempotent(
      "POST",
      path,
      { ...entry("hold-a", CASH, SETTLEMENT, "10.00"), timeoutSeconds: 3600 },
      poster.key,
    );
    expect(hold.body as EntryBody).toMatchObject({ kind: "pending", hold: { status: "open" } });
    expect((hold.body as EntryBody).actor.startsWith(`key:${poster.keyId}:`)).toBe(true);
    const posted = await expectIdempotent("POST", `${path}/hold-a/post`, {}, poster.key);
    expect((posted.body as EntryBody).hold).toMatchObject({ status: "posted" });

    expectCreated(
      await send("POST", path, {
        ...entry("hold-b", CASH, SETTLEMENT, "4.00"),
        timeoutSeconds: 3600,
      }),
    );
    const voided = await expectIdempotent("POST", `${path}/hold-b/void`, undefined, poster.key);
    expect((voided.body as EntryBody).hold).toMatchObject({ status: "voided", posted: [] });
  });

  it("answers 404 pending_not_found, 422 for a resolved hold or too much, 400 for both amount and postings", async () => {
    const path = `/v1/ledgers/${LEDGER}/pending`;
    expectProblem(await send("POST", `${path}/no-such-hold/post`, {}), 404, "pending_not_found");
    expectProblem(await send("POST", `${path}/no-such-hold/void`), 404, "pending_not_found");
    expectProblem(
      await send("POST", "/v1/ledgers/no-such-ledger/pending/x/void"),
      404,
      "ledger_not_found",
    );
    expectProblem(await send("POST", `${path}/hold-a/void`), 422, "pending_already_posted");
    expectProblem(await send("POST", `${path}/hold-b/post`, {}), 422, "pending_already_voided");
    expectCreated(
      await send("POST", path, {
        ...entry("hold-c", CASH, SETTLEMENT, "4.00"),
        timeoutSeconds: 3600,
      }),
    );
    expectProblem(
      await send("POST", `${path}/hold-c/post`, { amount: "4.01" }),
      422,
      "pending_amount_exceeded",
    );
    expectProblem(
      await send("POST", `${path}/hold-c/post`, {
        amount: "1.00",
        postings: [
          { accountId: CASH, side: "debit", amount: "1.00" },
          { accountId: SETTLEMENT, side: "credit", amount: "1.00" },
        ],
      }),
      400,
      "invalid_request",
    );
    expectProblem(
      await send("POST", `${path}/hold-c/post`, { amount: "1.001" }),
      400,
      "amount_precision",
    );
    expectProblem(
      await send("POST", path, { ...entry("hold-d", CASH, SETTLEMENT, "1.00"), timeoutSeconds: 0 }),
      400,
      "invalid_request",
    );
    expectProblem(
      await send("POST", path, entry("hold-e", CASH, SETTLEMENT, "1.00")),
      400,
      "invalid_request",
    );
  });

  it("refuses to post an expired hold (422 pending_expired)", async () => {
    const path = `/v1/ledgers/${LEDGER}/pending`;
    expectCreated(
      await send("POST", path, {
        ...entry("hold-exp", CASH, SETTLEMENT, "2.00"),
        timeoutSeconds: 1,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expectProblem(await send("POST", `${path}/hold-exp/post`, {}), 422, "pending_expired");
    expectProblem(await send("POST", `${path}/hold-exp/void`), 422, "pending_expired");
  });
});

describe("periods", () => {
  it("closes a period (201, replay 200); later entries dated in it are 422 period_closed", async () => {
    const ledgerId = "routes-periods";
    expectCreated(
      await send("POST", "/v1/ledgers", {
        id: ledgerId,
        name: "P",
        reportingCurrency: "USD",
        assets: [{ code: "USD", scale: 2 }],
      }),
    );
    await openAccount("a", "asset", {}, ledgerId);
    await openAccount("b", "liability", {}, ledgerId);
    const path = `/v1/ledgers/${ledgerId}/periods/close`;
    const first = await expectIdempotent("POST", path, { upTo: "2020-12-31T23:59:59.999Z" });
    expect((first.body as LedgerBody).closedThrough).toBe("2020-12-31T23:59:59.999Z");
    expectProblem(
      await send(
        "POST",
        `/v1/ledgers/${ledgerId}/entries`,
        entry("old", "a", "b", "1.00", { effectiveAt: "2020-06-01T00:00:00Z" }),
      ),
      422,
      "period_closed",
    );
    expectCreated(
      await send(
        "POST",
        `/v1/ledgers/${ledgerId}/entries`,
        entry("new", "a", "b", "1.00", { effectiveAt: "2021-01-01T00:00:00Z" }),
      ),
    );
    expectProblem(
      await send("POST", path, { upTo: "2999-01-01T00:00:00Z" }),
      422,
      "period_in_future",
    );
    expectProblem(await send("POST", path, { upTo: "yesterday" }), 400, "invalid_request");
    expectProblem(
      await send("POST", "/v1/ledgers/no-such-ledger/periods/close", {
        upTo: "2020-01-01T00:00:00Z",
      }),
      404,
      "ledger_not_found",
    );
  });
});

describe("a worked flow: deposit, hold, partial post, balances, reversal", () => {
  it("keeps the four counters, balance and available right at every step", async () => {
    const path = `/v1/ledgers/${LEDGER}`;
    await openAccount("flow-cust", "liability", { flags: { debitsMustNotExceedCredits: true } });
    const deposit = await send(
      "POST",
      `${path}/entries`,
      entry("flow-dep", CASH, "flow-cust", "100.00"),
      poster.key,
    );
    expectCreated(deposit);
    expect((await account("flow-cust")).balances).toEqual({
      postedDebits: "0.00",
      postedCredits: "100.00",
      pendingDebits: "0.00",
      pendingCredits: "0.00",
      balance: "100.00",
      available: "100.00",
    });

    expectCreated(
      await send(
        "POST",
        `${path}/pending`,
        { ...entry("flow-hold", "flow-cust", SETTLEMENT, "30.00"), timeoutSeconds: 600 },
        poster.key,
      ),
    );
    expect((await account("flow-cust")).balances).toEqual({
      postedDebits: "0.00",
      postedCredits: "100.00",
      pendingDebits: "30.00",
      pendingCredits: "0.00",
      balance: "100.00",
      available: "70.00",
    });
    // The hold counts: 70.01 more is too much.
    const over = expectProblem(
      await send(
        "POST",
        `${path}/entries`,
        entry("flow-over", "flow-cust", SETTLEMENT, "70.01"),
        poster.key,
      ),
      422,
      "exceeds_credits",
    );
    expect(over.details?.required).toBe("100.01");

    const partial = await send(
      "POST",
      `${path}/pending/flow-hold/post`,
      { amount: "20.00" },
      poster.key,
    );
    expectCreated(partial);
    expect((partial.body as EntryBody).hold).toMatchObject({
      status: "posted",
      posted: [
        { accountId: "flow-cust", side: "debit", amount: "20.00" },
        { accountId: SETTLEMENT, side: "credit", amount: "20.00" },
      ],
    });
    expect((await account("flow-cust")).balances).toEqual({
      postedDebits: "20.00",
      postedCredits: "100.00",
      pendingDebits: "0.00",
      pendingCredits: "0.00",
      balance: "80.00",
      available: "80.00",
    });

    const reversal = await send(
      "POST",
      `${path}/entries/flow-hold/reverse`,
      { id: "flow-rev" },
      poster.key,
    );
    expectCreated(reversal);
    expect(reversal.body as EntryBody).toMatchObject({
      reversalOf: "flow-hold",
      postings: [
        { accountId: "flow-cust", side: "credit", amount: "20.00" },
        { accountId: SETTLEMENT, side: "debit", amount: "20.00" },
      ],
    });
    expect((await account("flow-cust")).balances).toEqual({
      postedDebits: "20.00",
      postedCredits: "120.00",
      pendingDebits: "0.00",
      pendingCredits: "0.00",
      balance: "100.00",
      available: "100.00",
    });
    const hold = await getEntry("flow-hold");
    expect(hold).toMatchObject({ reversedBy: "flow-rev", hold: { status: "posted" } });
    for (const id of ["flow-dep", "flow-hold", "flow-rev"]) {
      expect((await getEntry(id)).actor.startsWith(`key:${poster.keyId}:`)).toBe(true);
    }
    const ledger = (await send("GET", path)).body as LedgerBody;
    expect(ledger.sequence).toBeGreaterThanOrEqual((await getEntry("flow-rev")).sequence);
  });
});

describe("body limit", () => {
  let small: TestFolio;

  beforeAll(async () => {
    small = await startTestFolio({ FOLIO_BODY_LIMIT_BYTES: "2048" });
    closers.push(() => small.close());
  });

  it("answers 413 body_too_large for a body over FOLIO_BODY_LIMIT_BYTES", async () => {
    const ledger = {
      id: "tiny",
      name: "Tiny",
      reportingCurrency: "USD",
      assets: [{ code: "USD", scale: 2 }],
    };
    expect((await small.request("POST", "/v1/ledgers", ledger)).status).toBe(201);
    const big = {
      ...ledger,
      name: "x".repeat(3_000),
    };
    const reply = await small.request("POST", "/v1/ledgers", big);
    expectProblem(reply, 413, "body_too_large");
  });
});
