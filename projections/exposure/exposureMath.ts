// The pure exposure calculation of the exposure read model (docs/risk.md): for each facility
// in force, its drawn amount (the ledger's own balances), accrued interest, undrawn
// commitment, CCF, gross exposure, exposure value and the C 28.00 column flow (credit risk
// mitigation by substitution and funded protection, exemptions), in the facility's currency
// and the reporting currency; and the exposure lines (one per facility, plus one per
// guarantor carrying a substituted part) that every grouping, large-exposure and
// concentration view adds up. No I/O; exact decimals, rounded half-even once per amount.
import type {
  AccountBalanceAt,
  CounterpartyFlags,
  CounterpartyVersion,
  FacilityVersion,
  RiskInputsAt,
} from "./exposureTypes.js";
import { type Dec, ExposureInputError, FxConverter, dec, roundMinor } from "./exposureMathFx.js";
import {
  type ExactColumns,
  type ExactFlow,
  appliedCcf,
  exactFlow,
  substitutedColumns,
} from "./exposureMathFlow.js";

export { CCF_FLOOR, appliedCcf, isExempt } from "./exposureMathFlow.js";

/** The rating bucket of a counterparty without a rating. */
export const UNRATED = "unrated";

export interface ExposureInputs {
  readonly risk: RiskInputsAt;
  /** Balances of the facility accounts; an account not listed has a balance of 0. */
  readonly balances: readonly AccountBalanceAt[];
  /** The ledger's assets: code -> scale (decimal places of its minor units). */
  readonly assetScales: ReadonlyMap<string, number>;
  readonly reportingCurrency: string;
}

/**
 * The C 28.00 column flow of one exposure, in minor units of one currency, each amount
 * rounded half-even from the exact value. Every amount is zero or more.
 */
export interface ExposureColumns {
  /** Original exposure: drawn + accrued interest + CCF x undrawn (floored at 0). */
  readonly grossExposure: bigint;
  /** Specific provisions deducted (at most the gross exposure). */
  readonly provisions: bigint;
  /** Exposure value = C 28.00 value before exemptions and CRM (no CET1/AT1 deductions). */
  readonly exposureValue: bigint;
  /** CRM, substitution: the guaranteed part, moved to the guarantor. */
  readonly crmSubstitution: bigint;
  /** CRM, funded: collateral (in the exposure's currency) up to what is left. */
  readonly crmFunded: bigint;
  /** What is left after CRM for an exempt or sovereign counterparty: reported, not limited. */
  readonly exempted: bigint;
  /** Value after exemptions and CRM: what the large-exposure limits apply to. */
  readonly valueAfterExemptionsAndCrm: bigint;
}

export interface FacilityAmounts extends ExposureColumns {
  /** Sum of the drawn accounts' balances (negative when the accounts are in credit). */
  readonly drawn: bigint;
  /** Sum of the interest accounts' balances. */
  readonly accruedInterest: bigint;
  /** max(0, limit - max(0, drawn)): never more than the limit. */
  readonly undrawn: bigint;
  /** CCF applied x undrawn. */
  readonly ccfUndrawn: bigint;
}

export interface SubstitutedPart {
  readonly guarantorId: string;
  /** Minor units of the facility's currency. */
  readonly original: bigint;
  /** Minor units of the reporting currency. */
  readonly reporting: bigint;
}

export interface FacilityExposure {
  readonly facilityId: string;
  readonly counterpartyId: string;
  readonly groupKey: string;
  readonly product: string;
  readonly currency: string;
  /** The CCF used, a decimal string: max(ccf, 0.10) when the floor applies. */
  readonly ccfApplied: string;
  /** Units of the reporting currency per unit of the facility's ("1" for the same). */
  readonly reportingRate: string;
  readonly original: FacilityAmounts;
  readonly reporting: FacilityAmounts;
  /** The guaranteed parts, one per guarantor, in the order the guarantees were recorded. */
  readonly substitutions: readonly SubstitutedPart[];
}

/**
 * One exposure to one counterparty, the unit every view adds up: the facility's own
 * (`direct`, to its counterparty) or a guaranteed part (`substituted`, to the guarantor,
 * C 28.00's indirect exposure). Its dimensions are its counterparty's, and the facility's
 * currency and product.
 */
export interface ExposureLine {
  readonly facilityId: string;
  readonly kind: "direct" | "substituted";
  readonly counterpartyId: string;
  readonly groupKey: string;
  readonly currency: string;
  readonly product: string;
  readonly sector: string;
  readonly country: string;
  readonly rating: string;
  readonly flags: CounterpartyFlags;
  readonly original: ExposureColumns;
  readonly reporting: ExposureColumns;
}

export interface ExposureResult {
  readonly reportingCurrency: string;
  /** Sorted by facility id. */
  readonly facilities: readonly FacilityExposure[];
  /** Sorted by facility id, the direct line before its substituted ones. */
  readonly lines: readonly ExposureLine[];
}

