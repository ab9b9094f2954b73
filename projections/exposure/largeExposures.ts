// Large exposures per CRR Art. 392 and 395 (docs/risk.md), from the exposure lines of
// exposureMath.ts, per connected group (a counterparty without a group on its own): the share
// of Tier 1, large at >= 10 % of Tier 1 before exemptions and CRM (inclusive), the limit
// (25 %; for an institution or a group containing one the higher of 25 % and EUR 150 m, capped
// at 100 % of Tier 1, provided the non-institution part stays within 25 %; 15 % between
// G-SIIs), headroom, breach, and the ranking with the top 20. Pure.
import { assert } from "../../ledger-core/index.js";
import type {
  ExposureColumns,
  ExposureInputs,
  ExposureLine,
  ExposureResult,
} from "./exposureMath.js";
import { type ColumnSums, addInto, columnsOf, newColumnSums } from "./exposureMathAggregates.js";
import { dividedBy, exact, toFixedPlaces } from "./exposureMathExact.js";
import {
  type Dec,
  ExposureDecimal,
  ExposureInputError,
  FxConverter,
  dec,
  roundMinor,
  scaleOf,
} from "./exposureMathFx.js";

/** Art. 392: large at or above this share of Tier 1 (before exemptions and CRM). */
export const LARGE_EXPOSURE_SHARE = 10n;
/** Art. 395(1): the general limit, per cent of Tier 1 (after exemptions and CRM). */
export const GENERAL_LIMIT_SHARE = 25n;
/** Art. 395(1): the limit between G-SIIs, per cent of Tier 1. */
export const GSII_LIMIT_SHARE = 15n;
/** Art. 395(1): the institution amount, in whole euros. */
export const INSTITUTION_LIMIT_EUR = 150_000_000n;
export const INSTITUTION_LIMIT_CURRENCY = "EUR";
/** How many groups the top list holds. */
export const TOP_EXPOSURES = 20;
/** Decimal places of shares of Tier 1 (0.226800 is 22.68 %), rounded half-even. */
export const TIER1_SHARE_PLACES = 6;

export interface LargeExposureOptions {
  /**
   * The reporting entity is a G-SII: the 15 % limit applies to groups containing one. Default:
   * what the capital base in force records.
   */
  readonly reportingEntityIsGsii?: boolean;
}

/** Which Art. 395(1) limit applies: 25 %, the institution rule, or 15 % between G-SIIs. */
export type LimitRule = "general" | "institution" | "gsii";

/** The proviso of the institution rule: the group's non-institutions within 25 % of Tier 1. */
export interface NonInstitutionCheck {
  /** Value after exemptions and CRM of the group's non-institution members. */
  readonly exposure: bigint;
  readonly limit: bigint;
  readonly headroom: bigint;
  readonly withinLimit: boolean;
}

export interface GroupLargeExposure {
  /** `group:<connectedGroupId>`, or `counterparty:<id>` for a counterparty without a group. */
  readonly groupKey: string;
  /** The counterparties with an exposure line in the group, sorted. */
  readonly counterpartyIds: readonly string[];
  readonly containsInstitution: boolean;
  readonly containsGsii: boolean;
  /** The group's C 28.00 columns, minor units of the reporting currency. */
  readonly amounts: ExposureColumns;
  /** exposureValue / Tier 1 (the Art. 392 measure), a decimal string. */
  readonly shareOfTier1BeforeExemptionsAndCrm: string;
  /** valueAfterExemptionsAndCrm / Tier 1 (the Art. 395 measure), a decimal string. */
  readonly shareOfTier1: string;
  readonly isLarge: boolean;
  readonly limitRule: LimitRule;
  /** Minor units of the reporting currency, rounded down. */
  readonly limit: bigint;
  /** limit - value after exemptions and CRM; negative when over the limit. */
  readonly headroom: bigint;
  /** Set when the institution rule applies. */
  readonly nonInstitutionPart: NonInstitutionCheck | null;
  /** Over the limit, or the institution rule's proviso failed. */
  readonly breach: boolean;
  /** 1-based, by exposure value (before exemptions and CRM), descending. */
  readonly rank: number;
}

export interface LargeExposureReport {
  readonly reportingCurrency: string;
  readonly reportingEntityIsGsii: boolean;
  /** Minor units of the reporting currency. */
  readonly tier1Capital: bigint;
  /** 10 % of Tier 1 rounded up: an exposure value at or above it is large. */
  readonly largeExposureThreshold: bigint;
  /** 25 % of Tier 1 rounded down. */
  readonly generalLimit: bigint;
  /** Every group, ranked. */
  readonly groups: readonly GroupLargeExposure[];
  readonly largeExposures: readonly GroupLargeExposure[];
  readonly top20: readonly GroupLargeExposure[];
  readonly breaches: readonly GroupLargeExposure[];
}

