// Property test of the risk-inputs history model against real PostgreSQL: random histories of
// risk inputs (validFrom ties, restatements with earlier validFrom, out-of-order validFrom,
// validFrom with other offsets, FX sets with overlapping pairs, facilities refused for an
// unrecorded counterparty, plain entries between, a writer's clock that steps back) decided by
// the real decider and applied in random batches; for random points of every kind,
// riskInputsAt equals a tiny in-memory replay of the same events (below).
import fc from "fast-check";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyCommand } from "../../ledger-core/testing/historyRunner.js";
import type { Command, JournalEvent } from "../../schemas/index.js";
import type { BalanceAt, KnownAt } from "../balances/balanceQueries.js";
import type { CapitalBase, CounterpartyVersion, FacilityVersion, FxRate } from "./exposureTypes.js";
import { riskInputsAt, type RiskInputsAnswer } from "./riskInputsQueries.js";
import {
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
const FACILITIES = 3;

let harness: RiskInputsHarness;
let pool: pg.Pool;

beforeAll(async () => {
  harness = await openRiskInputsHarness();
  pool = harness.pool;
});

afterAll(async () => {
  await harness.close();
});

// ---- the reference: every version in memory, picked by (validFrom ms, sequence) ----------

type Kind = "counterparty" | "facility" | "fx" | "capital";
type Value = CounterpartyVersion | FacilityVersion | FxRate | CapitalBase;
interface RefVersion {
  readonly kind: Kind;
  readonly subject: string;
  readonly validFromMs: number;
  readonly sequence: number;
  readonly value: Value;
}

function versionsOf(event: JournalEvent): RefVersion[] {
  const sequence = event.metadata.sequence;
  const at = (kind: Kind, subject: string, validFrom: string, value: Value): RefVersion => ({
    kind,
    subject,
    validFromMs: Date.parse(validFrom),
    sequence,
    value,
  });
  switch (event.type) {
    case "CounterpartyRecorded": {
      const { recordId: _r, fingerprint: _f, ...fields } = event.data;
      return [at("counterparty", fields.counterpartyId, fields.validFrom, { ...fields, sequence })];
    }
    case "FacilityRecorded": {
      const { recordId: _r, fingerprint: _f, ...d } = event.data;
      const value: FacilityVersion = {
        ...d,
        limit: BigInt(d.limit),
        specificProvisions: BigInt(d.specificProvisions),
        collateral: d.collateral.map((c) => ({ ...c, amount: BigInt(c.amount) })),
        guarantees: d.guarantees.map((g) => ({ ...g, amount: BigInt(g.amount) })),
        sequence,
      };
      return [at("facility", d.facilityId, d.validFrom, value)];
    }
    case "FxRatesPublished":
      return event.data.rates.map((r) =>
        at("fx", `${r.from}/${r.to}`, event.data.validFrom, {
          ...r,
          validFrom: event.data.validFrom,
        }),
      );
    case "CapitalBaseRecorded": {
      const { currency, tier1Capital, validFrom, reportingEntityIsGsii } = event.data;
      return [
        at("capital", "", validFrom, {
          currency,
          tier1Capital: BigInt(tier1Capital),
          validFrom,
          reportingEntityIsGsii,
        }),
      ];
    }
    default:
      return [];
  }
}

/** The last sequence recorded by `ms` (the watermark: the writer's clock may step back). */
function recordedBy(events: readonly JournalEvent[], ms: number): number | null {
  let watermark = -Infinity;
  let last: number | null = null;
  for (const event of events) {
    watermark = Math.max(watermark, Date.parse(event.metadata.recordedAt));
    if (watermark <= ms) last = event.metadata.sequence;
  }
  return last;
}

function expected(
  ledgerId: string,
  events: readonly JournalEvent[],
  at: BalanceAt,
  nowMs: number,
): RiskInputsAnswer {
  const head = events.length - 1;
  const known = (k: KnownAt | undefined): number | null =>
    k === undefined
      ? head
      : "sequence" in k
        ? Math.min(k.sequence, head)
        : recordedBy(events, Date.parse(k.recordedAt));
  const point: { k: number | null; d: number } =
    at.kind === "latest"
      ? { k: head, d: nowMs }
      : at.kind === "sequence"
        ? { k: known({ sequence: at.sequence }), d: nowMs }
        : at.kind === "recorded"
          ? { k: known({ recordedAt: at.recordedAt }), d: nowMs }
          : { k: known(at.knownAt), d: Date.parse(at.effectiveAt) };
  const inForce = new Map<string, RefVersion>();
  const k = point.k;
  if (k !== null) {
    for (const v of events.flatMap(versionsOf)) {
      if (v.sequence > k || v.validFromMs > point.d) continue;
      const key = `${v.kind}/${v.subject}`;
      const current = inForce.get(key);
      const later =
        current === undefined ||
        v.validFromMs > current.validFromMs ||
        (v.validFromMs === current.validFromMs && v.sequence > current.sequence);
      if (later) inForce.set(key, v);
    }
  }
  const of = <T extends Value>(kind: Kind): [string, T][] =>
    [...inForce.values()]
      .filter((v) => v.kind === kind)
      .sort((a, b) => (a.subject < b.subject ? -1 : 1))
      .map((v) => [v.subject, v.value as T]);
  return {
    ledgerId,
    sequence: k,
    effectiveAt: iso(point.d),
    counterparties: new Map(of<CounterpartyVersion>("counterparty")),
    facilities: new Map(of<FacilityVersion>("facility")),
    fxRates: of<FxRate>("fx").map(([, rate]) => rate),
    capital: of<CapitalBase>("capital")[0]?.[1] ?? null,
  };
}

// ---- generators ---------------------------------------------------------------------------

/** A time as validFrom text: in UTC, or the same instant at +01:00 (the text is kept as given). */
const textOf = ([ms, plusOne]: [number, boolean]): string =>
  plusOne ? iso(ms + 3_600_000).replace("Z", "+01:00") : iso(ms);

/**
 * validFrom: mostly one of three days (ties of validFrom are frequent), else a few days around
 * BASE, on the hour, at noon or a millisecond past; sometimes written at +01:00.
 */
const validFromArb = fc
  .tuple(
    fc.oneof(
      { arbitrary: fc.constantFrom(-DAY_MS, 0, DAY_MS), weight: 3 },
      {
        arbitrary: fc
          .tuple(fc.integer({ min: -2, max: 2 }), fc.constantFrom(0, 1, 12 * 3_600_000))
          .map(([days, offset]) => days * DAY_MS + offset),
        weight: 2,
      },
    ),
    fc.boolean(),
  )
  .map(([offset, plusOne]) => textOf([BASE_MS + offset, plusOne]));

const PAIRS = [
  ["USD", "JPY"],
  ["JPY", "USD"],
  ["BTC", "USD"],
  ["BTC", "JPY"],
] as const;

type Step =
  | {
      kind: "counterparty";
      id: number;
      validFrom: string;
      rating: string | null;
      group: string | null;
    }
  | {
      kind: "facility";
      id: number;
      cp: number;
      validFrom: string;
      limit: number;
      collateral: boolean;
    }
  | { kind: "fx"; validFrom: string; rates: { pair: number; rate: string }[] }
  | { kind: "capital"; validFrom: string; amount: number }
  | { kind: "entry" }
  | { kind: "clock"; seconds: number };

/** One kind of step with its weight among the others (fc.oneof). */
function weighted<T>(
  weight: number,
  model: { [K in keyof T]: fc.Arbitrary<T[K]> },
): fc.WeightedArbitrary<T> {
  return { arbitrary: fc.record(model), weight };
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  weighted(3, {
    kind: fc.constant("counterparty" as const),
    id: fc.integer({ min: 0, max: 2 }),
    validFrom: validFromArb,
    rating: fc.constantFrom("AA", "B", null),
    group: fc.constantFrom("g1", "g2", null),
  }),
  weighted(3, {
    kind: fc.constant("facility" as const),
    id: fc.integer({ min: 0, max: FACILITIES - 1 }),
    cp: fc.integer({ min: 0, max: 2 }),
    validFrom: validFromArb,
    limit: fc.integer({ min: 1, max: 10_000_000 }),
    collateral: fc.boolean(),
  }),
  weighted(2, {
    kind: fc.constant("fx" as const),
    validFrom: validFromArb,
    rates: fc.uniqueArray(
      fc.record({
        pair: fc.integer({ min: 0, max: PAIRS.length - 1 }),
        rate: fc.constantFrom("1.5", "0.0067", "150.125", "40000"),
      }),
      { minLength: 1, maxLength: PAIRS.length, selector: (r) => r.pair },
    ),
  }),
  weighted(2, {
    kind: fc.constant("capital" as const),
    validFrom: validFromArb,
    amount: fc.integer({ min: 1, max: 1_000_000_000 }),
  }),
  fc.constant({ kind: "entry" as const }),
  fc.record({
    kind: fc.constant("clock" as const),
    seconds: fc.integer({ min: -3_600, max: 3_600 }),
  }),
);

const cents = (n: number): string => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;

function commandOf(step: Exclude<Step, { kind: "clock" }>, recordId: string): Command {
  switch (step.kind) {
    case "counterparty":
      return counterparty(recordId, `c${step.id}`, step.validFrom, {
        rating: step.rating,
        connectedGroupId: step.group,
      });
    case "facility":
      return facility(recordId, `f${step.id}`, step.validFrom, {
        counterpartyId: `c${step.cp}`,
        drawnAccounts: [`loan:${step.id}`],
        limit: cents(step.limit),
        collateral: step.collateral ? [{ type: "securities", currency: "BTC", amount: "0.5" }] : [],
      });
    case "fx":
      return fxRates(
        recordId,
        step.validFrom,
        step.rates.map(({ pair, rate }) => ({
          from: PAIRS[pair]?.[0] ?? "",
          to: PAIRS[pair]?.[1] ?? "",
          rate,
        })),
      );
    case "capital":
      return capitalBase(recordId, step.validFrom, cents(step.amount));
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
  const run = startRiskHistory(FACILITIES);
  run.now = BASE_MS;
  // c0 exists from the start, so that most facilities are accepted (the others are refused).
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

/** A point, with indices into the history resolved once its length is known. */
const pointArb = fc.record({
  kind: fc.constantFrom("latest", "sequence", "recorded", "effective", "bitemporal"),
  d: fc.tuple(validFromArb, fc.constantFrom(-1, 0, 1)),
  index: fc.nat(),
  shift: fc.constantFrom(-1, 0, 1),
  bySequence: fc.boolean(),
});

type PointSpec = typeof pointArb extends fc.Arbitrary<infer P> ? P : never;

function pointOf(p: PointSpec, events: readonly JournalEvent[]): BalanceAt {
  const size = events.length;
  const sequence = p.index % (size + 3);
  const recordedAt = iso(
    Date.parse(events[p.index % size]?.metadata.recordedAt ?? "2026-01-01T00:00:00Z") + p.shift,
  );
  const knownAt: KnownAt = p.bySequence ? { sequence } : { recordedAt };
  const effectiveAt = iso(Date.parse(p.d[0]) + p.d[1]);
  switch (p.kind) {
    case "latest":
      return { kind: "latest" };
    case "sequence":
      return { kind: "sequence", sequence };
    case "recorded":
      return { kind: "recorded", recordedAt };
    case "effective":
      return { kind: "effective", effectiveAt };
    case "bitemporal":
      return { kind: "effective", effectiveAt, knownAt };
  }
}

describe("riskInputsAt", () => {
  it("equals an in-memory replay of the same events at random points", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 5, maxLength: 50 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }),
        fc.array(pointArb, { minLength: 1, maxLength: 12 }),
        validFromArb,
        async (steps, sizes, points, now) => {
          const events = play(steps);
          const ledgerId = harness.freshLedgerId();
          await harness.project(ledgerId, events, sizes);
          const nowMs = Date.parse(now);
          for (const p of points) {
            const at = pointOf(p, events);
            const actual = await riskInputsAt(pool, { ledgerId, at, now: new Date(nowMs) });
            const want = expected(ledgerId, events, at, nowMs);
            expect(actual, JSON.stringify(at)).toEqual(want);
            expect([...actual.counterparties.keys()]).toEqual([...want.counterparties.keys()]);
            expect([...actual.facilities.keys()]).toEqual([...want.facilities.keys()]);
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
