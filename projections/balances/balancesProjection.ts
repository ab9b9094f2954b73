// The balances read model: current counters per account, a history row per account per event
// (running counters in recorded order), running counters in effective order, open holds and a
// per-ledger head, so that balanceQueries.ts answers any as-of question with indexed reads.
//
// Counter semantics are evolve()'s exactly (ledger-core/evolve.ts): EntryPosted adds to posted,
// EntryPended adds to pending, PendingPosted takes the hold's postings out of pending and adds
// its own postings to posted, PendingVoided/PendingExpired take the hold's postings out of
// pending. The hold's postings at resolution come from this model's open-holds table.
//
// Effective time of each balance event: data.effectiveAt where the event has one (EntryPosted,
// EntryPended, PendingPosted), else metadata.recordedAt (PendingVoided, PendingExpired, and
// AccountOpened's zero row). Times are normalised to milliseconds, as evolve() does.
//
// Costs: a batch is applied with a fixed number of statements (three reads, then one
// multi-row statement per table, each chunked to MAX_ROWS_PER_STATEMENT rows). An event whose
// effective time is not before the account's latest effective time appends; a BACKDATED one
// (effective time earlier than one already recorded for that account) also costs an UPDATE of
// every effective-order row of that account at or after its effective time (the running
// counters are recomputed from there, once per account per batch).
import type { PoolClient } from "pg";
import { z } from "zod";
import { assert } from "../../ledger-core/index.js";
import {
  accountTypeSchema,
  recordedPostingSchema,
  type AccountType,
  type JournalEvent,
  type RecordedPosting,
} from "../../schemas/index.js";
import { dropTables, versionedTable, type ProjectedEvent, type Projection } from "../projection.js";

export const BALANCES_PROJECTION_NAME = "balances";
/** The shape of the balances tables this code builds (docs/projections.md, "Layouts"). */
export const BALANCES_LAYOUT = 1;

/** Rows per multi-row statement (the length of each array passed to unnest). */
export const MAX_ROWS_PER_STATEMENT = 1_000;

/** The table names of one version of the balances model. */
export interface BalancesTables {
  /** Current counters per (ledger_id, account_id). */
  readonly accounts: string;
  /** One row per account per event that changes it, running counters in recorded order. */
  readonly history: string;
  /** One row per account per balance event, running counters in effective order. */
  readonly effective: string;
  /** Per ledger: the last applied sequence and recorded time. */
  readonly heads: string;
  /** Per ledger per applied event: its sequence and (non-decreasing) recorded time. */
  readonly journal: string;
  /** Holds still open, with their postings (what their resolution takes out of pending). */
  readonly holds: string;
}

export function balancesTables(version: number): BalancesTables {
  return {
    accounts: versionedTable("balances_accounts", version),
    history: versionedTable("balances_history", version),
    effective: versionedTable("balances_effective", version),
    heads: versionedTable("balances_heads", version),
    journal: versionedTable("balances_journal", version),
    holds: versionedTable("balances_holds", version),
  };
}

const COUNTER = "numeric(38,0) NOT NULL";