/** Tier 1 in minor units of the reporting currency; missing or not positive is an error. */
export function tier1InReporting(inputs: ExposureInputs, fx: FxConverter): bigint {
  const capital = inputs.risk.capital;
  if (capital === null) {
    throw new ExposureInputError("capital_base_missing", "no Tier 1 capital base in force");
  }
  const tier1 = roundMinor(
    fx.convert(dec(capital.tier1Capital), capital.currency, inputs.reportingCurrency),
  );
  if (tier1 <= 0n) {
    throw new ExposureInputError(
      "capital_base_invalid",
      `Tier 1 capital is ${tier1}, not positive`,
    );
  }
  return tier1;
}

/**
 * What a report brought forward may take from the one before it (exposureQuery.ts): the same
 * risk inputs, so the same Tier 1 and limits; only the groups in `groupKeys` have other lines.
 */
export interface LargeExposureReuse {
  readonly previous: LargeExposureReport;
  readonly groupKeys: ReadonlySet<string>;
}

/**
 * Applies Art. 392 and 395 to every group of the exposure lines; with `reuse`, only to the
 * groups whose lines changed, every other group's assessment taken as it was.
 */
export function computeLargeExposures(
  exposure: ExposureResult,
  inputs: ExposureInputs,
  options: LargeExposureOptions = {},
  reuse?: LargeExposureReuse,
): LargeExposureReport {
  const fx = new FxConverter(inputs.risk.fxRates, inputs.assetScales, inputs.reportingCurrency);
  const tier1 = tier1InReporting(inputs, fx);
  const limits = new LimitBook(
    tier1,
    inputs,
    fx,
    options.reportingEntityIsGsii ?? inputs.risk.capital?.reportingEntityIsGsii ?? false,
  );
  const assessed =
    reuse === undefined
      ? [...linesByGroup(exposure.lines)].map(([key, group]) => assess(key, group, limits))
      : reassessed(exposure.lines, limits, reuse);
  const groups = assessed.sort(byExposure).map((group, index) => ({ ...group, rank: index + 1 }));
  return {
    reportingCurrency: inputs.reportingCurrency,
    reportingEntityIsGsii: limits.reportingEntityIsGsii,
    tier1Capital: tier1,
    largeExposureThreshold: limits.largeThreshold,
    generalLimit: limits.general,
    groups,
    largeExposures: groups.filter((g) => g.isLarge),
    top20: groups.slice(0, TOP_EXPOSURES),
    breaches: groups.filter((g) => g.breach),
  };
}

/** The previous assessments of unchanged groups, and the changed groups assessed again. */
function reassessed(
  lines: readonly ExposureLine[],
  limits: LimitBook,
  reuse: LargeExposureReuse,
): Omit<GroupLargeExposure, "rank">[] {
  const { previous, groupKeys } = reuse;
  assert(
    previous.tier1Capital === limits.tier1 &&
      previous.reportingEntityIsGsii === limits.reportingEntityIsGsii,
    "large exposures: a report is brought forward only over the same capital base",
  );
  const out: Omit<GroupLargeExposure, "rank">[] = previous.groups.filter(
    (group) => !groupKeys.has(group.groupKey),
  );
  const changed = linesByGroup(lines.filter((line) => groupKeys.has(line.groupKey)));
  for (const [key, group] of changed) out.push(assess(key, group, limits));
  return out;
}

/** The thresholds against one Tier 1, all in minor units of the reporting currency. */
class LimitBook {
  readonly largeThreshold: bigint;
  readonly general: bigint;
  readonly gsii: bigint;
  private institutionLimit: bigint | undefined;

  constructor(
    readonly tier1: bigint,
    private readonly inputs: ExposureInputs,
    private readonly fx: FxConverter,
    readonly reportingEntityIsGsii: boolean,
  ) {
    this.largeThreshold = (tier1 * LARGE_EXPOSURE_SHARE + 99n) / 100n;
    this.general = (tier1 * GENERAL_LIMIT_SHARE) / 100n;
    this.gsii = (tier1 * GSII_LIMIT_SHARE) / 100n;
  }

  /** max(25 % T1, min(EUR 150 m, 100 % T1)), rounded down; converted only when needed. */
  institution(): bigint {
    if (this.institutionLimit === undefined) {
      const eur = this.eur150m();
      const capped = eur.greaterThan(dec(this.tier1)) ? dec(this.tier1) : eur;
      const limit = capped.greaterThan(dec(this.general)) ? capped : dec(this.general);
      this.institutionLimit = floorMinor(limit);
    }
    return this.institutionLimit;
  }

