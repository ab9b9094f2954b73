// `folio export`: the journal population an auditor samples from, streamed page by page from
// the event store (never the whole stream in memory): every entry event (posted, pended, hold
// posted/voided/expired, rejected) with its actor, correlation, recorded and effective times,
// sequence and hashes, and its lines. Every event exported is first checked against the hash
// chain from genesis, so the export is of a proven chain. JSON Lines (one entry per line, lines
// nested) or CSV (one row per line; an entry without lines gets one row with empty line fields;
// formula-safe, see format.ts).
import { once } from "node:events";
import type { Writable } from "node:stream";
import {
  checkChainLink,
  EffectiveTimes,
  genesisChainHead,
  type ChainHead,
  type EventStore,
} from "../ledger-core/index.js";
import { formatAmount, type JournalEvent, type RecordedPosting } from "../schemas/index.js";
import { VerificationFailed } from "./errors.js";
import { csvLines, csvNumber, type CsvCell } from "./format.js";
import { cutOf, type Point } from "./point.js";
import type { Progress } from "./progress.js";
import { decode, readPages, streamHead } from "./replay.js";

export type ExportFormat = "jsonl" | "csv";

export interface ExportLine {
  readonly lineNo: number;
  /** "posted" (EntryPosted, PendingPosted) or "pending" (EntryPended: a hold). */
  readonly kind: "posted" | "pending";
  readonly accountId: string;
  readonly side: "debit" | "credit";
  /** Decimal at the asset's scale. */
  readonly amount: string;
  /** Minor units, as recorded. */
  readonly amountMinor: string;
  readonly currency: string;
}

export interface ExportEntry {
  readonly ledgerId: string;
  readonly sequence: number;
  readonly eventType: string;
  readonly entryId: string;
  readonly effectiveAt: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly description: string | null;
  readonly reversalOf: string | null;
  readonly expiresAt: string | null;
  readonly rejectionCode: string | null;
  readonly prevHash: string;
  readonly hash: string;
  readonly lines: readonly ExportLine[];
}

export const CSV_COLUMNS = [
  "ledger_id",
  "sequence",
  "event_type",
  "entry_id",
  "effective_at",
  "recorded_at",
  "actor",
  "correlation_id",
  "causation_id",
  "description",
  "reversal_of",
  "expires_at",
  "rejection_code",
  "line_no",
  "kind",
  "account_id",
  "side",
  "amount",
  "amount_minor",
  "currency",
  "prev_hash",
  "hash",
] as const;

/** The entry an event is about, with its lines, or null for events that are not entries. */
export function exportEntryOf(
  ledgerId: string,
  event: JournalEvent,
  scales: ReadonlyMap<string, number>,
  /** The event's effective time (ledger-core's EffectiveTimes). */
  effectiveMs: number,
): ExportEntry | null {
  const m = event.metadata;
  const lines = (postings: readonly RecordedPosting[], kind: "posted" | "pending"): ExportLine[] =>
    postings.map((p, index) => {
      const scale = scales.get(p.currency);
      return {
        lineNo: index + 1,
        kind,
        accountId: p.accountId,
        side: p.side,
        amount: scale === undefined ? p.amount : formatAmount(BigInt(p.amount), scale),
        amountMinor: p.amount,
        currency: p.currency,
      };
    });
  const base = {
    ledgerId,
    sequence: m.sequence,
    eventType: event.type,
    effectiveAt: new Date(effectiveMs).toISOString(),
    recordedAt: m.recordedAt,
    actor: m.actor,
    correlationId: m.correlationId,
    causationId: m.causationId,
    prevHash: m.prevHash,
    hash: m.hash,
  };
  const none = { description: null, reversalOf: null, expiresAt: null, rejectionCode: null };
  switch (event.type) {
    case "EntryPosted":
      return {
        ...base,
        ...none,
        entryId: event.data.entryId,
        effectiveAt: event.data.effectiveAt,
        description: event.data.description,
        reversalOf: event.data.reversalOf,
        lines: lines(event.data.postings, "posted"),
      };
    case "EntryPended":
      return {
        ...base,
        ...none,
        entryId: event.data.entryId,
        effectiveAt: event.data.effectiveAt,
        description: event.data.description,
        expiresAt: event.data.expiresAt,
        lines: lines(event.data.postings, "pending"),
      };
    case "PendingPosted":
      return {
        ...base,
        ...none,
        entryId: event.data.pendingId,
        lines: lines(event.data.postings, "posted"),
      };
    case "PendingVoided":
    case "PendingExpired":
      return { ...base, ...none, entryId: event.data.pendingId, lines: [] };
    case "EntryRejected":
      return {
        ...base,
        ...none,
        entryId: event.data.entryId,
        rejectionCode: event.data.code,
        lines: [],
      };
    default:
      return null;
  }
}

