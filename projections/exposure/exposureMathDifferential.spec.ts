// Differential property tests of the fast exposure calculation (bigint exact decimals, one
// pass for the views): computeExposure and computeExposureReport against a small reference
// that is the previous decimal.js implementation (kept here), over generated books with long
// rates and CCFs, reverse and cross rates, huge amounts and missing inputs: the same answers,
// or the same error. exposureMathExact.spec.ts checks the decimals operation by operation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeConcentration, CONCENTRATION_DIMENSIONS } from "./concentration.js";
import {
  type ExposureColumns,
  type ExposureInputs,
  type ExposureLine,
  type ExposureResult,
  type FacilityAmounts,
  type FacilityExposure,
  UNRATED,
  appliedCcf,
  computeExposure,
  groupKeyOf,
  isExempt,
} from "./exposureMath.js";
import { addColumns, EXPOSURE_DIMENSIONS, ZERO_COLUMNS } from "./exposureMathAggregates.js";
import {
  type Dec,
  ExposureDecimal,
  ExposureInputError,
  FxConverter,
  ZERO,
  dec,
  maxDec,
  minDec,
  roundMinor,
} from "./exposureMathFx.js";
import { computeExposureReport } from "./exposureMathReport.js";
import { balance, book, counterparty, facility, rate, tier1 } from "./exposureMathFixtures.js";
import type { CounterpartyVersion, FacilityVersion } from "./exposureTypes.js";

// ---- the previous decimal.js calculation, the reference --------------------------------------

function party(inputs: ExposureInputs, id: string, facilityId: string): CounterpartyVersion {
  const found = inputs.risk.counterparties.get(id);
  if (found === undefined) {
    throw new ExposureInputError("counterparty_missing", `${facilityId} ${id}`);
  }
  return found;
}

function sumOf(f: FacilityVersion, accounts: readonly string[], inputs: ExposureInputs): bigint {
  let sum = 0n;
  for (const id of accounts) {
    const found = [...inputs.balances.values()].find((b) => b.accountId === id);
    if (found === undefined) continue;
    if (found.currency !== f.currency) {
      throw new ExposureInputError("account_currency_mismatch", id);
    }
    sum += found.balance;
  }
  return sum;
}

const big = (a: bigint, b: bigint): bigint => (a > b ? a : b);

type Columns = Record<keyof ExposureColumns, Dec>;
const columnsOf = (part: Dec, exempt: boolean): Columns => ({
  grossExposure: part,
  provisions: ZERO,
  exposureValue: part,
  crmSubstitution: ZERO,
  crmFunded: ZERO,
  exempted: exempt ? part : ZERO,
  valueAfterExemptionsAndCrm: part.minus(exempt ? part : ZERO),
});

function rounded(columns: Columns, round: (v: Dec) => bigint): ExposureColumns {
  const out: Record<string, bigint> = {};
  for (const key of Object.keys(ZERO_COLUMNS)) out[key] = round(columns[key as keyof Columns]);
  return out as unknown as ExposureColumns;
}

