// Properties of balancesAfter: after any sequence of entries and holds (posted in part or in
// full, voided, expired), split into batches at any points with the balances stored between
// them, the balances each message carries equal the sums of the postings so far per account:
// posted = entries + posted holds, pending = holds still open.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JournalEvent, RecordedPosting } from "../../schemas/index.js";
import { BalancesAfter, accountsTouched, holdKey, holdsToLoad } from "./balancesAfter.js";
import type { AccountBalances } from "./migrations.js";

const ACCOUNTS = ["a", "b", "c", "d"] as const;

type Step =
  | { kind: "post"; postings: RecordedPosting[] }
  | { kind: "pend"; postings: RecordedPosting[]; resolution: "post" | "void" | "expire" | "open" };

const amount = fc.bigInt({ min: 1n, max: 10n ** 20n }).map(String);
const posting = fc.record({
  accountId: fc.constantFrom(...ACCOUNTS),
  side: fc.constantFrom("debit" as const, "credit" as const),
  amount,
  currency: fc.constant("USD"),
});
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("post" as const),
    postings: fc.array(posting, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant("pend" as const),
    postings: fc.array(posting, { minLength: 1, maxLength: 4 }),
    resolution: fc.constantFrom(
      "post" as const,
      "void" as const,
      "expire" as const,
      "open" as const,
    ),
  }),
);

const meta = (sequence: number): JournalEvent["metadata"] => ({
  sequence,
  recordedAt: "2026-01-01T00:00:00.000Z",
  actor: "p",
  correlationId: "",
  causationId: null,
  prevHash: "0".repeat(64),
  hash: "0".repeat(64),
});

/** The events of the steps (every resolution right after its hold) and the expected sums. */
function eventsOf(steps: readonly Step[]): JournalEvent[] {
  const events: JournalEvent[] = [];
  const effectiveAt = "2026-01-01T00:00:00.000Z";
  steps.forEach((s, i) => {
    const entryId = `e${i}`;
    const common = {
      entryId,
      effectiveAt,
      description: "",
      postings: s.postings,
      metadata: {},
      fingerprint: "0".repeat(64),
    };
    if (s.kind === "post") {
      events.push({
        type: "EntryPosted",
        version: 1,
        data: { ...common, reversalOf: null },
        metadata: meta(events.length),
      });
      return;
    }
    events.push({
      type: "EntryPended",
      version: 1,
      data: { ...common, expiresAt: effectiveAt },
      metadata: meta(events.length),
    });
    const data = { pendingId: entryId };
    if (s.resolution === "post") {
      const postings = s.postings.map((p) => ({
        ...p,
        amount: String(BigInt(p.amount) / 2n + 1n),
      }));
      events.push({
        type: "PendingPosted",
        version: 1,
        data: { ...data, effectiveAt, postings, fingerprint: "0".repeat(64) },
        metadata: meta(events.length),
      });
    }
    if (s.resolution === "void")
      events.push({ type: "PendingVoided", version: 1, data, metadata: meta(events.length) });
    if (s.resolution === "expire")
      events.push({ type: "PendingExpired", version: 1, data, metadata: meta(events.length) });
  });
  return events;
}

/** Sums of postings per account after each event, computed directly from the steps' meaning. */
function expectedAfter(
  events: readonly JournalEvent[],
  upTo: number,
): Map<string, Record<string, bigint>> {
  const sums = new Map<string, Record<string, bigint>>();
  const open = new Map<string, RecordedPosting[]>();
  const add = (postings: readonly RecordedPosting[], kind: "posted" | "pending", sign: bigint) => {
    for (const p of postings) {
      const s = sums.get(p.accountId) ?? {
        postedDebits: 0n,
        postedCredits: 0n,
        pendingDebits: 0n,
        pendingCredits: 0n,
      };
      const field = `${kind}${p.side === "debit" ? "Debits" : "Credits"}`;
      s[field] = (s[field] ?? 0n) + sign * BigInt(p.amount);
      sums.set(p.accountId, s);
    }
  };
  for (const event of events.slice(0, upTo + 1)) {
    if (event.type === "EntryPosted") add(event.data.postings, "posted", 1n);
    if (event.type === "EntryPended") {
      open.set(event.data.entryId, event.data.postings);
      add(event.data.postings, "pending", 1n);
    }
    if (
      event.type === "PendingPosted" ||
      event.type === "PendingVoided" ||
      event.type === "PendingExpired"
    ) {
      add(open.get(event.data.pendingId) ?? [], "pending", -1n);
      open.delete(event.data.pendingId);
      if (event.type === "PendingPosted") add(event.data.postings, "posted", 1n);
    }
  }
  return sums;
}

describe("balancesAfter", () => {
  it("equals the sums of the postings per account, across batches at any split", () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (steps, cuts) => {
          const events = eventsOf(steps).map((event) => ({ ledgerId: "L", event }));
          const splits = [...new Set(cuts.map((c) => c % events.length))].sort((x, y) => x - y);
          let stored: AccountBalances[] = [];
          const holds = new Map<string, readonly RecordedPosting[]>();
          let start = 0;
          for (const end of [...splits, events.length]) {
            const batch = events.slice(start, end);
            const toLoad = new Map(
              holdsToLoad(batch).map(({ ledgerId, pendingId }) => {
                const k = holdKey(ledgerId, pendingId);
                return [k, holds.get(k) ?? []] as const;
              }),
            );
            const wanted = new Set(accountsTouched(batch, toLoad).map((a) => a.accountId));
            const balances = new BalancesAfter(
              stored.filter((b) => wanted.has(b.accountId)),
              toLoad,
            );
            batch.forEach(({ ledgerId, event }, i) => {
              if (event.type === "EntryPended")
                holds.set(holdKey(ledgerId, event.data.entryId), event.data.postings);
              const after = balances.apply(ledgerId, event);
              const expected = expectedAfter(
                events.map((e) => e.event),
                start + i,
              );
              for (const b of after ?? []) {
                const e = expected.get(b.accountId);
                expect({ ...b }).toEqual({
                  accountId: b.accountId,
                  currency: "USD",
                  postedDebits: String(e?.postedDebits ?? 0n),
                  postedCredits: String(e?.postedCredits ?? 0n),
                  pendingDebits: String(e?.pendingDebits ?? 0n),
                  pendingCredits: String(e?.pendingCredits ?? 0n),
                });
              }
            });
            const changed = balances.changedBalances();
            stored = [
              ...stored.filter((s) => !changed.some((c) => c.accountId === s.accountId)),
              ...changed,
            ];
            start = end;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("touches exactly the accounts of the postings (and of the hold resolved)", () => {
    const [pended, posted] = eventsOf([
      {
        kind: "pend",
        resolution: "post",
        postings: [
          { accountId: "a", side: "debit", amount: "5", currency: "USD" },
          { accountId: "b", side: "credit", amount: "5", currency: "USD" },
        ],
      },
    ]);
    if (pended === undefined || posted === undefined) throw new Error("no events");
    const balances = new BalancesAfter([]);
    expect(balances.apply("L", pended)?.map((b) => b.accountId)).toEqual(["a", "b"]);
    expect(balances.apply("L", posted)).toMatchObject([
      { accountId: "a", postedDebits: "3", pendingDebits: "0" },
      { accountId: "b", postedCredits: "3", pendingCredits: "0" },
    ]);
  });
});
