// Loading a ledger's state from the store, for the writer: the latest usable snapshot, then
// every later event of the stream. A snapshot is used only if it is intact (schema version,
// checksum, revision: stateFromSnapshot) and is a state of THIS stream's history (the event
// stored at its revision carries its last hash); otherwise it is ignored with a warning and
// the stream is replayed from the start. Snapshots are a cache: losing one costs only time.
import { evolve } from "./evolve.js";
import { MAX_READ_BATCH, type EventStore } from "./eventStorePort.js";
import type { WriterLogger } from "./writerOptions.js";
import { stateFromSnapshot, type SnapshotStore } from "./snapshots.js";
import { initialState, type LedgerState } from "./state.js";
import { fromStoredEvent } from "./storedEvents.js";

export interface LedgerSource {
  readonly streamId: string;
  readonly store: EventStore;
  readonly snapshots?: SnapshotStore;
  readonly logger: WriterLogger;
}

export interface LoadedState {
  readonly state: LedgerState;
  /** The next sequence of the snapshot it started from, or 0 if it replayed from genesis. */
  readonly snapshotSequence: number;
}

/** The latest usable snapshot's state, then every later event of the stream. */
export async function loadLedgerState(source: LedgerSource): Promise<LoadedState> {
  const snapshot = await verifiedSnapshotState(source);
  const state = snapshot ?? initialState();
  const snapshotSequence = state.chain.nextSequence;
  for (;;) {
    const page = await source.store.readStream(source.streamId, {
      fromRevision: BigInt(state.chain.nextSequence),
      direction: "forwards",
      maxCount: MAX_READ_BATCH,
    });
    for (const stored of page) evolve(state, fromStoredEvent(stored));
    if (page.length < MAX_READ_BATCH) break;
  }
  return { state, snapshotSequence };
}

/** The hash of the event stored at `sequence`, or null if there is none (or it cannot be read). */
export async function storedHashAt(source: LedgerSource, sequence: number): Promise<string | null> {
  const [stored] = await source.store
    .readStream(source.streamId, {
      fromRevision: BigInt(sequence),
      direction: "forwards",
      maxCount: 1,
    })
    .catch(() => []);
  return stored === undefined ? null : fromStoredEvent(stored).metadata.hash;
}

/** The state of the latest snapshot, if it is intact and belongs to this stream's history. */
export async function verifiedSnapshotState(source: LedgerSource): Promise<LedgerState | null> {
  const { snapshots, streamId, logger } = source;
  if (snapshots === undefined) return null;
  try {
    const snapshot = await snapshots.load(streamId);
    if (snapshot === null) return null;
    const restored = stateFromSnapshot(snapshot);
    if (!restored.ok) {
      logger.warn({ stream: streamId, reason: restored.reason }, "snapshot ignored");
      return null;
    }
    const [stored] = await source.store.readStream(streamId, {
      fromRevision: snapshot.revision,
      direction: "forwards",
      maxCount: 1,
    });
    if (
      stored === undefined ||
      fromStoredEvent(stored).metadata.hash !== restored.state.chain.lastHash
    ) {
      logger.warn({ stream: streamId }, "snapshot ignored: it is not this stream's history");
      return null;
    }
    return restored.state;
  } catch (error) {
    logger.warn({ err: error, stream: streamId }, "snapshot ignored: it could not be read");
    return null;
  }
}