function referenceExposure(inputs: ExposureInputs): ExposureResult {
  const fx = new FxConverter(inputs.risk.fxRates, inputs.assetScales, inputs.reportingCurrency);
  const facilities: FacilityExposure[] = [];
  const lines: ExposureLine[] = [];
  const line = (f: FacilityVersion, c: CounterpartyVersion, kind: ExposureLine["kind"]) => ({
    facilityId: f.facilityId,
    kind,
    counterpartyId: c.counterpartyId,
    groupKey: groupKeyOf(c),
    currency: f.currency,
    product: f.product,
    sector: c.sector,
    country: c.countryOfRisk,
    rating: c.rating ?? UNRATED,
    flags: c.flags,
  });
  for (const id of [...inputs.risk.facilities.keys()].sort()) {
    const f = inputs.risk.facilities.get(id) as FacilityVersion;
    const cp = party(inputs, f.counterpartyId, id);
    const ccf = appliedCcf(f);
    const drawn = sumOf(f, f.drawnAccounts, inputs);
    const interest = sumOf(f, f.interestAccounts, inputs);
    const undrawn = big(0n, f.limit - big(0n, drawn));
    const ccfUndrawn = ccf.times(dec(undrawn));
    const gross = maxDec(ZERO, dec(drawn + interest).plus(ccfUndrawn));
    const provisions = minDec(dec(big(0n, f.specificProvisions)), gross);
    const value = gross.minus(provisions);
    const parts = new Map<string, Dec>();
    let left = value;
    for (const g of f.guarantees) {
      const part = minDec(fx.convert(dec(big(0n, g.amount)), g.currency, f.currency), left);
      left = left.minus(part);
      parts.set(g.guarantorId, (parts.get(g.guarantorId) ?? ZERO).plus(part));
    }
    const subs = [...parts];
    const crmSubstitution = subs.reduce((sum, [, part]) => sum.plus(part), ZERO);
    const collateral = f.collateral.reduce(
      (sum, c) => sum.plus(fx.convert(dec(big(0n, c.amount)), c.currency, f.currency)),
      ZERO,
    );
    const crmFunded = minDec(collateral, value.minus(crmSubstitution));
    const afterCrm = value.minus(crmSubstitution).minus(crmFunded);
    const exempted = isExempt(cp.flags) ? afterCrm : ZERO;
    const columns: Columns = {
      grossExposure: gross,
      provisions,
      exposureValue: value,
      crmSubstitution,
      crmFunded,
      exempted,
      valueAfterExemptionsAndCrm: afterCrm.minus(exempted),
    };
    const rate = fx.rate(f.currency, inputs.reportingCurrency);
    const report = (v: Dec): bigint => roundMinor(fx.toReporting(v, f.currency));
    const amounts = (round: (v: Dec) => bigint): FacilityAmounts => ({
      drawn: round(dec(drawn)),
      accruedInterest: round(dec(interest)),
      undrawn: round(dec(undrawn)),
      ccfUndrawn: round(ccfUndrawn),
      ...rounded(columns, round),
    });
    const original = amounts(roundMinor);
    const reporting = amounts(report);
    const substitutions = subs.map(([guarantorId, part]) => ({
      guarantorId,
      original: roundMinor(part),
      reporting: report(part),
    }));
    facilities.push({
      ...line(f, cp, "direct"),
      ccfApplied: ccf.toString(),
      reportingRate: rate.toString(),
      original,
      reporting,
      substitutions,
    });
    lines.push({ ...line(f, cp, "direct"), original, reporting });
    for (const [guarantorId, part] of subs) {
      const g = party(inputs, guarantorId, id);
      const cols = columnsOf(part, isExempt(g.flags));
      lines.push({
        ...line(f, g, "substituted"),
        original: rounded(cols, roundMinor),
        reporting: rounded(cols, report),
      });
    }
  }
  return { reportingCurrency: inputs.reportingCurrency, facilities, lines };
}

/** The facility fields the reference builds (it spreads a line, so compare these only). */
function facilityView(f: FacilityExposure) {
  const { facilityId, counterpartyId, groupKey, product, currency } = f;
  const { ccfApplied, reportingRate, original, reporting, substitutions } = f;
  return {
    ...{ facilityId, counterpartyId, groupKey, product, currency },
    ...{ ccfApplied, reportingRate, original, reporting, substitutions },
  };
}

function outcome<T>(run: () => T): { value: T } | { code: string } {
  try {
    return { value: run() };
  } catch (error) {
    if (error instanceof ExposureInputError) return { code: error.code };
    throw error;
  }
}

// ---- generated books ---------------------------------------------------------------------

