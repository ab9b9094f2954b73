// The part of `folio verify` that proves a ledger from its events alone, shared by the CLI
// (replay-tools/verify.ts) and the API's "verify now" (api/routes/verifications.ts): (1) the
// hash chain and gap-free sequences with verifyLedgerChain, from genesis or a trusted point;
// (2) every entry balanced per currency (EntryPosted, EntryPended, PendingPosted) and, from
// genesis, a full replay through evolve (every invariant). It reads the stream through the
// EventStore port in bounded pages and reports the first break as a LedgerBreak naming its
// sequence, its reason and what is wrong.
import {
  evolve,
  fromStoredEvent,
  initialState,
  ledgerStreamId,
  MAX_READ_BATCH,
  type ChainBreak,
  type EventStore,
  type LedgerState,
  type StoredEvent,
} from "../../ledger-core/index.js";
import type { JournalEvent } from "../../schemas/index.js";
import { verifyLedgerChain, type TrustedPoint } from "../audit/verifyStore.js";

/** Why a ledger does not verify: a chain break of the core, or a check of step (2). */
export type BreakReason = ChainBreak | "events_missing" | "entry_unbalanced" | "replay_invariant";

/** The first break of a ledger: where it is and what is wrong. */
export class LedgerBreak extends Error {
  constructor(
    readonly reason: BreakReason,
    message: string,
    /** The ledger sequence where it fails, when there is one. */
    readonly sequence: number | null,
  ) {
    super(message);
    this.name = "LedgerBreak";
  }
}

/** Told as a phase advances: `done` of `total` events of the phase. */
export type PhaseProgress = (phase: VerifyPhase, done: number, total: number) => void;
export type VerifyPhase = "chain" | "entries";

/** (1) The chain from genesis (or `from`) to the stream's last event; a LedgerBreak if broken. */
export async function checkChain(
  store: EventStore,
  ledgerId: string,
  from: TrustedPoint | undefined,
  total: number,
  onProgress?: PhaseProgress,
): Promise<{ readonly last: number; readonly lastHash: string }> {
  const first = from === undefined ? 0 : from.sequence;
  const check = await verifyLedgerChain(store, ledgerId, from, (h) => {
    onProgress?.("chain", h.nextSequence - first, total);
  });
  if (!check.ok) {
    throw new LedgerBreak(
      check.reason,
      `chain broken at sequence ${check.sequence} (${check.reason}): ${check.message}`,
      check.sequence,
    );
  }
  return { last: check.head.nextSequence - 1, lastHash: check.head.lastHash };
}

/** An event's postings balance per currency: debits = credits. Returns the first that does not. */
export function unbalancedCurrency(event: JournalEvent): string | null {
  if (
    event.type !== "EntryPosted" &&
    event.type !== "EntryPended" &&
    event.type !== "PendingPosted"
  ) {
    return null;
  }
  const net = new Map<string, bigint>();
  for (const p of event.data.postings) {
    const amount = BigInt(p.amount);
    net.set(p.currency, (net.get(p.currency) ?? 0n) + (p.side === "debit" ? amount : -amount));
  }
  for (const [currency, value] of net) if (value !== 0n) return currency;
  return null;
}

/** Pages of the stream from `from` to `to` (inclusive), each at most MAX_READ_BATCH events. */
export async function* streamPages(
  store: EventStore,
  ledgerId: string,
  from: number,
  to: number,
): AsyncGenerator<StoredEvent[]> {
  const streamId = ledgerStreamId(ledgerId);
  let next = from;
  while (next <= to) {
    const page = await store.readStream(streamId, {
      fromRevision: BigInt(next),
      direction: "forwards",
      maxCount: Math.min(MAX_READ_BATCH, to - next + 1),
    });
    if (page.length === 0) {
      throw new LedgerBreak(
        "events_missing",
        `events ${next}..${to} are missing from the stream`,
        next,
      );
    }
    const inRange: StoredEvent[] = [];
    for (const stored of page) {
      if (stored.revision > BigInt(to)) break;
      if (stored.revision !== BigInt(next)) {
        throw new LedgerBreak(
          "sequence_gap",
          `sequence gap: expected revision ${next}, found ${stored.revision}`,
          next,
        );
      }
      inRange.push(stored);
      next += 1;
    }
    yield inRange;
  }
}

