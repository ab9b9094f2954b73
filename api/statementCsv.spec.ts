// An account statement as CSV (GET .../statement?format=csv) over real HTTP: text/csv with an
// attachment file name; read back with a strict RFC 4180 parser it is a header, the opening
// balance, the JSON statement's booked lines (holds and releases are not booked) with their
// running balances, and the closing balance, amounts as the JSON's decimal strings; opening +
// Σ lines = closing on the account's normal side; text that could run as a spreadsheet
// formula is escaped, a negative balance is not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

let folio: TestFolio;
const L = "/v1/ledgers/csv";
const DAY = 86_400_000;
const base = Math.floor(Date.now() / DAY) * DAY - 5 * DAY;
const day = (n: number): string => new Date(base + n * DAY).toISOString();

async function ok(method: string, path: string, body?: unknown): Promise<unknown> {
  const reply = await folio.request(method, path, body);
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

const move = (
  id: string,
  debit: string,
  credit: string,
  amount: string,
  effectiveAt: string,
  description = `movement ${id}`,
) => ({
  id,
  effectiveAt,
  description,
  postings: [
    { accountId: debit, side: "debit", amount },
    { accountId: credit, side: "credit", amount },
  ],
});

/** RFC 4180, strictly: CRLF after every record, quotes only around whole fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let at = 0;
  while (at < text.length) {
    let field = "";
    if (text[at] === '"') {
      at += 1;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote === -1) throw new Error(`unclosed quote at ${at}`);
        field += text.slice(at, quote);
        at = quote + 1;
        if (text[at] !== '"') break;
        field += '"';
        at += 1;
      }
    } else {
      const end = text.slice(at).search(/[,\r\n"]/);
      const stop = end === -1 ? text.length : at + end;
      if (text[stop] === '"') throw new Error(`a quote inside an unquoted field at ${stop}`);
      field = text.slice(at, stop);
      at = stop;
    }
    row.push(field);
    if (text[at] === ",") {
      at += 1;
    } else if (text.startsWith("\r\n", at)) {
      at += 2;
      rows.push(row);
      row = [];
    } else {
      throw new Error(`expected , or CRLF at ${at}: ${JSON.stringify(text.slice(at, at + 10))}`);
    }
  }
  if (row.length > 0) throw new Error("the last record has no CRLF");
  return rows;
}

/** A decimal string at scale 2 as minor units (the test's own exact arithmetic). */
function cents(amount: string): bigint {
  expect(amount).toMatch(/^-?\d+\.\d{2}$/);
  const negative = amount.startsWith("-");
  const units = BigInt(amount.replace("-", "").replace(".", ""));
  return negative ? -units : units;
}

interface StatementLine {
  entryId: string;
  effect: string;
  side: "debit" | "credit";
  amount: string;
  postedBalance: string;
  effectiveAt: string;
  recordedAt: string;
  description: string;
}
interface Statement {
  currency: string;
  from: string;
  to: string;
  opening: { posted: string };
  closing: { posted: string };
  lines: StatementLine[];
}

const HEADER = [
  "row",
  "booking date",
  "value date",
  "entry id",
  "description",
  "debit",
  "credit",
  "running balance",
  "currency",
];

beforeAll(async () => {
  folio = await startTestFolio();
  await ok("POST", "/v1/ledgers", {
    id: "csv",
    name: "CSV",
    reportingCurrency: "EUR",
    assets: [{ code: "EUR", scale: 2 }],
  });
  await ok("POST", `${L}/accounts`, { id: "vault", currency: "EUR", type: "asset" });
  await ok("POST", `${L}/accounts`, { id: "client:1", currency: "EUR", type: "liability" });
  await ok("POST", `${L}/entries`, move("d0", "vault", "client:1", "7.00", day(0)));
  await ok("POST", `${L}/entries`, move("d1", "vault", "client:1", "100.00", day(1)));
  await ok("POST", `${L}/entries`, move("d2", "vault", "client:1", "50.25", day(1)));
  await ok("POST", `${L}/pending`, {
    ...move("h1", "client:1", "vault", "10.00", day(2)),
    timeoutSeconds: 3600,
  });
  await ok(
    "POST",
    `${L}/entries`,
    move("w1", "client:1", "vault", "30.00", day(2), '=HYPERLINK("x"), said "cash"'),
  );
  await ok("POST", `${L}/entries/d2/reverse`, { id: "r1", effectiveAt: day(3) });
  await ok("POST", `${L}/entries`, move("w2", "client:1", "vault", "200.00", day(3)));
}, 120_000);

afterAll(async () => {
  await folio.close();
});

async function both(accountId: string, query: string): Promise<[Statement, string[][], Headers]> {
  const path = `${L}/accounts/${accountId}/statement?${query}`;
  const json = (await ok("GET", path)) as Statement;
  const reply = await folio.request("GET", `${path}&format=csv`);
  expect(reply.status).toBe(200);
  expect(typeof reply.body).toBe("string");
  return [json, parseCsv(String(reply.body)), reply.headers];
}

describe("a statement as CSV", () => {
  it("is the JSON statement's booked lines between an opening and a closing row", async () => {
    const query = `from=${day(1)}&to=${day(4)}&minSequence=9`;
    const [json, rows, headers] = await both("client:1", query);
    expect(headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(headers.get("content-disposition")).toBe(
      `attachment; filename="statement-client_1-${day(1).slice(0, 10)}-${day(4).slice(0, 10)}.csv"`,
    );
    const [header, opening, ...rest] = rows;
    const closing = rest.pop();
    expect(header).toEqual(HEADER);
    expect(opening).toEqual(["opening", json.from, json.from, "", "Opening balance", "", "", "7.00", "EUR"]); // prettier-ignore
    expect(closing).toEqual(["closing", json.to, json.to, "", "Closing balance", "", "", "-123.00", "EUR"]); // prettier-ignore

    // The hold (and nothing else) is left out: holds are not booked.
    const booked = json.lines.filter((line) => line.effect === "posted");
    expect(json.lines.length - booked.length).toBe(1);
    expect(rest.map((row) => row[3])).toEqual(["d1", "d2", "w1", "r1", "w2"]);
    expect(rest).toEqual(
      booked.map((line) => [
        "booked",
        line.recordedAt,
        line.effectiveAt,
        line.entryId,
        line.entryId === "w1" ? `'${line.description}` : line.description,
        line.side === "debit" ? line.amount : "",
        line.side === "credit" ? line.amount : "",
        line.postedBalance,
        "EUR",
      ]),
    );
    // The formula is escaped; quotes and commas survive the round trip.
    expect(rest[2]?.[4]).toBe(`'=HYPERLINK("x"), said "cash"`);
  });

  it("adds up: opening + Σ lines = closing, each running balance one step on", async () => {
    for (const [accountId, normal] of [
      ["client:1", "credit"],
      ["vault", "debit"],
    ] as const) {
      const [json, rows] = await both(accountId, `from=${day(0)}&to=${day(5)}&minSequence=9`);
      const [, opening, ...rest] = rows;
      const closing = rest.pop();
      let running = cents(opening?.[7] ?? "");
      expect(running).toBe(cents(json.opening.posted));
      for (const row of rest) {
        const debit = row[5] === "" ? 0n : cents(row[5] ?? "");
        const credit = row[6] === "" ? 0n : cents(row[6] ?? "");
        expect((debit === 0n) !== (credit === 0n)).toBe(true);
        running += normal === "credit" ? credit - debit : debit - credit;
        expect(running).toBe(cents(row[7] ?? ""));
      }
      expect(running).toBe(cents(closing?.[7] ?? ""));
      expect(closing?.[7]).toBe(json.closing.posted);
    }
  });

  it("answers an empty period with its opening and closing rows only", async () => {
    const [json, rows] = await both("client:1", `from=${day(4)}&to=${day(5)}&minSequence=9`);
    expect(json.lines).toEqual([]);
    expect(rows.map((row) => row[0])).toEqual(["row", "opening", "closing"]);
    expect(rows[1]?.[7]).toBe("-123.00");
    expect(rows[2]?.[7]).toBe("-123.00");
  });

  it("refuses an unknown format, a bad period and an unknown account as problems", async () => {
    const path = `${L}/accounts/client:1/statement?from=${day(1)}&to=${day(4)}`;
    const unknown = await folio.request("GET", `${path}&format=xlsx`);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: "invalid_request" });
    const reversed = await folio.request(
      "GET",
      `${L}/accounts/client:1/statement?from=${day(4)}&to=${day(1)}&format=csv`,
    );
    expect(reversed.status).toBe(400);
    expect(reversed.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const missing = await folio.request(
      "GET",
      `${L}/accounts/nobody/statement?from=${day(1)}&to=${day(4)}&format=csv`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: "account_not_found" });
  });
});