function csvRowsOf(entry: ExportEntry): CsvCell[][] {
  const head: CsvCell[] = [
    entry.ledgerId,
    csvNumber(entry.sequence),
    entry.eventType,
    entry.entryId,
    entry.effectiveAt,
    entry.recordedAt,
    entry.actor,
    entry.correlationId,
    entry.causationId ?? "",
    entry.description ?? "",
    entry.reversalOf ?? "",
    entry.expiresAt ?? "",
    entry.rejectionCode ?? "",
  ];
  const tail = [entry.prevHash, entry.hash];
  if (entry.lines.length === 0) return [[...head, "", "", "", "", "", "", "", ...tail]];
  return entry.lines.map((l) => [
    ...head,
    csvNumber(l.lineNo),
    l.kind,
    l.accountId,
    l.side,
    csvNumber(l.amount),
    csvNumber(l.amountMinor),
    l.currency,
    ...tail,
  ]);
}

export interface ExportSummary {
  readonly entries: number;
  readonly lines: number;
  /** The last sequence read (and chain-checked). */
  readonly lastSequence: number | null;
  readonly lastHash: string | null;
}

async function write(out: Writable, text: string): Promise<void> {
  // A stream that failed already (a full disk, a closed pipe) never drains: stop on its error.
  if (out.errored !== null) throw out.errored;
  if (!out.write(text)) await once(out, "drain");
}

/** One page's output, written at once: JSON lines, or CSV rows stringified together. */
class Chunk {
  private json = "";
  private readonly rows: CsvCell[][] = [];
  constructor(private readonly format: ExportFormat) {}

  add(entry: ExportEntry): void {
    if (this.format === "jsonl") this.json += `${JSON.stringify(entry)}\n`;
    else this.rows.push(...csvRowsOf(entry));
  }

  async writeTo(out: Writable): Promise<void> {
    const text = this.format === "jsonl" ? this.json : csvText(this.rows);
    if (text !== "") await write(out, text);
  }
}

function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return rows.length === 0 ? "" : `${csvLines(rows)}\n`;
}

/** Streams the entries of `ledgerId` as of `point` to `out`. */
export async function exportLedger(
  store: EventStore,
  ledgerId: string,
  point: Point,
  format: ExportFormat,
  out: Writable,
  progress: Progress,
): Promise<ExportSummary> {
  const head = await streamHead(store, ledgerId);
  const cut = cutOf(point);
  const last = Math.min(head, cut.maxSequence ?? head);
  const effective = point.kind === "effective" ? point.ms : null;
  let chain: ChainHead = genesisChainHead;
  const effectiveTimes = new EffectiveTimes();
  let scales: ReadonlyMap<string, number> = new Map();
  let watermark = Number.NEGATIVE_INFINITY;
  let entries = 0;
  let lines = 0;
  let read = 0;
  if (format === "csv") await write(out, `${csvLines([CSV_COLUMNS])}\n`);
  progress.start(`export ${ledgerId}`, last + 1);
  try {
    reading: for await (const page of readPages(store, ledgerId, 0, last)) {
      const chunk = new Chunk(format);
      for (const stored of page) {
        const event = decode(stored);
        watermark = Math.max(watermark, Date.parse(event.metadata.recordedAt));
        if (cut.maxRecordedMs !== undefined && watermark > cut.maxRecordedMs) {
          await chunk.writeTo(out);
          break reading;
        }
        const check = checkChainLink(chain, event);
        if (!check.ok) {
          throw new VerificationFailed(
            `chain broken at sequence ${check.sequence} (${check.reason}): ${check.message}`,
            check.sequence,
          );
        }
        chain = check.head;
        read += 1;
        if (event.type === "LedgerCreated") {
          scales = new Map(event.data.assets.map((a) => [a.code, a.scale]));
        }
        const effectiveMs = effectiveTimes.of(event);
        if (effective !== null && effectiveMs > effective) continue;
        const entry = exportEntryOf(ledgerId, event, scales, effectiveMs);
        if (entry === null) continue;
        entries += 1;
        lines += entry.lines.length;
        chunk.add(entry);
      }
      await chunk.writeTo(out);
      progress.update(read);
    }
  } finally {
    progress.stop();
  }
  return {
    entries,
    lines,
    lastSequence: read === 0 ? null : chain.nextSequence - 1,
    lastHash: read === 0 ? null : chain.lastHash,
  };
}
