// Public surface of projections/: the runtime (runner, host, checkpoints and active versions,
// lag, operators' actions), the balances and audit read models with their queries, and the
// store-side chain verifier.
export * from "./admin.js";
export * from "./audit/auditProjection.js";
export * from "./audit/auditQueries.js";
export * from "./audit/verifyStore.js";
export * from "./balances/balanceQueries.js";
export * from "./balances/balancesProjection.js";
export * from "./catalog.js";
export * from "./checkpoints.js";
export * from "./host.js";
export * from "./lag.js";
export * from "./projection.js";
export * from "./reader.js";
export * from "./runtime.js";
