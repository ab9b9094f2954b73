// The pure exposure calculation of the exposure read model (docs/risk.md): for each facility
// in force, its drawn amount (the ledger's own balances), accrued interest, undrawn
// commitment, CCF, gross exposure, exposure value and the C 28.00 column flow (credit risk
// mitigation by substitution and funded protection, exemptions), in the facility's currency
// and the reporting currency; and the exposure lines (one per facility, plus one per
// guarantor carrying a substituted part) that every grouping, large-exposure and
// concentration view adds up. No I/O; exact decimals, rounded half-even once per amount.
import { assert } from "../../ledger-core/index.js";
import type {
  AccountBalanceAt,
  CounterpartyFlags,
  CounterpartyVersion,
  FacilityVersion,
  RiskInputsAt,
} from "./exposureTypes.js";
import { type Exact, exact, exactOfDec, roundExact } from "./exposureMathExact.js";
import { ExposureInputError, FxConverter } from "./exposureMathFx.js";
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
  /**
   * Balances of the facility accounts, as a list or already by account id; an account not
   * listed has a balance of 0.
   */
  readonly balances: readonly AccountBalanceAt[] | ReadonlyMap<string, AccountBalanceAt>;
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
  const context = contextOf(inputs);
  const ids = [...inputs.risk.facilities.keys()].sort();
  const facilities: FacilityExposure[] = [];
  const lines: ExposureLine[] = [];
  for (const id of ids) {
    const facility = inputs.risk.facilities.get(id);
    if (facility === undefined) continue;
    facilities.push(facilityExposure(facility, context, lines));
  }
  return { reportingCurrency: inputs.reportingCurrency, facilities, lines };
}

/**
 * `previous` (computed by computeExposure from the same risk inputs, FX rates, assets and
 * reporting currency) brought to `inputs`, whose balances differ only for the facilities in
 * `changed`: those are computed again (`inputs.balances` must hold all their accounts; it
 * need not hold any other), every other facility and its lines are taken as they were. Equal to computeExposure(inputs) under that precondition (exposureLive.spec.ts).
 */
export function updateExposure(
  inputs: ExposureInputs,
  previous: ExposureResult,
  changed: ReadonlySet<string>,
): ExposureResult {
  assert(
    previous.reportingCurrency === inputs.reportingCurrency &&
      previous.facilities.length === inputs.risk.facilities.size,
    "updateExposure: the previous result is of other risk inputs",
  );
  const context = contextOf(inputs);
  const facilities: FacilityExposure[] = [];
  const lines: ExposureLine[] = [];
  let next = 0;
  for (const before of previous.facilities) {
    const id = before.facilityId;
    let end = next;
    while (end < previous.lines.length && previous.lines[end]?.facilityId === id) end++;
    if (changed.has(id)) {
      const facility = inputs.risk.facilities.get(id);
      assert(facility !== undefined, `updateExposure: facility ${id} is not in the inputs`);
      facilities.push(facilityExposure(facility, context, lines));
    } else {
      facilities.push(before);
      for (let i = next; i < end; i++) lines.push(previous.lines[i] as ExposureLine);
    }
    next = end;
  }
  assert(next === previous.lines.length, "updateExposure: lines out of facility order");
  return { reportingCurrency: inputs.reportingCurrency, facilities, lines };
}

function contextOf(inputs: ExposureInputs): Context {
  let balances: ReadonlyMap<string, AccountBalanceAt>;
  if (inputs.balances instanceof Map) {
    balances = inputs.balances as ReadonlyMap<string, AccountBalanceAt>;
  } else {
    const byId = new Map<string, AccountBalanceAt>();
    for (const b of inputs.balances as readonly AccountBalanceAt[]) byId.set(b.accountId, b);
    balances = byId;
  }
  return {
    risk: inputs.risk,
    balances,
    fx: new FxConverter(inputs.risk.fxRates, inputs.assetScales, inputs.reportingCurrency),
    ccfs: new Map(),
    reporters: new Map(),
  };
}

