// The "moving ledger" phase of bench:exposure (exposure.bench.ts): the ledger moves by
// BENCH_MOVE_DRAWS entries, both read models catch up, and then the first report at the new
// sequence is timed: the large-exposure report at "latest", the grouped view at the same
// point (its views are built on first use), and the large-exposure report at an effective
// time. What a risk team sees on a live ledger: every report is at a sequence no report has
// been computed at yet, brought forward from the last one (exposureQuery.ts).
import { performance } from "node:perf_hooks";
import type pg from "pg";
import type { LedgerWriter } from "../ledger-core/index.js";
import { exposureReportCounts, type BalanceAt, type ExposureAnswer } from "../projections/index.js";
import type { Command } from "../schemas/index.js";
import { benchRequest } from "./benchLedger.js";
import { Samples } from "./machine.js";

export interface MovingSetup {
  readonly pool: pg.Pool;
  readonly writer: LedgerWriter;
  readonly steps: number;
  readonly drawsPerStep: number;
  readonly facilityCount: number;
  /** A draw on facility `facility`, the `draw`-th on it (a new entry id). */
  readonly drawCommand: (facility: number, draw: number) => Command;
  /** Brings both read models to the ledger's head. */
  readonly catchUp: () => Promise<void>;
  readonly report: (at: BalanceAt) => Promise<ExposureAnswer>;
  readonly effectiveAt: string;
  /** Draw numbers from here on are unused by the book. */
  readonly firstDraw: number;
}

export interface MovingRun {
  readonly large: Samples;
  readonly grouped: Samples;
  readonly effective: Samples;
  readonly forwarded: number;
  readonly computed: number;
}

async function timed(work: () => Promise<unknown>, into: Samples): Promise<void> {
  const started = performance.now();
  await work();
  into.add(performance.now() - started);
}

export async function movingReports(setup: MovingSetup): Promise<MovingRun> {
  const run = { large: new Samples(), grouped: new Samples(), effective: new Samples() };
  const before = exposureReportCounts(setup.pool);
  let draw = setup.firstDraw;
  const effective: BalanceAt = { kind: "effective", effectiveAt: setup.effectiveAt };
  for (let step = 0; step < setup.steps; step += 1) {
    await Promise.all(
      Array.from({ length: setup.drawsPerStep }, async (_, i) => {
        const facility = (step * 7919 + i * 104_729) % setup.facilityCount;
        const command = setup.drawCommand(facility, draw + i);
        const decision = await setup.writer.submit(benchRequest(command));
        if (decision.status !== "accepted") throw new Error(`draw ${decision.status}`);
      }),
    );
    draw += setup.drawsPerStep;
    await setup.catchUp();
    await timed(() => setup.report({ kind: "latest" }), run.large);
    await timed(
      async () => (await setup.report({ kind: "latest" })).report.views.group,
      run.grouped,
    );
    await timed(() => setup.report(effective), run.effective);
  }
  const after = exposureReportCounts(setup.pool);
  return {
    ...run,
    forwarded: after.forwarded - before.forwarded,
    computed: after.computed - before.computed,
  };
}
