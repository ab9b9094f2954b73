// GET /v1/ledgers/:ledgerId/ifrs9/runs over real HTTP: a small book (one EUR loan of 1,000.00,
// stage 1, PD 2 %, LGD 50 %, EIR 0: allowance 10.00) gets three provisioning runs at three
// reporting dates (the first posts 10.00, the others nothing more); the list gives them newest
// first with the entry each posted, pages them with a keyset cursor, bounds the page size,
// answers 404 for an unknown ledger, and is for the risk and auditor roles only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "ifrs9-run-list";
const base = `/v1/ledgers/${LEDGER}`;
const VALID_FROM = "2026-01-01T00:00:00Z";
const DATES = ["2026-09-30", "2026-10-31", "2026-11-30"] as const;

interface RunItem {
  runId: string;
  sequence: number;
  reportingDate: string;
  allowance: string;
  difference: string;
  entryId: string | null;
  reproduced: unknown;
}
interface RunList {
  ledgerId: string;
  items: RunItem[];
  nextCursor: string | null;
}

let folio: TestFolio;
const posted: RunItem[] = [];
const keys: Record<string, string> = {};

async function must(method: string, path: string, body?: unknown, key?: string) {
  const reply = await folio.request(method, path, body, key);
  if (reply.status >= 300) {
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body as Record<string, unknown>;
}

const list = async (query = "", key?: string | null) => {
  const reply = await folio.request("GET", `${base}/ifrs9/runs${query}`, undefined, key);
  return { status: reply.status, body: reply.body as RunList & { code?: string } };
};

beforeAll(async () => {
  folio = await startTestFolio();
  await must("POST", "/v1/ledgers", {
    id: LEDGER,
    name: "IFRS 9 run list",
    reportingCurrency: "EUR",
    assets: [{ code: "EUR", scale: 2 }],
  });
  for (const [id, type] of [
    ["loan:fa", "asset"],
    ["deposits", "liability"],
    ["ifrs9:expense", "expense"],
    ["ifrs9:allowance", "liability"],
  ] as const) {
    await must("POST", `${base}/accounts`, { id, currency: "EUR", type });
  }
  await must("POST", `${base}/entries`, {
    id: "lend-fa",
    effectiveAt: "2026-01-15T00:00:00Z",
    postings: [
      { accountId: "loan:fa", side: "debit", amount: "1000.00" },
      { accountId: "deposits", side: "credit", amount: "1000.00" },
    ],
  });
  await must("POST", `${base}/counterparties`, {
    recordId: "cp-A",
    counterpartyId: "A",
    validFrom: VALID_FROM,
    legalName: "Borrower A",
    sector: "C",
    countryOfRisk: "DE",
  });
  await must("POST", `${base}/facilities`, {
    recordId: "fac-fa",
    facilityId: "fa",
    validFrom: VALID_FROM,
    counterpartyId: "A",
    product: "loan",
    currency: "EUR",
    drawnAccounts: ["loan:fa"],
    limit: "1000.00",
    ccf: "0",
  });
  await must("POST", `${base}/facilities/fa/terms`, {
    recordId: "terms-fa",
    validFrom: VALID_FROM,
    originationDate: "2026-01-01",
    maturityDate: "2027-12-31",
    eir: "0",
    repayment: { kind: "amortising", schedule: [{ date: "2027-12-31", principal: "1000.00" }] },
    lifetimePdAtOrigination: "0.02",
  });
  await must("POST", `${base}/ifrs9/parameters`, {
    recordId: "policy-1",
    validFrom: VALID_FROM,
    parameterSetId: "policy",
    impairmentExpenseAccountId: "ifrs9:expense",
    lossAllowanceAccountId: "ifrs9:allowance",
  });
  await must("POST", `${base}/facilities/fa/credit-assessments`, {
    recordId: "fa-jun",
    validFrom: VALID_FROM,
    asOf: "2026-06-15",
    daysPastDue: 0,
    scenarios: [
      {
        scenarioId: "base",
        weight: "1",
        pd12m: "0.02",
        lifetimePd: { kind: "cumulative", byYear: ["0.02", "0.04"] },
        lgd: "0.5",
      },
    ],
  });
  for (const reportingDate of DATES) {
    const run = await must("POST", `${base}/ifrs9/runs`, {
      reportingDate,
      parameterSetId: "policy",
    });
    posted.push(run as unknown as RunItem);
  }
  for (const role of ["risk", "auditor", "poster", "risk-admin"]) {
    keys[role] = (await must("POST", "/v1/keys", { name: role, roles: [role], ledgers: ["*"] }))
      .key as string;
  }
}, 60_000);

afterAll(async () => {
  await folio.close();
});

describe("GET .../ifrs9/runs", () => {
  it("lists every run newest first, each with the entry it posted", async () => {
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body.ledgerId).toBe(LEDGER);
    expect(body.items.map((run) => run.reportingDate)).toEqual([...DATES].reverse());
    expect(body.items.map((run) => run.runId)).toEqual(posted.map((run) => run.runId).reverse());
    const sequences = body.items.map((run) => run.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
    const first = body.items[2];
    expect(first).toMatchObject({ allowance: "10.00", difference: "10.00", reproduced: null });
    expect(first?.entryId).toBe(posted[0]?.entryId);
    const entry = await must("GET", `${base}/entries/${encodeURIComponent(first?.entryId ?? "")}`);
    expect(entry.postings).toEqual([
      { accountId: "ifrs9:expense", side: "debit", amount: "10.00", currency: "EUR" },
      { accountId: "ifrs9:allowance", side: "credit", amount: "10.00", currency: "EUR" },
    ]);
    expect(body.nextCursor).toBeNull();
  });

  it("pages with a keyset cursor until the last page", async () => {
    const first = await list("?limit=2");
    expect(first.body.items.map((run) => run.reportingDate)).toEqual([DATES[2], DATES[1]]);
    expect(first.body.nextCursor).toBe(String(first.body.items[1]?.sequence));
    const second = await list(`?limit=2&cursor=${first.body.nextCursor ?? ""}`);
    expect(second.body.items.map((run) => run.reportingDate)).toEqual([DATES[0]]);
    expect(second.body.nextCursor).toBeNull();
    const exact = await list("?limit=3");
    expect(exact.body.items).toHaveLength(3);
    expect(exact.body.nextCursor).toBeNull();
    const before = await list("?cursor=0");
    expect(before.body.items).toEqual([]);
  });

  it("lists 20 by default and at most 100, refusing other sizes and cursors with 400", async () => {
    const { body } = await list();
    expect(body.items).toHaveLength(3);
    expect((await list("?limit=100")).status).toBe(200);
    expect((await list("?limit=1")).body.items).toHaveLength(1);
    for (const query of [
      "?limit=0",
      "?limit=101",
      "?limit=-1",
      "?limit=x",
      "?cursor=-3",
      "?cursor=1e3",
    ]) {
      const refused = await list(query);
      expect(refused.status, query).toBe(400);
      expect(refused.body.code, query).toBe("invalid_request");
    }
    expect((await list("?other=1")).status).toBe(400);
  });

  it("answers 404 ledger_not_found for a ledger that does not exist", async () => {
    const reply = await folio.request("GET", "/v1/ledgers/no-such-ledger/ifrs9/runs");
    expect(reply.status).toBe(404);
    expect((reply.body as { code: string }).code).toBe("ledger_not_found");
  });

  it("is for the risk and auditor roles (and admin), as GET of one run", async () => {
    for (const role of ["risk", "auditor"]) {
      const reply = await list("", keys[role]);
      expect(reply.status, role).toBe(200);
      expect(reply.body.items, role).toHaveLength(3);
    }
    for (const role of ["poster", "risk-admin"]) {
      expect((await list("", keys[role])).status, role).toBe(403);
      const one = await folio.request(
        "GET",
        `${base}/ifrs9/runs/${encodeURIComponent(posted[0]?.runId ?? "")}`,
        undefined,
        keys[role],
      );
      expect(one.status, role).toBe(403);
    }
    expect((await list("", null)).status).toBe(401);
  });
});
