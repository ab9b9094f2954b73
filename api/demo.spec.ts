// Runs `npm run demo` (node --import tsx api/demo.ts) twice against a TestFolio: the first run
// fills the sample bank with the expected balances, the second writes nothing. The loan book
// (api/demoLoanBook.ts) gives exactly one large-exposure breach, the Hanse group's, with the
// designed numbers, and the demo prints it. Its IFRS 9 inputs (api/demoIfrs9Book.ts), measured
// by the pure library on the book read from the demo's database, put a facility in each stage
// at 2026-11-30. Also checks the clear errors for a missing key and for a Folio that is not
// running.
import { spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { facilityAccountBalancesAt } from "../projections/balances/balanceQueries.js";
import type { AccountBalanceAt } from "../projections/exposure/exposureTypes.js";
import { IFRS9_STAGES, computeIfrs9Report } from "../projections/ifrs9/index.js";
import { ifrs9BookAt } from "../projections/ifrs9/ifrs9Query.js";
import {
  EXPECTED_STAGES,
  IFRS9_PARAMETER_SET,
  IFRS9_REPORTING_DATE,
  IMPAIRMENT_EXPENSE_ACCOUNT,
  LOSS_ALLOWANCE_ACCOUNT,
  WRITE_OFF,
} from "./demoIfrs9Book.js";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const DEMO_TIMEOUT_MS = 60_000;

interface LargeGroup {
  readonly groupKey: string;
  readonly counterpartyIds: string[];
  readonly amounts: Record<string, string>;
  readonly shareOfTier1: string;
  readonly isLarge: boolean;
  readonly limitRule: string;
  readonly limit: string;
  readonly headroom: string;
  readonly nonInstitutionPart: Record<string, unknown> | null;
  readonly breach: boolean;
}

interface LargeReport {
  readonly tier1Capital: string;
  readonly largeExposureThreshold: string;
  readonly generalLimit: string;
  readonly largeExposures: LargeGroup[];
  readonly top20: LargeGroup[];
  readonly breaches: LargeGroup[];
}

/** The large-exposure part of the demo's output (it ends before the ledger's digest). */
function table(stdout: string): string {
  const start = stdout.indexOf("Large exposures");
  const end = stdout.indexOf("Ledger demo-bank: sequence");
  return start < 0 || end < start ? "" : stdout.slice(start, end);
}

function runDemo(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
    if (env.FOLIO_API_KEY === undefined) delete childEnv.FOLIO_API_KEY;
    delete childEnv.FOLIO_ADMIN_KEY;
    const child = spawn(process.execPath, ["--import", "tsx", "api/demo.ts"], {
      cwd: process.cwd(),
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), DEMO_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("npm run demo", () => {
  let folio: TestFolio;

  beforeAll(async () => {
    folio = await startTestFolio();
  });
  afterAll(async () => {
    await folio.close();
  });

  async function ledger(): Promise<{ sequence: number; hash: string }> {
    const answer = await folio.request("GET", "/v1/ledgers/demo-bank");
    expect(answer.status).toBe(200);
    return answer.body as { sequence: number; hash: string };
  }

  async function balances(accountId: string): Promise<Record<string, string>> {
    const answer = await folio.request("GET", `/v1/ledgers/demo-bank/accounts/${accountId}`);
    expect(answer.status, accountId).toBe(200);
    return (answer.body as { balances: Record<string, string> }).balances;
  }

  it("fills the sample bank, and a second run writes nothing", async () => {
    const env = { FOLIO_URL: folio.url, FOLIO_API_KEY: folio.adminKey };
    const first = await runDemo(env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/demo-bank: \d+ steps written, 0 already there/);
    const afterFirst = await ledger();
    expect(first.stdout).toContain(`sequence ${afterFirst.sequence}, hash ${afterFirst.hash}`);

    expect(await balances("cash:vault")).toMatchObject({ balance: "1020300.00" });
    // Deposit 5,000.00, card hold of 120.00 posted in part (95.40), a fee of 5.00; a second
    // hold voided: nothing pending.
    expect(await balances("cust:0001:current")).toMatchObject({
      balance: "4899.60",
      available: "4899.60",
      pendingDebits: "0.00",
    });
    // 2,500.00 + 20,000.00 loan - 1,150.00 instalment - 5.00 fee; the double fee is reversed.
    expect(await balances("cust:0002:current")).toMatchObject({ balance: "21345.00" });
    expect(await balances("cust:0003:current")).toMatchObject({ balance: "10650.00" });
    // EUR 1,000.00 bought in the FX trade, EUR 50,000.00 drawn on the loan book's revolver.
    expect(await balances("cust:0003:current:eur")).toMatchObject({ balance: "51000.00" });
    // One card hold of 35.00 is still open.
    expect(await balances("cust:0004:current")).toMatchObject({
      balance: "249000.00",
      available: "248965.00",
    });
    // 19,000.00 after instalment 1, less the 4,000.00 written off against the loss allowance
    // (debited: a contra-asset, in debit until a provisioning run posts the allowance).
    expect(await balances("loan:0002:term")).toMatchObject({ balance: "15000.00" });
    expect(await balances(LOSS_ALLOWANCE_ACCOUNT)).toMatchObject({ balance: "4000.00" });
    expect(await balances(IMPAIRMENT_EXPENSE_ACCOUNT)).toMatchObject({ balance: "0.00" });
    expect(await balances("loan:0004:mortgage")).toMatchObject({ balance: "248800.00" });
    expect(await balances("settlement:cards")).toMatchObject({ balance: "345.40" });
    expect(await balances("income:fees")).toMatchObject({ balance: "10.00" });
    expect(await balances("income:interest")).toMatchObject({ balance: "750.00" });
    // The FX trade balances per currency on the two position accounts.
    expect(await balances("fx:position:USD")).toMatchObject({ balance: "-1100.00" });
    expect(await balances("fx:position:EUR")).toMatchObject({ balance: "1000.00" });
    // The loan book's loans are ledger entries: disbursed into the customers' accounts.
    expect(await balances("loan:0003:rcf:eur")).toMatchObject({ balance: "50000.00" });
    expect(await balances("loan:0005:term:eur")).toMatchObject({ balance: "150000.00" });
    expect(await balances("loan:0006:rcf:eur")).toMatchObject({ balance: "70000.00" });
    expect(await balances("loan:0007:placement")).toMatchObject({ balance: "300000.00" });
    expect(await balances("cust:0006:current:eur")).toMatchObject({ balance: "70000.00" });
    expect(await balances("cust:0007:current")).toMatchObject({ balance: "300000.00" });

    // The printed table: two large exposures, the Hanse group's breach explained.
    const printed = table(first.stdout);
    expect(printed).toMatch(
      /group:hanse +570,000\.00 +57\.00 % +1,000,000\.00 \(institution\) +430,000\.00 +BREACH/,
    );
    expect(printed).toMatch(
      /counterparty:cust:0004 +248,800\.00 +24\.88 % +250,000\.00 +1,200\.00 +no/,
    );
    expect(printed).toContain("(2 more groups below 10 % of Tier 1)");
    expect(printed).toContain(
      "non-institution members hold 270,000.00 = 27.00 % of Tier 1, over the 25 % proviso (250,000.00)",
    );

    const second = await runDemo(env);
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/demo-bank: already there \(\d+ of \d+ steps replayed/);
    expect(await ledger()).toEqual(afterFirst);
    expect(table(second.stdout)).toBe(printed);
  });

  // Reads what the first test's demo wrote.
  it("shows exactly one breach: the Hanse group's non-institution part over 25 %", async () => {
    const { sequence } = await ledger();
    const answer = await folio.request(
      "GET",
      `/v1/ledgers/demo-bank/exposure/large?minSequence=${sequence}`,
    );
    expect(answer.status).toBe(200);
    const report = answer.body as LargeReport;
    expect(report).toMatchObject({
      tier1Capital: "1000000.00",
      largeExposureThreshold: "100000.00",
      generalLimit: "250000.00",
    });
    expect(report.breaches.map((group) => group.groupKey)).toEqual(["group:hanse"]);
    // Holding EUR 150,000.00 + Logistics EUR 70,000.00 drawn + 40 % of 75,000.00 undrawn =
    // EUR 250,000.00 = USD 270,000.00 at 1.08; the bank's USD 300,000.00 placement on top.
    expect(report.breaches[0]).toMatchObject({
      counterpartyIds: ["cust:0005", "cust:0006", "cust:0007"],
      containsInstitution: true,
      amounts: { exposureValue: "570000.00", valueAfterExemptionsAndCrm: "570000.00" },
      shareOfTier1: "0.570000",
      isLarge: true,
      limitRule: "institution",
      limit: "1000000.00",
      headroom: "430000.00",
      nonInstitutionPart: {
        exposure: "270000.00",
        limit: "250000.00",
        headroom: "-20000.00",
        withinLimit: false,
      },
      breach: true,
    });
    const rows = report.top20.map((group) => [
      group.groupKey,
      group.amounts.valueAfterExemptionsAndCrm,
      group.shareOfTier1,
      group.isLarge,
      group.limit,
      group.headroom,
      group.breach,
    ]);
    expect(rows).toEqual([
      ["group:hanse", "570000.00", "0.570000", true, "1000000.00", "430000.00", true],
      ["counterparty:cust:0004", "248800.00", "0.248800", true, "250000.00", "1200.00", false],
      ["counterparty:cust:0003", "75600.00", "0.075600", false, "250000.00", "174400.00", false],
      ["counterparty:cust:0002", "15000.00", "0.015000", false, "250000.00", "235000.00", false],
    ]);

    // Per counterparty: the revolver's undrawn commitment is what tips the group over.
    const byCounterparty = await folio.request(
      "GET",
      `/v1/ledgers/demo-bank/exposure?groupBy=counterparty&minSequence=${sequence}`,
    );
    expect(byCounterparty.status).toBe(200);
    type View = { key: string; reporting: Record<string, string> };
    const views = (byCounterparty.body as { groups: View[] }).groups;
    expect(views.map((view) => [view.key, view.reporting.exposureValue])).toEqual([
      ["cust:0007", "300000.00"],
      ["cust:0004", "248800.00"],
      ["cust:0005", "162000.00"],
      ["cust:0006", "108000.00"],
      ["cust:0003", "75600.00"],
      ["cust:0002", "15000.00"],
    ]);
  });

  // Reads what the first test's demo wrote.
  it("records IFRS 9 inputs that put a facility in each stage at 2026-11-30", async () => {
    const { sequence } = await ledger();
    // Both read models have applied `sequence` (minSequence) before the direct reads below.
    const large = `/v1/ledgers/demo-bank/exposure/large?minSequence=${sequence}`;
    expect((await folio.request("GET", large)).status).toBe(200);
    const pool = new pg.Pool({ connectionString: folio.database.url, max: 2 });
    try {
      const { book } = await ifrs9BookAt(pool, {
        ledgerId: "demo-bank",
        reportingDate: IFRS9_REPORTING_DATE,
        knownAt: { sequence },
        parameterSetId: IFRS9_PARAMETER_SET,
        versions: { balances: 1, riskInputs: 1 },
        assetScales: new Map([
          ["USD", 2],
          ["EUR", 2],
        ]),
        reportingCurrency: "USD",
      });
      // The demo's entries are effective when it runs, which may be after the reporting date:
      // measure on the balances known at `sequence`, so the figures do not depend on the day.
      const accountIds = new Set(
        [...book.facilities.values()].flatMap(({ facility }) => facility.drawnAccounts),
      );
      const read = await facilityAccountBalancesAt(pool, {
        ledgerId: "demo-bank",
        at: { kind: "sequence", sequence },
        accountIds,
      });
      const known = new Map<string, AccountBalanceAt>(
        read.accounts.map(({ accountId, currency, balance }) => [
          accountId,
          { accountId, currency, balance },
        ]),
      );
      expect(book.parameters.accounts).toEqual({
        impairmentExpense: IMPAIRMENT_EXPENSE_ACCOUNT,
        lossAllowance: LOSS_ALLOWANCE_ACCOUNT,
      });
      expect(book.facilities.get(WRITE_OFF.facilityId)?.writeOffs).toMatchObject([
        { recordId: WRITE_OFF.recordId, amount: 400000n, currency: "USD" },
      ]);

      const report = computeIfrs9Report({ ...book, balances: known });
      expect(report.unmeasured).toEqual([]);
      const stages = Object.fromEntries(
        report.measured.map((line) => [
          line.facilityId,
          { stage: line.staging.stage, previous: line.staging.previousStage },
        ]),
      );
      expect(stages).toEqual(EXPECTED_STAGES);
      for (const stage of IFRS9_STAGES) {
        expect(report.byStage[stage].count, `stage ${stage}`).toBeGreaterThan(0);
        expect(report.byStage[stage].allowance, `stage ${stage}`).toBeGreaterThan(0n);
      }
      for (const line of report.measured) {
        expect(line.allowanceReporting, line.facilityId).toBeGreaterThan(0n);
      }
      const line = (id: string) => report.measured.find((each) => each.facilityId === id);
      // The transfers happened between the two assessments: at the later one.
      expect(line("fac:0006:rcf")?.staging).toMatchObject({
        stageReason: "sicr",
        stageChangedAt: "2026-11-30",
      });
      expect(line(WRITE_OFF.facilityId)?.staging).toMatchObject({
        stageReason: "dpd_90",
        stageChangedAt: "2026-11-30",
      });
      // The write-off's entry is in the gross carrying amount: 19,000.00 - 4,000.00.
      expect(line(WRITE_OFF.facilityId)?.grossCarryingAmount).toBe(1500000n);
      expect(line("fac:0005:term")?.ecl.discountRate).toBe("0.041");
    } finally {
      await pool.end();
    }
  });

  it("says what is missing without a key, and when Folio is not running", async () => {
    const noKey = await runDemo({ FOLIO_URL: folio.url });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain("set FOLIO_API_KEY");

    const down = await runDemo({ FOLIO_URL: "http://127.0.0.1:9", FOLIO_API_KEY: "folio_x" });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("cannot reach Folio at http://127.0.0.1:9");
  });
});
