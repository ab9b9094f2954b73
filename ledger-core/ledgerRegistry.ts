// The ledgers this process writes: one LedgerWriter per ledger, opened on first use from the
// store (snapshot + tail) and kept in a least-recently-used cache (lru-cache) of at most
// `maxOpenLedgers`. When a new ledger needs a slot and none is free, the least recently used
// IDLE writer is closed (nothing queued, no append in flight, no caller between opening it and
// submitting to it) and reopened on demand later; a busy writer is never closed. Only when
// every slot is busy is a new ledger refused (`overloaded`, a 503 for the API). A ledger id
// that names no ledger is not kept open, so requests for random ids cannot grow memory. Each
// ledger has exactly one writer here; a second process on the same ledger is made safe by the
// expected revision (see ledgerWriter.ts).
import { LRUCache } from "lru-cache";
import { assert } from "./assert.js";
import type { Decision } from "./decision.js";
import type { EventStore } from "./eventStorePort.js";
import {
  LedgerWriter,
  WriterError,
  type CommandRequest,
  type DryRunResult,
  type LedgerWriterOptions,
} from "./ledgerWriter.js";
import type { SnapshotStore } from "./snapshots.js";

export const DEFAULT_MAX_OPEN_LEDGERS = 1_000;

export interface LedgerRegistryOptions {
  readonly store: EventStore;
  readonly snapshots?: SnapshotStore;
  /** Writers open at once; the least recently used idle one is closed to make room. */
  readonly maxOpenLedgers?: number;
  /** Options every writer gets (clock, batch sizes, logger, onBatch). */
  readonly writerOptions?: Omit<LedgerWriterOptions, "ledgerId" | "store" | "snapshots">;
}

/** One ledger's place in the cache: its writer (once open) and the callers using it now. */
interface Slot {
  readonly opening: Promise<LedgerWriter>;
  writer: LedgerWriter | null;
  /** Callers between taking the slot and their command's answer: the slot is busy. */
  leases: number;
}

export class LedgerRegistry {
  private readonly slots: LRUCache<string, Slot>;
  private readonly closing = new Set<Promise<void>>();
  private readonly maxOpenLedgers: number;
  private closed = false;
  private closedIdle = 0;

  constructor(private readonly options: LedgerRegistryOptions) {
    this.maxOpenLedgers = options.maxOpenLedgers ?? DEFAULT_MAX_OPEN_LEDGERS;
    assert(
      Number.isSafeInteger(this.maxOpenLedgers) && this.maxOpenLedgers >= 1,
      "at least one ledger may be open",
    );
    this.slots = new LRUCache<string, Slot>({
      max: this.maxOpenLedgers,
      dispose: (slot) => {
        this.retire(slot);
      },
    });
  }

  /** The writer of `ledgerId`, opened if need be; null if no such ledger exists. */
  async existing(ledgerId: string): Promise<LedgerWriter | null> {
    const slot = this.acquire(ledgerId);
    let writer: LedgerWriter;
    try {
      writer = await slot.opening;
    } finally {
      slot.leases -= 1;
    }
    if (writer.current.ledger !== null) return writer;
    this.forget(ledgerId, slot);
    return null;
  }

  /** Submits a command to its ledger's writer (CreateLedger opens a writer for a new ledger). */
  submit(ledgerId: string, request: CommandRequest): Promise<Decision> {
    return this.using(ledgerId, (writer) => writer.submit(request));
  }

  /**
   * Dry-runs commands on their ledger's writer (LedgerWriter.dryRun). A ledger that does not
   * exist stays absent: its writer is dropped once idle, as after a refused CreateLedger.
   */
  dryRun(ledgerId: string, requests: readonly CommandRequest[]): Promise<DryRunResult> {
    return this.using(ledgerId, (writer) => writer.dryRun(requests));
  }

  /** Runs `use` on the writer of `ledgerId` (opened if need be) while leasing its slot. */
  private async using<T>(ledgerId: string, use: (writer: LedgerWriter) => Promise<T>): Promise<T> {
    const slot = this.acquire(ledgerId);
    try {
      return await use(await slot.opening);
    } finally {
      slot.leases -= 1;
      if (slot.writer?.current.ledger === null) this.forget(ledgerId, slot);
    }
  }

  /** Writers open now, for readiness, metrics and the hold sweeper. */
  async openWriters(): Promise<LedgerWriter[]> {
    const opened = await Promise.allSettled([...this.slots.values()].map((slot) => slot.opening));
    return opened.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  }

  get openLedgers(): number {
    return this.slots.size;
  }

  /** Idle writers closed so far to make room for other ledgers. */
  get evictions(): number {
    return this.closedIdle;
  }

  /** Stops intake on every writer and waits for their queues to drain. */
  async close(): Promise<void> {
    this.closed = true;
    this.slots.clear(); // disposes every slot: each writer drains its queue, then closes
    await Promise.allSettled([...this.closing]);
  }

  /** The slot of `ledgerId`, opening its writer if need be, leased to the caller. */
  private acquire(ledgerId: string): Slot {
    if (this.closed) throw new WriterError("writer_closed", "the ledger service is stopping");
    const known = this.slots.get(ledgerId); // marks it most recently used
    if (known !== undefined) {
      known.leases += 1;
      return known;
    }
    if (this.slots.size >= this.maxOpenLedgers && !this.closeLeastRecentlyUsedIdle()) {
      throw new WriterError(
        "overloaded",
        `all ${this.maxOpenLedgers} ledger writers of this process are busy; try again shortly`,
      );
    }
    assert(this.slots.size < this.maxOpenLedgers, "a slot is free before a writer opens");
    const slot: Slot = {
      opening: LedgerWriter.open({
        ...this.options.writerOptions,
        ledgerId,
        store: this.options.store,
        ...(this.options.snapshots === undefined ? {} : { snapshots: this.options.snapshots }),
      }),
      writer: null,
      leases: 1,
    };
    slot.opening.then(
      (writer) => {
        slot.writer = writer;
      },
      () => {
        if (this.slots.peek(ledgerId) === slot) this.slots.delete(ledgerId);
      },
    );
    this.slots.set(ledgerId, slot);
    return slot;
  }

  /** Closes the least recently used writer that is idle; false if every writer is busy. */
  private closeLeastRecentlyUsedIdle(): boolean {
    for (const ledgerId of this.slots.rkeys()) {
      const slot = this.slots.peek(ledgerId);
      if (slot !== undefined && isIdle(slot)) {
        this.slots.delete(ledgerId); // disposed: closed at once, nothing is queued
        this.closedIdle += 1;
        return true;
      }
    }
    return false;
  }

  /** Drops the writer of a ledger that does not exist, once nobody uses it. */
  private forget(ledgerId: string, slot: Slot): void {
    if (this.slots.peek(ledgerId) !== slot || !isIdle(slot)) return;
    if (slot.writer?.current.ledger === null) this.slots.delete(ledgerId);
  }

  /** Closes a slot's writer (after its queue drains) once it has left the cache. */
  private retire(slot: Slot): void {
    const closing = slot.opening
      .then((writer) => writer.close())
      .catch(() => undefined)
      .finally(() => this.closing.delete(closing));
    this.closing.add(closing);
  }
}

/** Open, with nothing queued or in flight, and no caller holding it. */
function isIdle(slot: Slot): boolean {
  return slot.leases === 0 && slot.writer !== null && slot.writer.idle;
}
