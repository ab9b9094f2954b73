// withEntryIndex: an EventStore whose readEntryEvents goes through the entry-index read model
// (entryIndexProjection.ts) instead of the store's own lookup: meant for EventStoreDB, whose
// own answer is a scan of the whole stream. Exact at any lag of the index: the indexed
// revisions of the wanted keys (up to the stream's indexed-through head, read in the same
// statement) are read from the store by revision, then the stream's tail after the head is read
// forwards to its end and filtered. Its cost is the index probes, the events found, and the
// index's lag in events of that stream. Without the index's tables (not built yet, dropped)
// or a readable active version, it asks the store itself. Every other method is the store's.
import type pg from "pg";
import {
  entryKeysOf,
  MAX_ENTRY_LOOKUP,
  MAX_READ_BATCH,
  type EventStore,
  type StoredEvent,
} from "../../ledger-core/index.js";
import { activeVersion } from "../checkpoints.js";
import {
  DEFAULT_ENTRY_INDEX_VERSION,
  ENTRY_INDEX_PROJECTION_NAME,
  entryIndexTables,
  lookupSql,
} from "./entryIndexTables.js";

export interface EntryIndexOptions {
  /** Read this version of the index; default: the active version (projection_active). */
  readonly version?: number;
  /** How long an active version read is trusted before it is read again (default 5 s). */
  readonly versionTtlMs?: number;
  /** Indexed revisions at most this far apart are read in one readStream (default 16). */
  readonly maxGap?: number;
  /** readStream calls in flight at once for one lookup (default 8). */
  readonly readConcurrency?: number;
}

export const DEFAULT_VERSION_TTL_MS = 5_000;
export const DEFAULT_MAX_GAP = 16;
export const DEFAULT_READ_CONCURRENCY = 8;

/** What the index knows of one stream: its indexed-through revision and the wanted revisions. */
export interface IndexedRevisions {
  /** null when nothing of the stream is indexed (the tail is then the whole stream). */
  readonly head: bigint | null;
  readonly revisions: readonly bigint[];
}

/** A range of revisions read with one readStream. */
interface Run {
  readonly from: bigint;
  readonly count: number;
}

/** Text PostgreSQL stores: no NUL, no unpaired surrogate (never in the index, never sent). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isStorableText = (text: string): boolean =>
  !text.includes("\u0000") && !LONE_SURROGATE.test(text);

/** PostgreSQL's undefined_table: the index (or the projections' bookkeeping) is not there. */
function isUndefinedTable(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "42P01";
}

/** Ids the port accepts (the store itself refuses the others, with its own error). */
function acceptable(entryIds: readonly string[]): boolean {
  return (
    entryIds.length <= MAX_ENTRY_LOOKUP &&
    entryIds.every((id) => typeof id === "string" && id !== "")
  );
}

const names = (event: StoredEvent, wanted: ReadonlySet<string>): boolean =>
  entryKeysOf(event.data).some((key) => wanted.has(key));

/** Sorted revisions as ranges: neighbours at most `maxGap` apart share a range. */
export function runsOf(revisions: readonly bigint[], maxGap: number): Run[] {
  const runs: Run[] = [];
  let from: bigint | undefined;
  let to = 0n;
  for (const revision of revisions) {
    if (from !== undefined && revision - to <= BigInt(maxGap) && revision - from < MAX_READ_BATCH) {
      to = revision;
      continue;
    }
    if (from !== undefined) runs.push({ from, count: Number(to - from) + 1 });
    from = to = revision;
  }
  if (from !== undefined) runs.push({ from, count: Number(to - from) + 1 });
  return runs;
}

/** `work` over `items`, at most `limit` at a time; results in the order of `items`. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(limit, 1), items.length) }, worker));
  return results;
}

/** Events of both lists, each revision once, in revision order. */
function byRevision(...lists: readonly (readonly StoredEvent[])[]): StoredEvent[] {
  const found = new Map<bigint, StoredEvent>();
  for (const list of lists) for (const event of list) found.set(event.revision, event);
  return [...found.values()].sort((a, b) => (a.revision < b.revision ? -1 : 1));
}

class IndexedEventStore implements EventStore {
  private cached: { readonly version: number; readonly until: number } | undefined;

  constructor(
    private readonly inner: EventStore,
    private readonly pool: pg.Pool,
    private readonly options: EntryIndexOptions,
  ) {}

  get appendLimits(): EventStore["appendLimits"] {
    return this.inner.appendLimits;
  }

