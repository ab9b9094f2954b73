// The hash chain: every event's hash is SHA-256 over the previous hash (64 hex characters)
// followed by the canonical JSON of { type, version, data, sequence, recordedAt, actor,
// correlationId, causationId }: every field of the event but the hash itself, so a change to
// any byte is caught. Whoever wrote down one (sequence, hash) pair can later prove that
// nothing up to it changed.
import { hash as oneShotHash } from "node:crypto";
import type { EventMetadata, JournalEvent, RawEvent } from "../schemas/index.js";
import { upcast } from "../schemas/index.js";
import type { JsonValue } from "./eventStorePort.js";
import { canonicalInteger, canonicalJson, canonicalString } from "./canonicalJson.js";

export const GENESIS_HASH = "0".repeat(64);

/** The fields the hash covers, in the shape it hashes them. */
export interface HashedFields {
  readonly type: string;
  readonly version: number;
  readonly data: JsonValue;
  readonly sequence: number;
  readonly recordedAt: string;
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string | null;
}

export function computeEventHash(prevHash: string, fields: HashedFields): string {
  return sha256Hex(prevHash + canonicalEventText(fields));
}

/**
 * The canonical JSON of the hashed fields, written straight into one string (keys in
 * canonical order, no intermediate object): byte for byte what canonicalJson gives for the
 * object of those fields (every field is required: none is left out as undefined).
 */
export function canonicalEventText(fields: HashedFields): string {
  const { actor, causationId, correlationId, data, recordedAt, sequence, type, version } = fields;
  const causation = causationId === null ? "null" : canonicalString(causationId);
  return (
    `{"actor":${canonicalString(actor)},"causationId":${causation}` +
    `,"correlationId":${canonicalString(correlationId)},"data":${canonicalJson(data)}` +
    `,"recordedAt":${canonicalString(recordedAt)},"sequence":${canonicalInteger(sequence)}` +
    `,"type":${canonicalString(type)},"version":${canonicalInteger(version)}}`
  );
}

/** SHA-256 of the UTF-8 bytes of `text`, in lower-case hex (Node's one-shot hash: no Hash object). */
export function sha256Hex(text: string): string {
  return oneShotHash("sha256", text, "hex");
}

/** Where a chain stands: the next sequence to use and the hash it must link to. */
export interface ChainHead {
  readonly nextSequence: number;
  readonly lastHash: string;
}

export const genesisChainHead: ChainHead = { nextSequence: 0, lastHash: GENESIS_HASH };

export type ChainBreak = "sequence_gap" | "prev_hash_mismatch" | "hash_mismatch" | "event_invalid";

export type ChainCheck =
  | { readonly ok: true; readonly head: ChainHead }
  | {
      readonly ok: false;
      readonly sequence: number;
      readonly reason: ChainBreak;
      readonly message: string;
    };

/** The event as the verifier needs it: type, version, data and its metadata. */
export interface ChainedEvent {
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/**
 * Checks one event against the chain head and returns the new head, or where it breaks.
 * Start from genesisChainHead, or from a trusted (sequence + 1, hash) pair.
 */
export function checkChainLink(head: ChainHead, event: ChainedEvent): ChainCheck {
  const { sequence, prevHash, hash } = event.metadata;
  if (sequence !== head.nextSequence) {
    return {
      ok: false,
      sequence: head.nextSequence,
      reason: "sequence_gap",
      message: `expected sequence ${head.nextSequence}, found ${sequence}`,
    };
  }
  if (prevHash !== head.lastHash) {
    return {
      ok: false,
      sequence,
      reason: "prev_hash_mismatch",
      message: `event ${sequence} links to ${prevHash}, the chain is at ${head.lastHash}`,
    };
  }
  const recomputed = computeEventHash(prevHash, {
    type: event.type,
    version: event.version,
    data: event.data as JsonValue,
    sequence,
    recordedAt: event.metadata.recordedAt,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
  });
  if (recomputed !== hash) {
    return {
      ok: false,
      sequence,
      reason: "hash_mismatch",
      message: `event ${sequence} does not hash to its recorded hash (content changed)`,
    };
  }
  return { ok: true, head: { nextSequence: sequence + 1, lastHash: hash } };
}

/** Verifies a run of decoded events from `head` (genesis by default); stops at the first break. */
export function verifyChain(
  events: Iterable<ChainedEvent>,
  head: ChainHead = genesisChainHead,
): ChainCheck {
  let current = head;
  for (const event of events) {
    const check = checkChainLink(current, event);
    if (!check.ok) return check;
    current = check.head;
  }
  return { ok: true, head: current };
}

/**
 * Verifies events as a store holds them: each is first checked against its schema (a
 * mangled event is a break too), then linked. Use this on anything read from storage.
 */
export function verifyStoredChain(
  events: Iterable<RawEvent>,
  head: ChainHead = genesisChainHead,
): ChainCheck {
  let current = head;
  for (const raw of events) {
    let event: JournalEvent;
    try {
      event = upcast(raw);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, sequence: current.nextSequence, reason: "event_invalid", message };
    }
    const check = checkChainLink(current, event);
    if (!check.ok) return check;
    current = check.head;
  }
  return { ok: true, head: current };
}
