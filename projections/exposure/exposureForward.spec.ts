// Reports brought forward (exposureQuery.ts): updateExposure over changed balances equals a
// fresh computeExposure (property, over generated books with edge input); and against real
// PostgreSQL with both read models, a report kept at sequence K0 and brought forward to K1
// through the balances change log equals the report computed afresh at K1, at "latest" and at
// an effective time, while entries draw facilities; a risk input recorded in between, or a
// range the change log does not cover, computes afresh instead.
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../event-store/index.js";
import type { HistoryRun } from "../../ledger-core/testing/historyRunner.js";
import type { JournalEvent } from "../../schemas/index.js";
import { accountsChangedBetween } from "../balances/balancesChanges.js";
import { balancesProjection, balancesTables } from "../balances/balancesProjection.js";
import type { BalanceAt } from "../balances/balanceQueries.js";
import type { Projection, ProjectedEvent } from "../projection.js";
import { computeExposure, updateExposure, type ExposureResult } from "./exposureMath.js";
import { computeExposureReport, exposureReportOf } from "./exposureMathReport.js";
import { ExposureInputError } from "./exposureMathFx.js";
import { updatedViews } from "./exposureMathViewsUpdate.js";
import { exposureReportAt, exposureReportCounts } from "./exposureQuery.js";
import type { AccountBalanceAt } from "./exposureTypes.js";
import { riskInputsProjection } from "./riskInputsProjection.js";
import { books, signed } from "./testing/exposureArbitraries.js";
import {
  accept,
  capitalBase,
  counterparty,
  facility,
  inTransaction,
  startRiskHistory,
} from "./testing/riskInputsHarness.js";

function exposureOrNull(run: () => ExposureResult): ExposureResult | null {
  try {
    return run();
  } catch (error) {
    if (error instanceof ExposureInputError) return null;
    throw error;
  }
}

