// camt.053.001.08 export of one ledger account's statement, pure: the account servicer's view
// (Folio keeps the account). A credit posting to the account is a CRDT entry, a debit a DBIT
// entry; a posted balance is signed positive for a credit balance (in the holder's favour),
// written as CRDT, negative as DBIT, zero as CRDT. Built with fast-xml-parser's XMLBuilder,
// which escapes text; ids longer than ISO's 35 characters are shortened by a hash.
import { createHash } from "node:crypto";
import { XMLBuilder } from "fast-xml-parser";
import { CAMT053_NAMESPACE } from "./camt053.js";
import { formatIsoAmount, parseIsoAmount, scaleOf } from "./currencies.js";
import type { IsoResult } from "./issues.js";
import { IssueCollector } from "./issues.js";

export interface StatementLine {
  readonly sequence: number;
  readonly entryId: string;
  readonly effectiveAt: string;
  readonly recordedAt: string;
  readonly description?: string;
  readonly side: "debit" | "credit";
  /** Positive decimal string at the currency's scale. */
  readonly amount: string;
}

export interface AccountStatement {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly accountIban?: string;
  readonly currency: string;
  readonly from: string;
  readonly to: string;
  /** Signed decimal strings: positive is a credit balance for the account holder. */
  readonly opening: { readonly posted: string };
  readonly closing: { readonly posted: string };
  readonly lines: readonly StatementLine[];
}

export interface ExportOptions {
  /** GrpHdr/CreDtTm and Stmt/CreDtTm (the caller's clock: the export reads none). */
  readonly createdAt: string;
  readonly messageId?: string;
  readonly statementId?: string;
  readonly electronicSequence?: bigint;
}

/** ISO's Max35Text: ids beyond it become a prefix and a hash. */
const MAX35 = 35;
const USTRD_LENGTH = 140;

type XmlObject = { readonly [name: string]: XmlValue };
type XmlValue = string | XmlObject | readonly XmlObject[] | readonly string[];

/** The camt.053.001.08 document for `statement`, or the problems with its input. */
export function exportCamt053(
  statement: AccountStatement,
  options: ExportOptions,
): IsoResult<string> {
  const issues = new IssueCollector();
  const { currency } = statement;
  if (scaleOf(currency) === undefined) issues.add("currency", `unknown currency "${currency}"`);
  if (statement.accountIban === undefined && statement.accountId.length > 34) {
    issues.add("accountId", "longer than 34 characters and no IBAN given (Othr/Id is Max34Text)");
  }
  const opening = balance(issues, "opening.posted", statement.opening.posted, currency);
  const closing = balance(issues, "closing.posted", statement.closing.posted, currency);
  const entries = statement.lines.map((line, i) => entry(issues, `lines[${i}]`, line, currency));
  const times = {
    from: instant(issues, "from", statement.from),
    to: instant(issues, "to", statement.to),
  };
  const createdAt = instant(issues, "createdAt", options.createdAt);
  if (issues.count > 0) return issues.failure();
  const key = [statement.ledgerId, statement.accountId, times.from, times.to];
  const document = {
    "?xml": { "@version": "1.0", "@encoding": "UTF-8" },
    Document: {
      "@xmlns": CAMT053_NAMESPACE,
      BkToCstmrStmt: {
        GrpHdr: {
          MsgId: options.messageId ?? shortId("FOLIO", ["msg", ...key]),
          CreDtTm: createdAt,
        },
        Stmt: {
          Id: options.statementId ?? shortId("STMT", ["stmt", ...key]),
          ...(options.electronicSequence === undefined
            ? {}
            : { ElctrncSeqNb: options.electronicSequence.toString() }),
          CreDtTm: createdAt,
          FrToDt: { FrDtTm: times.from, ToDtTm: times.to },
          Acct: { Id: accountIdentification(statement), Ccy: currency },
          Bal: [
            balanceElement("OPBD", opening, currency, times.from),
            balanceElement("CLBD", closing, currency, times.to),
          ],
          ...(entries.length === 0 ? {} : { Ntry: entries.filter(isObject) }),
        },
      },
    },
  };
  return { ok: true, value: builder.build(document) };
}

