// Reads of an account statement: the opening balance, the account's balance events in a
// half-open period [from, to) on one time axis, and the closing balance, all in ONE read-only
// REPEATABLE READ transaction, so the three are one snapshot of the read models.
//
// Figures come from the balances model alone: its effective-order rows hold every balance
// event's change to the account's four counters (holds and their resolutions included, which
// the listings postings table does not hold), and its history rows order them by sequence.
// Labels (event type, entry id, recorded time, description) come from the audit model's event
// rows, by primary key. The two models advance apart, so the snapshot is taken at S, the lower
// of their heads: in effective basis everything is "as known at sequence S" (bitemporal); in
// recorded basis the period must end by S, or the read says which model is behind.
import type pg from "pg";
import type { Counters } from "../../ledger-core/index.js";
import type { AccountType } from "../../schemas/index.js";
import { auditTables } from "../audit/auditProjection.js";
import { digest } from "../audit/auditQueries.js";
import { balanceOf, type BalanceAt } from "../balances/balanceQueries.js";
import { balancesHead } from "../balances/balancesHead.js";
import { balancesTables } from "../balances/balancesTables.js";
import { inTransaction } from "../transaction.js";
import type { StatementLineKind, StatementMovement } from "./statementLines.js";

/** The most lines one statement holds; a period with more is refused (ask a shorter one). */
export const MAX_STATEMENT_LINES = 10_000;
/** The longest period one statement covers, in days. */
export const MAX_STATEMENT_DAYS = 366;

export type StatementBasis = "effective" | "recorded";

export interface StatementQuery {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly basis: StatementBasis;
  /** Included, epoch milliseconds on the basis' axis. */
  readonly fromMs: number;
  /** Excluded, epoch milliseconds on the basis' axis. */
  readonly toMs: number;
  readonly balancesVersion: number;
  readonly auditVersion: number;
}

export interface StatementSnapshot {
  /** The ledger sequence the whole answer is consistent at. */
  readonly sequence: number;
  readonly accountType: AccountType;
  readonly currency: string;
  readonly opening: Counters;
  readonly closing: Counters;
  /** In statement order: (effective time, sequence) or sequence. */
  readonly movements: readonly StatementMovement[];
}

export type StatementRead =
  | { readonly kind: "statement"; readonly statement: StatementSnapshot }
  /** A model has not applied what the period needs; `reached` is its head (-1: nothing). */
  | { readonly kind: "behind"; readonly model: "balances" | "audit"; readonly reached: number }
  /** The account is not in the snapshot (opened after S, or unknown). */
  | { readonly kind: "no_account"; readonly sequence: number }
  | { readonly kind: "too_many_lines" };

const ZERO: Counters = {
  postedDebits: 0n,
  postedCredits: 0n,
  pendingDebits: 0n,
  pendingCredits: 0n,
};

type Client = pg.PoolClient;

interface AccountRow {
  readonly key: string;
  readonly currency: string;
  readonly accountType: AccountType;
}

async function accountRow(client: Client, q: StatementQuery, s: number) {
  const t = balancesTables(q.balancesVersion);
  const { rows } = await client.query<{ k: string; currency: string; account_type: AccountType }>(
    `SELECT account_key::text AS k, currency, account_type FROM ${t.accounts}
      WHERE ledger_id = $1 AND account_id = $2 AND opened_sequence <= $3`,
    [q.ledgerId, q.accountId, s],
  );
  const row = rows[0];
  return row === undefined
    ? null
    : ({ key: row.k, currency: row.currency, accountType: row.account_type } as AccountRow);
}

/** The last sequence recorded strictly before `ms` (null: nothing was recorded before it). */
async function recordedBefore(client: Client, q: StatementQuery, ms: number) {
  const t = balancesTables(q.balancesVersion);
  const { rows } = await client.query<{ s: string }>(
    `SELECT last_sequence::text AS s FROM ${t.journal}
      WHERE ledger_id = $1 AND recorded_at < $2::timestamptz
      ORDER BY recorded_at DESC LIMIT 1`,
    [q.ledgerId, new Date(ms).toISOString()],
  );
  const row = rows[0];
  return row === undefined ? null : Number(row.s);
}

