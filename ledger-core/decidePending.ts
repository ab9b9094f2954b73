// Deciding what happens to a hold: post it (in full, by one amount on both legs of a
// two-posting hold, or leg by leg; the rest is released), void it, or expire it once its
// timeout has passed. A hold is resolved once; retrying the same resolution is a duplicate.
import type { ExpirePending, PostingInput, PostPending, VoidPending } from "../schemas/index.js";
import {
  accepted,
  draft,
  duplicate,
  refused,
  type Decision,
  type DecisionContext,
} from "./decision.js";
import { fingerprintOf } from "./fingerprint.js";
import { rejection } from "./rejections.js";
import {
  amountIn,
  checkBalanced,
  checkLimits,
  checkPeriodOpen,
  fail,
  isoTime,
  ok,
  recordedPostings,
  requireLedger,
  type Checked,
  type CounterChange,
} from "./rules.js";
import { resolutionEffectiveMs } from "./effectiveTime.js";
import type { EntryRecord, HoldState, LedgerInfo, LedgerState, Posting } from "./state.js";

type Hold = EntryRecord & { readonly hold: HoldState };

function requireHold(state: LedgerState, pendingId: string): Checked<Hold> {
  const entry = state.entries.get(pendingId);
  if (entry === undefined || entry.hold === null) {
    return fail(rejection("pending_not_found", `no hold with id ${pendingId}`, { pendingId }));
  }
  return ok(entry as Hold);
}

/** The rejection for acting on a hold that is no longer open, or past its timeout. */
function closedHoldRejection(entry: Hold, now: number): Checked<true> {
  const pendingId = entry.entryId;
  switch (entry.hold.status) {
    case "posted":
      return fail(
        rejection("pending_already_posted", `hold ${pendingId} was posted`, { pendingId }),
      );
    case "voided":
      return fail(
        rejection("pending_already_voided", `hold ${pendingId} was voided`, { pendingId }),
      );
    case "expired":
      return fail(rejection("pending_expired", `hold ${pendingId} expired`, { pendingId }));
    case "open":
      if (now >= entry.hold.expiresAtMs) {
        return fail(
          rejection(
            "pending_expired",
            `hold ${pendingId} expired at ${isoTime(entry.hold.expiresAtMs)}`,
            {
              pendingId,
              expiresAt: isoTime(entry.hold.expiresAtMs),
            },
          ),
        );
      }
      return ok(true);
  }
}

export function decidePostPending(
  state: LedgerState,
  command: PostPending,
  context: DecisionContext,
): Decision {
  const ledger = requireLedger(state);
  if (!ledger.ok) return refused(ledger.rejection);
  const hold = requireHold(state, command.pendingId);
  if (!hold.ok) return refused(hold.rejection);
  const fingerprint = fingerprintOf(command);
  const { hold: holdState } = hold.value;
  if (holdState.status === "posted" && holdState.resolutionFingerprint === fingerprint) {
    return duplicate(holdState.resolutionSequence ?? hold.value.sequence);
  }
  const open = closedHoldRejection(hold.value, context.now);
  if (!open.ok) return refused(open.rejection);

  const posted = postedAmounts(ledger.value, hold.value, command);
  if (!posted.ok) return refused(posted.rejection);
  const period = checkPeriodOpen(state, context.now);
  if (!period.ok) return refused(period.rejection);
  const changes: CounterChange[] = [
    ...hold.value.postings.map((posting) => ({ posting, bucket: "pending", sign: -1n }) as const),
    ...posted.value.map((posting) => ({ posting, bucket: "posted", sign: 1n }) as const),
  ];
  const limits = checkLimits(state, ledger.value, changes);
  if (!limits.ok) return refused(limits.rejection);
  const event = draft("PendingPosted", {
    pendingId: command.pendingId,
    // Never effective before the hold it posts (ledger-core/effectiveTime.ts).
    effectiveAt: isoTime(resolutionEffectiveMs(context.now, hold.value.effectiveAtMs)),
    postings: recordedPostings(posted.value),
    fingerprint,
  });
  return accepted(state.chain, [event], context);
}

