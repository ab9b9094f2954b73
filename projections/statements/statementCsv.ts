// The CSV form of an account statement (`GET .../statement?format=csv`), pure: made from the
// JSON statement (statementJson.ts) so its figures are the JSON answer's own decimal strings.
// A header row, an opening balance row, one row per booked line (a line whose effect is
// `posted`, as camt.053 books them: holds and their releases move no posted balance), and a
// closing balance row. Then opening + Σ (credit − debit, on the account's normal side) =
// closing, and each row's running balance is the JSON line's `postedBalance`.
//
// Written by csv-stringify (RFC 4180 quoting, CRLF records) with formula escaping: a text cell
// that starts with =, +, -, @, a tab or a carriage return (or their full-width forms) gets a
// leading ' so a spreadsheet shows it as text instead of running it. Amounts are handed to
// csv-stringify as numbers (which it never escapes) and cast back to their exact text, so a
// negative balance stays "-5.00".
import { stringify } from "csv-stringify/sync";
import type { StatementJson } from "./statementJson.js";

export const STATEMENT_CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

/** The header row, in column order. */
export const STATEMENT_CSV_COLUMNS = [
  "row",
  "booking date",
  "value date",
  "entry id",
  "description",
  "debit",
  "credit",
  "running balance",
  "currency",
] as const;

/** A decimal amount the statement formatted itself: written as is, never formula-escaped. */
class Amount {
  constructor(readonly text: string) {
    if (!/^-?[0-9]+(\.[0-9]+)?$/.test(text)) throw new RangeError(`not an amount: ${text}`);
  }
}

type Cell = string | Amount;

function csvOf(rows: readonly (readonly Cell[])[]): string {
  const amounts: string[] = [];
  const records = rows.map((row) =>
    row.map((cell) => (typeof cell === "string" ? cell : amounts.push(cell.text) - 1)),
  );
  return stringify(records, {
    escape_formulas: true,
    record_delimiter: "\r\n",
    cast: { number: (index) => amounts[index] ?? "" },
  });
}

/** The statement as CSV text (header, opening, booked lines, closing; CRLF after each row). */
export function statementCsv(statement: StatementJson): string {
  const currency = statement.currency;
  const rows: Cell[][] = [[...STATEMENT_CSV_COLUMNS]];
  rows.push([
    "opening",
    statement.from,
    statement.from,
    "",
    "Opening balance",
    "",
    "",
    new Amount(statement.opening.posted),
    currency,
  ]);
  for (const line of statement.lines) {
    if (line.effect !== "posted") continue;
    const amount = new Amount(line.amount);
    rows.push([
      "booked",
      line.recordedAt,
      line.effectiveAt,
      line.entryId,
      line.description,
      line.side === "debit" ? amount : "",
      line.side === "credit" ? amount : "",
      new Amount(line.postedBalance),
      currency,
    ]);
  }
  rows.push([
    "closing",
    statement.to,
    statement.to,
    "",
    "Closing balance",
    "",
    "",
    new Amount(statement.closing.posted),
    currency,
  ]);
  return csvOf(rows);
}

/** The attachment's file name: statement-<account>-<from>-<to>.csv, in safe characters. */
export function statementCsvFilename(statement: StatementJson): string {
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/g, "_");
  const day = (iso: string): string => iso.slice(0, 10);
  return `statement-${safe(statement.accountId)}-${day(statement.from)}-${day(statement.to)}.csv`;
}
