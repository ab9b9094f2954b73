// The account page's period, a half-open [from, to) of dates (midnight UTC, as the statement
// route reads a date), kept in the URL (?from=&to=) so a shared link shows the same period.
// Without one in the URL the page picks the last 90 days, or less: from the day of the
// account's first entry when that is later, up to and including today.
import type { Period } from "./load";

const DAY_MS = 86_400_000;
export const DEFAULT_DAYS = 90;

/** A UTC date as YYYY-MM-DD. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The period in the URL, or null when either end is missing. */
export function periodOf(query: URLSearchParams): Period | null {
  const from = query.get("from");
  const to = query.get("to");
  if (from === null || from === "" || to === null || to === "") return null;
  return { from, to };
}

/** The default period: [max(today − 89 days, first entry's day), tomorrow). */
export function defaultPeriod(firstEntry: string | null, nowMs: number): Period {
  const tomorrow = Math.floor(nowMs / DAY_MS) * DAY_MS + DAY_MS;
  let fromMs = tomorrow - DEFAULT_DAYS * DAY_MS;
  const first = firstEntry === null ? Number.NaN : Date.parse(firstEntry);
  if (!Number.isNaN(first) && first > fromMs) fromMs = Math.floor(first / DAY_MS) * DAY_MS;
  if (fromMs >= tomorrow) fromMs = tomorrow - DAY_MS;
  return { from: dayOf(fromMs), to: dayOf(tomorrow) };
}

/** A period end as a date input shows it: the date of a YYYY-MM-DD or ISO time, else "". */
export function inputDate(text: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : "";
}