function setupSql(t: BalancesTables): string {
  return `
CREATE TABLE IF NOT EXISTS ${t.accounts} (
  ledger_id        text NOT NULL,
  account_id       text NOT NULL,
  currency         text NOT NULL,
  account_type     text NOT NULL,
  posted_debits    ${COUNTER},
  posted_credits   ${COUNTER},
  pending_debits   ${COUNTER},
  pending_credits  ${COUNTER},
  max_effective_at timestamptz,
  opened_sequence  bigint NOT NULL,
  last_sequence    bigint NOT NULL,
  PRIMARY KEY (ledger_id, account_id)
);
CREATE TABLE IF NOT EXISTS ${t.history} (
  ledger_id         text NOT NULL,
  account_id        text NOT NULL,
  sequence          bigint NOT NULL,
  event_type        text NOT NULL,
  effective_at      timestamptz NOT NULL,
  recorded_at       timestamptz NOT NULL,
  posted_debits     ${COUNTER},
  posted_credits    ${COUNTER},
  pending_debits    ${COUNTER},
  pending_credits   ${COUNTER},
  d_posted_debits   ${COUNTER},
  d_posted_credits  ${COUNTER},
  d_pending_debits  ${COUNTER},
  d_pending_credits ${COUNTER},
  max_effective_at  timestamptz,
  backdated         boolean NOT NULL,
  PRIMARY KEY (ledger_id, account_id, sequence)
);
CREATE INDEX IF NOT EXISTS ${t.history}_recorded
  ON ${t.history} (ledger_id, account_id, recorded_at, sequence);
CREATE INDEX IF NOT EXISTS ${t.history}_backdated
  ON ${t.history} (ledger_id, account_id, sequence)
  INCLUDE (effective_at, d_posted_debits, d_posted_credits, d_pending_debits, d_pending_credits)
  WHERE backdated;
CREATE TABLE IF NOT EXISTS ${t.effective} (
  ledger_id         text NOT NULL,
  account_id        text NOT NULL,
  effective_at      timestamptz NOT NULL,
  sequence          bigint NOT NULL,
  posted_debits     ${COUNTER},
  posted_credits    ${COUNTER},
  pending_debits    ${COUNTER},
  pending_credits   ${COUNTER},
  d_posted_debits   ${COUNTER},
  d_posted_credits  ${COUNTER},
  d_pending_debits  ${COUNTER},
  d_pending_credits ${COUNTER},
  PRIMARY KEY (ledger_id, account_id, effective_at, sequence)
);
CREATE TABLE IF NOT EXISTS ${t.heads} (
  ledger_id        text PRIMARY KEY,
  last_sequence    bigint NOT NULL,
  last_recorded_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS ${t.journal} (
  ledger_id   text NOT NULL,
  sequence    bigint NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (ledger_id, sequence)
);
CREATE INDEX IF NOT EXISTS ${t.journal}_recorded ON ${t.journal} (ledger_id, recorded_at, sequence);
CREATE TABLE IF NOT EXISTS ${t.holds} (
  ledger_id  text NOT NULL,
  pending_id text NOT NULL,
  sequence   bigint NOT NULL,
  postings   jsonb NOT NULL,
  PRIMARY KEY (ledger_id, pending_id)
);
`;
}

interface Counters {
  postedDebits: bigint;
  postedCredits: bigint;
  pendingDebits: bigint;
  pendingCredits: bigint;
}

const zeroCounters = (): Counters => ({
  postedDebits: 0n,
  postedCredits: 0n,
  pendingDebits: 0n,
  pendingCredits: 0n,
});

interface AccountRow {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly currency: string;
  readonly accountType: AccountType;
  readonly openedSequence: number;
  readonly counters: Counters;
  maxEffectiveMs: number | null;
  lastSequence: number;
  changed: boolean;
}

interface HeadRow {
  lastSequence: number | null;
  recordedMs: number | null;
  changed: boolean;
}

interface OpenHold {
  readonly postings: readonly RecordedPosting[];
  readonly sequence: number;
  readonly stored: boolean;
}

interface HistoryRow {
  readonly account: AccountRow;
  readonly sequence: number;
  readonly eventType: string;
  readonly effectiveMs: number;
  readonly recordedMs: number;
  readonly after: Counters;
  readonly delta: Counters;
  readonly maxEffectiveMs: number | null;
  readonly backdated: boolean;
}

/** Everything one batch reads first and then writes back. */
class BatchState {
  readonly heads = new Map<string, HeadRow>();
  readonly accounts = new Map<string, Map<string, AccountRow>>();
  readonly holds = new Map<string, Map<string, OpenHold>>();
  readonly resolvedStoredHolds: { ledgerId: string; pendingId: string }[] = [];
  readonly history: HistoryRow[] = [];
  readonly journal: { ledgerId: string; sequence: number; recordedMs: number }[] = [];
  /** Per backdated account: the earliest effective time its effective rows changed from. */
  readonly backdatedFrom = new Map<AccountRow, number>();

  accountsOf(ledgerId: string): Map<string, AccountRow> {
    return getOrCreate(this.accounts, ledgerId, () => new Map<string, AccountRow>());
  }

  holdsOf(ledgerId: string): Map<string, OpenHold> {
    return getOrCreate(this.holds, ledgerId, () => new Map<string, OpenHold>());
  }
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  const found = map.get(key);
  if (found !== undefined) return found;
  const created = create();
  map.set(key, created);
  return created;
}

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += MAX_ROWS_PER_STATEMENT) {
    out.push(rows.slice(i, i + MAX_ROWS_PER_STATEMENT));
  }
  return out;
}

