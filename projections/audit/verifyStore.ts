// Verifies a ledger's hash chain as the event store holds it: reads the stream page by page
// (never the whole stream in memory), checks every stored event against its schema and its
// link, and reports the first break. It starts at genesis, or at a trusted (sequence, hash)
// pair an auditor wrote down earlier, whose own event must still hash to that hash. Replay
// tools and the API's digest endpoint use it.
import {
  checkChainLink,
  genesisChainHead,
  ledgerStreamId,
  MAX_READ_BATCH,
  verifyStoredChain,
  type ChainCheck,
  type ChainedEvent,
  type ChainHead,
  type EventStore,
} from "../../ledger-core/index.js";
import { upcast, type RawEvent } from "../../schemas/index.js";

/** A (sequence, hash) pair taken from the chain earlier and kept outside the database. */
export interface TrustedPoint {
  readonly sequence: number;
  readonly hash: string;
}

/** Told after each verified page: the chain is intact up to head.nextSequence - 1. */
export type VerifyProgress = (head: ChainHead) => void;

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function assertTrustedPoint(point: TrustedPoint): void {
  if (!Number.isSafeInteger(point.sequence) || point.sequence < 0 || !SHA256_HEX.test(point.hash)) {
    throw new RangeError(
      "a trusted point is a non-negative sequence and a 64-digit lower-case hex hash",
    );
  }
}

/**
 * Checks the event at a trusted point: it must sit at that sequence and hash (from its own
 * prevHash) to the trusted hash, so its content is proven too. Returns the head after it.
 */
export function checkTrustedEvent(point: TrustedPoint, event: ChainedEvent): ChainCheck {
  const { sequence, prevHash } = event.metadata;
  if (sequence !== point.sequence) {
    return {
      ok: false,
      sequence: point.sequence,
      reason: "sequence_gap",
      message: `expected the trusted event ${point.sequence}, found ${sequence}`,
    };
  }
  const check = checkChainLink({ nextSequence: sequence, lastHash: prevHash }, event);
  if (!check.ok) return check;
  if (check.head.lastHash !== point.hash) {
    return {
      ok: false,
      sequence,
      reason: "hash_mismatch",
      message: `event ${sequence} hashes to ${check.head.lastHash}, not the trusted ${point.hash}`,
    };
  }
  return check;
}

const missing = (sequence: number, message: string): ChainCheck => ({
  ok: false,
  sequence,
  reason: "sequence_gap",
  message,
});

function checkTrustedStored(point: TrustedPoint, raw: RawEvent): ChainCheck {
  try {
    return checkTrustedEvent(point, upcast(raw));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, sequence: point.sequence, reason: "event_invalid", message };
  }
}

/**
 * Verifies the chain of `ledgerId` from genesis (or from `from`) up to the stream's last
 * event when the call starts. Returns { ok, head } or the first break with its sequence.
 */
export async function verifyLedgerChain(
  store: EventStore,
  ledgerId: string,
  from?: TrustedPoint,
  onProgress?: VerifyProgress,
): Promise<ChainCheck> {
  const streamId = ledgerStreamId(ledgerId);
  const tail = await store.readStream(streamId, {
    fromRevision: "end",
    direction: "backwards",
    maxCount: 1,
  });
  const last = tail[0]?.revision;
  let head: ChainHead = genesisChainHead;
  if (from !== undefined) {
    assertTrustedPoint(from);
    const [trusted] = await store.readStream(streamId, {
      fromRevision: BigInt(from.sequence),
      direction: "forwards",
      maxCount: 1,
    });
    if (trusted?.revision !== BigInt(from.sequence)) {
      return missing(
        from.sequence,
        `the stream holds no event at trusted sequence ${from.sequence}`,
      );
    }
    const check = checkTrustedStored(from, trusted);
    if (!check.ok) return check;
    head = check.head;
  }
  if (last === undefined) return { ok: true, head };
  while (BigInt(head.nextSequence) <= last) {
    const page = await store.readStream(streamId, {
      fromRevision: BigInt(head.nextSequence),
      direction: "forwards",
      maxCount: MAX_READ_BATCH,
    });
    if (page.length === 0) {
      return missing(head.nextSequence, `events ${head.nextSequence}..${last} are missing`);
    }
    for (const stored of page) {
      if (stored.revision > last) break;
      if (stored.revision !== BigInt(head.nextSequence)) {
        return missing(
          head.nextSequence,
          `expected revision ${head.nextSequence}, found ${stored.revision}`,
        );
      }
      const check = verifyStoredChain([stored], head);
      if (!check.ok) return check;
      head = check.head;
    }
    onProgress?.(head);
  }
  return { ok: true, head };
}
