// The read models Folio runs, by name: what a host starts and what `folio rebuild` and
// `folio projections` accept. Add a projection here and every process runs it.
import { AUDIT_PROJECTION_NAME, auditProjection } from "./audit/auditProjection.js";
import { BALANCES_PROJECTION_NAME, balancesProjection } from "./balances/balancesProjection.js";
import {
  RISK_INPUTS_PROJECTION_NAME,
  riskInputsProjection,
} from "./exposure/riskInputsProjection.js";
import { LISTINGS_PROJECTION_NAME, listingsProjection } from "./listings/listingsProjection.js";
import type { ProjectionFactory } from "./projection.js";

export type ReadModelName =
  | typeof BALANCES_PROJECTION_NAME
  | typeof AUDIT_PROJECTION_NAME
  | typeof RISK_INPUTS_PROJECTION_NAME
  | typeof LISTINGS_PROJECTION_NAME;

export const READ_MODELS: ReadonlyMap<ReadModelName, ProjectionFactory> = new Map([
  [BALANCES_PROJECTION_NAME, balancesProjection],
  [AUDIT_PROJECTION_NAME, auditProjection],
  [RISK_INPUTS_PROJECTION_NAME, riskInputsProjection],
  [LISTINGS_PROJECTION_NAME, listingsProjection],
]);