const isoOf = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoOf(ms));

/** Epoch milliseconds of an event's time (as evolve() reads it). */
function msOf(value: string): number {
  const ms = Date.parse(value);
  assert(!Number.isNaN(ms), `balances: unreadable time ${value}`);
  return ms;
}

const storedPostingsSchema = z.array(recordedPostingSchema);

const headRowSchema = z.object({
  ledger_id: z.string(),
  last_sequence: z.string(),
  last_recorded_at: z.date(),
});

const holdRowSchema = z.object({
  ledger_id: z.string(),
  pending_id: z.string(),
  sequence: z.string(),
  postings: z.unknown(),
});

const accountRowSchema = z.object({
  ledger_id: z.string(),
  account_id: z.string(),
  currency: z.string(),
  account_type: accountTypeSchema,
  posted_debits: z.string(),
  posted_credits: z.string(),
  pending_debits: z.string(),
  pending_credits: z.string(),
  max_effective_at: z.date().nullable(),
  opened_sequence: z.string(),
  last_sequence: z.string(),
});

/** Reads the heads, the open holds resolved in the batch and the accounts it touches. */
async function loadBatch(
  client: PoolClient,
  t: BalancesTables,
  events: readonly ProjectedEvent[],
): Promise<BatchState> {
  const state = new BatchState();
  const ledgerIds = [...new Set(events.map((e) => e.ledgerId))];
  for (const chunk of chunks(ledgerIds)) {
    const heads = await client.query(
      `SELECT ledger_id, last_sequence::text, last_recorded_at FROM ${t.heads}
        WHERE ledger_id = ANY($1::text[])`,
      [chunk],
    );
    for (const raw of heads.rows) {
      const row = headRowSchema.parse(raw);
      state.heads.set(row.ledger_id, {
        lastSequence: Number(row.last_sequence),
        recordedMs: row.last_recorded_at.getTime(),
        changed: false,
      });
    }
  }
  for (const ledgerId of ledgerIds) {
    getOrCreate(state.heads, ledgerId, () => ({
      lastSequence: null,
      recordedMs: null,
      changed: false,
    }));
  }

  const resolutions: { ledgerId: string; pendingId: string }[] = [];
  const accountKeys = new Map<string, Set<string>>();
  const touch = (ledgerId: string, accountId: string): void => {
    getOrCreate(accountKeys, ledgerId, () => new Set()).add(accountId);
  };
  for (const { ledgerId, event } of events) {
    switch (event.type) {
      case "EntryPosted":
      case "EntryPended":
      case "PendingPosted":
        for (const posting of event.data.postings) touch(ledgerId, posting.accountId);
        if (event.type === "PendingPosted") {
          resolutions.push({ ledgerId, pendingId: event.data.pendingId });
        }
        break;
      case "PendingVoided":
      case "PendingExpired":
        resolutions.push({ ledgerId, pendingId: event.data.pendingId });
        break;
      default:
        break;
    }
  }

  for (const chunk of chunks(resolutions)) {
    const holds = await client.query(
      `SELECT h.ledger_id, h.pending_id, h.sequence::text, h.postings
         FROM ${t.holds} h
         JOIN unnest($1::text[], $2::text[]) AS k(ledger_id, pending_id)
           ON h.ledger_id = k.ledger_id AND h.pending_id = k.pending_id`,
      [chunk.map((r) => r.ledgerId), chunk.map((r) => r.pendingId)],
    );
    for (const raw of holds.rows) {
      const row = holdRowSchema.parse(raw);
      const postings = storedPostingsSchema.parse(row.postings);
      for (const posting of postings) touch(row.ledger_id, posting.accountId);
      state.holdsOf(row.ledger_id).set(row.pending_id, {
        postings,
        sequence: Number(row.sequence),
        stored: true,
      });
    }
  }

  const keys = [...accountKeys].flatMap(([ledgerId, ids]) =>
    [...ids].map((accountId) => ({ ledgerId, accountId })),
  );
  for (const chunk of chunks(keys)) {
    const accounts = await client.query(
      `SELECT a.ledger_id, a.account_id, a.currency, a.account_type,
              a.posted_debits::text, a.posted_credits::text,
              a.pending_debits::text, a.pending_credits::text,
              a.max_effective_at, a.opened_sequence::text, a.last_sequence::text
         FROM ${t.accounts} a
         JOIN unnest($1::text[], $2::text[]) AS k(ledger_id, account_id)
           ON a.ledger_id = k.ledger_id AND a.account_id = k.account_id`,
      [chunk.map((k) => k.ledgerId), chunk.map((k) => k.accountId)],
    );
    for (const raw of accounts.rows) {
      const row = accountRowSchema.parse(raw);
      state.accountsOf(row.ledger_id).set(row.account_id, {
        ledgerId: row.ledger_id,
        accountId: row.account_id,
        currency: row.currency,
        accountType: row.account_type,
        openedSequence: Number(row.opened_sequence),
        counters: {
          postedDebits: BigInt(row.posted_debits),
          postedCredits: BigInt(row.posted_credits),
          pendingDebits: BigInt(row.pending_debits),
          pendingCredits: BigInt(row.pending_credits),
        },
        maxEffectiveMs: row.max_effective_at?.getTime() ?? null,
        lastSequence: Number(row.last_sequence),
        changed: false,
      });
    }
  }
  return state;
}

