// Test helpers for the entry index: a store whose readEntryEvents first catches the index up
// with everything stored (every stream, events as stored: the contract suite's streams are not
// ledgers), a view of a store that shows only a prefix of its global order (to build the index
// to a chosen point through the real projection runtime), and a store that counts the events
// its stream reads return (to show that a caught-up lookup reads no tail).
import type pg from "pg";
import {
  START_POSITION,
  type EventStore,
  type ReadAllOptions,
  type StoredEvent,
} from "../../ledger-core/index.js";
import { inTransaction } from "../transaction.js";
import { entryIndexRows, writeEntryIndexRows } from "./entryIndexProjection.js";
import { entryIndexSetupSql, entryIndexTables } from "./entryIndexTables.js";
import { withEntryIndex, type EntryIndexOptions } from "./indexedLookup.js";

const PAGE = 1_000;

/** Indexes every event stored after `from` (all streams, unvalidated); the new position. */
export async function indexStoredEvents(
  pool: pg.Pool,
  store: EventStore,
  version: number,
  from: string = START_POSITION,
): Promise<string> {
  const tables = entryIndexTables(version);
  await pool.query(entryIndexSetupSql(tables));
  for (let position = from; ;) {
    const page = await store.readAll({ fromPosition: position, maxCount: PAGE });
    const last = page[page.length - 1];
    if (last === undefined) return position;
    await inTransaction(pool, (client) =>
      writeEntryIndexRows(client, tables, entryIndexRows(page)),
    );
    position = last.position;
  }
}

/**
 * withEntryIndex(`inner`) whose readEntryEvents first indexes everything stored so far (one
 * catch-up at a time, each from where the last one ended): the index is always caught up.
 */
export function caughtUpIndexStore(
  inner: EventStore,
  pool: pg.Pool,
  version: number,
  options: EntryIndexOptions = {},
): EventStore {
  const indexed = withEntryIndex(inner, pool, { ...options, version });
  let caughtUp: Promise<string> = Promise.resolve(START_POSITION);
  const catchUp = (): Promise<string> =>
    (caughtUp = caughtUp.then((from) => indexStoredEvents(pool, inner, version, from)));
  const readEntryEvents: EventStore["readEntryEvents"] = async (streamId, entryIds) => {
    await catchUp();
    return indexed.readEntryEvents(streamId, entryIds);
  };
  return { ...bound(indexed), readEntryEvents };
}

/** `store` as if only the first `count` events of its global order had been stored (readAll). */
export async function prefixView(store: EventStore, count: number): Promise<EventStore> {
  const shown = new Set<string>();
  for (let from = START_POSITION; shown.size < count;) {
    const page = await store.readAll({ fromPosition: from, maxCount: count - shown.size });
    for (const event of page) shown.add(event.position);
    const last = page[page.length - 1];
    if (last === undefined) break;
    from = last.position;
  }
  const readAll = async (options: ReadAllOptions): Promise<StoredEvent[]> => {
    const page = await store.readAll(options);
    const cut = page.findIndex((event) => !shown.has(event.position));
    return cut === -1 ? page : page.slice(0, cut);
  };
  return { ...bound(store), readAll };
}

/** The counters of countingStore. */
export interface ReadCounts {
  /** Events returned by readStream. */
  streamEvents: number;
  readStreamCalls: number;
}

/** `store` counting what its readStream returns. */
export function countingStore(store: EventStore): { store: EventStore; counts: ReadCounts } {
  const counts: ReadCounts = { streamEvents: 0, readStreamCalls: 0 };
  const readStream: EventStore["readStream"] = async (streamId, options) => {
    const events = await store.readStream(streamId, options);
    counts.readStreamCalls += 1;
    counts.streamEvents += events.length;
    return events;
  };
  return { store: { ...bound(store), readStream }, counts };
}

/** The store's methods bound to it, as a plain object to override some of. */
export function bound(store: EventStore): EventStore {
  return {
    appendLimits: store.appendLimits,
    append: (streamId, events, expected) => store.append(streamId, events, expected),
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    countAll: (options) => store.countAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    readEntryEvents: (streamId, ids) => store.readEntryEvents(streamId, ids),
    close: () => store.close(),
  };
}
