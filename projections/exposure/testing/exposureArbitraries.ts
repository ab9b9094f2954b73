// Generators of exposure books for the exposure property tests (exposureMathProperties.spec.ts,
// exposureForward.spec.ts): counterparties in up to three connected groups with mostly-off
// flags, facilities in EUR, USD and JPY with edge amounts (zero, huge, accounts in credit),
// CCFs of 0 and 1 and the floor, collateral and guarantees, and FX rates given either way or
// missing.
import fc from "fast-check";
import type { ExposureInputs } from "../exposureMath.js";
import { balance, book, counterparty, facility, rate, tier1 } from "../exposureMathFixtures.js";
import type { CounterpartyVersion, FacilityVersion, FxRate } from "../exposureTypes.js";

export const CURRENCIES = ["EUR", "USD", "JPY"] as const;
export const GROUPS = ["G1", "G2", "G3"] as const;

export const amount = fc.oneof(
  fc.constant(0n),
  fc.bigInt({ min: 1n, max: 100_000n }),
  fc.bigInt({ min: 1n, max: 10n ** 24n }),
  fc.constant(10n ** 24n),
);
export const signed = fc.oneof(
  amount,
  amount.map((a) => -a),
);
/** A decimal string with up to 4 places, 0..1, with 0, 1 and the floor's neighbours often. */
export const ccf = fc.oneof(
  fc.constantFrom("0", "1", "0.1", "0.0999", "0.4"),
  fc.integer({ min: 0, max: 10_000 }).map((n) => fourPlaces(n)),
);
/** A positive rate string with up to 4 places, 0.0001..100. */
const rateText = fc.integer({ min: 1, max: 1_000_000 }).map((n) => fourPlaces(n));

function fourPlaces(n: number): string {
  return `${Math.floor(n / 10_000)}.${String(n % 10_000).padStart(4, "0")}`;
}

/** Mostly false: an exempt book would hide every amount after exemptions. */
const seldom = fc.oneof(
  { weight: 5, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant(true) },
);
const flags = fc.record({
  institution: fc.boolean(),
  globalSystemicallyImportant: seldom,
  sovereign: seldom,
  exempt: seldom,
});

export const counterparties = fc
  .array(
    fc.record({
      group: fc.option(fc.constantFrom(...GROUPS)),
      sector: fc.constantFrom("C", "K", "F"),
      country: fc.constantFrom("DE", "FR"),
      rating: fc.option(fc.constantFrom("A", "BBB")),
      flags,
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((list) =>
    list.map((c, i) =>
      counterparty(`C${i}`, {
        connectedGroupId: c.group,
        sector: c.sector,
        countryOfRisk: c.country,
        rating: c.rating,
        flags: c.flags,
      }),
    ),
  );

export const money = fc.record({ currency: fc.constantFrom(...CURRENCIES), amount });

/** A list, or (twice as often) none: unmitigated exposures must stay common. */
function sometimes<T>(list: fc.Arbitrary<T[]>): fc.Arbitrary<T[]> {
  return fc.oneof({ weight: 2, arbitrary: fc.constant<T[]>([]) }, { weight: 1, arbitrary: list });
}

const facilityTerms = fc.record({
  counterparty: fc.nat(),
  currency: fc.constantFrom(...CURRENCIES),
  product: fc.constantFrom("term-loan", "revolver"),
  limit: amount,
  ccf,
  ccfFloorApplies: fc.boolean(),
  drawn: fc.array(signed, { minLength: 1, maxLength: 2 }),
  interest: signed,
  provisions: amount,
  collateral: sometimes(fc.array(money, { minLength: 1, maxLength: 2 })),
  guarantees: sometimes(
    fc.array(fc.record({ guarantor: fc.nat(), money }), { minLength: 1, maxLength: 2 }),
  ),
});

/** For USD and JPY: the given pair, the reverse pair, or no rate at all. */
const rateFor = (currency: string) =>
  fc.oneof(
    { weight: 4, arbitrary: rateText.map((r) => [rate(currency, "EUR", r)]) },
    { weight: 4, arbitrary: rateText.map((r) => [rate("EUR", currency, r)]) },
    { weight: 1, arbitrary: fc.constant([] as FxRate[]) },
  );

export interface Book {
  readonly counterparties: readonly CounterpartyVersion[];
  readonly facilities: readonly FacilityVersion[];
  readonly inputs: ExposureInputs;
}

export const books = fc
  .record({
    counterparties,
    terms: fc.array(facilityTerms, { maxLength: 8 }),
    usd: rateFor("USD"),
    jpy: rateFor("JPY"),
    tier1: fc.bigInt({ min: 1n, max: 10n ** 26n }),
  })
  .map(({ counterparties: cps, terms, usd, jpy, tier1: t1 }): Book => {
    const pick = (n: number) => cps[n % cps.length]?.counterpartyId ?? "C0";
    const balances = terms.flatMap((t, i) => [
      ...t.drawn.map((d, j) => balance(`F${i}-d${j}`, d, t.currency)),
      balance(`F${i}-int`, t.interest, t.currency),
    ]);
    const facilities = terms.map((t, i) =>
      facility(`F${i}`, pick(t.counterparty), {
        currency: t.currency,
        product: t.product,
        limit: t.limit,
        ccf: t.ccf,
        ccfFloorApplies: t.ccfFloorApplies,
        drawnAccounts: t.drawn.map((_, j) => `F${i}-d${j}`),
        interestAccounts: [`F${i}-int`],
        specificProvisions: t.provisions,
        collateral: t.collateral.map((c) => ({ ...c, type: "cash" })),
        guarantees: t.guarantees.map((g) => ({ ...g.money, guarantorId: pick(g.guarantor) })),
      }),
    );
    const inputs = book({
      counterparties: cps,
      facilities,
      balances,
      fxRates: [...usd, ...jpy],
      capital: tier1(t1),
    });
    return { counterparties: cps, facilities, inputs };
  });
