// One ledger's place in the LedgerRegistry (ledgerRegistry.ts): the slot that holds its writer
// once open, the lease it was opened under, and the callers using it now; and how a writer is
// opened: from the store (snapshot + tail), and with leases only under its ledger's lease
// (else `not_owner`), serving the ledger to the other processes from the moment the lease is
// held when forwarding is on (docs/writer.md, "Leases" and "Forwarding").
import type { ForwardHandler, Served } from "./commandForwarding.js";
import type { EventStore } from "./eventStorePort.js";
import { leaseFencedStore, leaseLostError, type LedgerLease } from "./ledgerLeases.js";
import { LedgerWriter, WriterError, type LedgerWriterOptions } from "./ledgerWriter.js";
import type { LedgerRegistryOptions } from "./ledgerRegistry.js";

/** A slot's writer, the lease it was opened under (null without `leases`), its serving. */
export interface Opened {
  readonly writer: LedgerWriter;
  readonly lease: LedgerLease | null;
  /** Answering forwarded messages for the ledger (null without `forwarding`). */
  readonly served: Served | null;
}

/** One ledger's place in the cache: its writer (once open) and the callers using it now. */
export interface Slot {
  readonly opening: Promise<Opened>;
  writer: LedgerWriter | null;
  /** The lease its writer was opened under, once open (null without leases). */
  lease: LedgerLease | null;
  /** Callers between taking the slot and their command's answer: the slot is busy. */
  users: number;
}

/** A slot before its writer opens: where openWriter records the lease as soon as it has it. */
export type SlotState = Omit<Slot, "opening">;

/** Open, with nothing queued or in flight, and no caller holding it. */
export function isIdle(slot: Slot): boolean {
  return slot.users === 0 && slot.writer !== null && slot.writer.idle;
}

/** What opening one ledger's writer needs besides the registry's options. */
export interface OpenWriterParts extends Pick<
  LedgerRegistryOptions,
  "leases" | "forwarding" | "store" | "snapshots" | "writerOptions"
> {
  /** This process's last writer of the ledger giving its lease back, if one is closing. */
  readonly retiring: Promise<void> | undefined;
  /** Answers what other processes forward for the ledger while this one holds it. */
  readonly answer: ForwardHandler;
}

/**
 * Opens the writer of `ledgerId`; with leases, only under its lease (else `not_owner`), and
 * with forwarding serves the ledger from the moment the lease is held (forwarded messages
 * wait for the writer to load). The lease is recorded on `slot` as soon as it is held.
 */
export async function openWriter(
  ledgerId: string,
  slot: SlotState,
  parts: OpenWriterParts,
): Promise<Opened> {
  const { leases, forwarding, store, snapshots, writerOptions } = parts;
  const optionsOver = (over: EventStore): LedgerWriterOptions => ({
    ...writerOptions,
    ledgerId,
    store: over,
    ...(snapshots === undefined ? {} : { snapshots }),
  });
  if (leases === undefined) {
    return { writer: await LedgerWriter.open(optionsOver(store)), lease: null, served: null };
  }
  await parts.retiring; // this process's last writer of it gives its lease back
  const lease = await leases.acquire(ledgerId);
  if (lease === null) {
    throw new WriterError(
      "not_owner",
      `another process owns ledger ${ledgerId}; retry shortly, or send the command to that process`,
    );
  }
  slot.lease = lease;
  let served: Served | null = null;
  try {
    served = (await forwarding?.serve(ledgerId, parts.answer)) ?? null;
    const writer = await LedgerWriter.open(optionsOver(leaseFencedStore(store, lease)));
    if (lease.held()) return { writer, lease, served };
    await writer.close(); // lost while loading
    throw leaseLostError(await lease.lost);
  } catch (error) {
    await served?.stop();
    await lease.release();
    throw error;
  }
}
