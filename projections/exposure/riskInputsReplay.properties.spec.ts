// Property test of the events-alone fold (riskInputsReplay.ts) against the risk_inputs read
// model on real PostgreSQL: random histories of risk inputs (ties of validFrom, restatements
// with earlier validFrom, validFrom at +01:00, FX sets with overlapping pairs, refused
// facilities, plain entries, a writer's clock that steps back) decided by the real decider and
// projected in random batches; at random points (effective D, known at a sequence or a
// recorded time, or effective now) the inputs the fold keeps equal riskInputsAt's, key order
// included. Plus given/when/then cases of the ranking rule.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyCommand } from "../../ledger-core/testing/historyRunner.js";
import type { Command, JournalEvent } from "../../schemas/index.js";
import type { BalanceAt } from "../balances/balanceQueries.js";
import { riskInputsAt } from "./riskInputsQueries.js";
import { facilityAccountIds, riskInputsReplayed } from "./riskInputsReplay.js";
import {
  accept,
  capitalBase,
  counterparty,
  DAY_MS,
  facility,
  fxRates,
  iso,
  openRiskInputsHarness,
  startRiskHistory,
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

const PAIRS: readonly (readonly [string, string])[] = [
  ["USD", "JPY"],
  ["JPY", "USD"],
  ["BTC", "USD"],
];

type Step =
  | { kind: "counterparty"; id: number; validFrom: string; rating: string | null }
  | { kind: "facility"; id: number; cp: number; validFrom: string; limit: number }
  | { kind: "fx"; validFrom: string; pairs: number[]; rate: string }
  | { kind: "capital"; validFrom: string; amount: number }
  | { kind: "entry" }
  | { kind: "clock"; seconds: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("counterparty" as const),
    id: fc.integer({ min: 0, max: 2 }),
    validFrom: validFromArb,
    rating: fc.constantFrom("AA", "B", null),
  }),
  fc.record({
    kind: fc.constant("facility" as const),
    id: fc.integer({ min: 0, max: LOANS - 1 }),
    cp: fc.integer({ min: 0, max: 2 }),
    validFrom: validFromArb,
    limit: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  fc.record({
    kind: fc.constant("fx" as const),
    validFrom: validFromArb,
    pairs: fc.uniqueArray(fc.integer({ min: 0, max: PAIRS.length - 1 }), {
      minLength: 1,
      maxLength: PAIRS.length,
    }),
    rate: fc.constantFrom("1.5", "0.0067", "150.125"),
  }),
  fc.record({
    kind: fc.constant("capital" as const),
    validFrom: validFromArb,
    amount: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  fc.constant({ kind: "entry" as const }),
  fc.record({ kind: fc.constant("clock" as const), seconds: fc.integer({ min: -600, max: 600 }) }),
);

function commandOf(step: Exclude<Step, { kind: "clock" }>, recordId: string): Command {
  switch (step.kind) {
    case "counterparty":
      return counterparty(recordId, `c${step.id}`, step.validFrom, { rating: step.rating });
    case "facility":
      return facility(recordId, `f${step.id}`, step.validFrom, {
        counterpartyId: `c${step.cp}`,
        drawnAccounts: [`loan:${step.id}`],
        limit: `${step.limit}.00`,
      });
    case "fx":
      return fxRates(
        recordId,
        step.validFrom,
        step.pairs.map((i) => ({
          from: PAIRS[i]?.[0] ?? "",
          to: PAIRS[i]?.[1] ?? "",
          rate: step.rate,
        })),
      );
    case "capital":
      return capitalBase(recordId, step.validFrom, `${step.amount}.00`);
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

function play(steps: readonly Step[]): JournalEvent[] {
  const run = startRiskHistory(LOANS);
  run.now = BASE_MS;
  applyCommand(run, counterparty("r-c0", "c0", iso(BASE_MS - 10 * DAY_MS)));
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

/** The last sequence recorded by `ms`: the recorded-time watermark's prefix of the stream. */
function recordedBy(events: readonly JournalEvent[], ms: number): number | null {
  let watermark = -Infinity;
  let last: number | null = null;
  for (const event of events) {
    watermark = Math.max(watermark, Date.parse(event.metadata.recordedAt));
    if (watermark > ms) break;
    last = event.metadata.sequence;
  }
  return last;
}

const pointArb = fc.record({
  effectiveNow: fc.boolean(),
  d: validFromArb,
  dShift: fc.constantFrom(-1, 0, 1),
  index: fc.nat(),
  known: fc.constantFrom("head", "sequence", "recorded"),
  rShift: fc.constantFrom(-1, 0, 1),
});

describe("riskInputsReplayed", () => {
  it("equals riskInputsAt of the read model at random points", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 5, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 3 }),
        fc.array(pointArb, { minLength: 1, maxLength: 10 }),
        validFromArb,
        async (steps, sizes, points, now) => {
          const events = play(steps);
          const ledgerId = harness.freshLedgerId();
          await harness.project(ledgerId, events, sizes);
          const head = events.length - 1;
          const nowMs = Date.parse(now);
          for (const p of points) {
            const sequence = p.index % (events.length + 2);
            const recordedAt = iso(
              Date.parse(events[p.index % events.length]?.metadata.recordedAt ?? now) + p.rShift,
            );
            const d = Date.parse(p.d) + p.dShift;
            let at: BalanceAt;
            let known: number | null;
            if (p.known === "head") {
              at = p.effectiveNow ? { kind: "latest" } : { kind: "effective", effectiveAt: iso(d) };
              known = head;
            } else if (p.known === "sequence") {
              at = p.effectiveNow
                ? { kind: "sequence", sequence }
                : { kind: "effective", effectiveAt: iso(d), knownAt: { sequence } };
              known = Math.min(sequence, head);
            } else {
              at = p.effectiveNow
                ? { kind: "recorded", recordedAt }
                : { kind: "effective", effectiveAt: iso(d), knownAt: { recordedAt } };
              known = recordedBy(events, Date.parse(recordedAt));
            }
            const model = await riskInputsAt(harness.pool, { ledgerId, at, now: new Date(nowMs) });
            const replayed =
              known === null
                ? riskInputsReplayed([], 0)
                : riskInputsReplayed(events, p.effectiveNow ? nowMs : d, known);
            const label = JSON.stringify(at);
            expect(model.sequence, label).toBe(known);
            expect(replayed, label).toEqual({
              counterparties: model.counterparties,
              facilities: model.facilities,
              fxRates: model.fxRates,
              capital: model.capital,
            });
            expect([...replayed.counterparties.keys()]).toEqual([...model.counterparties.keys()]);
            expect([...replayed.facilities.keys()]).toEqual([...model.facilities.keys()]);
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
  }, 300_000);
});

describe("riskInputsReplayed: the version in force", () => {
  const history = (): JournalEvent[] => {
    const run = startRiskHistory(2);
    run.now = BASE_MS;
    accept(run, counterparty("r1", "acme", iso(BASE_MS), { rating: "A" }));
    // Recorded later, same validFrom: the later recorded wins the tie.
    accept(run, counterparty("r2", "acme", iso(BASE_MS), { rating: "B" }));
    // A version from the day after, and a restatement of the past recorded after both.
    accept(run, counterparty("r3", "acme", iso(BASE_MS + DAY_MS), { rating: "C" }));
    accept(run, counterparty("r4", "acme", iso(BASE_MS - DAY_MS), { rating: "D" }));
    accept(
      run,
      facility("r5", "f1", iso(BASE_MS), {
        drawnAccounts: ["loan:1"],
        interestAccounts: ["loan:0"],
      }),
    );
    return run.events;
  };
  const ratingAt = (ms: number, known: number | null = null): string | null | undefined =>
    riskInputsReplayed(history(), ms, known).counterparties.get("acme")?.rating;

  it("takes the latest validFrom at or before D, ties to the later recorded", () => {
    const events = history();
    const r2 = events.findIndex(
      (e) => e.type === "CounterpartyRecorded" && e.data.recordId === "r2",
    );
    expect(ratingAt(BASE_MS)).toBe("B");
    expect(ratingAt(BASE_MS + DAY_MS - 1)).toBe("B");
    expect(ratingAt(BASE_MS + DAY_MS)).toBe("C");
    expect(ratingAt(BASE_MS - 1)).toBe("D");
    expect(ratingAt(BASE_MS - DAY_MS - 1)).toBeUndefined();
    // Known before r2 was recorded: r1 is the version of that day.
    expect(ratingAt(BASE_MS, r2 - 1)).toBe("A");
  });

  it("lists the facility accounts whose balances the calculation needs", () => {
    const inputs = riskInputsReplayed(history(), BASE_MS);
    expect(facilityAccountIds(inputs)).toEqual(["loan:0", "loan:1"]);
  });
});
