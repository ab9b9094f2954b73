// evolve(state, event): applies one journal event to the ledger's state. It is the only code
// that changes state, and it trusts events (they were decided already) but asserts the
// invariants a corrupt stream would break: sequence gaps, hash links, unknown records.
// For speed it updates `state` in place and returns it; fork first to keep the original.
import type { EventDataOf, JournalEvent } from "../schemas/index.js";
import { assert } from "./assert.js";
import {
  entryPendedRecord,
  entryPostedRecord,
  entryRejectedRecord,
  openHold,
  resolveHold,
  toPostings,
} from "./entryRecords.js";
import { setFacilityTerms, type RiskRecordKind } from "./riskState.js";
import type { AccountState, EntryRecord, LedgerState, Posting } from "./state.js";

export function evolve(state: LedgerState, event: JournalEvent): LedgerState {
  const { sequence, prevHash, hash } = event.metadata;
  assert(
    sequence === state.chain.nextSequence,
    `event sequence ${sequence} does not follow ${state.chain.nextSequence - 1}`,
  );
  assert(prevHash === state.chain.lastHash, `event ${sequence} does not link to the chain head`);
  applyEvent(state, event);
  state.chain = { nextSequence: sequence + 1, lastHash: hash };
  return state;
}

function applyEvent(state: LedgerState, event: JournalEvent): void {
  const sequence = event.metadata.sequence;
  switch (event.type) {
    case "LedgerCreated":
      assert(state.ledger === null, "a ledger is created once");
      state.ledger = {
        ledgerId: event.data.ledgerId,
        name: event.data.name,
        reportingCurrency: event.data.reportingCurrency,
        assets: new Map(event.data.assets.map((asset) => [asset.code, asset.scale])),
        fingerprint: event.data.fingerprint,
        sequence,
      };
      return;
    case "AccountOpened":
      openAccount(state, event.data, sequence);
      return;
    case "AccountUpdated": {
      const account = accountOf(state, event.data.accountId);
      assert(event.data.version === account.version + 1, "account versions step by one");
      account.attributes = event.data.attributes;
      account.metadata = event.data.metadata;
      account.version = event.data.version;
      account.lastChangeSequence = sequence;
      return;
    }
    case "AccountClosed": {
      const account = accountOf(state, event.data.accountId);
      account.status = "closed";
      account.lastChangeSequence = sequence;
      return;
    }
    case "EntryPosted": {
      // The record's postings are the event's, parsed once (minor-unit strings to bigint).
      const entry = entryPostedRecord(event.data, sequence);
      recordEntry(state, entry);
      for (const posting of entry.postings) applyPosted(state, posting, 1n);
      if (event.data.reversalOf !== null) {
        // The original may have left the writer's bounded cache: the store's entry lookup
        // then finds this event with it (entryRecordsOf sets the same link).
        const original = state.entries.get(event.data.reversalOf);
        if (original !== undefined) original.reversedBy = event.data.entryId;
      }
      return;
    }
    case "EntryPended": {
      const entry = entryPendedRecord(event.data, sequence);
      recordEntry(state, entry);
      state.openHolds.add(event.data.entryId);
      for (const posting of entry.postings) applyPending(state, posting, 1n);
      return;
    }
    case "PendingPosted":
      postHold(state, event.data, sequence);
      return;
    case "PendingVoided":
      releaseHold(state, event.data.pendingId, "voided", sequence);
      return;
    case "PendingExpired":
      releaseHold(state, event.data.pendingId, "expired", sequence);
      return;
    case "EntryRejected":
      recordEntry(state, entryRejectedRecord(event));
      return;
    case "PeriodClosed":
      state.closedThroughMs = Date.parse(event.data.upTo);
      state.closedThroughSequence = sequence;
      return;
    case "CounterpartyRecorded":
      recordRisk(state, event.data, "counterparty", sequence);
      state.risk.counterparties.add(event.data.counterpartyId);
      return;
    case "FacilityRecorded":
      recordRisk(state, event.data, "facility", sequence);
      setFacilityTerms(state.risk, {
        facilityId: event.data.facilityId,
        counterpartyId: event.data.counterpartyId,
        currency: event.data.currency,
        accountIds: [...event.data.drawnAccounts, ...event.data.interestAccounts],
      });
      return;
    case "FxRatesPublished":
      recordRisk(state, event.data, "fx_rates", sequence);
      return;
    case "CapitalBaseRecorded":
      recordRisk(state, event.data, "capital_base", sequence);
      return;
    case "FacilityTermsRecorded":
      recordRisk(state, event.data, "facility_terms", sequence);
      return;
    case "CreditAssessmentRecorded":
      recordRisk(state, event.data, "credit_assessment", sequence);
      return;
    case "WriteOffRecorded":
      recordRisk(state, event.data, "write_off", sequence);
      return;
    case "Ifrs9ParametersRecorded":
      recordRisk(state, event.data, "ifrs9_parameters", sequence);
      return;
    case "ProvisioningRunRecorded":
      recordRisk(
        state,
        { recordId: event.data.runId, fingerprint: event.data.fingerprint },
        "provisioning_run",
        sequence,
      );
      return;
    default: {
      const unknown: never = event;
      throw new RangeError(`evolve: no rule for ${JSON.stringify(unknown)}`);
    }
  }
}

