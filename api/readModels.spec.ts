// The projected routes over real HTTP on a whole Folio: balances as of a sequence, a recorded
// time and an effective time (with a backdated entry, bitemporally), the trial balance, an
// account's entries page by page, the audit trail and the digest, minSequence, and roles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

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
    expect(digest).toEqual({ ledgerId: "books", sequence: view.sequence, hash: view.hash });
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
