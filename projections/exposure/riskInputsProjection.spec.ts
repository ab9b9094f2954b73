// Tests of the risk_inputs projection itself against real PostgreSQL: every ledger event moves
// the head (risk input or not), a sequence gap is a poison event that rolls the batch back,
// setup is idempotent and drop removes every table, and a ledger with 10,000 facilities is
// read with one backward primary-key scan per subject, in a plan that needs no statistics.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHistory } from "../../ledger-core/testing/historyRunner.js";
import { riskInputsProjection, riskInputsTables } from "./riskInputsProjection.js";
import { riskInputsAt, riskInputsHead, riskInputsSql } from "./riskInputsQueries.js";
import {
  accept,
  counterparty,
  DAY_MS,
  facility,
  fxRates,
  inTransaction,
  iso,
  openRiskInputsHarness,
  startRiskHistory,
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

const BASE = Date.parse("2026-02-01T00:00:00.000Z");

describe("the head", () => {
  it("moves with every ledger event, though only risk inputs are stored", async () => {
    const events = startHistory().events;
    const ledgerId = harness.freshLedgerId();
    await harness.project(ledgerId, events, [4]);
    const last = events.length - 1;
    expect((await riskInputsHead(pool, { ledgerId }))?.sequence).toBe(last);
    const answer = await riskInputsAt(pool, { ledgerId, at: { kind: "latest" } });
    expect(answer.sequence).toBe(last);
    expect(answer.counterparties.size + answer.facilities.size + answer.fxRates.length).toBe(0);
    const t = riskInputsTables(1);
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${t.journal} WHERE ledger_id = $1`,
      [ledgerId],
    );
    // The prelude is recorded at one instant: one watermark run per batch.
    expect(Number(rows[0]?.n)).toBe(Math.ceil(events.length / 4));
  });

  it("refuses a sequence gap and rolls the whole batch back", async () => {
    const run = startRiskHistory(1);
    run.now = BASE;
    const first = accept(run, counterparty("cp-1", "acme", iso(BASE)));
    const second = accept(run, counterparty("cp-2", "acme", iso(BASE), { rating: "A" }));
    const ledgerId = harness.freshLedgerId();
    await harness.project(ledgerId, run.events.slice(0, first));
    await expect(harness.project(ledgerId, run.events.slice(first + 1))).rejects.toThrow(
      `event ${second} does not follow ${first - 1}`,
    );
    await expect(harness.project(ledgerId, [...run.events.slice(first - 1)])).rejects.toThrow(
      `event ${first - 1} does not follow ${first - 1}`,
    );
    const before = await riskInputsAt(pool, { ledgerId, at: { kind: "latest" } });
    expect(before.sequence).toBe(first - 1);
    expect(before.counterparties.size).toBe(0);
    await harness.project(ledgerId, run.events.slice(first));
    const after = await riskInputsAt(pool, { ledgerId, at: { kind: "latest" } });
    expect(after.counterparties.get("acme")).toMatchObject({ rating: "A", sequence: second });
  });
});

describe("batches of many ledgers", () => {
  it("keeps each ledger's versions and head apart within one batch", async () => {
    const histories = [0, 1].map((n) => {
      const run = startRiskHistory(1);
      run.now = BASE + n * DAY_MS;
      accept(run, counterparty(`cp-${n}`, "acme", iso(BASE), { rating: n === 0 ? "A" : "B" }));
      return { ledgerId: harness.freshLedgerId(), events: run.events };
    });
    // The global order interleaves the ledgers' streams.
    const mixed = histories
      .flatMap(({ ledgerId, events }) =>
        events.map((event) => ({ ledgerId, position: "0", event })),
      )
      .sort((a, b) => a.event.metadata.sequence - b.event.metadata.sequence);
    await inTransaction(pool, (client) => harness.projection.apply(client, mixed));
    for (const [n, { ledgerId, events }] of histories.entries()) {
      const answer = await riskInputsAt(pool, { ledgerId, at: { kind: "latest" } });
      expect(answer.sequence).toBe(events.length - 1);
      expect(answer.counterparties.get("acme")?.rating).toBe(n === 0 ? "A" : "B");
      const head = await riskInputsHead(pool, { ledgerId });
      expect(head?.recordedAt.toISOString()).toBe(iso(BASE + n * DAY_MS));
    }
  });
});

describe("setup and drop", () => {
  it("sets up twice without harm and drops every table it created", async () => {
    const projection = riskInputsProjection(7);
    expect(projection).toMatchObject({ name: "risk_inputs", version: 7, layout: 2 });
    const tables = Object.values(riskInputsTables(7));
    const existing = async (): Promise<number> => {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM unnest($1::text[]) t(name) WHERE to_regclass(t.name) IS NOT NULL`,
        [tables],
      );
      return Number(rows[0]?.n);
    };
    await inTransaction(pool, (client) => projection.setup(client));
    await inTransaction(pool, (client) => projection.setup(client));
    expect(await existing()).toBe(tables.length);
    await inTransaction(pool, (client) => projection.drop(client));
    expect(await existing()).toBe(0);
  });
});

