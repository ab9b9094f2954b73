// Given/when/then specs for the ledger's decider (Emmett style). `given` builds a ledger from
// commands (run through decide + evolve, and required to be accepted), hand-written events,
// recorded rejections and clock moves; `when` decides one command at the scenario's clock;
// `then*` asserts the exact outcome. Every `when` also checks that decide left the state it
// was given untouched, and every emitted event is schema-valid and continues the hash chain.
import { expect } from "vitest";
import type { Command, EventDataOf, EventType } from "../../schemas/index.js";
import { eventDataSchemas } from "../../schemas/index.js";
import { decide } from "../decide.js";
import {
  draft,
  sealEvents,
  type Decision,
  type DecisionContext,
  type EventDraft,
} from "../decision.js";
import { evolve } from "../evolve.js";
import { checkChainLink } from "../hashChain.js";
import { availableOf, balanceOf } from "../money.js";
import type { RejectionCode } from "../rejections.js";
import { initialState, type LedgerState } from "../state.js";

/** Where every scenario's clock starts unless a step moves it. */
export const SPEC_EPOCH = "2026-03-02T09:00:00.000Z";
export const SPEC_ACTOR = "spec:teller";

/** A drafted event, as `given` takes it and `thenEvents` expects it. */
export type ExpectedEvent = { [T in EventType]: EventDraft<T> }[EventType];

/** A step of `given` that is not a plain command (which must be accepted). */
export type GivenDirective =
  | { readonly step: "events"; readonly drafts: readonly ExpectedEvent[] }
  | { readonly step: "rejected"; readonly command: Command }
  | { readonly step: "clock"; readonly at?: number; readonly advanceSeconds?: number };

export type GivenStep = Command | GivenDirective;

/** An event to hand-write into `given` or expect in `thenEvents`. */
export function event<T extends EventType>(type: T, data: EventDataOf<T>): EventDraft<T> {
  return draft(type, data);
}

/** Hand-written events, sealed onto the chain at the scenario's clock (evolve trusts them). */
export function recordedEvents(...drafts: ExpectedEvent[]): GivenDirective {
  return { step: "events", drafts };
}

/** A command the ledger refused earlier; it must be rejected, and its records are applied. */
export function rejectedEarlier(command: Command): GivenDirective {
  return { step: "rejected", command };
}

/** Sets the clock to an ISO time. */
export function clockAt(iso: string): GivenDirective {
  return { step: "clock", at: Date.parse(iso) };
}

/** Moves the clock forward. */
export function clockAdvancedBy(seconds: number): GivenDirective {
  return { step: "clock", advanceSeconds: seconds };
}

/** An account's four counters (minor-unit strings) and the balances derived from them. */
export interface AccountFigures {
  readonly postedDebits: string;
  readonly postedCredits: string;
  readonly pendingDebits: string;
  readonly pendingCredits: string;
  /** Posted balance on the account's normal side. */
  readonly balance?: string;
  /** Posted balance less the holds that would reduce it. */
  readonly available?: string;
}

export function accountFigures(state: LedgerState, accountId: string): Required<AccountFigures> {
  const account = state.accounts.get(accountId);
  if (account === undefined) throw new Error(`spec: no account ${accountId}`);
  return {
    postedDebits: account.postedDebits.toString(),
    postedCredits: account.postedCredits.toString(),
    pendingDebits: account.pendingDebits.toString(),
    pendingCredits: account.pendingCredits.toString(),
    balance: balanceOf(account.accountType, account).toString(),
    available: availableOf(account.accountType, account).toString(),
  };
}

export interface WhenOptions {
  /** Decide at this ISO time instead of the scenario's clock. */
  readonly now?: string;
  /** Decide this many seconds after the scenario's clock. */
  readonly advanceSeconds?: number;
}

export function contextAt(now: number): DecisionContext {
  return { now, actor: SPEC_ACTOR, correlationId: "spec-correlation", causationId: null };
}

/** A ledger built by `given`: its state and clock, ready for `when`. */
export class Given {
  constructor(
    private readonly state: LedgerState,
    readonly clock: number,
  ) {}

  /** A private copy of the given state (for assertions, or to hand to decide directly). */
  snapshot(): LedgerState {
    return structuredClone(this.state);
  }

  /** Asserts an account's counters (and, if given, balances) before the `when`. */
  expectAccount(accountId: string, expected: AccountFigures): this {
    expect(accountFigures(this.state, accountId)).toMatchObject(expected);
    return this;
  }

  when(command: Command, options: WhenOptions = {}): When {
    const now =
      options.now !== undefined
        ? Date.parse(options.now)
        : this.clock + (options.advanceSeconds ?? 0) * 1000;
    const state = structuredClone(this.state);
    const untouched = structuredClone(this.state);
    const decision = decide(state, command, contextAt(now));
    expect(state, "decide must not change the state it is given").toEqual(untouched);
    return new When(state, decision, now);
  }
}

