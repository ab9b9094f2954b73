// `folio export camt053` run as a real process against the database of a running Folio: the
// statement it writes validates against the bundled camt.053.001.08 XSD and is, but for the
// creation times, the very document `GET .../statement?format=camt053` answers (both axes);
// `--format json` is the route's JSON statement. Bad periods and unknown accounts are usage
// errors (exit 2); read models that are not built are exit 3.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "../api/testing/testFolio.js";
import { bundledValidator } from "../connectors/iso20022/index.js";
import {
  createTestDatabase,
  openPostgresEventStore,
  type TestDatabase,
} from "../event-store/index.js";
import { LedgerWriter } from "../ledger-core/index.js";
import type { Command } from "../schemas/index.js";
import { runFolio, type FolioRun } from "./testing/runFolio.js";

let folio: TestFolio;
let tmp: string;
const L = "/v1/ledgers/iso";
const DAY = 86_400_000;
const base = Math.floor(Date.now() / DAY) * DAY - 5 * DAY;
const day = (n: number): string => new Date(base + n * DAY).toISOString();
/** The last sequence of the set-up below: the read models are waited for up to it. */
const LAST = 7;

async function ok(method: string, route: string, body?: unknown): Promise<unknown> {
  const reply = await folio.request(method, route, body);
  if (reply.status >= 300) throw new Error(`${method} ${route}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

const move = (id: string, debit: string, credit: string, amount: string, effectiveAt: string) => ({
  id,
  effectiveAt,
  description: `movement ${id} <&>`,
  postings: [
    { accountId: debit, side: "debit", amount },
    { accountId: credit, side: "credit", amount },
  ],
});

function cli(args: readonly string[], url = folio.database.url): Promise<FolioRun> {
  return runFolio(args, { DATABASE_URL: url });
}

/** The document without its creation times (GrpHdr/CreDtTm and Stmt/CreDtTm). */
const withoutCreation = (xml: string): string => xml.replace(/<CreDtTm>[^<]*<\/CreDtTm>/g, "");

async function httpStatement(query: string): Promise<string> {
  const reply = await folio.request(
    "GET",
    `${L}/accounts/client/statement?${query}&format=camt053&minSequence=${LAST}`,
  );
  expect(reply.status).toBe(200);
  return String(reply.body);
}

beforeAll(async () => {
  folio = await startTestFolio();
  tmp = await mkdtemp(path.join(tmpdir(), "folio-camt053-"));
  await ok("POST", "/v1/ledgers", {
    id: "iso",
    name: "ISO",
    reportingCurrency: "EUR",
    assets: [{ code: "EUR", scale: 2 }],
  });
  await ok("POST", `${L}/accounts`, { id: "vault", currency: "EUR", type: "asset" });
  await ok("POST", `${L}/accounts`, {
    id: "client",
    currency: "EUR",
    type: "liability",
    metadata: { iban: "DE44500105175407324931" },
  });
  await ok("POST", `${L}/entries`, move("d1", "vault", "client", "100.00", day(0)));
  await ok("POST", `${L}/entries`, move("d2", "vault", "client", "50.25", day(1)));
  await ok("POST", `${L}/entries`, move("w1", "client", "vault", "30.00", day(2)));
  await ok("POST", `${L}/pending`, {
    ...move("h1", "client", "vault", "10.00", day(2)),
    timeoutSeconds: 3600,
  });
  await ok("POST", `${L}/entries/d2/reverse`, { id: "r1", effectiveAt: day(3) });
  // Both read models have applied the last event once a statement waiting for it answers.
  await httpStatement(`from=${day(1)}&to=${day(4)}`);
}, 120_000);

afterAll(async () => {
  await folio.close();
  await rm(tmp, { recursive: true, force: true });
});

describe("folio export camt053", () => {
  it("writes the route's document, valid against the XSD, on the effective axis", async () => {
    const out = path.join(tmp, "effective.xml");
    const run = await cli([
      "export",
      "camt053",
      "--ledger",
      "iso",
      "--account",
      "client",
      "--from",
      day(1),
      "--to",
      day(4),
      "--out",
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /exported the statement of client in ledger iso .*consistent at sequence 7/,
    );
    const xml = await readFile(out, "utf8");
    const validity = await (await bundledValidator("camt.053.001.08")).validate(xml);
    expect(validity.valid, JSON.stringify(validity)).toBe(true);
    expect(xml.match(/<CreDtTm>/g)).toHaveLength(2);
    const http = await httpStatement(`from=${day(1)}&to=${day(4)}`);
    expect(withoutCreation(xml)).toBe(withoutCreation(http));
    expect(xml).toContain("DE44500105175407324931");
  });

  it("answers the same on the recorded axis, to stdout, with dates as period ends", async () => {
    const to = new Date(Date.now() + DAY).toISOString().slice(0, 10);
    const from = new Date(Date.now() - DAY).toISOString().slice(0, 10);
    // A recorded period may not end in the future: end it now.
    const now = new Date().toISOString();
    const run = await cli([
      "export",
      "camt053",
      "-q",
      "--ledger",
      "iso",
      "--account",
      "client",
      "--from",
      from,
      "--to",
      now,
      "--basis",
      "recorded",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    const validity = await (await bundledValidator("camt.053.001.08")).validate(run.stdout);
    expect(validity.valid, JSON.stringify(validity)).toBe(true);
    const http = await httpStatement(`from=${from}&to=${encodeURIComponent(now)}&basis=recorded`);
    expect(withoutCreation(run.stdout)).toBe(withoutCreation(http));

    const future = await cli([
      "export",
      "camt053",
      "--ledger",
      "iso",
      "--account",
      "client",
      "--from",
      from,
      "--to",
      `${to}T12:00:00Z`,
      "--basis",
      "recorded",
    ]);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/in the future/);
  });

  it("writes the route's JSON statement with --format json", async () => {
    const query = `from=${day(0)}&to=${day(5)}&minSequence=${LAST}`;
    const http = await ok("GET", `${L}/accounts/client/statement?${query}`);
    const run = await cli([
      "export",
      "camt053",
      "--ledger",
      "iso",
      "--account",
      "client",
      "--from",
      day(0),
      "--to",
      day(5),
      "--format",
      "json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(http);
  });

  it("refuses bad periods, an unknown account or ledger as usage errors (exit 2)", async () => {
    const statement = (from: string, to: string, account = "client", ledger = "iso") =>
      cli([
        "export",
        "camt053",
        "--ledger",
        ledger,
        "--account",
        account,
        "--from",
        from,
        "--to",
        to,
      ]);
    const reversed = await statement(day(4), day(1));
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toMatch(/--to must be after --from/);
    const empty = await statement(day(1), day(1));
    expect(empty.code).toBe(2);
    const long = await statement("2025-01-01", "2026-01-03");
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/at most 366 days.*period_too_long/);
    const unreadable = await statement("yesterday", day(1));
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/--from <time>' argument 'yesterday' is invalid/);
    const noZone = await statement("2026-01-01T00:00:00", day(1));
    expect(noZone.code).toBe(2);
    const account = await statement(day(1), day(4), "nobody");
    expect(account.code).toBe(2);
    expect(account.stderr).toMatch(/account nobody does not exist/);
    const ledger = await statement(day(1), day(4), "client", "nowhere");
    expect(ledger.code).toBe(2);
    expect(ledger.stderr).toMatch(/ledger nowhere has no events/);
  });

  it("leaves `folio export` of the journal as it was", async () => {
    const run = await cli(["export", "--ledger", "iso", "--format", "csv", "-q"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/d1/);
  });

  it("exits 3 naming the read model when the read models are not built", async () => {
    const logger = pino({ level: "silent" });
    const bare: TestDatabase = await createTestDatabase("folio_cli_camt053");
    try {
      const store = await openPostgresEventStore({ connectionString: bare.url, logger });
      const writer = await LedgerWriter.open({ ledgerId: "bare", store, maxBatchWaitMs: 0 });
      const submit = async (command: Command): Promise<void> => {
        const decision = await writer.submit({ command, actor: "test", correlationId: "setup" });
        if (decision.status !== "accepted") throw new Error(`set-up ${command.type} refused`);
      };
      try {
        await submit({
          type: "CreateLedger",
          ledgerId: "bare",
          name: "Bare",
          reportingCurrency: "EUR",
          assets: [{ code: "EUR", scale: 2 }],
        });
        await submit({
          type: "OpenAccount",
          accountId: "cash",
          currency: "EUR",
          accountType: "asset",
        });
      } finally {
        await writer.close();
        await store.close();
      }
      const run = await cli(
        [
          "export",
          "camt053",
          "--ledger",
          "bare",
          "--account",
          "cash",
          "--from",
          day(0),
          "--to",
          day(1),
        ],
        bare.url,
      );
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/balances read model .*\[read_model_unavailable\]/);
    } finally {
      await bare.drop();
    }
  });
});