/** Validates one stored event; a bad one is a LedgerBreak naming its sequence. */
export function decodeStored(stored: StoredEvent): JournalEvent {
  try {
    return fromStoredEvent(stored);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new LedgerBreak(
      "event_invalid",
      `event ${stored.revision} is invalid: ${message}`,
      Number(stored.revision),
    );
  }
}

function isEntry(event: JournalEvent): boolean {
  return (
    event.type === "EntryPosted" || event.type === "EntryPended" || event.type === "PendingPosted"
  );
}

export interface EntriesCheck {
  /** The first sequence to check (0, or the one after a trusted point). */
  readonly start: number;
  /** The last sequence to check (the verified chain's head). */
  readonly last: number;
  /** Replay through evolve (from genesis only). */
  readonly replay: boolean;
  /** Told after each replayed event with the state after it (do not keep or mutate it). */
  readonly observe?: (state: LedgerState, event: JournalEvent) => void;
  readonly onProgress?: PhaseProgress;
}

/** (2) Every entry balanced and, when `replay`, every event through evolve; a LedgerBreak if not. */
export async function checkEntries(
  store: EventStore,
  ledgerId: string,
  check: EntriesCheck,
): Promise<{ readonly entriesChecked: number }> {
  const state = initialState();
  const total = check.last - check.start + 1;
  let entriesChecked = 0;
  let done = 0;
  for await (const page of streamPages(store, ledgerId, check.start, check.last)) {
    for (const stored of page) {
      const event = decodeStored(stored);
      const sequence = event.metadata.sequence;
      const currency = unbalancedCurrency(event);
      if (currency !== null) {
        throw new LedgerBreak(
          "entry_unbalanced",
          `entry at sequence ${sequence} (${event.type}) does not balance in ${currency}`,
          sequence,
        );
      }
      if (isEntry(event)) entriesChecked += 1;
      if (check.replay) {
        try {
          evolve(state, event);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new LedgerBreak(
            "replay_invariant",
            `replay stops at sequence ${sequence}: ${message}`,
            sequence,
          );
        }
        check.observe?.(state, event);
      }
      done += 1;
    }
    check.onProgress?.("entries", done, total);
  }
  return { entriesChecked };
}

export interface EventsReport {
  readonly from: TrustedPoint | null;
  /** The last verified sequence and its hash. */
  readonly head: { readonly sequence: number; readonly hash: string };
  readonly eventsHashed: number;
  readonly entriesChecked: number;
  readonly replayed: boolean;
}

/**
 * Steps (1) and (2) of `folio verify` on a ledger whose last sequence was `head` when asked
 * (the chain goes to the stream's last event when it starts). A LedgerBreak names the first
 * break; any other error is the store's.
 */
export async function verifyEvents(
  store: EventStore,
  ledgerId: string,
  options: {
    readonly from?: TrustedPoint;
    readonly head: number;
    readonly onProgress?: PhaseProgress;
  },
): Promise<EventsReport> {
  const { from } = options;
  const first = from === undefined ? 0 : from.sequence;
  const chain = await checkChain(
    store,
    ledgerId,
    from,
    options.head - first + 1,
    options.onProgress,
  );
  const start = from === undefined ? 0 : from.sequence + 1;
  const { entriesChecked } = await checkEntries(store, ledgerId, {
    start,
    last: chain.last,
    replay: from === undefined,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  return {
    from: from ?? null,
    head: { sequence: chain.last, hash: chain.lastHash },
    eventsHashed: chain.last - first + 1,
    entriesChecked,
    replayed: from === undefined,
  };
}
