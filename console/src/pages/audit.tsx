// The audit trail page: the ledger's events with their hash chain (GET .../audit), filtered by
// event type and actor, from any sequence, a page at a time with the API's cursors (Next,
// Previous, First). The URL's query string holds the whole view, so a copied link
// reproduces it. Only auditor (and admin) keys may read the trail: others see the API's 403.
import type { JSX } from "preact";
import type { ConsoleError } from "../api";
import { useQuery } from "../api";
import { Show } from "../components/states";
import { navigate, segment, type Location } from "../router";
import { hasRole, useSession } from "../session";
import { AuditFilters } from "./audit/filters";
import { AuditTable } from "./audit/table";
import {
  loadAuditPage,
  pathOf,
  rangeOf,
  viewOf,
  type AuditPageData,
  type AuditView,
} from "./audit/view";
import "./audit.css";

/** Worth trying again: the read model is behind or the API is unreachable or failing. */
const retryable = (error: ConsoleError): boolean =>
  error.code === "read_model_behind" || error.status === 0 || error.status >= 500;

function Pager(props: {
  readonly page: AuditPageData;
  readonly view: AuditView;
  readonly go: (view: AuditView) => void;
  /** The pager above the table announces the page; the one below repeats it silently. */
  readonly place: "top" | "bottom";
}): JSX.Element {
  const { page, view } = props;
  const atStart = view.fromSequence === "" && view.before === "";
  return (
    <nav class="pager audit-pager" aria-label={`Audit trail pages (${props.place})`}>
      <button
        type="button"
        class="secondary"
        disabled={atStart}
        onClick={() => {
          props.go({ ...view, fromSequence: "", before: "" });
        }}
      >
        First page
      </button>
      <button
        type="button"
        class="secondary"
        disabled={page.previousBefore === null}
        onClick={() => {
          props.go({ ...view, fromSequence: "", before: String(page.previousBefore) });
        }}
      >
        Previous
      </button>
      <button
        type="button"
        disabled={page.nextFromSequence === null}
        onClick={() => {
          props.go({ ...view, before: "", fromSequence: String(page.nextFromSequence) });
        }}
      >
        Next
      </button>
      {props.place === "top" ? (
        <span class="hint" role="status" aria-live="polite">
          {rangeOf(page.events)}
        </span>
      ) : null}
    </nav>
  );
}

function describeFilter(view: AuditView): string {
  const parts = [
    view.type === "" ? "all event types" : `type ${view.type}`,
    view.actor === "" ? "every actor" : `actor ${view.actor}`,
  ];
  return parts.join(", ");
}

export function AuditPage(props: {
  readonly params: Record<string, string>;
  readonly location: Location;
}): JSX.Element {
  // The shell calls pages as functions, outside its session provider: hooks live below.
  return <AuditTrail ledgerId={props.params.ledgerId ?? ""} query={props.location.query} />;
}

function AuditTrail(props: { readonly ledgerId: string; readonly query: URLSearchParams }) {
  const { ledgerId } = props;
  const { principal } = useSession();
  const view = viewOf(props.query);
  const ledgerPath = `/ledgers/${segment(ledgerId)}/audit`;
  const go = (next: AuditView): void => {
    navigate(pathOf(ledgerPath, next), { replace: true });
  };
  const filterLink = (filter: { type?: string; actor?: string }): string =>
    pathOf(ledgerPath, { ...view, ...filter, fromSequence: "", before: "" });
  const { query, reload } = useQuery(
    (client) => loadAuditPage(client, ledgerId, view),
    [ledgerId, view.type, view.actor, view.fromSequence, view.before, view.limit],
  );
  const retry = query.status === "error" && retryable(query.error) ? reload : undefined;
  return (
    <section aria-labelledby="audit-title" class="audit">
      <h1 id="audit-title">Audit trail of {ledgerId}</h1>
      <p class="hint">
        Every event of the ledger as the audit read model verified it: each hash recomputed and
        linked to the one before. Showing {describeFilter(view)}.
      </p>
      {hasRole(principal, "auditor") ? null : (
        <p class="hint">The audit trail is for auditor and admin keys.</p>
      )}
      <AuditFilters view={view} onApply={go} />
      <div aria-busy={query.status === "loading"}>
        <Show
          query={query}
          what="audit events"
          {...(retry === undefined ? {} : { retry })}
          isEmpty={(page) =>
            page.events.length === 0 &&
            page.previousBefore === null &&
            page.nextFromSequence === null
          }
          empty="No event matches these filters."
        >
          {(page) => (
            <>
              <Pager page={page} view={view} go={go} place="top" />
              {page.events.length === 0 ? (
                <p class="state">No matching event on this page; use Previous or First page.</p>
              ) : (
                <AuditTable
                  events={page.events}
                  caption={`Audit events of ${ledgerId}: ${rangeOf(page.events)}`}
                  filterLink={filterLink}
                />
              )}
              {page.events.length > 10 ? (
                <Pager page={page} view={view} go={go} place="bottom" />
              ) : null}
            </>
          )}
        </Show>
      </div>
    </section>
  );
}
