// Deciding the risk inputs (docs/risk.md): counterparties, facilities, FX rate sets and the
// capital base. Each command carries its own `recordId`, the idempotency key: the same record
// again is a duplicate, other content under that id is `id_conflict`. A facility names a
// recorded counterparty (and recorded guarantors) and existing accounts of its own currency
// that no other facility holds; amounts are exact at their currency's scale and are recorded
// in minor units. Rejections write nothing (no record id is spent by a refused input).
import type {
  PublishFxRates,
  RecordCapitalBase,
  RecordCounterparty,
  RecordFacility,
} from "../schemas/index.js";
import {
  accepted,
  draft,
  duplicate,
  refused,
  type Decision,
  type DecisionContext,
  type EventDraft,
} from "./decision.js";
import { fingerprintOf, type FingerprintedCommand } from "./fingerprint.js";
import { rejection } from "./rejections.js";
import type { RiskIds, RiskRecordKind } from "./riskState.js";
import { amountIn, fail, ok, requireLedger, type Checked } from "./rules.js";
import type { LedgerInfo, LedgerState } from "./state.js";

type RiskCommand = RecordCounterparty | RecordFacility | PublishFxRates | RecordCapitalBase;

const kindOf: Record<RiskCommand["type"], RiskRecordKind> = {
  RecordCounterparty: "counterparty",
  RecordFacility: "facility",
  PublishFxRates: "fx_rates",
  RecordCapitalBase: "capital_base",
};

/** The ids a risk command may read, for a fork (decide.ts referencedIds). */
export function riskReferences(
  command: RiskCommand,
  into: { accountIds: Set<string>; risk: RiskIds },
): void {
  into.risk.recordIds.add(command.recordId);
  if (command.type !== "RecordFacility") return;
  into.risk.facilityIds.add(command.facilityId);
  into.risk.counterpartyIds.add(command.counterpartyId);
  for (const guarantee of command.guarantees) into.risk.counterpartyIds.add(guarantee.guarantorId);
  for (const accountId of [...command.drawnAccounts, ...command.interestAccounts]) {
    into.accountIds.add(accountId);
  }
}

export function decideRisk(
  state: LedgerState,
  command: RiskCommand,
  context: DecisionContext,
): Decision {
  return decideRecordCommand(state, command, context, kindOf[command.type], recordedDraft);
}

/**
 * How every risk input (IFRS 9 inputs too) is decided: the ledger must exist, then the record
 * id's idempotency (decidedRecord), then the command's own rules and event (`draftOf`).
 */
export function decideRecordCommand<C extends FingerprintedCommand & { readonly recordId: string }>(
  state: LedgerState,
  command: C,
  context: DecisionContext,
  kind: RiskRecordKind,
  draftOf: (
    state: LedgerState,
    ledger: LedgerInfo,
    command: C,
    fingerprint: string,
  ) => Checked<EventDraft>,
): Decision {
  const ledger = requireLedger(state);
  if (!ledger.ok) return refused(ledger.rejection);
  const fingerprint = fingerprintOf(command);
  const decided = decidedRecord(state, command.recordId, kind, fingerprint);
  if (decided !== null) return decided;
  const recorded = draftOf(state, ledger.value, command, fingerprint);
  if (!recorded.ok) return refused(recorded.rejection);
  return accepted(state.chain, [recorded.value], context);
}

/**
 * The idempotency step of every risk input (IFRS 9 inputs too): a record id decided before is
 * a duplicate with the same kind and content, `id_conflict` otherwise; null if it is new.
 */
export function decidedRecord(
  state: LedgerState,
  recordId: string,
  kind: RiskRecordKind,
  fingerprint: string,
): Decision | null {
  const prior = state.risk.records.get(recordId);
  if (prior === undefined) return null;
  if (prior.fingerprint === fingerprint && prior.kind === kind) return duplicate(prior.sequence);
  return refused(
    rejection("id_conflict", `record id ${recordId} was used with other content`, {
      recordId,
      sequence: prior.sequence,
    }),
  );
}

function recordedDraft(
  state: LedgerState,
  ledger: LedgerInfo,
  command: RiskCommand,
  fingerprint: string,
): Checked<EventDraft> {
  switch (command.type) {
    case "RecordCounterparty": {
      const { type: _type, ...fields } = command;
      return ok(
        draft("CounterpartyRecorded", { ...fields, flags: { ...fields.flags }, fingerprint }),
      );
    }
    case "RecordFacility":
      return facilityDraft(state, ledger, command, fingerprint);
    case "PublishFxRates": {
      for (const rate of command.rates) {
        for (const currency of [rate.from, rate.to]) {
          const known = requireAsset(ledger, currency);
          if (!known.ok) return known;
        }
      }
      const { type: _type, ...fields } = command;
      return ok(
        draft("FxRatesPublished", {
          ...fields,
          rates: fields.rates.map((r) => ({ ...r })),
          fingerprint,
        }),
      );
    }
    case "RecordCapitalBase": {
      const tier1 = amountIn(ledger, ledger.reportingCurrency, command.tier1Capital);
      if (!tier1.ok) return tier1;
      return ok(
        draft("CapitalBaseRecorded", {
          recordId: command.recordId,
          validFrom: command.validFrom,
          currency: ledger.reportingCurrency,
          tier1Capital: tier1.value.toString(),
          reportingEntityIsGsii: command.reportingEntityIsGsii,
          fingerprint,
        }),
      );
    }
  }
}

