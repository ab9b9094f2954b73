// Worked cases for the per-facility exposure calculation (exposureMath.ts): drawn, interest,
// undrawn, the CCF and its floor, provisions, the C 28.00 flow (substitution, funded CRM,
// exemptions), FX into the reporting currency, half-even rounding, and the input errors.
import { describe, expect, it } from "vitest";
import { computeExposure, type ExposureInputs, type FacilityExposure } from "./exposureMath.js";
import { ExposureInputError } from "./exposureMathFx.js";
import { balance, book, counterparty, facility, rate } from "./exposureMathFixtures.js";
import type { FacilityVersion } from "./exposureTypes.js";

function only(inputs: ExposureInputs): FacilityExposure {
  const [first] = computeExposure(inputs).facilities;
  if (first === undefined) throw new Error("no facility");
  return first;
}

function oneFacility(
  terms: Partial<FacilityVersion>,
  drawn: bigint,
  interest = 0n,
  flags: Parameters<typeof counterparty>[1] = {},
): ExposureInputs {
  return book({
    counterparties: [counterparty("A", flags), counterparty("G", { connectedGroupId: "H" })],
    facilities: [facility("F", "A", terms)],
    balances: [balance("F-drawn", drawn), balance("F-int", interest)],
  });
}

function errorOf(run: () => unknown): ExposureInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExposureInputError) return error;
    throw error;
  }
  throw new Error("no error thrown");
}

describe("a facility's gross exposure and exposure value", () => {
  it("is drawn + accrued interest + CCF x undrawn, undrawn = limit - drawn", () => {
    const f = only(oneFacility({ limit: 100_000n, ccf: "0.5" }, 60_000n, 500n));
    expect(f.original).toMatchObject({
      drawn: 60_000n,
      accruedInterest: 500n,
      undrawn: 40_000n,
      ccfUndrawn: 20_000n,
      grossExposure: 80_500n,
      exposureValue: 80_500n,
      valueAfterExemptionsAndCrm: 80_500n,
    });
    expect(f.ccfApplied).toBe("0.5");
  });

  it("sums several drawn accounts, and counts an account without a balance as 0", () => {
    const inputs = book({
      counterparties: [counterparty("A")],
      facilities: [facility("F", "A", { drawnAccounts: ["d1", "d2", "d3"], interestAccounts: [] })],
      balances: [balance("d1", 700n), balance("d2", 300n)],
    });
    expect(only(inputs).original.drawn).toBe(1_000n);
  });

  it("has no undrawn part when drawn beyond the limit", () => {
    const f = only(oneFacility({ limit: 1_000n, ccf: "1" }, 1_500n));
    expect(f.original.undrawn).toBe(0n);
    expect(f.original.grossExposure).toBe(1_500n);
  });

  it("applies the 10 % CCF floor where it applies, and only there", () => {
    const floored = only(oneFacility({ limit: 1_000n, ccf: "0", ccfFloorApplies: true }, 0n));
    expect(floored.ccfApplied).toBe("0.1");
    expect(floored.original.grossExposure).toBe(100n);
    const unfloored = only(oneFacility({ limit: 1_000n, ccf: "0" }, 0n));
    expect(unfloored.original.grossExposure).toBe(0n);
    const above = only(oneFacility({ limit: 1_000n, ccf: "0.2", ccfFloorApplies: true }, 0n));
    expect(above.original.grossExposure).toBe(200n);
  });

  it("never counts more than the limit as undrawn when the loan account is in credit", () => {
    const f = only(oneFacility({ limit: 10_000n, ccf: "1" }, -5_000n));
    expect(f.original.drawn).toBe(-5_000n);
    expect(f.original.undrawn).toBe(10_000n);
    expect(f.original.grossExposure).toBe(5_000n);
  });

  it("floors the gross exposure of an account deep in credit at zero", () => {
    const f = only(oneFacility({ limit: 1_000n, ccf: "1" }, -5_000n));
    expect(f.original.grossExposure).toBe(0n);
    expect(f.original.valueAfterExemptionsAndCrm).toBe(0n);
  });

  it("deducts specific provisions, never below zero", () => {
    const some = only(oneFacility({ specificProvisions: 300n }, 1_000n));
    expect(some.original).toMatchObject({ provisions: 300n, exposureValue: 700n });
    const more = only(oneFacility({ specificProvisions: 5_000n }, 1_000n));
    expect(more.original).toMatchObject({ provisions: 1_000n, exposureValue: 0n });
  });

  it("rounds half-even once, at the end of each amount", () => {
    expect(only(oneFacility({ limit: 1n, ccf: "0.5" }, 0n)).original.grossExposure).toBe(0n);
    expect(only(oneFacility({ limit: 3n, ccf: "0.5" }, 0n)).original.grossExposure).toBe(2n);
    expect(only(oneFacility({ limit: 5n, ccf: "0.5" }, 0n)).original.grossExposure).toBe(2n);
    // Rounded at the end, not per part: drawn 1 + 0.5 x 5 = 3.5 -> 4 (while 0.5 x 5 = 2.5 -> 2).
    const f = only(oneFacility({ limit: 6n, ccf: "0.5" }, 1n));
    expect(f.original).toMatchObject({ ccfUndrawn: 2n, grossExposure: 4n });
  });
});