type Deltas = Map<string, { readonly currency: string; readonly delta: Counters }>;

function addPostings(
  deltas: Deltas,
  postings: readonly RecordedPosting[],
  kind: "posted" | "pending",
  sign: 1n | -1n,
): void {
  for (const posting of postings) {
    const entry = getOrCreate(deltas, posting.accountId, () => ({
      currency: posting.currency,
      delta: zeroCounters(),
    }));
    assert(
      entry.currency === posting.currency,
      `balances: account ${posting.accountId} posted in two currencies in one event`,
    );
    const amount = sign * BigInt(posting.amount);
    const d = entry.delta;
    if (kind === "posted") {
      if (posting.side === "debit") d.postedDebits += amount;
      else d.postedCredits += amount;
    } else if (posting.side === "debit") d.pendingDebits += amount;
    else d.pendingCredits += amount;
  }
}

/** Applies one event to the batch state (in memory), queuing its rows. */
function applyEvent(state: BatchState, ledgerId: string, event: JournalEvent): void {
  const head = state.heads.get(ledgerId);
  assert(head !== undefined, `balances: no head loaded for ledger ${ledgerId}`);
  const sequence = event.metadata.sequence;
  const expected = head.lastSequence === null ? 0 : head.lastSequence + 1;
  if (sequence !== expected) {
    throw new Error(
      `balances: ledger ${ledgerId} event ${sequence} does not follow ${head.lastSequence ?? "nothing"} (expected ${expected})`,
    );
  }
  const eventRecordedMs = msOf(event.metadata.recordedAt);
  // The ledger's recorded-time watermark: equal to recordedAt unless the writer's clock
  // stepped back, so that "as of recorded time T" is always a prefix of the sequence.
  const recordedMs = Math.max(eventRecordedMs, head.recordedMs ?? eventRecordedMs);
  head.lastSequence = sequence;
  head.recordedMs = recordedMs;
  head.changed = true;
  state.journal.push({ ledgerId, sequence, recordedMs });

  const deltas: Deltas = new Map();
  let effectiveMs = eventRecordedMs;
  switch (event.type) {
    case "AccountOpened": {
      const accounts = state.accountsOf(ledgerId);
      assert(
        !accounts.has(event.data.accountId),
        `balances: account ${event.data.accountId} of ledger ${ledgerId} is opened twice`,
      );
      const account: AccountRow = {
        ledgerId,
        accountId: event.data.accountId,
        currency: event.data.currency,
        accountType: event.data.accountType,
        openedSequence: sequence,
        counters: zeroCounters(),
        maxEffectiveMs: null,
        lastSequence: sequence,
        changed: true,
      };
      accounts.set(account.accountId, account);
      state.history.push({
        account,
        sequence,
        eventType: event.type,
        effectiveMs: eventRecordedMs,
        recordedMs,
        after: zeroCounters(),
        delta: zeroCounters(),
        maxEffectiveMs: null,
        backdated: false,
      });
      return;
    }
    case "EntryPosted":
      effectiveMs = msOf(event.data.effectiveAt);
      addPostings(deltas, event.data.postings, "posted", 1n);
      break;
    case "EntryPended": {
      effectiveMs = msOf(event.data.effectiveAt);
      const holds = state.holdsOf(ledgerId);
      assert(
        !holds.has(event.data.entryId),
        `balances: hold ${event.data.entryId} of ledger ${ledgerId} is pended twice`,
      );
      holds.set(event.data.entryId, { postings: event.data.postings, sequence, stored: false });
      addPostings(deltas, event.data.postings, "pending", 1n);
      break;
    }
    case "PendingPosted": {
      effectiveMs = msOf(event.data.effectiveAt);
      const hold = takeHold(state, ledgerId, event.data.pendingId);
      addPostings(deltas, hold.postings, "pending", -1n);
      addPostings(deltas, event.data.postings, "posted", 1n);
      break;
    }
    case "PendingVoided":
    case "PendingExpired": {
      const hold = takeHold(state, ledgerId, event.data.pendingId);
      addPostings(deltas, hold.postings, "pending", -1n);
      break;
    }
    default:
      return;
  }
  for (const [accountId, { currency, delta }] of deltas) {
    const account = state.accountsOf(ledgerId).get(accountId);
    assert(account !== undefined, `balances: event ${sequence} names unknown account ${accountId}`);
    assert(
      account.currency === currency,
      `balances: event ${sequence} posts ${currency} to ${accountId} (${account.currency})`,
    );
    const c = account.counters;
    c.postedDebits += delta.postedDebits;
    c.postedCredits += delta.postedCredits;
    c.pendingDebits += delta.pendingDebits;
    c.pendingCredits += delta.pendingCredits;
    assert(
      c.postedDebits >= 0n &&
        c.postedCredits >= 0n &&
        c.pendingDebits >= 0n &&
        c.pendingCredits >= 0n,
      `balances: event ${sequence} takes a counter of ${accountId} below zero`,
    );
    const backdated = account.maxEffectiveMs !== null && effectiveMs < account.maxEffectiveMs;
    account.maxEffectiveMs = Math.max(effectiveMs, account.maxEffectiveMs ?? effectiveMs);
    account.lastSequence = sequence;
    account.changed = true;
    if (backdated) {
      const from = state.backdatedFrom.get(account);
      state.backdatedFrom.set(
        account,
        from === undefined ? effectiveMs : Math.min(from, effectiveMs),
      );
    }
    state.history.push({
      account,
      sequence,
      eventType: event.type,
      effectiveMs,
      recordedMs,
      after: { ...c },
      delta,
      maxEffectiveMs: account.maxEffectiveMs,
      backdated,
    });
  }
}

