// The `folio` CLI's outcomes, run as a real process against a real PostgreSQL: one exit code
// per kind of outcome (0 ok, 1 verification failed, 2 usage, 3 unreachable, 4 a bug: an
// events table missing a column), each a single line on stderr without a stack; export to an
// output that cannot be written (exit 2, output_unwritable); CSV that a spreadsheet cannot run
// (a description starting with =, +, -, @, tab or CR is neutralised, amounts stay numbers);
// digest states whether it verified the chain, and refuses the head of a broken chain.
import { runFolio, type FolioRun } from "./testing/runFolio.js";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  openPostgresEventStore,
  type TestDatabase,
} from "../event-store/index.js";
import { LedgerWriter, ledgerStreamId, type EventStore } from "../ledger-core/index.js";
import type { Command } from "../schemas/index.js";

const logger = pino({ level: "silent" });
/** Descriptions a spreadsheet would run as formulas if written as they are. */
const FORMULAS = ["=1+2", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", "\tTAB=1", "\rCR=1"];

let database: TestDatabase;
let broken: TestDatabase;
let store: EventStore;
let tmp: string;

function folio(args: readonly string[], url = database.url): Promise<FolioRun> {
  return runFolio(args, { DATABASE_URL: url });
}

/** One line on stderr, no stack trace. */
function oneLine(run: FolioRun): string {
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  return run.stderr;
}

/** RFC 4180 records as objects keyed by the header (quoted fields may hold , " CR LF). */
function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [[]];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charAt(i);
    const row = records[records.length - 1] ?? [];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ",") {
      row.push(field);
      field = "";
    } else if (!quoted && ch === "\n") {
      row.push(field);
      field = "";
      records.push([]);
    } else field += ch;
  }
  records[records.length - 1]?.push(field);
  const [header = [], ...rows] = records.filter((r) => r.length > 1);
  return rows.map((r) => Object.fromEntries(header.map((name, i) => [name, r[i] ?? ""])));
}

async function writeLedger(ledgerId: string, descriptions: readonly string[]): Promise<void> {
  const writer = await LedgerWriter.open({ ledgerId, store, maxBatchWaitMs: 0 });
  const submit = async (command: Command): Promise<void> => {
    await writer.submit({ command, actor: "clerk:ada", correlationId: `c-${ledgerId}` });
  };
  await submit({
    type: "CreateLedger",
    ledgerId,
    name: "Outcomes",
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  });
  await submit({ type: "OpenAccount", accountId: "cash", currency: "USD", accountType: "asset" });
  await submit({
    type: "OpenAccount",
    accountId: "cust",
    currency: "USD",
    accountType: "liability",
  });
  for (const [index, description] of descriptions.entries()) {
    await submit({
      type: "PostEntry",
      entryId: `e-${index}`,
      description,
      postings: [
        { accountId: "cust", side: "debit", amount: "12.50" },
        { accountId: "cash", side: "credit", amount: "12.50" },
      ],
    });
  }
  await writer.close();
}

async function sql(url: string, text: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase("folio_cli_outcomes");
  broken = await createTestDatabase("folio_cli_broken");
  store = await openPostgresEventStore({ connectionString: database.url, logger });
  tmp = await mkdtemp(path.join(tmpdir(), "folio-cli-outcomes-"));
  await writeLedger("bank", FORMULAS);
  await writeLedger("tampered", ["one", "two"]);
  // Its export is larger than a stream's buffer: a write fails while the export still runs.
  await writeLedger(
    "large",
    Array.from({ length: 30 }, (_, i) => `${i} ${"x".repeat(500)}`),
  );
  // One byte of entry e-0's description, changed behind the chain's back.
  await sql(database.url, "ALTER TABLE events DISABLE TRIGGER USER");
  await sql(
    database.url,
    `UPDATE events SET data = jsonb_set(data, '{description}', '"onE"')
      WHERE stream_id = $1 AND data->>'entryId' = 'e-0'`,
    [ledgerStreamId("tampered")],
  );
  await sql(database.url, "ALTER TABLE events ENABLE TRIGGER USER");
  // A store whose events table lost a column: every read is an error nobody planned for.
  const other = await openPostgresEventStore({ connectionString: broken.url, logger });
  await other.close();
  await sql(broken.url, "ALTER TABLE events RENAME COLUMN data TO data_gone");
});

afterAll(async () => {
  await store.close();
  await database.drop();
  await broken.drop();
  await rm(tmp, { recursive: true, force: true });
});

