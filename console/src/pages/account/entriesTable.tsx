// The statement's lines as a table: the opening balance, each line (effective time, entry id,
// description, what it did, debit or credit, and the posted and available balances after it),
// and the closing balance. The API bounds a statement (at most 10,000 lines, else it refuses
// the period); the table shows them LINES_PER_PAGE at a time, the page kept in the URL.
import type { JSX } from "preact";
import { formatAmount, formatTime } from "../../format";
import type { Statement, StatementLine } from "./load";

export const LINES_PER_PAGE = 100;

const EFFECT_LABEL: Record<StatementLine["effect"], string> = {
  posted: "posted",
  hold: "hold",
  release: "hold released",
};

function LineRow(props: { readonly line: StatementLine }): JSX.Element {
  const { line } = props;
  const amount = formatAmount(line.amount);
  return (
    <tr class={`account-line account-line-${line.effect}`}>
      <td>{formatTime(line.effectiveAt)}</td>
      <th scope="row">
        <code>{line.entryId}</code>
      </th>
      <td>{line.description}</td>
      <td>
        {EFFECT_LABEL[line.effect]}
        {line.kind === "reversal" ? " (reversal)" : ""}
      </td>
      <td class="num">{line.side === "debit" ? amount : ""}</td>
      <td class="num">{line.side === "credit" ? amount : ""}</td>
      <td class="num">{formatAmount(line.postedBalance)}</td>
      <td class="num">{formatAmount(line.availableBalance)}</td>
    </tr>
  );
}

function BalanceRow(props: {
  readonly label: string;
  readonly at: string;
  readonly balances: Statement["opening"];
}): JSX.Element {
  return (
    <tr class="account-balance-row">
      <td>{formatTime(props.at)}</td>
      <th scope="row" colSpan={5}>
        {props.label}
      </th>
      <td class="num">{formatAmount(props.balances.posted)}</td>
      <td class="num">{formatAmount(props.balances.available)}</td>
    </tr>
  );
}

function Pager(props: {
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  readonly onPage: (page: number) => void;
}): JSX.Element {
  const { page, pages } = props;
  return (
    <nav class="pager" aria-label="Entries pages">
      <button
        type="button"
        class="secondary"
        disabled={page <= 1}
        onClick={() => {
          props.onPage(page - 1);
        }}
      >
        Previous lines
      </button>
      <button
        type="button"
        disabled={page >= pages}
        onClick={() => {
          props.onPage(page + 1);
        }}
      >
        Next lines
      </button>
      <span class="hint" aria-live="polite">
        Page {page} of {pages}: {props.total} lines in the period.
      </span>
    </nav>
  );
}

export function EntriesTable(props: {
  readonly statement: Statement;
  readonly page: number;
  readonly onPage: (page: number) => void;
}): JSX.Element {
  const { statement } = props;
  const total = statement.lines.length;
  const pages = Math.max(1, Math.ceil(total / LINES_PER_PAGE));
  const page = Math.min(Math.max(1, props.page), pages);
  const shown = statement.lines.slice((page - 1) * LINES_PER_PAGE, page * LINES_PER_PAGE);
  return (
    <>
      <table class="data account-entries">
        <caption class="visually-hidden">
          Entries of {statement.accountId} with running balances, {statement.currency}
        </caption>
        <thead>
          <tr>
            <th scope="col">Effective</th>
            <th scope="col">Entry</th>
            <th scope="col">Description</th>
            <th scope="col">Effect</th>
            <th scope="col" class="num">
              Debit
            </th>
            <th scope="col" class="num">
              Credit
            </th>
            <th scope="col" class="num">
              Balance
            </th>
            <th scope="col" class="num">
              Available
            </th>
          </tr>
        </thead>
        <tbody>
          {page === 1 ? (
            <BalanceRow label="Opening balance" at={statement.from} balances={statement.opening} />
          ) : null}
          {shown.map((line, index) => (
            <LineRow key={`${line.sequence}-${line.effect}-${line.side}-${index}`} line={line} />
          ))}
          {total === 0 ? (
            <tr>
              <td colSpan={8} class="hint">
                No line in this period: nothing moved the account.
              </td>
            </tr>
          ) : null}
        </tbody>
        {page === pages ? (
          <tfoot>
            <BalanceRow label="Closing balance" at={statement.to} balances={statement.closing} />
          </tfoot>
        ) : null}
      </table>
      {pages > 1 ? <Pager page={page} pages={pages} total={total} onPage={props.onPage} /> : null}
    </>
  );
}
