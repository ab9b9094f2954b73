// One page of a trial balance: per currency, each account's posted debits and credits and its
// debit or credit balance, the totals over every account (the API's), and the check that the
// debit balances equal the credit balances, compared as exact decimal strings.
import type { JSX } from "preact";
import { compareAmounts, formatAmount, subtractAmounts } from "../../format";
import { Link, segment } from "../../router";
import type { AccountRow, TrialBalance } from "./load";

type Currency = TrialBalance["currencies"][number];

/** The account's net posted balance on its debit or its credit side (the other is empty). */
export function sidesOf(account: AccountRow): { debit: string; credit: string } {
  const sign = compareAmounts(account.postedDebits, account.postedCredits);
  if (sign > 0)
    return { debit: subtractAmounts(account.postedDebits, account.postedCredits), credit: "" };
  if (sign < 0)
    return { debit: "", credit: subtractAmounts(account.postedCredits, account.postedDebits) };
  return { debit: "", credit: "" };
}

function Balanced(props: { readonly currency: Currency }): JSX.Element {
  const { currency } = props;
  const balances = compareAmounts(currency.debitBalances, currency.creditBalances) === 0;
  const posted = compareAmounts(currency.postedDebits, currency.postedCredits) === 0;
  const ok = balances && posted;
  return (
    <p class={ok ? "status-ok tb-check" : "status-bad tb-check"} data-check={currency.currency}>
      <span aria-hidden="true">{ok ? "✔ " : "✖ "}</span>
      {currency.currency}: {ok ? "balanced" : "NOT balanced"} — debit balances{" "}
      {formatAmount(currency.debitBalances)} {balances ? "=" : "≠"} credit balances{" "}
      {formatAmount(currency.creditBalances)}; posted debits {formatAmount(currency.postedDebits)}{" "}
      {posted ? "=" : "≠"} posted credits {formatAmount(currency.postedCredits)}
    </p>
  );
}

function CurrencyTable(props: {
  readonly ledgerId: string;
  readonly currency: Currency;
}): JSX.Element {
  const { currency, ledgerId } = props;
  const code = currency.currency;
  return (
    <section aria-labelledby={`tb-${code}`} class="tb-currency">
      <h2 id={`tb-${code}`}>{code}</h2>
      <Balanced currency={currency} />
      <table class="data" data-currency={code}>
        <caption class="visually-hidden">Trial balance in {code}</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Type</th>
            <th scope="col" class="num">
              Posted debits
            </th>
            <th scope="col" class="num">
              Posted credits
            </th>
            <th scope="col" class="num">
              Debit
            </th>
            <th scope="col" class="num">
              Credit
            </th>
          </tr>
        </thead>
        <tbody>
          {currency.accounts.length === 0 ? (
            <tr>
              <td colSpan={6}>No {code} account on this page (the totals cover every account).</td>
            </tr>
          ) : (
            currency.accounts.map((account) => {
              const sides = sidesOf(account);
              return (
                <tr key={account.accountId}>
                  <th scope="row">
                    <Link
                      to={`/ledgers/${segment(ledgerId)}/accounts/${segment(account.accountId)}`}
                    >
                      {account.accountId}
                    </Link>
                  </th>
                  <td>{account.type}</td>
                  <td class="num">{formatAmount(account.postedDebits)}</td>
                  <td class="num">{formatAmount(account.postedCredits)}</td>
                  <td class="num">{sides.debit === "" ? "" : formatAmount(sides.debit)}</td>
                  <td class="num">{sides.credit === "" ? "" : formatAmount(sides.credit)}</td>
                </tr>
              );
            })
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total {code} (every account)
            </th>
            <td class="num">{formatAmount(currency.postedDebits)}</td>
            <td class="num">{formatAmount(currency.postedCredits)}</td>
            <td class="num">{formatAmount(currency.debitBalances)}</td>
            <td class="num">{formatAmount(currency.creditBalances)}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

export function TrialBalanceTables(props: {
  readonly ledgerId: string;
  readonly trial: TrialBalance;
}): JSX.Element {
  return (
    <>
      {props.trial.currencies.map((currency) => (
        <CurrencyTable key={currency.currency} ledgerId={props.ledgerId} currency={currency} />
      ))}
    </>
  );
}
