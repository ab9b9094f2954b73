// The bounded entry window decides exactly as unbounded memory: generated histories (every
// command kind, invalid and edge commands, re-sends of earlier ids, a clock that steps back)
// are submitted to two writers on two stores, one keeping a single entry record (so nearly
// every rule goes through the store's entry lookup) and one keeping every record. Every
// decision, every stored event and so every hash must be the same; the small writer's memory
// holds no more than its window plus the open holds; and each id's record rebuilt from the
// store equals the one the unbounded writer keeps.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../event-store/index.js";
import { fixturePrelude, historyArbitrary, historyStart } from "./testing/ledgerArbitraries.js";
import { LedgerWriter } from "./ledgerWriter.js";
import type { Command } from "../schemas/index.js";

const LEDGER = "prop";

async function openPair(clock: () => number) {
  const open = (maxCachedEntries: number, maxCachedEntryBytes: number) =>
    LedgerWriter.open({
      ledgerId: LEDGER,
      store: createMemoryEventStore(),
      clock,
      maxBatchWaitMs: 0,
      maxCachedEntries,
      maxCachedEntryBytes,
    });
  return {
    small: await open(1, 1_000),
    full: await open(1_000_000, 1 << 30),
  };
}

const request = (command: Command) => ({ command, actor: "prop", correlationId: "c" });

describe("the bounded entry window", () => {
  it("decides, stores and hashes exactly as a writer that keeps every entry", async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary, async (steps) => {
        let now = historyStart;
        const { small, full } = await openPair(() => now);
        const sent: Command[] = [];
        const submit = async (command: Command) => {
          const [a, b] = await Promise.all([
            small.submit(request(command)),
            full.submit(request(command)),
          ]);
          expect(a).toEqual(b);
        };
        for (const command of fixturePrelude) await submit(command);
        for (const step of steps) {
          if (step.kind === "advance") now += step.seconds * 1000;
          else if (step.kind === "resend") {
            const again = sent[step.pick % Math.max(sent.length, 1)];
            if (again !== undefined) await submit(again);
          } else {
            sent.push(step.command);
            await submit(step.command);
          }
        }
        expect(small.current.chain).toEqual(full.current.chain);
        expect(small.current.accounts).toEqual(full.current.accounts);
        expect(small.current.entries.size).toBeLessThanOrEqual(1 + small.current.openHolds.size);
        for (const [entryId, record] of full.current.entries) {
          expect(await small.entryRecord(entryId)).toEqual(record);
        }
        await Promise.all([small.close(), full.close()]);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