function takeHold(state: BatchState, ledgerId: string, pendingId: string): OpenHold {
  const holds = state.holdsOf(ledgerId);
  const hold = holds.get(pendingId);
  assert(
    hold !== undefined,
    `balances: ledger ${ledgerId} resolves unknown open hold ${pendingId}`,
  );
  holds.delete(pendingId);
  if (hold.stored) state.resolvedStoredHolds.push({ ledgerId, pendingId });
  return hold;
}

const text = (value: bigint): string => value.toString();

/** The counter columns of a row as four text arrays, in column order. */
function counterArrays(rows: readonly Counters[]): string[][] {
  return [
    rows.map((c) => text(c.postedDebits)),
    rows.map((c) => text(c.postedCredits)),
    rows.map((c) => text(c.pendingDebits)),
    rows.map((c) => text(c.pendingCredits)),
  ];
}

const COUNTER_COLUMNS = "posted_debits, posted_credits, pending_debits, pending_credits";
const DELTA_COLUMNS = "d_posted_debits, d_posted_credits, d_pending_debits, d_pending_credits";

async function writeBatch(client: PoolClient, t: BalancesTables, state: BatchState): Promise<void> {
  const changed = [...state.accounts.values()].flatMap((m) =>
    [...m.values()].filter((a) => a.changed),
  );
  for (const chunk of chunks(changed)) {
    await client.query(
      `INSERT INTO ${t.accounts} (ledger_id, account_id, currency, account_type, ${COUNTER_COLUMNS},
                                  max_effective_at, opened_sequence, last_sequence)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[],
                            $6::numeric[], $7::numeric[], $8::numeric[], $9::timestamptz[],
                            $10::bigint[], $11::bigint[])
       ON CONFLICT (ledger_id, account_id) DO UPDATE SET
         posted_debits = excluded.posted_debits, posted_credits = excluded.posted_credits,
         pending_debits = excluded.pending_debits, pending_credits = excluded.pending_credits,
         max_effective_at = excluded.max_effective_at, last_sequence = excluded.last_sequence`,
      [
        chunk.map((a) => a.ledgerId),
        chunk.map((a) => a.accountId),
        chunk.map((a) => a.currency),
        chunk.map((a) => a.accountType),
        ...counterArrays(chunk.map((a) => a.counters)),
        chunk.map((a) => isoOrNull(a.maxEffectiveMs)),
        chunk.map((a) => String(a.openedSequence)),
        chunk.map((a) => String(a.lastSequence)),
      ],
    );
  }

  for (const chunk of chunks(state.history)) {
    await client.query(
      `INSERT INTO ${t.history} (ledger_id, account_id, sequence, event_type, effective_at,
                                 recorded_at, ${COUNTER_COLUMNS}, ${DELTA_COLUMNS},
                                 max_effective_at, backdated)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::timestamptz[],
                            $6::timestamptz[], $7::numeric[], $8::numeric[], $9::numeric[],
                            $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[],
                            $14::numeric[], $15::timestamptz[], $16::boolean[])`,
      [
        chunk.map((h) => h.account.ledgerId),
        chunk.map((h) => h.account.accountId),
        chunk.map((h) => String(h.sequence)),
        chunk.map((h) => h.eventType),
        chunk.map((h) => isoOf(h.effectiveMs)),
        chunk.map((h) => isoOf(h.recordedMs)),
        ...counterArrays(chunk.map((h) => h.after)),
        ...counterArrays(chunk.map((h) => h.delta)),
        chunk.map((h) => isoOrNull(h.maxEffectiveMs)),
        chunk.map((h) => h.backdated),
      ],
    );
  }

  // Effective-order rows: AccountOpened changes nothing and has none. An appended row's
  // running counters are the account's counters after the event (every earlier row is at
  // or before it in effective order); backdated accounts are recomputed just below.
  const effective = state.history.filter((h) => h.eventType !== "AccountOpened");
  for (const chunk of chunks(effective)) {
    await client.query(
      `INSERT INTO ${t.effective} (ledger_id, account_id, effective_at, sequence,
                                   ${COUNTER_COLUMNS}, ${DELTA_COLUMNS})
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[],
                            $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[],
                            $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[])`,
      [
        chunk.map((h) => h.account.ledgerId),
        chunk.map((h) => h.account.accountId),
        chunk.map((h) => isoOf(h.effectiveMs)),
        chunk.map((h) => String(h.sequence)),
        ...counterArrays(chunk.map((h) => h.after)),
        ...counterArrays(chunk.map((h) => h.delta)),
      ],
    );
  }

  // Backdated accounts: recompute the running counters of every effective-order row at or
  // after the earliest backdated effective time, from the last row before it plus the
  // cumulative deltas. This is the UPDATE of "that account's later rows".
  for (const chunk of chunks([...state.backdatedFrom])) {
    await client.query(
      `WITH starts AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
           AS s(ledger_id, account_id, from_at)
       ), base AS (
         SELECT s.ledger_id, s.account_id, s.from_at,
                coalesce(p.posted_debits, 0) AS pd, coalesce(p.posted_credits, 0) AS pc,
                coalesce(p.pending_debits, 0) AS qd, coalesce(p.pending_credits, 0) AS qc
           FROM starts s
           LEFT JOIN LATERAL (
             SELECT e.posted_debits, e.posted_credits, e.pending_debits, e.pending_credits
               FROM ${t.effective} e
              WHERE e.ledger_id = s.ledger_id AND e.account_id = s.account_id
                AND e.effective_at < s.from_at
              ORDER BY e.effective_at DESC, e.sequence DESC
              LIMIT 1
           ) p ON true
       ), recomputed AS (
         SELECT e.ledger_id, e.account_id, e.effective_at, e.sequence,
                b.pd + sum(e.d_posted_debits) OVER w AS posted_debits,
                b.pc + sum(e.d_posted_credits) OVER w AS posted_credits,
                b.qd + sum(e.d_pending_debits) OVER w AS pending_debits,
                b.qc + sum(e.d_pending_credits) OVER w AS pending_credits
           FROM base b
           JOIN ${t.effective} e
             ON e.ledger_id = b.ledger_id AND e.account_id = b.account_id
            AND e.effective_at >= b.from_at
         WINDOW w AS (PARTITION BY e.ledger_id, e.account_id
                      ORDER BY e.effective_at, e.sequence
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
       )
       UPDATE ${t.effective} t
          SET posted_debits = r.posted_debits, posted_credits = r.posted_credits,
              pending_debits = r.pending_debits, pending_credits = r.pending_credits
         FROM recomputed r
        WHERE t.ledger_id = r.ledger_id AND t.account_id = r.account_id
          AND t.effective_at = r.effective_at AND t.sequence = r.sequence`,
      [
        chunk.map(([a]) => a.ledgerId),
        chunk.map(([a]) => a.accountId),
        chunk.map(([, from]) => isoOf(from)),
      ],
    );
  }

  for (const chunk of chunks(state.resolvedStoredHolds)) {
    await client.query(
      `DELETE FROM ${t.holds} h USING unnest($1::text[], $2::text[]) AS k(ledger_id, pending_id)
        WHERE h.ledger_id = k.ledger_id AND h.pending_id = k.pending_id`,
      [chunk.map((k) => k.ledgerId), chunk.map((k) => k.pendingId)],
    );
  }
  const newHolds = [...state.holds].flatMap(([ledgerId, holds]) =>
    [...holds]
      .filter(([, hold]) => !hold.stored)
      .map(([pendingId, hold]) => ({ ledgerId, pendingId, hold })),
  );
  for (const chunk of chunks(newHolds)) {
    await client.query(
      `INSERT INTO ${t.holds} (ledger_id, pending_id, sequence, postings)
       SELECT k.ledger_id, k.pending_id, k.sequence, k.postings::jsonb
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[])
           AS k(ledger_id, pending_id, sequence, postings)`,
      [
        chunk.map((h) => h.ledgerId),
        chunk.map((h) => h.pendingId),
        chunk.map((h) => String(h.hold.sequence)),
        chunk.map((h) => JSON.stringify(h.hold.postings)),
      ],
    );
  }

  for (const chunk of chunks(state.journal)) {
    await client.query(
      `INSERT INTO ${t.journal} (ledger_id, sequence, recorded_at)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::timestamptz[])`,
      [
        chunk.map((j) => j.ledgerId),
        chunk.map((j) => String(j.sequence)),
        chunk.map((j) => isoOf(j.recordedMs)),
      ],
    );
  }

  const heads = [...state.heads].filter(([, head]) => head.changed);
  for (const chunk of chunks(heads)) {
    await client.query(
      `INSERT INTO ${t.heads} (ledger_id, last_sequence, last_recorded_at)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::timestamptz[])
       ON CONFLICT (ledger_id) DO UPDATE SET
         last_sequence = excluded.last_sequence, last_recorded_at = excluded.last_recorded_at`,
      [
        chunk.map(([ledgerId]) => ledgerId),
        chunk.map(([, head]) => String(head.lastSequence)),
        chunk.map(([, head]) => isoOrNull(head.recordedMs)),
      ],
    );
  }
}

/** The balances projection (name "balances") at `version`; its tables are balancesTables(version). */
export function balancesProjection(version = 1): Projection {
  const tables = balancesTables(version);
  return {
    name: BALANCES_PROJECTION_NAME,
    version,
    layout: BALANCES_LAYOUT,
    async drop(client: PoolClient): Promise<void> {
      await dropTables(client, Object.values(tables));
    },
    async setup(client: PoolClient): Promise<void> {
      await client.query(setupSql(tables));
    },
    async apply(client: PoolClient, events: readonly ProjectedEvent[]): Promise<void> {
      if (events.length === 0) return;
      const state = await loadBatch(client, tables, events);
      for (const { ledgerId, event } of events) applyEvent(state, ledgerId, event);
      await writeBatch(client, tables, state);
    },
  };
}
