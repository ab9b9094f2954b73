// HTTP fuzzing of every GET and DELETE route, taken from the running API's own route table (so
// a new route is fuzzed the day it is added): at least 10,000 requests with odd path
// parameters (long, unicode, percent-encoded, dots), query strings (known parameters with
// hostile values: cursors past the database's integers, exponents, signs, repeats, unknown
// keys) and headers (keys of every kind, junk tokens, odd Accept and request ids). Every answer
// must be below 500, and every error a problem+json with a `code`.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteAccessEntry } from "./plugins/auth.js";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "fuzzq";
/** Requests sent at once per fast-check run. */
const GROUP = 8;
const RUNS = 1_300;
const MIN_REQUESTS = 10_000;

type KeyChoice = "admin" | "auditor" | "otherLedger" | "none" | "garbage" | "malformed";

interface QueryRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly key: KeyChoice;
  readonly headers: Readonly<Record<string, string>>;
}

let folio: TestFolio;
let routes: RouteAccessEntry[] = [];
const keys: Record<"admin" | "auditor" | "otherLedger", string> = {
  admin: "",
  auditor: "",
  otherLedger: "",
};
const stats = { requests: 0, byStatus: new Map<number, number>(), routes: new Set<string>() };

const KNOWN_PARAMETERS = [
  "asOf",
  "basis",
  "knownAt",
  "minSequence",
  "after",
  "limit",
  "effectiveFrom",
  "effectiveTo",
  "fromSequence",
  // The list routes' filters and cursors (api/routes/listings.ts, docs/queries.md).
  "cursor",
  "sort",
  "order",
  "type",
  "currency",
  "status",
  "kind",
  "account",
  "actor",
  "amountMin",
  "amountMax",
  "recordedFrom",
  "recordedTo",
  "expiresFrom",
  "expiresTo",
  "idPrefix",
  "sector",
  "metadata.tier",
  "metadata.",
] as const;

const knownIds = ["cash", "cust:1", "e-1", "hold-1", LEDGER, "fuzzq-other"];

/** Path parameter text as sent (already encoded, or deliberately not). */
const pathParameter: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...knownIds),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: "grapheme", maxLength: 20 }).map(encodeURIComponent),
  fc.integer({ min: 1, max: 500 }).map((length) => "a".repeat(length)),
  fc.constantFrom("%zz", "%00", "%2F", "..", ".", "%2e%2e", "a%", "%C0%AF", "-", "_x", "%E2%80%AE"),
);

/** Values that have broken query parsers: integer edges, exponents, signs, cursors, times. */
const queryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    "0",
    "-1",
    "1.2147483648",
    "2147483648",
    "9007199254740992",
    "99999999999999999999999",
    "1e3",
    "0x10",
    " 1",
    "1.0",
    "0.0",
    "NaN",
    "Infinity",
    "true",
    "null",
    "effective",
    "recorded",
    "2026-11-29T00:00:00Z",
    "2026-13-45T99:99:99Z",
    "275760-09-13T00:00:00Z",
    "-000001-01-01T00:00:00Z",
    "%00",
    "%zz",
    "[]",
    "{}",
    "USD",
    "-balance",
    "newest",
    "open",
    "cust:",
    // Cursors: JSON that is not one, a foreign digest, keys past every integer.
    Buffer.from('{"f":"","k":{}}').toString("base64url"),
    Buffer.from('{"f":"x","k":99999999999999999999}').toString("base64url"),
    Buffer.from('{"f":"x","k":{"accountId":"a","balance":"1e999"}}').toString("base64url"),
  ),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}.${b}`),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.integer({ min: 1, max: 3_000 }).map((length) => "9".repeat(length)),
);

const queryString: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...KNOWN_PARAMETERS) },
        { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map(encodeURIComponent) },
      ),
      queryValue,
    ),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join("&"));

const headers: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    accept: fc.constantFrom("*/*", "text/html", "application/xml", "application/json;q=0", "x"),
    "x-request-id": fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom("a b", "../", "é")),
    "content-type": fc.constantFrom("application/json", "text/plain", "multipart/form-data"),
    "if-none-match": fc.constantFrom("*", '"x"', "W/"),
  },
  { requiredKeys: [] },
);

function pathOf(url: string, parameters: readonly string[]): string {
  let index = 0;
  return url.replace(/:[A-Za-z]+/g, () => parameters[index++] ?? "x");
}

const request: fc.Arbitrary<QueryRequest> = fc
  .record({
    route: fc.nat(),
    parameters: fc.array(pathParameter, { minLength: 3, maxLength: 3 }),
    ledgerIsOwn: fc.boolean(),
    query: queryString,
    key: fc.constantFrom<KeyChoice>(
      "admin",
      "admin",
      "auditor",
      "otherLedger",
      "none",
      "garbage",
      "malformed",
    ),
    headers,
  })
  .map(({ route, parameters, ledgerIsOwn, query, key, headers: extra }) => {
    const chosen = routes[route % routes.length];
    if (chosen === undefined) throw new Error("no routes to fuzz");
    const filled = ledgerIsOwn ? [LEDGER, ...parameters.slice(1)] : parameters;
    return { method: chosen.method, path: pathOf(chosen.url, filled), query, key, headers: extra };
  });

function authorizationOf(key: KeyChoice): Record<string, string> {
  switch (key) {
    case "none":
      return {};
    case "garbage":
      return { authorization: "Bearer folio_not-a-real-key-at-all" };
    case "malformed":
      return { authorization: "Basic Zm9vOmJhcg==" };
    default:
      return { authorization: `Bearer ${keys[key]}` };
  }
}

async function send(sent: QueryRequest): Promise<void> {
  const url = `${folio.url}${sent.path}${sent.query === "" ? "" : `?${sent.query}`}`;
  const headerList = new Headers();
  for (const [name, value] of Object.entries({ ...sent.headers, ...authorizationOf(sent.key) })) {
    try {
      headerList.set(name, value);
    } catch {
      // a value fetch itself refuses to send (e.g. a newline): leave that header out
    }
  }
  const response = await fetch(url, {
    method: sent.method,
    headers: headerList,
    redirect: "manual",
  });
  const text = await response.text();
  stats.requests += 1;
  stats.byStatus.set(response.status, (stats.byStatus.get(response.status) ?? 0) + 1);
  const label = `${sent.method} ${url} (${sent.key}): ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, label).toBeLessThan(500);
  if (response.status >= 400 && sent.method !== "HEAD") {
    expect(response.headers.get("content-type") ?? "", label).toMatch(
      /^application\/problem\+json/,
    );
    const problem = JSON.parse(text) as { code?: unknown; status?: unknown };
    expect(typeof problem.code, label).toBe("string");
    expect(problem.status, label).toBe(response.status);
  }
}

