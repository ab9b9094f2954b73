// Tamper evidence: change any one byte of any stored event (as JSON) and verification fails
// at exactly that event, whatever the byte; untouched chains verify, from genesis or from a
// trusted (sequence, hash) pair.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RawEvent } from "../schemas/index.js";
import { verifyStoredChain } from "./hashChain.js";
import { playHistory } from "./testing/historyRunner.js";
import { historyArbitrary } from "./testing/ledgerArbitraries.js";

const numRuns = Number(process.env.PROPERTY_RUNS ?? 1_000);

/** Events as a store keeps them: one JSON document per event. */
function storedForm(history: readonly RawEvent[]): string[] {
  return history.map((event) => JSON.stringify(event));
}

/** Reads stored JSON back; a document that no longer parses reads as an invalid event. */
function readBack(documents: readonly string[]): RawEvent[] {
  return documents.map((document) => {
    try {
      return JSON.parse(document) as RawEvent;
    } catch {
      return { type: "<unreadable>", version: 0, data: null, metadata: null };
    }
  });
}

describe("hash chain tamper evidence", () => {
  it("verifies an untouched history from genesis and from any trusted checkpoint", () => {
    fc.assert(
      fc.property(historyArbitrary, fc.nat(), (steps, pick) => {
        const { events } = playHistory(steps);
        expect(verifyStoredChain(readBack(storedForm(events))).ok).toBe(true);
        const trusted = events[pick % events.length];
        if (trusted === undefined) return;
        const rest = events.slice(trusted.metadata.sequence + 1);
        const head = {
          nextSequence: trusted.metadata.sequence + 1,
          lastHash: trusted.metadata.hash,
        };
        expect(verifyStoredChain(readBack(storedForm(rest)), head).ok).toBe(true);
      }),
      { numRuns: Math.ceil(numRuns / 4) },
    );
  });

  it("fails at exactly the changed event when any byte of any event changes", () => {
    fc.assert(
      fc.property(
        historyArbitrary,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0x20, max: 0x7e }),
        (steps, eventPick, bytePick, replacement) => {
          const documents = storedForm(playHistory(steps).events);
          const index = eventPick % documents.length;
          const original = documents[index] ?? "";
          const position = bytePick % original.length;
          const replacementChar = String.fromCharCode(replacement);
          fc.pre(original[position] !== replacementChar);
          documents[index] =
            original.slice(0, position) + replacementChar + original.slice(position + 1);
          const check = verifyStoredChain(readBack(documents));
          expect(check.ok).toBe(false);
          if (!check.ok) expect(check.sequence).toBe(index);
        },
      ),
      { numRuns },
    );
  });
});
