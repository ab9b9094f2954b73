// The public API of the pure IFRS 9 library (docs/ifrs9.md): types and default parameters,
// staging, ECL measurement, interest revenue and the IFRS 7 movement table, and the report of a
// book at a reporting date with one facility's detail and the movement between two reports.
export * from "./ifrs9Types.js";
export { Ifrs9Decimal, Ifrs9InputError, Ifrs9InvariantError } from "./ifrs9Decimal.js";
export { marginalPds, weightedLifetimePd, weightedPd12m } from "./eclInputs.js";
export { type EclInput, discountFactor, discountRate, measureEcl } from "./ecl.js";
export { sicr, stage2Trigger, stage3Trigger, stageAt, stageHistory } from "./staging.js";
export { type InterestInput, interestBasis, interestRevenue } from "./interest.js";
export { MOVEMENT_LINES, type MovementInput, attribute, movementTable } from "./movement.js";
export type * from "./ifrs9Book.js";
export { IFRS9_STAGES, computeIfrs9Report, facilityDetail, quarterPeriods } from "./ifrs9Report.js";
export {
  type Ifrs9MeasurementChange,
  type Ifrs9Movement,
  type Ifrs9MovementBook,
  type Ifrs9WriteOffUse,
  computeIfrs9Movement,
} from "./ifrs9Movement.js";
export {
  type Ifrs9BookAnswer,
  type Ifrs9BookQuery,
  Ifrs9QueryError,
  ifrs9BookAt,
  reportDigest,
  reportingPointOf,
} from "./ifrs9Query.js";
