// Property: random IFRS 9 inputs, valid and invalid, never make the schemas or the decider
// throw. A command the schema takes is, decided in sequence on a ledger with one facility,
// accepted with exactly one schema-valid event, a duplicate, or refused with a known code and
// nothing written; deciding it on the writer's fork (decideSequence) gives the same answer, and
// an accepted command sent again is a duplicate.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  eventDataSchemas,
  ifrs9CommandSchemas,
  recordCounterpartySchema,
  recordFacilitySchema,
  type Command,
} from "../schemas/index.js";
import { decide, decideSequence } from "./decide.js";
import { evolve } from "./evolve.js";
import { isRejectionCode } from "./rejections.js";
import { initialState, type LedgerState } from "./state.js";
import { bankWithAccounts, openAccount } from "./testing/fixtures.js";

const numRuns = Number(process.env.PROPERTY_RUNS ?? 300);
const context = {
  now: Date.UTC(2026, 10, 29),
  actor: "spec",
  correlationId: "c",
  causationId: null,
};
const VALID_FROM = "2026-11-01T00:00:00Z";

function ledgerWithFacility(): LedgerState {
  const state = initialState();
  const commands: Command[] = [
    ...bankWithAccounts,
    openAccount("loan:acme", "JPY", "asset"),
    openAccount("ifrs9:impairment", "USD", "expense"),
    openAccount("ifrs9:allowance", "USD", "asset"),
    recordCounterpartySchema.parse({
      type: "RecordCounterparty",
      recordId: "cp-1",
      counterpartyId: "acme",
      validFrom: VALID_FROM,
      legalName: "Acme",
      sector: "C",
      countryOfRisk: "DE",
    }),
    recordFacilitySchema.parse({
      type: "RecordFacility",
      recordId: "fac-1",
      facilityId: "acme-loan",
      validFrom: VALID_FROM,
      counterpartyId: "acme",
      product: "term-loan",
      currency: "JPY",
      drawnAccounts: ["loan:acme"],
      limit: "1000000",
      ccf: "0",
    }),
  ];
  for (const command of commands) {
    for (const sealed of decide(state, command, context).events) evolve(state, sealed);
  }
  return state;
}

// Small pools, so record ids repeat (duplicates, conflicts) and facilities are sometimes
// unknown; every field mostly valid, sometimes not (then the schema refuses the command).
const recordId = fc.constantFrom("r-1", "r-2", "r-3", "fac-1");
const facilityId = fc.constantFrom("acme-loan", "acme-loan", "ghost");
const accountId = fc.constantFrom("ifrs9:impairment", "ifrs9:allowance", "nope");
const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: invalid, weight: 1 });
/** A decimal in [0, 1] (mostly), with 0..4 decimals. */
const unit = mostly(
  fc
    .tuple(fc.nat(10_000), fc.nat(4))
    .map(([n, places]) =>
      n === 10_000 ? "1" : `0.${String(n).padStart(4, "0")}`.slice(0, places + 2),
    )
    .map((text) => (text.endsWith(".") ? "0" : text)),
  fc.constantFrom("1.01", "2.5", "-1", "1e-3", "", ".5"),
);
const amount = mostly(
  fc.oneof(fc.nat(100_000).map(String), fc.constantFrom("10.5", "10.00", "0.001")),
  fc.constantFrom("0", "1".padEnd(31, "0"), "-5", "1,5"),
);
const date = mostly(
  fc
    .integer({ min: 0, max: 6_000 })
    .map((days) => new Date(Date.UTC(2024, 0, 1) + days * 86_400_000).toISOString().slice(0, 10)),
  fc.constantFrom("2026-02-30", "2026-1-1", "not-a-date"),
);

const curve = fc.oneof(
  fc.array(unit, { minLength: 1, maxLength: 4 }).map((byYear) => ({
    kind: "cumulative",
    byYear: byYear.sort((a, b) => Number(a) - Number(b)),
  })),
  fc
    .array(fc.constantFrom("0.01", "0.1", "0.2", "0.5"), { minLength: 0, maxLength: 3 })
    .map((byYear) => ({ kind: "marginal", byYear })),
);
const scenarios = fc
  .constantFrom(["1"], ["0.5", "0.5"], ["0.6", "0.3", "0.1"], ["0.33", "0.33", "0.33"], [])
  .chain((weights) =>
    fc.tuple(
      ...weights.map((weight, index) =>
        fc.record({
          scenarioId: fc.constantFrom(`s${index}`, `s${index}`, "s0"),
          weight: fc.constant(weight),
          pd12m: unit,
          lifetimePd: curve,
          lgd: unit,
        }),
      ),
    ),
  );

