// Property tests of the group-commit rule (GroupBudget, planGroups) over random units and
// limits, including empty units, units exactly at a limit, units over it, and limits of 1:
// every unit lands in exactly one group or is refused, in order, never split; a unit is
// refused exactly when it exceeds a limit alone; every group is within all three limits; and
// groups are as full as they can be (the next group's first unit did not fit).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvariantViolation } from "./assert.js";
import {
  fitsAlone,
  GroupBudget,
  planGroups,
  type GroupLimits,
  type UnitSize,
} from "./groupCommit.js";

const numRuns = Number(process.env.PROPERTY_RUNS ?? 1_000);

const limitsArbitrary: fc.Arbitrary<GroupLimits> = fc.record({
  maxCommands: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 8 })),
  maxEvents: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 60 })),
  maxBytes: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 6_000 })),
});

/** Units around the limits: empty, small, exactly at a limit, one over, far over. */
function unitArbitrary(limits: GroupLimits): fc.Arbitrary<UnitSize> {
  const around = (limit: number) =>
    fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: Math.max(1, Math.floor(limit / 3)) }),
      fc.constantFrom(limit - 1, limit, limit + 1).filter((value) => value >= 0),
      fc.integer({ min: 0, max: limit * 2 }),
    );
  return fc.record({ events: around(limits.maxEvents), bytes: around(limits.maxBytes) });
}

const scenario = limitsArbitrary.chain((limits) =>
  fc.record({
    limits: fc.constant(limits),
    units: fc.array(unitArbitrary(limits), { maxLength: 40 }),
  }),
);

function totals(units: readonly UnitSize[], indexes: readonly number[]) {
  return indexes.reduce(
    (sum, index) => ({
      events: sum.events + (units[index]?.events ?? 0),
      bytes: sum.bytes + (units[index]?.bytes ?? 0),
    }),
    { events: 0, bytes: 0 },
  );
}

describe("group commit planning", () => {
  it("places every unit once, in order, never split; refuses exactly those too large alone", () => {
    fc.assert(
      fc.property(scenario, ({ limits, units }) => {
        const { groups, tooLarge } = planGroups(units, limits);
        const placed = groups.flat();
        expect([...placed, ...tooLarge].sort((a, b) => a - b)).toEqual(units.map((_, i) => i));
        expect(placed).toEqual([...placed].sort((a, b) => a - b));
        const oversized = units.flatMap((unit, index) => (fitsAlone(unit, limits) ? [] : [index]));
        expect(tooLarge).toEqual(oversized);
        for (const index of oversized) {
          const unit = units[index];
          expect(
            unit !== undefined && (unit.events > limits.maxEvents || unit.bytes > limits.maxBytes),
          ).toBe(true);
        }
      }),
      { numRuns },
    );
  });

  it("keeps every group within all three limits, and as full as the next unit allows", () => {
    fc.assert(
      fc.property(scenario, ({ limits, units }) => {
        const { groups } = planGroups(units, limits);
        groups.forEach((group, index) => {
          expect(group.length).toBeGreaterThan(0);
          expect(group.length).toBeLessThanOrEqual(limits.maxCommands);
          const sum = totals(units, group);
          expect(sum.events).toBeLessThanOrEqual(limits.maxEvents);
          expect(sum.bytes).toBeLessThanOrEqual(limits.maxBytes);
          const next = groups[index + 1]?.[0];
          if (next === undefined) return;
          const unit = units[next];
          if (unit === undefined) throw new Error("a placed index names a unit");
          const fitted =
            group.length + 1 <= limits.maxCommands &&
            sum.events + unit.events <= limits.maxEvents &&
            sum.bytes + unit.bytes <= limits.maxBytes;
          expect(fitted).toBe(false);
        });
      }),
      { numRuns },
    );
  });

  it("admits into one budget exactly what planGroups puts in its first group", () => {
    fc.assert(
      fc.property(scenario, ({ limits, units }) => {
        const budget = new GroupBudget(limits);
        const admitted: number[] = [];
        for (const [index, unit] of units.entries()) {
          const admission = budget.admit(unit);
          if (admission === "group_full") break;
          if (admission === "admitted") admitted.push(index);
        }
        expect(admitted).toEqual(planGroups(units, limits).groups[0] ?? []);
        expect({ events: budget.events, bytes: budget.bytes }).toEqual(totals(units, admitted));
      }),
      { numRuns },
    );
  });

  it("refuses limits that are not positive integers, and negative unit sizes", () => {
    const bad = fc.oneof(fc.constantFrom(0, -1, 1.5, Number.NaN, Infinity), fc.integer({ max: 0 }));
    fc.assert(
      fc.property(bad, fc.constantFrom("maxCommands", "maxEvents", "maxBytes"), (value, name) => {
        const limits = { maxCommands: 5, maxEvents: 5, maxBytes: 5, [name]: value };
        expect(() => new GroupBudget(limits)).toThrow(InvariantViolation);
      }),
      { numRuns: 100 },
    );
    const budget = new GroupBudget({ maxCommands: 2, maxEvents: 2, maxBytes: 2 });
    expect(() => budget.admit({ events: -1, bytes: 0 })).toThrow(InvariantViolation);
    expect(() => budget.admit({ events: 0, bytes: -1 })).toThrow(InvariantViolation);
  });
});