interface Context {
  readonly risk: RiskInputsAt;
  readonly balances: ReadonlyMap<string, AccountBalanceAt>;
  readonly fx: FxConverter;
  /** The applied CCF per (CCF text, floor): its decimal string and exact value. */
  readonly ccfs: Map<string, { readonly text: string; readonly value: Exact }>;
  /** Per currency: exact minor units of it -> rounded minor units of the reporting currency. */
  readonly reporters: Map<string, (value: Exact) => bigint>;
}

function reporterOf(currency: string, context: Context): (value: Exact) => bigint {
  let report = context.reporters.get(currency);
  if (report === undefined) {
    const { fx } = context;
    report = (value) => roundExact(fx.convertExact(value, currency, fx.reportingCurrency));
    context.reporters.set(currency, report);
  }
  return report;
}

/** The applied CCF, parsed and checked once per distinct CCF and floor. */
function ccfOf(facility: FacilityVersion, context: Context): { text: string; value: Exact } {
  const key = `${facility.ccfFloorApplies ? "f" : "n"}${facility.ccf}`;
  let ccf = context.ccfs.get(key);
  if (ccf === undefined) {
    const applied = appliedCcf(facility);
    ccf = { text: applied.toString(), value: exactOfDec(applied) };
    context.ccfs.set(key, ccf);
  }
  return ccf;
}

/** One facility's exposure; its lines (direct, then substituted) are pushed onto `lines`. */
function facilityExposure(
  facility: FacilityVersion,
  context: Context,
  lines: ExposureLine[],
): FacilityExposure {
  const { risk, fx } = context;
  const counterparty = counterpartyOf(risk, facility.counterpartyId, facility.facilityId);
  const ccf = ccfOf(facility, context);
  const flow = exactFlow(facility, counterparty, ccf.value, context.balances, fx);
  const reportingRate = fx.rateText(facility.currency, fx.reportingCurrency);
  const same = facility.currency === fx.reportingCurrency;
  const report = reporterOf(facility.currency, context);
  const original = facilityAmounts(flow, roundExact);
  const reporting = same ? original : facilityAmounts(flow, report);
  const substitutions = flow.substitutions.map(({ guarantorId, part }) => {
    const rounded = roundExact(part);
    return { guarantorId, original: rounded, reporting: same ? rounded : report(part) };
  });
  const groupKey = groupKeyOf(counterparty);
  const exposure: FacilityExposure = {
    facilityId: facility.facilityId,
    counterpartyId: counterparty.counterpartyId,
    groupKey,
    product: facility.product,
    currency: facility.currency,
    ccfApplied: ccf.text,
    reportingRate,
    original,
    reporting,
    substitutions,
  };
  lines.push(line(facility, counterparty, groupKey, "direct", original, reporting));
  for (const { guarantorId, part } of flow.substitutions) {
    const guarantor = counterpartyOf(risk, guarantorId, facility.facilityId);
    const columns = substitutedColumns(part, guarantor.flags);
    const originalColumns = roundColumns(columns, roundExact);
    const reportingColumns = same ? originalColumns : roundColumns(columns, report);
    const guarantorGroup = groupKeyOf(guarantor);
    lines.push(
      line(facility, guarantor, guarantorGroup, "substituted", originalColumns, reportingColumns),
    );
  }
  return exposure;
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

function facilityAmounts(flow: ExactFlow, round: (value: Exact) => bigint): FacilityAmounts {
  const columns = flow.columns;
  return {
    drawn: round(exact(flow.drawn)),
    accruedInterest: round(exact(flow.accruedInterest)),
    undrawn: round(exact(flow.undrawn)),
    ccfUndrawn: round(flow.ccfUndrawn),
    grossExposure: round(columns.grossExposure),
    provisions: round(columns.provisions),
    exposureValue: round(columns.exposureValue),
    crmSubstitution: round(columns.crmSubstitution),
    crmFunded: round(columns.crmFunded),
    exempted: round(columns.exempted),
    valueAfterExemptionsAndCrm: round(columns.valueAfterExemptionsAndCrm),
  };
}

function roundColumns(columns: ExactColumns, round: (value: Exact) => bigint): ExposureColumns {
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
  groupKey: string,
  kind: ExposureLine["kind"],
  original: ExposureColumns,
  reporting: ExposureColumns,
): ExposureLine {
  return {
    facilityId: facility.facilityId,
    kind,
    counterpartyId: counterparty.counterpartyId,
    groupKey,
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
