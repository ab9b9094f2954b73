// Interest revenue of one facility for one period (IFRS 9 5.4.1, 5.4.2; research note 1.4;
// docs/ifrs9.md, Measurement): on the gross carrying amount in stages 1 and 2, on amortised
// cost (gross - allowance) when the stage at the START of the period is 3 (so a facility that
// becomes credit-impaired during a period moves to the net basis from the next one, and a
// cure reverts to gross the period after), and at the credit-adjusted EIR on amortised cost
// for POCI. Simple interest, actual/365, rounded once to minor units.
import {
  type Dec,
  Ifrs9InputError,
  decOf,
  parseDecimal,
  roundMinor,
  text,
  yearFraction,
} from "./ifrs9Decimal.js";
import type {
  FacilityTerms,
  Ifrs9Parameters,
  InterestBasis,
  InterestResult,
  Stage,
} from "./ifrs9Types.js";

export interface InterestInput {
  readonly terms: FacilityTerms;
  readonly periodStart: string;
  readonly periodEnd: string;
  /** The stage in force at the start of the period (stageAt(..., periodStart)). */
  readonly stageAtStart: Stage;
  /** Gross carrying amount at the start of the period, minor units. */
  readonly grossAtStart: bigint;
  /** Loss allowance against the drawn amount at the start (eclDrawn; not the undrawn provision). */
  readonly allowanceAtStart: bigint;
  readonly params: Ifrs9Parameters;
}

export function interestBasis(stageAtStart: Stage): InterestBasis {
  if (stageAtStart === "POCI") return "CREDIT_ADJUSTED";
  return stageAtStart === "3" ? "AMORTISED_COST" : "GROSS";
}

function rateFor(terms: FacilityTerms, basis: InterestBasis): Dec {
  if (basis !== "CREDIT_ADJUSTED")
    return parseDecimal(terms.eir, `facility ${terms.facilityId} eir`);
  if (terms.creditAdjustedEir === null) {
    throw new Ifrs9InputError(
      "credit_adjusted_eir_missing",
      `POCI facility ${terms.facilityId} has no creditAdjustedEir`,
    );
  }
  return parseDecimal(terms.creditAdjustedEir, `facility ${terms.facilityId} creditAdjustedEir`);
}

function checkInput(input: InterestInput): Dec {
  const fraction = yearFraction(input.periodStart, input.periodEnd);
  if (fraction.lessThan(0)) {
    throw new Ifrs9InputError(
      "period_invalid",
      `period ends ${input.periodEnd} before it starts ${input.periodStart}`,
    );
  }
  if (input.grossAtStart < 0n) {
    throw new Ifrs9InputError(
      "amount_negative",
      `facility ${input.terms.facilityId}: gross carrying amount is negative`,
    );
  }
  if (input.allowanceAtStart < 0n && input.stageAtStart !== "POCI") {
    throw new Ifrs9InputError(
      "amount_negative",
      `facility ${input.terms.facilityId}: allowance is negative (only POCI may have a favourable change)`,
    );
  }
  return fraction;
}

/** The interest revenue of the period and the allowance adjustment that gets it from gross. */
export function interestRevenue(input: InterestInput): InterestResult {
  const fraction = checkInput(input);
  const basis = interestBasis(input.stageAtStart);
  const rate = rateFor(input.terms, basis);
  const base = basis === "GROSS" ? input.grossAtStart : input.grossAtStart - input.allowanceAtStart;
  const baseAmount = base < 0n ? 0n : base;
  const mode = input.params.rounding;
  const interestAmount = roundMinor(rate.times(decOf(baseAmount)).times(fraction), mode);
  const interestOnGross = roundMinor(rate.times(decOf(input.grossAtStart)).times(fraction), mode);
  return {
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    basis,
    rate: text(rate),
    yearFraction: text(fraction),
    baseAmount,
    interestAmount,
    interestOnGross,
    allowanceAdjustment: interestOnGross - interestAmount,
  };
}