/** Builds a ledger from the steps, in order. A plain command must be accepted. */
export function given(...steps: GivenStep[]): Given {
  const state = initialState();
  let clock = Date.parse(SPEC_EPOCH);
  for (const [index, step] of steps.entries()) {
    if (!("step" in step)) {
      const decision = decide(state, step, contextAt(clock));
      if (decision.status !== "accepted") {
        throw new Error(`spec: given step #${index} (${step.type}) was ${describe(decision)}`);
      }
      for (const sealed of decision.events) evolve(state, sealed);
      continue;
    }
    switch (step.step) {
      case "events":
        for (const sealed of sealEvents(state.chain, step.drafts, contextAt(clock))) {
          evolve(state, sealed);
        }
        break;
      case "rejected": {
        const decision = decide(state, step.command, contextAt(clock));
        if (decision.status !== "rejected") {
          throw new Error(
            `spec: given step #${index} (${step.command.type}) was ${describe(decision)}`,
          );
        }
        for (const sealed of decision.events) evolve(state, sealed);
        break;
      }
      case "clock":
        clock = step.at ?? clock + (step.advanceSeconds ?? 0) * 1000;
        break;
    }
  }
  return new Given(state, clock);
}

function describe(decision: Decision): string {
  return decision.status === "rejected"
    ? `rejected with ${decision.rejection.code}: ${decision.rejection.message}`
    : decision.status;
}

/** The outcome of `when`, to assert with one of the `then` methods. */
export class When {
  constructor(
    private readonly state: LedgerState,
    readonly decision: Decision,
    private readonly now: number,
  ) {}

  /** Accepted, with exactly these events (type and data), sealed onto the chain. */
  thenEvents(...expected: ExpectedEvent[]): Then {
    expect(this.decision.status, describe(this.decision)).toBe("accepted");
    this.expectSealed(expected);
    return new Then(this.applied());
  }

  /** Rejected with `code` (and exactly these details, if given). */
  thenRejected(code: RejectionCode, details?: Record<string, string | number>): Rejected {
    const { decision } = this;
    if (decision.status !== "rejected") {
      throw new Error(`spec: expected rejection ${code}, the decision was ${decision.status}`);
    }
    expect(decision.rejection.code, decision.rejection.message).toBe(code);
    if (details !== undefined) expect(decision.rejection.details).toEqual(details);
    return new Rejected(this);
  }

  /** Already decided with the same content: nothing written, the first outcome's sequence. */
  thenDuplicate(sequence?: number): Then {
    const { decision } = this;
    if (decision.status !== "duplicate") {
      throw new Error(`spec: expected a duplicate, the decision was ${describe(decision)}`);
    }
    expect(decision.events).toEqual([]);
    if (sequence !== undefined) expect(decision.sequence).toBe(sequence);
    return new Then(this.applied());
  }

  /** Checks the emitted events: the exact drafts, schema-valid, chained from the state's head. */
  expectSealed(expected: readonly ExpectedEvent[]): void {
    const events = this.decision.events;
    expect(events.map(({ type, data }) => ({ type, data }))).toEqual(expected);
    let head = this.state.chain;
    for (const sealed of events) {
      expect(sealed.version).toBe(eventDataSchemas[sealed.type].version);
      expect(eventDataSchemas[sealed.type].schema.safeParse(sealed.data).success).toBe(true);
      expect(sealed.metadata.recordedAt).toBe(new Date(this.now).toISOString());
      expect(sealed.metadata.actor).toBe(SPEC_ACTOR);
      const link = checkChainLink(head, sealed);
      if (!link.ok) throw new Error(`spec: event breaks the chain: ${link.message}`);
      head = link.head;
    }
  }

  /** The state after evolving the decision's events (on the helper's own copy). */
  applied(): LedgerState {
    for (const sealed of this.decision.events) evolve(this.state, sealed);
    return this.state;
  }
}

/** A rejection, to be asserted as recorded (EntryRejected records) or as writing nothing. */
export class Rejected {
  constructor(private readonly outcome: When) {}

  get decision(): Decision {
    return this.outcome.decision;
  }

  /** The rejection spends ids: exactly these EntryRejected records are written. */
  recording(...records: ExpectedEvent[]): Then {
    expect(records.length).toBeGreaterThan(0);
    this.outcome.expectSealed(records);
    return new Then(this.outcome.applied());
  }

  /** The rejection writes nothing. */
  writingNothing(): Then {
    expect(this.outcome.decision.events).toEqual([]);
    return new Then(this.outcome.applied());
  }
}

/** The state after the outcome, for assertions on counters and records. */
export class Then {
  constructor(readonly state: LedgerState) {}

  /** Asserts an account's four counters (and, if given, balances) after the outcome. */
  thenAccount(accountId: string, expected: AccountFigures): this {
    expect(accountFigures(this.state, accountId)).toMatchObject(expected);
    return this;
  }

  thenState(check: (state: LedgerState) => void): this {
    check(this.state);
    return this;
  }
}
