// Test D of the research note (ifrs9-exposure-audit.md 1.7, the movement arithmetic) built from
// real inputs through HTTP: six EUR 10,000.00 bullet loans (EIR 0, so every discount factor is
// 1; PD curves flat after year 1, so lifetime ECL = 12-month ECL = PD x LGD x EAD), assessed
// on 2026-06-30 and 2026-12-31:
//   L1 S1 -> S1   100 -> 90    (PD 2 %, LGD 50 % -> 45 %)
//   L2 S1 -> S2    50 -> 400   (PD 1 % -> 8 %, 45 days past due)
//   L3 S2 -> S3   300 -> 800   (40 days past due at PD 6 %; then 100 days, LGD 8 %)
//   L4 S3, written off: 700 -> 0 (LGD 7 %; the whole loan written off in September)
//   L5 new, S1     - -> 60     (drawn in August, PD 1.2 %)
//   L6 S1, repaid  40 -> 0     (PD 0.8 %; repaid in September)
// The movement table must be the note's: opening 190 / 300 / 700, transfers -50/+50 and
// -300/+300, new 60, derecognised -40, write-offs -700, remeasurement -10 / 350 / 500,
// closing 150 / 400 / 800 = 1,350, and the P&L charge 860 = 1,350 - 1,190 + 700.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "case-d";
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

interface Loan {
  readonly id: string;
  readonly origination: string;
  readonly pdAtOrigination: string;
  /** [asOf, PD, LGD, days past due] */
  readonly assessments: readonly (readonly [string, string, string, number])[];
}

const loans: readonly Loan[] = [
  {
    id: "L1",
    origination: "2026-01-15",
    pdAtOrigination: "0.02",
    assessments: [
      ["2026-06-30", "0.02", "0.5", 0],
      ["2026-12-31", "0.02", "0.45", 0],
    ],
  },
  {
    id: "L2",
    origination: "2026-01-15",
    pdAtOrigination: "0.01",
    assessments: [
      ["2026-06-30", "0.01", "0.5", 0],
      ["2026-12-31", "0.08", "0.5", 45],
    ],
  },
  {
    id: "L3",
    origination: "2026-01-15",
    pdAtOrigination: "0.06",
    assessments: [
      ["2026-06-30", "0.06", "0.5", 40],
      ["2026-12-31", "0.06", "0.08", 100],
    ],
  },
  {
    id: "L4",
    origination: "2026-01-15",
    pdAtOrigination: "0.05",
    assessments: [["2026-06-30", "0.05", "0.07", 100]],
  },
  {
    id: "L5",
    origination: "2026-08-01",
    pdAtOrigination: "0.012",
    assessments: [["2026-12-31", "0.012", "0.5", 0]],
  },
  {
    id: "L6",
    origination: "2026-01-15",
    pdAtOrigination: "0.008",
    assessments: [["2026-06-30", "0.008", "0.5", 0]],
  },
];

/** A flat cumulative curve: all the default probability in year 1. */
const flat = (pd: string) => Array.from({ length: 6 }, () => pd);

async function entry(id: string, effectiveAt: string, debit: string, credit: string) {
  await must("POST", `${base}/entries`, {
    id,
    effectiveAt,
    postings: [
      { accountId: debit, side: "debit", amount: "10000.00" },
      { accountId: credit, side: "credit", amount: "10000.00" },
    ],
  });
}