const CURRENCIES = ["EUR", "USD", "JPY", "GBP"] as const;
const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: 10_000_000n }),
  fc.bigInt({ min: 0n, max: 10n ** 37n }),
);
const signed = fc.oneof(
  amount,
  amount.map((a) => -a),
);
/** Up to 30 decimal places: products and sums past 60 digits get rounded. */
const ccfText = fc.oneof(
  fc.constantFrom("0", "1", "0.1", "0.0999", "0.5", "1.0"),
  fc.bigInt({ min: 0n, max: 10n ** 30n - 1n }).map((n) => `0.${String(n).padStart(30, "0")}`),
  fc.integer({ min: 0, max: 99 }).map((n) => `0.${String(n).padStart(2, "0")}`),
);
/** Positive, with up to 24 places, 3 or 24 significant digits. */
const rateText = fc
  .tuple(
    fc.oneof(fc.bigInt({ min: 1n, max: 999n }), fc.bigInt({ min: 1n, max: 10n ** 24n })),
    fc.integer({ min: 0, max: 24 }),
  )
  .map(([n, places]) => (places === 0 ? `${n}` : new ExposureDecimal(`${n}e-${places}`).toFixed()));
const currency = fc.constantFrom(...CURRENCIES);
const money = fc.record({ currency, amount });

