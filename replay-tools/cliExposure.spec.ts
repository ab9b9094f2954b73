// `folio exposure` and `folio verify --read-models` (exposure) run as real processes against a
// real PostgreSQL: a small loan book written through LedgerWriter (four counterparties, one a
// bank and one a sovereign guarantor, three facilities in USD and EUR, FX, Tier 1, a facility
// restated ahead of time), projected to caught-up (balances, risk_inputs). The exposure from
// the events alone equals a worked case, follows --as-of and --known-at, equals the read
// models' report at bitemporal points; a point without inputs is exit 2; verify passes, then
// fails with exit 1 naming the facility and field after one risk_inputs row is changed in SQL.
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
  exposureReportAt,
  PROJECTION_MIGRATIONS,
  ProjectionRunner,
  riskInputsProjection,
  type BalanceAt,
} from "../projections/index.js";
import {
  capitalBase,
  counterparty,
  facility,
  fxRates,
} from "../projections/exposure/testing/riskInputsHarness.js";
import { formatAmount, type Command } from "../schemas/index.js";
import { runFolio, type FolioRun } from "./testing/runFolio.js";

const LEDGER = "loans";
const logger = pino({ level: "silent" });
const FROM = "2026-01-01T00:00:00.000Z";

let database: TestDatabase;
let pool: pg.Pool;
let store: EventStore;
/** The sequence of the restatement of f-sub (validFrom 2026-03-01, recorded in January). */
let restatedAt = -1;

function folio(args: readonly string[]): Promise<FolioRun> {
  return runFolio(args, { DATABASE_URL: database.url });
}

