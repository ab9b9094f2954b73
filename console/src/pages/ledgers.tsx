// The landing page: the ledgers this key may see, with their sequence and hash head, each a
// link to its overview.
import type { JSX } from "preact";
import { unwrap, useQuery } from "../api";
import { Show } from "../components/states";
import { formatTime, shortHash } from "../format";
import { Link, segment } from "../router";

export function LedgersPage(): JSX.Element {
  const { query, reload } = useQuery(
    (client) => unwrap(client.GET("/v1/ledgers", { params: { query: { limit: "200" } } })),
    [],
  );
  return (
    <section aria-labelledby="ledgers-title">
      <h1 id="ledgers-title">Ledgers</h1>
      <Show
        query={query}
        what="ledgers"
        retry={reload}
        isEmpty={(page) => page.items.length === 0}
        empty="No ledger yet: create one with POST /v1/ledgers, or fill the demo with npm run demo."
      >
        {(page) => (
          <table class="data">
            <caption class="visually-hidden">Ledgers</caption>
            <thead>
              <tr>
                <th scope="col">Ledger</th>
                <th scope="col">Name</th>
                <th scope="col">Currencies</th>
                <th scope="col" class="num">
                  Sequence
                </th>
                <th scope="col">Head hash</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((ledger) => (
                <tr key={ledger.id}>
                  <th scope="row">
                    <Link to={`/ledgers/${segment(ledger.id)}`}>{ledger.id}</Link>
                  </th>
                  <td>{ledger.name}</td>
                  <td>{ledger.assets.map((asset) => asset.code).join(", ")}</td>
                  <td class="num">{ledger.sequence}</td>
                  <td>
                    <code title={ledger.hash}>{shortHash(ledger.hash)}</code>
                  </td>
                  <td>{formatTime(ledger.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Show>
    </section>
  );
}
