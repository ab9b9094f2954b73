// One batch of the audit read model in memory (auditProjection.ts): each event's chain link
// checked against the audited head of its ledger, its effective time (a hold's resolution is
// never before the hold, ledger-core's rule), and its rows as COPY lines. The heads and the
// effective times of open holds are staged here and published to the AuditCache after the
// batch commits, so the next batch can be prepared in memory while this one is written
// (Projection.prepare). Bounded: MAX_CACHED_AUDIT_HEADS ledgers, MAX_CACHED_OPEN_HOLDS holds;
// a batch that needs what the cache does not hold is applied with reads instead.
import {
  checkChainLink,
  effectiveMsOf,
  genesisChainHead,
  resolvesHold,
  type ChainBreak,
  type ChainHead,
} from "../../ledger-core/index.js";
import type { JournalEvent, RecordedPosting } from "../../schemas/index.js";
import { BoundedMap } from "../boundedMap.js";
import { COPY_NULL, copyText } from "../copyRows.js";
import { ledgerKey, type ProjectedEvent } from "../projection.js";

/** Ledgers whose audited head is kept in memory between batches. */
export const MAX_CACHED_AUDIT_HEADS = 10_000;
/** Open holds whose effective time is kept in memory between batches. */
export const MAX_CACHED_OPEN_HOLDS = 200_000;

/** A batch whose events do not chain onto the audited trail: the projection must stop. */
export class AuditChainError extends Error {
  readonly code = "audit_chain_broken";
  constructor(
    readonly ledgerId: string,
    readonly sequence: number,
    readonly reason: ChainBreak,
    detail: string,
  ) {
    super(`audit: ledger ${ledgerId} breaks its chain at sequence ${sequence}: ${detail}`);
    this.name = "AuditChainError";
  }
}

export const EVENT_COLUMNS = [
  "ledger_id",
  "sequence",
  "event_type",
  "schema_version",
  "entry_id",
  "reversal_of",
  "actor",
  "correlation_id",
  "causation_id",
  "recorded_at",
  "recorded_at_text",
  "effective_at",
  "prev_hash",
  "hash",
  "data",
];

export const LINE_COLUMNS = [
  "ledger_id",
  "sequence",
  "line_no",
  "entry_id",
  "kind",
  "account_id",
  "side",
  "amount",
  "currency",
  "effective_at",
  "recorded_at",
];

/** The entry an event is about: its entryId, or the pendingId of a hold's later events. */
export function entryIdOf(event: JournalEvent): string | null {
  switch (event.type) {
    case "EntryPosted":
    case "EntryPended":
    case "EntryRejected":
      return event.data.entryId;
    case "PendingPosted":
    case "PendingVoided":
    case "PendingExpired":
      return event.data.pendingId;
    default:
      return null;
  }
}

/** The event's row of the events table, as a COPY line. */
function eventLine(ledgerId: string, event: JournalEvent, effectiveAt: string | null): string {
  const m = event.metadata;
  const reversalOf = event.type === "EntryPosted" ? event.data.reversalOf : null;
  return `${[
    copyText(ledgerId),
    String(m.sequence),
    event.type,
    String(event.version),
    textOrNull(entryIdOf(event)),
    textOrNull(reversalOf),
    copyText(m.actor),
    copyText(m.correlationId),
    textOrNull(m.causationId),
    copyText(m.recordedAt),
    copyText(m.recordedAt),
    textOrNull(effectiveAt),
    m.prevHash,
    m.hash,
    copyText(JSON.stringify(event.data)),
  ].join("\t")}\n`;
}

/** The event's journal lines (posted, or pending for a hold), as COPY lines. */
function lineLines(ledgerId: string, event: JournalEvent, effectiveAt: string): string[] {
  let postings: readonly RecordedPosting[];
  let entryId: string;
  let kind: "posted" | "pending";
  switch (event.type) {
    case "EntryPosted":
      [postings, entryId, kind] = [event.data.postings, event.data.entryId, "posted"];
      break;
    case "EntryPended":
      [postings, entryId, kind] = [event.data.postings, event.data.entryId, "pending"];
      break;
    case "PendingPosted":
      [postings, entryId, kind] = [event.data.postings, event.data.pendingId, "posted"];
      break;
    default:
      return [];
  }
  const prefix = `${copyText(ledgerId)}\t${event.metadata.sequence}`;
  const suffix = `${copyText(effectiveAt)}\t${copyText(event.metadata.recordedAt)}\n`;
  return postings.map(
    (p, index) =>
      `${prefix}\t${index + 1}\t${copyText(entryId)}\t${kind}\t${copyText(p.accountId)}\t${p.side}\t${p.amount}\t${p.currency}\t${suffix}`,
  );
}

const textOrNull = (value: string | null): string => (value === null ? COPY_NULL : copyText(value));

/** What the audit model keeps in memory between batches: published only after a commit. */
export class AuditCache {
  readonly heads = new BoundedMap<string, ChainHead>(MAX_CACHED_AUDIT_HEADS);
  readonly holds = new BoundedMap<string, number>(MAX_CACHED_OPEN_HOLDS);

