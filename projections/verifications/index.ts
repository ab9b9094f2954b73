// Public surface of projections/verifications/: the event-only steps of `folio verify` (chain,
// gap-free sequences, balanced entries, full replay) that the CLI and the API's "verify now"
// share, and the verification runs the API stores in PostgreSQL with their runner.
export * from "./verifyEvents.js";
export * from "./verificationStore.js";
export * from "./verificationRunner.js";
