// `folio ifrs9` and `folio verify --read-models` (IFRS 9) run as real processes against a real
// PostgreSQL: a small book written through LedgerWriter (USD reporting, a EUR facility at
// EUR/USD 1.10; two facilities with terms, assessments putting one in stage 1 and one in stage
// 2, a third without terms; one parameter set; the draws), projected to caught-up (balances,
// risk_inputs with its IFRS 9 tables). The report from the events alone equals a worked case
// computed by hand, follows --known-at, prints --json with decimal strings, refuses a missing
// parameter set with its code and exit 2; verify passes, then fails with exit 1 naming the
// facility and field after one credit assessment row is changed in SQL.
import type pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  createPool,
  createTestDatabase,
  openPostgresEventStore,
  type TestDatabase,
} from "../event-store/index.js";
import { LedgerWriter, type EventStore } from "../ledger-core/index.js";
import {
  balancesProjection,
  PROJECTION_MIGRATIONS,
  ProjectionRunner,
  riskInputsProjection,
} from "../projections/index.js";
import { computeIfrs9Report } from "../projections/ifrs9/index.js";
import { ifrs9BookAt, reportDigest } from "../projections/ifrs9/ifrs9Query.js";
import {
  counterparty,
  creditAssessment,
  facility,
  facilityTerms,
  fxRates,
  ifrs9Parameters,
} from "../projections/exposure/testing/riskInputsHarness.js";
import type { Command } from "../schemas/index.js";
import { runFolio, type FolioRun } from "./testing/runFolio.js";

const LEDGER = "book9";
const logger = pino({ level: "silent" });
const FROM = "2026-01-01T00:00:00.000Z";
const DATE = "2026-06-30";

let database: TestDatabase;
let pool: pg.Pool;
let store: EventStore;
/** The sequence of f-two's assessment (recorded last but for the parameter set and draws). */
let assessedTwoAt = -1;
let head = -1;

function folio(args: readonly string[]): Promise<FolioRun> {
  return runFolio(args, { DATABASE_URL: database.url });
}

