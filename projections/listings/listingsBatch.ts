// The in-memory half of the listings read model: a batch of events turned into the rows it
// adds and the changes it makes (listingsWrites.ts writes them). Pure: the only thing it needs
// from the database is the postings of holds pended in an earlier batch and resolved in this
// one, which the caller loads first (heldPostingsNeeded) and hands in.
import { assert, normalSideOf } from "../../ledger-core/index.js";
import type { AccountAttributes, JournalEvent, RecordedPosting } from "../../schemas/index.js";
import { ledgerKey } from "../projection.js";
import { ATTRIBUTE_COLUMNS } from "./listingsTables.js";

export interface LedgerRow {
  readonly ledgerId: string;
  readonly name: string;
  readonly reportingCurrency: string;
  readonly assets: string;
  readonly createdAt: string;
}

export interface LedgerHead {
  lastSequence: number;
  lastHash: string;
  lastRecordedAt: string;
}

/** An account's static fields: all of them for an account opened in the batch. */
export interface AccountRow {
  readonly ledgerId: string;
  readonly accountId: string;
  currency: string;
  accountType: string;
  debitNormal: boolean;
  status: "open" | "closed";
  attributes: AccountAttributes;
  flags: string;
  metadata: string;
  version: number;
  openedSequence: number;
}

/** A change to an account opened before the batch: what the batch's last event left. */
export interface AccountChange {
  readonly ledgerId: string;
  readonly accountId: string;
  attributes?: AccountAttributes;
  metadata?: string;
  version?: number;
  closed?: boolean;
}

export interface CounterDelta {
  readonly ledgerId: string;
  readonly accountId: string;
  postedDebits: bigint;
  postedCredits: bigint;
  pendingDebits: bigint;
  pendingCredits: bigint;
}

export interface EntryRow {
  readonly ledgerId: string;
  readonly sequence: number;
  readonly entryId: string;
  readonly kind: "posted" | "pending" | "reversal" | "rejected";
  readonly effectiveMs: number;
  readonly recordedMs: number;
  readonly actor: string;
  readonly description: string;
  readonly metadata: string;
  readonly reversalOf: string | null;
  readonly expiresMs: number | null;
  readonly rejection: string | null;
}

export interface PostingRow extends RecordedPosting {
  readonly ledgerId: string;
  readonly sequence: number;
  readonly line: number;
}

export type HoldStatus = "open" | "posted" | "voided" | "expired";

export interface HoldRow {
  readonly ledgerId: string;
  readonly pendingId: string;
  readonly sequence: number;
  status: HoldStatus;
  readonly effectiveMs: number;
  readonly expiresMs: number;
  resolvedSequence: number | null;
  readonly postings: readonly RecordedPosting[];
}

export interface HoldResolution {
  readonly ledgerId: string;
  readonly pendingId: string;
  readonly status: Exclude<HoldStatus, "open">;
  readonly resolvedSequence: number;
}

/** The hold ids resolved in `events` that were not pended in them: load their postings. */
export function heldPostingsNeeded(
  events: readonly { readonly ledgerId: string; readonly event: JournalEvent }[],
): { ledgerId: string; pendingId: string }[] {
  const pended = new Set<string>();
  const needed = new Map<string, { ledgerId: string; pendingId: string }>();
  for (const { ledgerId, event } of events) {
    if (event.type === "EntryPended") pended.add(ledgerKey(ledgerId, event.data.entryId));
    if (
      event.type === "PendingPosted" ||
      event.type === "PendingVoided" ||
      event.type === "PendingExpired"
    ) {
      const key = ledgerKey(ledgerId, event.data.pendingId);
      if (!pended.has(key)) needed.set(key, { ledgerId, pendingId: event.data.pendingId });
    }
  }
  return [...needed.values()];
}

/** The non-empty attribute columns of `attributes` (unknown keys cannot occur: strict schema). */
export function attributeValues(attributes: AccountAttributes): (string | null)[] {
  return ATTRIBUTE_COLUMNS.map((column) => attributes[column] ?? null);
}

export class ListingsBatch {
  readonly ledgers: LedgerRow[] = [];
  readonly heads = new Map<string, LedgerHead>();
  readonly openedAccounts = new Map<string, AccountRow>();
  readonly accountChanges = new Map<string, AccountChange>();
  readonly deltas = new Map<string, CounterDelta>();
  readonly entries: EntryRow[] = [];
  readonly postings: PostingRow[] = [];
  readonly newHolds = new Map<string, HoldRow>();
  readonly resolutions = new Map<string, HoldResolution>();

  /** `heldPostings`: by ledgerKey, the postings of holds pended before this batch. */
  constructor(private readonly heldPostings: ReadonlyMap<string, readonly RecordedPosting[]>) {}

