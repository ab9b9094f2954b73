// The `folio` CLI run as a real process (node + the tsx launcher) against a real PostgreSQL: a
// history written through LedgerWriter (with a backdated entry and holds posted, voided and
// expired), projected to caught-up; replay and trial-balance as of sequences, recorded times,
// effective times and a known-at equal the balances read model; verify passes clean (also
// from a digest and against the read models) and fails naming the sequence after one byte of
// one stored event changes; export round-trips to the trial balance; digest is the last event;
// rebuild builds and switches a new version; bad arguments exit 2, an unreachable database 3.
import { runFolio, type FolioRun } from "./testing/runFolio.js";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  createPool,
  createTestDatabase,
  openPostgresEventStore,
  type TestDatabase,
} from "../event-store/index.js";
import {
  LedgerWriter,
  ledgerStreamId,
  type EventStore,
  type StoredEvent,
} from "../ledger-core/index.js";
import {
  activeVersion,
  auditProjection,
  balancesProjection,
  PROJECTION_MIGRATIONS,
  ProjectionRunner,
  riskInputsProjection,
  trialBalance,
  type BalanceAt,
  type TrialBalance,
} from "../projections/index.js";
import { formatAmount, type Command } from "../schemas/index.js";

const LEDGER = "bank";
const SCALES = new Map([
  ["USD", 2],
  ["EUR", 2],
]);
const logger = pino({ level: "silent" });

let database: TestDatabase;
let pool: pg.Pool;
let store: EventStore;
let tmp: string;
/** recordedAt of every event, by sequence. */
let recorded: string[] = [];
/** The sequence of the backdated entry. */
let backdatedSequence = -1;

function folio(args: readonly string[], env: Record<string, string> = {}): Promise<FolioRun> {
  return runFolio(args, { DATABASE_URL: database.url, ...env });
}

