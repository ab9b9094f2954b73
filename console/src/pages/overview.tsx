// A ledger's overview: the ledger (name, currencies, sequence and hash head, created time),
// its chain status (the digest and whether the audit read model verified it) with the last
// verification run on the server and "Verify now" (overview/verification.tsx), and the read
// models' lag (overview/lag.tsx). The page has no controls: its URL is the ledger's.
import type { JSX } from "preact";
import { useQuery } from "../api";
import { Show } from "../components/states";
import { formatTime, shortHash } from "../format";
import type { Location } from "../router";
import { loadLedgerFacts, type LedgerFacts } from "./overview/data";
import { ProjectionLag } from "./overview/lag";
import { VerificationPanel } from "./overview/verification";
import "./overview.css";

function LedgerCard(props: { readonly facts: LedgerFacts }): JSX.Element {
  const { ledger, createdAt } = props.facts;
  return (
    <dl class="card" aria-label="Ledger">
      <dt>Ledger</dt>
      <dd>{ledger.id}</dd>
      <dt>Name</dt>
      <dd>{ledger.name}</dd>
      <dt>Currencies</dt>
      <dd>{ledger.assets.map((asset) => `${asset.code} (${asset.scale} decimals)`).join(", ")}</dd>
      <dt>Reporting currency</dt>
      <dd>{ledger.reportingCurrency}</dd>
      <dt>Created</dt>
      <dd>{formatTime(createdAt)}</dd>
      <dt>Closed through</dt>
      <dd>{ledger.closedThrough ?? "no period closed"}</dd>
    </dl>
  );
}

function HeadCard(props: { readonly facts: LedgerFacts }): JSX.Element {
  const { ledger, digest } = props.facts;
  return (
    <dl class="card" aria-label="Chain head">
      <dt>Sequence</dt>
      <dd data-testid="ledger-sequence">{ledger.sequence}</dd>
      <dt>Head hash</dt>
      <dd>
        <code title={ledger.hash} data-testid="ledger-hash">
          {shortHash(ledger.hash)}
        </code>
      </dd>
      <dt>Chain status</dt>
      <dd data-testid="digest-status">
        {digest.verified ? (
          <span class="status-ok">Verified</span>
        ) : (
          <span class="status-warn">Not verified yet</span>
        )}{" "}
        through sequence {digest.verifiedThrough ?? "—"} of {digest.sequence}
      </dd>
      <dt>Verified by</dt>
      <dd>{digest.verifiedBy}</dd>
    </dl>
  );
}

export function OverviewPage(props: {
  readonly params: Record<string, string>;
  readonly location: Location;
}): JSX.Element {
  const ledgerId = props.params.ledgerId ?? "";
  const { query, reload } = useQuery((client) => loadLedgerFacts(client, ledgerId), [ledgerId]);
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Ledger {ledgerId}</h1>
      <Show query={query} what="the ledger" retry={reload}>
        {(facts) => (
          <div class="cards overview-cards">
            <LedgerCard facts={facts} />
            <HeadCard facts={facts} />
            <VerificationPanel ledgerId={ledgerId} />
          </div>
        )}
      </Show>
      <ProjectionLag />
    </section>
  );
}
