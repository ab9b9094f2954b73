// The ledgers this process writes: one LedgerWriter per ledger, opened on first use from the
// store (snapshot + tail) and kept in a least-recently-used cache (lru-cache) of at most
// `maxOpenLedgers`. When a new ledger needs a slot and none is free, the least recently used
// IDLE writer is closed (nothing queued, no append in flight, no caller between opening it and
// submitting to it) and reopened on demand later; a busy writer is never closed. Only when
// every slot is busy is a new ledger refused (`overloaded`, a 503 for the API). A ledger id
// that names no ledger is not kept open, so requests for random ids cannot grow memory. Each
// ledger has exactly one writer here. With `leases` (ledgerLeases.ts), a writer is opened only
// under its ledger's lease, so one process at a time writes a ledger: a command for a ledger
// another process holds is refused (`not_owner`), and a writer whose lease is lost stops at
// once (its queued commands get `lease_lost`, its appends are refused) and leaves its slot; the
// next command acquires again. A closed writer gives its lease back once drained. Without
// leases, a second process on the same ledger is made safe by the expected revision alone
// (see ledgerWriter.ts), as it still is with them.
import { LRUCache } from "lru-cache";
import { assert } from "./assert.js";
import type { Decision } from "./decision.js";
import type { EventStore } from "./eventStorePort.js";
import {
  leaseFencedStore,
  leaseLostError,
  type LeaseLoss,
  type LedgerLease,
  type LedgerLeases,
} from "./ledgerLeases.js";
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
  /**
   * One writer per ledger across processes: a writer opens only under its ledger's lease.
   * Owned by the caller: close it after the registry.
   */
  readonly leases?: LedgerLeases;
}

/** A slot's writer and the lease it was opened under (null without `leases`). */
interface Opened {
  readonly writer: LedgerWriter;
  readonly lease: LedgerLease | null;
}

/** One ledger's place in the cache: its writer (once open) and the callers using it now. */
interface Slot {
  readonly opening: Promise<Opened>;
  writer: LedgerWriter | null;
  /** The lease its writer was opened under, once open (null without leases). */
  lease: LedgerLease | null;
  /** Callers between taking the slot and their command's answer: the slot is busy. */
  users: number;
}

export class LedgerRegistry {
  private readonly slots: LRUCache<string, Slot>;
  private readonly closing = new Set<Promise<void>>();
  /** With leases: per ledger, its last writer's closing; a new writer waits for its release. */
  private readonly retiring = new Map<string, Promise<void>>();
  private readonly maxOpenLedgers: number;
  private closed = false;
  private closedIdle = 0;
  private lostLeases = 0;

  constructor(private readonly options: LedgerRegistryOptions) {
    this.maxOpenLedgers = options.maxOpenLedgers ?? DEFAULT_MAX_OPEN_LEDGERS;
    assert(
      Number.isSafeInteger(this.maxOpenLedgers) && this.maxOpenLedgers >= 1,
      "at least one ledger may be open",
    );
    this.slots = new LRUCache<string, Slot>({
      max: this.maxOpenLedgers,
      dispose: (slot, ledgerId) => {
        this.retire(ledgerId, slot);
      },
    });
  }

