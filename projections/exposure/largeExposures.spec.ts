// Worked cases for the large-exposure rules (largeExposures.ts), with their boundaries: large
// at exactly 10 % of Tier 1 and not just under; the 25 % limit at and just over; the
// institution rule (EUR 150 m both ways, capped at 100 % of Tier 1, the non-institution part);
// 15 % between G-SIIs; substitution towards the guarantor's group; top 20; Test F of the
// research note; and the capital-base errors.
import { describe, expect, it } from "vitest";
import { computeExposure, type ExposureInputs } from "./exposureMath.js";
import { ExposureInputError } from "./exposureMathFx.js";
import { balance, book, counterparty, facility, m, rate, tier1 } from "./exposureMathFixtures.js";
import type { CounterpartyVersion, FxRate } from "./exposureTypes.js";
import {
  computeLargeExposures,
  type GroupLargeExposure,
  type LargeExposureOptions,
  type LargeExposureReport,
} from "./largeExposures.js";

interface Loan {
  readonly counterparty: CounterpartyVersion;
  readonly drawn: bigint;
  readonly currency?: string;
}

function loans(
  list: readonly Loan[],
  tier1Amount: bigint,
  extra: { fxRates?: readonly FxRate[]; reportingCurrency?: string } = {},
): ExposureInputs {
  return book({
    counterparties: list.map((l) => l.counterparty),
    facilities: list.map((l, i) =>
      facility(`F${i}`, l.counterparty.counterpartyId, { currency: l.currency ?? "EUR" }),
    ),
    balances: list.map((l, i) => balance(`F${i}-drawn`, l.drawn, l.currency ?? "EUR")),
    capital: tier1(tier1Amount, extra.reportingCurrency ?? "EUR"),
    ...extra,
  });
}

function report(inputs: ExposureInputs, options: LargeExposureOptions = {}): LargeExposureReport {
  return computeLargeExposures(computeExposure(inputs), inputs, options);
}

function group(result: LargeExposureReport, key: string): GroupLargeExposure {
  const found = result.groups.find((g) => g.groupKey === key);
  if (found === undefined) throw new Error(`no group ${key}`);
  return found;
}

const corp = (id: string, groupId: string | null = null) =>
  counterparty(id, { connectedGroupId: groupId });
const bank = (id: string, groupId: string | null = null, gsii = false) =>
  counterparty(id, {
    connectedGroupId: groupId,
    flags: { institution: true, globalSystemicallyImportant: gsii },
  });
const T1 = m("1000");

describe("Art. 392: large at 10 % of Tier 1 or more", () => {
  it("is large at exactly 10 % and not one minor unit under", () => {
    const result = report(
      loans(
        [
          { counterparty: corp("A"), drawn: m("100") },
          { counterparty: corp("B"), drawn: m("100") - 1n },
        ],
        T1,
      ),
    );
    expect(result.largeExposureThreshold).toBe(m("100"));
    expect(group(result, "counterparty:A")).toMatchObject({
      isLarge: true,
      shareOfTier1: "0.100000",
    });
    expect(group(result, "counterparty:B").isLarge).toBe(false);
    expect(result.largeExposures.map((g) => g.groupKey)).toEqual(["counterparty:A"]);
  });

  it("measures before exemptions and CRM: an exempt exposure is large, not a breach", () => {
    const result = report(
      loans(
        [{ counterparty: counterparty("S", { flags: { sovereign: true } }), drawn: m("400") }],
        T1,
      ),
    );
    expect(group(result, "counterparty:S")).toMatchObject({
      isLarge: true,
      breach: false,
      shareOfTier1BeforeExemptionsAndCrm: "0.400000",
      shareOfTier1: "0.000000",
    });
  });

  it("adds up a connected group", () => {
    const result = report(
      loans(
        [
          { counterparty: corp("A", "G"), drawn: m("60") },
          { counterparty: corp("B", "G"), drawn: m("40") },
        ],
        T1,
      ),
    );
    expect(group(result, "group:G")).toMatchObject({
      isLarge: true,
      counterpartyIds: ["A", "B"],
      amounts: expect.objectContaining({ exposureValue: m("100") }) as unknown,
    });
  });
});

