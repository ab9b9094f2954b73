// When a writer saves a snapshot: once `snapshotEveryEvents` events have passed since the last
// one, at a quiet moment (nothing queued), because serializing the state blocks the event loop
// and would add its pause to callers' latency. Under sustained load there is no quiet moment,
// so after SNAPSHOT_OVERDUE_FACTOR intervals it is taken anyway: a snapshot holds the live
// state only (accounts, open holds, chain head), so its pause does not grow with history. A
// failed save is logged and ignored: a snapshot is only a cache.
import { snapshotOf, type SnapshotStore } from "./snapshots.js";
import type { LedgerState } from "./state.js";
import { SNAPSHOT_OVERDUE_FACTOR, type WriterLogger } from "./writerOptions.js";

export class SnapshotSchedule {
  private lastSequence = 0;

  constructor(
    private readonly streamId: string,
    private readonly snapshots: SnapshotStore | undefined,
    private readonly everyEvents: number,
    private readonly logger: WriterLogger,
  ) {}

  /** The state was loaded from a snapshot taken at `sequence` (0: none). */
  loaded(sequence: number): void {
    if (sequence > 0) this.lastSequence = sequence;
  }

  /** After a group: saves a snapshot of `state` if one is due; `queued` commands wait. */
  afterGroup(state: LedgerState, queued: number): void {
    if (this.snapshots === undefined) return;
    const next = state.chain.nextSequence;
    const since = next - this.lastSequence;
    if (since < this.everyEvents) return;
    if (queued > 0 && since < this.everyEvents * SNAPSHOT_OVERDUE_FACTOR) return;
    this.lastSequence = next;
    this.snapshots.save(snapshotOf(this.streamId, state)).catch((error: unknown) => {
      this.logger.warn(
        { err: error, stream: this.streamId },
        "snapshot not saved (it is only a cache)",
      );
    });
  }
}
