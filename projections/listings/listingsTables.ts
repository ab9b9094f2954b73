// The tables of one version of the listings read model (layout 1): what the list and search
// routes page through (GET /v1/ledgers, .../accounts, .../entries, .../pending). Every listing
// is read in the order of one of these indexes, after a keyset cursor, so a page costs its own
// rows whatever the ledger's size; each filter has an index that leads with the ledger, so no
// filter scans a ledger (docs/queries.md names the index of each filter).
//
// An account's static fields (type, currency, status, attributes, metadata: many indexes,
// written when it opens or changes) and its current counters and balance (on its normal side,
// for the balance sort: two indexes, updated per batch with the batch's deltas) are two tables,
// so that a posting rewrites only the narrow one (measured: with counters in the wide row,
// every posting rewrote 7 of its 12 index entries and catch-up ran at 0.6 x the writer).
// Account ids are compared in the "C" collation: an id prefix is then a plain index range.
import { versionedTable } from "../projection.js";

export const LISTINGS_PROJECTION_NAME = "listings";
/** The shape of the listings tables this code builds (docs/projections.md, "Layouts"). */
export const LISTINGS_LAYOUT = 2;

export interface ListingsTables {
  /** One row per ledger: its name, assets and head. */
  readonly ledgers: string;
  /** One row per account: type, currency, status, attributes, metadata. */
  readonly accounts: string;
  /** One row per account: its current counters and balance. */
  readonly balances: string;
  /** One row per entry id decided (posted, pending, reversal, rejected). */
  readonly entries: string;
  /** One row per posting of a posted or pending entry (account, currency, amount filters). */
  readonly postings: string;
  /** One row per hold, whatever became of it: open, posted, voided or expired. */
  readonly holds: string;
}

export function listingsTables(version: number): ListingsTables {
  return {
    ledgers: versionedTable("listings_ledgers", version),
    accounts: versionedTable("listings_accounts", version),
    balances: versionedTable("listings_balances", version),
    entries: versionedTable("listings_entries", version),
    postings: versionedTable("listings_postings", version),
    holds: versionedTable("listings_holds", version),
  };
}

const COUNTER = "numeric(38,0) NOT NULL DEFAULT 0";

/** The attribute columns of an account row, as the filters name them. */
export const ATTRIBUTE_COLUMNS = [
  "counterparty",
  "sector",
  "country",
  "product",
  "rating",
  "facility",
] as const;
export type AttributeColumn = (typeof ATTRIBUTE_COLUMNS)[number];

