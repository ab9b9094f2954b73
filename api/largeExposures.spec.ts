// Worked cases for every large-exposure rule (CRR Art. 392 and 395), through HTTP, boundaries
// included. Each case is its own ledger (reporting currency EUR, Tier 1 as given): loans are
// real entries, facilities name their loan accounts, and the report is GET .../exposure/large.
//  - Art. 392: an exposure of exactly 10 % of Tier 1 is large; one cent less is not.
//  - Art. 395(1): exactly 25 % is within the limit; one cent more is a breach.
//  - Institutions: a group containing a bank may reach the higher of 25 % and EUR 150 m (at most
//    100 % of Tier 1), provided its non-institution part stays within 25 %.
//  - G-SIIs: 15 % between a G-SII reporting entity and a G-SII counterparty.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const VALID_FROM = "2026-01-01T00:00:00Z";
let folio: TestFolio;

interface Loan {
  readonly counterpartyId: string;
  readonly group: string | null;
  readonly amount: string;
  readonly institution?: boolean;
  readonly gsii?: boolean;
}

interface Group {
  readonly groupKey: string;
  readonly isLarge: boolean;
  readonly breach: boolean;
  readonly limitRule: string;
  readonly limit: string;
  readonly headroom: string;
  readonly nonInstitutionPart: { readonly withinLimit: boolean; readonly exposure: string } | null;
}

