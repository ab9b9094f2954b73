// Property test of the events-alone answer (ifrs9InputsReplay.ts) against the risk_inputs
// read model's (ifrs9InputsAt) on real PostgreSQL: random histories of IFRS 9 inputs (terms
// restated and back-dated, several asOf dates per facility with corrections, write-offs,
// several parameter sets with versions, facilities restated or recorded later than their
// terms' validFrom, refused inputs for facilities never recorded, plain entries, a writer's
// clock that steps back) decided by the real decider and projected in random batches; at random
// points (effective D, known at a sequence or a recorded time, or effective now) the two
// answers are equal, key and list order included. Plus given/when/then cases of the rules.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyCommand } from "../../ledger-core/testing/historyRunner.js";
import type { Command, JournalEvent } from "../../schemas/index.js";
import type { BalanceAt } from "../balances/balanceQueries.js";
import { ifrs9InputsAt } from "./ifrs9InputsQueries.js";
import { ifrs9InputsFromEvents, ifrs9InputsReplayed } from "./ifrs9InputsReplay.js";
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

const NUM_RUNS = Number(process.env.RISK_INPUTS_PROPERTY_RUNS ?? 100);
const BASE_MS = Date.parse("2026-02-01T00:00:00.000Z");
const LOANS = 3;

let harness: RiskInputsHarness;

beforeAll(async () => {
  harness = await openRiskInputsHarness();
});

afterAll(async () => {
  await harness.close();
});

/** validFrom: often one of three days (ties), else near BASE; sometimes written at +01:00. */
const validFromArb = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(-DAY_MS, 0, DAY_MS),
      fc.integer({ min: -2, max: 2 }).map((days) => days * DAY_MS + 1),
    ),
    fc.boolean(),
  )
  .map(([offset, plusOne]) =>
    plusOne ? iso(BASE_MS + offset + 3_600_000).replace("Z", "+01:00") : iso(BASE_MS + offset),
  );

const DATES = ["2026-01-31", "2026-02-28", "2026-03-31"] as const;

type Step =
  | { kind: "facility"; id: number; validFrom: string; limit: number }
  | { kind: "terms"; id: number; validFrom: string; revolving: boolean; eir: string }
  | { kind: "assessment"; id: number; validFrom: string; asOf: number; dpd: number }
  | { kind: "writeOff"; id: number; validFrom: string; on: number; amount: number }
  | { kind: "parameters"; set: number; validFrom: string; months: number }
  | { kind: "entry" }
  | { kind: "clock"; seconds: number };

