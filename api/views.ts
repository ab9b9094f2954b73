// What the API shows: ledger, account and entry views built from the writer's state and the
// stored events, with every amount as a decimal string at its asset's scale.
import type {
  AccountState,
  Counters,
  EntryRecord,
  LedgerInfo,
  LedgerState,
  Posting,
} from "../ledger-core/index.js";
import { availableOf, balanceOf, normalSideOf } from "../ledger-core/index.js";
import type { JournalEvent } from "../schemas/index.js";
import { formatAmount } from "../schemas/index.js";

export function ledgerView(state: Readonly<LedgerState>, ledger: LedgerInfo) {
  return {
    id: ledger.ledgerId,
    name: ledger.name,
    reportingCurrency: ledger.reportingCurrency,
    assets: [...ledger.assets].map(([code, scale]) => ({ code, scale })),
    sequence: state.chain.nextSequence - 1,
    hash: state.chain.lastHash,
    closedThrough:
      state.closedThroughMs === null ? null : new Date(state.closedThroughMs).toISOString(),
  };
}

function amountIn(ledger: LedgerInfo, currency: string, minor: bigint): string {
  return formatAmount(minor, ledger.assets.get(currency) ?? 0);
}

/** An account's four counters with balance and available, at its currency's scale. */
export function balancesView(
  ledger: LedgerInfo,
  account: Pick<AccountState, "currency" | "accountType"> & Counters,
) {
  const money = (minor: bigint) => amountIn(ledger, account.currency, minor);
  return {
    postedDebits: money(account.postedDebits),
    postedCredits: money(account.postedCredits),
    pendingDebits: money(account.pendingDebits),
    pendingCredits: money(account.pendingCredits),
    balance: money(balanceOf(account.accountType, account)),
    available: money(availableOf(account.accountType, account)),
  };
}

export function accountView(
  state: Readonly<LedgerState>,
  ledger: LedgerInfo,
  account: AccountState,
) {
  return {
    id: account.accountId,
    currency: account.currency,
    type: account.accountType,
    normalSide: normalSideOf(account.accountType),
    flags: { ...account.flags },
    attributes: { ...account.attributes },
    metadata: { ...account.metadata },
    status: account.status,
    version: account.version,
    balances: balancesView(ledger, account),
    sequence: state.chain.nextSequence - 1,
  };
}

/** Postings as the API shows them: amounts as decimal strings at their asset's scale. */
export function postingsView(ledger: LedgerInfo, postings: readonly Posting[]) {
  return postings.map((posting) => ({
    accountId: posting.accountId,
    side: posting.side,
    amount: amountIn(ledger, posting.currency, posting.amount),
    currency: posting.currency,
  }));
}

/** The event that created an entry id: EntryPosted, EntryPended or EntryRejected. */
export type CreatingEvent = Extract<
  JournalEvent,
  { type: "EntryPosted" | "EntryPended" | "EntryRejected" }
>;

export function isCreatingEvent(event: JournalEvent): event is CreatingEvent {
  return (
    event.type === "EntryPosted" || event.type === "EntryPended" || event.type === "EntryRejected"
  );
}

export function entryView(ledger: LedgerInfo, record: EntryRecord, created: CreatingEvent) {
  const details =
    created.type === "EntryRejected"
      ? { description: "", metadata: {} }
      : { description: created.data.description, metadata: created.data.metadata };
  const hold = record.hold;
  return {
    id: record.entryId,
    kind: record.kind,
    effectiveAt: new Date(record.effectiveAtMs).toISOString(),
    recordedAt: created.metadata.recordedAt,
    actor: created.metadata.actor,
    description: details.description,
    metadata: details.metadata,
    postings: postingsView(ledger, record.postings),
    sequence: record.sequence,
    hash: created.metadata.hash,
    reversalOf: record.reversalOf,
    reversedBy: record.reversedBy,
    hold:
      hold === null
        ? null
        : {
            status: hold.status,
            expiresAt: new Date(hold.expiresAtMs).toISOString(),
            resolvedAtSequence: hold.resolutionSequence,
            posted: postingsView(ledger, hold.postedPostings),
          },
    rejection: record.rejection === null ? null : { ...record.rejection },
  };
}

export type LedgerView = ReturnType<typeof ledgerView>;
export type AccountView = ReturnType<typeof accountView>;
export type EntryView = ReturnType<typeof entryView>;
