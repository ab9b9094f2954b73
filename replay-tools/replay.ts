// Rebuilds a ledger from its events alone: reads the stream in bounded pages (MAX_READ_BATCH),
// validates every event (schema, sequence = revision), evolves the core state (which asserts
// the chain links and every invariant), and answers balances as of a point with the balances
// read model's semantics (see point.ts): the exact core counters for a sequence or recorded
// time; for an effective time, per account the postings of the events effective at or before
// it (a hold's resolution takes out the postings it was pended with, effective by the rule of
// ledger-core/effectiveTime.ts: when decided, never before the hold).
import {
  addToCounters,
  availableOf,
  balanceOf,
  EffectiveTimes,
  zeroCounters,
  type MutableCounters,
  evolve,
  initialState,
  ledgerStreamId,
  totalsByCurrency,
  type Counters,
  type CurrencyTotals,
  type EventStore,
  type LedgerState,
  type StoredEvent,
} from "../ledger-core/index.js";
import { decodeStored, LedgerBreak, streamPages } from "../projections/index.js";
import type { AccountType, JournalEvent, RecordedPosting, Side } from "../schemas/index.js";
import { UsageError, VerificationFailed } from "./errors.js";
import { cutOf, type Cut, type Point } from "./point.js";
import type { Progress } from "./progress.js";

export interface ReplayedAccount extends Counters {
  readonly accountId: string;
  readonly currency: string;
  readonly accountType: AccountType;
  readonly balance: bigint;
  readonly available: bigint;
}

export interface ReplayResult {
  readonly ledgerId: string;
  readonly point: Point;
  /** The last sequence the answer may include (the read model's "reflected"); null if none. */
  readonly sequence: number | null;
  /** The stream's last sequence when the replay started. */
  readonly head: number;
  /** Hash of the last event replayed (null when none). */
  readonly lastHash: string | null;
  /** Asset code to scale, from LedgerCreated. */
  readonly scales: ReadonlyMap<string, number>;
  /** By account id (code-unit order, as the read model's COLLATE "C" for ASCII ids). */
  readonly accounts: readonly ReplayedAccount[];
  /** Events read and evolved. */
  readonly events: number;
}

/** The stream's last sequence, or a usage error when the ledger has no events. */
export async function streamHead(store: EventStore, ledgerId: string): Promise<number> {
  const [last] = await store.readStream(ledgerStreamId(ledgerId), {
    fromRevision: "end",
    direction: "backwards",
    maxCount: 1,
  });
  if (last === undefined) {
    throw new UsageError(`ledger ${ledgerId} has no events in this store`);
  }
  return Number(last.revision);
}

/** The shared verification's first break as the CLI's VerificationFailed (exit 1), same message. */
export function asVerificationFailed(error: unknown): unknown {
  return error instanceof LedgerBreak
    ? new VerificationFailed(error.message, error.sequence)
    : error;
}

/** Pages of the stream from `from` to `to` (inclusive), each at most MAX_READ_BATCH events. */
export async function* readPages(
  store: EventStore,
  ledgerId: string,
  from: number,
  to: number,
): AsyncGenerator<StoredEvent[]> {
  try {
    yield* streamPages(store, ledgerId, from, to);
  } catch (error) {
    throw asVerificationFailed(error);
  }
}

/** Validates one stored event; a bad one is a verification failure naming its sequence. */
export function decode(stored: StoredEvent): JournalEvent {
  try {
    return decodeStored(stored);
  } catch (error) {
    throw asVerificationFailed(error);
  }
}

/** Applies one event to the core state; a broken invariant names the event's sequence. */
export function evolveChecked(state: LedgerState, event: JournalEvent): void {
  try {
    evolve(state, event);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new VerificationFailed(
      `replay stops at sequence ${event.metadata.sequence}: ${message}`,
      event.metadata.sequence,
    );
  }
}

function addPostings(
  counters: Map<string, MutableCounters>,
  postings: readonly { accountId: string; side: Side; amount: bigint | string }[],
  kind: "posted" | "pending",
  sign: 1n | -1n,
): void {
  for (const posting of postings) {
    let c = counters.get(posting.accountId);
    if (c === undefined) {
      c = zeroCounters();
      counters.set(posting.accountId, c);
    }
    addToCounters(c, kind, posting.side, sign * BigInt(posting.amount));
  }
}

/** Adds an evolved event's effect on the counters (after evolve: the hold is in state). */
function addEffective(
  counters: Map<string, MutableCounters>,
  state: LedgerState,
  event: JournalEvent,
): void {
  switch (event.type) {
    case "EntryPosted":
      addPostings(counters, event.data.postings, "posted", 1n);
      return;
    case "EntryPended":
      addPostings(counters, event.data.postings, "pending", 1n);
      return;
    case "PendingPosted":
      addPostings(counters, holdPostings(state, event.data.pendingId), "pending", -1n);
      addPostings(counters, event.data.postings, "posted", 1n);
      return;
    case "PendingVoided":
    case "PendingExpired":
      addPostings(counters, holdPostings(state, event.data.pendingId), "pending", -1n);
      return;
    default:
      return;
  }
}

