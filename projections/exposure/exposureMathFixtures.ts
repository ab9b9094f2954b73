// Test builders for the exposure calculation's specs: counterparties, facilities, balances and
// inputs with sensible defaults (EUR reporting, EUR/USD at scale 2, JPY at scale 0), and
// `m(...)`, which turns whole millions into minor units. Used by the *.spec.ts files only.
import type { ExposureInputs } from "./exposureMath.js";
import type {
  AccountBalanceAt,
  CapitalBase,
  CounterpartyFlags,
  CounterpartyVersion,
  FacilityVersion,
  FxRate,
} from "./exposureTypes.js";

export const SCALES: ReadonlyMap<string, number> = new Map([
  ["EUR", 2],
  ["USD", 2],
  ["GBP", 2],
  ["JPY", 0],
]);

/** Millions (a decimal string, e.g. "36.8") of a scale-2 currency, in minor units. */
export function m(millions: string): bigint {
  const [whole = "0", fraction = ""] = millions.split(".");
  return BigInt(whole + fraction.padEnd(8, "0"));
}

const NO_FLAGS: CounterpartyFlags = {
  institution: false,
  globalSystemicallyImportant: false,
  sovereign: false,
  exempt: false,
};

export function counterparty(
  id: string,
  overrides: Partial<Omit<CounterpartyVersion, "flags">> & {
    readonly flags?: Partial<CounterpartyFlags>;
  } = {},
): CounterpartyVersion {
  const { flags, ...rest } = overrides;
  return {
    counterpartyId: id,
    lei: null,
    legalName: `${id} Ltd`,
    connectedGroupId: null,
    ultimateParentId: null,
    sector: "C",
    countryOfRisk: "DE",
    rating: "BBB",
    validFrom: "2026-01-01",
    sequence: 1,
    ...rest,
    flags: { ...NO_FLAGS, ...flags },
  };
}

/** A facility whose drawn account is `<id>-drawn` and interest account `<id>-int`. */
export function facility(
  id: string,
  counterpartyId: string,
  overrides: Partial<FacilityVersion> = {},
): FacilityVersion {
  return {
    facilityId: id,
    counterpartyId,
    product: "term-loan",
    currency: "EUR",
    drawnAccounts: [`${id}-drawn`],
    interestAccounts: [`${id}-int`],
    limit: 0n,
    ccf: "0",
    ccfFloorApplies: false,
    collateral: [],
    guarantees: [],
    specificProvisions: 0n,
    validFrom: "2026-01-01",
    sequence: 2,
    ...overrides,
  };
}

export function balance(accountId: string, amount: bigint, currency = "EUR"): AccountBalanceAt {
  return { accountId, currency, balance: amount };
}

export function rate(from: string, to: string, value: string): FxRate {
  return { from, to, rate: value, validFrom: "2026-06-30" };
}

export function tier1(
  amount: bigint,
  currency = "EUR",
  reportingEntityIsGsii = false,
): CapitalBase {
  return { currency, tier1Capital: amount, validFrom: "2026-01-01", reportingEntityIsGsii };
}

export interface BookSpec {
  readonly counterparties: readonly CounterpartyVersion[];
  readonly facilities: readonly FacilityVersion[];
  readonly balances?: readonly AccountBalanceAt[];
  readonly fxRates?: readonly FxRate[];
  readonly capital?: CapitalBase | null;
  readonly reportingCurrency?: string;
}

export function book(spec: BookSpec): ExposureInputs {
  return {
    risk: {
      counterparties: new Map(spec.counterparties.map((c) => [c.counterpartyId, c])),
      facilities: new Map(spec.facilities.map((f) => [f.facilityId, f])),
      fxRates: spec.fxRates ?? [],
      capital: spec.capital ?? null,
    },
    balances: spec.balances ?? [],
    assetScales: SCALES,
    reportingCurrency: spec.reportingCurrency ?? "EUR",
  };
}
