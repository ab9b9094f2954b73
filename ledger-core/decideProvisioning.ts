// Deciding an IFRS 9 provisioning run (docs/ifrs9.md, "Provisioning runs"): the run's
// figures, computed by the API from the read models, are recorded as ProvisioningRunRecorded,
// and the loss allowance account is brought to the run's allowance by one journal entry
// (impairment expense against loss allowance) for the difference to the account's balance at
// decision time: a release when the allowance fell. Both events, or neither. The entry obeys
// every rule of a PostEntry (accounts open, currencies, the closed period) and is effective at
// the end of the reporting date. Idempotent by runId; a refused run writes nothing.
import type { PostEntry, RecordProvisioningRun } from "../schemas/index.js";
import { formatAmount } from "../schemas/index.js";
import { decidePostOrPend } from "./decideEntries.js";
import {
  accepted,
  draft,
  refused,
  type Decision,
  type DecisionContext,
  type EventDraft,
} from "./decision.js";
import { decidedRecord } from "./decideRisk.js";
import { fingerprintOf } from "./fingerprint.js";
import type { ChainHead } from "./hashChain.js";
import { rejection } from "./rejections.js";
import {
  amountIn,
  checkPeriodOpen,
  fail,
  ok,
  requireLedger,
  requireOpenAccount,
  type Checked,
} from "./rules.js";
import type { LedgerInfo, LedgerState } from "./state.js";

/** The entry id of a run's journal entry. */
export function provisioningEntryId(runId: string): string {
  return `ifrs9-run:${runId}`;
}

/** The last millisecond of a calendar date (UTC): when a run's entry is effective. */
export function endOfReportingDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000 - 1).toISOString();
}

export function decideProvisioningRun(
  state: LedgerState,
  command: RecordProvisioningRun,
  context: DecisionContext,
): Decision {
  const ledger = requireLedger(state);
  if (!ledger.ok) return refused(ledger.rejection);
  const fingerprint = fingerprintOf(command);
  const decided = decidedRecord(state, command.runId, "provisioning_run", fingerprint);
  if (decided !== null) return decided;
  const figures = runFigures(ledger.value, command);
  if (!figures.ok) return refused(figures.rejection);
  const checked = checkRun(state, command);
  if (!checked.ok) return refused(checked.rejection);
  const account = state.accounts.get(command.lossAllowanceAccountId);
  const previous = account === undefined ? 0n : account.postedCredits - account.postedDebits;
  const difference = figures.value.allowance - previous;
  let head: ChainHead = state.chain;
  let entryEvents: Decision["events"] = [];
  let entryId: string | null = null;
  if (difference !== 0n) {
    entryId = provisioningEntryId(command.runId);
    const entry = decidePostOrPend(
      state,
      entryOf(ledger.value, command, entryId, difference),
      context,
    );
    if (entry.status !== "accepted") {
      return refused(
        entry.status === "rejected"
          ? entry.rejection
          : rejection("id_conflict", `entry id ${entryId} was used before`, { entryId }),
      );
    }
    entryEvents = entry.events;
    const last = entry.events[entry.events.length - 1];
    if (last !== undefined) {
      head = { nextSequence: last.metadata.sequence + 1, lastHash: last.metadata.hash };
    }
  }
  const run: EventDraft = draft("ProvisioningRunRecorded", {
    runId: command.runId,
    reportingDate: command.reportingDate,
    parameterSetId: command.parameterSetId,
    inputsSequence: command.inputsSequence,
    inputsDigest: command.inputsDigest,
    impairmentExpenseAccountId: command.impairmentExpenseAccountId,
    lossAllowanceAccountId: command.lossAllowanceAccountId,
    currency: command.currency,
    allowance: String(figures.value.allowance),
    previousAllowance: String(previous),
    difference: String(difference),
    entryId,
    byStage: figures.value.byStage,
    notMeasured: command.notMeasured,
    fingerprint,
  });
  return { status: "accepted", events: [...entryEvents, ...accepted(head, [run], context).events] };
}

interface RunFigures {
  readonly allowance: bigint;
  readonly byStage: {
    stage: "1" | "2" | "3" | "POCI";
    facilities: number;
    grossCarryingAmount: string;
    allowance: string;
  }[];
}

/** The run's amounts in minor units of its currency, exact at the currency's scale. */
function runFigures(ledger: LedgerInfo, command: RecordProvisioningRun): Checked<RunFigures> {
  if (!ledger.assets.has(command.currency)) {
    return fail(
      rejection("unknown_currency", `currency ${command.currency} is not an asset of the ledger`, {
        currency: command.currency,
      }),
    );
  }
  const allowance = amountIn(ledger, command.currency, command.allowance);
  if (!allowance.ok) return allowance;
  const byStage: RunFigures["byStage"] = [];
  for (const row of command.byStage) {
    const gross = amountIn(ledger, command.currency, row.grossCarryingAmount);
    if (!gross.ok) return gross;
    const stageAllowance = amountIn(ledger, command.currency, row.allowance);
    if (!stageAllowance.ok) return stageAllowance;
    byStage.push({
      stage: row.stage,
      facilities: row.facilities,
      grossCarryingAmount: String(gross.value),
      allowance: String(stageAllowance.value),
    });
  }
  return ok({ allowance: allowance.value, byStage });
}

/** Both accounts open in the run's currency, and the reporting date in an open period. */
function checkRun(state: LedgerState, command: RecordProvisioningRun): Checked<true> {
  for (const accountId of [command.impairmentExpenseAccountId, command.lossAllowanceAccountId]) {
    const account = requireOpenAccount(state, accountId, command.currency);
    if (!account.ok) return fail(account.rejection);
  }
  return checkPeriodOpen(state, Date.parse(endOfReportingDate(command.reportingDate)));
}

/** The journal entry for `difference`: a charge (expense up) or a release. */
function entryOf(
  ledger: LedgerInfo,
  command: RecordProvisioningRun,
  entryId: string,
  difference: bigint,
): PostEntry {
  const charge = difference > 0n;
  const amount = formatAmount(
    charge ? difference : -difference,
    ledger.assets.get(command.currency) ?? 0,
  );
  return {
    type: "PostEntry",
    entryId,
    effectiveAt: endOfReportingDate(command.reportingDate),
    description: `IFRS 9 loss allowance ${command.reportingDate} (${command.parameterSetId}), run ${command.runId}`,
    metadata: { ifrs9RunId: command.runId },
    postings: [
      { accountId: command.impairmentExpenseAccountId, side: charge ? "debit" : "credit", amount },
      { accountId: command.lossAllowanceAccountId, side: charge ? "credit" : "debit", amount },
    ],
  };
}
