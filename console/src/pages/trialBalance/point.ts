// The trial balance page's view as its URL holds it: the point in time (the API's own
// `basis`, `asOf`, `knownAt` parameters, verbatim), the point to compare with, and the page of
// accounts. Also the date-time input's format (UTC) and which entries lie between two points.

/** How the point is chosen: the head, a recorded sequence, or an effective time. */
export type PointMode = "now" | "recorded" | "effective";

/** One point in time, as the trial balance route takes it. */
export interface Point {
  readonly basis?: "recorded" | "effective";
  readonly asOf?: string;
  readonly knownAt?: string;
}

/** Everything the page's URL says. */
export interface TrialBalanceView {
  readonly point: Point;
  /** The point to compare with ("B"): same basis as the main point ("A"). */
  readonly compare: Point | null;
  /** The accounts page cursor (the API's `after`). */
  readonly after?: string;
  /** Accounts per page (the API's `limit`), one of PAGE_SIZES. */
  readonly limit?: string;
}

/** The page sizes offered (the API allows 1..1000). */
export const PAGE_SIZES = ["10", "25", "50", "100", "1000"] as const;
export const DEFAULT_PAGE_SIZE = "50";

const present = (value: string | null): string | undefined =>
  value === null || value === "" ? undefined : value;

export function modeOf(point: Point): PointMode {
  if (point.asOf === undefined) return "now";
  return point.basis === "recorded" ? "recorded" : "effective";
}

/** The view a URL query string names. */
export function viewOf(query: URLSearchParams): TrialBalanceView {
  const basisText = query.get("basis");
  const basis = basisText === "recorded" || basisText === "effective" ? basisText : undefined;
  const point: Point = clean({
    basis,
    asOf: present(query.get("asOf")),
    knownAt: present(query.get("knownAt")),
  });
  const compareAsOf = present(query.get("compareAsOf"));
  const compare =
    compareAsOf === undefined || point.asOf === undefined
      ? null
      : clean({ basis, asOf: compareAsOf, knownAt: present(query.get("compareKnownAt")) });
  const after = present(query.get("after"));
  const limitText = query.get("limit") ?? "";
  const limit = (PAGE_SIZES as readonly string[]).includes(limitText) ? limitText : undefined;
  return {
    point,
    compare,
    ...(after === undefined ? {} : { after }),
    ...(limit === undefined ? {} : { limit }),
  };
}

interface LoosePoint {
  readonly basis: Point["basis"] | undefined;
  readonly asOf: string | undefined;
  readonly knownAt: string | undefined;
}

function clean(point: LoosePoint): Point {
  const out: { basis?: "recorded" | "effective"; asOf?: string; knownAt?: string } = {};
  if (point.basis !== undefined) out.basis = point.basis;
  if (point.asOf !== undefined) out.asOf = point.asOf;
  if (point.knownAt !== undefined) out.knownAt = point.knownAt;
  return out;
}

/** The query string parameters of a view (empty values are left out by withQuery). */
export function queryOf(view: TrialBalanceView): Record<string, string | undefined> {
  return {
    basis: view.point.basis,
    asOf: view.point.asOf,
    knownAt: view.point.knownAt,
    compareAsOf: view.compare?.asOf,
    compareKnownAt: view.compare?.knownAt,
    after: view.after,
    limit: view.limit,
  };
}

/** The trial balance route's point parameters (nothing for the head). */
export function pointParams(point: Point): Record<string, string> {
  const params: Record<string, string> = {};
  if (point.asOf === undefined) return params;
  params.basis = point.basis ?? "effective";
  params.asOf = point.asOf;
  if (point.knownAt !== undefined) params.knownAt = point.knownAt;
  return params;
}

/** A point in words, as the API reads it. */
export function describePoint(point: Point): string {
  if (point.asOf === undefined) return "now (the read model's head)";
  if (point.basis === "recorded") {
    return isSequence(point.asOf)
      ? `as recorded up to sequence ${point.asOf}`
      : `as recorded by ${point.asOf}`;
  }
  const known = point.knownAt === undefined ? "" : ` as known at ${point.knownAt}`;
  return `effective as of ${point.asOf}${known}`;
}

export const isSequence = (text: string): boolean => /^[0-9]+$/.test(text);

/** An ISO time as a datetime-local input's value, in UTC ("2026-11-21T00:00:05"). */
export function inputValueOf(iso: string | undefined): string {
  if (iso === undefined || isSequence(iso)) return "";
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString().slice(0, 19);
}

/** A datetime-local input's value, read as UTC, as an ISO time; undefined when empty. */
export function isoOfInput(value: string): string | undefined {
  if (value === "") return undefined;
  const withSeconds = /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value;
  return `${withSeconds}Z`;
}

/** An ISO time one millisecond later: stored times are whole milliseconds. */
function nextMillisecond(iso: string): string {
  return new Date(Date.parse(iso) + 1).toISOString();
}

/**
 * The GET /v1/ledgers/{ledgerId}/entries filters that list what lies between two answers.
 * An answer as of a point counts every entry at or before it (sequence <= K, effective <=
 * D); the listing's ranges are half-open [from, to). So the entries in (A, B] are
 * [A + 1, B + 1) in sequences and [A + 1 ms, B + 1 ms) in times. `sequenceA`/`sequenceB` are
 * the sequences the two answers reflect (the API's own `sequence`). Null when the points
 * differ on both axes (effective time and knowledge): no single listing covers that.
 */
export function entriesBetween(
  a: Point,
  b: Point,
  sequenceA: number,
  sequenceB: number,
): Record<string, string> | null {
  const [low, high] = sequenceA <= sequenceB ? [sequenceA, sequenceB] : [sequenceB, sequenceA];
  if (a.basis === "recorded") {
    return { sequenceFrom: String(low + 1), sequenceTo: String(high + 1) };
  }
  const asOfA = a.asOf ?? "";
  const asOfB = b.asOf ?? "";
  if (a.knownAt === b.knownAt) {
    const [from, to] = Date.parse(asOfA) <= Date.parse(asOfB) ? [asOfA, asOfB] : [asOfB, asOfA];
    return {
      effectiveFrom: nextMillisecond(from),
      effectiveTo: nextMillisecond(to),
      sequenceTo: String(high + 1),
    };
  }
  if (Date.parse(asOfA) === Date.parse(asOfB)) {
    return {
      effectiveTo: nextMillisecond(asOfA),
      sequenceFrom: String(low + 1),
      sequenceTo: String(high + 1),
    };
  }
  return null;
}
