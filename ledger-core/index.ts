// Public surface of ledger-core/: the pure domain. The decider (initialState, decide,
// evolve), money arithmetic, the hash chain and its verifier, rejection codes, and the
// EventStore port that adapters in event-store/ implement. No I/O happens in this folder.
import { decide } from "./decide.js";
import { evolve } from "./evolve.js";
import { initialState } from "./state.js";

export { assert, InvariantViolation } from "./assert.js";
export { canonicalJson } from "./canonicalJson.js";
export { decide, decideSequence, forkFor, referencedIds } from "./decide.js";
export type { Decision, DecisionContext } from "./decision.js";
export { evolve, toPostings } from "./evolve.js";
export * from "./eventStorePort.js";
export { fingerprintOf } from "./fingerprint.js";
export * from "./hashChain.js";
export * from "./money.js";
export * from "./rejections.js";
export * from "./state.js";

/** The decider as one value, Emmett style: three plain functions. */
export const ledgerDecider = { initialState, decide, evolve } as const;
