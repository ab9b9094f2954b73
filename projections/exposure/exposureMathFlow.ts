// The exact C 28.00 flow of one facility (exposureMath.ts rounds and reports it): drawn and
// accrued interest from the ledger's balances, undrawn commitment, CCF with its floor, gross
// exposure, provisions, exposure value, CRM by substitution (guarantees) then funded
// protection (collateral), exemptions. Exact values (exposureMathExact.ts: bigint, each step
// rounded to 60 digits as decimal.js would) in minor units of the facility's currency. Pure.
import type {
  AccountBalanceAt,
  CounterpartyFlags,
  CounterpartyVersion,
  FacilityVersion,
} from "./exposureTypes.js";
import {
  EXACT_ZERO,
  type Exact,
  exact,
  maxExact,
  minExact,
  minus,
  plus,
  times,
} from "./exposureMathExact.js";
import {
  type Dec,
  ExposureDecimal,
  ExposureInputError,
  type FxConverter,
  maxDec,
} from "./exposureMathFx.js";

/** The regulatory floor of the CCF where it applies (off-balance-sheet items, LE rules). */
export const CCF_FLOOR = "0.10";

/** The exact (unrounded) amounts of one facility, in minor units of its currency. */
export interface ExactFlow {
  readonly drawn: bigint;
  readonly accruedInterest: bigint;
  readonly undrawn: bigint;
  readonly ccfUndrawn: Exact;
  readonly columns: ExactColumns;
  readonly substitutions: readonly { readonly guarantorId: string; readonly part: Exact }[];
}

export interface ExactColumns {
  readonly grossExposure: Exact;
  readonly provisions: Exact;
  readonly exposureValue: Exact;
  readonly crmSubstitution: Exact;
  readonly crmFunded: Exact;
  readonly exempted: Exact;
  readonly valueAfterExemptionsAndCrm: Exact;
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

/**
 * The flow with exact values (exposureMathExact.ts): each step rounded to 60 significant
 * digits half-even, as decimal.js computed it, so the amounts equal its digit for digit.
 */
export function exactFlow(
  facility: FacilityVersion,
  counterparty: CounterpartyVersion,
  ccf: Exact,
  balances: ReadonlyMap<string, AccountBalanceAt>,
  fx: FxConverter,
): ExactFlow {
  const drawn = sumBalances(facility, facility.drawnAccounts, balances);
  const accruedInterest = sumBalances(facility, facility.interestAccounts, balances);
  const undrawn = maxBig(0n, facility.limit - maxBig(0n, drawn));
  const ccfUndrawn = times(ccf, exact(undrawn));
  const grossExposure = maxExact(EXACT_ZERO, plus(exact(drawn + accruedInterest), ccfUndrawn));
  const provisions = minExact(exact(maxBig(0n, facility.specificProvisions)), grossExposure);
  const exposureValue = minus(grossExposure, provisions);
  const substitutions = substitute(facility, exposureValue, fx);
  let crmSubstitution = EXACT_ZERO;
  for (const s of substitutions) crmSubstitution = plus(crmSubstitution, s.part);
  let collateral = EXACT_ZERO;
  for (const item of facility.collateral) {
    const amount = fx.convertExact(
      exact(maxBig(0n, item.amount)),
      item.currency,
      facility.currency,
    );
    collateral = plus(collateral, amount);
  }
  const unprotected = minus(exposureValue, crmSubstitution);
  const crmFunded = minExact(collateral, unprotected);
  const afterCrm = minus(unprotected, crmFunded);
  const exempted = isExempt(counterparty.flags) ? afterCrm : EXACT_ZERO;
  const columns: ExactColumns = {
    grossExposure,
    provisions,
    exposureValue,
    crmSubstitution,
    crmFunded,
    exempted,
    valueAfterExemptionsAndCrm: minus(afterCrm, exempted),
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
  exposureValue: Exact,
  fx: FxConverter,
): { guarantorId: string; part: Exact }[] {
  if (facility.guarantees.length === 0) return [];
  const parts = new Map<string, Exact>();
  let left = exposureValue;
  for (const guarantee of facility.guarantees) {
    const amount = fx.convertExact(
      exact(maxBig(0n, guarantee.amount)),
      guarantee.currency,
      facility.currency,
    );
    const part = minExact(amount, left);
    left = minus(left, part);
    parts.set(guarantee.guarantorId, plus(parts.get(guarantee.guarantorId) ?? EXACT_ZERO, part));
  }
  return [...parts].map(([guarantorId, part]) => ({ guarantorId, part }));
}

export function substitutedColumns(part: Exact, flags: CounterpartyFlags): ExactColumns {
  const exempted = isExempt(flags) ? part : EXACT_ZERO;
  return {
    grossExposure: part,
    provisions: EXACT_ZERO,
    exposureValue: part,
    crmSubstitution: EXACT_ZERO,
    crmFunded: EXACT_ZERO,
    exempted,
    valueAfterExemptionsAndCrm: minus(part, exempted),
  };
}

/** Exempt from the limits (still reported): flagged exempt, or a sovereign. */
export function isExempt(flags: CounterpartyFlags): boolean {
  return flags.exempt || flags.sovereign;
}

/** The sum of `accounts`' balances in the facility's currency; another currency is an error. */
export function sumBalances(
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
