// The whole exposure read model's arithmetic in one call (docs/risk.md): the facilities and
// exposure lines (exposureMath.ts), every view and the total (exposureMathAggregates.ts), the
// large-exposure report (largeExposures.ts) and the concentration by sector, country and
// rating (concentration.ts). Pure: what the projection and `folio exposure` both call.
import {
  type Concentration,
  ConcentrationBuilder,
  type ConcentrationDimension,
} from "./concentration.js";
import { computeExposure, type ExposureInputs, type ExposureResult } from "./exposureMath.js";
import {
  type ExposureAggregate,
  type ExposureDimension,
  ViewsBuilder,
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

/**
 * Everything the exposure routes report, from the inputs in force at one point. The views, the
 * total and the concentration are built in one pass over the exposure lines.
 */
export function computeExposureReport(
  inputs: ExposureInputs,
  options: LargeExposureOptions = {},
): ExposureReport {
  const exposure = computeExposure(inputs);
  const views = new ViewsBuilder();
  const concentration = new ConcentrationBuilder();
  for (const line of exposure.lines) {
    views.add(line);
    concentration.add(line);
  }
  const aggregated = views.finish();
  return {
    exposure,
    total: aggregated.total,
    views: aggregated.views,
    large: computeLargeExposures(exposure, inputs, options),
    concentration: concentration.finish(),
  };
}
