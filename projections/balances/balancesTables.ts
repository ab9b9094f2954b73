// The tables of one version of the balances read model (layout 2) and their DDL. Accounts are
// keyed by (ledger_id, account_id) and get a surrogate account_key (a bigint this version
// assigns in opening order) that keys their history and effective rows: integer keys made
// those inserts about 1.7 times faster than (ledger_id, account_id) text keys. Counters are
// numeric(38,0) (below 10^38, read as text then BigInt). Effective times of history and
// effective rows are epoch milliseconds (bigint, UTC; evolve() reads times at millisecond
// precision): parsing a timestamptz cost about 2 µs per row, a third of the row's insert.
// Other times are timestamptz.
//
// Layout 2 writes, per balance event, one history row and one effective-order row per account
// it changes (each with its primary key only), and per batch one head row and one journal row
// per ledger, and one change-log row per ledger (balancesChanges.ts); an account row is
// written once, when the account opens. Layout 1 also kept a
// current-counters row updated per batch, a recorded-time index on the history, and a journal
// row per event (docs/read-models.md).
import { versionedTable } from "../projection.js";

export const BALANCES_PROJECTION_NAME = "balances";
/** The shape of the balances tables this code builds (docs/projections.md, "Layouts"). */
export const BALANCES_LAYOUT = 2;

export interface BalancesTables {
  /** One row per account: its account_key, currency, type and the sequence that opened it. */
  readonly accounts: string;
  /** One row per account per event that changes it: running counters in recorded order. */
  readonly history: string;
  /** One row per account per balance event: running counters in effective order. */
  readonly effective: string;
  /** Per ledger: the last applied sequence, the recorded-time watermark, the first event's time. */
  readonly heads: string;
  /** Per ledger per watermark value: the last sequence recorded by then (sparse). */
  readonly journal: string;
  /** Holds still open: their postings and effective time (what their resolution takes out). */
  readonly holds: string;
  /**
   * Per ledger per batch: the sequences the batch applied and the keys of the accounts they
   * changed (the change log that tells a cached reader what moved between two sequences).
   */
  readonly changes: string;
}

export function balancesTables(version: number): BalancesTables {
  return {
    accounts: versionedTable("balances_accounts", version),
    history: versionedTable("balances_history", version),
    effective: versionedTable("balances_effective", version),
    heads: versionedTable("balances_heads", version),
    journal: versionedTable("balances_journal", version),
    holds: versionedTable("balances_holds", version),
    changes: versionedTable("balances_changes", version),
  };
}

const COUNTER = "numeric(38,0) NOT NULL";
const DELTA = "numeric(38,0)";

export function balancesSetupSql(t: BalancesTables): string {
  return `
CREATE TABLE IF NOT EXISTS ${t.accounts} (
  ledger_id       text NOT NULL,
  account_id      text NOT NULL,
  account_key     bigint NOT NULL UNIQUE,
  currency        text NOT NULL,
  account_type    text NOT NULL,
  opened_sequence bigint NOT NULL,
  PRIMARY KEY (ledger_id, account_id)
);
-- d_* (this event's change) is kept only on backdated rows: the bitemporal correction sums
-- them; elsewhere it is the difference to the previous row.
CREATE TABLE IF NOT EXISTS ${t.history} (
  account_key       bigint NOT NULL,
  sequence          bigint NOT NULL,
  effective_ms      bigint NOT NULL,
  max_effective_ms  bigint NOT NULL,
  posted_debits     ${COUNTER},
  posted_credits    ${COUNTER},
  pending_debits    ${COUNTER},
  pending_credits   ${COUNTER},
  backdated         boolean NOT NULL,
  d_posted_debits   ${DELTA},
  d_posted_credits  ${DELTA},
  d_pending_debits  ${DELTA},
  d_pending_credits ${DELTA},
  PRIMARY KEY (account_key, sequence)
);
CREATE INDEX IF NOT EXISTS ${t.history}_backdated
  ON ${t.history} (account_key, sequence)
  INCLUDE (effective_ms, d_posted_debits, d_posted_credits, d_pending_debits, d_pending_credits)
  WHERE backdated;
CREATE TABLE IF NOT EXISTS ${t.effective} (
  account_key       bigint NOT NULL,
  effective_ms      bigint NOT NULL,
  sequence          bigint NOT NULL,
  posted_debits     ${COUNTER},
  posted_credits    ${COUNTER},
  pending_debits    ${COUNTER},
  pending_credits   ${COUNTER},
  d_posted_debits   ${COUNTER},
  d_posted_credits  ${COUNTER},
  d_pending_debits  ${COUNTER},
  d_pending_credits ${COUNTER},
  PRIMARY KEY (account_key, effective_ms, sequence)
);
CREATE TABLE IF NOT EXISTS ${t.heads} (
  ledger_id        text PRIMARY KEY,
  last_sequence    bigint NOT NULL,
  last_recorded_at timestamptz NOT NULL,
  created_at       timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS ${t.journal} (
  ledger_id     text NOT NULL,
  recorded_at   timestamptz NOT NULL,
  last_sequence bigint NOT NULL,
  PRIMARY KEY (ledger_id, recorded_at)
);
CREATE INDEX IF NOT EXISTS ${t.journal}_sequence ON ${t.journal} (ledger_id, last_sequence);
CREATE TABLE IF NOT EXISTS ${t.holds} (
  ledger_id    text NOT NULL,
  pending_id   text NOT NULL,
  sequence     bigint NOT NULL,
  effective_at timestamptz NOT NULL,
  postings     jsonb NOT NULL,
  PRIMARY KEY (ledger_id, pending_id)
);
CREATE TABLE IF NOT EXISTS ${t.changes} (
  ledger_id      text NOT NULL,
  first_sequence bigint NOT NULL,
  last_sequence  bigint NOT NULL,
  account_keys   bigint[] NOT NULL,
  PRIMARY KEY (ledger_id, last_sequence)
);
`;
}
