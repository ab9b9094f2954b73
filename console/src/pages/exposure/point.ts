// The exposure page's view as its URL holds it: the API's own `asOf` and `basis` parameters,
// verbatim (nothing: now), so a shared URL asks the API exactly what the page asked. The date
// control picks a day; a day means its end in UTC (for the recorded basis, never later than
// the moment it was picked: what will be recorded is not known yet).

export type Basis = "effective" | "recorded";

export interface ExposureView {
  readonly asOf?: string;
  readonly basis: Basis;
}

export function viewOf(query: URLSearchParams): ExposureView {
  const asOf = query.get("asOf") ?? "";
  const basis = query.get("basis") === "recorded" ? "recorded" : "effective";
  return asOf === "" ? { basis } : { asOf, basis };
}

/** The URL's query parameters of a view (withQuery leaves out undefined ones). */
export function queryOf(view: ExposureView): Record<string, string | undefined> {
  return { asOf: view.asOf, basis: view.basis === "recorded" ? "recorded" : undefined };
}

/** The exposure routes' point parameters; nothing for now (the read models' head). */
export function pointParams(view: ExposureView): { asOf?: string; basis?: Basis } {
  if (view.asOf === undefined) return {};
  return { asOf: view.asOf, basis: view.basis };
}

/** The date input's value for an asOf ("" when there is none or it is not a time). */
export function dateOf(asOf: string | undefined): string {
  if (asOf === undefined) return "";
  const ms = Date.parse(asOf);
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString().slice(0, 10);
}

/** The asOf a picked day means: its end in UTC, or now if that is later (recorded basis). */
export function asOfOfDate(date: string, basis: Basis, nowMs = Date.now()): string | undefined {
  if (date === "") return undefined;
  const end = `${date}T23:59:59Z`;
  if (basis === "recorded" && Date.parse(end) > nowMs) {
    return `${new Date(nowMs).toISOString().slice(0, 19)}Z`;
  }
  return end;
}

/** A view's point in words. */
export function describeView(view: ExposureView): string {
  if (view.asOf === undefined) return "now (the read models' head)";
  return view.basis === "recorded"
    ? `as recorded by ${view.asOf}`
    : `effective as of ${view.asOf}, as known now`;
}