// fast-xml-parser marks XMLBuilder deprecated in favour of its split-out fast-xml-builder (the
// same code, a transitive dependency only); the declared dependency is used until it is added.
// eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  format: true,
  indentBy: "  ",
  suppressEmptyNode: false,
  processEntities: true,
});

function isObject(value: XmlObject | undefined): value is XmlObject {
  return value !== undefined;
}

/** `id` when it fits Max35Text, else `prefix:` and hex of SHA-256 to 35 characters. */
export function shortId(prefix: string, parts: readonly string[]): string {
  const hash = createHash("sha256").update(JSON.stringify(parts)).digest("hex");
  return `${prefix}-${hash}`.slice(0, MAX35);
}

/** The reference an entry id is written as: itself when it fits 35 characters. */
export function entryReference(entryId: string): string {
  return entryId.length <= MAX35 ? entryId : shortId("folio", ["entry", entryId]);
}

function accountIdentification(statement: AccountStatement): XmlObject {
  return statement.accountIban === undefined
    ? { Othr: { Id: statement.accountId } }
    : { IBAN: statement.accountIban };
}

interface SignedMinor {
  readonly minor: bigint;
  readonly negative: boolean;
}

function balance(
  issues: IssueCollector,
  path: string,
  text: string,
  currency: string,
): SignedMinor {
  const negative = text.startsWith("-");
  const reading = parseIsoAmount(negative ? text.slice(1) : text, currency, { allowZero: true });
  if (!reading.ok) {
    issues.add(path, reading.reason);
    return { minor: 0n, negative: false };
  }
  return { minor: reading.minor, negative: negative && reading.minor !== 0n };
}

function balanceElement(code: string, value: SignedMinor, currency: string, at: string): XmlObject {
  return {
    Tp: { CdOrPrtry: { Cd: code } },
    Amt: { "#text": formatIsoAmount(value.minor, currency), "@Ccy": currency },
    CdtDbtInd: value.negative ? "DBIT" : "CRDT",
    Dt: { DtTm: at },
  };
}

function instant(issues: IssueCollector, path: string, text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || !/(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    issues.add(path, `"${text}" is not an ISO 8601 time with a zone`);
    return "";
  }
  return new Date(ms).toISOString();
}

function entry(
  issues: IssueCollector,
  path: string,
  line: StatementLine,
  currency: string,
): XmlObject | undefined {
  const reading = parseIsoAmount(line.amount, currency);
  if (!reading.ok) issues.add(`${path}.amount`, reading.reason);
  const effectiveAt = instant(issues, `${path}.effectiveAt`, line.effectiveAt);
  const recordedAt = instant(issues, `${path}.recordedAt`, line.recordedAt);
  if (!reading.ok) return undefined;
  const reference = entryReference(line.entryId);
  const remittance = ustrdLines(line.description ?? "");
  return {
    NtryRef: reference,
    Amt: { "#text": formatIsoAmount(reading.minor, currency), "@Ccy": currency },
    CdtDbtInd: line.side === "credit" ? "CRDT" : "DBIT",
    Sts: { Cd: "BOOK" },
    BookgDt: { DtTm: effectiveAt },
    ValDt: { DtTm: effectiveAt },
    AcctSvcrRef: String(line.sequence),
    BkTxCd: { Prtry: { Cd: "FOLIO" } },
    NtryDtls: {
      TxDtls: {
        Refs: { AcctSvcrRef: String(line.sequence), EndToEndId: reference },
        ...(remittance.length === 0 ? {} : { RmtInf: { Ustrd: remittance } }),
      },
    },
    AddtlNtryInf: `entryId=${line.entryId} recordedAt=${recordedAt}`,
  };
}

// Characters XML 1.0 cannot carry become U+FFFD; line ends are normalised to LF as XML would.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** The description in Max140Text pieces (by code point), to be joined back without spaces. */
export function ustrdLines(description: string): string[] {
  const clean = description.replace(/\r\n?/g, "\n").replace(NOT_XML, "\uFFFD");
  const points = Array.from(clean);
  const lines: string[] = [];
  for (let i = 0; i < points.length; i += USTRD_LENGTH) {
    lines.push(points.slice(i, i + USTRD_LENGTH).join(""));
  }
  return lines;
}
