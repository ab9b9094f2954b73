// Worked IFRS 9 cases through HTTP, figures by hand (EUR, reporting date 2026-12-31 unless
// said; DF_t = 1.05^-t or 1.08^-t; every figure rounded half-even once, to cents):
//  - am: amortising EUR 1,000.00 at EIR 5 %, 500.00 due 2027-12-31 and 500.00 on 2028-12-30
//    (two whole years), 45 days past due: stage 2, lifetime over two periods, EAD 1,000 then
//    500, two weighted scenarios (0.6: marginal PD 2 %, 3 %; 0.4: 5 %, 7 %; LGD 50 %; the
//    curves run a year longer, at 0: staging measures the life from the assessment date):
//      base 0.02x0.5x1000/1.05 + 0.03x0.5x500/1.1025 = 9.5238095 + 6.8027211 = 16.3265306
//      down 0.05x0.5x1000/1.05 + 0.07x0.5x500/1.1025 = 23.8095238 + 15.8730159 = 39.6825397
//      lifetime 0.6x16.3265306 + 0.4x39.6825397 = 25.6689342 -> 25.67; 12-month 15.24
//  - bullet: a single payment of EUR 2,000.00 on 2028-12-30 at 5 %, stage 1, 12-month ECL with
//    weighted scenarios (0.7: PD 1 %, LGD 40 %; 0.3: PD 3 %, LGD 60 %):
//      (0.7x0.01x0.4 + 0.3x0.03x0.6) x 2000 / 1.05 = 0.0082 x 2000 / 1.05 = 15.6190476 -> 15.62
//  - s3: EUR 1,000.00 at EIR 8 %, 120 days past due from 2026-10-15, LGD 45 %: stage 3, ECL =
//    1000 x 0.45 / 1.08 (12 months to recovery) = 416.67. Interest revenue by quarter (as of
//    2027-03-31): Q4 2026 starts before the first assessment, on gross: 0.08 x 1000 x 92/365 =
//    20.16; Q1 2027 starts in stage 3, on gross minus the allowance: 0.08 x (1000 - 416.67) x
//    90/365 = 11.51.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "ifrs9-worked";
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

const scenario = (scenarioId: string, weight: string, byYear: string[], lgd: string) => ({
  scenarioId,
  weight,
  pd12m: byYear[0],
  lifetimePd: { kind: "marginal", byYear },
  lgd,
});

interface Case {
  readonly id: string;
  readonly amount: string;
  readonly eir: string;
  readonly schedule: { date: string; principal: string }[];
  readonly daysPastDue: number;
  readonly asOf: string;
  /** The weighted lifetime PD at origination: the bullet's equals today's (no SICR). */
  readonly pdAtOrigination: string;
  readonly scenarios: ReturnType<typeof scenario>[];
}

const cases: readonly Case[] = [
  {
    id: "am",
    amount: "1000.00",
    eir: "0.05",
    schedule: [
      { date: "2027-12-31", principal: "500.00" },
      { date: "2028-12-30", principal: "500.00" },
    ],
    daysPastDue: 45,
    asOf: "2026-12-15",
    pdAtOrigination: "0.05",
    scenarios: [
      scenario("base", "0.6", ["0.02", "0.03", "0"], "0.5"),
      scenario("down", "0.4", ["0.05", "0.07", "0"], "0.5"),
    ],
  },
  {
    id: "bullet",
    amount: "2000.00",
    eir: "0.05",
    schedule: [{ date: "2028-12-30", principal: "2000.00" }],
    daysPastDue: 0,
    asOf: "2026-12-15",
    pdAtOrigination: "0.032",
    scenarios: [
      scenario("base", "0.7", ["0.01", "0.01", "0"], "0.4"),
      scenario("down", "0.3", ["0.03", "0.03", "0"], "0.6"),
    ],
  },
  {
    id: "s3",
    amount: "1000.00",
    eir: "0.08",
    schedule: [{ date: "2029-12-31", principal: "1000.00" }],
    daysPastDue: 120,
    asOf: "2026-10-15",
    pdAtOrigination: "0.5",
    scenarios: [scenario("base", "1", ["0.5", "0.1", "0.1", "0.1"], "0.45")],
  },
];