/** What to post: every leg in full, one amount on both legs, or the legs the client lists. */
function postedAmounts(ledger: LedgerInfo, hold: Hold, command: PostPending): Checked<Posting[]> {
  if (command.postings !== undefined) return postedLegs(ledger, hold, command.postings);
  if (command.amount === undefined) return ok([...hold.postings]);
  if (hold.postings.length !== 2) {
    return fail(
      rejection(
        "pending_amount_ambiguous",
        `hold ${hold.entryId} has ${hold.postings.length} postings; post it with postings, not amount`,
        { pendingId: hold.entryId, postings: hold.postings.length },
      ),
    );
  }
  const legs = hold.postings.map((posting) => ({
    accountId: posting.accountId,
    side: posting.side,
    amount: command.amount ?? "",
  }));
  return postedLegs(ledger, hold, legs);
}

/** Each requested leg must be a leg of the hold, within its held amount, and balanced. */
function postedLegs(
  ledger: LedgerInfo,
  hold: Hold,
  requested: readonly PostingInput[],
): Checked<Posting[]> {
  const remaining = new Map<string, bigint>();
  for (const leg of hold.postings) {
    const key = legKey(leg.accountId, leg.side);
    remaining.set(key, (remaining.get(key) ?? 0n) + leg.amount);
  }
  const posted: Posting[] = [];
  for (const input of requested) {
    const leg = hold.postings.find((p) => p.accountId === input.accountId && p.side === input.side);
    const key = legKey(input.accountId, input.side);
    const left = remaining.get(key);
    if (
      leg === undefined ||
      left === undefined ||
      (input.currency !== undefined && input.currency !== leg.currency)
    ) {
      return fail(
        rejection(
          "pending_posting_mismatch",
          `hold ${hold.entryId} has no ${input.side} leg on ${input.accountId}`,
          {
            pendingId: hold.entryId,
            accountId: input.accountId,
            side: input.side,
          },
        ),
      );
    }
    const amount = amountIn(ledger, leg.currency, input.amount);
    if (!amount.ok) return amount;
    if (amount.value > left) {
      return fail(
        rejection(
          "pending_amount_exceeded",
          `${input.accountId} ${input.side}: more than the hold leaves`,
          {
            pendingId: hold.entryId,
            accountId: input.accountId,
            side: input.side,
            requested: input.amount,
          },
        ),
      );
    }
    remaining.set(key, left - amount.value);
    posted.push({
      accountId: leg.accountId,
      side: leg.side,
      amount: amount.value,
      currency: leg.currency,
    });
  }
  const balanced = checkBalanced(ledger, posted);
  if (!balanced.ok) return balanced;
  return ok(posted);
}

function legKey(accountId: string, side: string): string {
  return `${side}\u0000${accountId}`;
}

export function decideVoidPending(
  state: LedgerState,
  command: VoidPending,
  context: DecisionContext,
): Decision {
  const ledger = requireLedger(state);
  if (!ledger.ok) return refused(ledger.rejection);
  const hold = requireHold(state, command.pendingId);
  if (!hold.ok) return refused(hold.rejection);
  const { hold: holdState } = hold.value;
  if (holdState.status === "voided")
    return duplicate(holdState.resolutionSequence ?? hold.value.sequence);
  const open = closedHoldRejection(hold.value, context.now);
  if (!open.ok) return refused(open.rejection);
  return accepted(state.chain, [draft("PendingVoided", { pendingId: command.pendingId })], context);
}

export function decideExpirePending(
  state: LedgerState,
  command: ExpirePending,
  context: DecisionContext,
): Decision {
  const ledger = requireLedger(state);
  if (!ledger.ok) return refused(ledger.rejection);
  const hold = requireHold(state, command.pendingId);
  if (!hold.ok) return refused(hold.rejection);
  const { hold: holdState } = hold.value;
  if (holdState.status === "expired")
    return duplicate(holdState.resolutionSequence ?? hold.value.sequence);
  if (holdState.status === "open" && context.now < holdState.expiresAtMs) {
    return refused(
      rejection(
        "pending_not_expired",
        `hold ${command.pendingId} runs until ${isoTime(holdState.expiresAtMs)}`,
        {
          pendingId: command.pendingId,
          expiresAt: isoTime(holdState.expiresAtMs),
        },
      ),
    );
  }
  if (holdState.status !== "open") {
    const closed = closedHoldRejection(hold.value, context.now);
    if (!closed.ok) return refused(closed.rejection);
  }
  return accepted(
    state.chain,
    [draft("PendingExpired", { pendingId: command.pendingId })],
    context,
  );
}