/** The connected group of a counterparty, or the counterparty itself when it has none. */
export function groupKeyOf(counterparty: CounterpartyVersion): string {
  return counterparty.connectedGroupId === null
    ? `counterparty:${counterparty.counterpartyId}`
    : `group:${counterparty.connectedGroupId}`;
}

/** Computes every facility's exposure and the exposure lines from the inputs in force. */
export function computeExposure(inputs: ExposureInputs): ExposureResult {
  const fx = new FxConverter(inputs.risk.fxRates, inputs.assetScales, inputs.reportingCurrency);
  const balances = new Map(inputs.balances.map((b) => [b.accountId, b]));
  const ids = [...inputs.risk.facilities.keys()].sort();
  const facilities: FacilityExposure[] = [];
  const lines: ExposureLine[] = [];
  for (const id of ids) {
    const facility = inputs.risk.facilities.get(id);
    if (facility === undefined) continue;
    const computed = facilityExposure(facility, inputs.risk, balances, fx);
    facilities.push(computed.exposure);
    lines.push(...computed.lines);
  }
  return { reportingCurrency: inputs.reportingCurrency, facilities, lines };
}

function facilityExposure(
  facility: FacilityVersion,
  risk: RiskInputsAt,
  balances: ReadonlyMap<string, AccountBalanceAt>,
  fx: FxConverter,
): { exposure: FacilityExposure; lines: ExposureLine[] } {
  const counterparty = counterpartyOf(risk, facility.counterpartyId, facility.facilityId);
  const ccf = appliedCcf(facility);
  const flow = exactFlow(facility, counterparty, ccf, balances, fx);
  const rate = fx.rate(facility.currency, fx.reportingCurrency);
  const report = (value: Dec): bigint => roundMinor(fx.toReporting(value, facility.currency));
  const original = facilityAmounts(flow, roundMinor);
  const reporting = facilityAmounts(flow, report);
  const substitutions = flow.substitutions.map(({ guarantorId, part }) => ({
    guarantorId,
    original: roundMinor(part),
    reporting: report(part),
  }));
  const exposure: FacilityExposure = {
    facilityId: facility.facilityId,
    counterpartyId: counterparty.counterpartyId,
    groupKey: groupKeyOf(counterparty),
    product: facility.product,
    currency: facility.currency,
    ccfApplied: ccf.toString(),
    reportingRate: rate.toString(),
    original,
    reporting,
    substitutions,
  };
  const direct = line(facility, counterparty, "direct", original, reporting);
  return { exposure, lines: [direct, ...substitutedLines(facility, flow, risk, report)] };
}

/** One line per guarantor: the guaranteed part, with the guarantor's own exemption. */
function substitutedLines(
  facility: FacilityVersion,
  flow: ExactFlow,
  risk: RiskInputsAt,
  report: (value: Dec) => bigint,
): ExposureLine[] {
  return flow.substitutions.map(({ guarantorId, part }) => {
    const guarantor = counterpartyOf(risk, guarantorId, facility.facilityId);
    const columns = substitutedColumns(part, guarantor.flags);
    const original = roundColumns(columns, roundMinor);
    return line(facility, guarantor, "substituted", original, roundColumns(columns, report));
  });
}

function counterpartyOf(risk: RiskInputsAt, id: string, facilityId: string): CounterpartyVersion {
  const counterparty = risk.counterparties.get(id);
  if (counterparty === undefined) {
    throw new ExposureInputError(
      "counterparty_missing",
      `facility ${facilityId} names counterparty ${id}, which is not in force`,
    );
  }
  return counterparty;
}

function facilityAmounts(flow: ExactFlow, round: (value: Dec) => bigint): FacilityAmounts {
  return {
    drawn: round(dec(flow.drawn)),
    accruedInterest: round(dec(flow.accruedInterest)),
    undrawn: round(dec(flow.undrawn)),
    ccfUndrawn: round(flow.ccfUndrawn),
    ...roundColumns(flow.columns, round),
  };
}

function roundColumns(columns: ExactColumns, round: (value: Dec) => bigint): ExposureColumns {
  return {
    grossExposure: round(columns.grossExposure),
    provisions: round(columns.provisions),
    exposureValue: round(columns.exposureValue),
    crmSubstitution: round(columns.crmSubstitution),
    crmFunded: round(columns.crmFunded),
    exempted: round(columns.exempted),
    valueAfterExemptionsAndCrm: round(columns.valueAfterExemptionsAndCrm),
  };
}

function line(
  facility: FacilityVersion,
  counterparty: CounterpartyVersion,
  kind: ExposureLine["kind"],
  original: ExposureColumns,
  reporting: ExposureColumns,
): ExposureLine {
  return {
    facilityId: facility.facilityId,
    kind,
    counterpartyId: counterparty.counterpartyId,
    groupKey: groupKeyOf(counterparty),
    currency: facility.currency,
    product: facility.product,
    sector: counterparty.sector,
    country: counterparty.countryOfRisk,
    rating: counterparty.rating ?? UNRATED,
    flags: counterparty.flags,
    original,
    reporting,
  };
}
