// The entry-index projection: for every ledger event of the global order, one row per entry
// key it names (entryKeysOf: entryId, pendingId, reversalOf) and its stream's head, so that
// withEntryIndex (indexedLookup.ts) can answer readEntryEvents with index probes instead of a
// scan of the stream. The batch is turned into rows in memory (so the next batch is prepared
// while this one is written) and written with one COPY of the keys and one upsert of the heads.
import type { PoolClient } from "pg";
import { entryKeysOf, type JsonValue } from "../../ledger-core/index.js";
import { chunks, copyLines, copyText } from "../copyRows.js";
import {
  dropTables,
  type PreparedBatch,
  type ProjectedEvent,
  type Projection,
} from "../projection.js";
import { LEDGER_STREAM_PREFIX } from "../reader.js";
import {
  DEFAULT_ENTRY_INDEX_VERSION,
  ENTRY_INDEX_LAYOUT,
  ENTRY_INDEX_PROJECTION_NAME,
  entryIndexSetupSql,
  entryIndexTables,
  KEY_COLUMNS,
  upsertHeadsSql,
  type EntryIndexTables,
} from "./entryIndexTables.js";

/** What the index needs of one event: where it is and the entry keys its data names. */
export interface IndexedEvent {
  readonly streamId: string;
  readonly revision: bigint;
  readonly data: JsonValue;
}

/** A batch as rows: COPY lines of the keys table and the highest revision of each stream. */
export interface EntryIndexRows {
  readonly lines: readonly string[];
  readonly heads: ReadonlyMap<string, bigint>;
}

/** The rows of a batch of events (in the global order: each stream's in revision order). */
export function entryIndexRows(events: Iterable<IndexedEvent>): EntryIndexRows {
  const lines: string[] = [];
  const heads = new Map<string, bigint>();
  for (const { streamId, revision, data } of events) {
    const stream = copyText(streamId);
    // An event may name one id twice (an entry and what it reverses): one row each.
    for (const key of new Set(entryKeysOf(data))) {
      lines.push(`${stream}\t${copyText(key)}\t${revision}\n`);
    }
    const head = heads.get(streamId);
    if (head === undefined || revision > head) heads.set(streamId, revision);
  }
  return { lines, heads };
}

/** Writes a batch's rows inside the caller's transaction. */
export async function writeEntryIndexRows(
  client: PoolClient,
  tables: EntryIndexTables,
  rows: EntryIndexRows,
): Promise<void> {
  if (rows.lines.length > 0) await copyLines(client, tables.keys, KEY_COLUMNS, rows.lines);
  for (const piece of chunks([...rows.heads])) {
    await client.query(upsertHeadsSql(tables), [
      piece.map(([streamId]) => streamId),
      piece.map(([, revision]) => revision.toString()),
    ]);
  }
}

/** A projected (validated) ledger event as the index sees it. */
export function indexedEventOf({ ledgerId, event }: ProjectedEvent): IndexedEvent {
  return {
    streamId: `${LEDGER_STREAM_PREFIX}${ledgerId}`,
    revision: BigInt(event.metadata.sequence),
    data: event.data as JsonValue,
  };
}

const rowsOf = (events: readonly ProjectedEvent[]): EntryIndexRows =>
  entryIndexRows(events.map(indexedEventOf));

/** The entry-index projection (name "entry_index") at `version`; tables entryIndexTables(version). */
export function entryIndexProjection(version = DEFAULT_ENTRY_INDEX_VERSION): Projection {
  const tables = entryIndexTables(version);
  return {
    name: ENTRY_INDEX_PROJECTION_NAME,
    version,
    layout: ENTRY_INDEX_LAYOUT,
    async setup(client: PoolClient): Promise<void> {
      await client.query(entryIndexSetupSql(tables));
    },
    prepare(events: readonly ProjectedEvent[]): PreparedBatch {
      const rows = rowsOf(events);
      return { write: (client) => writeEntryIndexRows(client, tables, rows), committed: noop };
    },
    async apply(client: PoolClient, events: readonly ProjectedEvent[]): Promise<void> {
      await writeEntryIndexRows(client, tables, rowsOf(events));
    },
    async drop(client: PoolClient): Promise<void> {
      await dropTables(client, [tables.keys, tables.heads]);
    },
  };
}

/** The factory to register with the read models (projections/catalog.ts). */
export const ENTRY_INDEX_PROJECTION = entryIndexProjection;

const noop = (): void => undefined;
