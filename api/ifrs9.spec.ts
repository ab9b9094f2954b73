// The IFRS 9 routes over real HTTP, on a worked case (EIR 0, so every discount factor is 1):
//  - fa: EUR 1,000.00 drawn (effective 2026-01-15), bullet at 2027-12-31, stage 1 with PD 2 %
//    and LGD 50 %: 12-month ECL = 0.02 x 0.5 x 1,000.00 = 10.00; after a reassessment with
//    LGD 60 %: 12.00.
//  - fb: EUR 500.00 drawn, 120 days past due: stage 3, ECL = 500.00 x LGD 40 % = 200.00.
// Totals at 2026-12-31: stage 1 10.00, stage 3 200.00. A provisioning run posts 210.00
// (expense / allowance); the same run again is a replay; after the reassessment a second run
// posts only 2.00; a run recomputed at its recorded point still matches. The movement from
// 2026-06-30 (fa measured at 10.00 on a June assessment, fb not yet assessed) to 2026-12-31:
// opening 10.00, fb new in stage 3 200.00, remeasurement +2.00, closing 212.00, P&L 202.00.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "ifrs9-http";
const base = `/v1/ledgers/${LEDGER}`;
const VALID_FROM = "2026-01-01T00:00:00Z";
let folio: TestFolio;
/** The highest ledger sequence an answer named: reads wait for it (minSequence). */
let last = 0;

