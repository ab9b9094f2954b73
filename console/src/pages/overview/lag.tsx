// The read models' lag as GET /health/ready reports it (public, so every key sees it): per read
// model its version, state, and how far it is behind in events and seconds. The read models
// serve every ledger, so the lag is the whole deployment's, not this ledger's alone.
import type { JSX } from "preact";
import { useQuery } from "../../api";
import { Show } from "../../components/states";
import { loadReadiness, type Projection } from "./data";

const STATE_CLASS: Readonly<Record<string, string>> = {
  caught_up: "status-ok",
  running: "status-ok",
  failed: "status-bad",
  stopped: "status-bad",
};

function LagRow(props: { readonly projection: Projection }): JSX.Element {
  const p = props.projection;
  return (
    <tr>
      <th scope="row">{p.name}</th>
      <td class="num">v{p.version}</td>
      <td>
        <span class={STATE_CLASS[p.state] ?? "status-warn"}>{p.state.replace("_", " ")}</span>
        {p.active ? null : <span class="hint"> (being rebuilt; readers wait)</span>}
      </td>
      <td class="num">
        {p.lagEventsCapped ? "≥ " : ""}
        {p.lagEvents.toLocaleString("en-US")}
      </td>
      <td class="num">{p.lagSeconds.toFixed(3)}</td>
      <td>{p.error ?? "—"}</td>
    </tr>
  );
}

export function ProjectionLag(): JSX.Element {
  const { query, reload } = useQuery((client) => loadReadiness(client), []);
  return (
    <section aria-labelledby="lag-title">
      <h2 id="lag-title">Projection lag</h2>
      <p class="hint">
        How far each read model is behind the event store, over all ledgers (GET /health/ready).{" "}
        <button type="button" class="secondary" onClick={reload}>
          Refresh
        </button>
      </p>
      <Show
        query={query}
        what="the read models' lag"
        retry={reload}
        isEmpty={(report) => (report.projections ?? []).length === 0}
        empty="This process reports no read models."
      >
        {(report) => (
          <table class="data overview-lag">
            <caption class="visually-hidden">Read models and their lag</caption>
            <thead>
              <tr>
                <th scope="col">Read model</th>
                <th scope="col" class="num">
                  Version
                </th>
                <th scope="col">State</th>
                <th scope="col" class="num">
                  Lag (events)
                </th>
                <th scope="col" class="num">
                  Lag (seconds)
                </th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {(report.projections ?? []).map((projection) => (
                <LagRow key={projection.name} projection={projection} />
              ))}
            </tbody>
          </table>
        )}
      </Show>
    </section>
  );
}