async function countersAt(client: Client, q: StatementQuery, at: BalanceAt): Promise<Counters> {
  const { ledgerId, accountId } = q;
  const found = await balanceOf(client, { ledgerId, accountId, at, version: q.balancesVersion });
  if (found === null) return ZERO;
  const { postedDebits, postedCredits, pendingDebits, pendingCredits } = found;
  return { postedDebits, postedCredits, pendingDebits, pendingCredits };
}

interface DeltaRow {
  readonly sequence: string;
  readonly effective_ms: string;
  readonly d_posted_debits: string;
  readonly d_posted_credits: string;
  readonly d_pending_debits: string;
  readonly d_pending_credits: string;
}

const DELTAS = `e.sequence::text AS sequence, e.effective_ms::text AS effective_ms,
  e.d_posted_debits::text AS d_posted_debits, e.d_posted_credits::text AS d_posted_credits,
  e.d_pending_debits::text AS d_pending_debits, e.d_pending_credits::text AS d_pending_credits`;

/** The account's balance events effective in [from, to) and recorded by S: primary key range. */
async function effectiveDeltas(client: Client, q: StatementQuery, key: string, s: number) {
  const t = balancesTables(q.balancesVersion);
  const { rows } = await client.query<DeltaRow>(
    `SELECT ${DELTAS} FROM ${t.effective} e
      WHERE e.account_key = $1 AND e.effective_ms >= $2 AND e.effective_ms < $3
        AND e.sequence <= $4
      ORDER BY e.effective_ms, e.sequence LIMIT $5`,
    [key, q.fromMs, q.toMs, s, MAX_STATEMENT_LINES + 1],
  );
  return rows;
}

/** The account's balance events with sequence in (after, upTo]: history key range, joined. */
async function recordedDeltas(
  client: Client,
  q: StatementQuery,
  key: string,
  after: number,
  upTo: number,
) {
  const t = balancesTables(q.balancesVersion);
  const { rows } = await client.query<DeltaRow>(
    `SELECT ${DELTAS} FROM ${t.history} h
       JOIN ${t.effective} e ON e.account_key = h.account_key
        AND e.effective_ms = h.effective_ms AND e.sequence = h.sequence
      WHERE h.account_key = $1 AND h.sequence > $2 AND h.sequence <= $3
      ORDER BY h.sequence LIMIT $4`,
    [key, after, upTo, MAX_STATEMENT_LINES + 1],
  );
  return rows;
}

interface LabelRow {
  readonly sequence: string;
  readonly event_type: string;
  readonly entry_id: string | null;
  readonly reversal_of: string | null;
  readonly recorded_at_text: string;
  readonly description: string | null;
}

/** Per sequence, the audited event's labels; a hold's resolution takes the hold's description. */
async function labels(client: Client, q: StatementQuery, sequences: readonly string[]) {
  const { events } = auditTables(q.auditVersion);
  const { rows } = await client.query<LabelRow>(
    `SELECT ev.sequence::text AS sequence, ev.event_type, ev.entry_id, ev.reversal_of,
            ev.recorded_at_text, coalesce(ev.data->>'description', hold.description) AS description
       FROM ${events} ev
       LEFT JOIN LATERAL (
         SELECT h.data->>'description' AS description FROM ${events} h
          WHERE ev.event_type IN ('PendingPosted', 'PendingVoided', 'PendingExpired')
            AND h.ledger_id = ev.ledger_id AND h.entry_id = ev.entry_id
            AND h.event_type = 'EntryPended'
          LIMIT 1) hold ON true
      WHERE ev.ledger_id = $1 AND ev.sequence = ANY($2::bigint[])`,
    [q.ledgerId, sequences],
  );
  return new Map(rows.map((row) => [row.sequence, row]));
}