async function must(method: string, path: string, body?: unknown, key?: string) {
  const reply = await folio.request(method, path, body, key);
  if (reply.status >= 300) {
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  const answer = reply.body as Record<string, unknown>;
  if (typeof answer.sequence === "number") last = Math.max(last, answer.sequence);
  return answer;
}

const terms = (facilityId: string) => ({
  recordId: `terms-${facilityId}`,
  validFrom: VALID_FROM,
  originationDate: "2026-01-01",
  maturityDate: "2027-12-31",
  eir: "0",
  repayment: { kind: "amortising", schedule: [{ date: "2027-12-31", principal: "1000.00" }] },
  lifetimePdAtOrigination: "0.02",
});

const assessment = (recordId: string, asOf: string, lgd: string, daysPastDue = 0) => ({
  recordId,
  validFrom: VALID_FROM,
  asOf,
  daysPastDue,
  scenarios: [
    {
      scenarioId: "base",
      weight: "1",
      pd12m: "0.02",
      lifetimePd: { kind: "cumulative", byYear: ["0.02", "0.04"] },
      lgd,
    },
  ],
});

const latest = () => `minSequence=${last}`;

beforeAll(async () => {
  folio = await startTestFolio();
  await must("POST", "/v1/ledgers", {
    id: LEDGER,
    name: "IFRS 9 over HTTP",
    reportingCurrency: "EUR",
    assets: [{ code: "EUR", scale: 2 }],
  });
  for (const [id, type] of [
    ["loan:fa", "asset"],
    ["loan:fb", "asset"],
    ["deposits", "liability"],
    ["ifrs9:expense", "expense"],
    ["ifrs9:allowance", "liability"],
  ] as const) {
    await must("POST", `${base}/accounts`, { id, currency: "EUR", type });
  }
  for (const [loan, amount] of [
    ["loan:fa", "1000.00"],
    ["loan:fb", "500.00"],
  ] as const) {
    await must("POST", `${base}/entries`, {
      id: `lend-${loan}`,
      effectiveAt: "2026-01-15T00:00:00Z",
      postings: [
        { accountId: loan, side: "debit", amount },
        { accountId: "deposits", side: "credit", amount },
      ],
    });
  }
  for (const id of ["A", "B"]) {
    await must("POST", `${base}/counterparties`, {
      recordId: `cp-${id}`,
      counterpartyId: id,
      validFrom: VALID_FROM,
      legalName: `Borrower ${id}`,
      sector: "C",
      countryOfRisk: "DE",
    });
  }
  for (const [id, cp] of [
    ["fa", "A"],
    ["fb", "B"],
  ] as const) {
    await must("POST", `${base}/facilities`, {
      recordId: `fac-${id}`,
      facilityId: id,
      validFrom: VALID_FROM,
      counterpartyId: cp,
      product: "loan",
      currency: "EUR",
      drawnAccounts: [`loan:${id}`],
      limit: "1000.00",
      ccf: "0",
    });
    await must("POST", `${base}/facilities/${id}/terms`, terms(id));
  }
  await must("POST", `${base}/ifrs9/parameters`, {
    recordId: "policy-1",
    validFrom: VALID_FROM,
    parameterSetId: "policy",
    impairmentExpenseAccountId: "ifrs9:expense",
    lossAllowanceAccountId: "ifrs9:allowance",
  });
  await must(
    "POST",
    `${base}/facilities/fa/credit-assessments`,
    assessment("fa-jun", "2026-06-15", "0.5"),
  );
  await must(
    "POST",
    `${base}/facilities/fa/credit-assessments`,
    assessment("fa-nov", "2026-11-15", "0.5"),
  );
  await must(
    "POST",
    `${base}/facilities/fb/credit-assessments`,
    assessment("fb-nov", "2026-11-15", "0.4", 120),
  );
}, 60_000);

afterAll(async () => {
  await folio.close();
});

describe("the IFRS 9 report", () => {
  it("stages and measures every facility at the reporting date, with totals by stage", async () => {
    const report = await must("GET", `${base}/ifrs9?asOf=2026-12-31&${latest()}`);
    expect(report).toMatchObject({
      reportingDate: "2026-12-31",
      parameterSetId: "policy",
      reportingCurrency: "EUR",
      byStage: {
        1: { count: 1, grossCarryingAmount: "1000.00", allowance: "10.00" },
        2: { count: 0, allowance: "0.00" },
        3: { count: 1, grossCarryingAmount: "500.00", allowance: "200.00" },
      },
      overall: { count: 2, allowance: "210.00" },
      unmeasuredCount: 0,
    });
    const facilities = report.facilities as Record<string, unknown>[];
    expect(facilities.map((f) => [f.facilityId, f.stage, f.stageReason])).toEqual([
      ["fa", "1", "performing"],
      ["fb", "3", "dpd_90"],
    ]);
    const page = await must("GET", `${base}/ifrs9?asOf=2026-12-31&limit=1&after=fa`);
    expect((page.facilities as { facilityId: string }[]).map((f) => f.facilityId)).toEqual(["fb"]);
  });

  it("gives one facility's stage history and traceable ECL rows", async () => {
    const detail = await must("GET", `${base}/ifrs9/facilities/fa?asOf=2026-12-31`);
    expect((detail.stageHistory as { stage: string }[]).map((p) => p.stage)).toEqual(["1", "1"]);
    const rows = detail.eclDetail as { t: number; ead: string; df: string }[];
    expect(rows[0]).toMatchObject({ t: 1, ead: "100000", df: "1" });
    expect(
      (await folio.request("GET", `${base}/ifrs9/facilities/nope?asOf=2026-12-31`)).status,
    ).toBe(404);
  });

  it("refuses an unknown parameter set, and readers without the risk or auditor role", async () => {
    const unknown = await folio.request("GET", `${base}/ifrs9?parameterSetId=other`);
    expect(unknown.status).toBe(404);
    expect((unknown.body as { code: string }).code).toBe("parameter_set_not_found");
    const poster = (
      await must("POST", "/v1/keys", { name: "p", roles: ["poster"], ledgers: [LEDGER] })
    ).key as string;
    expect((await folio.request("GET", `${base}/ifrs9`, undefined, poster)).status).toBe(403);
  });
});

describe("provisioning runs", () => {
  let firstRun = "";

  it("posts the allowance, replays the same run, then posts only the difference", async () => {
    const run = await folio.request("POST", `${base}/ifrs9/runs`, {
      reportingDate: "2026-12-31",
      parameterSetId: "policy",
    });
    expect(run.status).toBe(201);
    const first = run.body as Record<string, unknown>;
    expect(first).toMatchObject({
      allowance: "210.00",
      previousAllowance: "0.00",
      difference: "210.00",
    });
    firstRun = first.runId as string;
    const again = await folio.request("POST", `${base}/ifrs9/runs`, {
      reportingDate: "2026-12-31",
      parameterSetId: "policy",
    });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replay")).toBe("true");
    expect((again.body as { runId: string }).runId).toBe(firstRun);

    await must(
      "POST",
      `${base}/facilities/fa/credit-assessments`,
      assessment("fa-nov-b", "2026-11-20", "0.6"),
    );
    const second = await must("POST", `${base}/ifrs9/runs`, {
      reportingDate: "2026-12-31",
      parameterSetId: "policy",
    });
    expect(second).toMatchObject({
      allowance: "212.00",
      previousAllowance: "210.00",
      difference: "2.00",
    });
    expect(second.runId).not.toBe(firstRun);
    const balance = await must("GET", `${base}/accounts/ifrs9:allowance/balance?${latest()}`);
    expect(balance).toMatchObject({ account: { balance: "212.00" } });
  });

  it("recomputes a run at its recorded point: it still matches after later inputs", async () => {
    const run = await must("GET", `${base}/ifrs9/runs/${encodeURIComponent(firstRun)}`);
    expect(run).toMatchObject({ allowance: "210.00", reproduced: { matches: true } });
    expect((await folio.request("GET", `${base}/ifrs9/runs/none`)).status).toBe(404);
  });

  it("is for risk-admin keys, not risk readers", async () => {
    const reader = (
      await must("POST", "/v1/keys", { name: "r", roles: ["risk"], ledgers: [LEDGER] })
    ).key as string;
    const refused = await folio.request("POST", `${base}/ifrs9/runs`, {}, reader);
    expect(refused.status).toBe(403);
  });
});

describe("the IFRS 7 movement", () => {
  it("reconciles the opening to the closing allowance line by line", async () => {
    const movement = await must(
      "GET",
      `${base}/ifrs9/movement?from=2026-06-30&to=2026-12-31&${latest()}`,
    );
    const rows = new Map((movement.rows as { line: string }[]).map((row) => [row.line, row]));
    expect(rows.get("opening")).toMatchObject({ stage1: "10.00", total: "10.00" });
    expect(rows.get("new")).toMatchObject({ stage3: "200.00" });
    expect(rows.get("remeasurement")).toMatchObject({ stage1: "2.00" });
    expect(rows.get("closing")).toMatchObject({
      stage1: "12.00",
      stage3: "200.00",
      total: "212.00",
    });
    expect(movement.profitOrLossCharge).toBe("202.00");
    const backwards = await folio.request(
      "GET",
      `${base}/ifrs9/movement?from=2026-12-31&to=2026-06-30`,
    );
    expect(backwards.status).toBe(400);
  });
});
