// The account's holds (GET .../pending?account=: every hold with a posting on the account),
// soonest expiry first as the API lists them: status, what the hold puts on this account
// (side and amount), when it was placed, when it expires or expired, and when it was
// resolved. A page at a time; the page's cursor is kept in the URL (?holds=).
import type { JSX } from "preact";
import { useQuery } from "../../api";
import { Show } from "../../components/states";
import { formatAmount, formatTime } from "../../format";
import { loadHolds, type Hold } from "./load";

const STATUS_CLASS: Record<Hold["status"], string> = {
  open: "status-warn",
  posted: "status-ok",
  voided: "",
  expired: "",
};

/** What the hold puts on the account: "debit 35.00 USD" (several postings joined). */
export function holdAmount(hold: Hold, accountId: string): string {
  return hold.postings
    .filter((posting) => posting.accountId === accountId)
    .map((posting) => `${posting.side} ${formatAmount(posting.amount)} ${posting.currency}`)
    .join("; ");
}

function HoldsTable(props: {
  readonly holds: readonly Hold[];
  readonly accountId: string;
}): JSX.Element {
  return (
    <table class="data account-holds">
      <caption class="visually-hidden">Holds on {props.accountId}</caption>
      <thead>
        <tr>
          <th scope="col">Hold</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">
            On this account
          </th>
          <th scope="col">Placed (effective)</th>
          <th scope="col">Expires</th>
          <th scope="col">Resolved at sequence</th>
        </tr>
      </thead>
      <tbody>
        {props.holds.map((hold) => (
          <tr key={hold.id}>
            <th scope="row">
              <code>{hold.id}</code>
            </th>
            <td class={STATUS_CLASS[hold.status]}>{hold.status}</td>
            <td class="num">{holdAmount(hold, props.accountId)}</td>
            <td>{formatTime(hold.effectiveAt)}</td>
            <td>{formatTime(hold.expiresAt)}</td>
            <td>{hold.resolvedAtSequence ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AccountHolds(props: {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly cursor: string | undefined;
  readonly onCursor: (cursor: string | undefined) => void;
}): JSX.Element {
  const { ledgerId, accountId, cursor } = props;
  const { query, reload } = useQuery(
    (client) => loadHolds(client, ledgerId, accountId, cursor),
    [ledgerId, accountId, cursor],
  );
  return (
    <section aria-labelledby="account-holds-title">
      <h2 id="account-holds-title">Holds</h2>
      <div aria-live="polite">
        <Show
          query={query}
          what="the account's holds"
          retry={reload}
          isEmpty={(page) => page.items.length === 0 && cursor === undefined}
          empty="No hold has ever been placed on this account."
        >
          {(page) => (
            <>
              <p class="hint">
                Listed at sequence {page.sequence}, soonest expiry first. Open holds count in the
                pending balances above.
              </p>
              <HoldsTable holds={page.items} accountId={accountId} />
              {cursor === undefined && page.nextCursor === null ? null : (
                <nav class="pager" aria-label="Holds pages">
                  <button
                    type="button"
                    class="secondary"
                    disabled={cursor === undefined}
                    onClick={() => {
                      props.onCursor(undefined);
                    }}
                  >
                    First holds
                  </button>
                  <button
                    type="button"
                    disabled={page.nextCursor === null}
                    onClick={() => {
                      if (page.nextCursor !== null) props.onCursor(page.nextCursor);
                    }}
                  >
                    Next holds
                  </button>
                </nav>
              )}
            </>
          )}
        </Show>
      </div>
    </section>
  );
}
