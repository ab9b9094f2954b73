// Field readers shared by the camt.053 and pacs.008 parsers: required and optional text,
// amounts with their currency, credit/debit indicators, dates, account ids and party names.
// Each reports a problem to the collector with the element's path and returns undefined.
import type { IssueCollector } from "./issues.js";
import { parseIsoAmount } from "./currencies.js";
import type { XmlNode } from "./xml.js";
import { childOf, descend, pathOf, textAt } from "./xml.js";

/** An amount as read: decimal text, currency and exact minor units. */
export interface IsoAmount {
  readonly value: string;
  readonly currency: string;
  readonly minor: bigint;
}

export type CreditDebit = "CRDT" | "DBIT";

/** A date (YYYY-MM-DD) or a date-time with a zone, as an ISO 8601 instant in UTC. */
export interface IsoDate {
  readonly raw: string;
  /** The instant: a date is its midnight UTC; a date-time without a zone is read as UTC. */
  readonly instant: string;
}

const MAX_TEXT = 2_048;

/** Text of the child `name`; missing or empty is an error. */
export function requiredText(
  issues: IssueCollector,
  node: XmlNode,
  name: string,
): string | undefined {
  const text = textAt(node, name);
  if (text === undefined) issues.add(pathOf(node, name), "required element is missing or empty");
  else if (text.length > MAX_TEXT) issues.add(pathOf(node, name), "text is too long");
  return text;
}

/** The element `name` as an amount with its `Ccy` attribute. */
export function amountAt(
  issues: IssueCollector,
  node: XmlNode,
  name: string,
  allowZero = false,
): IsoAmount | undefined {
  const element = childOf(node, name);
  if (element === undefined) {
    issues.add(pathOf(node, name), "required element is missing");
    return undefined;
  }
  const currency = element.attributes.get("Ccy");
  if (currency === undefined || currency === "") {
    issues.add(element.path, "the Ccy attribute is missing");
    return undefined;
  }
  const text = element.text.trim();
  const reading = parseIsoAmount(text, currency.trim(), { allowZero });
  if (!reading.ok) {
    issues.add(element.path, reading.reason);
    return undefined;
  }
  return { value: text, currency: currency.trim(), minor: reading.minor };
}

export function creditDebitAt(
  issues: IssueCollector,
  node: XmlNode,
  name = "CdtDbtInd",
): CreditDebit | undefined {
  const text = requiredText(issues, node, name);
  if (text === undefined) return undefined;
  if (text === "CRDT" || text === "DBIT") return text;
  issues.add(pathOf(node, name), `"${text}" is not CRDT or DBIT`);
  return undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/** Reads an ISODate or ISODateTime text; an error when it is not one. */
export function readDate(
  issues: IssueCollector,
  path: string,
  raw: string,
  kind: "date" | "dateTime",
): IsoDate | undefined {
  const pattern = kind === "date" ? DATE : DATE_TIME;
  let candidate = kind === "date" ? `${raw}T00:00:00Z` : raw;
  if (kind === "dateTime" && !/(Z|[+-]\d{2}:\d{2})$/.test(raw)) candidate = `${raw}Z`;
  const ms = Date.parse(candidate);
  if (!pattern.test(raw) || Number.isNaN(ms) || !sameCalendarDate(raw, candidate)) {
    issues.add(path, `"${raw}" is not an ISO ${kind === "date" ? "date" : "date-time"}`);
    return undefined;
  }
  return { raw, instant: new Date(ms).toISOString() };
}

/** Date.parse rolls 2026-02-30 over; the date part must survive a round trip. */
function sameCalendarDate(raw: string, candidate: string): boolean {
  const date = raw.slice(0, 10);
  const utc = new Date(`${date}T00:00:00Z`);
  return (
    !Number.isNaN(utc.getTime()) && utc.toISOString().slice(0, 10) === date && candidate !== ""
  );
}

/** A DateAndDateTime2Choice (`Dt` or `DtTm`) under `name`, if present. */
export function dateChoiceAt(
  issues: IssueCollector,
  node: XmlNode,
  name: string,
): IsoDate | undefined {
  const choice = childOf(node, name);
  if (choice === undefined) return undefined;
  const date = textAt(choice, "Dt");
  if (date !== undefined) return readDate(issues, pathOf(choice, "Dt"), date, "date");
  const dateTime = textAt(choice, "DtTm");
  if (dateTime !== undefined) {
    return readDate(issues, pathOf(choice, "DtTm"), dateTime, "dateTime");
  }
  issues.add(choice.path, "neither Dt nor DtTm is given");
  return undefined;
}

/** An account identification (AccountIdentification4Choice): IBAN, else Othr/Id. */
export interface AccountId {
  readonly iban?: string;
  readonly other?: string;
}

const IBAN = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/;

export function accountIdAt(
  issues: IssueCollector,
  account: XmlNode | undefined,
): AccountId | undefined {
  if (account === undefined) return undefined;
  const iban = textAt(account, "Id", "IBAN");
  if (iban !== undefined) {
    if (!IBAN.test(iban)) issues.add(pathOf(account, "Id", "IBAN"), `"${iban}" is not an IBAN`);
    return { iban };
  }
  const other = textAt(account, "Id", "Othr", "Id");
  if (other !== undefined) return { other };
  issues.add(pathOf(account, "Id"), "neither IBAN nor Othr/Id is given");
  return undefined;
}

/** A party's name: directly (PartyIdentification135) or under Pty (Party40Choice). */
export function partyNameAt(party: XmlNode | undefined): string | undefined {
  return textAt(party, "Nm") ?? textAt(descend(party, "Pty"), "Nm");
}

/** The unstructured remittance lines, joined without separators (banks split at 140). */
export function remittanceAt(node: XmlNode | undefined): string | undefined {
  const info = childOf(node, "RmtInf");
  const lines = info?.children.get("Ustrd")?.map((line) => line.text) ?? [];
  return lines.length === 0 ? undefined : lines.join("");
}

/** `{ [key]: value }` when value is defined, else `{}` (exactOptionalPropertyTypes). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
