// The exact C 28.00 flow of one facility (exposureMath.ts rounds and reports it): drawn and
// accrued interest from the ledger's balances, undrawn commitment, CCF with its floor, gross
// exposure, provisions, exposure value, CRM by substitution (guarantees) then funded
// protection (collateral), exemptions. Unrounded decimals in minor units of the facility's
// currency. Pure.
import type {
  AccountBalanceAt,
  CounterpartyFlags,
  CounterpartyVersion,
  FacilityVersion,
} from "./exposureTypes.js";
import {
  type Dec,
  ExposureDecimal,
  ExposureInputError,
  type FxConverter,
  ZERO,
  dec,
  maxDec,
  minDec,
} from "./exposureMathFx.js";

/** The regulatory floor of the CCF where it applies (off-balance-sheet items, LE rules). */
export const CCF_FLOOR = "0.10";

/** The exact (unrounded) amounts of one facility, in minor units of its currency. */
export interface ExactFlow {
  readonly drawn: bigint;
  readonly accruedInterest: bigint;
  readonly undrawn: bigint;
  readonly ccfUndrawn: Dec;
  readonly columns: ExactColumns;
  readonly substitutions: readonly { readonly guarantorId: string; readonly part: Dec }[];
}

export interface ExactColumns {
  readonly grossExposure: Dec;
  readonly provisions: Dec;
  readonly exposureValue: Dec;
  readonly crmSubstitution: Dec;
  readonly crmFunded: Dec;
  readonly exempted: Dec;
  readonly valueAfterExemptionsAndCrm: Dec;
}

/** The CCF of a facility, with the 10 % floor where it applies. */
export function appliedCcf(facility: FacilityVersion): Dec {
  let ccf: Dec;
  try {
    ccf = new ExposureDecimal(facility.ccf);
  } catch {
    ccf = new ExposureDecimal(-1);
  }
  if (!ccf.isFinite() || ccf.lessThan(0) || ccf.greaterThan(1)) {
    throw new ExposureInputError(
      "ccf_invalid",
      `facility ${facility.facilityId} has CCF "${facility.ccf}", not a decimal in 0..1`,
    );
  }
  return facility.ccfFloorApplies ? maxDec(ccf, new ExposureDecimal(CCF_FLOOR)) : ccf;
}

export function exactFlow(
  facility: FacilityVersion,
  counterparty: CounterpartyVersion,
  ccf: Dec,
  balances: ReadonlyMap<string, AccountBalanceAt>,
  fx: FxConverter,
): ExactFlow {
  const drawn = sumBalances(facility, facility.drawnAccounts, balances);
  const accruedInterest = sumBalances(facility, facility.interestAccounts, balances);
  const undrawn = maxBig(0n, facility.limit - maxBig(0n, drawn));
  const ccfUndrawn = ccf.times(dec(undrawn));
  const grossExposure = maxDec(ZERO, dec(drawn + accruedInterest).plus(ccfUndrawn));
  const provisions = minDec(dec(maxBig(0n, facility.specificProvisions)), grossExposure);
  const exposureValue = grossExposure.minus(provisions);
  const substitutions = substitute(facility, exposureValue, fx);
  const crmSubstitution = substitutions.reduce((sum, s) => sum.plus(s.part), ZERO);
  const collateral = facility.collateral.reduce(
    (sum, item) =>
      sum.plus(fx.convert(dec(maxBig(0n, item.amount)), item.currency, facility.currency)),
    ZERO,
  );
  const crmFunded = minDec(collateral, exposureValue.minus(crmSubstitution));
  const afterCrm = exposureValue.minus(crmSubstitution).minus(crmFunded);
  const exempted = isExempt(counterparty.flags) ? afterCrm : ZERO;
  const columns: ExactColumns = {
    grossExposure,
    provisions,
    exposureValue,
    crmSubstitution,
    crmFunded,
    exempted,
    valueAfterExemptionsAndCrm: afterCrm.minus(exempted),
  };
  return { drawn, accruedInterest, undrawn, ccfUndrawn, columns, substitutions };
}

/**
 * Substitution: each guarantor takes the guaranteed amount (in the facility's currency) up to
 * what is still unprotected, in the order the guarantees were recorded, before collateral
 * is counted (so the guarantor carries the whole guaranteed part: the conservative reading
 * for the guarantor's group). A guarantor named twice gets one part.
 */
function substitute(
  facility: FacilityVersion,
  exposureValue: Dec,
  fx: FxConverter,
): { guarantorId: string; part: Dec }[] {
  const parts = new Map<string, Dec>();
  let left = exposureValue;
  for (const guarantee of facility.guarantees) {
    const amount = fx.convert(
      dec(maxBig(0n, guarantee.amount)),
      guarantee.currency,
      facility.currency,
    );
    const part = minDec(amount, left);
    left = left.minus(part);
    parts.set(guarantee.guarantorId, (parts.get(guarantee.guarantorId) ?? ZERO).plus(part));
  }
  return [...parts].map(([guarantorId, part]) => ({ guarantorId, part }));
}

export function substitutedColumns(part: Dec, flags: CounterpartyFlags): ExactColumns {
  const exempted = isExempt(flags) ? part : ZERO;
  return {
    grossExposure: part,
    provisions: ZERO,
    exposureValue: part,
    crmSubstitution: ZERO,
    crmFunded: ZERO,
    exempted,
    valueAfterExemptionsAndCrm: part.minus(exempted),
  };
}

/** Exempt from the limits (still reported): flagged exempt, or a sovereign. */
export function isExempt(flags: CounterpartyFlags): boolean {
  return flags.exempt || flags.sovereign;
}

function sumBalances(
  facility: FacilityVersion,
  accounts: readonly string[],
  balances: ReadonlyMap<string, AccountBalanceAt>,
): bigint {
  let sum = 0n;
  for (const accountId of accounts) {
    const balance = balances.get(accountId);
    if (balance === undefined) continue;
    if (balance.currency !== facility.currency) {
      throw new ExposureInputError(
        "account_currency_mismatch",
        `account ${accountId} of facility ${facility.facilityId} holds ${balance.currency}, not ${facility.currency}`,
      );
    }
    sum += balance.balance;
  }
  return sum;
}

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
