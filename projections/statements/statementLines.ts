// The lines of an account statement, pure: each balance event of the account in the period
// (its four counter changes, as the balances model keeps them) becomes one line per counter it
// moved, in a fixed order, with the counters running from the opening balance. A hold
// (pending) and its release move the pending counters, never the posted ones; a hold posted in
// part releases the whole hold and posts what was posted. Money is bigint minor units.
import { availableOf, balanceOf, type Counters } from "../../ledger-core/index.js";
import type { AccountType } from "../../schemas/index.js";

/** What the journal event that moved the account was. */
export type StatementLineKind =
  "posted" | "reversal" | "pending" | "pending_posted" | "pending_voided" | "pending_expired";

/**
 * What a line does to the counters: `posted` adds its amount to the posted counter of its
 * side, `hold` to the pending counter of its side, `release` takes it out of that counter.
 */
export type StatementLineEffect = "posted" | "hold" | "release";

/** One balance event of the account: its changes to the four counters, and its labels. */
export interface StatementMovement {
  readonly sequence: number;
  readonly kind: StatementLineKind;
  readonly entryId: string;
  readonly effectiveMs: number;
  readonly recordedAt: string;
  readonly description: string;
  readonly delta: Counters;
}

export interface StatementLine {
  readonly sequence: number;
  readonly entryId: string;
  readonly kind: StatementLineKind;
  readonly effect: StatementLineEffect;
  readonly effectiveMs: number;
  readonly recordedAt: string;
  readonly description: string;
  readonly side: "debit" | "credit";
  /** Positive, minor units. */
  readonly amount: bigint;
  /** The counters after this line. */
  readonly after: Counters;
  /** Posted balance after this line, on the account's normal side. */
  readonly postedBalance: bigint;
  /** Available balance after this line (posted less holds against it). */
  readonly availableBalance: bigint;
}

type CounterName = keyof Counters;

/** One change of one counter, in the order lines list them: releases, postings, holds. */
const PARTS: readonly {
  readonly counter: CounterName;
  readonly side: "debit" | "credit";
  readonly effect: StatementLineEffect;
}[] = [
  { counter: "pendingDebits", side: "debit", effect: "release" },
  { counter: "pendingCredits", side: "credit", effect: "release" },
  { counter: "postedDebits", side: "debit", effect: "posted" },
  { counter: "postedCredits", side: "credit", effect: "posted" },
  { counter: "pendingDebits", side: "debit", effect: "hold" },
  { counter: "pendingCredits", side: "credit", effect: "hold" },
];

/** The amount `part` moves in `delta` (0n when it does not apply). */
function amountOf(delta: Counters, part: (typeof PARTS)[number]): bigint {
  const change = delta[part.counter];
  if (part.effect === "release") return change < 0n ? -change : 0n;
  if (part.effect === "posted" && change < 0n) {
    throw new RangeError(`a posted counter never decreases (${part.counter} ${change})`);
  }
  return change > 0n ? change : 0n;
}

function moved(counters: Counters, counter: CounterName, by: bigint): Counters {
  return { ...counters, [counter]: counters[counter] + by };
}

/** The movements' lines, with running counters and balances from `opening`. */
export function statementLines(
  accountType: AccountType,
  opening: Counters,
  movements: readonly StatementMovement[],
): StatementLine[] {
  const lines: StatementLine[] = [];
  let running = opening;
  for (const movement of movements) {
    for (const part of PARTS) {
      const amount = amountOf(movement.delta, part);
      if (amount === 0n) continue;
      running = moved(running, part.counter, part.effect === "release" ? -amount : amount);
      lines.push({
        sequence: movement.sequence,
        entryId: movement.entryId,
        kind: movement.kind,
        effect: part.effect,
        effectiveMs: movement.effectiveMs,
        recordedAt: movement.recordedAt,
        description: movement.description,
        side: part.side,
        amount,
        after: running,
        postedBalance: balanceOf(accountType, running),
        availableBalance: availableOf(accountType, running),
      });
    }
  }
  return lines;
}

/** True when the counters are equal, counter by counter. */
export function sameCounters(a: Counters, b: Counters): boolean {
  return (
    a.postedDebits === b.postedDebits &&
    a.postedCredits === b.postedCredits &&
    a.pendingDebits === b.pendingDebits &&
    a.pendingCredits === b.pendingCredits
  );
}