export function listingsSetupSql(t: ListingsTables): string {
  const attributeColumns = ATTRIBUTE_COLUMNS.map((c) => `  ${c} text COLLATE "C",`).join("\n");
  const attributeIndexes = ATTRIBUTE_COLUMNS.map(
    (c) =>
      `CREATE INDEX IF NOT EXISTS ${t.accounts}_${c} ON ${t.accounts} (ledger_id, ${c}, account_id) WHERE ${c} IS NOT NULL;`,
  ).join("\n");
  return `
CREATE TABLE IF NOT EXISTS ${t.ledgers} (
  ledger_id          text COLLATE "C" PRIMARY KEY,
  name               text NOT NULL,
  reporting_currency text NOT NULL,
  assets             jsonb NOT NULL,
  created_at         timestamptz NOT NULL,
  last_sequence      bigint NOT NULL,
  last_hash          text NOT NULL,
  last_recorded_at   timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS ${t.accounts} (
  ledger_id       text COLLATE "C" NOT NULL,
  account_id      text COLLATE "C" NOT NULL,
  currency        text NOT NULL,
  account_type    text NOT NULL,
  status          text NOT NULL,
${attributeColumns}
  flags           jsonb NOT NULL,
  metadata        jsonb NOT NULL,
  version         integer NOT NULL,
  opened_sequence bigint NOT NULL,
  PRIMARY KEY (ledger_id, account_id)
);
CREATE TABLE IF NOT EXISTS ${t.balances} (
  ledger_id       text COLLATE "C" NOT NULL,
  account_id      text COLLATE "C" NOT NULL,
  debit_normal    boolean NOT NULL,
  posted_debits   ${COUNTER},
  posted_credits  ${COUNTER},
  pending_debits  ${COUNTER},
  pending_credits ${COUNTER},
  balance         numeric(39,0) NOT NULL DEFAULT 0,
  PRIMARY KEY (ledger_id, account_id)
);
CREATE INDEX IF NOT EXISTS ${t.balances}_balance ON ${t.balances} (ledger_id, balance, account_id);
CREATE INDEX IF NOT EXISTS ${t.accounts}_type ON ${t.accounts} (ledger_id, account_type, account_id);
CREATE INDEX IF NOT EXISTS ${t.accounts}_currency ON ${t.accounts} (ledger_id, currency, account_id);
CREATE INDEX IF NOT EXISTS ${t.accounts}_closed ON ${t.accounts} (ledger_id, account_id) WHERE status = 'closed';
CREATE INDEX IF NOT EXISTS ${t.accounts}_metadata ON ${t.accounts} USING gin (metadata jsonb_path_ops);
${attributeIndexes}
CREATE TABLE IF NOT EXISTS ${t.entries} (
  ledger_id    text COLLATE "C" NOT NULL,
  sequence     bigint NOT NULL,
  entry_id     text COLLATE "C" NOT NULL,
  kind         text NOT NULL,
  effective_ms bigint NOT NULL,
  recorded_ms  bigint NOT NULL,
  actor        text COLLATE "C" NOT NULL,
  description  text NOT NULL,
  metadata     jsonb NOT NULL,
  reversal_of  text,
  expires_ms   bigint,
  rejection    jsonb,
  PRIMARY KEY (ledger_id, sequence)
);
CREATE UNIQUE INDEX IF NOT EXISTS ${t.entries}_id ON ${t.entries} (ledger_id, entry_id);
CREATE INDEX IF NOT EXISTS ${t.entries}_effective ON ${t.entries} (ledger_id, effective_ms, sequence);
CREATE INDEX IF NOT EXISTS ${t.entries}_recorded ON ${t.entries} (ledger_id, recorded_ms, sequence);
CREATE INDEX IF NOT EXISTS ${t.entries}_kind ON ${t.entries} (ledger_id, kind, sequence);
CREATE INDEX IF NOT EXISTS ${t.entries}_actor ON ${t.entries} (ledger_id, actor, sequence);
CREATE INDEX IF NOT EXISTS ${t.entries}_metadata ON ${t.entries} USING gin (metadata jsonb_path_ops);
CREATE TABLE IF NOT EXISTS ${t.postings} (
  ledger_id  text COLLATE "C" NOT NULL,
  sequence   bigint NOT NULL,
  line       integer NOT NULL,
  account_id text COLLATE "C" NOT NULL,
  side       text NOT NULL,
  amount     numeric(38,0) NOT NULL,
  currency   text NOT NULL,
  PRIMARY KEY (ledger_id, sequence, line)
);
CREATE INDEX IF NOT EXISTS ${t.postings}_account ON ${t.postings} (ledger_id, account_id, sequence);
CREATE INDEX IF NOT EXISTS ${t.postings}_currency ON ${t.postings} (ledger_id, currency, sequence, amount);
CREATE TABLE IF NOT EXISTS ${t.holds} (
  ledger_id         text COLLATE "C" NOT NULL,
  pending_id        text COLLATE "C" NOT NULL,
  sequence          bigint NOT NULL,
  status            text NOT NULL,
  effective_ms      bigint NOT NULL,
  expires_ms        bigint NOT NULL,
  resolved_sequence bigint,
  postings          jsonb NOT NULL,
  PRIMARY KEY (ledger_id, pending_id)
);
CREATE INDEX IF NOT EXISTS ${t.holds}_expiry ON ${t.holds} (ledger_id, expires_ms, pending_id);
CREATE INDEX IF NOT EXISTS ${t.holds}_status ON ${t.holds} (ledger_id, status, expires_ms, pending_id);
`;
}