  append: EventStore["append"] = (streamId, events, expected) =>
    this.inner.append(streamId, events, expected);
  readStream: EventStore["readStream"] = (streamId, options) =>
    this.inner.readStream(streamId, options);
  readAll: EventStore["readAll"] = (options) => this.inner.readAll(options);
  countAll: EventStore["countAll"] = (options) => this.inner.countAll(options);
  subscribeToAll: EventStore["subscribeToAll"] = (options) => this.inner.subscribeToAll(options);
  close: EventStore["close"] = () => this.inner.close();

  async readEntryEvents(streamId: string, entryIds: readonly string[]): Promise<StoredEvent[]> {
    if (!acceptable(entryIds)) return this.inner.readEntryEvents(streamId, entryIds);
    const wanted = new Set(entryIds);
    if (wanted.size === 0) return [];
    const indexed = await this.readIndex(streamId, wanted);
    if (indexed === undefined) return this.inner.readEntryEvents(streamId, entryIds);
    const [hits, tail] = await Promise.all([
      this.readIndexed(streamId, indexed.revisions, wanted),
      this.readTail(streamId, indexed.head, wanted),
    ]);
    return byRevision(hits, tail);
  }

  /** What the index holds for the wanted keys; undefined when there is no index to read. */
  private async readIndex(
    streamId: string,
    wanted: ReadonlySet<string>,
  ): Promise<IndexedRevisions | undefined> {
    if (!isStorableText(streamId)) return { head: null, revisions: [] };
    const keys = [...wanted].filter(isStorableText);
    try {
      const tables = entryIndexTables(await this.version());
      const { rows } = await this.pool.query<{ head: string | null; revisions: string[] }>(
        lookupSql(tables),
        [streamId, keys],
      );
      const row = rows[0];
      if (row?.head == null) return { head: null, revisions: [] };
      return { head: BigInt(row.head), revisions: row.revisions.map((r) => BigInt(r)) };
    } catch (error) {
      if (!isUndefinedTable(error)) throw error;
      this.cached = undefined;
      return undefined;
    }
  }

  /** The index's active version, read again after versionTtlMs. */
  private async version(): Promise<number> {
    if (this.options.version !== undefined) return this.options.version;
    const now = Date.now();
    if (this.cached !== undefined && now < this.cached.until) return this.cached.version;
    const version = await activeVersion(
      this.pool,
      ENTRY_INDEX_PROJECTION_NAME,
      DEFAULT_ENTRY_INDEX_VERSION,
    );
    this.cached = { version, until: now + (this.options.versionTtlMs ?? DEFAULT_VERSION_TTL_MS) };
    return version;
  }

  /** The events at the indexed revisions, read in ranges; each must be in the store. */
  private async readIndexed(
    streamId: string,
    revisions: readonly bigint[],
    wanted: ReadonlySet<string>,
  ): Promise<StoredEvent[]> {
    const runs = runsOf(revisions, this.options.maxGap ?? DEFAULT_MAX_GAP);
    const pages = await mapLimited(
      runs,
      this.options.readConcurrency ?? DEFAULT_READ_CONCURRENCY,
      (run) =>
        this.inner.readStream(streamId, {
          fromRevision: run.from,
          direction: "forwards",
          maxCount: run.count,
        }),
    );
    const read = new Map(pages.flat().map((event) => [event.revision, event]));
    const found: StoredEvent[] = [];
    for (const revision of revisions) {
      const event = read.get(revision);
      if (event === undefined) {
        throw new Error(
          `entry index names ${streamId} revision ${revision}, which the store does not hold: ` +
            "the index was built from another store; rebuild it",
        );
      }
      if (names(event, wanted)) found.push(event);
    }
    return found;
  }

  /** The stream after `head` (all of it when null) to its end, kept where it names a wanted id. */
  private async readTail(
    streamId: string,
    head: bigint | null,
    wanted: ReadonlySet<string>,
  ): Promise<StoredEvent[]> {
    const found: StoredEvent[] = [];
    for (let from = head === null ? 0n : head + 1n; ;) {
      const page = await this.inner.readStream(streamId, {
        fromRevision: from,
        direction: "forwards",
        maxCount: MAX_READ_BATCH,
      });
      for (const event of page) if (names(event, wanted)) found.push(event);
      const last = page[page.length - 1];
      if (last === undefined || page.length < MAX_READ_BATCH) return found;
      from = last.revision + 1n;
    }
  }
}

/**
 * `store` with readEntryEvents answered through the entry index in `pool`'s database, exact at
 * any lag of the index (see the head of this file); every other method is `store`'s own.
 */
export function withEntryIndex(
  store: EventStore,
  pool: pg.Pool,
  options: EntryIndexOptions = {},
): EventStore {
  return new IndexedEventStore(store, pool, options);
}