describe("10,000 facilities", () => {
  const FACILITIES = 10_000;
  const ledgerId = "big-book";
  const run = startRiskHistory(FACILITIES);
  run.now = BASE;
  for (let c = 0; c < 500; c++) accept(run, counterparty(`cp-${c}`, `c${c}`, iso(BASE - DAY_MS)));
  for (let f = 0; f < FACILITIES; f++) {
    const terms = { counterpartyId: `c${f % 500}`, drawnAccounts: [`loan:${f}`] };
    accept(run, facility(`f-${f}`, `f${f}`, iso(BASE - DAY_MS), terms));
    // Every tenth facility is restated later with an earlier validFrom.
    if (f % 10 === 0) {
      accept(
        run,
        facility(`f-${f}-r`, `f${f}`, iso(BASE - 2 * DAY_MS), { ...terms, limit: "7.00" }),
      );
    }
  }
  accept(run, fxRates("fx", iso(BASE), [{ from: "USD", to: "JPY", rate: "150" }]));

  beforeAll(async () => {
    const t = riskInputsTables(1);
    // No statistics: autovacuum must not analyze these tables meanwhile.
    for (const table of Object.values(t)) {
      await pool.query(`ALTER TABLE ${table} SET (autovacuum_enabled = off)`);
    }
    await harness.project(ledgerId, run.events, [2_000]);
  }, 120_000);

  it("answers all of them in force, bitemporally", async () => {
    const started = performance.now();
    const latest = await riskInputsAt(pool, { ledgerId, at: { kind: "latest" } });
    const elapsedMs = performance.now() - started;
    expect(latest.facilities.size).toBe(FACILITIES);
    expect(latest.counterparties.size).toBe(500);
    expect(latest.facilities.get("f10")?.limit).toBe(100_000n);
    // As of two days ago only the restatements were in force: one facility in ten.
    const early = await riskInputsAt(pool, {
      ledgerId,
      at: { kind: "effective", effectiveAt: iso(BASE - 2 * DAY_MS) },
    });
    expect(early.facilities.size).toBe(FACILITIES / 10);
    expect(early.facilities.get("f10")?.limit).toBe(700n);
    console.info(`risk_inputs: ${FACILITIES} facilities read in ${elapsedMs.toFixed(1)} ms`);
  });

  it("reads each subject's version by a backward scan of its primary key, without statistics", async () => {
    const { rows: stats } = await pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM pg_stats WHERE tablename LIKE 'risk_inputs_%'`,
    );
    expect(stats[0]?.n).toBe("0");
    const { rows } = await pool.query<{ "QUERY PLAN": string }>(
      `EXPLAIN ${riskInputsSql(1).replaceAll("$1", "'big-book'").replaceAll("$2", "1000000").replaceAll("$3", String(BASE)).replaceAll("$4", "100001")}`,
    );
    const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
    for (const table of ["counterparties", "facilities", "fx_rates", "capital"]) {
      expect(plan).toContain(`Index Scan Backward using risk_inputs_${table}_v1_pkey`);
    }
    expect(plan).toContain("Index Scan using risk_inputs_subjects_v1_pkey");
    expect(plan).not.toMatch(/Seq Scan|Sort/);
  });
});
