// Shared fixtures for the ledger writer specs: one USD ledger with a vault and a customer who
// may not go overdrawn, command builders, a store wrapper that records every append (and can
// hold or fail it), and writers that are closed after each test.
import { afterEach } from "vitest";
import type { Command, PendEntry, PostEntry } from "../../schemas/index.js";
import type { EventStore, EventToAppend, StoredEvent } from "../eventStorePort.js";
import { LedgerWriter, type CommandRequest, type LedgerWriterOptions } from "../ledgerWriter.js";
import { ledgerStreamId } from "../storedEvents.js";

export const ledgerId = "writer-spec";
export const streamId = ledgerStreamId(ledgerId);

export const setUpCommands: Command[] = [
  {
    type: "CreateLedger",
    ledgerId,
    name: "Writer spec",
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  },
  { type: "OpenAccount", accountId: "cash", currency: "USD", accountType: "asset" },
  {
    type: "OpenAccount",
    accountId: "cust",
    currency: "USD",
    accountType: "liability",
    flags: { debitsMustNotExceedCredits: true },
  },
];

export function deposit(
  entryId: string,
  amount = "1.00",
  metadata?: Record<string, string>,
): PostEntry {
  return {
    type: "PostEntry",
    entryId,
    postings: [
      { accountId: "cash", side: "debit", amount },
      { accountId: "cust", side: "credit", amount },
    ],
    ...(metadata === undefined ? {} : { metadata }),
  };
}

export function withdrawal(entryId: string, amount: string): PostEntry {
  return {
    type: "PostEntry",
    entryId,
    postings: [
      { accountId: "cust", side: "debit", amount },
      { accountId: "cash", side: "credit", amount },
    ],
  };
}

/** A hold on the customer's money (debit the customer, credit the vault). */
export function hold(entryId: string, amount: string, timeoutSeconds = 3_600): PendEntry {
  return { ...withdrawal(entryId, amount), type: "PendEntry", timeoutSeconds };
}

/** An atomic batch of `count` deposits with ids `<prefix>-0`, `<prefix>-1`, ... */
export function depositBatch(
  prefix: string,
  count: number,
  metadata?: Record<string, string>,
): Command {
  return {
    type: "AtomicBatch",
    commands: Array.from({ length: count }, (_, index) =>
      deposit(`${prefix}-${index}`, "1.00", metadata),
    ),
  };
}

export function request(command: Command, correlationId = "spec"): CommandRequest {
  return { command, actor: "spec", correlationId };
}

export interface StoreControl {
  /** Every append tried, in order, with its events (including those that failed). */
  readonly log: EventToAppend[][];
  appends: number;
  failBefore: number;
  failAfter: number;
  /** While set, appends wait for it (to let commands queue up behind one in flight). */
  hold: Promise<void> | null;
}

/** Records every append, and can hold it or fail the next ones before or after they write. */
export function instrumented(store: EventStore): { store: EventStore; control: StoreControl } {
  const control: StoreControl = { log: [], appends: 0, failBefore: 0, failAfter: 0, hold: null };
  const wrapped: EventStore = {
    appendLimits: store.appendLimits,
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    countAll: (...args) => store.countAll(...args),
    readEntryEvents: (...args) => store.readEntryEvents(...args),
    subscribeToAll: (...args) => store.subscribeToAll(...args),
    close: () => store.close(),
    async append(stream, events, expected) {
      control.appends += 1;
      control.log.push([...events]);
      if (control.hold !== null) await control.hold;
      if (control.failBefore > 0) {
        control.failBefore -= 1;
        throw new Error("connection reset before the append reached the server");
      }
      const result = await store.append(stream, events, expected);
      if (control.failAfter > 0) {
        control.failAfter -= 1;
        throw new Error("connection reset after the server committed");
      }
      return result;
    },
  };
  return { store: wrapped, control };
}

/** Holds appends until the returned release() is called. */
export function holdAppends(control: StoreControl): () => void {
  let release = (): void => undefined;
  control.hold = new Promise((resolve) => (release = resolve));
  return () => {
    control.hold = null;
    release();
  };
}

/** Waits (polling, at most 5 s) until `count` appends have been tried. */
export async function appendsTried(control: StoreControl, count: number): Promise<void> {
  for (let waited = 0; control.log.length < count; waited += 1) {
    if (waited > 5_000) throw new Error(`only ${control.log.length} of ${count} appends tried`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * Holds appends and submits `command`, and resolves once its append is in flight: commands
 * submitted next queue behind it and form the next group together.
 */
export async function blockWith(
  writer: LedgerWriter,
  control: StoreControl,
  command: Command,
): Promise<{ blocker: Promise<unknown>; release: () => void }> {
  const release = holdAppends(control);
  const before = control.log.length;
  const blocker = writer.submit(request(command));
  await appendsTried(control, before + 1);
  return { blocker, release };
}

export async function storedStream(store: EventStore, stream = streamId): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (;;) {
    const page = await store.readStream(stream, {
      fromRevision: BigInt(events.length),
      direction: "forwards",
      maxCount: 10_000,
    });
    events.push(...page);
    if (page.length < 10_000) return events;
  }
}

/** Opens writers of the spec ledger and closes them after each test of the calling file. */
export function writerPool(): {
  open(options: Partial<LedgerWriterOptions> & { store: EventStore }): Promise<LedgerWriter>;
} {
  const open: LedgerWriter[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((writer) => writer.close()));
  });
  return {
    async open(options) {
      const writer = await LedgerWriter.open({ ledgerId, maxBatchWaitMs: 1, ...options });
      open.push(writer);
      return writer;
    },
  };
}

export async function setUp(writer: LedgerWriter): Promise<void> {
  for (const command of setUpCommands) {
    const decision = await writer.submit(request(command));
    if (decision.status !== "accepted") throw new Error(`set-up ${command.type} failed`);
  }
}
