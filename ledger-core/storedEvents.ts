// The bridge between journal events and the EventStore port: the stream name of a ledger,
// deterministic event ids, and the conversions both ways. A stored event is trusted only
// after upcast() has validated it against its schema.
import type { JournalEvent } from "../schemas/index.js";
import { upcast } from "../schemas/index.js";
import { assert } from "./assert.js";
import type { EventToAppend, ExpectedRevision, JsonValue, StoredEvent } from "./eventStorePort.js";
import type { ChainHead } from "./hashChain.js";

export function ledgerStreamId(ledgerId: string): string {
  return `ledger-${ledgerId}`;
}

/**
 * An event's id is a UUID (version 8, RFC 9562) made of the first 122 bits of its hash. The
 * hash covers the event's content, sequence and predecessor, so a retried append carries the
 * same ids (and is idempotent) while a different event at the same sequence never does.
 */
export function eventIdOf(hash: string): string {
  assert(/^[0-9a-f]{64}$/.test(hash), "an event hash is 64 lower-case hex digits");
  const hex = hash.slice(0, 32).split("");
  hex[12] = "8";
  hex[16] = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const text = hex.join("");
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

export function toEventToAppend(event: JournalEvent): EventToAppend {
  return {
    id: eventIdOf(event.metadata.hash),
    type: event.type,
    version: event.version,
    data: event.data as JsonValue,
    metadata: event.metadata,
  };
}

/** Validates a stored event and checks that its revision is its ledger sequence. */
export function fromStoredEvent(stored: StoredEvent): JournalEvent {
  const event = upcast(stored);
  assert(
    BigInt(event.metadata.sequence) === stored.revision,
    `event at revision ${stored.revision} carries sequence ${event.metadata.sequence}`,
  );
  return event;
}

/** The expected revision of the next append to a ledger whose chain is at `head`. */
export function expectedRevisionAt(head: ChainHead): ExpectedRevision {
  return head.nextSequence === 0 ? "no_stream" : BigInt(head.nextSequence - 1);
}
