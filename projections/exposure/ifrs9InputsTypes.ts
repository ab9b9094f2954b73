// What the IFRS 9 inputs in force at a point are, as the read model (ifrs9InputsQueries.ts)
// and the events-alone replay (ifrs9InputsReplay.ts) both answer them: the pure IFRS 9
// library's input types (projections/ifrs9/ifrs9Types.ts), keyed by facility or parameter
// set id in code-unit order, money as bigint minor units.
import type { CreditAssessment, FacilityTerms, Ifrs9Parameters } from "../ifrs9/ifrs9Types.js";

/** A write-off in force: every WriteOffRecorded with validFrom <= D known at K counts. */
export interface WriteOffInForce {
  readonly recordId: string;
  /** `YYYY-MM-DD` (UTC). */
  readonly writtenOffOn: string;
  /** Minor units of `currency` (the facility's). */
  readonly amount: bigint;
  readonly currency: string;
}

export interface Ifrs9InputsAt {
  /**
   * Per facility, the terms in force, with the facility's `limit` from the facility version in
   * force at the same point; a facility with terms but no version in force is left out.
   */
  readonly terms: Map<string, FacilityTerms>;
  /** Per facility, the assessment in force for each asOf date, sorted by asOf ascending. */
  readonly assessments: Map<string, CreditAssessment[]>;
  /** Per facility, every write-off in force, sorted by writtenOffOn (then record id). */
  readonly writeOffs: Map<string, WriteOffInForce[]>;
  /** Per parameter set id, the version in force. */
  readonly parameters: Map<string, Ifrs9Parameters>;
}

/** The inputs in force at a point, and what the answer stands on (as riskInputsAt's). */
export interface Ifrs9InputsReplayAnswer extends Ifrs9InputsAt {
  /** The ledger sequence K the answer reflects; null when nothing is known as of `at`. */
  readonly sequence: number | null;
  /** The effective time D the answer is for (ISO 8601, UTC, millisecond precision). */
  readonly effectiveAt: string;
}

export interface Ifrs9InputsAnswer extends Ifrs9InputsReplayAnswer {
  readonly ledgerId: string;
}

/** Write-offs in the order an answer lists them: writtenOffOn, then record id. */
export function compareWriteOffs(a: WriteOffInForce, b: WriteOffInForce): number {
  const x = `${a.writtenOffOn}\u0000${a.recordId}`;
  const y = `${b.writtenOffOn}\u0000${b.recordId}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Assessments in the order an answer lists them: asOf ascending (one per asOf). */
export function compareAssessments(a: CreditAssessment, b: CreditAssessment): number {
  return a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0;
}
