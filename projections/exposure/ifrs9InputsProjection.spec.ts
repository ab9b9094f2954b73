// The IFRS 9 inputs in the risk_inputs projection (layout 2) against real PostgreSQL, built
// with the real decider: terms versions in force bitemporally with the limit of the facility
// version in force (a facility with none is left out), a corrected credit assessment (a later
// version for the same facility and asOf), write-offs (each counts), parameter sets, the
// sequence each answer reflects; the layout bump (a version built by layout-1 code, which
// skipped these events, is rebuilt by the host); and 2,000+ facilities read with index scans
// only, in a plan that needs no statistics.
import type pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  createPool,
  createTestDatabase,
  openPostgresEventStore,
  type TestDatabase,
} from "../../event-store/index.js";
import { LedgerWriter, type EventStore } from "../../ledger-core/index.js";
import type { Command } from "../../schemas/index.js";
import { activeVersion, PROJECTION_MIGRATIONS } from "../checkpoints.js";
import { startProjections, type ProjectionHost } from "../host.js";
import type { Projection } from "../projection.js";
import { ProjectionRunner } from "../runtime.js";
import { ifrs9InputsAt, ifrs9InputsSql } from "./ifrs9InputsQueries.js";
import { ifrs9InputsFromEvents } from "./ifrs9InputsReplay.js";
import {
  RISK_INPUTS_LAYOUT,
  RISK_INPUTS_PROJECTION_NAME,
  riskInputsProjection,
  riskInputsTables,
} from "./riskInputsProjection.js";
import {
  accept,
  counterparty,
  creditAssessment,
  DAY_MS,
  facility,
  facilityTerms,
  ifrs9Parameters,
  iso,
  openRiskInputsHarness,
  startRiskHistory,
  writeOff,
  type RiskInputsHarness,
} from "./testing/riskInputsHarness.js";

let harness: RiskInputsHarness;
let pool: pg.Pool;

beforeAll(async () => {
  harness = await openRiskInputsHarness();
  pool = harness.pool;
});

afterAll(async () => {
  await harness.close();
});

const day = (d: string): string => `2026-${d}T00:00:00.000Z`;
const NOW = new Date("2026-04-01T00:00:00.000Z");

