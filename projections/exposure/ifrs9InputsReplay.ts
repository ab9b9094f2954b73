// The IFRS 9 inputs in force as of effective time D, folded from a ledger's events alone (no
// read model): the answer ifrs9InputsAt gives from the risk_inputs model, for the CLI and the
// property test that compares the two. Fed the events known at K in sequence order, it keeps
// per facility its terms, per facility and asOf date its assessment, every write-off (each its
// own subject) and per parameter set the version with the latest validFrom <= D, ties of
// validFrom going to the later recorded: the rule of riskInputsReplay.ts (the same ranking),
// and the facility versions in force (a RiskInputsFold) for the terms' limit. Memory: one
// version per subject. Pure, no I/O.
import type { JournalEvent } from "../../schemas/index.js";
import type { BalanceAt } from "../balances/balanceQueries.js";
import type { CreditAssessment, FacilityTerms, Ifrs9Parameters } from "../ifrs9/ifrs9Types.js";
import {
  compareAssessments,
  compareWriteOffs,
  type Ifrs9InputsAt,
  type Ifrs9InputsReplayAnswer,
  type WriteOffInForce,
} from "./ifrs9InputsTypes.js";
import { riskInputsPointOf, type RiskInputsPoint } from "./riskInputsQueries.js";
import {
  byRiskKey,
  riskValidFromMs,
  riskVersionRanksAbove,
  RiskInputsFold,
  type HeldRiskVersion,
} from "./riskInputsReplay.js";
import { creditAssessmentKey } from "./riskInputsTables.js";

type TermsValue = Omit<FacilityTerms, "limit">;

interface OfFacility<T> {
  readonly facilityId: string;
  readonly value: T;
}

/**
 * Folds IFRS 9 input events (and the facility versions) into the inputs in force as of
 * `effectiveMs` (D). Apply the events known at R (a prefix of the stream), in sequence order;
 * other event types are ignored. With `knownSequence` K, events after K are ignored too.
 */
export class Ifrs9InputsFold {
  /** The facility versions in force, for the terms' limit. */
  private readonly facilities: RiskInputsFold;
  private readonly terms = new Map<string, HeldRiskVersion<TermsValue>>();
  /** Keyed "facility/asOf" (creditAssessmentKey). */
  private readonly assessments = new Map<string, HeldRiskVersion<OfFacility<CreditAssessment>>>();
  /** Keyed by record id. */
  private readonly writeOffs = new Map<string, HeldRiskVersion<OfFacility<WriteOffInForce>>>();
  private readonly parameters = new Map<string, HeldRiskVersion<Ifrs9Parameters>>();

  constructor(
    readonly effectiveMs: number,
    readonly knownSequence: number | null = null,
  ) {
    this.facilities = new RiskInputsFold(effectiveMs, knownSequence);
  }

  private keep<T>(map: Map<string, HeldRiskVersion<T>>, key: string, next: HeldRiskVersion<T>) {
    if (riskVersionRanksAbove(map.get(key), next, this.effectiveMs)) map.set(key, next);
  }

  apply(event: JournalEvent): void {
    const sequence = event.metadata.sequence;
    if (this.knownSequence !== null && sequence > this.knownSequence) return;
    this.facilities.apply(event);
    switch (event.type) {
      case "FacilityTermsRecorded": {
        const d = event.data;
        const value: TermsValue = {
          facilityId: d.facilityId,
          originationDate: d.originationDate,
          maturityDate: d.maturityDate,
          eir: d.eir,
          repayment:
            d.repayment.kind === "amortising"
              ? {
                  kind: "amortising",
                  schedule: d.repayment.schedule.map((item) => ({
                    date: item.date,
                    principal: BigInt(item.principal),
                  })),
                }
              : {
                  kind: "revolving",
                  behaviouralLifeMonths: d.repayment.behaviouralLifeMonths,
                  ccf: d.repayment.ccf,
                },
          lifetimePdAtOrigination: d.lifetimePdAtOrigination,
          poci: d.poci,
          creditAdjustedEir: d.creditAdjustedEir,
          derecognisedOn: d.derecognisedOn,
          currency: d.currency,
        };
        const validFromMs = riskValidFromMs(d.validFrom, sequence);
        this.keep(this.terms, d.facilityId, { validFromMs, sequence, value });
        return;
      }
      case "CreditAssessmentRecorded": {
        const d = event.data;
        const assessment: CreditAssessment = {
          asOf: d.asOf,
          daysPastDue: d.daysPastDue,
          defaulted: d.defaulted,
          unlikelyToPay: d.unlikelyToPay,
          creditImpaired: d.creditImpaired,
          watchList: d.watchList,
          forborne: d.forborne,
          distressedRestructuring: d.distressedRestructuring,
          scenarios: d.scenarios.map((s) => ({
            scenarioId: s.scenarioId,
            weight: s.weight,
            pd12m: s.pd12m,
            lifetimePd: { kind: s.lifetimePd.kind, byYear: [...s.lifetimePd.byYear] },
            lgd: s.lgd,
          })),
        };
        const validFromMs = riskValidFromMs(d.validFrom, sequence);
        this.keep(this.assessments, creditAssessmentKey(d.facilityId, d.asOf), {
          validFromMs,
          sequence,
          value: { facilityId: d.facilityId, value: assessment },
        });
        return;
      }
      case "WriteOffRecorded": {
        const d = event.data;
        const writeOff: WriteOffInForce = {
          recordId: d.recordId,
          writtenOffOn: d.writtenOffOn,
          amount: BigInt(d.amount),
          currency: d.currency,
        };
        const validFromMs = riskValidFromMs(d.validFrom, sequence);
        this.keep(this.writeOffs, d.recordId, {
          validFromMs,
          sequence,
          value: { facilityId: d.facilityId, value: writeOff },
        });
        return;
      }
      case "Ifrs9ParametersRecorded": {
        const d = event.data;
        const value: Ifrs9Parameters = {
          parameterSetId: d.parameterSetId,
          sicr: { ...d.sicr },
          dpd: { ...d.dpd },
          probation: { ...d.probation },
          stage3RecoveryMonths: d.stage3RecoveryMonths,
          rounding: d.rounding,
          accounts: {
            impairmentExpense: d.impairmentExpenseAccountId,
            lossAllowance: d.lossAllowanceAccountId,
          },
        };
        const validFromMs = riskValidFromMs(d.validFrom, sequence);
        this.keep(this.parameters, d.parameterSetId, { validFromMs, sequence, value });
        return;
      }
      default:
        return;
    }
  }

