// Public surface of ledger-core/: the pure domain. The decider (initialState, decide,
// evolve), money arithmetic, the hash chain and its verifier, rejection codes, the EventStore
// and SnapshotStore ports that event-store/ implements, and the ledger writer that drives
// them. No I/O module is imported in this folder; the writer reaches storage only through
// the ports.
import { decide } from "./decide.js";
import { evolve } from "./evolve.js";
import { initialState } from "./state.js";

export { assert, InvariantViolation } from "./assert.js";
export { canonicalJson } from "./canonicalJson.js";
export * from "./commandForwarding.js";
export { decide, decideSequence, forkFor, referencedIds } from "./decide.js";
export type { Decision, DecisionContext } from "./decision.js";
export * from "./effectiveTime.js";
export { evolve } from "./evolve.js";
export * from "./entryRecords.js";
export * from "./eventStorePort.js";
export { fingerprintOf } from "./fingerprint.js";
export * from "./hashChain.js";
export * from "./holdSweeper.js";
export * from "./ledgerLeases.js";
export * from "./ledgerRegistry.js";
export * from "./ledgerWriter.js";
export * from "./money.js";
export * from "./rejections.js";
export * from "./snapshots.js";
export * from "./state.js";
export * from "./storedEvents.js";

/** The decider as one value, Emmett style: three plain functions. */
export const ledgerDecider = { initialState, decide, evolve } as const;
export { loadLedgerState, type LedgerSource, type LoadedState } from "./ledgerLoader.js";
