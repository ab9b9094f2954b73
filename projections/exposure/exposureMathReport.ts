// The whole exposure read model's arithmetic in one call (docs/risk.md): the facilities and
// exposure lines (exposureMath.ts), every view and the total (exposureMathAggregates.ts), the
// large-exposure report (largeExposures.ts) and the concentration by sector, country and
// rating (concentration.ts). Pure: what the projection and `folio exposure` both call.
import {
  type Concentration,
  type ConcentrationDimension,
  computeConcentration,
} from "./concentration.js";
import { computeExposure, type ExposureInputs, type ExposureResult } from "./exposureMath.js";
import {
  type ExposureAggregate,
  type ExposureDimension,
  aggregateExposure,
  totalExposure,
} from "./exposureMathAggregates.js";
import {
  computeLargeExposures,
  type LargeExposureOptions,
  type LargeExposureReport,
} from "./largeExposures.js";

export interface ExposureReport {
  readonly exposure: ExposureResult;
  readonly total: ExposureAggregate;
  readonly views: Readonly<Record<ExposureDimension, readonly ExposureAggregate[]>>;
  readonly large: LargeExposureReport;
  readonly concentration: Readonly<Record<ConcentrationDimension, Concentration>>;
}

/** Everything the exposure routes report, from the inputs in force at one point. */
export function computeExposureReport(
  inputs: ExposureInputs,
  options: LargeExposureOptions = {},
): ExposureReport {
  const exposure = computeExposure(inputs);
  const view = (dimension: ExposureDimension) => aggregateExposure(exposure.lines, dimension);
  const concentrationBy = (dimension: ConcentrationDimension) =>
    computeConcentration(exposure.lines, dimension);
  const views: Record<ExposureDimension, readonly ExposureAggregate[]> = {
    counterparty: view("counterparty"),
    group: view("group"),
    currency: view("currency"),
    sector: view("sector"),
    country: view("country"),
    product: view("product"),
    rating: view("rating"),
  };
  const concentration: Record<ConcentrationDimension, Concentration> = {
    sector: concentrationBy("sector"),
    country: concentrationBy("country"),
    rating: concentrationBy("rating"),
  };
  return {
    exposure,
    total: totalExposure(exposure.lines),
    views,
    large: computeLargeExposures(exposure, inputs, options),
    concentration,
  };
}
