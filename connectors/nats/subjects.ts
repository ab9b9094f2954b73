// The NATS subject layout of Folio's events: `<prefix>.events.<ledgerToken>.<eventType>`,
// beside (never under) the command subjects `<prefix>.cmd.>`. A ledger id (ID_PATTERN:
// letters, digits and `_ . : @ -`) may hold `.`, the NATS token separator; every other
// character it may hold is legal in a subject token. So a ledger token is the id with each
// `.` written `%2E`: `%` never occurs in an id, so the mapping is injective and reversible.
import { ID_PATTERN, MAX_ID_LENGTH } from "../../schemas/index.js";

/** The default first token of every Folio subject. */
export const DEFAULT_SUBJECT_PREFIX = "folio";
/** The token after the prefix under which events are published. */
export const EVENTS_TOKEN = "events";
/** The token after the prefix under which commands are received (docs/connectors.md). */
export const COMMANDS_TOKEN = "cmd";

const ESCAPED_DOT = "%2E";
/** A legal NATS subject token: printable ASCII without space, `.`, `*` or `>`. */
const SUBJECT_TOKEN = /^[\x21-\x7e]+$/;

/** True when `token` may stand as one token of a NATS subject (no wildcard, no separator). */
export function isSubjectToken(token: string): boolean {
  return SUBJECT_TOKEN.test(token) && !token.includes(".") && !token.includes("*") && token !== ">";
}

/** Checks a subject prefix (e.g. `folio` or `acme.folio`); throws a RangeError if unusable. */
export function checkSubjectPrefix(prefix: string): string {
  if (prefix.split(".").some((token) => !isSubjectToken(token))) {
    throw new RangeError(`not a usable NATS subject prefix: ${JSON.stringify(prefix)}`);
  }
  return prefix;
}

/** The subject token of a ledger id: the id with every `.` written `%2E`. */
export function ledgerToken(ledgerId: string): string {
  if (ledgerId.length > MAX_ID_LENGTH || !ID_PATTERN.test(ledgerId)) {
    throw new RangeError(`not a ledger id: ${JSON.stringify(ledgerId)}`);
  }
  return ledgerId.replaceAll(".", ESCAPED_DOT);
}

/** The ledger id a token names (the inverse of ledgerToken). */
export function ledgerIdOfToken(token: string): string {
  return token.replaceAll(ESCAPED_DOT, ".");
}

/** `<prefix>.events.<ledgerToken>.<eventType>`: where one ledger event is published. */
export function eventSubject(prefix: string, ledgerId: string, eventType: string): string {
  if (!isSubjectToken(eventType)) throw new RangeError(`not a subject token: ${eventType}`);
  return `${prefix}.${EVENTS_TOKEN}.${ledgerToken(ledgerId)}.${eventType}`;
}

/** `<prefix>.events.>`: the subjects of the events stream (never the commands'). */
export function eventsWildcard(prefix: string): string {
  return `${prefix}.${EVENTS_TOKEN}.>`;
}

/** `<prefix>.events.<ledgerToken>.>`: every event of one ledger (for consumers). */
export function ledgerEventsWildcard(prefix: string, ledgerId: string): string {
  return `${prefix}.${EVENTS_TOKEN}.${ledgerToken(ledgerId)}.>`;
}
