// The list and search routes over real HTTP on a whole Folio: GET /v1/ledgers (key scope),
// and a ledger's accounts, entries and holds under every filter, on both sides of each
// boundary, checked against what the test posted; keyset paging in both orders; and the
// errors: unknown parameters, bad values, contradictory ranges and forged or foreign cursors
// are 400s with a code, never a 500 and never a silent "no filter".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

let folio: TestFolio;
const shop = "/v1/ledgers/shop";
type Json = Record<string, unknown>;
type Item = Json & { id: string };

async function ok(method: string, path: string, body?: unknown, key?: string): Promise<Json> {
  const response = await folio.request(method, path, body, key);
  if (response.status >= 300) {
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Json;
}

let head = 0;
/** Every item of a listing, page by page (`limit` per page), after the model reached `head`. */
async function all(path: string, limit = 3, key?: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  const separator = path.includes("?") ? "&" : "?";
  for (let pages = 0; pages < 1_000; pages += 1) {
    const query: string = `limit=${limit}&minSequence=${head}${cursor === null ? "" : `&cursor=${cursor}`}`;
    const body = await ok("GET", `${path}${separator}${query}`, undefined, key);
    const page = body.items as Item[];
    expect(page.length).toBeLessThanOrEqual(limit);
    items.push(...page);
    cursor = body.nextCursor as string | null;
    if (cursor === null) return items;
    expect(page.length).toBe(limit);
  }
  throw new Error("too many pages");
}
const ids = (items: readonly Item[]): string[] => items.map((item) => item.id);

function entry(id: string, debit: string, credit: string, amount: string, extra: Json = {}) {
  return {
    id,
    ...extra,
    postings: [
      { accountId: debit, side: "debit", amount },
      { accountId: credit, side: "credit", amount },
    ],
  };
}

const t0 = Date.parse("2026-01-01T00:00:00.000Z");
const at = (days: number): string => new Date(t0 + days * 86_400_000).toISOString();
const soon = (hours: number): string => new Date(Date.now() + hours * 3_600_000).toISOString();
const ACCOUNTS = 12;
const acct = (n: number): string => `cust:${String(n).padStart(4, "0")}:main`;

beforeAll(async () => {
  folio = await startTestFolio();
  const assets = [
    { code: "USD", scale: 2 },
    { code: "JPY", scale: 0 },
  ];
  await ok("POST", "/v1/ledgers", { id: "shop", name: "Shop", reportingCurrency: "USD", assets });
  await ok("POST", "/v1/ledgers", { id: "other", name: "Other", reportingCurrency: "USD", assets });
  await ok("POST", `${shop}/accounts`, { id: "cash", currency: "USD", type: "asset" });
  await ok("POST", `${shop}/accounts`, { id: "yen", currency: "JPY", type: "asset" });
  await ok("POST", `${shop}/accounts`, { id: "yen-due", currency: "JPY", type: "liability" });
  for (let n = 0; n < ACCOUNTS; n += 1) {
    await ok("POST", `${shop}/accounts`, {
      id: acct(n),
      currency: "USD",
      type: "liability",
      attributes: { sector: n % 3 === 0 ? "retail" : "corporate", country: n % 2 ? "DE" : "FR" },
      metadata: { tier: n < 4 ? "gold" : "basic", region: "eu" },
      ...(n === 11 ? { flags: { debitsMustNotExceedCredits: true } } : {}),
    });
  }
  await ok("POST", `${shop}/accounts/${acct(10)}/close`);
  // Deposits of n + 1 dollars (n = 0..9), effective on day n, tagged by parity.
  for (let n = 0; n < 10; n += 1) {
    const tags = { metadata: { batch: n % 2 ? "odd" : "even" }, effectiveAt: at(n) };
    await ok("POST", `${shop}/entries`, entry(`dep-${n}`, "cash", acct(n), `${n + 1}.00`, tags));
  }
  await ok("POST", `${shop}/entries`, entry("jpy-1", "yen", "yen-due", "5000"));
  await ok("POST", `${shop}/entries/dep-3/reverse`, { id: "rev-3" });
  // Overdraws acct(11), which may not go below zero: rejected, its id spent.
  const refused = await folio.request(
    "POST",
    `${shop}/entries`,
    entry("bad-1", acct(11), "cash", "1.00"),
  );
  expect(refused.status).toBe(422);
  for (const [id, hours] of [
    ["hold-a", 1],
    ["hold-b", 2],
    ["hold-c", 30],
    ["hold-d", 50],
  ] as const) {
    await ok("POST", `${shop}/pending`, {
      ...entry(id, "cash", acct(4), "2.00"),
      timeoutSeconds: hours * 3_600,
    });
  }
  await ok("POST", `${shop}/pending/hold-c/post`, {});
  await ok("POST", `${shop}/pending/hold-d/void`);
  head = (await ok("GET", shop)).sequence as number;
}, 120_000);

afterAll(async () => {
  await folio.close();
});

describe("GET /v1/ledgers", () => {
  it("lists every ledger to a global key, page by page in id order", async () => {
    expect(ids(await all("/v1/ledgers", 1))).toEqual(["other", "shop"]);
  });

  it("lists only its own ledgers to a scoped key", async () => {
    const created = await ok("POST", "/v1/keys", {
      name: "shop-only",
      roles: ["auditor"],
      ledgers: ["shop"],
    });
    expect(ids(await all("/v1/ledgers", 5, created.key as string))).toEqual(["shop"]);
  });
});

describe("accounts", () => {
  const everyId = [
    "cash",
    ...Array.from({ length: ACCOUNTS }, (_, n) => acct(n)),
    "yen",
    "yen-due",
  ].sort();

  it("pages through every account in id order, either way", async () => {
    expect(ids(await all(`${shop}/accounts`))).toEqual(everyId);
    expect(ids(await all(`${shop}/accounts?sort=-id`, 4))).toEqual([...everyId].reverse());
  });

  it("filters by type, currency, status, attributes, metadata and id prefix", async () => {
    const cases: [string, string[]][] = [
      ["type=asset", ["cash", "yen"]],
      ["currency=JPY", ["yen", "yen-due"]],
      ["status=closed", [acct(10)]],
      ["sector=retail", [0, 3, 6, 9].map(acct)],
      ["sector=retail&country=DE", [3, 9].map(acct)],
      ["metadata.tier=gold", [0, 1, 2, 3].map(acct)],
      ["metadata.tier=gold&metadata.region=eu", [0, 1, 2, 3].map(acct)],
      ["metadata.tier=platinum", []],
      ["idPrefix=cust:000", Array.from({ length: 10 }, (_, n) => acct(n))],
      ["idPrefix=cust:0010", [acct(10)]],
      ["idPrefix=yen", ["yen", "yen-due"]],
      ["idPrefix=yen-", ["yen-due"]],
    ];
    for (const [query, expected] of cases) {
      expect(ids(await all(`${shop}/accounts?${query}`)), query).toEqual(expected);
    }
  });

  it("sorts by balance (ties by id) with each account's balances", async () => {
    const items = await all(`${shop}/accounts?sort=-balance&currency=USD&type=liability`, 5);
    const balances = items.map((item) => Number((item.balances as Json).balance));
    expect(balances).toEqual([...balances].sort((a, b) => b - a));
    expect(items[0]).toMatchObject({ id: acct(9), balances: { balance: "10.00" } });
    const four = items.find((item) => item.id === acct(4));
    expect(four?.balances).toMatchObject({ balance: "7.00", pendingCredits: "4.00" });
    const single = await ok("GET", `${shop}/accounts/${acct(4)}`);
    expect(four?.balances).toEqual(single.balances);
    const ascending = await all(`${shop}/accounts?sort=balance&currency=USD&type=liability`, 5);
    expect(ids(ascending)).toEqual(ids(items).reverse());
  });
});

describe("entries", () => {
  it("lists newest first by default and oldest first when asked", async () => {
    const newest = await all(`${shop}/entries`, 4);
    const sequences = newest.map((item) => item.sequence as number);
    expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
    expect(ids(await all(`${shop}/entries?order=oldest`, 5))).toEqual(ids(newest).reverse());
    expect(newest.find((item) => item.id === "bad-1")).toMatchObject({
      kind: "rejected",
      rejection: { code: "exceeds_credits" },
    });
  });

  it("filters by effective time: from inclusive, to exclusive", async () => {
    const q = (from: string, to: string) =>
      all(`${shop}/entries?order=oldest&kind=posted&effectiveFrom=${from}&effectiveTo=${to}`);
    expect(ids(await q(at(2), at(5)))).toEqual(["dep-2", "dep-3", "dep-4"]);
    const justAfter = new Date(t0 + 2 * 86_400_000 + 1).toISOString();
    expect(ids(await q(justAfter, at(5)))).toEqual(["dep-3", "dep-4"]);
  });

  it("filters by recorded time, account, kind, actor and metadata", async () => {
    const everything = await all(`${shop}/entries?order=oldest`, 7);
    const third = everything[2] as Item;
    const recorded = encodeURIComponent(third.recordedAt as string);
    const since = await all(`${shop}/entries?order=oldest&recordedFrom=${recorded}`, 7);
    expect(since.every((item) => (item.recordedAt as string) >= (third.recordedAt as string))).toBe(
      true,
    );
    expect(ids(since)).toContain(third.id);
    const before = await all(`${shop}/entries?order=oldest&recordedTo=${recorded}`, 7);
    expect(ids(before)).not.toContain(third.id);
    expect(before.length + since.length).toBe(everything.length);

    expect(ids(await all(`${shop}/entries?account=${acct(3)}&order=oldest`))).toEqual([
      "dep-3",
      "rev-3",
    ]);
    expect(ids(await all(`${shop}/entries?account=${acct(4)}&order=oldest`))).toEqual([
      "dep-4",
      "hold-a",
      "hold-b",
      "hold-c",
      "hold-d",
    ]);
    expect(ids(await all(`${shop}/entries?kind=reversal`))).toEqual(["rev-3"]);
    expect(ids(await all(`${shop}/entries?kind=pending&order=oldest`))).toEqual([
      "hold-a",
      "hold-b",
      "hold-c",
      "hold-d",
    ]);
    expect(ids(await all(`${shop}/entries?metadata.batch=odd&order=oldest`))).toEqual(
      [1, 3, 5, 7, 9].map((n) => `dep-${n}`),
    );
    const actor = encodeURIComponent(third.actor as string);
    expect((await all(`${shop}/entries?actor=${actor}`, 10)).length).toBe(everything.length);
    expect(await all(`${shop}/entries?actor=nobody`)).toEqual([]);
  });

  it("filters by sequence: from inclusive, to exclusive", async () => {
    const everything = await all(`${shop}/entries?order=oldest`, 7);
    const from = everything[2]?.sequence as number;
    const to = everything[5]?.sequence as number;
    const range = await all(`${shop}/entries?order=oldest&sequenceFrom=${from}&sequenceTo=${to}`);
    expect(ids(range)).toEqual(
      ids(
        everything.filter(
          (item) => (item.sequence as number) >= from && (item.sequence as number) < to,
        ),
      ),
    );
    expect(range.length).toBeGreaterThan(0);
    const refused = await folio.request(
      "GET",
      `${shop}/entries?sequenceFrom=${to}&sequenceTo=${from}`,
    );
    expect(refused.status).toBe(400);
  });

  it("filters by currency and amount, bounds included, at the asset's scale", async () => {
    const q = (query: string) => all(`${shop}/entries?order=oldest&kind=posted&${query}`);
    expect(ids(await q("currency=USD&amountMin=3.00&amountMax=5"))).toEqual([
      "dep-2",
      "dep-3",
      "dep-4",
    ]);
    expect(ids(await q("currency=USD&amountMin=3.01&amountMax=4.99"))).toEqual(["dep-3"]);
    expect(ids(await q("currency=JPY"))).toEqual(["jpy-1"]);
    expect(ids(await q("currency=JPY&amountMin=5001"))).toEqual([]);
    expect(ids(await q(`currency=USD&amountMax=1&account=${acct(0)}`))).toEqual(["dep-0"]);
  });
});

describe("pending", () => {
  it("lists holds by status, soonest expiry first", async () => {
    expect(ids(await all(`${shop}/pending`))).toEqual(["hold-a", "hold-b", "hold-c", "hold-d"]);
    expect(ids(await all(`${shop}/pending?status=open`))).toEqual(["hold-a", "hold-b"]);
    expect(ids(await all(`${shop}/pending?status=posted`))).toEqual(["hold-c"]);
    expect(ids(await all(`${shop}/pending?status=voided`))).toEqual(["hold-d"]);
    expect(await all(`${shop}/pending?status=expired`)).toEqual([]);
  });

  it("finds the holds with a posting on an account", async () => {
    const all4 = ["hold-a", "hold-b", "hold-c", "hold-d"];
    expect(ids(await all(`${shop}/pending?account=${acct(4)}`))).toEqual(all4);
    expect(ids(await all(`${shop}/pending?account=cash&status=open`))).toEqual([
      "hold-a",
      "hold-b",
    ]);
    expect(await all(`${shop}/pending?account=${acct(5)}`)).toEqual([]);
  });

  it("finds the holds expiring in a window", async () => {
    const holds = await all(`${shop}/pending`);
    const b = holds[1] as Item;
    const until = encodeURIComponent(b.expiresAt as string);
    expect(ids(await all(`${shop}/pending?status=open&expiresTo=${until}`))).toEqual(["hold-a"]);
    expect(
      ids(
        await all(`${shop}/pending?expiresFrom=${until}&expiresTo=${encodeURIComponent(soon(40))}`),
      ),
    ).toEqual(["hold-b", "hold-c"]);
  });
});

describe("bad input", () => {
  const cases = [
    `${shop}/accounts?colour=red`,
    `${shop}/accounts?type=cheque`,
    `${shop}/accounts?sort=size`,
    `${shop}/accounts?limit=0`,
    `${shop}/accounts?limit=201`,
    `${shop}/accounts?idPrefix=a%20b`,
    `${shop}/accounts?metadata.=x`,
    `${shop}/pending?metadata.tier=gold`,
    `${shop}/entries?amountMin=1`,
    `${shop}/entries?currency=USD&amountMin=1.001`,
    `${shop}/entries?currency=USD&amountMin=-1`,
    `${shop}/entries?currency=GBP`,
    `${shop}/entries?currency=USD&amountMin=5&amountMax=4`,
    `${shop}/entries?effectiveFrom=${at(5)}&effectiveTo=${at(4)}`,
    `${shop}/entries?effectiveFrom=yesterday`,
    `${shop}/entries?kind=cancelled`,
    `${shop}/pending?status=gone`,
    `/v1/ledgers?sort=id`,
  ];
  it.each(cases)("%s is a 400 invalid_request", async (path) => {
    const response = await folio.request("GET", path);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body).toMatchObject({ code: "invalid_request" });
  });

  it("refuses a forged, altered or foreign cursor with cursor_invalid", async () => {
    const first = await ok("GET", `${shop}/accounts?limit=2&type=liability`);
    const cursor = first.nextCursor as string;
    const forged = Buffer.from(
      JSON.stringify({ f: "x", k: { accountId: "'; DROP TABLE x; --" } }),
    ).toString("base64url");
    const wrongKey = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(cursor, "base64url").toString()),
        k: { accountId: "a b" },
      }),
    ).toString("base64url");
    for (const path of [
      `${shop}/accounts?limit=2&type=liability&cursor=${forged}`,
      `${shop}/accounts?limit=2&type=liability&cursor=${wrongKey}`,
      `${shop}/accounts?limit=2&type=liability&cursor=not-base64!`,
      `${shop}/accounts?limit=2&type=asset&cursor=${cursor}`,
      `${shop}/entries?cursor=${cursor}`,
    ]) {
      const response = await folio.request("GET", path);
      expect(response.status, path).toBe(400);
      expect(response.body).toMatchObject({ code: "cursor_invalid" });
    }
    const next = await ok("GET", `${shop}/accounts?limit=2&type=liability&cursor=${cursor}`);
    expect(ids(next.items as Item[])).toEqual([acct(2), acct(3)]);
  });

  it("answers 404 for an unknown ledger and 403 for one outside the key's scope", async () => {
    expect((await folio.request("GET", "/v1/ledgers/nope/entries")).status).toBe(404);
    const created = await ok("POST", "/v1/keys", {
      name: "other-only",
      roles: ["auditor"],
      ledgers: ["other"],
    });
    const response = await folio.request(
      "GET",
      `${shop}/accounts`,
      undefined,
      created.key as string,
    );
    expect(response.status).toBe(403);
  });
});
