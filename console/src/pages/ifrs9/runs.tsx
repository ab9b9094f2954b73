// The provisioning runs (GET .../ifrs9/runs, newest first, paged by cursor): each run's
// reporting date, parameter set, allowance before and after, and what it posted; a run's row
// expands to the journal entry it posted (GET .../entries/{entryId}: postings and amounts).
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { unwrap, useQuery } from "../../api";
import { Show } from "../../components/states";
import { formatAmount, formatTime } from "../../format";
import { Link, segment } from "../../router";
import type { Entry, Ifrs9View, Run } from "./model";

function EntryDetail(props: { readonly ledgerId: string; readonly entryId: string }): JSX.Element {
  const { ledgerId, entryId } = props;
  const { query, reload } = useQuery(
    (client) =>
      unwrap(
        client.GET("/v1/ledgers/{ledgerId}/entries/{entryId}", {
          params: { path: { ledgerId, entryId } },
        }),
      ),
    [ledgerId, entryId],
  );
  return (
    <Show query={query} what={`entry ${entryId}`} retry={reload}>
      {(entry: Entry) => (
        <table class="data run-postings">
          <caption>
            Entry <code>{entry.id}</code>, effective {formatTime(entry.effectiveAt)}, sequence{" "}
            {entry.sequence}
          </caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col" class="num">
                Debit
              </th>
              <th scope="col" class="num">
                Credit
              </th>
              <th scope="col">Currency</th>
            </tr>
          </thead>
          <tbody>
            {entry.postings.map((posting, index) => (
              <tr key={index}>
                <th scope="row">
                  <Link to={`/ledgers/${segment(ledgerId)}/accounts/${segment(posting.accountId)}`}>
                    {posting.accountId}
                  </Link>
                </th>
                <td class="num">{posting.side === "debit" ? formatAmount(posting.amount) : ""}</td>
                <td class="num">{posting.side === "credit" ? formatAmount(posting.amount) : ""}</td>
                <td>{posting.currency}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Show>
  );
}

function RunRow(props: { readonly ledgerId: string; readonly run: Run }): JSX.Element {
  const { ledgerId, run } = props;
  const [open, setOpen] = useState(false);
  const detailId = `run-entry-${run.sequence}`;
  return (
    <>
      <tr data-run={run.runId}>
        <th scope="row">{run.reportingDate}</th>
        <td>
          <code title={run.runId}>{run.parameterSetId}</code>
        </td>
        <td class="num">{formatAmount(run.previousAllowance)}</td>
        <td class="num">{formatAmount(run.allowance)}</td>
        <td class="num">{formatAmount(run.difference)}</td>
        <td>{run.currency}</td>
        <td>{formatTime(run.recordedAt)}</td>
        <td>
          {run.entryId === null ? (
            <span class="hint">nothing posted</span>
          ) : (
            <button
              type="button"
              class="secondary"
              aria-expanded={open}
              aria-controls={detailId}
              onClick={() => {
                setOpen(!open);
              }}
            >
              {open ? "Hide" : "Show"} entry {run.entryId}
            </button>
          )}
        </td>
      </tr>
      {open && run.entryId !== null ? (
        <tr id={detailId} class="run-detail">
          <td colSpan={8}>
            <EntryDetail ledgerId={ledgerId} entryId={run.entryId} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

export function RunsSection(props: {
  readonly ledgerId: string;
  readonly view: Ifrs9View;
  /** Changes when a run was posted here: the list loads again. */
  readonly generation: number;
  readonly onPage: (cursor: string) => void;
  readonly action: JSX.Element | null;
}): JSX.Element {
  const { ledgerId, view } = props;
  const { query, reload } = useQuery(
    (client) =>
      unwrap(
        client.GET("/v1/ledgers/{ledgerId}/ifrs9/runs", {
          params: {
            path: { ledgerId },
            query: view.runs === "" ? {} : { cursor: view.runs },
          },
        }),
      ),
    [ledgerId, view.runs, props.generation],
  );
  return (
    <section aria-labelledby="ifrs9-runs-title" aria-live="polite">
      <h2 id="ifrs9-runs-title">Provisioning runs</h2>
      {props.action}
      <Show
        query={query}
        what="the provisioning runs"
        retry={reload}
        isEmpty={(list) => list.items.length === 0}
        empty="No provisioning run yet: a run records the allowance and posts its change to the loss allowance account."
      >
        {(list) => (
          <>
            <table class="data ifrs9-runs">
              <caption class="visually-hidden">Provisioning runs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Reporting date</th>
                  <th scope="col">Parameter set</th>
                  <th scope="col" class="num">
                    Allowance before
                  </th>
                  <th scope="col" class="num">
                    Allowance
                  </th>
                  <th scope="col" class="num">
                    Posted
                  </th>
                  <th scope="col">Currency</th>
                  <th scope="col">Recorded</th>
                  <th scope="col">Entry</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((run) => (
                  <RunRow key={run.runId} ledgerId={ledgerId} run={run} />
                ))}
              </tbody>
            </table>
            <nav class="pager" aria-label="Run pages">
              {view.runs === "" ? null : (
                <button
                  type="button"
                  class="secondary"
                  onClick={() => {
                    props.onPage("");
                  }}
                >
                  Newest runs
                </button>
              )}
              {list.nextCursor === null ? null : (
                <button
                  type="button"
                  class="secondary"
                  onClick={() => {
                    props.onPage(list.nextCursor ?? "");
                  }}
                >
                  Older runs
                </button>
              )}
            </nav>
          </>
        )}
      </Show>
    </section>
  );
}