  /** The inputs in force, ordered as ifrs9InputsAt orders them (ifrs9InputsTypes.ts). */
  inputs(): Ifrs9InputsAt {
    const facilities = this.facilities.inputs().facilities;
    const terms = new Map<string, FacilityTerms>();
    for (const [facilityId, held] of byRiskKey(this.terms)) {
      const facility = facilities.get(facilityId);
      if (facility !== undefined) terms.set(facilityId, { ...held.value, limit: facility.limit });
    }
    const grouped = <T>(
      map: Map<string, HeldRiskVersion<OfFacility<T>>>,
      compare: (a: T, b: T) => number,
    ): Map<string, T[]> => {
      const byFacility = new Map<string, T[]>();
      for (const { value } of map.values()) {
        const list = byFacility.get(value.facilityId) ?? [];
        list.push(value.value);
        byFacility.set(value.facilityId, list);
      }
      for (const list of byFacility.values()) list.sort(compare);
      return new Map(byRiskKey(byFacility));
    };
    return {
      terms,
      assessments: grouped(this.assessments, compareAssessments),
      writeOffs: grouped(this.writeOffs, compareWriteOffs),
      parameters: new Map(byRiskKey(this.parameters).map(([id, held]) => [id, held.value])),
    };
  }
}

/** The IFRS 9 inputs in force as of `effectiveMs`, from `events` (in sequence order), known at K. */
export function ifrs9InputsReplayed(
  events: Iterable<JournalEvent>,
  effectiveMs: number,
  knownSequence: number | null = null,
): Ifrs9InputsAt {
  const fold = new Ifrs9InputsFold(effectiveMs, knownSequence);
  for (const event of events) fold.apply(event);
  return fold.inputs();
}

/**
 * K as the read model resolves it, from the ledger's events (in sequence order): the last
 * event, a sequence capped at it, or the last event recorded by a time (the recorded-time
 * watermark's prefix: a writer's clock stepping back does not end it). Null: nothing known.
 */
function knownSequenceOf(
  events: readonly JournalEvent[],
  known: RiskInputsPoint["known"],
): number | null {
  const head = events.at(-1)?.metadata.sequence ?? null;
  if (head === null || known === "head") return head;
  if ("sequence" in known) return Math.min(known.sequence, head);
  let watermark = -Infinity;
  let last: number | null = null;
  for (const event of events) {
    watermark = Math.max(watermark, Date.parse(event.metadata.recordedAt));
    if (watermark > known.recordedMs) break;
    last = event.metadata.sequence;
  }
  return last;
}

/**
 * The answer ifrs9InputsAt gives at `at` (same point semantics; "now" is `now`, default the
 * current time), from one ledger's events alone, in sequence order from its first.
 */
export function ifrs9InputsFromEvents(
  events: readonly JournalEvent[],
  options: { readonly at: BalanceAt; readonly now?: Date },
): Ifrs9InputsReplayAnswer {
  const point = riskInputsPointOf(options.at, (options.now ?? new Date()).getTime());
  const sequence = knownSequenceOf(events, point.known);
  const inputs =
    sequence === null
      ? ifrs9InputsReplayed([], point.effectiveMs)
      : ifrs9InputsReplayed(events, point.effectiveMs, sequence);
  return { sequence, effectiveAt: new Date(point.effectiveMs).toISOString(), ...inputs };
}