const KINDS: Readonly<Record<string, StatementLineKind>> = {
  EntryPended: "pending",
  PendingPosted: "pending_posted",
  PendingVoided: "pending_voided",
  PendingExpired: "pending_expired",
};

function kindOf(label: LabelRow): StatementLineKind {
  if (label.event_type === "EntryPosted") return label.reversal_of === null ? "posted" : "reversal";
  const kind = KINDS[label.event_type];
  if (kind === undefined)
    throw new Error(`event ${label.sequence} (${label.event_type}) moves no balance`);
  return kind;
}

function movementOf(row: DeltaRow, label: LabelRow | undefined): StatementMovement {
  if (label === undefined) throw new Error(`the audit model has no event ${row.sequence}`);
  return {
    sequence: Number(row.sequence),
    kind: kindOf(label),
    entryId: label.entry_id ?? "",
    effectiveMs: Number(row.effective_ms),
    recordedAt: label.recorded_at_text,
    description: label.description ?? "",
    delta: {
      postedDebits: BigInt(row.d_posted_debits),
      postedCredits: BigInt(row.d_posted_credits),
      pendingDebits: BigInt(row.d_pending_debits),
      pendingCredits: BigInt(row.d_pending_credits),
    },
  };
}

/** The points of the period and its rows, on the query's axis, at snapshot sequence `s`. */
async function periodOf(client: Client, q: StatementQuery, account: AccountRow, s: number) {
  if (q.basis === "effective") {
    const at = (ms: number): BalanceAt => ({
      kind: "effective",
      effectiveAt: new Date(ms - 1).toISOString(),
      knownAt: { sequence: s },
    });
    return {
      opening: await countersAt(client, q, at(q.fromMs)),
      closing: await countersAt(client, q, at(q.toMs)),
      rows: await effectiveDeltas(client, q, account.key, s),
    };
  }
  const from = await recordedBefore(client, q, q.fromMs);
  const to = await recordedBefore(client, q, q.toMs);
  const at = (k: number | null): Promise<Counters> =>
    k === null ? Promise.resolve(ZERO) : countersAt(client, q, { kind: "sequence", sequence: k });
  return {
    opening: await at(from),
    closing: await at(to),
    rows: to === null ? [] : await recordedDeltas(client, q, account.key, from ?? -1, to),
    to,
  };
}

async function readInSnapshot(client: Client, q: StatementQuery): Promise<StatementRead> {
  await client.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  const balances = await balancesHead(client, { ledgerId: q.ledgerId, version: q.balancesVersion });
  if (balances === null) return { kind: "behind", model: "balances", reached: -1 };
  const audited = (await digest(client, q.ledgerId, q.auditVersion))?.sequence ?? -1;
  const s = Math.min(balances.sequence, audited);
  if (s < 0) return { kind: "behind", model: "audit", reached: audited };
  const account = await accountRow(client, q, s);
  if (account === null) return { kind: "no_account", sequence: s };
  const period = await periodOf(client, q, account, s);
  if ("to" in period && period.to !== null && period.to > s) {
    return { kind: "behind", model: "audit", reached: audited };
  }
  if (period.rows.length > MAX_STATEMENT_LINES) return { kind: "too_many_lines" };
  const named = await labels(
    client,
    q,
    period.rows.map((row) => row.sequence),
  );
  const movements = period.rows.map((row) => movementOf(row, named.get(row.sequence)));
  const { opening, closing } = period;
  const { currency, accountType } = account;
  return {
    kind: "statement",
    statement: { sequence: s, accountType, currency, opening, closing, movements },
  };
}

/** The statement's figures and movements, read in one REPEATABLE READ read-only snapshot. */
export function readStatement(pool: pg.Pool, query: StatementQuery): Promise<StatementRead> {
  if (!(
    Number.isSafeInteger(query.fromMs) &&
    Number.isSafeInteger(query.toMs) &&
    query.fromMs < query.toMs
  )) {
    throw new RangeError("a statement's period runs from a time before its end");
  }
  return inTransaction(pool, (client) => readInSnapshot(client, query));
}
