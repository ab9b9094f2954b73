// The account's facts (type, currency, status, attributes, metadata) and its balances as
// GET .../accounts/{accountId} answers them, read from the writer's state: strongly
// consistent, at the sequence shown. Figures are the API's decimal strings.
import { Fragment, type JSX } from "preact";
import { formatAmount } from "../../format";
import type { Account } from "./load";

function Facts(props: { readonly account: Account }): JSX.Element {
  const { account } = props;
  return (
    <div class="card">
      <dl>
        <dt>Type</dt>
        <dd>
          {account.type} (normal side {account.normalSide})
        </dd>
        <dt>Currency</dt>
        <dd>{account.currency}</dd>
        <dt>Status</dt>
        <dd class={account.status === "open" ? "status-ok" : "status-warn"}>{account.status}</dd>
        <dt>Version</dt>
        <dd>{account.version}</dd>
        {account.flags.debitsMustNotExceedCredits ? (
          <>
            <dt>Flag</dt>
            <dd>debits must not exceed credits</dd>
          </>
        ) : null}
        {account.flags.creditsMustNotExceedDebits ? (
          <>
            <dt>Flag</dt>
            <dd>credits must not exceed debits</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

function Pairs(props: {
  readonly title: string;
  readonly pairs: readonly (readonly [string, string])[];
}): JSX.Element {
  return (
    <div class="card">
      <h3 class="account-card-title">{props.title}</h3>
      {props.pairs.length === 0 ? (
        <p class="hint">None.</p>
      ) : (
        <dl>
          {props.pairs.map(([name, value]) => (
            <Fragment key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </div>
  );
}

const BALANCE_ROWS = [
  ["postedDebits", "Posted debits"],
  ["postedCredits", "Posted credits"],
  ["pendingDebits", "Pending debits"],
  ["pendingCredits", "Pending credits"],
  ["balance", "Balance"],
  ["available", "Available"],
] as const;

function Balances(props: { readonly account: Account }): JSX.Element {
  const { balances, currency } = props.account;
  return (
    <table class="data account-balances">
      <caption>
        Balances <span class="hint">(at sequence {props.account.sequence})</span>
      </caption>
      <tbody>
        {BALANCE_ROWS.map(([field, label]) => (
          <tr key={field}>
            <th scope="row">{label}</th>
            <td class="num">
              {formatAmount(balances[field])} {currency}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AccountSummary(props: { readonly account: Account }): JSX.Element {
  const { account } = props;
  const attributes = Object.entries(account.attributes).flatMap(([name, value]) =>
    typeof value === "string" ? [[name, value] as const] : [],
  );
  return (
    <div class="account-summary">
      <Balances account={account} />
      <div class="cards account-cards">
        <Facts account={account} />
        <Pairs title="Attributes" pairs={attributes} />
        <Pairs title="Metadata" pairs={Object.entries(account.metadata)} />
      </div>
    </div>
  );
}
