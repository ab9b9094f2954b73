// Output of replay and trial-balance: an aligned table, JSON or CSV on stdout. Money is bigint
// minor units inside and printed with formatAmount at the asset's scale. CSV is written by
// csv-stringify (RFC 4180 quoting) with formula escaping: a text cell that starts with =, +,
// -, @, a tab or a carriage return (or their full-width forms) gets a leading ' so that a
// spreadsheet shows it as text instead of running it. Numbers Folio formats itself (amounts,
// sequences) are written as numbers, unescaped: a signed decimal cannot be a formula.
import { stringify } from "csv-stringify/sync";
import { formatAmount } from "../schemas/index.js";
import { describePoint, pointJson } from "./point.js";
import { trialBalanceOf, type ReplayedAccount, type ReplayResult } from "./replay.js";

export type OutputFormat = "table" | "json" | "csv";

export function amountText(result: ReplayResult, currency: string, minor: bigint): string {
  const scale = result.scales.get(currency);
  return scale === undefined ? minor.toString() : formatAmount(minor, scale);
}

/** A decimal number Folio formatted itself (an amount, a sequence): a number in CSV. */
export class CsvNumber {
  private static readonly PATTERN = /^-?[0-9]+(\.[0-9]+)?$/;
  constructor(readonly text: string) {
    if (!CsvNumber.PATTERN.test(text)) throw new RangeError(`not a decimal number: ${text}`);
  }
}

export type CsvCell = string | CsvNumber;

export const csvNumber = (value: string | number): CsvNumber => new CsvNumber(String(value));

/**
 * CSV of `rows`, one line each, joined by "\n" (no newline after the last). Text is
 * formula-escaped; a CsvNumber is handed to csv-stringify as a number, which it does not
 * escape, and cast back to its exact text (a JS number would lose scale and precision).
 */
export function csvLines(rows: readonly (readonly CsvCell[])[]): string {
  const numbers: string[] = [];
  const records = rows.map((row) =>
    row.map((cell) => (typeof cell === "string" ? cell : numbers.push(cell.text) - 1)),
  );
  return stringify(records, {
    escape_formulas: true,
    eof: false,
    cast: { number: (index) => numbers[index] ?? "" },
  });
}

/** Lays rows out in columns; columns listed in `right` are right-aligned (numbers). */
export function table(
  header: readonly string[],
  rows: readonly string[][],
  right: ReadonlySet<number>,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) =>
        right.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function headerLine(result: ReplayResult): string {
  const reflects =
    result.sequence === null ? "nothing recorded by then" : `sequence ${result.sequence}`;
  return `ledger ${result.ledgerId} as of ${describePoint(result.point)} (reflects ${reflects}; stream head ${result.head})`;
}

const ACCOUNT_COLUMNS = [
  "account",
  "type",
  "currency",
  "posted debits",
  "posted credits",
  "pending debits",
  "pending credits",
  "balance",
  "available",
] as const;

function accountCells(result: ReplayResult, a: ReplayedAccount): string[] {
  const m = (minor: bigint): string => amountText(result, a.currency, minor);
  return [
    a.accountId,
    a.accountType,
    a.currency,
    m(a.postedDebits),
    m(a.postedCredits),
    m(a.pendingDebits),
    m(a.pendingCredits),
    m(a.balance),
    m(a.available),
  ];
}

function accountJson(result: ReplayResult, a: ReplayedAccount): Record<string, string> {
  const m = (minor: bigint): string => amountText(result, a.currency, minor);
  return {
    accountId: a.accountId,
    accountType: a.accountType,
    currency: a.currency,
    postedDebits: m(a.postedDebits),
    postedCredits: m(a.postedCredits),
    pendingDebits: m(a.pendingDebits),
    pendingCredits: m(a.pendingCredits),
    balance: m(a.balance),
    available: m(a.available),
  };
}

const NUMERIC_ACCOUNT_COLUMNS = new Set([3, 4, 5, 6, 7, 8]);