describe("credit risk mitigation and exemptions (C 28.00)", () => {
  const cash = (amount: bigint, currency = "EUR") => ({ type: "cash", currency, amount });
  const guarantee = (guarantorId: string, amount: bigint) => ({
    guarantorId,
    currency: "EUR",
    amount,
  });

  it("deducts collateral, never below zero", () => {
    const some = only(oneFacility({ collateral: [cash(300n)] }, 1_000n));
    expect(some.original).toMatchObject({ crmFunded: 300n, valueAfterExemptionsAndCrm: 700n });
    const more = only(oneFacility({ collateral: [cash(800n), cash(900n)] }, 1_000n));
    expect(more.original).toMatchObject({ crmFunded: 1_000n, valueAfterExemptionsAndCrm: 0n });
  });

  it("moves the guaranteed part to the guarantor, before collateral", () => {
    const inputs = oneFacility(
      { guarantees: [guarantee("G", 600n)], collateral: [cash(300n)] },
      1_000n,
    );
    const result = computeExposure(inputs);
    expect(result.facilities[0]?.original).toMatchObject({
      exposureValue: 1_000n,
      crmSubstitution: 600n,
      crmFunded: 300n,
      valueAfterExemptionsAndCrm: 100n,
    });
    expect(result.facilities[0]?.substitutions).toEqual([
      { guarantorId: "G", original: 600n, reporting: 600n },
    ]);
    const [direct, substituted] = result.lines;
    expect(direct).toMatchObject({
      kind: "direct",
      counterpartyId: "A",
      groupKey: "counterparty:A",
    });
    expect(substituted).toMatchObject({
      kind: "substituted",
      counterpartyId: "G",
      groupKey: "group:H",
    });
    expect(substituted?.original).toMatchObject({
      grossExposure: 600n,
      exposureValue: 600n,
      valueAfterExemptionsAndCrm: 600n,
    });
  });

  it("caps the guaranteed parts at the exposure value, in the order recorded", () => {
    const inputs = oneFacility(
      { guarantees: [guarantee("G", 700n), guarantee("A", 700n)], collateral: [cash(500n)] },
      1_000n,
    );
    const [f] = computeExposure(inputs).facilities;
    expect(f?.substitutions.map((s) => s.original)).toEqual([700n, 300n]);
    expect(f?.original).toMatchObject({ crmFunded: 0n, valueAfterExemptionsAndCrm: 0n });
  });

  it("exempts what is left for an exempt or sovereign counterparty, and still reports it", () => {
    for (const flags of [{ exempt: true }, { sovereign: true }]) {
      const f = only(oneFacility({ collateral: [cash(200n)] }, 1_000n, 0n, { flags }));
      expect(f.original).toMatchObject({
        exposureValue: 1_000n,
        crmFunded: 200n,
        exempted: 800n,
        valueAfterExemptionsAndCrm: 0n,
      });
    }
  });

  it("exempts a part guaranteed by a sovereign", () => {
    const inputs = book({
      counterparties: [counterparty("A"), counterparty("S", { flags: { sovereign: true } })],
      facilities: [facility("F", "A", { guarantees: [guarantee("S", 400n)] })],
      balances: [balance("F-drawn", 1_000n)],
    });
    const [direct, substituted] = computeExposure(inputs).lines;
    expect(direct?.original.valueAfterExemptionsAndCrm).toBe(600n);
    expect(substituted?.original).toMatchObject({ exempted: 400n, valueAfterExemptionsAndCrm: 0n });
  });

  it("converts collateral into the facility's currency", () => {
    const inputs = book({
      counterparties: [counterparty("A")],
      facilities: [facility("F", "A", { currency: "USD", collateral: [cash(100n)] })],
      balances: [balance("F-drawn", 1_000n, "USD")],
      fxRates: [rate("EUR", "USD", "1.25")],
    });
    expect(only(inputs).original.crmFunded).toBe(125n);
  });

  it("crosses through the reporting currency between two other currencies", () => {
    const inputs = book({
      counterparties: [counterparty("A")],
      facilities: [facility("F", "A", { currency: "USD", collateral: [cash(100n, "GBP")] })],
      balances: [balance("F-drawn", 1_000n, "USD")],
      fxRates: [rate("GBP", "EUR", "1.2"), rate("EUR", "USD", "1.1")],
    });
    expect(only(inputs).original.crmFunded).toBe(132n);
  });
});