describe("IFRS 9 inputs in force, bitemporally", () => {
  const ledgerId = "ifrs9-scenario";
  const run = startRiskHistory(2);
  run.now = Date.parse("2026-02-01T09:00:00.000Z");
  const next = (): void => {
    run.now += DAY_MS;
  };
  accept(run, counterparty("cp-1", "acme", day("01-01")));
  const facV1 = accept(run, facility("f-1", "acme-loan", day("01-10"), { limit: "1000.00" }));
  // A facility whose only version is in force from 03-01: its terms are left out before then.
  accept(run, facility("f-late", "late-loan", day("03-01"), { drawnAccounts: ["loan:1"] }));
  const termsV1 = accept(run, facilityTerms("t-1", "acme-loan", day("01-10")));
  accept(run, facilityTerms("t-late", "late-loan", day("01-10")));
  next();
  const facV2 = accept(run, facility("f-2", "acme-loan", day("02-01"), { limit: "2000.00" }));
  // The terms restated from 02-01, revolving now.
  const termsV2 = accept(
    run,
    facilityTerms("t-2", "acme-loan", day("02-01"), {
      repayment: { kind: "revolving", behaviouralLifeMonths: 36, ccf: "0.75" },
    }),
  );
  const assessJan = accept(run, creditAssessment("a-jan", "acme-loan", day("02-01"), "2026-01-31"));
  next();
  const assessFeb = accept(
    run,
    creditAssessment("a-feb", "acme-loan", day("03-01"), "2026-02-28", { daysPastDue: 10 }),
  );
  next();
  // The correction of January's assessment, true from 02-10, recorded after February's.
  const correction = accept(
    run,
    creditAssessment("a-jan-c", "acme-loan", day("02-10"), "2026-01-31", {
      daysPastDue: 45,
      watchList: true,
    }),
  );
  const wo1 = accept(run, writeOff("w-1", "acme-loan", day("03-15"), "2026-03-15", "12.34"));
  const wo2 = accept(run, writeOff("w-2", "acme-loan", day("02-20"), "2026-02-20", "1.00"));
  next();
  const params1 = accept(run, ifrs9Parameters("p-1", "policy", day("01-01")));
  const params2 = accept(
    run,
    ifrs9Parameters("p-2", "policy", day("03-01"), { stage3RecoveryMonths: 24 }),
  );
  accept(run, ifrs9Parameters("p-3", "stress", day("01-01"), { rounding: "ROUND_HALF_UP" }));
  const head = run.events.length - 1;

  beforeAll(async () => {
    await harness.project(ledgerId, run.events, [3, 1, 5]);
  });

  const at = (effective: string, known?: number) =>
    ifrs9InputsAt(pool, {
      ledgerId,
      at:
        known === undefined
          ? { kind: "effective", effectiveAt: effective }
          : { kind: "effective", effectiveAt: effective, knownAt: { sequence: known } },
      now: NOW,
    });

  it("takes the terms in force with the limit of the facility version in force", async () => {
    expect(facV1).toBeLessThan(termsV1);
    const jan = await at(day("01-20"));
    expect(jan.sequence).toBe(head);
    expect([...jan.terms.keys()]).toEqual(["acme-loan"]);
    expect(jan.terms.get("acme-loan")).toMatchObject({
      facilityId: "acme-loan",
      currency: "USD",
      limit: 100_000n,
      repayment: {
        kind: "amortising",
        schedule: [
          { date: "2027-01-15", principal: 50_000n },
          { date: "2028-01-15", principal: 50_000n },
        ],
      },
      lifetimePdAtOrigination: "0.02",
      poci: false,
      creditAdjustedEir: null,
      derecognisedOn: null,
    });
    const feb = await at(day("02-05"));
    expect(feb.terms.get("acme-loan")).toMatchObject({
      limit: 200_000n,
      repayment: { kind: "revolving", behaviouralLifeMonths: 36, ccf: "0.75" },
    });
    // As known before the restatement of the terms (but after the facility's): the old terms,
    // the new limit.
    const before = await at(day("02-05"), termsV2 - 1);
    expect(facV2).toBeLessThan(termsV2);
    expect(before.sequence).toBe(termsV2 - 1);
    expect(before.terms.get("acme-loan")).toMatchObject({
      limit: 200_000n,
      repayment: { kind: "amortising" },
    });
    // The late facility is in force from 03-01, and its terms with it.
    const march = await at(day("03-02"));
    expect([...march.terms.keys()]).toEqual(["acme-loan", "late-loan"]);
  });

  it("corrects an assessment by a later version for the same asOf", async () => {
    const dpd = (answer: Awaited<ReturnType<typeof at>>) =>
      answer.assessments.get("acme-loan")?.map((a) => [a.asOf, a.daysPastDue]);
    expect(dpd(await at(day("02-05")))).toEqual([["2026-01-31", 0]]);
    expect(dpd(await at(day("02-15")))).toEqual([["2026-01-31", 45]]);
    expect(dpd(await at(day("03-05")))).toEqual([
      ["2026-01-31", 45],
      ["2026-02-28", 10],
    ]);
    // Known before the correction was recorded: January's original assessment.
    expect(dpd(await at(day("03-05"), correction - 1))).toEqual([
      ["2026-01-31", 0],
      ["2026-02-28", 10],
    ]);
    expect(dpd(await at(day("03-05"), assessJan - 1))).toBeUndefined();
    expect(dpd(await at(day("02-05"), assessFeb))).toEqual([["2026-01-31", 0]]);
    const [first] = (await at(day("03-05"))).assessments.get("acme-loan") ?? [];
    expect(first).toMatchObject({
      watchList: true,
      forborne: "none",
      scenarios: [
        { scenarioId: "base", lifetimePd: { kind: "cumulative", byYear: ["0.01", "0.025"] } },
        { scenarioId: "downturn", weight: "0.4", lgd: "0.6" },
      ],
    });
  });

  it("counts every write-off in force, sorted by the date written off", async () => {
    const listed = async (effective: string, known?: number) =>
      (await at(effective, known)).writeOffs
        .get("acme-loan")
        ?.map((w) => [w.recordId, w.writtenOffOn, w.amount, w.currency]);
    expect(await listed(day("02-19"))).toBeUndefined();
    expect(await listed(day("03-01"))).toEqual([["w-2", "2026-02-20", 100n, "USD"]]);
    expect(await listed(day("03-20"))).toEqual([
      ["w-2", "2026-02-20", 100n, "USD"],
      ["w-1", "2026-03-15", 1_234n, "USD"],
    ]);
    expect(await listed(day("03-20"), wo1)).toEqual([["w-1", "2026-03-15", 1_234n, "USD"]]);
    expect(await listed(day("03-20"), wo2)).toHaveLength(2);
  });

  it("keeps each parameter set's version in force", async () => {
    const feb = await at(day("02-05"));
    expect([...feb.parameters.keys()]).toEqual(["policy", "stress"]);
    expect(feb.parameters.get("policy")).toEqual({
      parameterSetId: "policy",
      sicr: { relativeThreshold: "2.5", absoluteThreshold: "0.005", comparison: "gte" },
      dpd: { stage2: 30, stage3: 90, comparison: "gt" },
      probation: { stage3Months: 3, stage3AfterDistressedRestructuringMonths: 12, stage2Months: 3 },
      stage3RecoveryMonths: 12,
      rounding: "ROUND_HALF_EVEN",
      accounts: { impairmentExpense: "cash:usd", lossAllowance: "loan:0" },
    });
    expect(feb.parameters.get("stress")?.rounding).toBe("ROUND_HALF_UP");
    expect((await at(day("03-05"))).parameters.get("policy")?.stage3RecoveryMonths).toBe(24);
    expect(
      (await at(day("03-05"), params2 - 1)).parameters.get("policy")?.stage3RecoveryMonths,
    ).toBe(12);
    expect((await at(day("03-05"), params1 - 1)).parameters.size).toBe(0);
  });

  it("resolves the point as riskInputsAt does, and equals the replay", async () => {
    const points = [
      { kind: "latest" as const },
      { kind: "sequence" as const, sequence: correction },
      { kind: "recorded" as const, recordedAt: run.events[assessFeb]?.metadata.recordedAt ?? "" },
      { kind: "recorded" as const, recordedAt: "2020-01-01T00:00:00.000Z" },
      { kind: "effective" as const, effectiveAt: day("02-15"), knownAt: { sequence: head + 9 } },
    ];
    for (const point of points) {
      const model = await ifrs9InputsAt(pool, { ledgerId, at: point, now: NOW });
      const { ledgerId: _l, ...answer } = model;
      expect(ifrs9InputsFromEvents(run.events, { at: point, now: NOW })).toEqual(answer);
    }
    const none = await ifrs9InputsAt(pool, {
      ledgerId,
      at: { kind: "recorded", recordedAt: "2020-01-01T00:00:00.000Z" },
    });
    expect(none).toMatchObject({ sequence: null, terms: new Map(), parameters: new Map() });
  });
});