beforeAll(async () => {
  folio = await startTestFolio();
  await must("POST", "/v1/ledgers", {
    id: LEDGER,
    name: "Test D",
    reportingCurrency: "EUR",
    assets: [{ code: "EUR", scale: 2 }],
  });
  for (const [id, type] of [
    ["deposits", "liability"],
    ["writeoffs", "expense"],
  ] as const) {
    await must("POST", `${base}/accounts`, { id, currency: "EUR", type });
  }
  await must("POST", `${base}/counterparties`, {
    recordId: "cp",
    counterpartyId: "borrower",
    validFrom: VALID_FROM,
    legalName: "Borrower",
    sector: "C",
    countryOfRisk: "DE",
  });
  for (const loan of loans) {
    await must("POST", `${base}/accounts`, {
      id: `loan:${loan.id}`,
      currency: "EUR",
      type: "asset",
    });
    await entry(`draw-${loan.id}`, `${loan.origination}T00:00:00Z`, `loan:${loan.id}`, "deposits");
    await must("POST", `${base}/facilities`, {
      recordId: `fac-${loan.id}`,
      facilityId: loan.id,
      validFrom: VALID_FROM,
      counterpartyId: "borrower",
      product: "loan",
      currency: "EUR",
      drawnAccounts: [`loan:${loan.id}`],
      limit: "10000.00",
      ccf: "0",
    });
    await must("POST", `${base}/facilities/${loan.id}/terms`, {
      recordId: `terms-${loan.id}`,
      validFrom: VALID_FROM,
      originationDate: loan.origination,
      maturityDate: "2030-06-30",
      eir: "0",
      repayment: { kind: "amortising", schedule: [{ date: "2030-06-30", principal: "10000.00" }] },
      lifetimePdAtOrigination: loan.pdAtOrigination,
    });
    for (const [asOf, pd, lgd, daysPastDue] of loan.assessments) {
      await must("POST", `${base}/facilities/${loan.id}/credit-assessments`, {
        recordId: `ca-${loan.id}-${asOf}`,
        validFrom: VALID_FROM,
        asOf,
        daysPastDue,
        scenarios: [
          {
            scenarioId: "base",
            weight: "1",
            pd12m: pd,
            lifetimePd: { kind: "cumulative", byYear: flat(pd) },
            lgd,
          },
        ],
      });
    }
  }
  // L4 written off in full (the ledger's entry and the write-off record); L6 repaid.
  await entry("writeoff-L4", "2026-09-30T00:00:00Z", "writeoffs", "loan:L4");
  await must("POST", `${base}/facilities/L4/write-offs`, {
    recordId: "wo-L4",
    validFrom: VALID_FROM,
    writtenOffOn: "2026-09-30",
    amount: "10000.00",
  });
  await entry("repay-L6", "2026-09-01T00:00:00Z", "deposits", "loan:L6");
}, 120_000);

afterAll(async () => {
  await folio.close();
});

describe("Test D through HTTP", () => {
  it("gives the research note's movement table and P&L charge", async () => {
    const movement = await must(
      "GET",
      `${base}/ifrs9/movement?from=2026-06-30&to=2026-12-31&minSequence=${last}`,
    );
    const rows = Object.fromEntries(
      (
        movement.rows as {
          line: string;
          stage1: string;
          stage2: string;
          stage3: string;
          total: string;
        }[]
      ).map((row) => [row.line, [row.stage1, row.stage2, row.stage3, row.total]]),
    );
    expect(rows).toEqual({
      opening: ["190.00", "300.00", "700.00", "1190.00"],
      transfer_to_stage_1: ["0.00", "0.00", "0.00", "0.00"],
      transfer_to_stage_2: ["-50.00", "50.00", "0.00", "0.00"],
      transfer_to_stage_3: ["0.00", "-300.00", "300.00", "0.00"],
      new: ["60.00", "0.00", "0.00", "60.00"],
      derecognised: ["-40.00", "0.00", "0.00", "-40.00"],
      write_offs: ["0.00", "0.00", "-700.00", "-700.00"],
      model_changes: ["0.00", "0.00", "0.00", "0.00"],
      remeasurement: ["-10.00", "350.00", "500.00", "840.00"],
      fx_and_other: ["0.00", "0.00", "0.00", "0.00"],
      closing: ["150.00", "400.00", "800.00", "1350.00"],
    });
    expect(movement.profitOrLossCharge).toBe("860.00");
  });
});