  /** amount / Tier 1 to 60 digits, then to 6 places, half-even (as decimal.js does). */
  share(amount: bigint): string {
    return toFixedPlaces(dividedBy(exact(amount), exact(this.tier1)), TIER1_SHARE_PLACES);
  }

  private eur150m(): Dec {
    const reporting = this.inputs.reportingCurrency;
    const rate = this.fx.rate(INSTITUTION_LIMIT_CURRENCY, reporting);
    const scale = scaleOf(this.inputs.assetScales, reporting);
    return dec(INSTITUTION_LIMIT_EUR).times(rate).times(new ExposureDecimal(10).pow(scale));
  }
}

function floorMinor(value: Dec): bigint {
  return BigInt(value.toDecimalPlaces(0, ExposureDecimal.ROUND_FLOOR).toFixed(0));
}

/** What one group's lines add up to, gathered in one pass over the lines. */
interface GroupLines {
  readonly amounts: ColumnSums;
  readonly counterpartyIds: Set<string>;
  containsInstitution: boolean;
  containsGsii: boolean;
  /** Value after exemptions and CRM of the lines of non-institutions. */
  nonInstitutionExposure: bigint;
}

function linesByGroup(lines: readonly ExposureLine[]): Map<string, GroupLines> {
  const groups = new Map<string, GroupLines>();
  for (const line of lines) {
    let group = groups.get(line.groupKey);
    if (group === undefined) {
      group = {
        amounts: newColumnSums(),
        counterpartyIds: new Set(),
        containsInstitution: false,
        containsGsii: false,
        nonInstitutionExposure: 0n,
      };
      groups.set(line.groupKey, group);
    }
    addInto(group.amounts, line.reporting);
    group.counterpartyIds.add(line.counterpartyId);
    if (isInstitution(line)) group.containsInstitution = true;
    else group.nonInstitutionExposure += line.reporting.valueAfterExemptionsAndCrm;
    if (line.flags.globalSystemicallyImportant) group.containsGsii = true;
  }
  return groups;
}

/** A G-SII is an institution (for the EUR 150 m rule) whatever its institution flag says. */
function isInstitution(line: ExposureLine): boolean {
  return line.flags.institution || line.flags.globalSystemicallyImportant;
}

function assess(
  groupKey: string,
  group: GroupLines,
  limits: LimitBook,
): Omit<GroupLargeExposure, "rank"> {
  const amounts = columnsOf(group.amounts);
  const { containsInstitution, containsGsii } = group;
  const limitRule = ruleFor(containsInstitution, containsGsii, limits.reportingEntityIsGsii);
  const limit = limitOf(limitRule, limits);
  const exposure = amounts.valueAfterExemptionsAndCrm;
  const nonInstitutionPart =
    limitRule === "institution"
      ? nonInstitutionCheck(group.nonInstitutionExposure, limits.general)
      : null;
  return {
    groupKey,
    counterpartyIds: [...group.counterpartyIds].sort(),
    containsInstitution,
    containsGsii,
    amounts,
    shareOfTier1BeforeExemptionsAndCrm: limits.share(amounts.exposureValue),
    shareOfTier1: limits.share(exposure),
    isLarge: amounts.exposureValue >= limits.largeThreshold,
    limitRule,
    limit,
    headroom: limit - exposure,
    nonInstitutionPart,
    breach: exposure > limit || (nonInstitutionPart !== null && !nonInstitutionPart.withinLimit),
  };
}

/** The G-SII limit is the stricter one and wins over the institution rule. */
function ruleFor(institution: boolean, gsii: boolean, reportingIsGsii: boolean): LimitRule {
  if (reportingIsGsii && gsii) return "gsii";
  return institution ? "institution" : "general";
}

function limitOf(rule: LimitRule, limits: LimitBook): bigint {
  switch (rule) {
    case "gsii":
      return limits.gsii;
    case "institution":
      return limits.institution();
    case "general":
      return limits.general;
  }
}

function nonInstitutionCheck(exposure: bigint, limit: bigint): NonInstitutionCheck {
  return { exposure, limit, headroom: limit - exposure, withinLimit: exposure <= limit };
}

function byExposure(
  a: Omit<GroupLargeExposure, "rank">,
  b: Omit<GroupLargeExposure, "rank">,
): number {
  const before = compareDesc(a.amounts.exposureValue, b.amounts.exposureValue);
  if (before !== 0) return before;
  const after = compareDesc(
    a.amounts.valueAfterExemptionsAndCrm,
    b.amounts.valueAfterExemptionsAndCrm,
  );
  if (after !== 0) return after;
  return a.groupKey < b.groupKey ? -1 : a.groupKey > b.groupKey ? 1 : 0;
}

function compareDesc(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}
