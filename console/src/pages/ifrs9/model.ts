// The IFRS 9 page's data: the API's answers as the typed client gives them, the view's
// controls read from the URL (reporting date, comparison date, parameter set, cursors), and
// exact decimal helpers (sums per currency, coverage) on the API's amount strings.
import type { FolioClient, paths } from "../../../../client/index.js";
import { unwrap } from "../../api";
import { addAmounts, fractionDigits, toMinorUnits } from "../../format";

type Json<Path extends keyof paths, Method extends "get" | "post"> = paths[Path][Method] extends {
  responses: { 200: { content: { "application/json": infer Body } } };
}
  ? Body
  : never;

export type Report = Json<"/v1/ledgers/{ledgerId}/ifrs9", "get">;
export type FacilityLine = Report["facilities"][number];
export type Totals = Report["overall"];
export type Movement = Json<"/v1/ledgers/{ledgerId}/ifrs9/movement", "get">;
export type RunList = Json<"/v1/ledgers/{ledgerId}/ifrs9/runs", "get">;
export type Run = RunList["items"][number];
export type Entry = Json<"/v1/ledgers/{ledgerId}/entries/{entryId}", "get">;

export const STAGES = ["1", "2", "3", "POCI"] as const;
export type Stage = (typeof STAGES)[number];

/** Facilities asked per page for the table, and per call when every facility is needed. */
export const FACILITY_PAGE = 50;
const ALL_PAGE = 1000;

/** The view's controls, as the URL holds them (empty: the default). */
export interface Ifrs9View {
  readonly asOf: string;
  readonly from: string;
  readonly parameterSetId: string;
  /** The facility table's cursor: the last facility id of the previous page. */
  readonly after: string;
  /** The runs table's cursor (the previous page's nextCursor). */
  readonly runs: string;
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The last calendar quarter end strictly before a date: the default comparison date. */
export function previousQuarterEnd(date: string): string {
  const [year = 1970, month = 1] = date.split("-").map(Number);
  const quarterStartMonth = Math.floor((month - 1) / 3) * 3; // 0-based month of its quarter
  const end = new Date(Date.UTC(year, quarterStartMonth, 0));
  return end.toISOString().slice(0, 10);
}

export function viewOf(query: URLSearchParams): Ifrs9View {
  const get = (name: string) => query.get(name) ?? "";
  const asOf = get("asOf");
  const date = asOf === "" ? todayUtc() : asOf;
  const from = get("from");
  return {
    asOf: date,
    from: from === "" ? (/^\d{4}-\d{2}-\d{2}$/.test(date) ? previousQuarterEnd(date) : "") : from,
    parameterSetId: get("parameterSetId"),
    after: get("after"),
    runs: get("runs"),
  };
}

/** The report's query parameters for a date (the parameter set only when one is chosen). */
export function reportQuery(view: Ifrs9View, asOf: string) {
  return {
    asOf,
    ...(view.parameterSetId === "" ? {} : { parameterSetId: view.parameterSetId }),
  };
}

/** Every facility line of the report at a date, page after page. */
export async function allFacilities(
  client: FolioClient,
  ledgerId: string,
  view: Ifrs9View,
  asOf: string,
  knownAt: number | null = null,
): Promise<{ report: Report; facilities: FacilityLine[] }> {
  const facilities: FacilityLine[] = [];
  let after: string | null = null;
  let first: Report | null = null;
  do {
    // Every page at one point (the first page's, or the one given), so the pages agree.
    const point = first === null ? knownAt : first.sequence;
    const query = {
      ...reportQuery(view, asOf),
      limit: String(ALL_PAGE),
      ...(after === null ? {} : { after }),
      ...(point === null ? {} : { knownAt: String(point) }),
    };
    const page: Report = await unwrap(
      client.GET("/v1/ledgers/{ledgerId}/ifrs9", { params: { path: { ledgerId }, query } }),
    );
    first ??= page;
    facilities.push(...page.facilities);
    after = page.nextAfter;
  } while (after !== null);
  return { report: first, facilities };
}

/** Sums per currency, in currency order: exact, never mixing currencies. */
export function sumByCurrency(
  amounts: readonly { readonly currency: string; readonly amount: string }[],
): { currency: string; amount: string }[] {
  const sums = new Map<string, string>();
  for (const { currency, amount } of amounts) {
    const sum = sums.get(currency);
    sums.set(currency, sum === undefined ? amount : addAmounts(sum, amount));
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, amount]) => ({ currency, amount }));
}

/** allowance / gross as a percentage, two decimals, half away from zero; "—" for no gross. */
export function coverage(allowance: string, gross: string): string {
  const scale = Math.max(fractionDigits(allowance), fractionDigits(gross));
  const a = toMinorUnits(allowance, scale);
  const g = toMinorUnits(gross, scale);
  if (g <= 0n) return "—";
  const magnitude = a < 0n ? -a : a;
  const basisPoints = (magnitude * 20000n + g) / (2n * g); // |a| / g x 10,000, half up
  const text = basisPoints.toString().padStart(3, "0");
  return `${a < 0n ? "-" : ""}${text.slice(0, -2)}.${text.slice(-2)} %`;
}
