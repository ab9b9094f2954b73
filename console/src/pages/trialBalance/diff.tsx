// The diff between two points A and B: per account and currency the balance at A, at B and
// the change B − A (exact decimal subtraction; only accounts whose balance changed), and the
// entries between the two points, oldest first, page by page (GET .../entries).
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useQuery } from "../../api";
import { Show } from "../../components/states";
import { compareAmounts, formatAmount, formatTime, subtractAmounts } from "../../format";
import { Link, segment } from "../../router";
import { entriesPage, rowKey, wholeTrialBalance, type WholeTrialBalance } from "./load";
import { describePoint, entriesBetween, type Point } from "./point";

export interface Change {
  readonly currency: string;
  readonly accountId: string;
  readonly atA: string | null;
  readonly atB: string | null;
  readonly change: string;
}

/** The accounts whose balance differs between A and B (an account absent at a point is 0). */
export function changesOf(a: WholeTrialBalance, b: WholeTrialBalance): Change[] {
  const keys = new Set([...a.accounts.keys(), ...b.accounts.keys()]);
  const changes: Change[] = [];
  for (const key of keys) {
    const atA = a.accounts.get(key) ?? null;
    const atB = b.accounts.get(key) ?? null;
    const row = atB ?? atA;
    if (row === null) continue;
    const change = subtractAmounts(atB?.balance ?? "0", atA?.balance ?? "0");
    if (compareAmounts(change, "0") === 0) continue;
    changes.push({
      currency: row.currency,
      accountId: row.accountId,
      atA: atA?.balance ?? null,
      atB: atB?.balance ?? null,
      change,
    });
  }
  return changes.sort((x, y) =>
    rowKey(x.currency, x.accountId) < rowKey(y.currency, y.accountId) ? -1 : 1,
  );
}

function ChangesTable(props: {
  readonly ledgerId: string;
  readonly changes: readonly Change[];
}): JSX.Element {
  if (props.changes.length === 0) {
    return <p class="state state-empty">No account balance differs between A and B.</p>;
  }
  return (
    <table class="data" id="tb-changes">
      <caption class="visually-hidden">Balances that changed between A and B</caption>
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">Currency</th>
          <th scope="col" class="num">
            Balance at A
          </th>
          <th scope="col" class="num">
            Balance at B
          </th>
          <th scope="col" class="num">
            Change (B − A)
          </th>
        </tr>
      </thead>
      <tbody>
        {props.changes.map((row) => (
          <tr key={rowKey(row.currency, row.accountId)}>
            <th scope="row">
              <Link to={`/ledgers/${segment(props.ledgerId)}/accounts/${segment(row.accountId)}`}>
                {row.accountId}
              </Link>
            </th>
            <td>{row.currency}</td>
            <td class="num">{row.atA === null ? "—" : formatAmount(row.atA)}</td>
            <td class="num">{row.atB === null ? "—" : formatAmount(row.atB)}</td>
            <td class="num">{formatAmount(row.change)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EntriesBetween(props: {
  readonly ledgerId: string;
  readonly filter: Record<string, string>;
}): JSX.Element {
  const [cursors, setCursors] = useState<readonly string[]>([]);
  const filterKey = JSON.stringify(props.filter);
  const cursor = cursors[cursors.length - 1];
  const { query, reload } = useQuery(
    (client) => entriesPage(client, props.ledgerId, props.filter, cursor),
    [props.ledgerId, filterKey, cursor],
  );
  return (
    <section aria-labelledby="tb-entries-title" aria-live="polite">
      <h3 id="tb-entries-title">Entries between A and B</h3>
      <p class="hint">
        GET /v1/ledgers/{props.ledgerId}/entries?
        {new URLSearchParams({ ...props.filter, order: "oldest" }).toString()}
        {cursors.length > 0 ? ` (page ${cursors.length + 1})` : ""}
      </p>
      <Show
        query={query}
        what="entries between the points"
        retry={reload}
        isEmpty={(page) => page.items.length === 0 && cursors.length === 0}
        empty="No entry lies between A and B."
      >
        {(page) => (
          <>
            <table class="data" id="tb-entries">
              <caption class="visually-hidden">Entries between A and B, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    Sequence
                  </th>
                  <th scope="col">Entry</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Effective</th>
                  <th scope="col">Recorded</th>
                  <th scope="col">Postings</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((entry) => (
                  <tr key={entry.id}>
                    <td class="num">{entry.sequence}</td>
                    <th scope="row">
                      <code>{entry.id}</code>
                    </th>
                    <td>{entry.kind}</td>
                    <td>{formatTime(entry.effectiveAt)}</td>
                    <td>{formatTime(entry.recordedAt)}</td>
                    <td>
                      <ul class="tb-postings">
                        {entry.postings.map((posting, index) => (
                          <li key={index}>
                            {posting.side} {posting.accountId} {formatAmount(posting.amount)}{" "}
                            {posting.currency}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div class="pager">
              <button
                type="button"
                class="secondary"
                disabled={cursors.length === 0}
                onClick={() => {
                  setCursors(cursors.slice(0, -1));
                }}
              >
                Previous entries
              </button>
              <button
                type="button"
                disabled={page.nextCursor === null}
                onClick={() => {
                  if (page.nextCursor !== null) setCursors([...cursors, page.nextCursor]);
                }}
              >
                Next entries
              </button>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}

export function DiffView(props: {
  readonly ledgerId: string;
  readonly a: Point;
  readonly b: Point;
}): JSX.Element {
  const { ledgerId, a, b } = props;
  const { query, reload } = useQuery(
    (client) =>
      Promise.all([wholeTrialBalance(client, ledgerId, a), wholeTrialBalance(client, ledgerId, b)]),
    [ledgerId, JSON.stringify(a), JSON.stringify(b)],
  );
  return (
    <section aria-labelledby="tb-diff-title" class="tb-diff">
      <h2 id="tb-diff-title">Diff: A → B</h2>
      <p>
        A: {describePoint(a)}; B: {describePoint(b)}.
      </p>
      <Show query={query} what="the two trial balances" retry={reload}>
        {([atA, atB]) => {
          const filter = entriesBetween(a, b, atA.sequence ?? -1, atB.sequence ?? -1);
          return (
            <>
              <p class="hint">
                A reflects sequence {atA.sequence ?? "—"}, B reflects sequence {atB.sequence ?? "—"}
                . Balances are on each account&apos;s normal side.
              </p>
              <h3>Balances that changed</h3>
              <ChangesTable ledgerId={ledgerId} changes={changesOf(atA, atB)} />
              {filter === null ? (
                <p class="hint">
                  A and B differ both in effective date and in knowledge: no single entry listing
                  covers that. Change one of the two to list the entries between them.
                </p>
              ) : (
                <EntriesBetween key={JSON.stringify(filter)} ledgerId={ledgerId} filter={filter} />
              )}
            </>
          );
        }}
      </Show>
    </section>
  );
}
