// The concentration grid route over real HTTP (GET /v1/ledgers/:id/exposure/concentration):
// a small book in EUR and USD across three sectors and three countries, drawn amounts from
// the ledger's own entries. Its cells sum to the per-sector and per-country figures of the
// existing routes (/exposure/large's concentration and /exposure?groupBy=), it answers as of
// any point, keeps the largest rows and columns, and refuses what it must.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "grid-bank";
const base = `/v1/ledgers/${LEDGER}`;
const VALID_FROM = "2026-01-01T00:00:00Z";
const LENT_AT = "2026-03-01T00:00:00Z";
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

// id, sector, country, currency, drawn
const book = [
  ["A", "C25.11", "DE", "EUR", "150.00"],
  ["B", "C25.11", "FR", "USD", "40.00"],
  ["C", "K64.19", "DE", "EUR", "300.00"],
  ["D", "K64.19", "US", "USD", "25.00"],
  ["E", "T", "FR", "EUR", "60.00"],
  ["F", "C25.11", "DE", "EUR", "10.00"],
] as const;

interface Bucket {
  key: string;
  amount: string;
  share: string;
}
interface Grid {
  total: string;
  rowCount: number;
  columnCount: number;
  rowTotals: Bucket[];
  columnTotals: Bucket[];
  cells: { row: string; column: string; amount: string; share: string }[];
}
interface ExposureGroups {
  total: { exposureValue: string };
  groups: { key: string; reporting: { exposureValue: string } }[];
}
interface Large {
  concentration: Record<"sector" | "country", { total: string; buckets: Bucket[] }>;
}

/** Cents of a decimal string with two places (exact). */
const cents = (amount: string): bigint => BigInt(amount.replace(".", ""));

beforeAll(async () => {
  folio = await startTestFolio();
  await must("POST", "/v1/ledgers", {
    id: LEDGER,
    name: "Grid Bank",
    reportingCurrency: "EUR",
    assets: [
      { code: "EUR", scale: 2 },
      { code: "USD", scale: 2 },
    ],
  });
  for (const currency of ["EUR", "USD"]) {
    await must("POST", `${base}/accounts`, {
      id: `deposits:${currency}`,
      currency,
      type: "liability",
    });
  }
  for (const [id, sector, country, currency, drawn] of book) {
    await must("POST", `${base}/accounts`, { id: `loan:${id}`, currency, type: "asset" });
    await must("POST", `${base}/entries`, {
      id: `lend-${id}`,
      effectiveAt: LENT_AT,
      postings: [
        { accountId: `loan:${id}`, side: "debit", amount: drawn },
        { accountId: `deposits:${currency}`, side: "credit", amount: drawn },
      ],
    });
    await must("POST", `${base}/counterparties`, {
      recordId: `cp-${id}`,
      counterpartyId: id,
      validFrom: VALID_FROM,
      legalName: `Counterparty ${id}`,
      connectedGroupId: null,
      sector,
      countryOfRisk: country,
    });
    await must("POST", `${base}/facilities`, {
      recordId: `fac-${id}`,
      facilityId: `f${id}`,
      validFrom: VALID_FROM,
      counterpartyId: id,
      product: "loan",
      currency,
      drawnAccounts: [`loan:${id}`],
      limit: drawn,
      ccf: "0",
      ccfFloorApplies: false,
    });
  }
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

const grid = async (query: string) =>
  (await must(
    "GET",
    `${base}/exposure/concentration?minSequence=${last}&${query}`,
  )) as unknown as Grid;

describe("the exposure concentration grid over HTTP", () => {
  it("puts each facility in its sector × country cell, in the reporting currency", async () => {
    const answer = await grid("rows=sector&columns=country");
    expect(answer).toMatchObject({ rows: "sector", columns: "country", reportingCurrency: "EUR" });
    // USD at 0.92: B 40.00 -> 36.80, D 25.00 -> 23.00. Total 150 + 36.80 + 300 + 23 + 60 + 10.
    expect(answer.total).toBe("579.80");
    expect(answer).toMatchObject({ rowCount: 3, columnCount: 3 });
    expect(answer.cells).toEqual([
      { row: "K64.19", column: "DE", amount: "300.00", share: "0.517420" },
      { row: "K64.19", column: "US", amount: "23.00", share: "0.039669" },
      { row: "C25.11", column: "DE", amount: "160.00", share: "0.275957" },
      { row: "C25.11", column: "FR", amount: "36.80", share: "0.063470" },
      { row: "T", column: "FR", amount: "60.00", share: "0.103484" },
    ]);
  });

  it("sums its cells to the per-sector and per-country figures of the other routes", async () => {
    const answer = await grid("rows=sector&columns=country");
    const large = (await must(
      "GET",
      `${base}/exposure/large?minSequence=${last}`,
    )) as unknown as Large;
    expect(answer.rowTotals).toEqual(large.concentration.sector.buckets);
    expect(answer.columnTotals).toEqual(large.concentration.country.buckets);
    expect(answer.total).toBe(large.concentration.sector.total);
    for (const [dimension, totals, side] of [
      ["sector", answer.rowTotals, "row"],
      ["country", answer.columnTotals, "column"],
    ] as const) {
      const view = (await must(
        "GET",
        `${base}/exposure?groupBy=${dimension}&minSequence=${last}`,
      )) as unknown as ExposureGroups;
      expect(view.total.exposureValue).toBe(answer.total);
      for (const group of view.groups) {
        const cells = answer.cells.filter((cell) => cell[side] === group.key);
        const sum = cells.reduce((total, cell) => total + cents(cell.amount), 0n);
        expect(sum, `${dimension} ${group.key}`).toBe(cents(group.reporting.exposureValue));
        expect(totals.find((bucket) => bucket.key === group.key)?.amount).toBe(
          group.reporting.exposureValue,
        );
      }
    }
  });

  it("answers as of a point: before the loans were effective, nothing is drawn", async () => {
    const before = await grid("asOf=2026-02-01T00:00:00Z");
    expect(before.total).toBe("0.00");
    expect(before.cells.every((cell) => cell.amount === "0.00")).toBe(true);
    const after = await grid("asOf=2026-04-01T00:00:00Z");
    expect(after.total).toBe("579.80");
  });

  it("keeps the largest rows and columns, with the whole book's counts and total", async () => {
    const answer = await grid("rows=country&columns=sector&limit=1");
    expect(answer).toMatchObject({ rowCount: 3, columnCount: 3, total: "579.80" });
    expect(answer.rowTotals).toEqual([{ key: "DE", amount: "460.00", share: "0.793377" }]);
    expect(answer.cells).toEqual([
      { row: "DE", column: "K64.19", amount: "300.00", share: "0.517420" },
    ]);
  });

  it("refuses one dimension twice, a limit beyond its maximum, a bad date and a poster key", async () => {
    const twice = await folio.request("GET", `${base}/exposure/concentration?columns=sector`);
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({ code: "invalid_request" });
    const tooMany = await folio.request("GET", `${base}/exposure/concentration?limit=201`);
    expect(tooMany.status).toBe(400);
    const badDate = await folio.request("GET", `${base}/exposure/concentration?asOf=2026-13-01`);
    expect(badDate.status).toBe(400);
    const poster = (
      await must("POST", "/v1/keys", { name: "poster", roles: ["poster"], ledgers: [LEDGER] })
    ).key as string;
    const refused = await folio.request("GET", `${base}/exposure/concentration`, undefined, poster);
    expect(refused.status).toBe(403);
  });
});