describe("updateExposure", () => {
  it("equals computeExposure when only the named facilities' balances changed", () => {
    fc.assert(
      fc.property(
        books,
        fc.array(fc.tuple(fc.nat(), signed), { maxLength: 6 }),
        ({ inputs }, moves) => {
          const before = exposureOrNull(() => computeExposure(inputs));
          const balances = [...(inputs.balances as readonly AccountBalanceAt[])];
          if (before === null || balances.length === 0) return;
          const changed = new Set<string>();
          for (const [index, amount] of moves) {
            const at = index % balances.length;
            const old = balances[at];
            if (old === undefined) continue;
            balances[at] = { ...old, balance: amount };
            changed.add(old.accountId.split("-")[0] ?? "");
          }
          // By account id (as exposureQuery.ts gives them) and as a list: the same answer.
          const after = { ...inputs, balances: new Map(balances.map((b) => [b.accountId, b])) };
          const updated = updateExposure(after, before, changed);
          expect(updated).toEqual(computeExposure({ ...inputs, balances }));
          const fresh = computeExposureReport(after);
          const previous = computeExposureReport(inputs);
          // Built views are brought forward (updatedViews); unbuilt ones are built afresh.
          if (moves.length % 2 === 0) expect(previous.total.lines).toBe(before.lines.length);
          const report = exposureReportOf(after, updated, {}, { previous, facilityIds: changed });
          expect(report.large).toEqual(fresh.large);
          expect(report.concentration).toEqual(fresh.concentration);
          expect(report.views).toEqual(fresh.views);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses a previous result of other inputs", () => {
    const sample = fc.sample(
      books.filter((b) => b.facilities.length > 0),
      { numRuns: 1, seed: 7 },
    )[0];
    if (sample === undefined) throw new Error("no sample");
    const empty: ExposureResult = { reportingCurrency: "EUR", facilities: [], lines: [] };
    expect(() => updateExposure(sample.inputs, empty, new Set())).toThrow(/other risk inputs/);
  });
});

describe("updatedViews", () => {
  it("refuses lines of another structure, and takes out exactly what it puts in", () => {
    const sample = fc.sample(
      books.filter((b) => b.facilities.length > 0),
      { numRuns: 20, seed: 11 },
    );
    for (const { inputs } of sample) {
      const result = exposureOrNull(() => computeExposure(inputs));
      const first = result?.lines[0];
      if (result === null || first === undefined) continue;
      const views = computeExposureReport(inputs);
      const built = { total: views.total, views: views.views };
      expect(updatedViews(built, [first], [{ ...first, rating: `${first.rating}+` }])).toBeNull();
      expect(updatedViews(built, [first], [])).toBeNull();
      expect(updatedViews(built, [first], [first])).toEqual(built);
      return;
    }
    throw new Error("no book with a line");
  });
});

const LOANS = 12;
const ASSETS = new Map([
  ["USD", 2],
  ["JPY", 0],
  ["BTC", 8],
]);

describe("reports brought forward against real PostgreSQL", () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const projections: Projection[] = [balancesProjection(1), riskInputsProjection(1)];
  const ledgerId = "forward-1";
  let run: HistoryRun;
  let applied = 0;

  async function project(): Promise<number> {
    const events: readonly JournalEvent[] = run.events.slice(applied);
    const batch: ProjectedEvent[] = events.map((event) => ({
      ledgerId,
      position: String(event.metadata.sequence),
      event,
    }));
    for (const projection of projections) {
      await inTransaction(pool, (client) => projection.apply(client, batch));
      projection.committed?.();
    }
    applied = run.events.length;
    return applied - 1;
  }

  function draw(n: number, loan: number, amount: string): void {
    accept(run, {
      type: "PostEntry",
      entryId: `draw-${n}`,
      postings: [
        { accountId: `loan:${loan}`, side: "debit", amount },
        { accountId: "cash:usd", side: "credit", amount },
      ],
    });
  }

  const report = (at: BalanceAt, commonSequence: number, cache: boolean) =>
    exposureReportAt(pool, {
      ledgerId,
      at,
      assetScales: ASSETS,
      reportingCurrency: "USD",
      versions: { balances: 1, riskInputs: 1 },
      commonSequence,
      cache,
    });

  beforeAll(async () => {
    database = await createTestDatabase("folio_exposure_forward");
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    for (const projection of projections) {
      await inTransaction(pool, (client) => projection.setup(client));
    }
    run = startRiskHistory(LOANS);
    const from = "2026-01-01T00:00:00.000Z";
    for (const id of ["acme", "beta", "gamma"]) {
      accept(
        run,
        counterparty(`cp-${id}`, id, from, { connectedGroupId: id === "gamma" ? null : "ab" }),
      );
    }
    for (let i = 0; i < LOANS; i++) {
      const counterpartyId = ["acme", "beta", "gamma"][i % 3] ?? "acme";
      accept(
        run,
        facility(`f-${i}`, `fac-${i}`, from, { counterpartyId, drawnAccounts: [`loan:${i}`] }),
      );
    }
    accept(run, capitalBase("tier1", from, "5000.00"));
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it("equals a fresh report at every sequence, and brings most of them forward", async () => {
    const points = (k: number): BalanceAt[] => [
      { kind: "sequence", sequence: k },
      { kind: "effective", effectiveAt: "2026-06-01T00:00:00Z", knownAt: { sequence: k } },
    ];
    let n = 0;
    const before = exposureReportCounts(pool);
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < round + 1; i++) draw(n++, (n * 5) % LOANS, `${10 + n}.25`);
      if (round === 3) run.now += 1_000;
      const k = await project();
      for (const at of points(k)) {
        const cached = await report(at, k, true);
        const fresh = await report(at, k, false);
        expect(cached.sequence).toBe(k);
        expect(cached.report.large).toEqual(fresh.report.large);
        expect(cached.report.views).toEqual(fresh.report.views);
        expect(cached.report.exposure).toEqual(fresh.report.exposure);
      }
    }
    const after = exposureReportCounts(pool);
    expect(after.computed - before.computed).toBe(2);
    expect(after.forwarded - before.forwarded).toBe(10);
  });

  it("computes afresh when a risk input was recorded, or the change log does not cover the range", async () => {
    const k0 = await project();
    const latest = (k: number) => report({ kind: "sequence", sequence: k }, k, true);
    await latest(k0);
    accept(run, facility("f-0-v2", "fac-0", "2026-01-01T00:00:00.000Z", { limit: "9000.00" }));
    draw(1_000, 0, "1.00");
    const k1 = await project();
    const counts = exposureReportCounts(pool);
    const answer = await latest(k1);
    expect(exposureReportCounts(pool).computed).toBe(counts.computed + 1);
    expect(answer.report.exposure).toEqual(
      (await report({ kind: "sequence", sequence: k1 }, k1, false)).report.exposure,
    );

    draw(1_001, 1, "2.00");
    const k2 = await project();
    await pool.query(
      `DELETE FROM ${balancesTables(1).changes} WHERE ledger_id = $1 AND last_sequence = $2`,
      [ledgerId, k2],
    );
    expect(
      await accountsChangedBetween(pool, {
        ledgerId,
        afterSequence: k1,
        throughSequence: k2,
        maxAccounts: 10,
      }),
    ).toBeNull();
    const before = exposureReportCounts(pool);
    const third = await latest(k2);
    expect(exposureReportCounts(pool)).toMatchObject({
      computed: before.computed + 1,
      forwarded: before.forwarded,
    });
    expect(third.report.exposure).toEqual(
      (await report({ kind: "sequence", sequence: k2 }, k2, false)).report.exposure,
    );
  });
});

describe("accountsChangedBetween", () => {
  it("lists the accounts a range moved, nothing for an empty range, null beyond the limit", async () => {
    const database = await createTestDatabase("folio_balance_changes");
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    try {
      const projection = balancesProjection(1);
      await inTransaction(pool, (client) => projection.setup(client));
      const history = startRiskHistory(4);
      const opened = history.events.length - 1;
      for (let i = 0; i < 4; i++) {
        accept(history, {
          type: "PostEntry",
          entryId: `e-${i}`,
          postings: [
            { accountId: `loan:${i}`, side: "debit", amount: "1.00" },
            { accountId: "cash:usd", side: "credit", amount: "1.00" },
          ],
        });
      }
      const events = history.events.map((event) => ({
        ledgerId: "changes-1",
        position: String(event.metadata.sequence),
        event,
      }));
      // Batches of 3 events: the last two entries may share a batch, so ask batch-aligned ranges too.
      for (let i = 0; i < events.length; i += 3) {
        await inTransaction(pool, (client) => projection.apply(client, events.slice(i, i + 3)));
        projection.committed?.();
      }
      const last = events.length - 1;
      const ask = (afterSequence: number, throughSequence: number, maxAccounts = 100) =>
        accountsChangedBetween(pool, {
          ledgerId: "changes-1",
          afterSequence,
          throughSequence,
          maxAccounts,
        });
      expect(await ask(last, last)).toEqual([]);
      const moved = await ask(opened, last);
      expect(new Set(moved)).toEqual(new Set(["loan:0", "loan:1", "loan:2", "loan:3", "cash:usd"]));
      const all = await ask(-1, last, 1_000);
      expect(all?.length).toBeGreaterThan(moved?.length ?? 0);
      expect(await ask(opened, last, 2)).toBeNull();
      expect(await ask(opened, last + 5)).toBeNull();
      await expect(ask(1.5, last)).rejects.toThrow(RangeError);
    } finally {
      await pool.end();
      await database.drop();
    }
  });
});
