// Property: paging through any filtered listing (accounts, entries, holds) with any page size
// returns each matching item exactly once, in the listing's order, while entries, holds and
// accounts are being written concurrently; every item returned matches the filter (checked on
// the item itself); every item that matched before paging began is returned; and, once the
// writes stop, each account's listed balances equal the writer's. Real HTTP, real PostgreSQL.
// Balance order is left out of the concurrent property: a balance that moves while a caller
// pages may cross the cursor (docs/queries.md).
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

let folio: TestFolio;
const books = "/v1/ledgers/paged";
type Json = Record<string, unknown>;
type Item = Json & { id: string };

async function ok(method: string, path: string, body?: unknown): Promise<Json> {
  const response = await folio.request(method, path, body);
  if (response.status >= 300) {
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Json;
}

const ACCOUNTS = 16;
const acct = (n: number): string => `c:${String(n).padStart(3, "0")}`;
const SECTORS = ["bank", "retail", "energy"] as const;
let written = 0;

async function writeSome(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const n = (written += 1);
    const from = acct(n % ACCOUNTS);
    const to = acct(
      (n * 7 + 3) % ACCOUNTS === n % ACCOUNTS ? (n + 1) % ACCOUNTS : (n * 7 + 3) % ACCOUNTS,
    );
    const postings = [
      {
        accountId: from,
        side: "debit",
        amount: `${(n % 13) + 1}.${String(n % 100).padStart(2, "0")}`,
      },
      {
        accountId: to,
        side: "credit",
        amount: `${(n % 13) + 1}.${String(n % 100).padStart(2, "0")}`,
      },
    ];
    const metadata = { lane: n % 2 === 0 ? "a" : "b" };
    if (n % 5 === 0) {
      await ok("POST", `${books}/pending`, {
        id: `h${n}`,
        postings,
        metadata,
        timeoutSeconds: 3_600 + n,
      });
      if (n % 10 === 0) await ok("POST", `${books}/pending/h${n}/void`);
    } else {
      const effectiveAt = new Date(
        Date.parse("2026-06-01T00:00:00Z") + (n % 30) * 86_400_000,
      ).toISOString();
      await ok("POST", `${books}/entries`, { id: `e${n}`, postings, metadata, effectiveAt });
    }
    if (n % 17 === 0) {
      await ok("POST", `${books}/accounts`, {
        id: `late:${n}`,
        currency: "USD",
        type: "asset",
        attributes: { sector: "bank" },
      });
    }
  }
}

async function head(): Promise<number> {
  return (await ok("GET", books)).sequence as number;
}

/** Every item of `path`, page by page, after the model reached `minSequence`. */
async function pages(path: string, limit: number, minSequence: number): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 500; page += 1) {
    const query: string = `${path.includes("?") ? "&" : "?"}limit=${limit}&minSequence=${minSequence}${cursor === null ? "" : `&cursor=${cursor}`}`;
    const body = await ok("GET", `${path}${query}`);
    items.push(...(body.items as Item[]));
    cursor = body.nextCursor as string | null;
    if (cursor === null) return items;
  }
  throw new Error("no last page");
}

interface Listing {
  readonly path: string;
  readonly matches: (item: Item) => boolean;
  /** The listing's order: a before b. */
  readonly before: (a: Item, b: Item) => boolean;
}

const bySequence = (newest: boolean) => (a: Item, b: Item) =>
  newest
    ? (a.sequence as number) > (b.sequence as number)
    : (a.sequence as number) < (b.sequence as number);
const postsTo = (item: Item, accountId: string) =>
  (item.postings as Json[]).some((p) => p.accountId === accountId);

