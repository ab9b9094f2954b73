// How far a projection version is behind the event store: the events after its checkpoint (in
// the global order, counted up to LAG_COUNT_LIMIT) and how long the oldest of them has been
// waiting. Measured from the checkpoint row, so it is the same whichever process runs it.
import type pg from "pg";
import { START_POSITION, type EventStore } from "../ledger-core/index.js";
import { readCheckpoint } from "./checkpoints.js";
import { LEDGER_STREAM_PREFIX } from "./reader.js";

/** Events after a checkpoint are counted up to this many; more reads as "at least". */
export const LAG_COUNT_LIMIT = 100_000;

export interface ProjectionLag {
  readonly name: string;
  readonly version: number;
  /** Ledger events stored after the checkpoint (at most LAG_COUNT_LIMIT). */
  readonly events: number;
  /** True when there are at least LAG_COUNT_LIMIT. */
  readonly eventsCapped: boolean;
  /** How long the oldest event not yet applied has been stored, in seconds (0 when none). */
  readonly seconds: number;
}

export async function measureLag(
  pool: pg.Pool,
  store: EventStore,
  name: string,
  version: number,
): Promise<ProjectionLag> {
  const checkpoint = await readCheckpoint(pool, name, version);
  const fromPosition = checkpoint?.position ?? START_POSITION;
  const filter = { streamPrefix: LEDGER_STREAM_PREFIX };
  const [oldest] = await store.readAll({ fromPosition, maxCount: 1, filter });
  if (oldest === undefined) return { name, version, events: 0, eventsCapped: false, seconds: 0 };
  const events = await store.countAll({ fromPosition, filter, limit: LAG_COUNT_LIMIT });
  return {
    name,
    version,
    events,
    eventsCapped: events >= LAG_COUNT_LIMIT,
    seconds: Math.max(0, (Date.now() - oldest.storedAt.getTime()) / 1000),
  };
}