const rawCommand = fc.oneof(
  fc.record({
    type: fc.constant("RecordFacilityTerms"),
    recordId,
    facilityId,
    validFrom: fc.constant(VALID_FROM),
    originationDate: fc.constant("2024-01-01"),
    maturityDate: date,
    eir: unit,
    repayment: fc.oneof(
      fc.record({
        kind: fc.constant("amortising"),
        schedule: fc
          .uniqueArray(date, { minLength: 1, maxLength: 3 })
          .chain((dates) =>
            fc.tuple(
              ...dates.sort().map((d) => fc.record({ date: fc.constant(d), principal: amount })),
            ),
          ),
      }),
      fc.record({
        kind: fc.constant("revolving"),
        behaviouralLifeMonths: fc.integer({ min: -1, max: 700 }),
        ccf: unit,
      }),
    ),
    lifetimePdAtOrigination: unit,
    poci: fc.boolean(),
    creditAdjustedEir: fc.option(unit, { nil: null }),
  }),
  fc.record({
    type: fc.constant("RecordCreditAssessment"),
    recordId,
    facilityId,
    validFrom: fc.constant(VALID_FROM),
    asOf: date,
    daysPastDue: mostly(fc.nat(400), fc.constant(-1)),
    defaulted: fc.boolean(),
    forborne: mostly(fc.constantFrom("none", "performing", "non_performing"), fc.constant("maybe")),
    scenarios,
  }),
  fc.record({
    type: fc.constant("RecordWriteOff"),
    recordId,
    facilityId,
    validFrom: fc.constant(VALID_FROM),
    writtenOffOn: date,
    amount,
  }),
  fc.record(
    {
      type: fc.constant("RecordIfrs9Parameters"),
      recordId,
      validFrom: fc.constant(VALID_FROM),
      parameterSetId: fc.constant("policy"),
      sicr: fc.record({ relativeThreshold: unit, absoluteThreshold: unit }, { requiredKeys: [] }),
      dpd: fc.record(
        { stage2: fc.integer({ min: 0, max: 120 }), stage3: fc.integer({ min: 0, max: 120 }) },
        { requiredKeys: [] },
      ),
      impairmentExpenseAccountId: accountId,
      lossAllowanceAccountId: accountId,
    },
    { requiredKeys: ["type", "recordId", "validFrom", "parameterSetId"] },
  ),
);

function parsed(raw: unknown): Command | null {
  for (const schema of ifrs9CommandSchemas) {
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
  }
  return null;
}

describe("IFRS 9 inputs, at random", () => {
  it("never throw: accepted with one valid event, a duplicate, or a known code", () => {
    fc.assert(
      fc.property(fc.array(rawCommand, { minLength: 1, maxLength: 8 }), (raws) => {
        const state = ledgerWithFacility();
        for (const raw of raws) {
          const command = parsed(raw);
          if (command === null) continue;
          const onFork = decideSequence(state, [command], context).decisions[0];
          const decision = decide(state, command, context);
          expect(onFork?.status).toBe(decision.status);
          if (decision.status === "rejected") {
            expect(isRejectionCode(decision.rejection.code)).toBe(true);
            expect(decision.events).toEqual([]);
            if (onFork?.status === "rejected") {
              expect(onFork.rejection.code).toBe(decision.rejection.code);
            }
            continue;
          }
          if (decision.status === "duplicate") continue;
          expect(decision.events).toHaveLength(1);
          for (const sealed of decision.events) {
            const schema = eventDataSchemas[sealed.type].schema;
            expect(schema.safeParse(sealed.data).success).toBe(true);
            evolve(state, sealed);
          }
          expect(decide(state, command, context).status, "sent again").toBe("duplicate");
        }
      }),
      { numRuns },
    );
  });
});
