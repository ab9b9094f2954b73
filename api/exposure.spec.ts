// The exposure routes over real HTTP, on a worked case built like the research note's Test F:
// Tier 1 1,000.00 EUR; group G holds A (EUR 150.00 drawn of a 250.00 limit, CCF 40 %) and B
// (USD 40.00 drawn at 0.92): 226.80 = 22.68 % of Tier 1, large but within the 25 % limit;
// after 30.00 of cash collateral on A's facility, 196.80. C alone has 300.00 drawn: 30 %, a
// breach with a headroom of -50.00. Drawn amounts come from the ledger's own entries.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exposureReportAt, type BalanceAt } from "../projections/index.js";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "lex-bank";
const base = `/v1/ledgers/${LEDGER}`;
const VALID_FROM = "2026-01-01T00:00:00Z";
let folio: TestFolio;
let last = 0;

async function must(method: string, path: string, body?: unknown) {
  const reply = await folio.request(method, path, body);
  if (reply.status >= 300) {
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  const answer = reply.body as Record<string, unknown>;
  if (typeof answer.sequence === "number") last = Math.max(last, answer.sequence);
  return answer;
}

const counterparty = (id: string, group: string | null) => ({
  recordId: `cp-${id}`,
  counterpartyId: id,
  validFrom: VALID_FROM,
  legalName: `Counterparty ${id}`,
  connectedGroupId: group,
  sector: "C",
  countryOfRisk: "DE",
});

const facility = (
  id: string,
  counterpartyId: string,
  currency: string,
  limit: string,
  ccf: string,
) => ({
  recordId: `fac-${id}`,
  facilityId: id,
  validFrom: VALID_FROM,
  counterpartyId,
  product: "loan",
  currency,
  drawnAccounts: [`loan:${id}`],
  limit,
  ccf,
  ccfFloorApplies: false,
});

beforeAll(async () => {
  folio = await startTestFolio();
  await must("POST", "/v1/ledgers", {
    id: LEDGER,
    name: "LEX Bank",
    reportingCurrency: "EUR",
    assets: [
      { code: "EUR", scale: 2 },
      { code: "USD", scale: 2 },
    ],
  });
  const accounts = [
    ["loan:fa", "EUR", "asset"],
    ["loan:fb", "USD", "asset"],
    ["loan:fc", "EUR", "asset"],
    ["deposits:eur", "EUR", "liability"],
    ["deposits:usd", "USD", "liability"],
  ] as const;
  for (const [id, currency, type] of accounts) {
    await must("POST", `${base}/accounts`, { id, currency, type });
  }
  const lend = (id: string, loan: string, deposits: string, amount: string) =>
    must("POST", `${base}/entries`, {
      id,
      postings: [
        { accountId: loan, side: "debit", amount },
        { accountId: deposits, side: "credit", amount },
      ],
    });
  await lend("lend-a", "loan:fa", "deposits:eur", "150.00");
  await lend("lend-b", "loan:fb", "deposits:usd", "40.00");
  await lend("lend-c", "loan:fc", "deposits:eur", "300.00");
  await must("POST", `${base}/counterparties`, counterparty("A", "G"));
  await must("POST", `${base}/counterparties`, counterparty("B", "G"));
  await must("POST", `${base}/counterparties`, counterparty("C", null));
  await must("POST", `${base}/facilities`, facility("fa", "A", "EUR", "250.00", "0.4"));
  await must("POST", `${base}/facilities`, facility("fb", "B", "USD", "40.00", "0"));
  await must("POST", `${base}/facilities`, facility("fc", "C", "EUR", "300.00", "0"));
  await must("POST", `${base}/fx-rates`, {
    recordId: "fx-1",
    validFrom: VALID_FROM,
    source: "test",
    rates: [{ from: "USD", to: "EUR", rate: "0.92" }],
  });
  await must("POST", `${base}/capital`, {
    recordId: "t1",
    validFrom: VALID_FROM,
    tier1Capital: "1000.00",
  });
}, 60_000);

afterAll(async () => {
  await folio.close();
});

type Group = Record<string, unknown> & { groupKey: string; amounts: Record<string, string> };

describe("exposure over HTTP", () => {
  it("reports group G as large within its limit, and C as a breach", async () => {
    const report = await must("GET", `${base}/exposure/large?minSequence=${last}`);
    expect(report).toMatchObject({ tier1Capital: "1000.00", generalLimit: "250.00" });
    const groups = report.top20 as Group[];
    const g = groups.find((group) => group.groupKey === "group:G");
    expect(g?.amounts.exposureValue).toBe("226.80");
    expect(g).toMatchObject({ shareOfTier1: "0.226800", isLarge: true, breach: false });
    expect(g?.headroom).toBe("23.20");
    const breaches = report.breaches as Group[];
    expect(breaches.map((group) => group.groupKey)).toEqual(["counterparty:C"]);
    expect(breaches[0]).toMatchObject({ headroom: "-50.00", limitRule: "general" });
  });

  it("groups the book and sums every grouping to the same total", async () => {
    const byGroup = await must("GET", `${base}/exposure?groupBy=group&minSequence=${last}`);
    const byCurrency = await must("GET", `${base}/exposure?groupBy=currency&minSequence=${last}`);
    expect((byGroup.total as Record<string, string>).exposureValue).toBe("526.80");
    expect(byCurrency.total).toEqual(byGroup.total);
    type Original = { currency: string; amounts: Record<string, string> };
    const usd = (byCurrency.groups as { key: string; original: Original[] }[]).find(
      (group) => group.key === "USD",
    );
    expect(usd?.original.map((item) => [item.currency, item.amounts.exposureValue])).toEqual([
      ["USD", "40.00"],
    ]);
  });

  it("takes collateral off after a restatement, and answers as known before it", async () => {
    const before = last;
    await must("POST", `${base}/facilities`, {
      ...facility("fa", "A", "EUR", "250.00", "0.4"),
      recordId: "fac-fa-2",
      collateral: [{ type: "cash", currency: "EUR", amount: "30.00" }],
    });
    const now = await must("GET", `${base}/exposure/large?minSequence=${last}`);
    const g = (now.top20 as Group[]).find((group) => group.groupKey === "group:G");
    expect(g?.amounts.valueAfterExemptionsAndCrm).toBe("196.80");
    expect(g?.shareOfTier1).toBe("0.196800");
    const then = await must("GET", `${base}/exposure/large?basis=recorded&asOf=${before}`);
    const earlier = (then.top20 as Group[]).find((group) => group.groupKey === "group:G");
    expect(earlier?.amounts.valueAfterExemptionsAndCrm).toBe("226.80");
  });

  it("refuses a reader without the risk role, and a point the ledger has not reached", async () => {
    const poster = (
      await must("POST", "/v1/keys", { name: "poster", roles: ["poster"], ledgers: [LEDGER] })
    ).key as string;
    expect((await folio.request("GET", `${base}/exposure`, undefined, poster)).status).toBe(403);
    const beyond = await folio.request(
      "GET",
      `${base}/exposure?basis=recorded&asOf=${last + 1000}`,
    );
    expect(beyond.status).toBe(422);
  });

  it("answers from its report cache exactly what a fresh computation gives, point by point", async () => {
    // Both read models have applied `last` (minSequence) before the direct reads below.
    await must("GET", `${base}/exposure/large?minSequence=${last}`);
    const pool = new pg.Pool({ connectionString: folio.database.url, max: 2 });
    try {
      const points: BalanceAt[] = [
        { kind: "sequence", sequence: last },
        { kind: "effective", effectiveAt: "2026-06-01T00:00:00Z", knownAt: { sequence: last } },
        { kind: "effective", effectiveAt: "2025-06-01T00:00:00Z", knownAt: { sequence: last } },
      ];
      const query = (at: BalanceAt, cache: boolean) =>
        exposureReportAt(pool, {
          ledgerId: LEDGER,
          at,
          assetScales: new Map([
            ["EUR", 2],
            ["USD", 2],
          ]),
          reportingCurrency: "EUR",
          versions: { balances: 1, riskInputs: 1 },
          commonSequence: last,
          cache,
        }).then(
          // effectiveAt of a "now" point is the clock's; the sequence and report must agree.
          (answer) => ({ sequence: answer.sequence, report: answer.report }),
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
      for (const at of points) {
        const fresh = await query(at, false);
        expect(await query(at, true), JSON.stringify(at)).toEqual(fresh);
        expect(await query(at, true), JSON.stringify(at)).toEqual(fresh);
      }
    } finally {
      await pool.end();
    }
  });
});