  apply(ledgerId: string, event: JournalEvent): void {
    const { sequence, hash, recordedAt } = event.metadata;
    const head = this.heads.get(ledgerId);
    assert(head === undefined || sequence > head.lastSequence, "events in ledger order");
    this.heads.set(ledgerId, {
      lastSequence: sequence,
      lastHash: hash,
      lastRecordedAt: recordedAt,
    });
    switch (event.type) {
      case "LedgerCreated":
        this.ledgers.push({
          ledgerId,
          name: event.data.name,
          reportingCurrency: event.data.reportingCurrency,
          assets: JSON.stringify(event.data.assets),
          createdAt: recordedAt,
        });
        return;
      case "AccountOpened":
        this.openedAccounts.set(ledgerKey(ledgerId, event.data.accountId), {
          ledgerId,
          accountId: event.data.accountId,
          currency: event.data.currency,
          accountType: event.data.accountType,
          debitNormal: normalSideOf(event.data.accountType) === "debit",
          status: "open",
          attributes: event.data.attributes,
          flags: JSON.stringify(event.data.flags),
          metadata: JSON.stringify(event.data.metadata),
          version: 1,
          openedSequence: sequence,
        });
        return;
      case "AccountUpdated":
        this.changeAccount(ledgerId, event.data.accountId, (row) => {
          row.attributes = event.data.attributes;
          row.metadata = JSON.stringify(event.data.metadata);
          row.version = event.data.version;
        });
        return;
      case "AccountClosed":
        this.changeAccount(ledgerId, event.data.accountId, (row) => {
          if ("status" in row) row.status = "closed";
          else row.closed = true;
        });
        return;
      default:
        this.applyEntryEvent(ledgerId, event);
    }
  }

  private changeAccount(
    ledgerId: string,
    accountId: string,
    change: (row: AccountRow | AccountChange) => void,
  ): void {
    const key = ledgerKey(ledgerId, accountId);
    const opened = this.openedAccounts.get(key);
    if (opened !== undefined) {
      change(opened);
      return;
    }
    const existing = this.accountChanges.get(key) ?? { ledgerId, accountId };
    change(existing);
    this.accountChanges.set(key, existing);
  }

  private applyEntryEvent(ledgerId: string, event: JournalEvent): void {
    const { sequence, recordedAt, actor } = event.metadata;
    const recordedMs = Date.parse(recordedAt);
    switch (event.type) {
      case "EntryPosted":
      case "EntryPended": {
        const pended = event.type === "EntryPended";
        const kind = pended ? "pending" : event.data.reversalOf === null ? "posted" : "reversal";
        this.entries.push({
          ledgerId,
          sequence,
          entryId: event.data.entryId,
          kind,
          effectiveMs: Date.parse(event.data.effectiveAt),
          recordedMs,
          actor,
          description: event.data.description,
          metadata: JSON.stringify(event.data.metadata),
          reversalOf: pended ? null : event.data.reversalOf,
          expiresMs: pended ? Date.parse(event.data.expiresAt) : null,
          rejection: null,
        });
        event.data.postings.forEach((posting, index) => {
          this.postings.push({ ...posting, ledgerId, sequence, line: index + 1 });
        });
        this.addCounters(ledgerId, event.data.postings, pended ? "pending" : "posted", 1n);
        if (pended) {
          this.newHolds.set(ledgerKey(ledgerId, event.data.entryId), {
            ledgerId,
            pendingId: event.data.entryId,
            sequence,
            status: "open",
            effectiveMs: Date.parse(event.data.effectiveAt),
            expiresMs: Date.parse(event.data.expiresAt),
            resolvedSequence: null,
            postings: event.data.postings,
          });
        }
        return;
      }
      case "EntryRejected":
        this.entries.push({
          ledgerId,
          sequence,
          entryId: event.data.entryId,
          kind: "rejected",
          effectiveMs: recordedMs,
          recordedMs,
          actor,
          description: "",
          metadata: "{}",
          reversalOf: null,
          expiresMs: null,
          rejection: JSON.stringify({ code: event.data.code, message: event.data.message }),
        });
        return;
      case "PendingPosted":
        this.resolveHold(ledgerId, event.data.pendingId, "posted", sequence);
        this.addCounters(ledgerId, event.data.postings, "posted", 1n);
        return;
      case "PendingVoided":
        this.resolveHold(ledgerId, event.data.pendingId, "voided", sequence);
        return;
      case "PendingExpired":
        this.resolveHold(ledgerId, event.data.pendingId, "expired", sequence);
        return;
      default:
      // Risk and IFRS 9 inputs, periods: nothing these listings show (the head moved above).
    }
  }

  /** A hold leaves "open": its pending amounts are taken out again. */
  private resolveHold(
    ledgerId: string,
    pendingId: string,
    status: HoldResolution["status"],
    sequence: number,
  ): void {
    const key = ledgerKey(ledgerId, pendingId);
    const fresh = this.newHolds.get(key);
    const postings = fresh?.postings ?? this.heldPostings.get(key);
    assert(postings !== undefined, `hold ${pendingId} of ${ledgerId} is known`);
    this.addCounters(ledgerId, postings, "pending", -1n);
    if (fresh !== undefined) {
      fresh.status = status;
      fresh.resolvedSequence = sequence;
    } else {
      this.resolutions.set(key, { ledgerId, pendingId, status, resolvedSequence: sequence });
    }
  }

  private addCounters(
    ledgerId: string,
    postings: readonly RecordedPosting[],
    bucket: "posted" | "pending",
    sign: 1n | -1n,
  ): void {
    for (const { accountId, side, amount } of postings) {
      const key = ledgerKey(ledgerId, accountId);
      let delta = this.deltas.get(key);
      if (delta === undefined) {
        delta = {
          ledgerId,
          accountId,
          postedDebits: 0n,
          postedCredits: 0n,
          pendingDebits: 0n,
          pendingCredits: 0n,
        };
        this.deltas.set(key, delta);
      }
      const minor = sign * BigInt(amount);
      if (bucket === "posted" && side === "debit") delta.postedDebits += minor;
      else if (bucket === "posted") delta.postedCredits += minor;
      else if (side === "debit") delta.pendingDebits += minor;
      else delta.pendingCredits += minor;
    }
  }
}
