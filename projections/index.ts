// Public surface of projections/: the runtime (runner, host, checkpoints and active versions,
// lag, operators' actions), the balances, audit and risk-inputs read models with their
// queries, the exposure calculation over them, and the store-side chain verifier.
export * from "./admin.js";
export * from "./audit/auditProjection.js";
export * from "./audit/auditQueries.js";
export * from "./audit/verifyStore.js";
export * from "./balances/balanceQueries.js";
export * from "./balances/balancesChanges.js";
export * from "./balances/balancesProjection.js";
export * from "./catalog.js";
export * from "./checkpoints.js";
export * from "./exposure/exposureMath.js";
export * from "./exposure/exposureMathAggregates.js";
export * from "./exposure/exposureMathFx.js";
export * from "./exposure/exposureMathReport.js";
export * from "./exposure/exposureQuery.js";
export * from "./exposure/exposureTypes.js";
export * from "./exposure/largeExposures.js";
export * from "./exposure/concentration.js";
export * from "./exposure/ifrs9InputsQueries.js";
export * from "./exposure/ifrs9InputsReplay.js";
export * from "./exposure/ifrs9InputsTypes.js";
export * from "./exposure/riskInputsProjection.js";
export * from "./exposure/riskInputsQueries.js";
export * from "./exposure/riskInputsReplay.js";
export * from "./host.js";
export * from "./lag.js";
export * from "./listings/listingsProjection.js";
export * from "./listings/listingsQueries.js";
export * from "./projection.js";
export * from "./reader.js";
export * from "./runtime.js";
export { inTransaction } from "./transaction.js";
export * from "./statements/statementQueries.js";
export * from "./statements/statementLines.js";
export * from "./statements/statementCamt053.js";
export * from "./statements/statementJson.js";
export * from "./checkpointReports.js";
