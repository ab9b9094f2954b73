// Idempotency across a restart: a new LedgerWriter on the same store (replaying the stream, or
// starting from a snapshot) answers every id decided before the restart with its first
// outcome — accepted entries and batches as duplicates, recorded rejections with their code,
// holds and their resolutions as duplicates, other content under a spent id as id_conflict —
// and appends nothing.
import { describe, expect, it } from "vitest";
import { createMemoryEventStore, createMemorySnapshotStore } from "../event-store/index.js";
import type { Command } from "../schemas/index.js";
import type { Decision } from "./decision.js";
import type { LedgerWriter } from "./ledgerWriter.js";
import {
  deposit,
  depositBatch,
  hold,
  instrumented,
  request,
  setUp,
  storedStream,
  withdrawal,
  writerPool,
} from "./testing/writerFixtures.js";

const writers = writerPool();

const rejectedBatch: Command = {
  type: "AtomicBatch",
  commands: [deposit("bad-batch-0"), withdrawal("bad-batch-1", "900.00")],
};

/**
 * Commands decided before the restart. A re-sent rejected batch answers with its first
 * part's recorded code (docs/errors.md), every other re-send with its first outcome.
 */
const history: { name: string; command: Command; againCode?: string }[] = [
  { name: "an accepted entry", command: deposit("dep-1", "10.00") },
  { name: "an accepted atomic batch", command: depositBatch("batch", 3) },
  { name: "a rejected entry (recorded)", command: withdrawal("too-much", "500.00") },
  { name: "a rejected batch (recorded)", command: rejectedBatch, againCode: "batch_rejected" },
  { name: "an open hold", command: hold("hold-open", "2.00") },
  { name: "a hold", command: hold("hold-posted", "3.00") },
  { name: "its posting", command: { type: "PostPending", pendingId: "hold-posted" } },
  { name: "a hold", command: hold("hold-voided", "1.00") },
  { name: "its void", command: { type: "VoidPending", pendingId: "hold-voided" } },
  {
    name: "a reversal",
    command: { type: "ReverseEntry", entryId: "rev-1", reversalOf: "batch-0" },
  },
];

/** What a re-sent command must get, given its first outcome. */
function expectedAgain(first: Decision, againCode: string | undefined): object {
  if (first.status === "rejected") {
    return { status: "rejected", rejection: { code: againCode ?? first.rejection.code } };
  }
  return { status: "duplicate", sequence: first.events[0]?.metadata.sequence };
}

async function decideHistory(writer: LedgerWriter): Promise<Decision[]> {
  await setUp(writer);
  const outcomes: Decision[] = [];
  for (const { command } of history) outcomes.push(await writer.submit(request(command)));
  return outcomes;
}

describe("a restarted writer", () => {
  it.each([
    { start: "replaying the stream", snapshotted: false, window: undefined },
    { start: "from a snapshot", snapshotted: true, window: undefined },
    // Every earlier id is then found through the store's entry lookup.
    { start: "from a snapshot, keeping one entry in memory", snapshotted: true, window: 1 },
  ])(
    "answers ids decided before the restart with their first outcome ($start)",
    async ({ snapshotted, window }) => {
      const { store, control } = instrumented(createMemoryEventStore());
      const snapshots = createMemorySnapshotStore();
      const first = await writers.open({
        store,
        ...(snapshotted ? { snapshots, snapshotEveryEvents: 1 } : {}),
      });
      const outcomes = await decideHistory(first);
      expect(outcomes.map((decision) => decision.status)).toEqual([
        "accepted",
        "accepted",
        "rejected",
        "rejected",
        "accepted",
        "accepted",
        "accepted",
        "accepted",
        "accepted",
        "accepted",
      ]);
      await first.close();
      const lastSequence = first.current.chain.nextSequence - 1;
      expect(snapshots.saved > 0).toBe(snapshotted);
      if (snapshotted)
        expect((await snapshots.load(first.streamId))?.revision).toBe(BigInt(lastSequence));

      const restarted = await writers.open({
        store,
        ...(snapshotted ? { snapshots } : {}),
        ...(window === undefined ? {} : { maxCachedEntries: window }),
      });
      expect(restarted.current.chain).toEqual(first.current.chain);
      const appendsBefore = control.appends;
      for (const [index, { name, command, againCode }] of history.entries()) {
        const first = outcomes[index];
        if (first === undefined) throw new Error("every command has a first outcome");
        const again = await restarted.submit(request(command));
        expect(again, name).toMatchObject(expectedAgain(first, againCode));
        if (first.status === "rejected" && first.events.length > 0) {
          expect(again.status === "rejected" && again.rejection.details).toMatchObject({
            rejectedAtSequence: first.events[0]?.metadata.sequence,
          });
        }
      }
      // Other content under a spent id: refused, not decided afresh.
      const conflict = await restarted.submit(request(deposit("too-much", "1.00")));
      expect(conflict.status === "rejected" && conflict.rejection.code).toBe("id_conflict");

      expect(control.appends).toBe(appendsBefore);
      expect(await storedStream(store)).toHaveLength(lastSequence + 1);
      expect(restarted.current.chain).toEqual(first.current.chain);
      expect(restarted.current.openHolds).toEqual(new Set(["hold-open"]));
    },
  );
});
