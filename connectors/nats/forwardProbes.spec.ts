// OwnerWatch (forwardProbes.ts), property-tested with fake timers and a stand-in probe: over any
// run of probe outcomes it loses the owner once, at "no_responders" or at the maxStrikes-th
// strike in a row ("not_in_flight" or "timeout"; "in_flight" and "unknown" clear the strikes),
// and never otherwise; it sends one probe each interval, one at a time; and stop() cancels the
// probe that is out, leaves no timer, and nothing probes or loses after it.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { OwnerWatch, type ProbeOutcome } from "./forwardProbes.js";

describe("OwnerWatch", () => {
  const outcomes: ProbeOutcome[] = ["in_flight", "not_in_flight", "unknown", "timeout"];
  const settings = { afterMs: 100, everyMs: 100, timeoutMs: 100, maxStrikes: 3 };

  it("loses the owner at no responders or the third strike in a row; stop() leaves no timer", () => {
    const sequence = fc.array(fc.constantFrom(...outcomes, "no_responders"), { maxLength: 12 });
    fc.assert(
      fc.property(sequence, fc.nat(13), (found, stopAt) => {
        vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
        try {
          const pending: ((outcome: ProbeOutcome) => void)[] = [];
          let [cancelled, losses, strikes, lostAt] = [0, 0, 0, -1];
          const watch = new OwnerWatch({
            settings,
            probe: (done) => {
              pending.push(done);
              return () => (cancelled += 1);
            },
            lost: () => (losses += 1),
          });
          watch.start();
          for (const [index, outcome] of found.entries()) {
            if (lostAt >= 0) break;
            vi.advanceTimersByTime(settings.everyMs);
            expect(pending).toHaveLength(index + 1); // one probe each interval, one at a time
            if (index === stopAt) break; // stopped while this probe is out: it is cancelled
            pending[index]?.(outcome);
            strikes = outcome === "not_in_flight" || outcome === "timeout" ? strikes + 1 : 0;
            if (outcome === "no_responders" || strikes === settings.maxStrikes) lostAt = index;
          }
          expect(losses).toBe(lostAt >= 0 ? 1 : 0);
          const probing = lostAt < 0 && stopAt < found.length;
          if (lostAt < 0 && !probing) expect(vi.getTimerCount()).toBe(1); // the next probe
          watch.stop();
          expect([vi.getTimerCount(), cancelled]).toEqual([0, probing ? 1 : 0]);
          const sent = pending.length;
          vi.advanceTimersByTime(10 * settings.everyMs);
          expect([pending.length, losses]).toEqual([sent, lostAt >= 0 ? 1 : 0]);
        } finally {
          vi.useRealTimers();
        }
      }),
    );
  });
});
