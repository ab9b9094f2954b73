// The ledger's state as the decider sees it: the ledger, its accounts with their four
// counters, every entry id it has decided, the closed period and the head of the hash chain.
// Amounts are bigint minor units; times are epoch milliseconds.
import type { AccountAttributes, AccountType, Metadata, Side } from "../schemas/index.js";
import { genesisChainHead, type ChainHead } from "./hashChain.js";
import type { RejectionCode } from "./rejections.js";
import {
  emptyRiskIds,
  forkRiskState,
  initialRiskState,
  type RiskIds,
  type RiskState,
} from "./riskState.js";

export interface LedgerInfo {
  readonly ledgerId: string;
  readonly name: string;
  readonly reportingCurrency: string;
  /** Asset code to scale (decimal places). */
  readonly assets: ReadonlyMap<string, number>;
  readonly fingerprint: string;
  readonly sequence: number;
}

export interface AccountFlagsState {
  readonly debitsMustNotExceedCredits: boolean;
  readonly creditsMustNotExceedDebits: boolean;
}

export interface AccountState {
  readonly accountId: string;
  readonly currency: string;
  readonly accountType: AccountType;
  readonly flags: AccountFlagsState;
  readonly fingerprint: string;
  readonly openedSequence: number;
  attributes: AccountAttributes;
  metadata: Metadata;
  status: "open" | "closed";
  /** 1 when opened, +1 per AccountUpdated: the expectedVersion of the next update. */
  version: number;
  /** Sequence of the event behind the account's current attributes and status. */
  lastChangeSequence: number;
  postedDebits: bigint;
  postedCredits: bigint;
  pendingDebits: bigint;
  pendingCredits: bigint;
}

export interface Posting {
  readonly accountId: string;
  readonly side: Side;
  readonly amount: bigint;
  readonly currency: string;
}

export interface HoldState {
  readonly expiresAtMs: number;
  status: "open" | "posted" | "voided" | "expired";
  /** Fingerprint of the PostPending that posted it, for idempotent retries. */
  resolutionFingerprint: string | null;
  resolutionSequence: number | null;
  /** What was posted when the hold was posted (absent legs posted nothing). */
  postedPostings: readonly Posting[];
}

/** One decided entry id: posted, pending (a hold), or rejected (its id is spent). */
export interface EntryRecord {
  readonly entryId: string;
  readonly kind: "posted" | "pending" | "rejected";
  readonly fingerprint: string;
  readonly sequence: number;
  readonly effectiveAtMs: number;
  readonly postings: readonly Posting[];
  readonly reversalOf: string | null;
  reversedBy: string | null;
  readonly hold: HoldState | null;
  readonly rejection: { readonly code: RejectionCode; readonly message: string } | null;
}

export interface LedgerState {
  ledger: LedgerInfo | null;
  readonly accounts: Map<string, AccountState>;
  readonly entries: Map<string, EntryRecord>;
  /** Ids of holds still open: what the sweeper looks at, instead of every entry. */
  readonly openHolds: Set<string>;
  closedThroughMs: number | null;
  closedThroughSequence: number | null;
  chain: ChainHead;
  /** Risk inputs as the rules need them (riskState.ts). */
  readonly risk: RiskState;
}

export function initialState(): LedgerState {
  return {
    ledger: null,
    accounts: new Map(),
    entries: new Map(),
    openHolds: new Set(),
    closedThroughMs: null,
    closedThroughSequence: null,
    chain: genesisChainHead,
    risk: initialRiskState(),
  };
}

/** Copies an account so that a fork can change it without touching the original. */
export function copyAccount(account: AccountState): AccountState {
  return { ...account, attributes: { ...account.attributes }, metadata: { ...account.metadata } };
}

/** Copies an entry record (and its hold) for a fork. */
export function copyEntry(entry: EntryRecord): EntryRecord {
  return { ...entry, hold: entry.hold === null ? null : { ...entry.hold } };
}

/**
 * A fork holding only the accounts and entries named: deciding and evolving on it leaves
 * `state` untouched. Deciders read only records their commands name, so a fork that holds
 * those records decides exactly as the full state would. Its `openHolds` starts empty (decide
 * never reads it; the fork is discarded once its events are durable).
 */
export function forkState(
  state: LedgerState,
  accountIds: Iterable<string>,
  entryIds: Iterable<string>,
  riskIds: RiskIds = emptyRiskIds(),
): LedgerState {
  const accountIdList = [...accountIds];
  const accounts = new Map<string, AccountState>();
  for (const accountId of accountIdList) {
    const account = state.accounts.get(accountId);
    if (account !== undefined) accounts.set(accountId, copyAccount(account));
  }
  const entries = new Map<string, EntryRecord>();
  for (const entryId of entryIds) {
    const entry = state.entries.get(entryId);
    if (entry !== undefined) entries.set(entryId, copyEntry(entry));
  }
  const risk = forkRiskState(state.risk, riskIds, accountIdList);
  return { ...state, accounts, entries, openHolds: new Set(), risk };
}
