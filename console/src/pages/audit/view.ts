// The audit page's view as its URL holds it (type, actor, fromSequence or before, limit), the
// API call it makes, and the event types the type filter offers: checked at compile time
// against the API's own list (client/schema.ts), so a new event type cannot be missed.
import type { FolioClient, paths } from "../../../../client/index.js";
import { unwrap } from "../../api";
import { withQuery } from "../../router";

type AuditOperation = paths["/v1/ledgers/{ledgerId}/audit"]["get"];
export type AuditPageData = AuditOperation["responses"][200]["content"]["application/json"];
export type AuditEvent = AuditPageData["events"][number];
type AuditQuery = NonNullable<AuditOperation["parameters"]["query"]>;
export type EventType = NonNullable<AuditQuery["type"]>;

export const EVENT_TYPES = [
  "LedgerCreated",
  "AccountOpened",
  "AccountUpdated",
  "AccountClosed",
  "EntryPosted",
  "EntryPended",
  "PendingPosted",
  "PendingVoided",
  "PendingExpired",
  "EntryRejected",
  "PeriodClosed",
  "CounterpartyRecorded",
  "FacilityRecorded",
  "FxRatesPublished",
  "CapitalBaseRecorded",
  "FacilityTermsRecorded",
  "CreditAssessmentRecorded",
  "WriteOffRecorded",
  "Ifrs9ParametersRecorded",
  "ProvisioningRunRecorded",
] as const satisfies readonly EventType[];

type MissingTypes = Exclude<EventType, (typeof EVENT_TYPES)[number]>;
/** Fails to compile when the API knows an event type EVENT_TYPES lacks. */
export const EVERY_EVENT_TYPE_LISTED: [MissingTypes] extends [never] ? true : false = true;

/** Rows per page the page offers; the API takes up to 1,000. */
export const PAGE_SIZES = ["10", "25", "50", "100", "200"] as const;
export const DEFAULT_PAGE_SIZE = "50";
/** As the API bounds an actor (schemas/limits.ts MAX_ACTOR_LENGTH). */
export const MAX_ACTOR_LENGTH = 200;

/** The view: raw URL values, sent to the API as they are (it validates them). */
export interface AuditView {
  readonly type: string;
  readonly actor: string;
  readonly fromSequence: string;
  readonly before: string;
  readonly limit: string;
}

export function viewOf(query: URLSearchParams): AuditView {
  return {
    type: query.get("type") ?? "",
    actor: query.get("actor") ?? "",
    fromSequence: query.get("fromSequence") ?? "",
    before: query.get("before") ?? "",
    limit: query.get("limit") ?? DEFAULT_PAGE_SIZE,
  };
}

/** The console path of a view (empty values and the default page size left out). */
export function pathOf(ledgerPath: string, view: AuditView): string {
  return withQuery(ledgerPath, {
    type: view.type,
    actor: view.actor,
    fromSequence: view.fromSequence,
    before: view.before,
    limit: view.limit === DEFAULT_PAGE_SIZE ? "" : view.limit,
  });
}

/** One page of the audit trail for a view. */
export function loadAuditPage(
  client: FolioClient,
  ledgerId: string,
  view: AuditView,
): Promise<AuditPageData> {
  const query: AuditQuery = { limit: view.limit };
  // Sent as typed: an unknown type or a bad sequence comes back as the API's 400 problem.
  if (view.type !== "") query.type = view.type as EventType;
  if (view.actor !== "") query.actor = view.actor;
  if (view.fromSequence !== "") query.fromSequence = view.fromSequence;
  if (view.before !== "") query.before = view.before;
  return unwrap(
    client.GET("/v1/ledgers/{ledgerId}/audit", { params: { path: { ledgerId }, query } }),
  );
}

/** "Events 12 to 61" or "No event" for a page. */
export function rangeOf(events: readonly AuditEvent[]): string {
  const first = events[0];
  const last = events.at(-1);
  if (first === undefined || last === undefined) return "No event";
  if (events.length === 1) return `Event ${first.sequence}`;
  return `${events.length} events, sequences ${first.sequence} to ${last.sequence}`;
}
