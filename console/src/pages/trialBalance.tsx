// The trial balance page: per currency each account's debits and credits, the totals and the
// check that debits equal credits, as of any point the API takes (now, a recorded sequence,
// an effective time as known at a recorded time), with a diff against a second point. The
// URL's query string holds the whole view, so a copied link reproduces it.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { ConsoleError } from "../api";
import { useQuery } from "../api";
import { Show } from "../components/states";
import { navigate, withQuery, type Location } from "../router";
import { PointControls } from "./trialBalance/controls";
import { DiffView } from "./trialBalance/diff";
import { ledgerHead, trialBalancePage, type TrialBalance } from "./trialBalance/load";
import {
  DEFAULT_PAGE_SIZE,
  describePoint,
  PAGE_SIZES,
  queryOf,
  viewOf,
  type TrialBalanceView,
} from "./trialBalance/point";
import { TrialBalanceTables } from "./trialBalance/table";
import "./trialBalance.css";

/** Worth trying again: the read model is behind or the API is unreachable or failing. */
const retryable = (error: ConsoleError): boolean =>
  error.code === "read_model_behind" || error.status === 0 || error.status >= 500;

function CopyLink(): JSX.Element {
  const [status, setStatus] = useState("");
  const copy = (): void => {
    const url = window.location.href;
    navigator.clipboard.writeText(url).then(
      () => {
        setStatus("Link copied.");
      },
      () => {
        setStatus(`Copy this link: ${url}`);
      },
    );
  };
  return (
    <p class="tb-copy">
      <button type="button" class="secondary" onClick={copy}>
        Copy link
      </button>{" "}
      <span role="status" aria-live="polite" class="hint">
        {status}
      </span>
    </p>
  );
}

function Pager(props: {
  readonly trial: TrialBalance;
  readonly after: string | undefined;
  readonly limit: string;
  readonly onPage: (after: string | undefined) => void;
  readonly onLimit: (limit: string) => void;
}): JSX.Element {
  const { trial } = props;
  return (
    <nav class="pager" aria-label="Accounts pages">
      <button
        type="button"
        class="secondary"
        disabled={props.after === undefined}
        onClick={() => {
          props.onPage(undefined);
        }}
      >
        First page
      </button>
      <button
        type="button"
        disabled={trial.nextCursor === null}
        onClick={() => {
          if (trial.nextCursor !== null) props.onPage(trial.nextCursor);
        }}
      >
        Next page
      </button>
      <label for="tb-limit">Accounts per page</label>
      <select
        id="tb-limit"
        value={props.limit}
        onChange={(event) => {
          props.onLimit(event.currentTarget.value);
        }}
      >
        {PAGE_SIZES.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
      <span class="hint">
        {props.after === undefined ? "From the first account" : `Accounts after ${props.after}`};{" "}
        {trial.accountCount} accounts in all.
      </span>
    </nav>
  );
}

export function TrialBalancePage(props: {
  readonly params: Record<string, string>;
  readonly location: Location;
}): JSX.Element {
  const ledgerId = props.params.ledgerId ?? "";
  const view = viewOf(props.location.query);
  const show = (next: TrialBalanceView): void => {
    navigate(withQuery(props.location.path, queryOf(next)), { replace: true });
  };
  const head = useQuery((client) => ledgerHead(client, ledgerId), [ledgerId]);
  const pointKey = JSON.stringify(view.point);
  const limit = view.limit ?? DEFAULT_PAGE_SIZE;
  const trial = useQuery(
    (client) => trialBalancePage(client, ledgerId, view.point, view.after, limit),
    [ledgerId, pointKey, view.after, limit],
  );
  const retry =
    trial.query.status === "error" && !retryable(trial.query.error) ? {} : { retry: trial.reload };
  return (
    <section aria-labelledby="tb-title" class="tb">
      <h1 id="tb-title">Trial balance — {ledgerId}</h1>
      <PointControls
        view={view}
        head={head.query.status === "ok" ? head.query.data.sequence : null}
        onChange={(next) => {
          // A new point starts at the first page, at the same page size.
          show({ ...next, ...(view.limit === undefined ? {} : { limit: view.limit }) });
        }}
      />
      {head.query.status === "error" ? (
        <Show query={head.query} what="the ledger's head" retry={head.reload}>
          {() => null}
        </Show>
      ) : null}
      <CopyLink />
      <div aria-live="polite">
        <Show query={trial.query} what="the trial balance" {...retry}>
          {(data) => (
            <>
              <p class="tb-summary">
                Point A: <strong>{describePoint(view.point)}</strong>; the answer reflects sequence{" "}
                <strong data-testid="tb-sequence">{data.sequence ?? "—"}</strong>.
              </p>
              {data.currencies.length === 0 ? (
                <p class="state state-empty">No account was known at this point.</p>
              ) : (
                <TrialBalanceTables ledgerId={ledgerId} trial={data} />
              )}
              <Pager
                trial={data}
                after={view.after}
                limit={limit}
                onPage={(after) => {
                  show({ ...view, after: after ?? "" });
                }}
                onLimit={(size) => {
                  show({ ...view, after: "", limit: size });
                }}
              />
            </>
          )}
        </Show>
      </div>
      {view.compare === null ? null : (
        <DiffView ledgerId={ledgerId} a={view.point} b={view.compare} />
      )}
    </section>
  );
}