async function folioJson<T>(args: readonly string[]): Promise<T> {
  const run = await folio(["-q", "exposure", "--ledger", LEDGER, "--json", ...args]);
  if (run.code !== 0) throw new Error(`folio exposure ${args.join(" ")}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

async function writeLoanBook(): Promise<void> {
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
    name: "Loan book",
    reportingCurrency: "USD",
    assets: [
      { code: "USD", scale: 2 },
      { code: "EUR", scale: 2 },
    ],
  });
  const accounts: [string, string, "asset" | "liability" | "income"][] = [
    ["deposits:usd", "USD", "liability"],
    ["income:interest", "USD", "income"],
    ["loan:acme", "USD", "asset"],
    ["int:acme", "USD", "asset"],
    ["loan:sub", "USD", "asset"],
    ["deposits:eur", "EUR", "liability"],
    ["loan:bank", "EUR", "asset"],
  ];
  for (const [accountId, currency, accountType] of accounts) {
    await submit({ type: "OpenAccount", accountId, currency, accountType });
  }
  await submit(
    counterparty("r-gov", "gov", FROM, {
      sector: "O84",
      countryOfRisk: "FR",
      rating: "AA",
      flags: {
        institution: false,
        globalSystemicallyImportant: false,
        sovereign: true,
        exempt: false,
      },
    }),
  );
  await submit(counterparty("r-acme", "acme", FROM, { connectedGroupId: "g-acme", rating: "BBB" }));
  await submit(
    counterparty("r-sub", "acme-sub", FROM, { connectedGroupId: "g-acme", rating: "BB" }),
  );
  await submit(
    counterparty("r-bank", "bankx", FROM, {
      connectedGroupId: "g-bank",
      sector: "K64.19",
      countryOfRisk: "DE",
      rating: "A",
      flags: {
        institution: true,
        globalSystemicallyImportant: false,
        sovereign: false,
        exempt: false,
      },
    }),
  );
  await submit(fxRates("r-fx", FROM, [{ from: "EUR", to: "USD", rate: "1.10" }]));
  await submit(capitalBase("r-t1", FROM, "1000000.00"));
  await submit(
    facility("r-f-acme", "f-acme", FROM, {
      counterpartyId: "acme",
      drawnAccounts: ["loan:acme"],
      interestAccounts: ["int:acme"],
      limit: "300000.00",
      ccf: "0.5",
      specificProvisions: "10000.00",
      guarantees: [{ guarantorId: "gov", currency: "USD", amount: "50000.00" }],
      collateral: [{ type: "cash", currency: "USD", amount: "20000.00" }],
    }),
  );
  await submit(
    facility("r-f-sub", "f-sub", FROM, {
      counterpartyId: "acme-sub",
      product: "revolver",
      drawnAccounts: ["loan:sub"],
      limit: "100000.00",
      ccf: "0.2",
    }),
  );
  await submit(
    facility("r-f-bank", "f-bank", FROM, {
      counterpartyId: "bankx",
      product: "interbank",
      currency: "EUR",
      drawnAccounts: ["loan:bank"],
      limit: "500000.00",
      ccf: "0",
      ccfFloorApplies: false,
    }),
  );
  await submit(draw("d-acme", "loan:acme", "deposits:usd", "200000.00"));
  await submit(draw("i-acme", "int:acme", "income:interest", "1000.00"));
  await submit(draw("d-sub", "loan:sub", "deposits:usd", "80000.00"));
  await submit(draw("d-bank", "loan:bank", "deposits:eur", "400000.00"));
  restatedAt = await submit(
    facility("r-f-sub-2", "f-sub", "2026-03-01T00:00:00.000Z", {
      counterpartyId: "acme-sub",
      product: "revolver",
      drawnAccounts: ["loan:sub"],
      limit: "200000.00",
      ccf: "0.2",
    }),
  );
  await writer.close();
}

beforeAll(async () => {
  database = await createTestDatabase("folio_cli_exposure");
  pool = createPool({ connectionString: database.url, logger, max: 4 });
  store = await openPostgresEventStore({ connectionString: database.url, logger });
  await writeLoanBook();
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

interface Columns {
  grossExposure: string;
  provisions: string;
  exposureValue: string;
  crmSubstitution: string;
  crmFunded: string;
  exempted: string;
  valueAfterExemptionsAndCrm: string;
}
interface ExposureJson {
  sequence: number | null;
  effectiveAt: string;
  total: Columns;
  groups: { key: string; lines: number; reporting: Columns }[];
}
interface LargeGroup {
  groupKey: string;
  amounts: Columns;
  limitRule: string;
  limit: string;
  headroom: string;
  isLarge: boolean;
  breach: boolean;
  rank: number;
  shareOfTier1: string;
}
interface LargeJson {
  tier1Capital: string;
  largeExposureThreshold: string;
  generalLimit: string;
  largeExposures: LargeGroup[];
  breaches: LargeGroup[];
  top20: LargeGroup[];
}

const columns = (values: readonly string[]): Columns => {
  const [gross, provisions, value, substitution, funded, exempted, after] = values;
  return {
    grossExposure: gross ?? "",
    provisions: provisions ?? "",
    exposureValue: value ?? "",
    crmSubstitution: substitution ?? "",
    crmFunded: funded ?? "",
    exempted: exempted ?? "",
    valueAfterExemptionsAndCrm: after ?? "",
  };
};

const byKey = (answer: ExposureJson): Record<string, Columns> =>
  Object.fromEntries(answer.groups.map((g) => [g.key, g.reporting]));

describe("folio exposure", () => {
  it("equals the worked case: drawn + interest + CCF x undrawn, provisions, guarantee, collateral, FX", async () => {
    const answer = await folioJson<ExposureJson>(["--as-of", "2026-02-15T00:00:00Z"]);
    // f-acme: 200,000 + 1,000 + 0.5 x 100,000 = 251,000; less 10,000 provisions = 241,000;
    // 50,000 substituted to gov (sovereign: exempted), 20,000 cash collateral: 171,000 after.
    // f-sub: 80,000 + 0.2 x 20,000 = 84,000. f-bank: EUR 400,000 x 1.10 = USD 440,000.
    expect(byKey(answer)).toEqual({
      bankx: columns(["440000.00", "0.00", "440000.00", "0.00", "0.00", "0.00", "440000.00"]),
      acme: columns([
        "251000.00",
        "10000.00",
        "241000.00",
        "50000.00",
        "20000.00",
        "0.00",
        "171000.00",
      ]),
      "acme-sub": columns(["84000.00", "0.00", "84000.00", "0.00", "0.00", "0.00", "84000.00"]),
      gov: columns(["50000.00", "0.00", "50000.00", "0.00", "0.00", "50000.00", "0.00"]),
    });
    expect(answer.groups.map((g) => g.key)).toEqual(["bankx", "acme", "acme-sub", "gov"]);
    expect(answer.total).toEqual(
      columns([
        "825000.00",
        "10000.00",
        "815000.00",
        "50000.00",
        "20000.00",
        "50000.00",
        "695000.00",
      ]),
    );
    expect(answer.effectiveAt).toBe("2026-02-15T00:00:00.000Z");

    const byGroup = await folioJson<ExposureJson>([
      "--as-of",
      "2026-02-15T00:00:00Z",
      "--group-by",
      "group",
    ]);
    expect(byKey(byGroup)["group:g-acme"]?.exposureValue).toBe("325000.00");
    const table = await folio([
      "-q",
      "exposure",
      "--ledger",
      LEDGER,
      "--as-of",
      "2026-02-15T00:00:00Z",
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^TOTAL +4 +825000\.00 +10000\.00 +815000\.00 .* 695000\.00$/m);
  }, 60_000);

  it("the large-exposure report: the connected group over 25 % is the one breach", async () => {
    const large = await folioJson<LargeJson>(["--as-of", "2026-02-15T00:00:00Z", "--large"]);
    expect(large).toMatchObject({
      tier1Capital: "1000000.00",
      largeExposureThreshold: "100000.00",
      generalLimit: "250000.00",
    });
    const summary = (g: LargeGroup) => [
      g.groupKey,
      g.rank,
      g.limitRule,
      g.limit,
      g.headroom,
      g.breach,
    ];
    expect(large.largeExposures.map(summary)).toEqual([
      // Institution: the higher of 25 % and EUR 150 m (x 1.10), at most 100 % of Tier 1.
      ["group:g-bank", 1, "institution", "1000000.00", "560000.00", false],
      ["group:g-acme", 2, "general", "250000.00", "-5000.00", true],
    ]);
    expect(large.breaches.map((g) => g.groupKey)).toEqual(["group:g-acme"]);
    expect(large.top20.map((g) => [g.groupKey, g.isLarge])).toEqual([
      ["group:g-bank", true],
      ["group:g-acme", true],
      ["counterparty:gov", false],
    ]);
    const text = await folio([
      "-q",
      "exposure",
      "--ledger",
      LEDGER,
      "--as-of",
      "2026-02-15T00:00:00Z",
      "--large",
    ]);
    expect(text.stdout).toContain("breaches (1): group:g-acme");
  }, 60_000);

  it("follows --as-of (effective inputs and balances) and --known-at (what was recorded by then)", async () => {
    const subAt = async (args: string[]) => byKey(await folioJson<ExposureJson>(args))["acme-sub"];
    // The restatement (limit 200,000 from 1 March): 80,000 + 0.2 x 120,000 = 104,000.
    expect((await subAt(["--as-of", "2026-03-15T00:00:00Z"]))?.exposureValue).toBe("104000.00");
    expect(
      (await subAt(["--as-of", "2026-03-15T00:00:00Z", "--known-at", String(restatedAt - 1)]))
        ?.exposureValue,
    ).toBe("84000.00");
    // On 5 January nothing was drawn yet: f-acme is 0.5 x 300,000 less 10,000 provisions.
    const early = byKey(await folioJson<ExposureJson>(["--as-of", "2026-01-05T00:00:00Z"]));
    expect(early.acme?.exposureValue).toBe("140000.00");
  }, 60_000);

  it("equals the read models' report at bitemporal points", async () => {
    const points: { args: string[]; at: BalanceAt }[] = [
      {
        args: ["--as-of", "2026-02-15T00:00:00Z"],
        at: { kind: "effective", effectiveAt: "2026-02-15T00:00:00Z" },
      },
      {
        args: ["--as-of", "2026-03-15T00:00:00Z", "--known-at", String(restatedAt - 3)],
        at: {
          kind: "effective",
          effectiveAt: "2026-03-15T00:00:00Z",
          knownAt: { sequence: restatedAt - 3 },
        },
      },
    ];
    for (const { args, at } of points) {
      const replayed = await folioJson<ExposureJson>(args);
      const model = await exposureReportAt(pool, {
        ledgerId: LEDGER,
        at,
        assetScales: new Map([
          ["USD", 2],
          ["EUR", 2],
        ]),
        reportingCurrency: "USD",
        versions: { balances: 1, riskInputs: 1 },
        commonSequence: restatedAt,
      });
      const usd = (minor: bigint) => formatAmount(minor, 2);
      expect(replayed.total.valueAfterExemptionsAndCrm).toBe(
        usd(model.report.total.reporting.valueAfterExemptionsAndCrm),
      );
      expect(replayed.groups.map((g) => [g.key, g.reporting.exposureValue])).toEqual(
        [...model.report.views.counterparty]
          .sort((a, b) => (a.reporting.exposureValue > b.reporting.exposureValue ? -1 : 1))
          .map((g) => [g.key, usd(g.reporting.exposureValue)]),
      );
      expect(replayed.sequence).toBe(model.sequence);
    }
  }, 60_000);

  it("a point the inputs cannot answer is exit 2 naming why; --as-of takes a time only", async () => {
    const before = await folio(["exposure", "--ledger", LEDGER, "--as-of", "2025-12-01T00:00:00Z"]);
    expect(before.code).toBe(2);
    expect(before.stderr).toContain("[capital_base_missing]");
    expect(before.stderr).not.toMatch(/\n\s+at /);
    const sequence = await folio(["exposure", "--ledger", LEDGER, "--as-of", "12"]);
    expect(sequence.code).toBe(2);
    expect(sequence.stderr).toContain("a sequence goes in --known-at");
  }, 60_000);
});

describe("folio verify --read-models: exposure", () => {
  it("passes on the projected book, and fails naming the facility after one risk_inputs row changes", async () => {
    const ok = await folio(["-q", "verify", "--ledger", LEDGER, "--read-models"]);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /exposure {5}risk_inputs v1 \+ balances v1 equal a fresh replay at sequence \d+, effective .*: 3 facilities, 4 counterparties/,
    );

    const changed = await pool.query(
      `UPDATE risk_inputs_facilities_v1
          SET data = replace(data::text, '"limit":"30000000"', '"limit":"30000001"')::json
        WHERE ledger_id = $1 AND facility_id = 'f-acme'`,
      [LEDGER],
    );
    expect(changed.rowCount).toBe(1);
    const broken = await folio(["-q", "verify", "--ledger", LEDGER, "--read-models"]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("read model risk_inputs v1 differs from a fresh replay");
    expect(broken.stderr).toContain("inputs.facilities f-acme.limit: 30000001 (replay 30000000)");
  }, 60_000);
});