describe("Art. 395: the 25 % limit", () => {
  it("is met exactly at the limit (headroom 0) and breached one minor unit over", () => {
    const result = report(
      loans(
        [
          { counterparty: corp("A"), drawn: m("250") },
          { counterparty: corp("B"), drawn: m("250") + 1n },
        ],
        T1,
      ),
    );
    expect(group(result, "counterparty:A")).toMatchObject({
      limitRule: "general",
      limit: m("250"),
      headroom: 0n,
      breach: false,
    });
    expect(group(result, "counterparty:B")).toMatchObject({ headroom: -1n, breach: true });
    expect(result.breaches.map((g) => g.groupKey)).toEqual(["counterparty:B"]);
  });

  it("rounds a fractional limit down and the large threshold up", () => {
    const result = report(loans([{ counterparty: corp("A"), drawn: 3n }], 11n));
    expect(result.generalLimit).toBe(2n);
    expect(result.largeExposureThreshold).toBe(2n);
    expect(group(result, "counterparty:A").breach).toBe(true);
  });

  it("applies to the guarantor's group the part it guarantees (substitution)", () => {
    const inputs = book({
      counterparties: [corp("A"), corp("G", "H"), corp("K", "H")],
      facilities: [
        facility("F1", "A", {
          guarantees: [{ guarantorId: "G", currency: "EUR", amount: m("200") }],
        }),
        facility("F2", "K"),
      ],
      balances: [balance("F1-drawn", m("300")), balance("F2-drawn", m("100"))],
      capital: tier1(T1),
    });
    const result = report(inputs);
    expect(group(result, "counterparty:A").amounts.valueAfterExemptionsAndCrm).toBe(m("100"));
    expect(group(result, "group:H")).toMatchObject({
      counterpartyIds: ["G", "K"],
      breach: true,
      headroom: -m("50"),
    });
  });
});

describe("Art. 395: the institution rule", () => {
  const small = m("400"); // 25 % = 100 m < EUR 150 m

  it("allows EUR 150 m when it is above 25 % of Tier 1: at it, and one unit over", () => {
    const result = report(
      loans(
        [
          { counterparty: bank("B1"), drawn: m("150") },
          { counterparty: bank("B2"), drawn: m("150") + 1n },
        ],
        small,
      ),
    );
    expect(group(result, "counterparty:B1")).toMatchObject({
      limitRule: "institution",
      limit: m("150"),
      headroom: 0n,
      breach: false,
    });
    expect(group(result, "counterparty:B2").breach).toBe(true);
  });

  it("keeps 25 % when it is above EUR 150 m", () => {
    const result = report(loans([{ counterparty: bank("B"), drawn: m("250") + 1n }], T1));
    expect(group(result, "counterparty:B")).toMatchObject({ limit: m("250"), breach: true });
  });

  it("caps EUR 150 m at 100 % of Tier 1", () => {
    const result = report(loans([{ counterparty: bank("B"), drawn: m("100") + 1n }], m("100")));
    expect(group(result, "counterparty:B")).toMatchObject({ limit: m("100"), breach: true });
  });

  it("applies to a group containing an institution, with its non-institution part within 25 %", () => {
    const result = report(
      loans(
        [
          { counterparty: bank("B", "G"), drawn: m("50") },
          { counterparty: corp("C", "G"), drawn: m("100") },
        ],
        small,
      ),
    );
    expect(group(result, "group:G")).toMatchObject({
      containsInstitution: true,
      limit: m("150"),
      headroom: 0n,
      breach: false,
      nonInstitutionPart: { exposure: m("100"), limit: m("100"), headroom: 0n, withinLimit: true },
    });
  });

  it("is breached when the non-institution part is over 25 %, though the group is within", () => {
    const result = report(
      loans(
        [
          { counterparty: bank("B", "G"), drawn: m("20") },
          { counterparty: corp("C", "G"), drawn: m("100") + 1n },
        ],
        small,
      ),
    );
    expect(group(result, "group:G")).toMatchObject({
      headroom: m("30") - 1n,
      nonInstitutionPart: expect.objectContaining({ withinLimit: false, headroom: -1n }) as unknown,
      breach: true,
    });
  });

  it("does not apply to a group without an institution", () => {
    const result = report(loans([{ counterparty: corp("C"), drawn: m("120") }], small));
    expect(group(result, "counterparty:C")).toMatchObject({
      limitRule: "general",
      limit: m("100"),
      nonInstitutionPart: null,
      breach: true,
    });
  });

  it("converts EUR 150 m into the reporting currency", () => {
    const inputs = loans([{ counterparty: bank("B"), drawn: m("165"), currency: "USD" }], small, {
      fxRates: [rate("EUR", "USD", "1.1")],
      reportingCurrency: "USD",
    });
    expect(group(report(inputs), "counterparty:B")).toMatchObject({
      limit: m("165"),
      breach: false,
    });
  });

  it("refuses to guess the EUR rate, and needs none without institutions", () => {
    const withBank = loans([{ counterparty: bank("B"), drawn: 1n, currency: "USD" }], small, {
      reportingCurrency: "USD",
    });
    expect(() => report(withBank)).toThrow(/EUR\/USD/);
    const withoutBank = loans([{ counterparty: corp("C"), drawn: 1n, currency: "USD" }], small, {
      reportingCurrency: "USD",
    });
    expect(report(withoutBank).groups).toHaveLength(1);
  });
});