function holdPostings(state: LedgerState, pendingId: string): readonly RecordedPosting[] {
  const entry = state.entries.get(pendingId);
  if (entry === undefined) return [];
  return entry.postings.map((p) => ({
    accountId: p.accountId,
    side: p.side,
    amount: p.amount.toString(),
    currency: p.currency,
  }));
}

export interface ReplayOptions {
  readonly progress?: Progress;
  /** Told after each evolved event, with the state after it (do not keep or mutate it). */
  readonly observe?: (state: LedgerState, event: JournalEvent) => void;
  /** Stop at this sequence at the latest (e.g. a verified head); default the stream's head. */
  readonly upTo?: number;
}

/** Replays `ledgerId` as of `point` from its events alone. */
export async function replayLedger(
  store: EventStore,
  ledgerId: string,
  point: Point,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const head = options.upTo ?? (await streamHead(store, ledgerId));
  const cut: Cut = cutOf(point);
  const last = Math.min(head, cut.maxSequence ?? head);
  const effective = point.kind === "effective" ? point.ms : null;
  const state = initialState();
  const counters = new Map<string, MutableCounters>();
  let watermark = Number.NEGATIVE_INFINITY;
  let included = -1;
  let events = 0;
  const effectiveTimes = new EffectiveTimes();
  options.progress?.start(`replay ${ledgerId}`, last + 1);
  try {
    reading: for await (const page of readPages(store, ledgerId, 0, last)) {
      for (const stored of page) {
        const event = decode(stored);
        const recordedMs = Date.parse(event.metadata.recordedAt);
        watermark = Math.max(watermark, recordedMs);
        if (cut.maxRecordedMs !== undefined && watermark > cut.maxRecordedMs) break reading;
        evolveChecked(state, event);
        if (effective !== null && effectiveTimes.of(event) <= effective) {
          addEffective(counters, state, event);
        }
        options.observe?.(state, event);
        included = event.metadata.sequence;
        events += 1;
      }
      options.progress?.update(events);
    }
  } finally {
    options.progress?.stop();
  }
  const sequence = reflectedSequence(point, head, included);
  const accounts: ReplayedAccount[] = [];
  if (sequence !== null) {
    for (const account of state.accounts.values()) {
      const c: Counters =
        effective === null ? account : (counters.get(account.accountId) ?? zeroCounters());
      accounts.push(replayedAccount(account.accountId, account.currency, account.accountType, c));
    }
  }
  accounts.sort((a, b) => compareIds(a.accountId, b.accountId));
  return {
    ledgerId,
    point,
    sequence,
    head,
    lastHash: included < 0 ? null : state.chain.lastHash,
    scales: state.ledger?.assets ?? new Map<string, number>(),
    accounts,
    events,
  };
}

/** The sequence the read model says an answer reflects, for the same point. */
function reflectedSequence(point: Point, head: number, included: number): number | null {
  switch (point.kind) {
    case "latest":
      return head;
    case "sequence":
      return Math.min(point.sequence, head);
    case "recorded":
      return included < 0 ? null : included;
    case "effective":
      if (point.knownAt === undefined) return head;
      if (point.knownAt.kind === "sequence") return Math.min(point.knownAt.sequence, head);
      return included < 0 ? null : included;
  }
}

export function replayedAccount(
  accountId: string,
  currency: string,
  accountType: AccountType,
  c: Counters,
): ReplayedAccount {
  const counters: Counters = {
    postedDebits: c.postedDebits,
    postedCredits: c.postedCredits,
    pendingDebits: c.pendingDebits,
    pendingCredits: c.pendingCredits,
  };
  return {
    accountId,
    currency,
    accountType,
    ...counters,
    balance: balanceOf(accountType, counters),
    available: availableOf(accountType, counters),
  };
}

/** Plain code-unit order (the read model sorts COLLATE "C"). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One currency of a replay's trial balance; `balanced` is what verify and trial-balance check. */
export type ReplayCurrencyTotals = CurrencyTotals<ReplayedAccount> & { readonly balanced: boolean };

/** The trial balance of a replay, per currency (sorted), like the read model's trialBalance. */
export function trialBalanceOf(result: ReplayResult): ReplayCurrencyTotals[] {
  return totalsByCurrency(result.accounts).map((totals) => ({
    ...totals,
    balanced: totals.postedDebits === totals.postedCredits,
  }));
}