function requireAsset(ledger: LedgerInfo, currency: string): Checked<string> {
  if (ledger.assets.has(currency)) return ok(currency);
  return fail(
    rejection("unknown_currency", `${currency} is not an asset of this ledger`, { currency }),
  );
}

function requireCounterparty(state: LedgerState, counterpartyId: string): Checked<string> {
  if (state.risk.counterparties.has(counterpartyId)) return ok(counterpartyId);
  return fail(
    rejection("counterparty_not_found", `counterparty ${counterpartyId} is not recorded`, {
      counterpartyId,
    }),
  );
}

/** An account a facility may name: it exists, holds the facility's currency, no other facility holds it. */
function requireFacilityAccount(
  state: LedgerState,
  command: RecordFacility,
  accountId: string,
): Checked<string> {
  const account = state.accounts.get(accountId);
  if (account === undefined) {
    return fail(
      rejection("account_not_found", `account ${accountId} does not exist`, { accountId }),
    );
  }
  if (account.currency !== command.currency) {
    return fail(
      rejection(
        "currency_mismatch",
        `account ${accountId} holds ${account.currency}, the facility is in ${command.currency}`,
        { accountId, accountCurrency: account.currency, currency: command.currency },
      ),
    );
  }
  const holder = state.risk.accountFacilities.get(accountId) ?? account.attributes.facility;
  if (holder !== undefined && holder !== command.facilityId) {
    return fail(
      rejection("account_in_other_facility", `account ${accountId} belongs to facility ${holder}`, {
        accountId,
        facilityId: holder,
      }),
    );
  }
  return ok(accountId);
}

/** An amount list item in minor units, at its currency's scale. */
function minorItem<T extends { readonly currency: string; readonly amount: string }>(
  ledger: LedgerInfo,
  item: T,
): Checked<T> {
  const known = requireAsset(ledger, item.currency);
  if (!known.ok) return fail(known.rejection);
  const amount = amountIn(ledger, item.currency, item.amount);
  if (!amount.ok) return fail(amount.rejection);
  return ok({ ...item, amount: amount.value.toString() });
}

function facilityDraft(
  state: LedgerState,
  ledger: LedgerInfo,
  command: RecordFacility,
  fingerprint: string,
): Checked<EventDraft> {
  const checks: Checked<unknown>[] = [
    requireAsset(ledger, command.currency),
    requireCounterparty(state, command.counterpartyId),
    ...command.guarantees.map((g) => requireCounterparty(state, g.guarantorId)),
  ];
  for (const check of checks) if (!check.ok) return fail(check.rejection);
  for (const accountId of [...command.drawnAccounts, ...command.interestAccounts]) {
    const account = requireFacilityAccount(state, command, accountId);
    if (!account.ok) return fail(account.rejection);
  }
  const limit = amountIn(ledger, command.currency, command.limit);
  if (!limit.ok) return fail(limit.rejection);
  const provisions =
    command.specificProvisions === "0"
      ? ok(0n)
      : amountIn(ledger, command.currency, command.specificProvisions);
  if (!provisions.ok) return fail(provisions.rejection);
  const collateral = command.collateral.map((item) => minorItem(ledger, item));
  const guarantees = command.guarantees.map((item) => minorItem(ledger, item));
  for (const item of [...collateral, ...guarantees]) if (!item.ok) return fail(item.rejection);
  return ok(
    draft("FacilityRecorded", {
      recordId: command.recordId,
      facilityId: command.facilityId,
      validFrom: command.validFrom,
      counterpartyId: command.counterpartyId,
      product: command.product,
      currency: command.currency,
      drawnAccounts: [...command.drawnAccounts],
      interestAccounts: [...command.interestAccounts],
      limit: limit.value.toString(),
      ccf: command.ccf,
      ccfFloorApplies: command.ccfFloorApplies,
      collateral: collateral.flatMap((item) => (item.ok ? [item.value] : [])),
      guarantees: guarantees.flatMap((item) => (item.ok ? [item.value] : [])),
      specificProvisions: provisions.value.toString(),
      fingerprint,
    }),
  );
}