describe("Art. 395: 15 % between G-SIIs", () => {
  const gsiiLoans = loans(
    [
      { counterparty: bank("P", null, true), drawn: m("150") },
      { counterparty: bank("Q", null, true), drawn: m("150") + 1n },
      { counterparty: bank("R", "G", true), drawn: m("100") },
      { counterparty: corp("S", "G"), drawn: m("60") },
    ],
    T1,
  );

  it("limits a G-SII reporting entity to 15 % of Tier 1: at it, and one unit over", () => {
    const result = report(gsiiLoans, { reportingEntityIsGsii: true });
    expect(group(result, "counterparty:P")).toMatchObject({
      limitRule: "gsii",
      limit: m("150"),
      headroom: 0n,
      breach: false,
    });
    expect(group(result, "counterparty:Q").breach).toBe(true);
    expect(group(result, "group:G")).toMatchObject({ limitRule: "gsii", headroom: -m("10") });
  });

  it("does not apply when the reporting entity is not a G-SII (the default)", () => {
    const result = report(gsiiLoans);
    expect(result.reportingEntityIsGsii).toBe(false);
    expect(group(result, "counterparty:Q")).toMatchObject({
      limitRule: "institution",
      breach: false,
    });
  });

  it("does not apply to a counterparty that is not a G-SII", () => {
    const result = report(loans([{ counterparty: bank("B"), drawn: m("200") }], T1), {
      reportingEntityIsGsii: true,
    });
    expect(group(result, "counterparty:B")).toMatchObject({
      limitRule: "institution",
      breach: false,
    });
  });
});

describe("the ranking and the top 20", () => {
  it("ranks every group by exposure value and keeps the 20 largest", () => {
    const list = Array.from({ length: 25 }, (_, i) => ({
      counterparty: corp(`C${String(i).padStart(2, "0")}`),
      drawn: m(String(i + 1)),
    }));
    const result = report(loans(list, T1));
    expect(result.groups).toHaveLength(25);
    expect(result.top20).toHaveLength(20);
    expect(result.top20[0]).toMatchObject({ groupKey: "counterparty:C24", rank: 1 });
    expect(result.top20[19]).toMatchObject({ groupKey: "counterparty:C05", rank: 20 });
  });
});

describe("Test F (research note, section 2)", () => {
  function testF(collateral: bigint): ExposureInputs {
    return book({
      counterparties: [corp("A", "G"), corp("B", "G")],
      facilities: [
        facility("FA", "A", {
          limit: m("250"),
          ccf: "0.4",
          collateral:
            collateral > 0n ? [{ type: "cash", currency: "EUR", amount: collateral }] : [],
        }),
        facility("FB", "B", { currency: "USD" }),
      ],
      balances: [balance("FA-drawn", m("150")), balance("FB-drawn", m("40"), "USD")],
      fxRates: [rate("USD", "EUR", "0.92")],
      capital: tier1(m("1000")),
    });
  }

  it("group G: 226.8 m gross (22.68 %), large, no breach", () => {
    const g = group(report(testF(0n)), "group:G");
    expect(g.amounts.grossExposure).toBe(m("226.8"));
    expect(g).toMatchObject({ shareOfTier1: "0.226800", isLarge: true, breach: false });
    expect(g.headroom).toBe(m("23.2"));
  });

  it("after 30 m of cash collateral: 196.8 m (19.68 %)", () => {
    const g = group(report(testF(m("30"))), "group:G");
    expect(g.amounts.exposureValue).toBe(m("226.8"));
    expect(g.amounts.valueAfterExemptionsAndCrm).toBe(m("196.8"));
    expect(g).toMatchObject({ shareOfTier1: "0.196800", isLarge: true, breach: false });
  });
});

describe("the capital base", () => {
  function codeOf(inputs: ExposureInputs): string {
    try {
      report(inputs);
    } catch (error) {
      if (error instanceof ExposureInputError) return error.code;
      throw error;
    }
    return "none";
  }

  it("is required", () => {
    expect(codeOf({ ...loans([], T1), risk: { ...loans([], T1).risk, capital: null } })).toBe(
      "capital_base_missing",
    );
  });

  it("must be positive", () => {
    expect(codeOf(loans([], 0n))).toBe("capital_base_invalid");
  });

  it("is converted into the reporting currency", () => {
    const inputs = book({
      counterparties: [],
      facilities: [],
      capital: tier1(m("1000"), "USD"),
      fxRates: [rate("USD", "EUR", "0.9")],
    });
    expect(report(inputs).tier1Capital).toBe(m("900"));
  });
});
