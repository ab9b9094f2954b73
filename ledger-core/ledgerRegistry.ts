// The ledgers this process writes: one LedgerWriter per ledger, opened on first use from the
// store (snapshot + tail) and kept while the ledger exists. A ledger id that names no ledger
// is not kept open, so requests for random ids cannot grow memory; the number of open
// ledgers is bounded. Each ledger has exactly one writer here; a second process on the
// same ledger is made safe by the expected revision (see ledgerWriter.ts).
import type { Decision } from "./decision.js";
import type { EventStore } from "./eventStorePort.js";
import {
  LedgerWriter,
  WriterError,
  type CommandRequest,
  type LedgerWriterOptions,
} from "./ledgerWriter.js";
import type { SnapshotStore } from "./snapshots.js";

export const DEFAULT_MAX_OPEN_LEDGERS = 1_000;

export interface LedgerRegistryOptions {
  readonly store: EventStore;
  readonly snapshots?: SnapshotStore;
  readonly maxOpenLedgers?: number;
  /** Options every writer gets (clock, batch sizes, logger, onBatch). */
  readonly writerOptions?: Omit<LedgerWriterOptions, "ledgerId" | "store" | "snapshots">;
}

export class LedgerRegistry {
  private readonly writers = new Map<string, Promise<LedgerWriter>>();
  private closed = false;
  private readonly maxOpenLedgers: number;

  constructor(private readonly options: LedgerRegistryOptions) {
    this.maxOpenLedgers = options.maxOpenLedgers ?? DEFAULT_MAX_OPEN_LEDGERS;
  }

  /** The writer of `ledgerId`, opened if need be; null if no such ledger exists. */
  async existing(ledgerId: string): Promise<LedgerWriter | null> {
    const writer = await this.open(ledgerId);
    if (writer.current.ledger !== null) return writer;
    this.forget(ledgerId, writer);
    return null;
  }

  /** Submits a command to its ledger's writer (CreateLedger opens a writer for a new ledger). */
  async submit(ledgerId: string, request: CommandRequest): Promise<Decision> {
    const writer = await this.open(ledgerId);
    try {
      return await writer.submit(request);
    } finally {
      if (writer.current.ledger === null) this.forget(ledgerId, writer);
    }
  }

  /** Writers open now, for readiness and metrics. */
  async openWriters(): Promise<LedgerWriter[]> {
    return Promise.all(this.writers.values());
  }

  get openLedgers(): number {
    return this.writers.size;
  }

  /** Stops intake on every writer and waits for their queues to drain. */
  async close(): Promise<void> {
    this.closed = true;
    const writers = await Promise.allSettled(this.writers.values());
    this.writers.clear();
    const opened = writers.flatMap((result) =>
      result.status === "fulfilled" ? [result.value] : [],
    );
    await Promise.all(opened.map((writer) => writer.close()));
  }

  private open(ledgerId: string): Promise<LedgerWriter> {
    if (this.closed)
      return Promise.reject(new WriterError("writer_closed", "the ledger service is stopping"));
    const known = this.writers.get(ledgerId);
    if (known !== undefined) return known;
    if (this.writers.size >= this.maxOpenLedgers) {
      return Promise.reject(
        new WriterError("overloaded", `this process already writes ${this.maxOpenLedgers} ledgers`),
      );
    }
    const opening = LedgerWriter.open({
      ...this.options.writerOptions,
      ledgerId,
      store: this.options.store,
      ...(this.options.snapshots === undefined ? {} : { snapshots: this.options.snapshots }),
    });
    this.writers.set(ledgerId, opening);
    opening.catch(() => this.writers.delete(ledgerId));
    return opening;
  }

  /** Drops a writer whose ledger does not exist, once nothing is queued on it. */
  private forget(ledgerId: string, writer: LedgerWriter): void {
    if (writer.queuedCommands > 0) return;
    const known = this.writers.get(ledgerId);
    void known?.then((current) => {
      if (current === writer && writer.current.ledger === null && writer.queuedCommands === 0) {
        this.writers.delete(ledgerId);
        void writer.close();
      }
    });
  }
}
