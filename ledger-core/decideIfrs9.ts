// Deciding the IFRS 9 inputs (docs/ifrs9.md "Inputs"): a facility's terms, its credit
// assessments and write-offs, and the parameter set. Idempotent by `recordId` exactly like the
// risk inputs (decideRisk.ts): the same record again is a duplicate, other content under that
// id is `id_conflict`. Terms, assessments and write-offs name a recorded facility
// (`facility_not_found`); their amounts are exact at the facility's currency scale and are
// recorded in minor units. The parameter set names existing accounts (`account_not_found`).
// Everything the schema can check alone (dates, curves, weights summing to 1) it has checked.
// Rejections write nothing.
import type {
  EventDataOf,
  Ifrs9Command,
  RecordFacilityTerms,
  RecordIfrs9Parameters,
} from "../schemas/index.js";
import { draft, type Decision, type DecisionContext, type EventDraft } from "./decision.js";
import { decideRecordCommand } from "./decideRisk.js";
import { rejection } from "./rejections.js";
import type { FacilityTerms, RiskIds, RiskRecordKind } from "./riskState.js";
import { amountIn, fail, ok, type Checked } from "./rules.js";
import type { LedgerInfo, LedgerState } from "./state.js";

const kindOf: Record<Ifrs9Command["type"], RiskRecordKind> = {
  RecordFacilityTerms: "facility_terms",
  RecordCreditAssessment: "credit_assessment",
  RecordWriteOff: "write_off",
  RecordIfrs9Parameters: "ifrs9_parameters",
};

/** The ids an IFRS 9 command may read, for a fork (decide.ts referencedIds). */
export function ifrs9References(
  command: Ifrs9Command,
  into: { accountIds: Set<string>; risk: RiskIds },
): void {
  into.risk.recordIds.add(command.recordId);
  if (command.type === "RecordIfrs9Parameters") {
    into.accountIds.add(command.impairmentExpenseAccountId);
    into.accountIds.add(command.lossAllowanceAccountId);
    return;
  }
  into.risk.facilityIds.add(command.facilityId);
}

export function decideIfrs9(
  state: LedgerState,
  command: Ifrs9Command,
  context: DecisionContext,
): Decision {
  return decideRecordCommand(state, command, context, kindOf[command.type], recordedDraft);
}

function recordedDraft(
  state: LedgerState,
  ledger: LedgerInfo,
  command: Ifrs9Command,
  fingerprint: string,
): Checked<EventDraft> {
  if (command.type === "RecordIfrs9Parameters") return parametersDraft(state, command, fingerprint);
  const facility = requireFacility(state, command.facilityId);
  if (!facility.ok) return fail(facility.rejection);
  const currency = facility.value.currency;
  switch (command.type) {
    case "RecordFacilityTerms":
      return termsDraft(ledger, currency, command, fingerprint);
    case "RecordCreditAssessment": {
      const { type: _type, ...fields } = command;
      return ok(
        draft("CreditAssessmentRecorded", {
          ...fields,
          scenarios: fields.scenarios.map((s) => ({
            ...s,
            lifetimePd: { kind: s.lifetimePd.kind, byYear: [...s.lifetimePd.byYear] },
          })),
          fingerprint,
        }),
      );
    }
    case "RecordWriteOff": {
      const amount = amountIn(ledger, currency, command.amount);
      if (!amount.ok) return fail(amount.rejection);
      return ok(
        draft("WriteOffRecorded", {
          recordId: command.recordId,
          facilityId: command.facilityId,
          validFrom: command.validFrom,
          writtenOffOn: command.writtenOffOn,
          currency,
          amount: amount.value.toString(),
          fingerprint,
        }),
      );
    }
  }
}

function requireFacility(state: LedgerState, facilityId: string): Checked<FacilityTerms> {
  const facility = state.risk.facilities.get(facilityId);
  if (facility !== undefined) return ok(facility);
  return fail(
    rejection("facility_not_found", `facility ${facilityId} is not recorded`, { facilityId }),
  );
}

function termsDraft(
  ledger: LedgerInfo,
  currency: string,
  command: RecordFacilityTerms,
  fingerprint: string,
): Checked<EventDraft> {
  let repayment: EventDataOf<"FacilityTermsRecorded">["repayment"];
  if (command.repayment.kind === "amortising") {
    const schedule: { date: string; principal: string }[] = [];
    for (const item of command.repayment.schedule) {
      const principal = amountIn(ledger, currency, item.principal);
      if (!principal.ok) return fail(principal.rejection);
      schedule.push({ date: item.date, principal: principal.value.toString() });
    }
    repayment = { kind: "amortising", schedule };
  } else {
    repayment = { ...command.repayment };
  }
  return ok(
    draft("FacilityTermsRecorded", {
      recordId: command.recordId,
      facilityId: command.facilityId,
      validFrom: command.validFrom,
      currency,
      originationDate: command.originationDate,
      maturityDate: command.maturityDate,
      eir: command.eir,
      repayment,
      lifetimePdAtOrigination: command.lifetimePdAtOrigination,
      poci: command.poci,
      creditAdjustedEir: command.creditAdjustedEir,
      derecognisedOn: command.derecognisedOn,
      fingerprint,
    }),
  );
}

function parametersDraft(
  state: LedgerState,
  command: RecordIfrs9Parameters,
  fingerprint: string,
): Checked<EventDraft> {
  for (const accountId of [command.impairmentExpenseAccountId, command.lossAllowanceAccountId]) {
    if (!state.accounts.has(accountId)) {
      return fail(
        rejection("account_not_found", `account ${accountId} does not exist`, { accountId }),
      );
    }
  }
  const { type: _type, ...fields } = command;
  return ok(
    draft("Ifrs9ParametersRecorded", {
      ...fields,
      sicr: { ...fields.sicr },
      dpd: { ...fields.dpd },
      probation: { ...fields.probation },
      fingerprint,
    }),
  );
}