  clear(): void {
    this.heads.clear();
    this.holds.clear();
  }
}

/** What a batch applied with reads found in the tables: heads (absent: a new ledger), holds. */
export interface AuditLoaded {
  readonly heads: ReadonlyMap<string, ChainHead>;
  readonly holds: ReadonlyMap<string, number>;
}

export class AuditBatch {
  /** Heads as this batch leaves them. */
  readonly heads = new Map<string, ChainHead>();
  /** Holds this batch pended (and has not resolved): their effective time. */
  readonly pended = new Map<string, number>();
  /** Holds pended before this batch that it resolved. */
  readonly resolved = new Set<string>();
  readonly eventRows: string[] = [];
  readonly lineRows: string[] = [];

  /**
   * `base`: the batch before this one, not committed yet (pipelining); `loaded`: what a batch
   * applied with reads found in the tables (then neither the cache nor a base is used).
   */
  constructor(
    private readonly cache: AuditCache,
    private readonly base: AuditBatch | null,
    private readonly loaded: AuditLoaded | null = null,
  ) {}

  /** Whether every head and hold time `events` need is in memory (no read needed). */
  static inMemory(events: readonly ProjectedEvent[], cache: AuditCache, base: AuditBatch | null) {
    const pendedHere = new Set<string>();
    for (const { ledgerId, event } of events) {
      if (base?.heads.has(ledgerId) !== true && !cache.heads.has(ledgerId)) return false;
      if (event.type === "EntryPended") pendedHere.add(ledgerKey(ledgerId, event.data.entryId));
      if (resolvesHold(event)) {
        const key = ledgerKey(ledgerId, event.data.pendingId);
        const known =
          pendedHere.has(key) ||
          base?.pended.has(key) === true ||
          (base?.resolved.has(key) !== true && cache.holds.has(key));
        if (!known) return false;
      }
    }
    return true;
  }

  /** Checks the event's link, moves the head, and adds its rows. */
  apply(ledgerId: string, event: JournalEvent): void {
    const check = checkChainLink(this.headOf(ledgerId), event);
    if (!check.ok) throw new AuditChainError(ledgerId, check.sequence, check.reason, check.message);
    this.heads.set(ledgerId, check.head);
    const effectiveAt = this.effectiveAtOf(ledgerId, event);
    this.eventRows.push(eventLine(ledgerId, event, effectiveAt));
    if (effectiveAt !== null) this.lineRows.push(...lineLines(ledgerId, event, effectiveAt));
  }

  /** Publishes the heads and open holds to the cache (after the commit). */
  publish(): void {
    for (const [ledgerId, head] of this.heads) this.cache.heads.set(ledgerId, head);
    for (const [key, ms] of this.pended) this.cache.holds.set(key, ms);
    for (const key of this.resolved) this.cache.holds.delete(key);
  }

  private headOf(ledgerId: string): ChainHead {
    const staged = this.heads.get(ledgerId);
    if (staged !== undefined) return staged;
    if (this.loaded !== null) return this.loaded.heads.get(ledgerId) ?? genesisChainHead;
    const known = this.base?.heads.get(ledgerId) ?? this.cache.heads.get(ledgerId);
    if (known === undefined) throw new Error(`audit: no head in memory for ledger ${ledgerId}`);
    return known;
  }

  /** The effective time of a hold pended before this event, and marks it resolved. */
  private takeHold(key: string): number | undefined {
    const here = this.pended.get(key);
    if (here !== undefined) {
      this.pended.delete(key);
      return here;
    }
    this.resolved.add(key);
    if (this.loaded !== null) return this.loaded.holds.get(key);
    if (this.base?.pended.has(key) === true) return this.base.pended.get(key);
    return this.base?.resolved.has(key) === true ? undefined : this.cache.holds.get(key);
  }

  /** The event's effective time (ledger-core's rule), or null for events that move no balance. */
  private effectiveAtOf(ledgerId: string, event: JournalEvent): string | null {
    switch (event.type) {
      case "EntryPosted":
        return event.data.effectiveAt;
      case "EntryPended":
        this.pended.set(ledgerKey(ledgerId, event.data.entryId), effectiveMsOf(event));
        return event.data.effectiveAt;
      case "PendingPosted":
      case "PendingVoided":
      case "PendingExpired": {
        const holdMs = this.takeHold(ledgerKey(ledgerId, event.data.pendingId));
        if (holdMs === undefined) {
          throw new Error(
            `audit: ledger ${ledgerId} resolves unknown hold ${event.data.pendingId}`,
          );
        }
        const ms = effectiveMsOf(event, holdMs);
        // An unchanged effective time keeps the text exactly as recorded.
        return event.type === "PendingPosted" && Date.parse(event.data.effectiveAt) === ms
          ? event.data.effectiveAt
          : new Date(ms).toISOString();
      }
      default:
        return null;
    }
  }
}