  /** The writer of `ledgerId`, opened if need be; null if no such ledger exists. */
  async existing(ledgerId: string): Promise<LedgerWriter | null> {
    const slot = this.take(ledgerId);
    let writer: LedgerWriter;
    try {
      writer = await this.writerOf(slot);
    } finally {
      slot.users -= 1;
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

  /** Runs `use` on the writer of `ledgerId` (opened if need be) while holding its slot. */
  private async using<T>(ledgerId: string, use: (writer: LedgerWriter) => Promise<T>): Promise<T> {
    const slot = this.take(ledgerId);
    try {
      return await use(await this.writerOf(slot));
    } finally {
      slot.users -= 1;
      if (slot.writer?.current.ledger === null) this.forget(ledgerId, slot);
    }
  }

  /** Writers open now, for readiness, metrics and the hold sweeper. */
  async openWriters(): Promise<LedgerWriter[]> {
    const opened = await Promise.allSettled([...this.slots.values()].map((slot) => slot.opening));
    return opened.flatMap((result) => (result.status === "fulfilled" ? [result.value.writer] : []));
  }

  get openLedgers(): number {
    return this.slots.size;
  }

  /** Idle writers closed so far to make room for other ledgers. */
  get evictions(): number {
    return this.closedIdle;
  }

  /** Writers stopped because their lease was lost. */
  get leaseLosses(): number {
    return this.lostLeases;
  }

  /** Stops intake on every writer, waits for their queues to drain, gives their leases back. */
  async close(): Promise<void> {
    this.closed = true;
    this.slots.clear(); // disposes every slot: each writer drains its queue, then closes
    await Promise.allSettled([...this.closing]);
  }

  /** The slot of `ledgerId`, opening its writer if need be, taken by the caller. */
  private take(ledgerId: string): Slot {
    if (this.closed) throw new WriterError("writer_closed", "the ledger service is stopping");
    const known = this.slots.get(ledgerId); // marks it most recently used
    // A lease lost a moment ago (its writer is being stopped): this caller opens anew.
    if (known?.lease?.held() === false) this.slots.delete(ledgerId);
    else if (known !== undefined) {
      known.users += 1;
      return known;
    }
    if (this.slots.size >= this.maxOpenLedgers && !this.closeLeastRecentlyUsedIdle()) {
      throw new WriterError(
        "overloaded",
        `all ${this.maxOpenLedgers} ledger writers of this process are busy; try again shortly`,
      );
    }
    assert(this.slots.size < this.maxOpenLedgers, "a slot is free before a writer opens");
    const slot: Slot = { opening: this.open(ledgerId), writer: null, lease: null, users: 1 };
    slot.opening.then(
      ({ writer, lease }) => {
        slot.writer = writer;
        slot.lease = lease;
        void lease?.lost.then((loss) => {
          this.leaseLost(ledgerId, slot, loss);
        });
      },
      () => {
        if (this.slots.peek(ledgerId) === slot) this.slots.delete(ledgerId);
      },
    );
    this.slots.set(ledgerId, slot);
    return slot;
  }

  /** Opens the writer of `ledgerId`; with leases, only under its lease (else `not_owner`). */
  private async open(ledgerId: string): Promise<Opened> {
    const { leases, store, snapshots, writerOptions } = this.options;
    const optionsOver = (over: EventStore): LedgerWriterOptions => ({
      ...writerOptions,
      ledgerId,
      store: over,
      ...(snapshots === undefined ? {} : { snapshots }),
    });
    if (leases === undefined)
      return { writer: await LedgerWriter.open(optionsOver(store)), lease: null };
    await this.retiring.get(ledgerId); // this process's last writer of it gives its lease back
    const lease = await leases.acquire(ledgerId);
    if (lease === null) {
      throw new WriterError(
        "not_owner",
        `another process owns ledger ${ledgerId}; retry shortly, or send the command to that process`,
      );
    }
    try {
      const writer = await LedgerWriter.open(optionsOver(leaseFencedStore(store, lease)));
      if (lease.held()) return { writer, lease };
      await writer.close(); // lost while loading
      throw leaseLostError(await lease.lost);
    } catch (error) {
      await lease.release();
      throw error;
    }
  }

  /** The slot's writer once open; refused if its lease is gone by then. */
  private async writerOf(slot: Slot): Promise<LedgerWriter> {
    const { writer, lease } = await slot.opening;
    if (lease !== null && !lease.held()) throw leaseLostError(await lease.lost);
    return writer;
  }

  /** A writer's lease is lost: it stops now, its queued commands get `lease_lost`, it leaves. */
  private leaseLost(ledgerId: string, slot: Slot, loss: LeaseLoss): void {
    this.lostLeases += 1;
    slot.writer?.abandon(leaseLostError(loss));
    this.options.writerOptions?.logger?.warn(
      { ledgerId, reason: loss.reason, message: loss.message },
      "ledger lease lost; its writer stopped",
    );
    if (this.slots.peek(ledgerId) === slot) this.slots.delete(ledgerId); // disposed: retired
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

  /**
   * Closes a slot's writer (after its queue drains) once it has left the cache, then gives its
   * lease back; until then a new writer of the same ledger here waits (`retiring`).
   */
  private retire(ledgerId: string, slot: Slot): void {
    const closing: Promise<void> = slot.opening
      .then(async ({ writer, lease }) => {
        await writer.close().catch(() => undefined);
        await lease?.release();
      })
      .catch(() => undefined)
      .finally(() => {
        this.closing.delete(closing);
        if (this.retiring.get(ledgerId) === closing) this.retiring.delete(ledgerId);
      });
    this.closing.add(closing);
    if (this.options.leases !== undefined) this.retiring.set(ledgerId, closing);
  }
}

/** Open, with nothing queued or in flight, and no caller holding it. */
function isIdle(slot: Slot): boolean {
  return slot.users === 0 && slot.writer !== null && slot.writer.idle;
}
