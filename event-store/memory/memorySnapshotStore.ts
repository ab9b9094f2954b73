// Snapshots kept in process memory: for unit tests and benchmarks. Like every snapshot store,
// it is a cache; the writer verifies a snapshot before trusting it. It copies on save and on
// load, as a real store does, so nothing a caller does to a loaded snapshot reaches the store.
import type { SnapshotStore, StoredSnapshot } from "../../ledger-core/index.js";

export function createMemorySnapshotStore(): SnapshotStore & { readonly saved: number } {
  const snapshots = new Map<string, StoredSnapshot>();
  let saved = 0;
  return {
    get saved() {
      return saved;
    },
    load: (streamId) => {
      const snapshot = snapshots.get(streamId);
      return Promise.resolve(snapshot === undefined ? null : structuredClone(snapshot));
    },
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