const facilityId = fc.integer({ min: 0, max: LOANS - 1 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("facility" as const),
    id: facilityId,
    validFrom: validFromArb,
    limit: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  fc.record({
    kind: fc.constant("terms" as const),
    id: facilityId,
    validFrom: validFromArb,
    revolving: fc.boolean(),
    eir: fc.constantFrom("0.045", "0.05", "0.1"),
  }),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("assessment" as const),
      id: facilityId,
      validFrom: validFromArb,
      asOf: fc.integer({ min: 0, max: DATES.length - 1 }),
      dpd: fc.integer({ min: 0, max: 120 }),
    }),
  },
  fc.record({
    kind: fc.constant("writeOff" as const),
    id: facilityId,
    validFrom: validFromArb,
    on: fc.integer({ min: 0, max: DATES.length - 1 }),
    amount: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  fc.record({
    kind: fc.constant("parameters" as const),
    set: fc.integer({ min: 0, max: 2 }),
    validFrom: validFromArb,
    months: fc.integer({ min: 0, max: 600 }),
  }),
  fc.constant({ kind: "entry" as const }),
  fc.record({ kind: fc.constant("clock" as const), seconds: fc.integer({ min: -600, max: 600 }) }),
);

function commandOf(step: Exclude<Step, { kind: "clock" }>, recordId: string): Command {
  switch (step.kind) {
    case "facility":
      return facility(recordId, `f${step.id}`, step.validFrom, {
        drawnAccounts: [`loan:${step.id}`],
        limit: `${step.limit}.00`,
      });
    case "terms":
      return facilityTerms(recordId, `f${step.id}`, step.validFrom, {
        eir: step.eir,
        ...(step.revolving
          ? { repayment: { kind: "revolving", behaviouralLifeMonths: 24, ccf: "0.5" } }
          : {}),
      });
    case "assessment":
      return creditAssessment(recordId, `f${step.id}`, step.validFrom, DATES[step.asOf] ?? "", {
        daysPastDue: step.dpd,
      });
    case "writeOff":
      return writeOff(
        recordId,
        `f${step.id}`,
        step.validFrom,
        DATES[step.on] ?? "",
        `${step.amount}.00`,
      );
    case "parameters":
      return ifrs9Parameters(recordId, `set-${step.set}`, step.validFrom, {
        stage3RecoveryMonths: step.months,
      });
    case "entry":
      return {
        type: "PostEntry",
        entryId: recordId,
        postings: [
          { accountId: "loan:0", side: "debit", amount: "1.00" },
          { accountId: "cash:usd", side: "credit", amount: "1.00" },
        ],
      };
  }
}

/** f0 is recorded early; f1 and f2 only by a facility step (until then, their inputs are refused). */
function play(steps: readonly Step[]): JournalEvent[] {
  const run = startRiskHistory(LOANS);
  run.now = BASE_MS;
  accept(run, counterparty("r-acme", "acme", iso(BASE_MS - 10 * DAY_MS)));
  accept(run, facility("r-f0", "f0", iso(BASE_MS - 10 * DAY_MS)));
  steps.forEach((step, i) => {
    if (step.kind === "clock") {
      run.now += step.seconds * 1000;
      return;
    }
    applyCommand(run, commandOf(step, `r${i}`));
    run.now += 1000;
  });
  return run.events;
}

/** Whether an assessment is recorded again for the same facility and asOf (a correction). */
function corrects(events: readonly JournalEvent[]): boolean {
  const keys = new Set<string>();
  for (const event of events) {
    if (event.type !== "CreditAssessmentRecorded") continue;
    const key = `${event.data.facilityId}/${event.data.asOf}`;
    if (keys.has(key)) return true;
    keys.add(key);
  }
  return false;
}

const pointArb = fc.record({
  effectiveNow: fc.boolean(),
  d: validFromArb,
  dShift: fc.constantFrom(-1, 0, 1),
  index: fc.nat(),
  known: fc.constantFrom("head", "sequence", "recorded"),
  rShift: fc.constantFrom(-1, 0, 1),
});

describe("ifrs9InputsFromEvents", () => {
  it("equals ifrs9InputsAt of the read model at random points", async () => {
    // How many answers held each kind of input, and histories correcting an assessment.
    const seen = { terms: 0, assessments: 0, writeOffs: 0, parameters: 0, corrected: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 5, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 3 }),
        fc.array(pointArb, { minLength: 1, maxLength: 10 }),
        validFromArb,
        async (steps, sizes, points, now) => {
          const events = play(steps);
          if (corrects(events)) seen.corrected += 1;
          const ledgerId = harness.freshLedgerId();
          await harness.project(ledgerId, events, sizes);
          const nowDate = new Date(Date.parse(now));
          for (const p of points) {
            const sequence = p.index % (events.length + 2);
            const recordedAt = iso(
              Date.parse(events[p.index % events.length]?.metadata.recordedAt ?? now) + p.rShift,
            );
            const effectiveAt = iso(Date.parse(p.d) + p.dShift);
            let at: BalanceAt;
            if (p.known === "head") {
              at = p.effectiveNow ? { kind: "latest" } : { kind: "effective", effectiveAt };
            } else if (p.known === "sequence") {
              at = p.effectiveNow
                ? { kind: "sequence", sequence }
                : { kind: "effective", effectiveAt, knownAt: { sequence } };
            } else {
              at = p.effectiveNow
                ? { kind: "recorded", recordedAt }
                : { kind: "effective", effectiveAt, knownAt: { recordedAt } };
            }
            const { ledgerId: _l, ...model } = await ifrs9InputsAt(harness.pool, {
              ledgerId,
              at,
              now: nowDate,
            });
            const replayed = ifrs9InputsFromEvents(events, { at, now: nowDate });
            const label = JSON.stringify(at);
            expect(replayed, label).toEqual(model);
            for (const key of ["terms", "assessments", "writeOffs", "parameters"] as const) {
              expect([...replayed[key].keys()], label).toEqual([...model[key].keys()]);
              if (model[key].size > 0) seen[key] += 1;
            }
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
    // About 60 answers with terms, 30 histories with a correction, per 100 runs.
    for (const [kind, answers] of Object.entries(seen)) {
      if (NUM_RUNS >= 100) expect(answers, kind).toBeGreaterThan(NUM_RUNS / 10);
    }
  }, 300_000);
});

describe("ifrs9InputsReplayed: the versions in force", () => {
  const history = (): JournalEvent[] => {
    const run = startRiskHistory(2);
    run.now = BASE_MS;
    accept(run, counterparty("c", "acme", iso(BASE_MS - DAY_MS)));
    accept(run, facility("f", "f0", iso(BASE_MS - DAY_MS), { limit: "10.00" }));
    accept(run, creditAssessment("a1", "f0", iso(BASE_MS), "2026-01-31", { daysPastDue: 1 }));
    // The same asOf and validFrom, recorded later: the correction wins the tie.
    accept(run, creditAssessment("a2", "f0", iso(BASE_MS), "2026-01-31", { daysPastDue: 2 }));
    accept(run, creditAssessment("a3", "f0", iso(BASE_MS), "2026-02-28", { daysPastDue: 3 }));
    // A terms version dated before the facility's: in force, but without a facility then.
    accept(run, facilityTerms("t1", "f0", iso(BASE_MS - 2 * DAY_MS)));
    accept(run, writeOff("w2", "f0", iso(BASE_MS), "2026-02-28", "2.00"));
    accept(run, writeOff("w1", "f0", iso(BASE_MS), "2026-01-31", "1.00"));
    return run.events;
  };

  it("keeps one assessment per asOf, sorted, the later recorded winning a tie", () => {
    const inputs = ifrs9InputsReplayed(history(), BASE_MS);
    expect(inputs.assessments.get("f0")?.map((a) => [a.asOf, a.daysPastDue])).toEqual([
      ["2026-01-31", 2],
      ["2026-02-28", 3],
    ]);
    expect(inputs.writeOffs.get("f0")?.map((w) => [w.recordId, w.amount])).toEqual([
      ["w1", 100n],
      ["w2", 200n],
    ]);
  });

  it("leaves out terms whose facility has no version in force", () => {
    expect(ifrs9InputsReplayed(history(), BASE_MS - DAY_MS - 1).terms.size).toBe(0);
    expect(ifrs9InputsReplayed(history(), BASE_MS - DAY_MS).terms.get("f0")?.limit).toBe(1_000n);
  });
});
