// The NATS command subjects and how each maps to its HTTP route (docs/connectors.md, "Commands in"):
// `<prefix>.cmd.<ledgerId>.<command>` becomes `POST /v1/ledgers/<ledgerId>/...` with the same
// body. Commands that act on an existing entry (post or void a hold, reverse an entry) carry
// that entry's id in the payload (`pendingId`, `reversalOf`, as in the core commands); it is
// taken out of the body and put in the URL. Pure functions, no I/O.
import { ledgerIdSchema } from "../../schemas/index.js";
import { ledgerIdOfToken } from "./subjects.js";

/** The codes the intake answers with itself: the API's codes for the same faults. */
export type IntakeProblemCode =
  | "invalid_request"
  | "not_found"
  | "unauthorized"
  | "body_too_large"
  | "overloaded"
  | "unavailable"
  | "internal_error";

/** A refusal the intake answers itself, with the HTTP status and code the API would use. */
export interface Refusal {
  readonly status: number;
  readonly code: IntakeProblemCode;
  readonly detail: string;
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

/** Where the route of a command is, and which payload field (if any) names its entry. */
interface CommandRoute {
  readonly target: "pendingId" | "reversalOf" | null;
  readonly path: (target: string) => string;
}

const COMMAND_ROUTES = {
  entry: { target: null, path: () => "entries" },
  batch: { target: null, path: () => "entries/batch" },
  pending: { target: null, path: () => "pending" },
  "post-pending": { target: "pendingId", path: (id) => `pending/${id}/post` },
  "void-pending": { target: "pendingId", path: (id) => `pending/${id}/void` },
  reverse: { target: "reversalOf", path: (id) => `entries/${id}/reverse` },
} as const satisfies Record<string, CommandRoute>;

export type CommandName = keyof typeof COMMAND_ROUTES;

/** Every command token, in the order the docs list them. */
export const COMMAND_NAMES = Object.keys(COMMAND_ROUTES) as readonly CommandName[];

function isCommandName(token: string): token is CommandName {
  return Object.hasOwn(COMMAND_ROUTES, token);
}

/** The subject the intake subscribes to (with a queue group): every command under a prefix. */
export function commandWildcard(prefix: string): string {
  return `${prefix}.cmd.>`;
}

/** The subject of `command` on `ledgerId`, for clients and tests. */
export function commandSubject(prefix: string, ledgerId: string, command: CommandName): string {
  return `${prefix}.cmd.${ledgerId}.${command}`;
}

export interface ParsedSubject {
  readonly ledgerId: string;
  readonly command: CommandName;
}

/**
 * The ledger and command a subject names. The command is the last token and the ledger id
 * everything between `<prefix>.cmd.` and it, so ledger ids with dots (`acme.eur`) work.
 */
export function parseSubject(prefix: string, subject: string): ParsedSubject | Refusal {
  const head = `${prefix}.cmd.`;
  const rest = subject.startsWith(head) ? subject.slice(head.length) : "";
  const split = rest.lastIndexOf(".");
  const command = rest.slice(split + 1);
  if (split < 0 || !isCommandName(command)) {
    return {
      status: 404,
      code: "not_found",
      detail: `no command at ${subject}: use ${head}<ledgerId>.<command>, command one of ${COMMAND_NAMES.join(", ")}`,
    };
  }
  // The ledger's event subjects write its dots as %2E (subjects.ts): accept that form too.
  const ledgerId = ledgerIdOfToken(rest.slice(0, split));
  const parsed = ledgerIdSchema.safeParse(ledgerId);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "is invalid";
    return invalid("the subject's ledger id is invalid", "/ledgerId", message);
  }
  return { ledgerId, command };
}

/** What to send to the HTTP route: its URL and the JSON body. */
export interface RoutedCommand {
  readonly url: string;
  readonly body: string;
}

function invalid(detail: string, path: string, message: string): Refusal {
  return { status: 400, code: "invalid_request", detail, errors: [{ path, message }] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Takes the target field out of a JSON object payload; the rest is the route's body. */
function splitTarget(
  payload: string,
  field: "pendingId" | "reversalOf",
): { target: string; body: string } | Refusal {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return invalid("the payload is not valid JSON", "/", "is not JSON");
  }
  if (!isRecord(parsed)) return invalid("the payload must be a JSON object", "/", "not an object");
  const { [field]: target, ...body } = parsed;
  if (typeof target !== "string") {
    return invalid(`the payload needs "${field}": the id of the entry`, `/${field}`, "required");
  }
  return { target, body: JSON.stringify(body) };
}

/**
 * The HTTP request for a command's payload. Commands without a target pass the payload through
 * untouched (the route validates it: bad JSON is its 400); the target id is percent-encoded
 * into the path, where the route's own schema checks it.
 */
export function routeCommand(
  { ledgerId, command }: ParsedSubject,
  payload: string,
): RoutedCommand | Refusal {
  const route: CommandRoute = COMMAND_ROUTES[command];
  const base = `/v1/ledgers/${encodeURIComponent(ledgerId)}/`;
  if (route.target === null) return { url: base + route.path(""), body: payload };
  const split = splitTarget(payload, route.target);
  if (isRefusal(split)) return split;
  return { url: base + route.path(encodeURIComponent(split.target)), body: split.body };
}

export function isRefusal(value: object): value is Refusal {
  return "status" in value && "code" in value;
}
