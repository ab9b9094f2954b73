// `folio import` run as a real process against a real PostgreSQL: a camt.053 statement is
// imported into a ledger through a LedgerWriter on the store (progress on stderr, the report
// on stdout, the nostro and counter accounts moved); importing it again posts nothing; a file
// that fails the XSD exits 2 naming the element path and posts nothing; a pacs.008 outbound;
// rules for another ledger are a usage error.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { camtXml, pacsXml, type FixtureEntry } from "../connectors/iso20022/testing/fixtures.js";
import {
  createTestDatabase,
  openPostgresEventStore,
  type TestDatabase,
} from "../event-store/index.js";
import { LedgerWriter, type EventStore } from "../ledger-core/index.js";
import type { Command } from "../schemas/index.js";
import { runFolio, type FolioRun } from "./testing/runFolio.js";

const logger = pino({ level: "silent" });
let database: TestDatabase;
let store: EventStore;
let tmp: string;

const rules = {
  ledgerId: "bank",
  nostroAccountId: "nostro:eur",
  currency: "EUR",
  suspenseAccountId: "suspense:eur",
  rules: [{ match: { remittancePattern: "^Invoice" }, counterAccountId: "receivables" }],
};

function folio(args: readonly string[]): Promise<FolioRun> {
  return runFolio(args, { DATABASE_URL: database.url });
}

async function file(name: string, text: string): Promise<string> {
  const where = path.join(tmp, name);
  await writeFile(where, text, "utf8");
  return where;
}

/** Posted debits and credits of an account, as the ledger has them now (minor units). */
async function posted(accountId: string): Promise<[bigint, bigint]> {
  const writer = await LedgerWriter.open({ ledgerId: "bank", store });
  try {
    const account = writer.current.accounts.get(accountId);
    if (account === undefined) throw new Error(`no account ${accountId}`);
    return [account.postedDebits, account.postedCredits];
  } finally {
    await writer.close();
  }
}

async function head(): Promise<number> {
  const writer = await LedgerWriter.open({ ledgerId: "bank", store });
  try {
    return writer.current.chain.nextSequence;
  } finally {
    await writer.close();
  }
}

beforeAll(async () => {
  database = await createTestDatabase("folio_cli_import");
  store = await openPostgresEventStore({ connectionString: database.url, logger });
  tmp = await mkdtemp(path.join(tmpdir(), "folio-import-"));
  const writer = await LedgerWriter.open({ ledgerId: "bank", store, maxBatchWaitMs: 0 });
  const submit = async (command: Command): Promise<void> => {
    const decision = await writer.submit({ command, actor: "test", correlationId: "setup" });
    if (decision.status !== "accepted") throw new Error(`set-up ${command.type} refused`);
  };
  await submit({
    type: "CreateLedger",
    ledgerId: "bank",
    name: "Bank",
    reportingCurrency: "EUR",
    assets: [{ code: "EUR", scale: 2 }],
  });
  for (const [accountId, accountType] of [
    ["nostro:eur", "asset"],
    ["suspense:eur", "liability"],
    ["receivables", "asset"],
  ] as const) {
    await submit({ type: "OpenAccount", accountId, currency: "EUR", accountType });
  }
  await writer.close();
}, 60_000);

afterAll(async () => {
  await store.close();
  await database.drop();
  await rm(tmp, { recursive: true, force: true });
});

const entries: FixtureEntry[] = Array.from({ length: 25 }, (_, i) => ({
  ref: `R${i + 1}`,
  amount: `${i + 1}.00`,
  cdtDbt: "CRDT",
  remittance: i % 2 === 0 ? `Invoice ${i}` : `Other ${i}`,
}));

describe("folio import", () => {
  it("imports a camt.053 with progress on stderr and the report on stdout", async () => {
    const rulesFile = await file("rules.json", JSON.stringify(rules));
    const document = await file("statement.xml", camtXml({ msgId: "CLI-1", entries }));
    const run = await folio([
      "import",
      "camt053",
      document,
      "--ledger",
      "bank",
      "--rules",
      rulesFile,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/import bank: 25\/25 \(100%\)/);
    expect(run.stdout).toMatch(/message CLI-1/);
    expect(run.stdout).toMatch(/25 found, 25 posted, 0 already in the ledger/);
    // 1 + 2 + ... + 25 = 325.00 in; the odd positions (invoices) to receivables.
    expect(await posted("nostro:eur")).toEqual([32_500n, 0n]);
    expect(await posted("receivables")).toEqual([0n, 16_900n]);
    expect(await posted("suspense:eur")).toEqual([0n, 15_600n]);
  });

  it("posts nothing when the file is imported again (exit 0, all duplicates)", async () => {
    const before = await head();
    const rulesFile = await file("rules.json", JSON.stringify(rules));
    const document = await file("statement.xml", camtXml({ msgId: "CLI-1", entries }));
    const run = await folio([
      "import",
      "camt053",
      document,
      "--ledger",
      "bank",
      "--rules",
      rulesFile,
      "--format",
      "json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: "completed",
      entries: 25,
      posted: 0,
      duplicates: 25,
    });
    expect(await head()).toBe(before);
  });

  it("exits 2 for a file failing the XSD, naming the element path; nothing is posted", async () => {
    const before = await head();
    const rulesFile = await file("rules.json", JSON.stringify(rules));
    const bad = camtXml({ msgId: "CLI-BAD", entries }).replace(
      '<Amt Ccy="EUR">3.00</Amt>',
      '<Amt Ccy="EUR">three</Amt>',
    );
    const document = await file("bad.xml", bad);
    const run = await folio([
      "import",
      "camt053",
      document,
      "--ledger",
      "bank",
      "--rules",
      rulesFile,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt (line ");
    expect(run.stderr).toMatch(/refused at xsd: .*nothing was imported \[document_invalid\]/);
    expect(await head()).toBe(before);
  });

  it("imports pacs.008 outbound transfers: nostro credited, the debtor's match debited", async () => {
    const outbound = {
      ...rules,
      rules: [
        { match: { counterpartyIban: "GB29NWBK60161331926819" }, counterAccountId: "receivables" },
      ],
    };
    const rulesFile = await file("outbound.json", JSON.stringify(outbound));
    const document = await file("pacs.xml", pacsXml());
    const [, creditsBefore] = await posted("nostro:eur");
    const run = await folio([
      "import",
      "pacs008",
      document,
      "--ledger",
      "bank",
      "--rules",
      rulesFile,
      "--direction",
      "outbound",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/2 found, 2 posted/);
    const [, creditsAfter] = await posted("nostro:eur");
    expect(creditsAfter - creditsBefore).toBe(26_250n);
  });

  it("refuses rules for another ledger and --direction on camt053 as usage errors (exit 2)", async () => {
    const rulesFile = await file("other.json", JSON.stringify({ ...rules, ledgerId: "other" }));
    const document = await file("statement.xml", camtXml({ msgId: "CLI-1", entries }));
    const other = await folio([
      "import",
      "camt053",
      document,
      "--ledger",
      "bank",
      "--rules",
      rulesFile,
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/rules are for ledger other/);
    const good = await file("rules.json", JSON.stringify(rules));
    const direction = await folio([
      "import",
      "camt053",
      document,
      "--ledger",
      "bank",
      "--rules",
      good,
      "--direction",
      "inbound",
    ]);
    expect(direction.code).toBe(2);
  });
});
