// The large exposures against their limits: one horizontal bar per group (a connected group or
// a counterparty without one) showing its exposure as a percentage of Tier 1 capital, with
// marker lines at the 10 % reporting threshold, the 25 % limit and the group's own limit where
// the institution rule raises it (as the API reports it), breaches in red. Each bar carries its
// figures in an aria-label and in visible text; the table that follows holds every figure.
import type { JSX } from "preact";
import { formatAmount } from "../../format";
import { percentOfShare, shareOf, shareValue } from "./percent";
import type { LargeGroup, LargeReport } from "./types";

/** The groups the chart shows: the large ones and any breach, by rank. */
export function chartedGroups(report: LargeReport): LargeGroup[] {
  const byKey = new Map<string, LargeGroup>();
  for (const group of [...report.largeExposures, ...report.breaches]) {
    byKey.set(group.groupKey, group);
  }
  return [...byKey.values()].sort((a, b) => a.rank - b.rank);
}

interface BarRow {
  readonly key: string;
  readonly label: string;
  /** Exposure value (before exemptions and CRM) and value after, as shares of Tier 1. */
  readonly before: string;
  readonly after: string;
  readonly limitShare: string;
  readonly breach: boolean;
  readonly description: string;
}

function rowsOf(report: LargeReport, groups: readonly LargeGroup[]): BarRow[] {
  const rows: BarRow[] = [];
  for (const group of groups) {
    const limitShare = shareOf(group.limit, report.tier1Capital);
    rows.push({
      key: group.groupKey,
      label: group.groupKey,
      before: group.shareOfTier1BeforeExemptionsAndCrm,
      after: group.shareOfTier1,
      limitShare,
      breach: group.breach,
      description:
        `${group.groupKey}: exposure value ${formatAmount(group.amounts.exposureValue)} = ` +
        `${percentOfShare(group.shareOfTier1BeforeExemptionsAndCrm)} % of Tier 1; after ` +
        `exemptions and CRM ${formatAmount(group.amounts.valueAfterExemptionsAndCrm)} = ` +
        `${percentOfShare(group.shareOfTier1)} %; limit ${formatAmount(group.limit)} = ` +
        `${percentOfShare(limitShare)} % (${group.limitRule}); ` +
        (group.breach ? "breach" : "within limit"),
    });
    const part = group.nonInstitutionPart;
    if (part !== null) {
      const partShare = shareOf(part.exposure, report.tier1Capital);
      const partLimit = shareOf(part.limit, report.tier1Capital);
      rows.push({
        key: `${group.groupKey}#non-institution`,
        label: `${group.groupKey}: non-institution members`,
        before: partShare,
        after: partShare,
        limitShare: partLimit,
        breach: !part.withinLimit,
        description:
          `${group.groupKey} non-institution members: ${formatAmount(part.exposure)} = ` +
          `${percentOfShare(partShare)} % of Tier 1; limit ${formatAmount(part.limit)} = ` +
          `${percentOfShare(partLimit)} %; ` +
          (part.withinLimit ? "within limit" : "over limit: breach"),
      });
    }
  }
  return rows;
}

/** The chart's right end, as a share: the largest figure or limit, rounded up to 10 %. */
function scaleOf(rows: readonly BarRow[]): number {
  let top = 0.3;
  for (const row of rows) {
    top = Math.max(top, shareValue(row.before), shareValue(row.after), shareValue(row.limitShare));
  }
  return Math.ceil(top * 10 - 1e-9) / 10;
}

const at = (share: string | number, scale: number): string =>
  `${Math.min(100, (100 * (typeof share === "number" ? share : shareValue(share))) / scale)}%`;

function Markers(props: { readonly scale: number; readonly limitShare?: string }): JSX.Element {
  const own =
    props.limitShare !== undefined && props.limitShare !== "0.250000" ? props.limitShare : null;
  return (
    <>
      <span class="le-marker le-threshold" style={{ left: at(0.1, props.scale) }} />
      <span class="le-marker le-limit" style={{ left: at(0.25, props.scale) }} />
      {own === null ? null : (
        <span class="le-marker le-own-limit" style={{ left: at(own, props.scale) }} />
      )}
    </>
  );
}

function Bar(props: { readonly row: BarRow; readonly scale: number }): JSX.Element {
  const { row, scale } = props;
  return (
    <li class={row.breach ? "le-row le-breach" : "le-row"} data-group={row.key}>
      <span class="le-label">
        {row.label}
        {row.breach ? <strong class="status-bad"> Breach</strong> : null}
      </span>
      <span class="le-track" role="img" aria-label={row.description}>
        <span class="le-bar le-before" style={{ width: at(row.before, scale) }} />
        <span class="le-bar le-after" style={{ width: at(row.after, scale) }} />
        <Markers scale={scale} limitShare={row.limitShare} />
      </span>
      <span class="le-figure num" aria-hidden="true">
        {percentOfShare(row.after)} % / {percentOfShare(row.limitShare)} %
      </span>
    </li>
  );
}

export function LargeBars(props: {
  readonly report: LargeReport;
  readonly groups: readonly LargeGroup[];
}): JSX.Element {
  const rows = rowsOf(props.report, props.groups);
  const scale = scaleOf(rows);
  const ticks = [0, 0.1, 0.25, ...(scale > 0.3 ? [scale] : [])];
  return (
    <figure class="le-chart">
      <figcaption class="hint">
        Bars: exposure as a percentage of Tier 1 capital (light: exposure value; dark: after
        exemptions and CRM, what the limit applies to). Lines: 10 % reporting threshold (dashed), 25
        % limit (solid), the group&apos;s own limit where the institution rule sets it (dotted).
        Figures at the right: after CRM / limit.
      </figcaption>
      <div class="le-axis" aria-hidden="true">
        <span class="le-label" />
        <span class="le-ticks">
          {ticks.map((tick) => (
            <span key={tick} class="le-tick" style={{ left: at(tick, scale) }}>
              {Math.round(tick * 100)} %
            </span>
          ))}
        </span>
        <span class="le-figure" />
      </div>
      <ul class="le-rows">
        {rows.map((row) => (
          <Bar key={row.key} row={row} scale={scale} />
        ))}
      </ul>
    </figure>
  );
}
