// What the NATS publisher sends for one ledger event: the subject, the headers and the body
// `{"event": <the event as stored>, "balancesAfter": [...]}` (balancesAfter only on events that
// move balances). The stored event (id, type, version, data, metadata: what the hash chain
// covers) is never changed; the same event always encodes to the same bytes, so a re-publish
// carries identical content.
import { headers, type MsgHdrs } from "nats";
import type { JsonValue, StoredEvent } from "../../ledger-core/index.js";
import type { BalanceAfter } from "./balancesAfter.js";
import { eventSubject } from "./subjects.js";

export const HEADER_SEQUENCE = "Folio-Sequence";
export const HEADER_HASH = "Folio-Hash";
export const HEADER_CORRELATION_ID = "Folio-Correlation-Id";
export const HEADER_POSITION = "Folio-Position";
export const HEADER_LEDGER_ID = "Folio-Ledger-Id";
/** JetStream's de-duplication header (set through the publish option msgID). */
export const HEADER_MSG_ID = "Nats-Msg-Id";

/** One message ready to publish. */
export interface OutgoingMessage {
  readonly subject: string;
  readonly payload: Uint8Array;
  readonly headers: MsgHdrs;
  /** The event's id: JetStream's Nats-Msg-Id. */
  readonly msgId: string;
}

/** The message body: the stored event and, for balance events, the balances after it. */
export interface MessageBody {
  readonly event: {
    readonly id: string;
    readonly type: string;
    readonly version: number;
    readonly data: JsonValue;
    readonly metadata: JsonValue;
  };
  readonly balancesAfter?: readonly BalanceAfter[];
}

function metadataField(metadata: JsonValue, field: string): string | undefined {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    return undefined;
  }
  const value = metadata[field];
  return typeof value === "string" ? value : undefined;
}

/** The body of one event's message. */
export function messageBody(
  stored: StoredEvent,
  balancesAfter: readonly BalanceAfter[] | undefined,
): MessageBody {
  const { id, type, version, data, metadata } = stored;
  const event = { id, type, version, data, metadata };
  return balancesAfter === undefined ? { event } : { event, balancesAfter };
}

/** The headers of one event's message (Nats-Msg-Id is added by the publish call). */
export function messageHeaders(stored: StoredEvent, ledgerId: string): MsgHdrs {
  const h = headers();
  h.set(HEADER_LEDGER_ID, ledgerId);
  h.set(HEADER_SEQUENCE, stored.revision.toString());
  h.set(HEADER_HASH, metadataField(stored.metadata, "hash") ?? "");
  const correlationId = metadataField(stored.metadata, "correlationId");
  if (correlationId !== undefined && correlationId !== "") {
    h.set(HEADER_CORRELATION_ID, correlationId);
  }
  h.set(HEADER_POSITION, stored.position);
  return h;
}

/** The message for one event of `ledgerId` under `prefix`. */
export function outgoingMessage(
  prefix: string,
  ledgerId: string,
  stored: StoredEvent,
  balancesAfter: readonly BalanceAfter[] | undefined,
): OutgoingMessage {
  return {
    subject: eventSubject(prefix, ledgerId, stored.type),
    payload: Buffer.from(JSON.stringify(messageBody(stored, balancesAfter))),
    headers: messageHeaders(stored, ledgerId),
    msgId: stored.id,
  };
}