describe("the layout bump", () => {
  const logger = pino({ level: "silent" });
  let database: TestDatabase;
  let hostPool: pg.Pool;
  let store: EventStore;
  let host: ProjectionHost | null = null;

  beforeAll(async () => {
    database = await createTestDatabase("folio_ifrs9_layout");
    hostPool = createPool({ connectionString: database.url, logger, max: 8 });
    store = await openPostgresEventStore({ connectionString: database.url, logger });
    await applyMigrations(hostPool, logger, PROJECTION_MIGRATIONS);
  });

  afterAll(async () => {
    await host?.stop();
    await store.close();
    await hostPool.end();
    await database.drop();
  });

  it("is layout 2, and a version built by layout-1 code is rebuilt with the IFRS 9 inputs", async () => {
    expect(RISK_INPUTS_LAYOUT).toBe(2);
    expect(riskInputsProjection(5)).toMatchObject({ name: "risk_inputs", version: 5, layout: 2 });
    const ledgerId = "layout-book";
    const writer = await LedgerWriter.open({ ledgerId, store });
    const submit = async (command: Command): Promise<void> => {
      const result = await writer.submit({ command, actor: "spec", correlationId: "spec" });
      expect(result.status, JSON.stringify(result)).toBe("accepted");
    };
    await submit({
      type: "CreateLedger",
      ledgerId,
      name: ledgerId,
      reportingCurrency: "USD",
      assets: [{ code: "USD", scale: 2 }],
    });
    for (const accountId of ["loan:0", "cash:usd"]) {
      await submit({ type: "OpenAccount", accountId, currency: "USD", accountType: "asset" });
    }
    await submit(counterparty("cp", "acme", day("01-01")));
    await submit(facility("f", "acme-loan", day("01-01")));
    await submit(facilityTerms("t", "acme-loan", day("01-01")));
    await submit(creditAssessment("a", "acme-loan", day("01-01"), "2026-01-31"));
    await submit(writeOff("w", "acme-loan", day("01-01"), "2026-01-31", "5.00"));
    await submit(ifrs9Parameters("p", "policy", day("01-01")));
    await writer.close();

    // What code of layout 1 built: the same tables, without the IFRS 9 events.
    const current = riskInputsProjection(1);
    const IFRS9 = new Set([
      "FacilityTermsRecorded",
      "CreditAssessmentRecorded",
      "WriteOffRecorded",
      "Ifrs9ParametersRecorded",
    ]);
    const layout1: Projection = {
      ...current,
      layout: 1,
      apply: (client, events) =>
        current.apply(
          client,
          events.filter((e) => !IFRS9.has(e.event.type)),
        ),
    };
    await new ProjectionRunner({ pool: hostPool, store, projection: layout1, logger }).start(true);
    const read = (version: number) =>
      ifrs9InputsAt(hostPool, { ledgerId, version, at: { kind: "latest" }, now: NOW });
    expect((await read(1)).terms.size).toBe(0);

    host = await startProjections({
      pool: hostPool,
      store,
      logger,
      projections: new Map([[RISK_INPUTS_PROJECTION_NAME, riskInputsProjection]]),
      followIntervalMs: 50,
      idleWaitMs: 10,
    });
    for (let waited = 0; (await activeVersion(hostPool, "risk_inputs")) !== 2; waited += 20) {
      expect(waited).toBeLessThan(15_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const rebuilt = await read(2);
    expect([...rebuilt.terms.keys()]).toEqual(["acme-loan"]);
    expect(rebuilt.assessments.get("acme-loan")).toHaveLength(1);
    expect(rebuilt.writeOffs.get("acme-loan")?.[0]?.amount).toBe(500n);
    expect([...rebuilt.parameters.keys()]).toEqual(["policy"]);
  }, 60_000);
});

describe("setup and drop", () => {
  it("creates and drops the IFRS 9 inputs' tables with the others", async () => {
    const projection = riskInputsProjection(8);
    const t = riskInputsTables(8);
    const ifrs9 = [t.facilityTerms, t.creditAssessments, t.writeOffs, t.ifrs9Parameters];
    const existing = async (): Promise<number> => {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM unnest($1::text[]) t(name) WHERE to_regclass(t.name) IS NOT NULL`,
        [[...ifrs9, ...ifrs9.map((table) => `${table}_sequence`)]],
      );
      return Number(rows[0]?.n);
    };
    const client = await pool.connect();
    try {
      await projection.setup(client);
      expect(await existing()).toBe(8);
      await projection.drop(client);
      expect(await existing()).toBe(0);
    } finally {
      client.release();
    }
  });
});

describe("2,500 facilities with IFRS 9 inputs", () => {
  const FACILITIES = 2_500;
  const ledgerId = "ifrs9-book";
  const BASE = Date.parse("2026-02-01T00:00:00.000Z");
  const run = startRiskHistory(FACILITIES);
  run.now = BASE;
  accept(run, counterparty("cp", "acme", iso(BASE - 10 * DAY_MS)));
  accept(run, ifrs9Parameters("p", "policy", iso(BASE - 10 * DAY_MS)));
  for (let f = 0; f < FACILITIES; f++) {
    accept(
      run,
      facility(`f-${f}`, `f${f}`, iso(BASE - 5 * DAY_MS), { drawnAccounts: [`loan:${f}`] }),
    );
    accept(run, facilityTerms(`t-${f}`, `f${f}`, iso(BASE - 5 * DAY_MS)));
    accept(run, creditAssessment(`a-${f}`, `f${f}`, iso(BASE - 4 * DAY_MS), "2026-01-27"));
    if (f % 10 === 0) {
      accept(run, writeOff(`w-${f}`, `f${f}`, iso(BASE - DAY_MS), "2026-01-31", "1.00"));
    }
  }

  beforeAll(async () => {
    // No statistics: autovacuum must not analyze these tables meanwhile.
    for (const table of Object.values(riskInputsTables(1))) {
      await pool.query(`ALTER TABLE ${table} SET (autovacuum_enabled = off)`);
    }
    await harness.project(ledgerId, run.events, [2_000]);
  }, 120_000);

  it("answers all of them", async () => {
    const answer = await ifrs9InputsAt(pool, { ledgerId, at: { kind: "latest" } });
    expect(answer.terms.size).toBe(FACILITIES);
    expect(answer.assessments.size).toBe(FACILITIES);
    expect(answer.writeOffs.size).toBe(FACILITIES / 10);
    expect(answer.parameters.size).toBe(1);
  });

  it("reads each subject's version by index scans only, without statistics", async () => {
    const { rows: stats } = await pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM pg_stats WHERE tablename LIKE 'risk_inputs_%'`,
    );
    expect(stats[0]?.n).toBe("0");
    const { rows } = await pool.query<{ "QUERY PLAN": string }>(
      `EXPLAIN ${ifrs9InputsSql(1).replaceAll("$1", `'${ledgerId}'`).replaceAll("$2", "1000000").replaceAll("$3", String(BASE)).replaceAll("$4", "200001")}`,
    );
    const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
    for (const table of [
      "facility_terms",
      "facilities",
      "credit_assessments",
      "write_offs",
      "ifrs9_parameters",
    ]) {
      expect(plan).toContain(`Index Scan Backward using risk_inputs_${table}_v1_pkey`);
    }
    expect(plan).toContain("Index Scan using risk_inputs_subjects_v1_pkey");
    expect(plan).not.toMatch(/Seq Scan|Sort|Bitmap/);
  });
});
