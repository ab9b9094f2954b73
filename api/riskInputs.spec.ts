// The risk input routes over real HTTP: a risk-admin records counterparties, facilities, FX
// rates and the capital base; each is idempotent by recordId (201, then 200 with
// Idempotent-Replay, 409 for other content); bad identifiers are 400 with the field named; a
// facility naming an unknown counterparty is 404; other roles are refused.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "risk-bank";
const base = `/v1/ledgers/${LEDGER}`;
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

const counterparty = {
  recordId: "cp-acme-1",
  counterpartyId: "acme",
  validFrom: "2026-11-01T00:00:00Z",
  lei: "5493001KJTIIGC8Y1R12",
  legalName: "Acme Manufacturing Ltd",
  connectedGroupId: "acme-group",
  sector: "C25.1",
  countryOfRisk: "GB",
};

const facility = {
  recordId: "fac-acme-1",
  facilityId: "acme-rcf",
  validFrom: "2026-11-01T00:00:00Z",
  counterpartyId: "acme",
  product: "revolving-credit",
  currency: "USD",
  drawnAccounts: ["loan:acme"],
  limit: "1000.00",
  ccf: "0.4",
  collateral: [{ type: "cash", currency: "EUR", amount: "30" }],
};

beforeAll(async () => {
  folio = await startTestFolio();
  await must("POST", "/v1/ledgers", {
    id: LEDGER,
    name: "Risk Bank",
    reportingCurrency: "EUR",
    assets: [
      { code: "EUR", scale: 2 },
      { code: "USD", scale: 2 },
    ],
  });
  await must("POST", `${base}/accounts`, { id: "loan:acme", currency: "USD", type: "asset" });
  const key = async (roles: string[]) =>
    (await must("POST", "/v1/keys", { name: roles.join("+"), roles, ledgers: [LEDGER] }))
      .key as string;
  riskAdmin = await key(["risk-admin"]);
  riskReader = await key(["risk", "poster"]);
}, 60_000);

afterAll(async () => {
  await folio.close();
});

describe("risk inputs over HTTP", () => {
  it("records a counterparty once: 201, then 200 with Idempotent-Replay, 409 for other content", async () => {
    const first = await folio.request("POST", `${base}/counterparties`, counterparty, riskAdmin);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      type: "CounterpartyRecorded",
      record: { counterpartyId: "acme", countryOfRisk: "GB", rating: null },
    });
    const again = await folio.request("POST", `${base}/counterparties`, counterparty, riskAdmin);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replay")).toBe("true");
    expect((again.body as { sequence: number }).sequence).toBe(
      (first.body as { sequence: number }).sequence,
    );
    const other = await folio.request(
      "POST",
      `${base}/counterparties`,
      { ...counterparty, rating: "BB" },
      riskAdmin,
    );
    expect(other.status).toBe(409);
    expect((other.body as { code: string }).code).toBe("id_conflict");
  });

  it("refuses a bad LEI, sector or country with 400 naming the field", async () => {
    for (const [field, value] of [
      ["lei", "5493001KJTIIGC8Y1R13"],
      ["sector", "Z99"],
      ["countryOfRisk", "UK"],
    ] as const) {
      const reply = await folio.request(
        "POST",
        `${base}/counterparties`,
        { ...counterparty, recordId: `bad-${field}`, [field]: value },
        riskAdmin,
      );
      expect(reply.status, field).toBe(400);
      expect(JSON.stringify((reply.body as { errors: unknown }).errors)).toContain(field);
    }
  });

  it("records a facility in minor units; an unknown counterparty is 404", async () => {
    const recorded = await must("POST", `${base}/facilities`, facility, riskAdmin);
    expect(recorded.record).toMatchObject({
      limit: "100000",
      ccf: "0.4",
      ccfFloorApplies: true,
      collateral: [{ type: "cash", currency: "EUR", amount: "3000" }],
      specificProvisions: "0",
    });
    const orphan = await folio.request(
      "POST",
      `${base}/facilities`,
      {
        ...facility,
        recordId: "fac-2",
        facilityId: "ghost",
        counterpartyId: "ghost",
        drawnAccounts: ["loan:acme"],
      },
      riskAdmin,
    );
    expect(orphan.status).toBe(404);
    expect((orphan.body as { code: string }).code).toBe("counterparty_not_found");
  });

  it("publishes FX rates and records Tier 1 in the reporting currency", async () => {
    const rates = await must(
      "POST",
      `${base}/fx-rates`,
      {
        recordId: "fx-1",
        validFrom: "2026-11-28T16:00:00Z",
        source: "ECB",
        rates: [{ from: "USD", to: "EUR", rate: "0.92" }],
      },
      riskAdmin,
    );
    expect(rates.type).toBe("FxRatesPublished");
    const capital = await must(
      "POST",
      `${base}/capital`,
      { recordId: "t1-q3", validFrom: "2026-09-30T23:59:59Z", tier1Capital: "1000.00" },
      riskAdmin,
    );
    expect(capital.record).toMatchObject({ currency: "EUR", tier1Capital: "100000" });
  });

  it("lets only admin and risk-admin record inputs", async () => {
    const reply = await folio.request(
      "POST",
      `${base}/counterparties`,
      { ...counterparty, recordId: "by-reader" },
      riskReader,
    );
    expect(reply.status).toBe(403);
    const byAdmin = await folio.request("POST", `${base}/counterparties`, {
      ...counterparty,
      recordId: "by-admin",
      counterpartyId: "beta",
    });
    expect(byAdmin.status).toBe(201);
  });

  it("reads the inputs in force back, as of now and as of before they were valid", async () => {
    const last = (await must("GET", base)).sequence as number;
    const list = await must(
      "GET",
      `${base}/counterparties?limit=1&minSequence=${last}`,
      undefined,
      riskReader,
    );
    expect((list.items as { counterpartyId: string }[]).map((c) => c.counterpartyId)).toEqual([
      "acme",
    ]);
    expect(list.nextCursor).toBe("acme");
    const next = await must("GET", `${base}/counterparties?after=acme`, undefined, riskReader);
    expect((next.items as { counterpartyId: string }[]).map((c) => c.counterpartyId)).toEqual([
      "beta",
    ]);
    const one = await must("GET", `${base}/facilities/acme-rcf`, undefined, riskReader);
    expect(one.item).toMatchObject({
      limit: "1000.00",
      collateral: [{ type: "cash", currency: "EUR", amount: "30.00" }],
    });
    const capital = await must("GET", `${base}/capital`, undefined, riskReader);
    expect(capital.item).toMatchObject({ currency: "EUR", tier1Capital: "1000.00" });
    const rates = await must("GET", `${base}/fx-rates`, undefined, riskReader);
    expect((rates.item as { rates: unknown[] }).rates).toHaveLength(1);
    const before = await folio.request(
      "GET",
      `${base}/counterparties/acme?asOf=2026-10-01T00:00:00Z`,
      undefined,
      riskReader,
    );
    expect(before.status).toBe(404);
    expect((before.body as { code: string }).code).toBe("counterparty_not_found");
  });

  it("answers any body with a 4xx problem or a record, never a 5xx", async () => {
    const paths = ["counterparties", "facilities", "fx-rates", "capital"];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.anything(), async (path, body) => {
        const reply = await folio.request(
          "POST",
          `${base}/${path}`,
          JSON.stringify(body ?? null),
          riskAdmin,
        );
        expect(reply.status).toBeLessThan(500);
        if (reply.status >= 400)
          expect(typeof (reply.body as { code?: unknown }).code).toBe("string");
      }),
      { numRuns: 200 },
    );
  });
});
