// The exposure page (docs/risk.md): as of any day (the URL's `asOf` / `basis`, default now),
// the large exposures against their limits (bars as a percentage of Tier 1 with the 10 %
// threshold and the limits, breaches highlighted, every figure in a table too), the top 20
// exposures, and a heatmap of concentration by sector × country. Figures are the API's own
// (GET .../exposure/large and .../exposure/concentration); exposure is a risk-role read, so
// another key sees the API's 403 problem.
import type { JSX } from "preact";
import { unwrap, useQuery } from "../api";
import { Show } from "../components/states";
import { formatAmount, formatTime } from "../format";
import type { Location } from "../router";
import { ExposureControls } from "./exposure/controls";
import { GroupsTable } from "./exposure/groupsTable";
import { Heatmap } from "./exposure/heatmap";
import { chartedGroups, LargeBars } from "./exposure/largeBars";
import { describeView, pointParams, viewOf } from "./exposure/point";
import type { LargeReport } from "./exposure/types";
import "./exposure.css";

function Summary(props: { readonly report: LargeReport }): JSX.Element {
  const { report } = props;
  return (
    <dl class="cards exposure-summary">
      <div class="card">
        <dt>Tier 1 capital</dt>
        <dd>
          {formatAmount(report.tier1Capital)} {report.reportingCurrency}
        </dd>
      </div>
      <div class="card">
        <dt>Large-exposure threshold (10 %)</dt>
        <dd>{formatAmount(report.largeExposureThreshold)}</dd>
      </div>
      <div class="card">
        <dt>General limit (25 %)</dt>
        <dd>{formatAmount(report.generalLimit)}</dd>
      </div>
      <div class="card">
        <dt>Large exposures / breaches</dt>
        <dd>
          {report.largeExposures.length} /{" "}
          <span class={report.breaches.length > 0 ? "status-bad" : "status-ok"}>
            {report.breaches.length}
          </span>
        </dd>
      </div>
      <div class="card">
        <dt>Answered at</dt>
        <dd>
          sequence {report.sequence ?? "—"}, effective {formatTime(report.effectiveAt)}
        </dd>
      </div>
    </dl>
  );
}

function LargeSections(props: { readonly report: LargeReport }): JSX.Element {
  const { report } = props;
  const charted = chartedGroups(report);
  return (
    <>
      <Summary report={report} />
      <section aria-labelledby="large-title">
        <h2 id="large-title">Large exposures against their limits</h2>
        {charted.length === 0 ? (
          <p class="state state-empty" role="status">
            No exposure at or above 10 % of Tier 1 capital, and no breach.
          </p>
        ) : (
          <>
            <LargeBars report={report} groups={charted} />
            <GroupsTable
              groups={charted}
              tier1Capital={report.tier1Capital}
              caption="Large exposures and breaches, with their limits"
              id="large-exposures"
            />
          </>
        )}
      </section>
      <section aria-labelledby="top20-title">
        <h2 id="top20-title">Top 20 exposures</h2>
        {report.top20.length === 0 ? (
          <p class="state state-empty" role="status">
            No exposure in the book at this point.
          </p>
        ) : (
          <GroupsTable
            groups={report.top20}
            tier1Capital={report.tier1Capital}
            caption="The 20 largest exposures by exposure value"
            id="top20"
          />
        )}
      </section>
    </>
  );
}

interface PageProps {
  readonly params: Record<string, string>;
  readonly location: Location;
}

/**
 * The page as app.tsx's pages table names it. The shell calls it as a function, so it only
 * renders the view as a component: the view's hooks then belong to it, inside the session.
 */
export function ExposurePage(props: PageProps): JSX.Element {
  return <ExposureContent params={props.params} location={props.location} />;
}

function ExposureContent(props: PageProps): JSX.Element {
  const ledgerId = props.params.ledgerId ?? "";
  const view = viewOf(props.location.query);
  const point = pointParams(view);
  const large = useQuery(
    (client) =>
      unwrap(
        client.GET("/v1/ledgers/{ledgerId}/exposure/large", {
          params: { path: { ledgerId }, query: point },
        }),
      ),
    [ledgerId, point.asOf, point.basis],
  );
  const grid = useQuery(
    (client) =>
      unwrap(
        client.GET("/v1/ledgers/{ledgerId}/exposure/concentration", {
          params: { path: { ledgerId }, query: { ...point, rows: "sector", columns: "country" } },
        }),
      ),
    [ledgerId, point.asOf, point.basis],
  );
  return (
    <section aria-labelledby="exposure-title">
      <h1 id="exposure-title">Exposure · {ledgerId}</h1>
      <ExposureControls path={props.location.path} view={view} />
      <p class="hint" aria-live="polite">
        Showing the book {describeView(view)}.
      </p>
      <div aria-live="polite">
        <Show query={large.query} what="the large-exposure report" retry={large.reload}>
          {(report) => <LargeSections report={report} />}
        </Show>
      </div>
      <section aria-labelledby="heatmap-title">
        <h2 id="heatmap-title">Concentration by sector and country</h2>
        <Show
          query={grid.query}
          what="the concentration grid"
          retry={grid.reload}
          isEmpty={(data) => data.cells.length === 0}
          empty="No exposure in the book at this point."
        >
          {(data) => <Heatmap grid={data} />}
        </Show>
      </section>
    </section>
  );
}