async function folioOk(args: readonly string[]): Promise<string> {
  const run = await folio(args);
  if (run.code !== 0) {
    throw new Error(`folio ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  }
  return run.stdout;
}

const MINUTE = 60_000;

async function writeHistory(): Promise<void> {
  let now = Date.parse("2026-01-10T09:00:00.000Z");
  const writer = await LedgerWriter.open({
    ledgerId: LEDGER,
    store,
    clock: () => now,
    maxBatchWaitMs: 0,
  });
  const submit = async (command: Command): Promise<void> => {
    const decision = await writer.submit({
      command,
      actor: "clerk:ada",
      correlationId: `c-${now}`,
    });
    if (decision.status === "duplicate") throw new Error(`${command.type} was a duplicate`);
    now += MINUTE;
  };
  const pay = (id: string, from: string, to: string, amount: string): Command => ({
    type: "PostEntry",
    entryId: id,
    description: `payment ${id}`,
    postings: [
      { accountId: from, side: "debit", amount },
      { accountId: to, side: "credit", amount },
    ],
  });
  await submit({
    type: "CreateLedger",
    ledgerId: LEDGER,
    name: "Replay bank",
    reportingCurrency: "USD",
    assets: [
      { code: "USD", scale: 2 },
      { code: "EUR", scale: 2 },
    ],
  });
  const accounts: [string, string, "asset" | "liability" | "income"][] = [
    ["cash:usd", "USD", "asset"],
    ["cust:a", "USD", "liability"],
    ["cust:b", "USD", "liability"],
    ["income:fees", "USD", "income"],
    ["cash:eur", "EUR", "asset"],
    ["cust:eur", "EUR", "liability"],
  ];
  for (const [accountId, currency, accountType] of accounts) {
    await submit({ type: "OpenAccount", accountId, currency, accountType });
  }
  await submit(pay("dep-1", "cash:usd", "cust:a", "1000.00"));
  await submit(pay("dep-2", "cash:eur", "cust:eur", "250.50"));
  await submit({
    type: "PendEntry",
    entryId: "hold-1",
    timeoutSeconds: 3600,
    postings: [
      { accountId: "cust:a", side: "debit", amount: "200.00" },
      { accountId: "cust:b", side: "credit", amount: "200.00" },
    ],
  });
  await submit({ type: "PostPending", pendingId: "hold-1", amount: "150.00" });
  await submit({
    type: "PendEntry",
    entryId: "hold-2",
    timeoutSeconds: 3600,
    postings: [
      { accountId: "cust:a", side: "debit", amount: "50.00" },
      { accountId: "income:fees", side: "credit", amount: "50.00" },
    ],
  });
  await submit({ type: "VoidPending", pendingId: "hold-2" });
  await submit({
    type: "PendEntry",
    entryId: "hold-3",
    timeoutSeconds: 60,
    postings: [
      { accountId: "cust:b", side: "debit", amount: "20.00" },
      { accountId: "income:fees", side: "credit", amount: "20.00" },
    ],
  });
  await submit(pay("dep-3", "cash:usd", "cust:b", "75.25"));
  now += 10 * MINUTE;
  await submit({ type: "ExpirePending", pendingId: "hold-3" });
  backdatedSequence = writer.current.chain.nextSequence;
  await submit({
    type: "PostEntry",
    entryId: "fee-backdated",
    description: "January fee, booked late",
    effectiveAt: "2026-01-05T00:00:00.000Z",
    postings: [
      { accountId: "cust:b", side: "debit", amount: "10.00" },
      { accountId: "income:fees", side: "credit", amount: "10.00" },
    ],
  });
  await submit({ type: "ReverseEntry", entryId: "rev-dep-2", reversalOf: "dep-2" });
  await submit(pay("dep-4", "cash:usd", "cust:a", "12.34"));
  await submit({
    type: "PendEntry",
    entryId: "hold-4",
    timeoutSeconds: 3600,
    postings: [
      { accountId: "cust:a", side: "debit", amount: "5.00" },
      { accountId: "cust:b", side: "credit", amount: "5.00" },
    ],
  });
  await writer.close();
}

async function project(): Promise<void> {
  await applyMigrations(pool, logger, PROJECTION_MIGRATIONS);
  for (const projection of [balancesProjection(1), auditProjection(1), riskInputsProjection(1)]) {
    const runner = new ProjectionRunner({ pool, store, projection, logger });
    await runner.start(true);
    expect(runner.status().state).toBe("caught_up");
  }
}

async function allEvents(): Promise<StoredEvent[]> {
  return store.readStream(ledgerStreamId(LEDGER), {
    fromRevision: "start",
    direction: "forwards",
    maxCount: 10_000,
  });
}

beforeAll(async () => {
  database = await createTestDatabase("folio_replay_cli");
  pool = createPool({ connectionString: database.url, logger, max: 4 });
  store = await openPostgresEventStore({ connectionString: database.url, logger });
  tmp = await mkdtemp(path.join(tmpdir(), "folio-cli-"));
  await writeHistory();
  await project();
  recorded = (await allEvents()).map((e) => {
    const metadata = e.metadata as { recordedAt: string };
    return metadata.recordedAt;
  });
});

afterAll(async () => {
  await store.close();
  await pool.end();
  await database.drop();
  await rm(tmp, { recursive: true, force: true });
});

interface JsonAccount {
  accountId: string;
  currency: string;
  accountType: string;
  postedDebits: string;
  postedCredits: string;
  pendingDebits: string;
  pendingCredits: string;
  balance: string;
  available: string;
}

interface JsonBalances {
  sequence: number | null;
  accounts: JsonAccount[];
}

const amount = (currency: string, minor: bigint): string =>
  formatAmount(minor, SCALES.get(currency) ?? 0);

/** The read model's answer in the CLI's JSON shape. */
function expectedFrom(model: TrialBalance): JsonBalances {
  const accounts = model.currencies
    .flatMap((c) => c.accounts)
    .map((a) => ({
      accountId: a.accountId,
      currency: a.currency,
      accountType: a.accountType,
      postedDebits: amount(a.currency, a.postedDebits),
      postedCredits: amount(a.currency, a.postedCredits),
      pendingDebits: amount(a.currency, a.pendingDebits),
      pendingCredits: amount(a.currency, a.pendingCredits),
      balance: amount(a.currency, a.balance),
      available: amount(a.currency, a.available),
    }))
    .sort((x, y) => (x.accountId < y.accountId ? -1 : 1));
  return { sequence: model.sequence, accounts };
}

function laterBy(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

describe("folio replay and trial-balance", () => {
  const points = (): { args: string[]; at: BalanceAt }[] => {
    const last = recorded.length - 1;
    const mid = recorded[Math.floor(last / 2)] ?? "";
    return [
      { args: [], at: { kind: "latest" } },
      { args: ["--as-of", "0"], at: { kind: "sequence", sequence: 0 } },
      { args: ["--as-of", "9"], at: { kind: "sequence", sequence: 9 } },
      { args: ["--as-of", "12"], at: { kind: "sequence", sequence: 12 } },
      { args: ["--as-of", String(last)], at: { kind: "sequence", sequence: last } },
      { args: ["--as-of", "999"], at: { kind: "sequence", sequence: 999 } },
      {
        args: ["--as-of", laterBy(mid, 30_000)],
        at: { kind: "recorded", recordedAt: laterBy(mid, 30_000) },
      },
      {
        args: ["--as-of", "2026-01-01T00:00:00Z", "--basis", "recorded"],
        at: { kind: "recorded", recordedAt: "2026-01-01T00:00:00Z" },
      },
      {
        args: ["--as-of", "2026-01-06T00:00:00Z", "--basis", "effective"],
        at: { kind: "effective", effectiveAt: "2026-01-06T00:00:00Z" },
      },
      {
        args: ["--as-of", laterBy(mid, 30_000), "--basis", "effective"],
        at: { kind: "effective", effectiveAt: laterBy(mid, 30_000) },
      },
      {
        args: ["--as-of", "2026-01-06T00:00:00Z", "--known-at", String(backdatedSequence - 1)],
        at: {
          kind: "effective",
          effectiveAt: "2026-01-06T00:00:00Z",
          knownAt: { sequence: backdatedSequence - 1 },
        },
      },
      {
        args: [
          "--as-of",
          laterBy(recorded[backdatedSequence] ?? "", -1),
          "--basis",
          "effective",
          "--known-at",
          laterBy(recorded[backdatedSequence] ?? "", 1),
        ],
        at: {
          kind: "effective",
          effectiveAt: laterBy(recorded[backdatedSequence] ?? "", -1),
          knownAt: { recordedAt: laterBy(recorded[backdatedSequence] ?? "", 1) },
        },
      },
    ];
  };

  it("replay equals the balances read model at sequences, recorded and effective times, known-at", async () => {
    for (const { args, at } of points()) {
      const output = await folioOk([
        "-q",
        "replay",
        "--ledger",
        LEDGER,
        ...args,
        "--format",
        "json",
      ]);
      const replayed = JSON.parse(output) as JsonBalances;
      const model = await trialBalance(pool, { ledgerId: LEDGER, at });
      expect({ point: args, sequence: replayed.sequence, accounts: replayed.accounts }).toEqual({
        point: args,
        ...expectedFrom(model),
      });
    }
  }, 120_000);

  it("the backdated entry shows in the effective past but not as known before it was recorded", async () => {
    const at = ["--as-of", "2026-01-06T00:00:00Z"];
    const now = JSON.parse(
      await folioOk([
        "-q",
        "replay",
        "--ledger",
        LEDGER,
        ...at,
        "--basis",
        "effective",
        "--format",
        "json",
      ]),
    ) as JsonBalances;
    const before = JSON.parse(
      await folioOk([
        "-q",
        "replay",
        "--ledger",
        LEDGER,
        ...at,
        "--known-at",
        String(backdatedSequence - 1),
        "--format",
        "json",
      ]),
    ) as JsonBalances;
    const fees = (b: JsonBalances): string | undefined =>
      b.accounts.find((a) => a.accountId === "income:fees")?.balance;
    expect(fees(now)).toBe("10.00");
    expect(fees(before)).toBe("0.00");
  });

  it("trial-balance equals the read model's and balances per currency", async () => {
    const output = await folioOk(["-q", "trial-balance", "--ledger", LEDGER, "--format", "json"]);
    const replayed = JSON.parse(output) as {
      balanced: boolean;
      currencies: {
        currency: string;
        postedDebits: string;
        postedCredits: string;
        debitBalances: string;
        creditBalances: string;
      }[];
    };
    const model = await trialBalance(pool, { ledgerId: LEDGER, at: { kind: "latest" } });
    expect(replayed.balanced).toBe(true);
    expect(replayed.currencies).toEqual(
      model.currencies.map((c) => ({
        ...replayed.currencies.find((r) => r.currency === c.currency),
        currency: c.currency,
        postedDebits: amount(c.currency, c.postedDebits),
        postedCredits: amount(c.currency, c.postedCredits),
        debitBalances: amount(c.currency, c.debitBalances),
        creditBalances: amount(c.currency, c.creditBalances),
      })),
    );
    const table = await folioOk(["-q", "trial-balance", "--ledger", LEDGER, "--as-of", "9"]);
    expect(table).toContain("USD: posted debits 1000.00 = posted credits 1000.00 (balanced)");
  });
});

/** Minimal RFC 4180 parser: quoted fields may hold commas, quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe("folio export", () => {
  interface Sums {
    debits: bigint;
    credits: bigint;
  }
  const expectedSums = async (): Promise<Map<string, Sums>> => {
    const model = await trialBalance(pool, { ledgerId: LEDGER, at: { kind: "latest" } });
    return new Map(
      model.currencies
        .flatMap((c) => c.accounts)
        .map((a) => [
          `${a.accountId}/${a.currency}`,
          { debits: a.postedDebits, credits: a.postedCredits },
        ]),
    );
  };
  const add = (sums: Map<string, Sums>, key: string, side: string, minor: bigint): void => {
    const s = sums.get(key) ?? { debits: 0n, credits: 0n };
    if (side === "debit") s.debits += minor;
    else s.credits += minor;
    sums.set(key, s);
  };
  const withZeros = (sums: Map<string, Sums>, keys: Iterable<string>): Map<string, Sums> => {
    for (const key of keys) if (!sums.has(key)) sums.set(key, { debits: 0n, credits: 0n });
    return sums;
  };

  it("JSON Lines re-sum per account and currency to the trial balance", async () => {
    const file = path.join(tmp, "journal.jsonl");
    await folioOk(["-q", "export", "--ledger", LEDGER, "--format", "jsonl", "--output", file]);
    const entries = (await readFile(file, "utf8"))
      .split("\n")
      .filter((line) => line !== "")
      .map(
        (line) =>
          JSON.parse(line) as {
            sequence: number;
            actor: string;
            hash: string;
            prevHash: string;
            effectiveAt: string;
            recordedAt: string;
            lines: {
              kind: string;
              accountId: string;
              side: string;
              amountMinor: string;
              currency: string;
              amount: string;
            }[];
          },
      );
    expect(entries.length).toBeGreaterThan(10);
    for (const entry of entries) {
      expect(entry.actor).toBe("clerk:ada");
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.prevHash).toMatch(/^[0-9a-f]{64}$/);
    }
    const sums = new Map<string, Sums>();
    for (const entry of entries) {
      for (const line of entry.lines) {
        if (line.kind !== "posted") continue;
        expect(amount(line.currency, BigInt(line.amountMinor))).toBe(line.amount);
        add(sums, `${line.accountId}/${line.currency}`, line.side, BigInt(line.amountMinor));
      }
    }
    const expected = await expectedSums();
    expect(withZeros(sums, expected.keys())).toEqual(expected);
  });

  it("CSV re-sums to the trial balance, and an as-of export holds only that prefix", async () => {
    const csv = await folioOk(["-q", "export", "--ledger", LEDGER, "--format", "csv"]);
    const [header, ...rows] = parseCsv(csv);
    const col = (name: string): number => header?.indexOf(name) ?? -1;
    const sums = new Map<string, Sums>();
    for (const row of rows) {
      if (row[col("kind")] !== "posted") continue;
      add(
        sums,
        `${row[col("account_id")]}/${row[col("currency")]}`,
        row[col("side")] ?? "",
        BigInt(row[col("amount_minor")] ?? "0"),
      );
    }
    const expected = await expectedSums();
    expect(withZeros(sums, expected.keys())).toEqual(expected);

    const prefix = await folioOk(["-q", "export", "--ledger", LEDGER, "--as-of", "9"]);
    const sequences = prefix
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => (JSON.parse(l) as { sequence: number }).sequence);
    expect(sequences.length).toBeGreaterThan(0);
    expect(Math.max(...sequences)).toBeLessThanOrEqual(9);
  });
});

describe("folio digest, verify, rebuild", () => {
  it("digest is the ledger's last event", async () => {
    const digest = JSON.parse(
      await folioOk(["-q", "digest", "--ledger", LEDGER, "--format", "json"]),
    ) as { sequence: number; hash: string };
    const [last] = await store.readStream(ledgerStreamId(LEDGER), {
      fromRevision: "end",
      direction: "backwards",
      maxCount: 1,
    });
    const metadata = last?.metadata as { sequence: number; hash: string };
    expect(digest).toMatchObject({ sequence: metadata.sequence, hash: metadata.hash });
  });

  it("verify passes on the clean ledger, from genesis, from a digest, and against the read models", async () => {
    const clean = await folio(["verify", "--ledger", LEDGER]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain(`ledger ${LEDGER}: verified`);
    // Not a TTY: plain progress lines on stderr.
    expect(clean.stderr).toMatch(/verify chain bank: \d+\/\d+ \(100%\) events/);

    const digest = JSON.parse(
      await folioOk(["-q", "digest", "--ledger", LEDGER, "--format", "json"]),
    ) as { sequence: number; hash: string };
    const mid = Math.floor(digest.sequence / 2);
    const events = await allEvents();
    const midHash = (events[mid]?.metadata as { hash: string }).hash;
    await folioOk([
      "-q",
      "verify",
      "--ledger",
      LEDGER,
      "--from-sequence",
      String(mid),
      "--from-hash",
      midHash,
    ]);
    const wrong = await folio([
      "-q",
      "verify",
      "--ledger",
      LEDGER,
      "--from-sequence",
      String(mid),
      "--from-hash",
      "0".repeat(64),
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`sequence ${mid}`);

    const proven = await folioOk([
      "-q",
      "verify",
      "--ledger",
      LEDGER,
      "--digest",
      `${mid}:${midHash}`,
    ]);
    expect(proven).toContain(`event ${mid} still has hash ${midHash}`);
    const rewritten = await folio([
      "-q",
      "verify",
      "--ledger",
      LEDGER,
      "--digest",
      `${mid}:${"f".repeat(64)}`,
    ]);
    expect(rewritten.code).toBe(1);
    expect(rewritten.stderr).toContain(`history up to sequence ${mid} was rewritten`);

    const withModels = await folioOk(["-q", "verify", "--ledger", LEDGER, "--read-models"]);
    expect(withModels).toContain("equals a fresh replay at sequences");
  }, 60_000);

  it("rebuild builds balances v2 from zero and switches readers to it", async () => {
    const output = await folioOk(["-q", "rebuild", "--projection", "balances"]);
    expect(output).toContain("rebuilt balances v2 from zero");
    expect(output).toContain("active version 1 -> 2");
    expect(await activeVersion(pool, "balances")).toBe(2);
    const v1 = await trialBalance(pool, { ledgerId: LEDGER, at: { kind: "latest" }, version: 1 });
    const v2 = await trialBalance(pool, { ledgerId: LEDGER, at: { kind: "latest" }, version: 2 });
    expect(v2).toEqual(v1);
    const again = await folio(["-q", "rebuild", "--projection", "balances", "--version", "2"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("exists already");
    await folioOk(["-q", "verify", "--ledger", LEDGER, "--read-models"]);
  }, 60_000);

  it("projections status, resume and drop: the operator's view of the versions", async () => {
    const status = await folioOk(["projections", "status", "--projection", "balances"]);
    expect(status).toMatch(
      /^\* balances v2 {2}running {2}layout \d+ {2}\d+ events applied {2}lag 0 events/m,
    );
    expect(status).toMatch(/^ {2}balances v1 {2}running/m);

    const active = await folio(["projections", "drop", "balances", "2"]);
    expect(active.code).toBe(2);
    expect(active.stderr).toContain("version_active");
    const notFailed = await folio(["projections", "resume", "balances"]);
    expect(notFailed.code).toBe(2);
    expect(notFailed.stderr).toContain("not_failed");

    await folioOk(["-q", "projections", "drop", "balances", "1"]);
    expect(await folioOk(["projections", "status"])).toMatch(/^ {2}balances v1 {2}dropped/m);
    const { rows } = await pool.query<{ found: string | null }>(
      "SELECT to_regclass('balances_history_v1')::text AS found",
    );
    expect(rows[0]?.found).toBeNull();

    await pool.query(
      `UPDATE projection_checkpoints SET status = 'failed', error = 'x',
         failed_event = '{"position":"p","streamId":"ledger-l","ledgerId":"l","sequence":7,"type":"EntryPosted","error":"x"}'
       WHERE name = 'balances' AND version = 2`,
    );
    expect(await folioOk(["projections", "status", "--projection", "balances"])).toContain(
      "stopped on ledger-l sequence 7 (EntryPosted) at position p: x",
    );
    const resumed = await folioOk(["projections", "resume", "balances"]);
    expect(resumed).toContain("resumed balances v2: it applies again from ledger-l sequence 7");
    expect(await folioOk(["projections", "status"])).toMatch(/^\* balances v2 {2}running/m);
  }, 60_000);

  it("verify fails with exit 1 naming the sequence after one byte of one stored event changes", async () => {
    // dep-1's EntryPosted: "payment dep-1" becomes "paymenT dep-1" (one byte).
    const events = await allEvents();
    const target = events.findIndex((e) => (e.data as { entryId?: string }).entryId === "dep-1");
    expect((events[target]?.data as { description?: string }).description).toBe("payment dep-1");
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query("ALTER TABLE events DISABLE TRIGGER USER");
      await admin.query(
        `UPDATE events SET data = jsonb_set(data, '{description}', '"paymenT dep-1"')
          WHERE stream_id = $1 AND revision = $2`,
        [ledgerStreamId(LEDGER), target],
      );
      await admin.query("ALTER TABLE events ENABLE TRIGGER USER");
    } finally {
      await admin.end();
    }
    const broken = await folio(["verify", "--ledger", LEDGER]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`chain broken at sequence ${target}`);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    const exported = await folio(["-q", "export", "--ledger", LEDGER]);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain(`sequence ${target}`);
  }, 60_000);
});

describe("usage errors and an unreachable database", () => {
  const noStack = (run: FolioRun): void => {
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).toContain("Usage: folio");
  };

  it("an unknown command, a missing --ledger, a bad --as-of give exit 2 with the usage", async () => {
    const unknown = await folio(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    noStack(unknown);

    const missing = await folio(["replay", "--as-of", "3"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '-l, --ledger <id>' not specified");
    noStack(missing);

    const badPoint = await folio(["replay", "--ledger", LEDGER, "--as-of", "last tuesday"]);
    expect(badPoint.code).toBe(2);
    expect(badPoint.stderr).toContain("'last tuesday' is invalid");
    noStack(badPoint);

    const effectiveSequence = await folio([
      "replay",
      "--ledger",
      LEDGER,
      "--as-of",
      "3",
      "--basis",
      "effective",
    ]);
    expect(effectiveSequence.code).toBe(2);
    noStack(effectiveSequence);

    const help = await folio(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["replay", "trial-balance", "verify", "rebuild", "export", "digest"]) {
      expect(help.stdout).toContain(command);
    }
  }, 60_000);

  it("an unreachable database gives exit 3 with a clear message", async () => {
    const run = await folio(["digest", "--ledger", LEDGER], {
      DATABASE_URL: "postgres://folio:secret@127.0.0.1:1/folio",
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      "cannot reach the database at postgres://folio:***@127.0.0.1:1/folio",
    );
    expect(run.stderr).not.toContain("secret");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
