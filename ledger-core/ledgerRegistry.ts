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
// (see ledgerWriter.ts), as it still is with them. With `forwarding` as well
// (commandForwarding.ts), a command or dry run for a ledger another process holds is sent to
// that process and its answer returned; while this process holds a lease it serves the
// messages others forward for that ledger (docs/writer.md, "Forwarding"). With `serveHttp`
// too, whole HTTP requests for a ledger are routed the same way (routeHttp): the API of the
// owner answers them (api/cluster/forwardPlugin.ts). A ledger's slot and how its writer is
// opened (under its lease, serving it to the others) are in ledgerSlot.ts.
import { LRUCache } from "lru-cache";
import { assert } from "./assert.js";
import {
  decisionOf,
  decisionReply,
  dryRunOf,
  dryRunReply,
  errorReply,
  httpAnswerOf,
  routeToOwner,
  type CommandForwarding,
  type ForwardMessage,
  type ForwardReply,
  type HttpAnswer,
  type HttpRequestMessage,
} from "./commandForwarding.js";
import type { Decision } from "./decision.js";
import type { EventStore } from "./eventStorePort.js";
import { leaseLostError, type LeaseLoss, type LedgerLeases } from "./ledgerLeases.js";
import type { LedgerWriter } from "./ledgerWriter.js";
import {
  WriterError,
  type CommandRequest,
  type DryRunResult,
  type LedgerWriterOptions,
} from "./ledgerWriter.js";
import { isIdle, openWriter, type Slot, type SlotState } from "./ledgerSlot.js";
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
  /**
   * With `leases`: commands and dry runs for a ledger another process holds are forwarded to
   * it; the ledgers held here are served to the others. Owned by the caller.
   */
  readonly forwarding?: CommandForwarding;
  /**
   * With `forwarding`: answers an HTTP request another process forwarded for a ledger held
   * here (the API replays it through its routes). Absent: such messages are refused.
   */
  readonly serveHttp?: (ledgerId: string, message: HttpRequestMessage) => Promise<HttpAnswer>;
}

/** Where an HTTP request for a ledger is answered: here, or the owner's answer to relay. */
export type HttpRoute =
  { readonly kind: "local" } | { readonly kind: "forwarded"; readonly answer: HttpAnswer };

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

  /**
   * Submits a command to its ledger's writer (CreateLedger opens a writer for a new ledger);
   * with `forwarding`, to the process that owns the ledger.
   */
  submit(ledgerId: string, request: CommandRequest): Promise<Decision> {
    const local = () => this.using(ledgerId, (writer) => writer.submit(request));
    return this.routed(ledgerId, { kind: "submit", request }, local, decisionOf);
  }

  /**
   * Dry-runs commands on their ledger's writer (LedgerWriter.dryRun). A ledger that does not
   * exist stays absent: its writer is dropped once idle, as after a refused CreateLedger.
   */
  dryRun(ledgerId: string, requests: readonly CommandRequest[]): Promise<DryRunResult> {
    const local = () => this.using(ledgerId, (writer) => writer.dryRun(requests));
    return this.routed(ledgerId, { kind: "dryRun", requests }, local, dryRunOf);
  }

  /**
   * Where the HTTP request `message` for `ledgerId` is answered: "local" when this process owns
   * the ledger, or nobody did and it took the lease (or the ledger does not exist: the route
   * answers 404 and no lease is kept); else the owner's answer. Always "local" without
   * forwarding. Rejects as a forwarded command does (not_owner, forward_timeout, ...).
   */
  routeHttp(ledgerId: string, message: HttpRequestMessage): Promise<HttpRoute> {
    const local = async (): Promise<HttpRoute> => {
      await this.existing(ledgerId); // takes the lease (kept only if the ledger exists)
      return { kind: "local" };
    };
    const fromReply = (reply: ForwardReply): HttpRoute => ({
      kind: "forwarded",
      answer: httpAnswerOf(reply),
    });
    return this.routed(ledgerId, message, local, fromReply);
  }

  /** `local()` without forwarding; with it, here or at the owner (routeToOwner). */
  private routed<T>(
    ledgerId: string,
    message: ForwardMessage,
    local: () => Promise<T>,
    fromReply: (reply: ForwardReply) => T,
  ): Promise<T> {
    const { forwarding, leases } = this.options;
    if (forwarding === undefined || leases === undefined) return local();
    const ownedHere = (): boolean => {
      const slot = this.slots.peek(ledgerId);
      return slot !== undefined && slot.lease?.held() !== false;
    };
    return routeToOwner({ forwarding, ledgerId, message, ownedHere, local, fromReply });
  }

  /**
   * Answers a message forwarded by another process, here only: refused `not_owner` unless
   * `slot`, opened under a lease still held, is this ledger's slot (never forwarded on).
   */
  private async answerForwarded(
    ledgerId: string,
    slot: SlotState,
    message: ForwardMessage,
  ): Promise<ForwardReply> {
    const current = this.slots.get(ledgerId); // marks it most recently used
    if (this.closed || current !== slot || slot.lease?.held() !== true) {
      return errorReply(new WriterError("not_owner", `this process no longer owns ${ledgerId}`));
    }
    current.users += 1;
    try {
      switch (message.kind) {
        case "submit":
          return decisionReply(await this.run(ledgerId, current, (w) => w.submit(message.request)));
        case "dryRun":
          return dryRunReply(await this.run(ledgerId, current, (w) => w.dryRun(message.requests)));
        case "http":
          return await this.run(ledgerId, current, () => this.answerHttp(ledgerId, message));
      }
    } catch (error) {
      return errorReply(error);
    }
  }

  /** A forwarded HTTP request, answered by `serveHttp` while the caller holds the slot. */
  private async answerHttp(ledgerId: string, message: HttpRequestMessage): Promise<ForwardReply> {
    const { serveHttp } = this.options;
    if (serveHttp === undefined) {
      throw new WriterError(
        "forward_failed",
        "this process does not answer forwarded HTTP requests",
      );
    }
    return { kind: "http", answer: await serveHttp(ledgerId, message) };
  }

  /** Runs `use` on the writer of `ledgerId` (opened if need be) while holding its slot. */
  private async using<T>(ledgerId: string, use: (writer: LedgerWriter) => Promise<T>): Promise<T> {
    return this.run(ledgerId, this.take(ledgerId), use);
  }

  /** Runs `use` on the writer of `slot`, taken by the caller, and gives the slot back. */
  private async run<T>(
    ledgerId: string,
    slot: Slot,
    use: (writer: LedgerWriter) => Promise<T>,
  ): Promise<T> {
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
    const state: SlotState = { writer: null, lease: null, users: 1 };
    const slot: Slot = Object.assign(state, {
      opening: openWriter(ledgerId, state, {
        ...this.options,
        retiring: this.retiring.get(ledgerId),
        answer: (message) => this.answerForwarded(ledgerId, state, message),
      }),
    });
    slot.opening.then(
      ({ writer, lease, served }) => {
        slot.writer = writer;
        slot.lease = lease;
        void lease?.lost.then((loss) => {
          void served?.stop();
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
      .then(async ({ writer, lease, served }) => {
        await served?.stop(); // others get no_owner and wait for the lease (routeToOwner)
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