describe("exit codes", () => {
  it("0 when all is well, 1 when verification fails, 2 for usage", async () => {
    expect((await folio(["-q", "verify", "--ledger", "bank"])).code).toBe(0);
    const failed = await folio(["-q", "verify", "--ledger", "tampered"]);
    expect(failed.code).toBe(1);
    expect(oneLine(failed)).toContain("folio: verification failed: chain broken at sequence 3");
    const usage = await folio(["verify", "--ledger", "bank", "--no-such-flag"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("unknown option '--no-such-flag'");
  });

  it("3 when the store cannot be reached, 4 for an unexpected error (a bug), one line each", async () => {
    const unreachable = await folio(["digest", "--ledger", "bank"], "postgres://x@127.0.0.1:1/x");
    expect(unreachable.code).toBe(3);
    expect(oneLine(unreachable)).toContain("cannot reach the database");
    const bug = await folio(["-q", "digest", "--ledger", "bank"], broken.url);
    expect(bug.code).toBe(4);
    expect(oneLine(bug)).toMatch(
      /^folio: internal error \(a bug; FOLIO_DEBUG=1 prints its stack\): error: column .*data.* does not exist \[internal_error\]/,
    );
  });
});

describe("folio export --output", () => {
  it("to a missing directory or a path that is a directory: exit 2, one line, a code", async () => {
    for (const [target, reason] of [
      [path.join(tmp, "no-such-dir", "journal.jsonl"), "no such file or directory (ENOENT)"],
      [tmp, "illegal operation on a directory (EISDIR)"],
    ] as const) {
      const run = await folio(["-q", "export", "--ledger", "bank", "--output", target]);
      expect(run.code).toBe(2);
      expect(oneLine(run)).toBe(`folio: cannot write ${target}: ${reason} [output_unwritable]\n`);
    }
  });

  it("to a full device, failing at the end or half-way: exit 2 naming it, not a stack", async () => {
    for (const ledger of ["bank", "large"]) {
      const run = await folio(["-q", "export", "--ledger", ledger, "-o", "/dev/full"]);
      expect(run.code).toBe(2);
      expect(oneLine(run)).toBe(
        "folio: cannot write /dev/full: no space left on device (ENOSPC) [output_unwritable]\n",
      );
    }
  });
});

describe("CSV is formula-safe", () => {
  it("export neutralises text starting with = + - @ tab or CR; amounts stay numbers", async () => {
    const file = path.join(tmp, "journal.csv");
    const run = await folio(["-q", "export", "--ledger", "bank", "--format", "csv", "-o", file]);
    expect(run.code).toBe(0);
    const rows = parseCsv(await readFile(file, "utf8"));
    const descriptions = [...new Set(rows.map((row) => row.description))];
    expect(descriptions).toEqual(FORMULAS.map((text) => `'${text}`));
    expect(new Set(rows.map((row) => row.amount))).toEqual(new Set(["12.50"]));
  });

  it("replay writes negative balances as numbers, not escaped text", async () => {
    const run = await folio(["-q", "replay", "--ledger", "bank", "--format", "csv"]);
    expect(run.code).toBe(0);
    const rows = parseCsv(run.stdout);
    const cash = rows.find((row) => row.account === "cash");
    expect(cash).toMatchObject({ balance: "-75.00", available: "-75.00" });
    expect(run.stdout).not.toContain("'-");
  });
});

describe("folio digest", () => {
  it("verifies the chain from genesis by default and says so; --no-verify says it did not", async () => {
    const verified = await folio(["-q", "digest", "--ledger", "bank", "--format", "json"]);
    expect(verified.code).toBe(0);
    const last = FORMULAS.length + 2;
    expect(JSON.parse(verified.stdout)).toMatchObject({
      ledgerId: "bank",
      sequence: last,
      verified: true,
      verifiedThrough: last,
    });
    const text = await folio(["-q", "digest", "--ledger", "bank"]);
    expect(text.stdout).toContain(
      `verified   yes: the chain from genesis through sequence ${last}`,
    );

    const unverified = await folio(["-q", "digest", "--ledger", "tampered", "--no-verify"]);
    expect(unverified.code).toBe(0);
    expect(unverified.stdout).toContain("verified   NO (--no-verify)");
    const json = await folio(["-q", "digest", "-l", "tampered", "--no-verify", "--format", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ verified: false, verifiedThrough: null });
  });

  it("refuses to give the head of a broken chain (exit 1)", async () => {
    const run = await folio(["-q", "digest", "--ledger", "tampered"]);
    expect(run.code).toBe(1);
    expect(oneLine(run)).toContain("chain broken at sequence 3");
    expect(run.stdout).toBe("");
  });
});
