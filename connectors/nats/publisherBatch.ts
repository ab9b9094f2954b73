// One batch of the NATS publisher: the ledger events after its checkpoint in the global order,
// validated as the projections validate them (projections/reader.ts: decodeStoredEvent, and a
// poison error naming an event that does not validate), and turned into messages whose
// balancesAfter are computed from the publisher's balances as of the checkpoint. Same
// checkpoint, same events, same table state: the same bytes, whichever instance prepares it.
import type pg from "pg";
import type { EventStore, StoredEvent } from "../../ledger-core/index.js";
import { LEDGER_STREAM_PREFIX, decodeStoredEvent, poisonOf } from "../../projections/index.js";
import type { JournalEvent, RecordedPosting } from "../../schemas/index.js";
import {
  BalancesAfter,
  accountKey,
  accountsTouched,
  holdKey,
  holdsToLoad,
} from "./balancesAfter.js";
import { readBalances, type AccountBalances } from "./migrations.js";
import { outgoingMessage, type OutgoingMessage } from "./publisherMessages.js";

/** One stored ledger event with its validated form. */
export interface DecodedEvent {
  readonly ledgerId: string;
  readonly stored: StoredEvent;
  readonly event: JournalEvent;
}

/** A batch ready to publish and then commit. */
export interface PreparedBatch {
  readonly events: readonly DecodedEvent[];
  /** One per event, in the global order. */
  readonly messages: readonly OutgoingMessage[];
  /** The balances the batch changed, as it leaves them (stored with the checkpoint). */
  readonly balances: readonly AccountBalances[];
}

function decodeOne(stored: StoredEvent): DecodedEvent {
  try {
    return {
      ledgerId: stored.streamId.slice(LEDGER_STREAM_PREFIX.length),
      stored,
      event: decodeStoredEvent(stored),
    };
  } catch (error) {
    throw poisonOf(stored, error);
  }
}

/** Up to `maxCount` ledger events after `from`, validated (a poison error names a bad one). */
export async function readEvents(
  store: EventStore,
  from: string,
  maxCount: number,
): Promise<DecodedEvent[]> {
  const stored = await store.readAll({
    fromPosition: from,
    maxCount,
    filter: { streamPrefix: LEDGER_STREAM_PREFIX },
  });
  return stored.map(decodeOne);
}

/** The postings of holds pended before the batch that the batch resolves (from the store). */
async function loadHolds(
  store: EventStore,
  events: readonly DecodedEvent[],
): Promise<Map<string, readonly RecordedPosting[]>> {
  const byLedger = new Map<string, string[]>();
  for (const { ledgerId, pendingId } of holdsToLoad(events)) {
    const ids = byLedger.get(ledgerId) ?? [];
    ids.push(pendingId);
    byLedger.set(ledgerId, ids);
  }
  const holds = new Map<string, readonly RecordedPosting[]>();
  for (const [ledgerId, pendingIds] of byLedger) {
    const found = await store.readEntryEvents(`${LEDGER_STREAM_PREFIX}${ledgerId}`, pendingIds);
    for (const stored of found) {
      if (stored.type !== "EntryPended") continue;
      const { event } = decodeOne(stored);
      if (event.type === "EntryPended") {
        holds.set(holdKey(ledgerId, event.data.entryId), event.data.postings);
      }
    }
  }
  return holds;
}

/**
 * Balances known to be the table's (or, while a batch is in flight, what its commit will make
 * them), kept by the active instance between batches; forgotten when a session ends.
 */
export type BalancesCache = Map<string, AccountBalances>;

/** Accounts kept in a BalancesCache at most (the publisher clears it when idle beyond). */
export const MAX_CACHED_BALANCES = 200_000;

/** The base balances of `accounts`: cached, else read from the table (and cached). */
async function baseBalances(
  pool: pg.Pool,
  publisher: string,
  cache: BalancesCache,
  accounts: readonly { readonly ledgerId: string; readonly accountId: string }[],
): Promise<AccountBalances[]> {
  const missing = accounts.filter((a) => !cache.has(accountKey(a.ledgerId, a.accountId)));
  for (const row of await readBalances(pool, publisher, missing)) {
    cache.set(accountKey(row.ledgerId, row.accountId), row);
  }
  return accounts.flatMap((a) => cache.get(accountKey(a.ledgerId, a.accountId)) ?? []);
}

/**
 * The batch's messages and balances, from the publisher's balances as of the batch's start;
 * the cache then holds the balances the batch leaves.
 */
export async function prepareBatch(
  pool: pg.Pool,
  store: EventStore,
  options: { readonly publisher: string; readonly subjectPrefix: string },
  events: readonly DecodedEvent[],
  cache: BalancesCache = new Map(),
): Promise<PreparedBatch> {
  const holds = await loadHolds(store, events);
  const touched = accountsTouched(events, holds);
  const balances = new BalancesAfter(
    await baseBalances(pool, options.publisher, cache, touched),
    holds,
  );
  const messages = events.map(({ ledgerId, stored, event }) => {
    let after;
    try {
      after = balances.apply(ledgerId, event);
    } catch (error) {
      throw poisonOf(stored, error);
    }
    return outgoingMessage(options.subjectPrefix, ledgerId, stored, after);
  });
  const changed = balances.changedBalances();
  for (const row of changed) cache.set(accountKey(row.ledgerId, row.accountId), row);
  return { events, messages, balances: changed };
}