async function must(method: string, path: string, body?: unknown): Promise<unknown> {
  const reply = await folio.request(method, path, body);
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status}`);
  return reply.body;
}

async function setUp(): Promise<void> {
  // Load shedding is a timing matter, not an input one: off here, so that a slow CI machine
  // cannot turn a fuzzed request into a 503 (api/overload.spec.ts covers it).
  folio = await startTestFolio({ FOLIO_MAX_EVENT_LOOP_DELAY_MS: "0" });
  keys.admin = folio.adminKey;
  await must("POST", "/v1/ledgers", {
    id: LEDGER,
    name: "Fuzzed queries",
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  });
  for (const id of ["cash", "cust:1"]) {
    await must("POST", `/v1/ledgers/${LEDGER}/accounts`, {
      id,
      currency: "USD",
      type: id === "cash" ? "asset" : "liability",
    });
  }
  const postings = [
    { accountId: "cash", side: "debit", amount: "10.00" },
    { accountId: "cust:1", side: "credit", amount: "10.00" },
  ];
  await must("POST", `/v1/ledgers/${LEDGER}/entries`, { id: "e-1", postings });
  await must("POST", `/v1/ledgers/${LEDGER}/pending`, {
    id: "hold-1",
    timeoutSeconds: 3_600,
    postings,
  });
  const created = async (body: unknown): Promise<string> =>
    ((await must("POST", "/v1/keys", body)) as { key: string }).key;
  keys.auditor = await created({ name: "fuzz auditor", roles: ["auditor"], ledgers: [LEDGER] });
  keys.otherLedger = await created({
    name: "fuzz other",
    roles: ["poster"],
    ledgers: ["fuzzq-other"],
  });
  routes = folio.folio.routes.filter(
    (route) => route.method === "GET" || route.method === "DELETE" || route.method === "HEAD",
  );
  for (const route of routes) stats.routes.add(`${route.method} ${route.url}`);
}

describe("HTTP fuzzing of the query and delete routes", () => {
  beforeAll(setUp, 60_000);
  afterAll(async () => {
    await folio.close();
  });

  it("answers every fuzzed GET, HEAD and DELETE below 500, errors as problems", async () => {
    const seed = process.env.FUZZ_SEED;
    await fc.assert(
      fc.asyncProperty(
        fc.array(request, { minLength: GROUP, maxLength: GROUP }),
        async (group: QueryRequest[]) => {
          await Promise.all(group.map(send));
        },
      ),
      { numRuns: RUNS, ...(seed === undefined ? {} : { seed: Number(seed) }) },
    );
  }, 300_000);

  it("sent at least 10,000 requests over every GET and DELETE route", () => {
    expect(stats.requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(routes.some((route) => route.method === "DELETE")).toBe(true);
    expect(routes.filter((route) => route.url.startsWith("/v1/")).length).toBeGreaterThan(8);
    for (const status of [200, 400, 401, 403, 404]) {
      expect(stats.byStatus.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
    }
    console.log(
      `fuzzed ${stats.requests} requests over ${stats.routes.size} routes: ${JSON.stringify(
        Object.fromEntries([...stats.byStatus].sort(([a], [b]) => a - b)),
      )}`,
    );
  });
});