const books = fc
  .record({
    parties: fc.array(
      fc.record({
        group: fc.option(fc.constantFrom("G1", "G2")),
        sector: fc.constantFrom("C", "K"),
        rating: fc.option(fc.constantFrom("A", "BBB")),
        flags: fc.record({
          institution: fc.boolean(),
          globalSystemicallyImportant: fc.boolean(),
          sovereign: fc.boolean(),
          exempt: fc.boolean(),
        }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    facilities: fc.array(
      fc.record({
        party: fc.nat(40),
        currency,
        product: fc.constantFrom("term-loan", "revolver"),
        limit: amount,
        ccf: ccfText,
        floor: fc.boolean(),
        drawn: signed,
        interest: signed,
        provisions: amount,
        collateral: fc.array(money, { maxLength: 2 }),
        guarantees: fc.array(fc.record({ party: fc.nat(40), money }), { maxLength: 3 }),
      }),
      { maxLength: 8 },
    ),
    /** Per currency: the pair into the reporting currency, the reverse one, or seldom none. */
    toReporting: fc.array(fc.tuple(fc.nat(19), rateText), { minLength: 4, maxLength: 4 }),
    rates: fc.array(fc.tuple(currency, currency, rateText), { maxLength: 2 }),
    reporting: fc.constantFrom("EUR", "USD"),
    tier1: fc.option(
      amount.map((a) => a + 1n),
      { nil: null },
    ),
  })
  .map((spec): ExposureInputs => {
    const counterparties = spec.parties.map((p, i) =>
      counterparty(`C${i}`, {
        connectedGroupId: p.group,
        sector: p.sector,
        rating: p.rating,
        flags: p.flags,
      }),
    );
    const facilities = spec.facilities.map((f, i) =>
      facility(`F${i}`, partyId(f.party, spec.parties.length), {
        currency: f.currency,
        product: f.product,
        limit: f.limit,
        ccf: f.ccf,
        ccfFloorApplies: f.floor,
        collateral: f.collateral.map((c) => ({ ...c, type: "cash" })),
        guarantees: f.guarantees.map((g) => ({
          ...g.money,
          guarantorId: partyId(g.party, spec.parties.length),
        })),
        specificProvisions: f.provisions,
      }),
    );
    const balances = spec.facilities.flatMap((f, i) => [
      balance(`F${i}-drawn`, f.drawn, f.currency),
      balance(`F${i}-int`, f.interest, f.currency),
    ]);
    const fxRates = [
      ...CURRENCIES.flatMap((code, i) => {
        const [pick, value] = spec.toReporting[i] ?? [0, "1"];
        const to = spec.reporting;
        if (code === to || pick === 0) return [];
        return [pick % 2 === 0 ? rate(code, to, value) : rate(to, code, value)];
      }),
      ...spec.rates.filter(([a, b]) => a !== b).map(([a, b, r]) => rate(a, b, r)),
    ];
    return book({
      counterparties,
      facilities,
      balances,
      fxRates,
      capital: spec.tier1 === null ? null : tier1(spec.tier1),
      reportingCurrency: spec.reporting,
    });
  });

/** Mostly one of the book's counterparties, now and then one that is not in force. */
function partyId(n: number, count: number): string {
  return n === 40 ? `C${count}` : `C${n % count}`;
}

describe("the fast calculation equals the previous decimal.js one", () => {
  it("computeExposure: every facility, line and amount, or the same error", () => {
    let computed = 0;
    fc.assert(
      fc.property(books, (inputs) => {
        const actual = outcome(() => computeExposure(inputs));
        const expected = outcome(() => referenceExposure(inputs));
        if (!("value" in actual) || !("value" in expected)) {
          expect(actual).toStrictEqual(expected);
          return;
        }
        computed += 1;
        expect(actual.value.lines).toStrictEqual(expected.value.lines);
        expect(actual.value.facilities.map(facilityView)).toStrictEqual(
          expected.value.facilities.map(facilityView),
        );
      }),
      { numRuns: 400 },
    );
    expect(computed).toBeGreaterThan(200);
  });

  it("computeExposureReport: views, total, groups and concentration from the same lines", () => {
    fc.assert(
      fc.property(books, (inputs) => {
        const report = outcome(() => computeExposureReport(inputs));
        if (!("value" in report)) return;
        const { lines } = report.value.exposure;
        expect(report.value.total).toStrictEqual(naiveAggregate("total", lines));
        for (const dimension of EXPOSURE_DIMENSIONS) {
          const key = (l: ExposureLine): string =>
            dimension === "group"
              ? l.groupKey
              : dimension === "counterparty"
                ? l.counterpartyId
                : l[dimension];
          const keys = [...new Set(lines.map(key))].sort();
          expect(report.value.views[dimension]).toStrictEqual(
            keys.map((k) =>
              naiveAggregate(
                k,
                lines.filter((l) => key(l) === k),
              ),
            ),
          );
        }
        for (const dimension of CONCENTRATION_DIMENSIONS) {
          expect(report.value.concentration[dimension]).toStrictEqual(
            computeConcentration(lines, dimension),
          );
        }
        const { tier1Capital } = report.value.large;
        const share = (amount: bigint): string =>
          dec(amount)
            .dividedBy(dec(tier1Capital))
            .toDecimalPlaces(6, ExposureDecimal.ROUND_HALF_EVEN)
            .toFixed(6);
        for (const group of report.value.large.groups) {
          expect(group.shareOfTier1).toBe(share(group.amounts.valueAfterExemptionsAndCrm));
          expect(group.shareOfTier1BeforeExemptionsAndCrm).toBe(share(group.amounts.exposureValue));
          const own = lines.filter((l) => l.groupKey === group.groupKey);
          const institution = (l: ExposureLine) =>
            l.flags.institution || l.flags.globalSystemicallyImportant;
          expect(group.amounts).toStrictEqual(naiveAggregate("", own).reporting);
          expect(group.counterpartyIds).toStrictEqual(
            [...new Set(own.map((l) => l.counterpartyId))].sort(),
          );
          expect(group.containsInstitution).toBe(own.some(institution));
          expect(group.containsGsii).toBe(own.some((l) => l.flags.globalSystemicallyImportant));
          if (group.nonInstitutionPart !== null) {
            expect(group.nonInstitutionPart.exposure).toBe(
              own
                .filter((l) => !institution(l))
                .reduce((sum, l) => sum + l.reporting.valueAfterExemptionsAndCrm, 0n),
            );
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

function naiveAggregate(key: string, lines: readonly ExposureLine[]) {
  const currencies = [...new Set(lines.map((l) => l.currency))].sort();
  return {
    key,
    lines: lines.length,
    reporting: lines.reduce((sum, l) => addColumns(sum, l.reporting), ZERO_COLUMNS),
    original: currencies.map((c) => ({
      currency: c,
      amounts: lines
        .filter((l) => l.currency === c)
        .reduce((sum, l) => addColumns(sum, l.original), ZERO_COLUMNS),
    })),
  };
}
