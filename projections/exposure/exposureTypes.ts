// The shapes the exposure read model works with (docs/risk.md): the risk inputs as they stand
// at a point (each counterparty's and facility's version in force, the FX rates and the
// capital base), the facility accounts' balances from the balances read model, and what the
// exposure calculation (exposureMath.ts) returns. Money is bigint minor units; rates and
// factors are decimal strings; nothing here is a float.

export interface CounterpartyFlags {
  readonly institution: boolean;
  readonly globalSystemicallyImportant: boolean;
  readonly sovereign: boolean;
  readonly exempt: boolean;
}

/** A counterparty as recorded by the version in force at the point asked for. */
export interface CounterpartyVersion {
  readonly counterpartyId: string;
  readonly lei: string | null;
  readonly legalName: string;
  readonly connectedGroupId: string | null;
  readonly ultimateParentId: string | null;
  readonly sector: string;
  readonly countryOfRisk: string;
  readonly rating: string | null;
  readonly flags: CounterpartyFlags;
  readonly validFrom: string;
  /** The ledger sequence of the event that recorded this version. */
  readonly sequence: number;
}

export interface MoneyItem {
  readonly currency: string;
  /** Minor units of `currency`. */
  readonly amount: bigint;
}

export interface FacilityVersion {
  readonly facilityId: string;
  readonly counterpartyId: string;
  readonly product: string;
  readonly currency: string;
  readonly drawnAccounts: readonly string[];
  readonly interestAccounts: readonly string[];
  /** Minor units of the facility's currency. */
  readonly limit: bigint;
  /** Decimal string, 0..1. */
  readonly ccf: string;
  readonly ccfFloorApplies: boolean;
  readonly collateral: readonly (MoneyItem & { readonly type: string })[];
  readonly guarantees: readonly (MoneyItem & { readonly guarantorId: string })[];
  readonly specificProvisions: bigint;
  readonly validFrom: string;
  readonly sequence: number;
}

/** One closing mid rate: 1 unit of `from` is `rate` units of `to`. */
export interface FxRate {
  readonly from: string;
  readonly to: string;
  readonly rate: string;
  readonly validFrom: string;
}

export interface CapitalBase {
  readonly currency: string;
  /** Minor units of `currency`. */
  readonly tier1Capital: bigint;
  readonly validFrom: string;
  /** The reporting entity is a G-SII (CRR Art. 395(1): 15 % towards other G-SIIs). */
  readonly reportingEntityIsGsii: boolean;
}

/** The risk inputs in force at one point (effective as of D, as known at R). */
export interface RiskInputsAt {
  readonly counterparties: ReadonlyMap<string, CounterpartyVersion>;
  readonly facilities: ReadonlyMap<string, FacilityVersion>;
  /** For each pair, the rate of the latest set at or before the point that has it. */
  readonly fxRates: readonly FxRate[];
  readonly capital: CapitalBase | null;
}

/** A facility account's posted balance on its normal side (asset: debits less credits). */
export interface AccountBalanceAt {
  readonly accountId: string;
  readonly currency: string;
  /** Minor units; may be negative (an overdrawn loan account is a credit balance). */
  readonly balance: bigint;
}