beforeAll(async () => {
  folio = await startTestFolio();
  await must("POST", "/v1/ledgers", {
    id: LEDGER,
    name: "Worked IFRS 9 cases",
    reportingCurrency: "EUR",
    assets: [{ code: "EUR", scale: 2 }],
  });
  await must("POST", `${base}/accounts`, { id: "deposits", currency: "EUR", type: "liability" });
  await must("POST", `${base}/counterparties`, {
    recordId: "cp",
    counterpartyId: "borrower",
    validFrom: VALID_FROM,
    legalName: "Borrower",
    sector: "C",
    countryOfRisk: "DE",
  });
  for (const c of cases) {
    await must("POST", `${base}/accounts`, { id: `loan:${c.id}`, currency: "EUR", type: "asset" });
    await must("POST", `${base}/entries`, {
      id: `draw-${c.id}`,
      effectiveAt: "2026-01-15T00:00:00Z",
      postings: [
        { accountId: `loan:${c.id}`, side: "debit", amount: c.amount },
        { accountId: "deposits", side: "credit", amount: c.amount },
      ],
    });
    await must("POST", `${base}/facilities`, {
      recordId: `fac-${c.id}`,
      facilityId: c.id,
      validFrom: VALID_FROM,
      counterpartyId: "borrower",
      product: "loan",
      currency: "EUR",
      drawnAccounts: [`loan:${c.id}`],
      limit: c.amount,
      ccf: "0",
    });
    await must("POST", `${base}/facilities/${c.id}/terms`, {
      recordId: `terms-${c.id}`,
      validFrom: VALID_FROM,
      originationDate: "2026-01-15",
      maturityDate: c.schedule[c.schedule.length - 1]?.date,
      eir: c.eir,
      repayment: { kind: "amortising", schedule: c.schedule },
      lifetimePdAtOrigination: c.pdAtOrigination,
    });
    await must("POST", `${base}/facilities/${c.id}/credit-assessments`, {
      recordId: `ca-${c.id}`,
      validFrom: VALID_FROM,
      asOf: c.asOf,
      daysPastDue: c.daysPastDue,
      scenarios: c.scenarios,
    });
  }
}, 120_000);

afterAll(async () => {
  await folio.close();
});

type Line = {
  facilityId: string;
  stage: string;
  ecl12m: string;
  eclLifetime: string;
  allowance: string;
};

describe("worked IFRS 9 cases through HTTP", () => {
  it("measures the amortising loan, the weighted single payment and the stage 3 loan", async () => {
    const report = await must("GET", `${base}/ifrs9?asOf=2026-12-31&minSequence=${last}`);
    const lines = new Map((report.facilities as Line[]).map((line) => [line.facilityId, line]));
    expect(lines.get("am")).toMatchObject({
      stage: "2",
      ecl12m: "15.24",
      eclLifetime: "25.67",
      allowance: "25.67",
    });
    expect(lines.get("bullet")).toMatchObject({ stage: "1", ecl12m: "15.62", allowance: "15.62" });
    expect(lines.get("s3")).toMatchObject({ stage: "3", allowance: "416.67" });
    expect(report.overall).toMatchObject({ count: 3, allowance: "457.96" });
  });

  it("earns stage 3 interest on gross minus the allowance from the next period", async () => {
    const detail = await must(
      "GET",
      `${base}/ifrs9/facilities/s3?asOf=2027-03-31&minSequence=${last}`,
    );
    const quarters = detail.interest as {
      periodStart: string;
      basis: string;
      baseAmount: string;
      interestAmount: string;
    }[];
    expect(quarters.slice(-2)).toEqual([
      expect.objectContaining({
        periodStart: "2026-09-30",
        basis: "GROSS",
        baseAmount: "1000.00",
        interestAmount: "20.16",
      }),
      expect.objectContaining({
        periodStart: "2026-12-31",
        basis: "AMORTISED_COST",
        baseAmount: "583.33",
        interestAmount: "11.51",
      }),
    ]);
  });
});
