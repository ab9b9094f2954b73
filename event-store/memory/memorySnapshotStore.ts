// Snapshots kept in process memory: for unit tests and benchmarks. Like every snapshot store,
// it is a cache; the writer verifies a snapshot before trusting it.
import type { SnapshotStore, StoredSnapshot } from "../../ledger-core/index.js";

export function createMemorySnapshotStore(): SnapshotStore & { readonly saved: number } {
  const snapshots = new Map<string, StoredSnapshot>();
  let saved = 0;
  return {
    get saved() {
      return saved;
    },
    load: (streamId) => Promise.resolve(snapshots.get(streamId) ?? null),
    save: (snapshot) => {
      const current = snapshots.get(snapshot.streamId);
      if (current === undefined || current.revision < snapshot.revision) {
        snapshots.set(snapshot.streamId, structuredClone(snapshot));
        saved += 1;
      }
      return Promise.resolve();
    },
  };
}