async function folioJson<T>(args: readonly string[]): Promise<T> {
  const run = await folio(["-q", "ifrs9", "--ledger", LEDGER, "--json", ...args]);
  if (run.code !== 0) throw new Error(`folio ifrs9 ${args.join(" ")}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

async function writeBook(): Promise<void> {
  let now = Date.parse("2026-01-10T09:00:00.000Z");
  const writer = await LedgerWriter.open({
    ledgerId: LEDGER,
    store,
    clock: () => now,
    maxBatchWaitMs: 0,
  });
  const submit = async (command: Command): Promise<number> => {
    const decision = await writer.submit({ command, actor: "risk:eve", correlationId: `c-${now}` });
    if (decision.status !== "accepted") throw new Error(JSON.stringify(decision));
    now += 60_000;
    return writer.current.chain.nextSequence - 1;
  };
  const draw = (id: string, loan: string, funding: string, amount: string): Command => ({
    type: "PostEntry",
    entryId: id,
    postings: [
      { accountId: loan, side: "debit", amount },
      { accountId: funding, side: "credit", amount },
    ],
  });
  await submit({
    type: "CreateLedger",
    ledgerId: LEDGER,
    name: "IFRS 9 book",
    reportingCurrency: "USD",
    assets: [
      { code: "USD", scale: 2 },
      { code: "EUR", scale: 2 },
    ],
  });
  const accounts: [string, string, "asset" | "liability" | "income" | "expense"][] = [
    ["deposits:usd", "USD", "liability"],
    ["deposits:eur", "EUR", "liability"],
    ["income:interest", "USD", "income"],
    ["expense:impairment", "USD", "expense"],
    ["allowance:loans", "USD", "liability"],
    ["loan:one", "USD", "asset"],
    ["int:one", "USD", "asset"],
    ["loan:two", "EUR", "asset"],
    ["loan:three", "USD", "asset"],
  ];
  for (const [accountId, currency, accountType] of accounts) {
    await submit({ type: "OpenAccount", accountId, currency, accountType });
  }
  await submit(counterparty("r-acme", "acme", FROM));
  await submit(counterparty("r-bravo", "bravo", FROM, { countryOfRisk: "DE" }));
  await submit(fxRates("r-fx", FROM, [{ from: "EUR", to: "USD", rate: "1.10" }]));
  await submit(
    facility("r-f-one", "f-one", FROM, {
      counterpartyId: "acme",
      drawnAccounts: ["loan:one"],
      interestAccounts: ["int:one"],
      limit: "150000.00",
    }),
  );
  await submit(
    facility("r-f-two", "f-two", FROM, {
      counterpartyId: "bravo",
      currency: "EUR",
      drawnAccounts: ["loan:two"],
      limit: "100000.00",
    }),
  );
  await submit(
    facility("r-f-three", "f-three", FROM, {
      counterpartyId: "acme",
      drawnAccounts: ["loan:three"],
      limit: "10000.00",
    }),
  );
  // f-one: 4 years to maturity at 5 %, principal at maturity.
  await submit(
    facilityTerms("t-one", "f-one", FROM, {
      originationDate: "2026-01-15",
      maturityDate: "2030-01-15",
      eir: "0.05",
      repayment: {
        kind: "amortising",
        schedule: [{ date: "2030-01-15", principal: "100000.00" }],
      },
      lifetimePdAtOrigination: "0.03",
    }),
  );
  // f-two: exactly 730 days (2 years) from the reporting date to maturity, EIR 0.
  await submit(
    facilityTerms("t-two", "f-two", FROM, {
      originationDate: "2026-01-15",
      maturityDate: "2028-06-29",
      eir: "0",
      repayment: {
        kind: "amortising",
        schedule: [
          { date: "2027-03-31", principal: "50000.00" },
          { date: "2028-06-29", principal: "50000.00" },
        ],
      },
      lifetimePdAtOrigination: "0.04",
    }),
  );
  await submit(
    creditAssessment("a-one", "f-one", "2026-06-01T00:00:00.000Z", "2026-06-01", {
      daysPastDue: 0,
      scenarios: [
        {
          scenarioId: "base",
          weight: "0.6",
          pd12m: "0.01",
          lifetimePd: { kind: "cumulative", byYear: ["0.01", "0.02", "0.03", "0.04"] },
          lgd: "0.5",
        },
        {
          scenarioId: "downturn",
          weight: "0.4",
          pd12m: "0.02",
          lifetimePd: { kind: "marginal", byYear: ["0.02", "0.02", "0.02", "0.02"] },
          lgd: "0.5",
        },
      ],
    }),
  );
  assessedTwoAt = await submit(
    creditAssessment("a-two", "f-two", "2026-06-15T00:00:00.000Z", "2026-06-15", {
      daysPastDue: 45,
      scenarios: [
        {
          scenarioId: "base",
          weight: "1",
          pd12m: "0.02",
          // Three years: staging measures the lifetime PD from asOf (745 days).
          lifetimePd: { kind: "marginal", byYear: ["0.02", "0.03", "0.04"] },
          lgd: "0.4",
        },
      ],
    }),
  );
  await submit(
    ifrs9Parameters("r-policy", "policy", FROM, {
      impairmentExpenseAccountId: "expense:impairment",
      lossAllowanceAccountId: "allowance:loans",
    }),
  );
  await submit(draw("d-one", "loan:one", "deposits:usd", "100000.00"));
  await submit(draw("i-one", "int:one", "income:interest", "1000.00"));
  head = await submit(draw("d-two", "loan:two", "deposits:eur", "100000.00"));
  await writer.close();
}

beforeAll(async () => {
  database = await createTestDatabase("folio_cli_ifrs9");
  pool = createPool({ connectionString: database.url, logger, max: 4 });
  store = await openPostgresEventStore({ connectionString: database.url, logger });
  await writeBook();
  await applyMigrations(pool, logger, PROJECTION_MIGRATIONS);
  for (const projection of [balancesProjection(1), riskInputsProjection(1)]) {
    const runner = new ProjectionRunner({ pool, store, projection, logger });
    await runner.start(true);
    expect(runner.status().state).toBe("caught_up");
  }
}, 60_000);

afterAll(async () => {
  await store.close();
  await pool.end();
  await database.drop();
});

interface Totals {
  count: number;
  grossCarryingAmount: string;
  allowance: string;
}
interface Ifrs9Json {
  ledgerId: string;
  sequence: number | null;
  reportingDate: string;
  effectiveAt: string;
  reportingCurrency: string;
  parameterSetId: string;
  byStage: Record<"1" | "2" | "3" | "POCI", Totals>;
  overall: Totals;
  measured: {
    facilityId: string;
    currency: string;
    staging: { stage: string; stageReason: string };
    grossCarryingAmount: string;
    ecl: { ecl12m: string; eclLifetime: string; eclRecognised: string; periods: number };
    fxRate: string;
    grossCarryingAmountReporting: string;
    allowanceReporting: string;
  }[];
  unmeasured: { facilityId: string; reason: string; ledgerBalance: string | null }[];
}

const totals = (count: number, gross: string, allowance: string): Totals => ({
  count,
  grossCarryingAmount: gross,
  allowance,
});

describe("folio ifrs9", () => {
  it("prints the worked case: stage 1 12-month ECL, stage 2 lifetime ECL, FX, totals by stage", async () => {
    // f-one (stage 1): gross 100,000.00 + 1,000.00 interest; 12-month ECL =
    //   (0.6 x 0.01 + 0.4 x 0.02) x 0.5 x 101,000.00 / 1.05 = 673.333... -> 673.33.
    // f-two (stage 2, 45 days past due > 30): EUR 100,000.00, lifetime over 2 years at EIR 0:
    //   0.02 x 0.4 x 100,000.00 + 0.03 x 0.4 x 50,000.00 (after the March 2027 principal)
    //   = 800.00 + 600.00 = EUR 1,400.00 -> USD 1,540.00; gross USD 110,000.00.
    const run = await folio(["-q", "ifrs9", "--ledger", LEDGER, "--as-of", DATE]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe(
      `ledger ${LEDGER} IFRS 9 report at ${DATE} (effective ${DATE}T23:59:59.999Z; reflects sequence ${head}; stream head ${head}), parameter set policy, in USD`,
    );
    expect(lines.slice(2, 9)).toEqual([
      "stage  facilities  gross carrying amount  allowance",
      "-----  ----------  ---------------------  ---------",
      "1               1              101000.00     673.33",
      "2               1              110000.00    1540.00",
      "3               0                   0.00       0.00",
      "POCI            0                   0.00       0.00",
      "TOTAL           2              211000.00    2213.33",
    ]);
    expect(run.stdout).toMatch(/^f-one +acme +USD +1 +performing +101000\.00 +673\.33$/m);
    expect(run.stdout).toMatch(/^f-two +bravo +EUR +2 +dpd_30 +110000\.00 +1540\.00$/m);
    expect(run.stdout).toContain("unmeasured facilities (1)");
    expect(run.stdout).toMatch(
      /^f-three +acme +USD +terms_missing +facility f-three has no terms$/m,
    );

    const withProgress = await folio(["ifrs9", "--ledger", LEDGER, "--as-of", DATE]);
    expect(withProgress.code).toBe(0);
    expect(withProgress.stderr).toMatch(/^replay book9: \d+\/\d+ \(100%\) events/m);
  }, 60_000);

  it("--json: the full report, amounts as decimal strings", async () => {
    const answer = await folioJson<Ifrs9Json>(["--as-of", DATE]);
    expect(answer).toMatchObject({
      ledgerId: LEDGER,
      sequence: head,
      reportingDate: DATE,
      effectiveAt: `${DATE}T23:59:59.999Z`,
      reportingCurrency: "USD",
      parameterSetId: "policy",
    });
    expect(answer.byStage).toEqual({
      "1": totals(1, "101000.00", "673.33"),
      "2": totals(1, "110000.00", "1540.00"),
      "3": totals(0, "0.00", "0.00"),
      POCI: totals(0, "0.00", "0.00"),
    });
    expect(answer.overall).toEqual(totals(2, "211000.00", "2213.33"));
    const two = answer.measured.find((line) => line.facilityId === "f-two");
    expect(two).toMatchObject({
      currency: "EUR",
      staging: { stage: "2", stageReason: "dpd_30" },
      grossCarryingAmount: "100000.00",
      ecl: { eclLifetime: "1400.00", eclRecognised: "1400.00", periods: 2 },
      fxRate: "1.1",
      grossCarryingAmountReporting: "110000.00",
      allowanceReporting: "1540.00",
    });
    expect(answer.measured.find((l) => l.facilityId === "f-one")?.ecl.ecl12m).toBe("673.33");
    expect(answer.unmeasured).toEqual([
      expect.objectContaining({
        facilityId: "f-three",
        reason: "terms_missing",
        ledgerBalance: "0.00",
      }),
    ]);
  }, 60_000);

  it("follows --known-at, and equals the read models' report (same digest)", async () => {
    // Before f-two's assessment was recorded: f-two has none in force, so it is not measured.
    const before = await folioJson<Ifrs9Json>([
      "--as-of",
      DATE,
      "--known-at",
      String(assessedTwoAt - 1),
    ]);
    expect(before.sequence).toBe(assessedTwoAt - 1);
    // Nothing was drawn by then either: f-one is measured on a gross of 0.
    expect(before.overall).toEqual(totals(1, "0.00", "0.00"));
    expect(before.byStage["1"]).toEqual(totals(1, "0.00", "0.00"));
    expect(before.unmeasured.map((l) => [l.facilityId, l.reason])).toEqual([
      ["f-three", "terms_missing"],
      ["f-two", "assessment_missing"],
    ]);
    const model = await ifrs9BookAt(pool, {
      ledgerId: LEDGER,
      reportingDate: DATE,
      knownAt: { sequence: head },
      versions: { balances: 1, riskInputs: 1 },
      assetScales: new Map([
        ["USD", 2],
        ["EUR", 2],
      ]),
      reportingCurrency: "USD",
    });
    const report = computeIfrs9Report(model.book);
    expect(report.overall.allowance).toBe(221_333n);
    const replayed = await folioJson<Ifrs9Json>(["--as-of", DATE, "--known-at", String(head)]);
    expect(replayed.overall.allowance).toBe("2213.33");
    expect(replayed.measured.map((l) => [l.facilityId, l.allowanceReporting])).toEqual(
      report.measured.map((l) => [l.facilityId, (Number(l.allowanceReporting) / 100).toFixed(2)]),
    );
    expect(reportDigest(report)).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);

  it("a parameter set not in force is exit 2 with its code; --as-of takes a date only", async () => {
    const missing = await folio([
      "-q",
      "ifrs9",
      "--ledger",
      LEDGER,
      "--as-of",
      DATE,
      "--parameter-set",
      "nosuch",
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toContain("[parameter_set_not_found]");
    expect(missing.stderr).toContain("no IFRS 9 parameter set nosuch in force (recorded: policy)");
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const named = await folioJson<Ifrs9Json>(["--as-of", DATE, "--parameter-set", "policy"]);
    expect(named.overall.allowance).toBe("2213.33");
    for (const bad of ["2026-02-30", "2026-06-30T00:00:00Z", "12"]) {
      const run = await folio(["ifrs9", "--ledger", LEDGER, "--as-of", bad]);
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toContain("expected a reporting date YYYY-MM-DD");
    }
  }, 60_000);
});

describe("folio verify --read-models: IFRS 9", () => {
  it("passes on the projected book, and fails naming the facility and field after one assessment row changes", async () => {
    const ok = await folio(["-q", "verify", "--ledger", LEDGER, "--read-models"]);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /ifrs9 {8}risk_inputs v1 \+ balances v1 equal a fresh replay at sequence \d+, reporting date \d{4}-\d{2}-\d{2}, parameter set policy: \d+ facilities measured, \d+ not/,
    );

    const changed = await pool.query(
      `UPDATE risk_inputs_credit_assessments_v1
          SET data = replace(data::text, '"daysPastDue":0', '"daysPastDue":100')::json
        WHERE ledger_id = $1 AND facility_id = 'f-one'`,
      [LEDGER],
    );
    expect(changed.rowCount).toBe(1);
    const broken = await folio(["-q", "verify", "--ledger", LEDGER, "--read-models"]);
    expect(broken.code).toBe(1);
    // The exposure comparison does not read assessments; the IFRS 9 one names the change.
    expect(broken.stderr).toContain(
      "read models risk_inputs v1 + balances v1 differ from a fresh replay in the IFRS 9 report",
    );
    expect(broken.stderr).toContain('facility f-one.stage: "3" (replay "1")');
    expect(broken.stderr).toContain("inputs f-one.assessments[0].daysPastDue: 100 (replay 0)");
  }, 60_000);
});
