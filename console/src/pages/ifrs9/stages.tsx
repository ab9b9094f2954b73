// The IFRS 9 report at the reporting date: totals by stage (facilities, gross carrying amount,
// loss allowance and coverage, in the reporting currency) and one row per facility (stage,
// why, 12-month and lifetime ECL, the recognised allowance), a page at a time as the API pages.
import type { JSX } from "preact";
import { unwrap, useQuery } from "../../api";
import { Show } from "../../components/states";
import { formatAmount } from "../../format";
import {
  coverage,
  FACILITY_PAGE,
  reportQuery,
  STAGES,
  type FacilityLine,
  type Ifrs9View,
  type Report,
  type Totals,
} from "./model";

function TotalsRow(props: { readonly label: string; readonly totals: Totals }): JSX.Element {
  const { totals } = props;
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td class="num">{totals.count}</td>
      <td class="num">{formatAmount(totals.grossCarryingAmount)}</td>
      <td class="num">{formatAmount(totals.allowance)}</td>
      <td class="num">{coverage(totals.allowance, totals.grossCarryingAmount)}</td>
    </tr>
  );
}

function StageTotals(props: { readonly report: Report }): JSX.Element {
  const { report } = props;
  return (
    <table class="data ifrs9-totals">
      <caption class="visually-hidden">Totals by stage at {report.reportingDate}</caption>
      <thead>
        <tr>
          <th scope="col">Stage</th>
          <th scope="col" class="num">
            Facilities
          </th>
          <th scope="col" class="num">
            Gross carrying amount ({report.reportingCurrency})
          </th>
          <th scope="col" class="num">
            Loss allowance ({report.reportingCurrency})
          </th>
          <th scope="col" class="num">
            Coverage
          </th>
        </tr>
      </thead>
      <tbody>
        {STAGES.map((stage) => (
          <TotalsRow
            key={stage}
            label={stage === "POCI" ? "POCI" : `Stage ${stage}`}
            totals={report.byStage[stage]}
          />
        ))}
      </tbody>
      <tfoot>
        <TotalsRow label="Total" totals={report.overall} />
      </tfoot>
    </table>
  );
}

const amount = (value: string | null) => (value === null ? "—" : formatAmount(value));

function FacilityRow(props: { readonly line: FacilityLine }): JSX.Element {
  const { line } = props;
  const measured = line.status === "measured";
  return (
    <tr data-facility={line.facilityId}>
      <th scope="row">
        <code>{line.facilityId}</code>
      </th>
      <td>{line.counterpartyId}</td>
      <td>{measured ? line.stage : <span class="status-warn">not measured</span>}</td>
      <td>
        {measured ? (line.stageReason ?? "") : (line.reason ?? "")}
        {line.previousStage === null ? null : <span class="hint"> (was {line.previousStage})</span>}
      </td>
      <td>{line.currency}</td>
      <td class="num">{amount(line.grossCarryingAmount)}</td>
      <td class="num">{amount(line.ecl12m)}</td>
      <td class="num">{amount(line.eclLifetime)}</td>
      <td class="num">{amount(line.allowance)}</td>
      <td class="num">{amount(line.allowanceReporting)}</td>
    </tr>
  );
}

function FacilityTable(props: { readonly report: Report }): JSX.Element {
  const { report } = props;
  return (
    <table class="data ifrs9-facilities">
      <caption class="visually-hidden">Facilities at {report.reportingDate}</caption>
      <thead>
        <tr>
          <th scope="col">Facility</th>
          <th scope="col">Counterparty</th>
          <th scope="col">Stage</th>
          <th scope="col">Reason</th>
          <th scope="col">Currency</th>
          <th scope="col" class="num">
            Gross carrying amount
          </th>
          <th scope="col" class="num">
            12-month ECL
          </th>
          <th scope="col" class="num">
            Lifetime ECL
          </th>
          <th scope="col" class="num">
            Allowance
          </th>
          <th scope="col" class="num">
            Allowance ({report.reportingCurrency})
          </th>
        </tr>
      </thead>
      <tbody>
        {report.facilities.map((line) => (
          <FacilityRow key={line.facilityId} line={line} />
        ))}
      </tbody>
    </table>
  );
}

export function StagesSection(props: {
  readonly ledgerId: string;
  readonly view: Ifrs9View;
  readonly onPage: (after: string) => void;
}): JSX.Element {
  const { ledgerId, view } = props;
  const { query, reload } = useQuery(
    (client) =>
      unwrap(
        client.GET("/v1/ledgers/{ledgerId}/ifrs9", {
          params: {
            path: { ledgerId },
            query: {
              ...reportQuery(view, view.asOf),
              limit: String(FACILITY_PAGE),
              ...(view.after === "" ? {} : { after: view.after }),
            },
          },
        }),
      ),
    [ledgerId, view.asOf, view.parameterSetId, view.after],
  );
  return (
    <section
      aria-labelledby="ifrs9-totals-title"
      aria-live="polite"
      aria-busy={query.status === "loading"}
    >
      <h2 id="ifrs9-totals-title">Facilities by stage at {view.asOf}</h2>
      <Show query={query} what="the IFRS 9 report" retry={reload}>
        {(report) => (
          <>
            <p class="hint">
              Parameter set <code>{report.parameterSetId}</code>, known at ledger sequence{" "}
              {report.sequence ?? "—"}; {report.unmeasuredCount} facilit
              {report.unmeasuredCount === 1 ? "y" : "ies"} not measured (never in the totals).
            </p>
            <StageTotals report={report} />
            <h3>Facilities</h3>
            {report.facilities.length === 0 ? (
              <p class="state state-empty" role="status">
                No facility {view.after === "" ? "in force" : "after this one"} at{" "}
                {report.reportingDate}.
              </p>
            ) : (
              <div class="ifrs9-scroll" role="region" aria-label="Facilities" tabIndex={0}>
                <FacilityTable report={report} />
              </div>
            )}
            <nav class="pager" aria-label="Facility pages">
              {view.after === "" ? null : (
                <button
                  type="button"
                  class="secondary"
                  onClick={() => {
                    props.onPage("");
                  }}
                >
                  First page
                </button>
              )}
              {report.nextAfter === null ? null : (
                <button
                  type="button"
                  class="secondary"
                  onClick={() => {
                    props.onPage(report.nextAfter ?? "");
                  }}
                >
                  Next facilities
                </button>
              )}
            </nav>
          </>
        )}
      </Show>
    </section>
  );
}
