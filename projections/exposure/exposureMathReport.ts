// The whole exposure read model's arithmetic in one call (docs/risk.md): the facilities and
// exposure lines (exposureMath.ts), every view and the total (exposureMathAggregates.ts), the
// large-exposure report (largeExposures.ts) and the concentration by sector, country and
// rating (concentration.ts). Pure: what the projection and `folio exposure` both call. The
// views are built when first read: the large-exposure report does not need them.
import {
  type Concentration,
  ConcentrationBuilder,
  type ConcentrationDimension,
} from "./concentration.js";
import {
  computeExposure,
  type ExposureInputs,
  type ExposureLine,
  type ExposureResult,
} from "./exposureMath.js";
import {
  type AggregatedViews,
  type ExposureAggregate,
  type ExposureDimension,
  ViewsBuilder,
} from "./exposureMathAggregates.js";
import { updatedViews } from "./exposureMathViewsUpdate.js";
import {
  computeLargeExposures,
  type LargeExposureOptions,
  type LargeExposureReport,
  type LargeExposureReuse,
} from "./largeExposures.js";

export interface ExposureReport {
  readonly exposure: ExposureResult;
  /** The total and the views: built on first use (the large-exposure route needs neither). */
  readonly total: ExposureAggregate;
  readonly views: Readonly<Record<ExposureDimension, readonly ExposureAggregate[]>>;
  readonly large: LargeExposureReport;
  readonly concentration: Readonly<Record<ConcentrationDimension, Concentration>>;
}

/**
 * Everything the exposure routes report, from the inputs in force at one point. The views and
 * the total are built in one pass over the exposure lines when first read.
 */
export function computeExposureReport(
  inputs: ExposureInputs,
  options: LargeExposureOptions = {},
): ExposureReport {
  return exposureReportOf(inputs, computeExposure(inputs), options);
}

/** The facilities a report brought forward computed again, and the report before it. */
export interface ExposureReportReuse {
  readonly previous: ExposureReport;
  readonly facilityIds: ReadonlySet<string>;
}

/**
 * The report of an exposure already computed from `inputs` (computeExposure, updateExposure);
 * with `reuse` (updateExposure's changed facilities, same risk inputs), only the groups of
 * those facilities' lines are assessed again for the large-exposure table.
 */
export function exposureReportOf(
  inputs: ExposureInputs,
  exposure: ExposureResult,
  options: LargeExposureOptions = {},
  reuse?: ExposureReportReuse,
): ExposureReport {
  const concentration = new ConcentrationBuilder();
  for (const line of exposure.lines) concentration.add(line);
  let large: LargeExposureReuse | undefined;
  let views: ViewsBasis | undefined;
  if (reuse !== undefined) {
    const groupKeys = new Set<string>();
    const removed = reuse.previous.exposure.lines.filter((l) =>
      reuse.facilityIds.has(l.facilityId),
    );
    const added = exposure.lines.filter((l) => reuse.facilityIds.has(l.facilityId));
    for (const line of [...removed, ...added]) groupKeys.add(line.groupKey);
    large = { previous: reuse.previous.large, groupKeys };
    const built = reuse.previous instanceof LazyViewsReport ? reuse.previous.builtViews() : null;
    if (built !== null) views = { previous: built, removed, added };
  }
  return new LazyViewsReport(
    exposure,
    computeLargeExposures(exposure, inputs, options, large),
    concentration.finish(),
    views,
  );
}

/** The views of the report before, and the lines that changed since (updatedViews). */
interface ViewsBasis {
  readonly previous: AggregatedViews;
  readonly removed: readonly ExposureLine[];
  readonly added: readonly ExposureLine[];
}

class LazyViewsReport implements ExposureReport {
  private aggregated: AggregatedViews | undefined;

  constructor(
    readonly exposure: ExposureResult,
    readonly large: LargeExposureReport,
    readonly concentration: Readonly<Record<ConcentrationDimension, Concentration>>,
    /** Dropped once the views are built, so that reports never hold a chain of others. */
    private basis: ViewsBasis | undefined,
  ) {}

  get total(): ExposureAggregate {
    return this.aggregate().total;
  }

  get views(): Readonly<Record<ExposureDimension, readonly ExposureAggregate[]>> {
    return this.aggregate().views;
  }

  /** The views if already built (a report brought forward from this one updates them). */
  builtViews(): AggregatedViews | null {
    return this.aggregated ?? null;
  }

  private aggregate(): AggregatedViews {
    if (this.aggregated === undefined) {
      const basis = this.basis;
      this.aggregated =
        (basis === undefined ? null : updatedViews(basis.previous, basis.removed, basis.added)) ??
        viewsOf(this.exposure.lines);
      this.basis = undefined;
    }
    return this.aggregated;
  }
}

function viewsOf(lines: readonly ExposureLine[]): AggregatedViews {
  const views = new ViewsBuilder();
  for (const line of lines) views.add(line);
  return views.finish();
}