describe("reporting currency", () => {
  function usd(drawn: bigint, rates: Parameters<typeof rate>[]): FacilityExposure {
    return only(
      book({
        counterparties: [counterparty("A")],
        facilities: [facility("F", "A", { currency: "USD" })],
        balances: [balance("F-drawn", drawn, "USD")],
        fxRates: rates.map((r) => rate(...r)),
      }),
    );
  }

  it("uses the given pair", () => {
    const f = usd(4_000n, [["USD", "EUR", "0.92"]]);
    expect(f.reporting.drawn).toBe(3_680n);
    expect(f.original.drawn).toBe(4_000n);
    expect(f.reportingRate).toBe("0.92");
  });

  it("uses 1 / the reverse pair when only that is given", () => {
    expect(usd(10_000n, [["EUR", "USD", "1.25"]]).reporting.drawn).toBe(8_000n);
    // 100 / 3 = 33.33..., exact in decimal.js before the one rounding.
    expect(usd(100n, [["EUR", "USD", "3"]]).reporting.drawn).toBe(33n);
    // 27 / 6 is exactly 4.5 (half-even: 4); 27 x a rounded 1/6 is 4.5000...01 (5).
    expect(usd(27n, [["EUR", "USD", "6"]]).reporting.drawn).toBe(4n);
  });

  it("prefers the given pair to the reverse one", () => {
    const f = usd(1_000n, [
      ["EUR", "USD", "2"],
      ["USD", "EUR", "0.9"],
    ]);
    expect(f.reporting.drawn).toBe(900n);
  });

  it("keeps the later of two rates for one pair", () => {
    const inputs = book({
      counterparties: [counterparty("A")],
      facilities: [facility("F", "A", { currency: "USD" })],
      balances: [balance("F-drawn", 1_000n, "USD")],
      fxRates: [
        { from: "USD", to: "EUR", rate: "0.8", validFrom: "2026-06-30" },
        { from: "USD", to: "EUR", rate: "0.5", validFrom: "2026-05-31" },
      ],
    });
    expect(only(inputs).reporting.drawn).toBe(800n);
  });

  it("takes the scales into account (JPY has none)", () => {
    const inputs = book({
      counterparties: [counterparty("A")],
      facilities: [facility("F", "A", { currency: "JPY" })],
      balances: [balance("F-drawn", 1_000n, "JPY")],
      fxRates: [rate("JPY", "EUR", "0.0062")],
    });
    expect(only(inputs).reporting.drawn).toBe(620n);
  });

  it("rounds the reporting amount half-even", () => {
    expect(usd(1n, [["USD", "EUR", "0.5"]]).reporting.drawn).toBe(0n);
    expect(usd(3n, [["USD", "EUR", "0.5"]]).reporting.drawn).toBe(2n);
    expect(usd(5n, [["USD", "EUR", "0.5"]]).reporting.drawn).toBe(2n);
  });

  it("needs no rate for the reporting currency itself", () => {
    expect(only(oneFacility({}, 1_234n)).reporting.drawn).toBe(1_234n);
  });

  it("refuses a missing rate, naming the pair, rather than using 0 or 1", () => {
    const error = errorOf(() => usd(1_000n, [["GBP", "EUR", "1.2"]]));
    expect(error.code).toBe("fx_rate_missing");
    expect(error.message).toContain("USD/EUR");
  });

  it("refuses a rate that is not a positive decimal", () => {
    expect(errorOf(() => usd(1n, [["USD", "EUR", "0"]])).code).toBe("fx_rate_invalid");
    expect(errorOf(() => usd(1n, [["USD", "EUR", "abc"]])).code).toBe("fx_rate_invalid");
  });
});

describe("inputs the calculation refuses", () => {
  it("a facility whose counterparty or guarantor is not in force", () => {
    const noObligor = book({ counterparties: [], facilities: [facility("F", "A")] });
    expect(errorOf(() => computeExposure(noObligor)).code).toBe("counterparty_missing");
    const noGuarantor = oneFacility(
      { guarantees: [{ guarantorId: "X", currency: "EUR", amount: 1n }] },
      10n,
    );
    expect(errorOf(() => computeExposure(noGuarantor)).code).toBe("counterparty_missing");
  });

  it("an account balance in another currency", () => {
    const inputs = book({
      counterparties: [counterparty("A")],
      facilities: [facility("F", "A")],
      balances: [balance("F-drawn", 1n, "USD")],
    });
    expect(errorOf(() => computeExposure(inputs)).code).toBe("account_currency_mismatch");
  });

  it("a CCF outside 0..1", () => {
    for (const ccf of ["1.5", "-0.1", "x"]) {
      expect(errorOf(() => computeExposure(oneFacility({ ccf }, 1n))).code).toBe("ccf_invalid");
    }
  });

  it("a currency that is not one of the ledger's assets", () => {
    const inputs = book({
      counterparties: [counterparty("A")],
      facilities: [facility("F", "A", { currency: "CHF" })],
      fxRates: [rate("CHF", "EUR", "1.05")],
    });
    expect(errorOf(() => computeExposure(inputs)).code).toBe("asset_scale_missing");
  });
});