/** `folio replay` output: every account's counters and balances. */
export function formatBalances(result: ReplayResult, format: OutputFormat): string {
  switch (format) {
    case "json":
      return JSON.stringify(
        {
          ledgerId: result.ledgerId,
          asOf: pointJson(result.point),
          sequence: result.sequence,
          head: result.head,
          accounts: result.accounts.map((a) => accountJson(result, a)),
        },
        null,
        2,
      );
    case "csv":
      return csvLines([
        ACCOUNT_COLUMNS.map((c) => c.replaceAll(" ", "_")),
        ...result.accounts.map((a) =>
          accountCells(result, a).map((cell, i) =>
            NUMERIC_ACCOUNT_COLUMNS.has(i) ? csvNumber(cell) : cell,
          ),
        ),
      ]);
    case "table":
      return [
        headerLine(result),
        "",
        table(
          ACCOUNT_COLUMNS,
          result.accounts.map((a) => accountCells(result, a)),
          NUMERIC_ACCOUNT_COLUMNS,
        ),
      ].join("\n");
  }
}

/** `folio trial-balance` output: per currency, every account's debit or credit balance and totals. */
export function formatTrialBalance(result: ReplayResult, format: OutputFormat): string {
  const currencies = trialBalanceOf(result);
  const m = (currency: string, minor: bigint): string => amountText(result, currency, minor);
  const debitOf = (a: ReplayedAccount): bigint =>
    a.postedDebits > a.postedCredits ? a.postedDebits - a.postedCredits : 0n;
  const creditOf = (a: ReplayedAccount): bigint =>
    a.postedCredits > a.postedDebits ? a.postedCredits - a.postedDebits : 0n;
  switch (format) {
    case "json":
      return JSON.stringify(
        {
          ledgerId: result.ledgerId,
          asOf: pointJson(result.point),
          sequence: result.sequence,
          head: result.head,
          balanced: currencies.every((c) => c.balanced),
          currencies: currencies.map((c) => ({
            currency: c.currency,
            postedDebits: m(c.currency, c.postedDebits),
            postedCredits: m(c.currency, c.postedCredits),
            pendingDebits: m(c.currency, c.pendingDebits),
            pendingCredits: m(c.currency, c.pendingCredits),
            debitBalances: m(c.currency, c.debitBalances),
            creditBalances: m(c.currency, c.creditBalances),
            balanced: c.balanced,
            accounts: c.accounts.map((a) => ({
              ...accountJson(result, a),
              debitBalance: m(c.currency, debitOf(a)),
              creditBalance: m(c.currency, creditOf(a)),
            })),
          })),
        },
        null,
        2,
      );
    case "csv": {
      const n = (currency: string, minor: bigint): CsvNumber => csvNumber(m(currency, minor));
      return csvLines([
        [
          "currency",
          "account",
          "type",
          "posted_debits",
          "posted_credits",
          "debit_balance",
          "credit_balance",
        ],
        ...currencies.flatMap((c) => [
          ...c.accounts.map((a) => [
            c.currency,
            a.accountId,
            a.accountType,
            n(c.currency, a.postedDebits),
            n(c.currency, a.postedCredits),
            n(c.currency, debitOf(a)),
            n(c.currency, creditOf(a)),
          ]),
          [
            c.currency,
            "TOTAL",
            "",
            n(c.currency, c.postedDebits),
            n(c.currency, c.postedCredits),
            n(c.currency, c.debitBalances),
            n(c.currency, c.creditBalances),
          ],
        ]),
      ]);
    }
    case "table": {
      const parts = [headerLine(result)];
      for (const c of currencies) {
        const rows = c.accounts.map((a) => [
          a.accountId,
          a.accountType,
          m(c.currency, debitOf(a)),
          m(c.currency, creditOf(a)),
        ]);
        rows.push(["TOTAL", "", m(c.currency, c.debitBalances), m(c.currency, c.creditBalances)]);
        parts.push(
          "",
          `${c.currency}: posted debits ${m(c.currency, c.postedDebits)} = posted credits ${m(c.currency, c.postedCredits)}${c.balanced ? " (balanced)" : " (DOES NOT BALANCE)"}`,
          table(["account", "type", "debit", "credit"], rows, new Set([2, 3])),
        );
      }
      if (currencies.length === 0) parts.push("", "(no accounts)");
      return parts.join("\n");
    }
  }
}