async function must(method: string, path: string, body?: unknown) {
  const reply = await folio.request(method, path, body);
  if (reply.status >= 300) {
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body as Record<string, unknown>;
}

/** A ledger with Tier 1 `tier1` EUR and one fully drawn facility per loan; its report. */
async function reportFor(
  ledgerId: string,
  tier1: string,
  loans: readonly Loan[],
  reportingEntityIsGsii = false,
): Promise<Group[]> {
  const base = `/v1/ledgers/${ledgerId}`;
  await must("POST", "/v1/ledgers", {
    id: ledgerId,
    name: ledgerId,
    reportingCurrency: "EUR",
    assets: [{ code: "EUR", scale: 2 }],
  });
  await must("POST", `${base}/accounts`, { id: "deposits", currency: "EUR", type: "liability" });
  for (const loan of loans) {
    const id = loan.counterpartyId;
    await must("POST", `${base}/accounts`, { id: `loan:${id}`, currency: "EUR", type: "asset" });
    await must("POST", `${base}/entries`, {
      id: `lend-${id}`,
      postings: [
        { accountId: `loan:${id}`, side: "debit", amount: loan.amount },
        { accountId: "deposits", side: "credit", amount: loan.amount },
      ],
    });
    await must("POST", `${base}/counterparties`, {
      recordId: `cp-${id}`,
      counterpartyId: id,
      validFrom: VALID_FROM,
      legalName: id,
      connectedGroupId: loan.group,
      sector: loan.institution === true ? "K64.19" : "C",
      countryOfRisk: "FR",
      flags: {
        institution: loan.institution ?? false,
        globalSystemicallyImportant: loan.gsii ?? false,
        sovereign: false,
        exempt: false,
      },
    });
    await must("POST", `${base}/facilities`, {
      recordId: `fac-${id}`,
      facilityId: `f-${id}`,
      validFrom: VALID_FROM,
      counterpartyId: id,
      product: "loan",
      currency: "EUR",
      drawnAccounts: [`loan:${id}`],
      limit: loan.amount,
      ccf: "0",
      ccfFloorApplies: false,
    });
  }
  const capital = await must("POST", `${base}/capital`, {
    recordId: "t1",
    validFrom: VALID_FROM,
    tier1Capital: tier1,
    ...(reportingEntityIsGsii ? { reportingEntityIsGsii } : {}),
  });
  const report = await must(
    "GET",
    `${base}/exposure/large?minSequence=${String(capital.sequence)}`,
  );
  return report.top20 as Group[];
}

const groupOf = (groups: readonly Group[], key: string): Group => {
  const group = groups.find((candidate) => candidate.groupKey === key);
  if (group === undefined) throw new Error(`no group ${key} in ${JSON.stringify(groups)}`);
  return group;
};

beforeAll(async () => {
  folio = await startTestFolio();
}, 60_000);

afterAll(async () => {
  await folio.close();
});

describe("large exposures through HTTP", () => {
  it("Art. 392: exactly 10 % of Tier 1 is large, one cent less is not", async () => {
    const groups = await reportFor("lex-392", "1000.00", [
      { counterpartyId: "at10", group: null, amount: "100.00" },
      { counterpartyId: "under10", group: null, amount: "99.99" },
    ]);
    expect(groupOf(groups, "counterparty:at10").isLarge).toBe(true);
    expect(groupOf(groups, "counterparty:under10").isLarge).toBe(false);
  });

  it("Art. 395: exactly 25 % is within the limit, one cent more is a breach", async () => {
    const groups = await reportFor("lex-395", "1000.00", [
      { counterpartyId: "at25", group: null, amount: "250.00" },
      { counterpartyId: "over25", group: null, amount: "250.01" },
    ]);
    expect(groupOf(groups, "counterparty:at25")).toMatchObject({
      breach: false,
      limit: "250.00",
      headroom: "0.00",
      limitRule: "general",
    });
    expect(groupOf(groups, "counterparty:over25")).toMatchObject({
      breach: true,
      headroom: "-0.01",
    });
  });

  it("institutions: the higher of 25 % and EUR 150 m (at most 100 %), if the rest stays within 25 %", async () => {
    // Tier 1 EUR 100 m: 25 % is 25 m, EUR 150 m is more than 100 %: the limit is 100 m.
    const groups = await reportFor("lex-inst", "100000000.00", [
      { counterpartyId: "bank-a", group: "ga", amount: "70000000.00", institution: true },
      { counterpartyId: "corp-a", group: "ga", amount: "25000000.00" },
      { counterpartyId: "bank-b", group: "gb", amount: "60000000.00", institution: true },
      { counterpartyId: "corp-b", group: "gb", amount: "25000000.01" },
    ]);
    expect(groupOf(groups, "group:ga")).toMatchObject({
      limitRule: "institution",
      limit: "100000000.00",
      breach: false,
      nonInstitutionPart: { withinLimit: true, exposure: "25000000.00" },
    });
    // Within the group's 100 m, but its non-institution part passes 25 %: a breach.
    expect(groupOf(groups, "group:gb")).toMatchObject({
      limitRule: "institution",
      breach: true,
      nonInstitutionPart: { withinLimit: false },
    });
  });

  it("institutions: with a large Tier 1, EUR 150 m is the limit where it is above 25 %", async () => {
    // Tier 1 EUR 400 m: 25 % is 100 m, EUR 150 m is higher and under 100 %: the limit.
    const groups = await reportFor("lex-inst-150", "400000000.00", [
      { counterpartyId: "bank-c", group: null, amount: "150000000.00", institution: true },
      { counterpartyId: "bank-d", group: null, amount: "150000000.01", institution: true },
    ]);
    expect(groupOf(groups, "counterparty:bank-c")).toMatchObject({
      limit: "150000000.00",
      breach: false,
    });
    expect(groupOf(groups, "counterparty:bank-d")).toMatchObject({ breach: true });
  });

  it("G-SIIs: 15 % between a G-SII reporting entity and a G-SII", async () => {
    const groups = await reportFor(
      "lex-gsii",
      "1000000000.00",
      [
        {
          counterpartyId: "gsii-at",
          group: null,
          amount: "150000000.00",
          institution: true,
          gsii: true,
        },
        {
          counterpartyId: "gsii-over",
          group: null,
          amount: "150000000.01",
          institution: true,
          gsii: true,
        },
      ],
      true,
    );
    expect(groupOf(groups, "counterparty:gsii-at")).toMatchObject({
      limitRule: "gsii",
      limit: "150000000.00",
      breach: false,
    });
    expect(groupOf(groups, "counterparty:gsii-over")).toMatchObject({ breach: true });
  });
});