const listingArbitrary: fc.Arbitrary<Listing> = fc.oneof(
  fc
    .record({
      sector: fc.constantFrom(undefined, ...SECTORS),
      prefix: fc.constantFrom(undefined, "c:00", "c:01", "late:", "c:0", "zz"),
      descending: fc.boolean(),
    })
    .map(({ sector, prefix, descending }) => ({
      path: `${books}/accounts?sort=${descending ? "-id" : "id"}${sector ? `&sector=${sector}` : ""}${prefix ? `&idPrefix=${prefix}` : ""}`,
      matches: (item: Item) =>
        (sector === undefined || (item.attributes as Json).sector === sector) &&
        (prefix === undefined || item.id.startsWith(prefix)),
      before: (a: Item, b: Item) => (descending ? a.id > b.id : a.id < b.id),
    })),
  fc
    .record({
      newest: fc.boolean(),
      account: fc.constantFrom(undefined, acct(0), acct(5)),
      lane: fc.constantFrom(undefined, "a", "b"),
      kind: fc.constantFrom(undefined, "posted", "pending"),
      min: fc.constantFrom(undefined, "3", "7.50"),
    })
    .map(({ newest, account, lane, kind, min }) => ({
      path: `${books}/entries?order=${newest ? "newest" : "oldest"}${account ? `&account=${account}` : ""}${lane ? `&metadata.lane=${lane}` : ""}${kind ? `&kind=${kind}` : ""}${min ? `&currency=USD&amountMin=${min}` : ""}`,
      matches: (item: Item) =>
        (account === undefined || postsTo(item, account)) &&
        (lane === undefined || (item.metadata as Json).lane === lane) &&
        (kind === undefined || item.kind === kind) &&
        (min === undefined ||
          (item.postings as Json[]).some((p) => Number(p.amount) >= Number(min))),
      before: bySequence(newest),
    })),
  fc.constantFrom(undefined, "open", "voided").map((status) => ({
    path: `${books}/pending${status ? `?status=${status}` : ""}`,
    matches: (item: Item) => status === undefined || item.status === status,
    before: (a: Item, b: Item) =>
      (a.expiresAt as string) < (b.expiresAt as string) ||
      (a.expiresAt === b.expiresAt && a.id < b.id),
  })),
);

beforeAll(async () => {
  folio = await startTestFolio();
  await ok("POST", "/v1/ledgers", {
    id: "paged",
    name: "Paged",
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  });
  for (let n = 0; n < ACCOUNTS; n += 1) {
    const sector = SECTORS[n % SECTORS.length] ?? "bank";
    await ok("POST", `${books}/accounts`, {
      id: acct(n),
      currency: "USD",
      type: n % 2 ? "asset" : "liability",
      attributes: { sector },
    });
  }
  await writeSome(60);
}, 120_000);

afterAll(async () => {
  await folio.close();
});

it("pages every filtered listing exactly once, in order, while writes go on", async () => {
  await fc.assert(
    fc.asyncProperty(listingArbitrary, fc.integer({ min: 1, max: 7 }), async (listing, limit) => {
      const start = await head();
      const before = await pages(listing.path, 200, start);
      const writing = writeSome(6);
      const paged = await pages(listing.path, limit, start);
      await writing;
      const seen = paged.map((item) => item.id);
      expect(new Set(seen).size, "no item twice").toBe(seen.length);
      for (let i = 1; i < paged.length; i += 1) {
        expect(listing.before(paged[i - 1] as Item, paged[i] as Item), "in order").toBe(true);
      }
      for (const item of paged) expect(listing.matches(item), `${item.id} matches`).toBe(true);
      const matched = before.filter(listing.matches).map((item) => item.id);
      expect(matched.length, "the unpaged listing holds only matches").toBe(before.length);
      for (const id of matched) expect(seen, `${id} is still listed`).toContain(id);
    }),
    { numRuns: 25 },
  );
}, 300_000);

it("lists each account with the writer's balances once writes stop", async () => {
  const accounts = await pages(`${books}/accounts`, 50, await head());
  expect(accounts.length).toBeGreaterThan(ACCOUNTS);
  for (const item of accounts) {
    const single = await ok("GET", `${books}/accounts/${item.id}`);
    expect(item.balances, item.id).toEqual(single.balances);
  }
});
