// The account page: one account's facts and balances (strongly consistent, from the writer),
// its balances over a period as a chart and the statement's lines with running balances, its
// holds with their expiry, and the statement of the period to download as JSON, CSV or
// camt.053. The period (?from=&to=), the entries page (?page=) and the holds page (?holds=)
// live in the URL, so a shared link shows the same view.
import type { JSX } from "preact";
import { useEffect } from "preact/hooks";
import { useQuery, type ConsoleError } from "../api";
import { Loading, Show } from "../components/states";
import { Link, navigate, segment, withQuery, type Location } from "../router";
import { BalanceChart } from "./account/balanceChart";
import { PeriodControls } from "./account/controls";
import { StatementDownloads } from "./account/downloads";
import { EntriesTable } from "./account/entriesTable";
import { AccountHolds } from "./account/holds";
import { firstEntryTime, loadAccount, loadStatement, type Period } from "./account/load";
import { defaultPeriod, periodOf } from "./account/period";
import { AccountSummary } from "./account/summary";
import "./account.css";

/** Worth trying again: the read model is behind or the API is unreachable or failing. */
const retryable = (error: ConsoleError): boolean =>
  error.code === "read_model_behind" || error.status === 0 || error.status >= 500;

type Change = Record<string, string | undefined>;

/** Replaces some of the URL's query values, keeping the others. */
function useUpdate(location: Location): (change: Change) => void {
  return (change) => {
    const values: Change = Object.fromEntries(location.query.entries());
    navigate(withQuery(location.path, { ...values, ...change }), { replace: true });
  };
}

/** No period in the URL: finds the default (first entry, last 90 days) and puts it there. */
function DefaultPeriod(props: {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly update: (change: Change) => void;
}): JSX.Element {
  const { ledgerId, accountId, update } = props;
  const first = useQuery(
    (client) => firstEntryTime(client, ledgerId, accountId),
    [ledgerId, accountId],
  );
  useEffect(() => {
    if (first.query.status === "loading") return;
    const firstEntry = first.query.status === "ok" ? first.query.data : null;
    update({ ...defaultPeriod(firstEntry, Date.now()), page: undefined });
  }, [first.query.status]);
  return <Loading what="the statement period" />;
}

function PeriodView(props: {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly period: Period;
  readonly page: number;
  readonly update: (change: Change) => void;
}): JSX.Element {
  const { ledgerId, accountId, period, update } = props;
  const statement = useQuery(
    (client) => loadStatement(client, ledgerId, accountId, period),
    [ledgerId, accountId, period.from, period.to],
  );
  const retry =
    statement.query.status === "error" && !retryable(statement.query.error)
      ? {}
      : { retry: statement.reload };
  return (
    <section aria-labelledby="account-period-title">
      <h2 id="account-period-title">Balances over time and entries</h2>
      <PeriodControls
        key={`${period.from}/${period.to}`}
        period={period}
        onChange={(next) => {
          update({ ...next, page: undefined });
        }}
      />
      <div aria-live="polite">
        <Show query={statement.query} what="the statement" {...retry}>
          {(data) => (
            <>
              <p class="hint">
                From {data.from} to {data.to} (not included), {data.basis} time; consistent at
                sequence <strong data-testid="statement-sequence">{data.sequence}</strong>.
              </p>
              <BalanceChart statement={data} />
              <StatementDownloads ledgerId={ledgerId} accountId={accountId} period={period} />
              <h3>Entries with the running balance</h3>
              <EntriesTable
                statement={data}
                page={props.page}
                onPage={(page) => {
                  update({ page: page === 1 ? undefined : String(page) });
                }}
              />
            </>
          )}
        </Show>
      </div>
    </section>
  );
}

interface PageProps {
  readonly params: Record<string, string>;
  readonly location: Location;
}

/**
 * The page. The shell calls it as a function, inside its own render and outside the session
 * provider it renders, so the page's hooks live in AccountView, rendered as a component.
 */
export function AccountPage(props: PageProps): JSX.Element {
  return <AccountView params={props.params} location={props.location} />;
}

function AccountView(props: PageProps): JSX.Element {
  const ledgerId = props.params.ledgerId ?? "";
  const accountId = props.params.accountId ?? "";
  const { query } = props.location;
  const update = useUpdate(props.location);
  const period = periodOf(query);
  const page = Number.parseInt(query.get("page") ?? "1", 10);
  const holdsCursor = query.get("holds") ?? undefined;
  const account = useQuery(
    (client) => loadAccount(client, ledgerId, accountId),
    [ledgerId, accountId],
  );
  const retry =
    account.query.status === "error" && !retryable(account.query.error)
      ? {}
      : { retry: account.reload };
  return (
    <section aria-labelledby="account-title" class="account">
      <p class="hint">
        <Link to={`/ledgers/${segment(ledgerId)}/trial-balance`}>Trial balance</Link> › {ledgerId}
      </p>
      <h1 id="account-title">
        Account <code>{accountId}</code>
      </h1>
      <Show query={account.query} what="the account" {...retry}>
        {(data) => (
          <>
            <AccountSummary account={data} />
            {period === null ? (
              <DefaultPeriod ledgerId={ledgerId} accountId={accountId} update={update} />
            ) : (
              <PeriodView
                ledgerId={ledgerId}
                accountId={accountId}
                period={period}
                page={Number.isNaN(page) ? 1 : page}
                update={update}
              />
            )}
            <AccountHolds
              ledgerId={ledgerId}
              accountId={accountId}
              cursor={holdsCursor === "" ? undefined : holdsCursor}
              onCursor={(cursor) => {
                update({ holds: cursor });
              }}
            />
          </>
        )}
      </Show>
    </section>
  );
}
