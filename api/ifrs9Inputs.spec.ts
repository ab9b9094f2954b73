// The IFRS 9 input routes over real HTTP: a risk-admin records a facility's terms, a credit
// assessment, a write-off and a parameter set; each is idempotent by recordId (201, then 200
// with Idempotent-Replay, 409 for other content); a facility never recorded is 404
// facility_not_found; malformed bodies (weights not summing to 1, impossible dates, a PD
// above 1) are 400 naming the field; other roles are refused.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "ifrs9-bank";
const base = `/v1/ledgers/${LEDGER}`;
const loan = `${base}/facilities/acme-loan`;
let folio: TestFolio;
let riskAdmin: string;
let riskReader: string;

async function must(method: string, path: string, body?: unknown, key?: string) {
  const reply = await folio.request(method, path, body, key);
  if (reply.status >= 300) {
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body as Record<string, unknown>;
}

const terms = {
  recordId: "terms-1",
  validFrom: "2026-11-01T00:00:00Z",
  originationDate: "2026-01-15",
  maturityDate: "2028-01-15",
  eir: "0.045",
  repayment: {
    kind: "amortising",
    schedule: [
      { date: "2027-01-15", principal: "400.00" },
      { date: "2028-01-15", principal: "600" },
    ],
  },
  lifetimePdAtOrigination: "0.02",
};

const scenario = (scenarioId: string, weight: string) => ({
  scenarioId,
  weight,
  pd12m: "0.01",
  lifetimePd: { kind: "cumulative", byYear: ["0.01", "0.03"] },
  lgd: "0.45",
});
const assessment = {
  recordId: "ca-1",
  validFrom: "2026-11-01T00:00:00Z",
  asOf: "2026-10-31",
  daysPastDue: 35,
  scenarios: [scenario("base", "0.6"), scenario("downturn", "0.3"), scenario("upside", "0.1")],
};

beforeAll(async () => {
  folio = await startTestFolio();
  await must("POST", "/v1/ledgers", {
    id: LEDGER,
    name: "IFRS 9 Bank",
    reportingCurrency: "EUR",
    assets: [
      { code: "EUR", scale: 2 },
      { code: "USD", scale: 2 },
    ],
  });
  for (const [id, type] of [
    ["loan:acme", "asset"],
    ["pl:impairment", "expense"],
    ["bs:allowance", "asset"],
  ] as const) {
    await must("POST", `${base}/accounts`, { id, currency: "USD", type });
  }
  const key = async (roles: string[]) =>
    (await must("POST", "/v1/keys", { name: roles.join("+"), roles, ledgers: [LEDGER] }))
      .key as string;
  riskAdmin = await key(["risk-admin"]);
  riskReader = await key(["risk", "poster"]);
  await must(
    "POST",
    `${base}/counterparties`,
    {
      recordId: "cp-1",
      counterpartyId: "acme",
      validFrom: "2026-11-01T00:00:00Z",
      legalName: "Acme Manufacturing Ltd",
      sector: "C25.1",
      countryOfRisk: "GB",
    },
    riskAdmin,
  );
  await must(
    "POST",
    `${base}/facilities`,
    {
      recordId: "fac-1",
      facilityId: "acme-loan",
      validFrom: "2026-11-01T00:00:00Z",
      counterpartyId: "acme",
      product: "term-loan",
      currency: "USD",
      drawnAccounts: ["loan:acme"],
      limit: "1000.00",
      ccf: "0",
    },
    riskAdmin,
  );
}, 60_000);

afterAll(async () => {
  await folio.close();
});

describe("IFRS 9 inputs over HTTP", () => {
  it("records a facility's terms once: 201, then 200 with Idempotent-Replay, 409 for other content", async () => {
    const first = await folio.request("POST", `${loan}/terms`, terms, riskAdmin);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      type: "FacilityTermsRecorded",
      record: {
        facilityId: "acme-loan",
        currency: "USD",
        repayment: {
          kind: "amortising",
          schedule: [
            { date: "2027-01-15", principal: "40000" },
            { date: "2028-01-15", principal: "60000" },
          ],
        },
        poci: false,
        creditAdjustedEir: null,
      },
    });
    const again = await folio.request("POST", `${loan}/terms`, terms, riskAdmin);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replay")).toBe("true");
    expect((again.body as { sequence: number }).sequence).toBe(
      (first.body as { sequence: number }).sequence,
    );
    const other = await folio.request(
      "POST",
      `${loan}/terms`,
      { ...terms, eir: "0.05" },
      riskAdmin,
    );
    expect(other.status).toBe(409);
    expect((other.body as { code: string }).code).toBe("id_conflict");
  });

  it("records a credit assessment and a write-off in minor units", async () => {
    const recorded = await must("POST", `${loan}/credit-assessments`, assessment, riskAdmin);
    expect(recorded).toMatchObject({
      type: "CreditAssessmentRecorded",
      record: { daysPastDue: 35, defaulted: false, forborne: "none" },
    });
    const writeOff = await must(
      "POST",
      `${loan}/write-offs`,
      {
        recordId: "wo-1",
        validFrom: "2026-12-31T00:00:00Z",
        writtenOffOn: "2026-12-31",
        amount: "12.50",
      },
      riskAdmin,
    );
    expect(writeOff.record).toMatchObject({ currency: "USD", amount: "1250" });
  });

  it("records a parameter set with the documented defaults; unknown accounts are 404", async () => {
    const body = {
      recordId: "params-1",
      validFrom: "2026-01-01T00:00:00Z",
      parameterSetId: "policy-2026",
      impairmentExpenseAccountId: "pl:impairment",
      lossAllowanceAccountId: "bs:allowance",
    };
    const recorded = await must("POST", `${base}/ifrs9/parameters`, body, riskAdmin);
    expect(recorded.record).toMatchObject({
      sicr: { relativeThreshold: "2.5", absoluteThreshold: "0.005", comparison: "gte" },
      dpd: { stage2: 30, stage3: 90, comparison: "gt" },
      stage3RecoveryMonths: 12,
      rounding: "ROUND_HALF_EVEN",
    });
    const missing = await folio.request(
      "POST",
      `${base}/ifrs9/parameters`,
      { ...body, recordId: "params-2", lossAllowanceAccountId: "bs:nowhere" },
      riskAdmin,
    );
    expect(missing.status).toBe(404);
    expect((missing.body as { code: string }).code).toBe("account_not_found");
  });

  it("answers 404 facility_not_found for a facility never recorded", async () => {
    for (const [path, body] of [
      ["terms", { ...terms, recordId: "terms-ghost" }],
      ["credit-assessments", { ...assessment, recordId: "ca-ghost" }],
      [
        "write-offs",
        {
          recordId: "wo-ghost",
          validFrom: terms.validFrom,
          writtenOffOn: "2026-12-31",
          amount: "1",
        },
      ],
    ] as const) {
      const reply = await folio.request(
        "POST",
        `${base}/facilities/ghost/${path}`,
        body,
        riskAdmin,
      );
      expect(reply.status, path).toBe(404);
      expect((reply.body as { code: string }).code).toBe("facility_not_found");
    }
  });

  it("refuses malformed bodies with 400 naming the field", async () => {
    const cases = [
      {
        path: `${loan}/credit-assessments`,
        body: {
          ...assessment,
          recordId: "ca-bad-weights",
          scenarios: [scenario("a", "0.33"), scenario("b", "0.33"), scenario("c", "0.33")],
        },
        field: "scenarios",
      },
      {
        path: `${loan}/terms`,
        body: { ...terms, recordId: "terms-bad-date", maturityDate: "2027-02-29" },
        field: "maturityDate",
      },
      {
        path: `${loan}/credit-assessments`,
        body: {
          ...assessment,
          recordId: "ca-bad-pd",
          scenarios: [{ ...scenario("a", "1"), pd12m: "1.2" }],
        },
        field: "pd12m",
      },
      {
        path: `${loan}/terms`,
        body: { ...terms, recordId: "terms-bad-pd", lifetimePdAtOrigination: "1.5" },
        field: "lifetimePdAtOrigination",
      },
    ];
    for (const { path, body, field } of cases) {
      const reply = await folio.request("POST", path, body, riskAdmin);
      expect(reply.status, body.recordId).toBe(400);
      expect(JSON.stringify((reply.body as { errors: unknown }).errors), body.recordId).toContain(
        field,
      );
    }
  });

  it("lets only admin and risk-admin record IFRS 9 inputs", async () => {
    const reply = await folio.request(
      "POST",
      `${loan}/terms`,
      { ...terms, recordId: "by-reader" },
      riskReader,
    );
    expect(reply.status).toBe(403);
    const byAdmin = await folio.request("POST", `${loan}/terms`, {
      ...terms,
      recordId: "by-admin",
    });
    expect(byAdmin.status).toBe(201);
  });

  it("answers any body with a 4xx problem or a record, never a 5xx", async () => {
    const paths = [
      `${loan}/terms`,
      `${loan}/credit-assessments`,
      `${loan}/write-offs`,
      `${base}/ifrs9/parameters`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.anything(), async (path, body) => {
        const reply = await folio.request("POST", path, JSON.stringify(body ?? null), riskAdmin);
        expect(reply.status).toBeLessThan(500);
        if (reply.status >= 400)
          expect(typeof (reply.body as { code?: unknown }).code).toBe("string");
      }),
      { numRuns: 100 },
    );
  });
});
