// Points in time of the CLI's --as-of, --basis and --known-at options, parsed and checked, and
// the prefix of the stream each one reads. The semantics are the balances read model's
// (projections/balances/balanceQueries.ts BalanceAt) so that a replay equals it:
//  - sequence S: the events 0..S; recorded T: every event whose recorded-time watermark (the
//    running maximum of recordedAt) is at or before T, a prefix of the stream;
//  - effective D: every event, counting the postings of those effective at or before D;
//    with known-at (a sequence or a recorded time) only the events of that prefix.
import { InvalidArgumentError } from "commander";
import { ledgerIdSchema, timestampSchema } from "../schemas/index.js";

export type KnownPoint =
  | { readonly kind: "sequence"; readonly sequence: number }
  | { readonly kind: "recorded"; readonly recordedAt: string; readonly ms: number };

export type Point =
  | { readonly kind: "latest" }
  | { readonly kind: "sequence"; readonly sequence: number }
  | { readonly kind: "recorded"; readonly recordedAt: string; readonly ms: number }
  | {
      readonly kind: "effective";
      readonly effectiveAt: string;
      readonly ms: number;
      readonly knownAt?: KnownPoint;
    };

/** A raw --as-of or --known-at value: a sequence or a time. */
export type PointValue =
  | { readonly kind: "sequence"; readonly sequence: number }
  | { readonly kind: "time"; readonly time: string; readonly ms: number };

export type Basis = "effective" | "recorded";

const POINT_HINT =
  "expected a ledger sequence (0, 1, 2, ...) or an ISO 8601 time with a zone, e.g. 2026-03-31T23:59:59Z";

/** commander argParser of --as-of and --known-at. */
export function parsePointValue(text: string): PointValue {
  const trimmed = text.trim();
  if (/^[0-9]+$/.test(trimmed)) {
    const sequence = Number(trimmed);
    if (!Number.isSafeInteger(sequence)) throw new InvalidArgumentError(`${POINT_HINT}.`);
    return { kind: "sequence", sequence };
  }
  if (!timestampSchema.safeParse(trimmed).success) {
    throw new InvalidArgumentError(`${POINT_HINT}.`);
  }
  return { kind: "time", time: trimmed, ms: Date.parse(trimmed) };
}

/** commander argParser of --basis. */
export function parseBasis(text: string): Basis {
  if (text === "effective" || text === "recorded") return text;
  throw new InvalidArgumentError("expected effective or recorded.");
}

/** commander argParser of --ledger. */
export function parseLedgerId(text: string): string {
  if (!ledgerIdSchema.safeParse(text).success) {
    throw new InvalidArgumentError("not a ledger id.");
  }
  return text;
}

/** commander argParser of a non-negative sequence (--from-sequence). */
export function parseSequence(text: string): number {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError("expected a ledger sequence (0, 1, 2, ...).");
  }
  return value;
}

/** commander argParser of --from-hash. */
export function parseHash(text: string): string {
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new InvalidArgumentError("expected a SHA-256 hash: 64 lower-case hex digits.");
  }
  return text;
}

/** commander argParser of --digest: "<sequence>:<hash>", as `folio digest` prints them. */
export function parseDigest(text: string): { sequence: number; hash: string } {
  const match = /^([0-9]+):([0-9a-f]{64})$/.exec(text.trim());
  const sequence = Number(match?.[1]);
  if (match?.[2] === undefined || !Number.isSafeInteger(sequence)) {
    throw new InvalidArgumentError("expected <sequence>:<hash>, e.g. 41:9f86d0...(64 hex digits).");
  }
  return { sequence, hash: match[2] };
}

/**
 * Builds the point of --as-of, --basis and --known-at. Throws a message (for a usage error)
 * when they do not fit: an effective basis needs a time; known-at needs the effective basis.
 * Without --basis: effective if --known-at is given, else recorded.
 */
export function pointOf(
  asOf: PointValue | undefined,
  basis: Basis | undefined,
  knownAt: PointValue | undefined,
): Point {
  const chosen: Basis = basis ?? (knownAt === undefined ? "recorded" : "effective");
  if (knownAt !== undefined && chosen !== "effective") {
    throw new RangeError("--known-at needs --basis effective");
  }
  if (asOf === undefined) {
    if (basis !== undefined || knownAt !== undefined) {
      throw new RangeError("--basis and --known-at need --as-of");
    }
    return { kind: "latest" };
  }
  if (chosen === "recorded") {
    return asOf.kind === "sequence"
      ? { kind: "sequence", sequence: asOf.sequence }
      : { kind: "recorded", recordedAt: asOf.time, ms: asOf.ms };
  }
  if (asOf.kind === "sequence") {
    throw new RangeError("--basis effective needs --as-of to be a time, not a sequence");
  }
  if (knownAt === undefined) return { kind: "effective", effectiveAt: asOf.time, ms: asOf.ms };
  const known: KnownPoint =
    knownAt.kind === "sequence"
      ? { kind: "sequence", sequence: knownAt.sequence }
      : { kind: "recorded", recordedAt: knownAt.time, ms: knownAt.ms };
  return { kind: "effective", effectiveAt: asOf.time, ms: asOf.ms, knownAt: known };
}

/** Which prefix of the stream a point reads: up to a sequence and/or a recorded watermark. */
export interface Cut {
  readonly maxSequence?: number;
  readonly maxRecordedMs?: number;
}

export function cutOf(point: Point): Cut {
  switch (point.kind) {
    case "latest":
      return {};
    case "sequence":
      return { maxSequence: point.sequence };
    case "recorded":
      return { maxRecordedMs: point.ms };
    case "effective":
      if (point.knownAt === undefined) return {};
      return point.knownAt.kind === "sequence"
        ? { maxSequence: point.knownAt.sequence }
        : { maxRecordedMs: point.knownAt.ms };
  }
}

/** The point in words, for headers: "sequence 12", "effective 2026-01-31T00:00:00Z known at ...". */
export function describePoint(point: Point): string {
  switch (point.kind) {
    case "latest":
      return "latest";
    case "sequence":
      return `sequence ${point.sequence}`;
    case "recorded":
      return `recorded ${point.recordedAt}`;
    case "effective": {
      const known =
        point.knownAt === undefined
          ? ""
          : point.knownAt.kind === "sequence"
            ? ` as known at sequence ${point.knownAt.sequence}`
            : ` as known at ${point.knownAt.recordedAt}`;
      return `effective ${point.effectiveAt}${known}`;
    }
  }
}

/** The point as JSON output shows it. */
export function pointJson(point: Point): Record<string, string | number> {
  switch (point.kind) {
    case "latest":
      return { basis: "latest" };
    case "sequence":
      return { basis: "recorded", sequence: point.sequence };
    case "recorded":
      return { basis: "recorded", recordedAt: point.recordedAt };
    case "effective": {
      const out: Record<string, string | number> = {
        basis: "effective",
        effectiveAt: point.effectiveAt,
      };
      if (point.knownAt?.kind === "sequence") out.knownAtSequence = point.knownAt.sequence;
      if (point.knownAt?.kind === "recorded") out.knownAtRecordedAt = point.knownAt.recordedAt;
      return out;
    }
  }
}