/** Spends a risk record id: each is decided once. */
function recordRisk(
  state: LedgerState,
  data: { readonly recordId: string; readonly fingerprint: string },
  kind: RiskRecordKind,
  sequence: number,
): void {
  assert(!state.risk.records.has(data.recordId), `risk record ${data.recordId} is decided once`);
  state.risk.records.set(data.recordId, {
    recordId: data.recordId,
    kind,
    fingerprint: data.fingerprint,
    sequence,
  });
}

function openAccount(
  state: LedgerState,
  data: EventDataOf<"AccountOpened">,
  sequence: number,
): void {
  assert(!state.accounts.has(data.accountId), `account ${data.accountId} is opened once`);
  state.accounts.set(data.accountId, {
    accountId: data.accountId,
    currency: data.currency,
    accountType: data.accountType,
    flags: data.flags,
    fingerprint: data.fingerprint,
    openedSequence: sequence,
    attributes: data.attributes,
    metadata: data.metadata,
    status: "open",
    version: 1,
    lastChangeSequence: sequence,
    postedDebits: 0n,
    postedCredits: 0n,
    pendingDebits: 0n,
    pendingCredits: 0n,
  });
}

function postHold(state: LedgerState, data: EventDataOf<"PendingPosted">, sequence: number): void {
  const entry = openHold(state.entries.get(data.pendingId), data.pendingId);
  for (const posting of entry.postings) applyPending(state, posting, -1n);
  const postings = toPostings(data.postings);
  for (const posting of postings) applyPosted(state, posting, 1n);
  resolveHold(entry, "posted", sequence, { fingerprint: data.fingerprint, postings });
  state.openHolds.delete(data.pendingId);
}

function releaseHold(
  state: LedgerState,
  pendingId: string,
  status: "voided" | "expired",
  sequence: number,
): void {
  const entry = openHold(state.entries.get(pendingId), pendingId);
  for (const posting of entry.postings) applyPending(state, posting, -1n);
  resolveHold(entry, status, sequence);
  state.openHolds.delete(pendingId);
}

function recordEntry(state: LedgerState, entry: EntryRecord): void {
  assert(!state.entries.has(entry.entryId), `entry id ${entry.entryId} is decided once`);
  state.entries.set(entry.entryId, entry);
}

function applyPosted(state: LedgerState, posting: Posting, sign: 1n | -1n): void {
  const account = accountOf(state, posting.accountId);
  const amount = sign === 1n ? posting.amount : -posting.amount;
  if (posting.side === "debit") account.postedDebits += amount;
  else account.postedCredits += amount;
  assertCountersNonNegative(account);
}

function applyPending(state: LedgerState, posting: Posting, sign: 1n | -1n): void {
  const account = accountOf(state, posting.accountId);
  const amount = sign === 1n ? posting.amount : -posting.amount;
  if (posting.side === "debit") account.pendingDebits += amount;
  else account.pendingCredits += amount;
  assertCountersNonNegative(account);
}

function assertCountersNonNegative(account: AccountState): void {
  assert(account.postedDebits >= 0n, `${account.accountId}: posted debits below zero`);
  assert(account.postedCredits >= 0n, `${account.accountId}: posted credits below zero`);
  assert(account.pendingDebits >= 0n, `${account.accountId}: pending debits below zero`);
  assert(account.pendingCredits >= 0n, `${account.accountId}: pending credits below zero`);
}

function accountOf(state: LedgerState, accountId: string): AccountState {
  const account = state.accounts.get(accountId);
  assert(account !== undefined, `event names unknown account ${accountId}`);
  return account;
}
