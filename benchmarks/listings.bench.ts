// The listings read model at scale (`npm run bench:listings`, projections/listings):
//  1. writer: BENCH_LEDGERS small ledgers (for the ledgers listing), then one ledger (USD and
//     EUR) with BENCH_ACCOUNTS customer accounts `cust:00042:main` (types, sector, country,
//     metadata) and two clearing accounts, and BENCH_ENTRIES commands through one LedgerWriter,
//     closed loop (BENCH_GEN_CALLERS callers): transfers with metadata (a share through a
//     clearing account, a share backdated up to a year), holds (posted, voided, expired or left
//     open), reversals and a few rejected entries, from 10 actors;
//  2. catch-up: a fresh listings runner from zero until caught up, events/s;
//  3. queries (listingsQueries.ts): every kind of listing as its route runs it minus HTTP,
//     first page and deep page, BENCH_QUERIES each, sequentially; p50 / p99 per kind, and
//     EXPLAIN (ANALYZE, BUFFERS) of every kind whose p99 is above the 20 ms target.
// Database as for bench:append (benchDatabase.ts). Settings: BENCH_ENTRIES (1,000,000),
// BENCH_ACCOUNTS (100,000), BENCH_QUERIES (per kind and page, 200), BENCH_PAGE (rows, 50),
// BENCH_LEDGERS (200), BENCH_GEN_CALLERS (2,000).
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import pino from "pino";
import { applyMigrations, createPool, openPostgresEventStore } from "../event-store/index.js";
import {
  LedgerWriter,
  WriterError,
  type CommandRequest,
  type EventStore,
} from "../ledger-core/index.js";
import {
  listingsProjection,
  PROJECTION_MIGRATIONS,
  ProjectionRunner,
} from "../projections/index.js";
import type { AccountType, Command } from "../schemas/index.js";
import { describeDatabase, openBenchDatabase } from "./benchDatabase.js";
import { benchRequest } from "./benchLedger.js";
import {
  explainKind,
  kindRow,
  listingRowCounts,
  timeKinds,
  type KindRun,
  type ListingTarget,
} from "./listingsQueries.js";
import {
  machineRows,
  positiveIntegerSetting,
  printResult,
  printTable,
  type Samples,
} from "./machine.js";

/** Logs go to stderr: the last line of stdout is the RESULT. */
const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" }, pino.destination(2));
const entryCount = positiveIntegerSetting("BENCH_ENTRIES", 1_000_000);
const accountCount = positiveIntegerSetting("BENCH_ACCOUNTS", 100_000);
const queriesPerKind = positiveIntegerSetting("BENCH_QUERIES", 200);
const pageSize = positiveIntegerSetting("BENCH_PAGE", 50);
const ledgerCount = positiveIntegerSetting("BENCH_LEDGERS", 200);
const callers = positiveIntegerSetting("BENCH_GEN_CALLERS", 2_000);

const VERSION = 1;
const TARGET_P99_MS = 20;
/** At most this long per kind and page (a slow plan must not stall the run). */
const KIND_BUDGET_MS = 10_000;
const SUBMIT_CHUNK = 1_000;
const MAX_WRITE_ERRORS = 10_000;
const DAY_MS = 86_400_000;
const SECTORS = ["C25", "F41", "G46", "H49", "J62", "K64", "L68", "M70"] as const;
const COUNTRIES = ["DE", "FR", "NL", "IT", "ES", "GB", "US", "IE"] as const;
const SEGMENTS = ["retail", "sme", "corporate", "private"] as const;
const TYPES: readonly AccountType[] = ["asset", "liability", "liability", "income", "expense"];
/** Channel weights: "branch" (2 %) is the one the metadata filter selects. */
const CHANNELS = Object.entries({ web: 40, app: 30, api: 20, batch: 8, branch: 2 }).flatMap(
  ([channel, weight]) => Array.from({ length: weight }, () => channel),
);
const ACTORS = Array.from({ length: 10 }, (_, i) => `teller-${String(i).padStart(2, "0")}`);
const CLEARING = { USD: "house:clearing:usd", EUR: "house:clearing:eur" } as const;

const ledgerId = `listings-bench-${randomUUID().slice(0, 8)}`;
const pad = Math.max(5, String(accountCount - 1).length);
const accountId = (index: number): string => `cust:${String(index).padStart(pad, "0")}:main`;
/** Every tenth customer account is in EUR. */
const isEur = (index: number): boolean => index % 10 === 9;

/** A deterministic pseudo-random sequence (mulberry32), so runs build the same ledger. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = seeded(29);
const below = (n: number): number => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[below(items.length)] as T;

function openAccount(index: number): Command {
  return {
    type: "OpenAccount",
    accountId: accountId(index),
    currency: isEur(index) ? "EUR" : "USD",
    accountType: TYPES[index % TYPES.length] ?? "asset",
    attributes: { sector: pick(SECTORS), country: pick(COUNTRIES) },
    metadata: { segment: pick(SEGMENTS), branch: `br-${index % 50}` },
  };
}

/** A customer account of `eur`'s currency other than `not`. */
function customer(eur: boolean, not = -1): number {
  for (;;) {
    const index = eur ? below(Math.floor(accountCount / 10)) * 10 + 9 : below(accountCount);
    if (index !== not && isEur(index) === eur && index < accountCount) return index;
  }
}

/** What the entry generator keeps: accepted entries to reverse, holds to resolve or expire. */
const made = {
  next: 0,
  reversible: [] as string[],
  openHolds: [] as string[],
  shortHolds: [] as { id: string; dueMs: number }[],
  rejected: 0,
};
const takeRandom = (items: string[]): string | undefined => {
  if (items.length === 0) return undefined;
  const at = below(items.length);
  const item = items[at];
  items[at] = items[items.length - 1] as string;
  items.pop();
  return item;
};

function transfer(id: string, hold: boolean): Command {
  const eur = random() < 0.1;
  const debit = customer(eur);
  const clearing = random() < 0.3;
  const cents = 1 + below(1_000_000);
  const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
  const from = accountId(debit);
  const to = clearing ? CLEARING[eur ? "EUR" : "USD"] : accountId(customer(eur, debit));
  const [a, b] = random() < 0.5 ? [from, to] : [to, from];
  const backdated = random() < 0.05;
  return {
    type: hold ? "PendEntry" : "PostEntry",
    entryId: id,
    description: `Transfer ${id}`,
    postings: [
      { accountId: a, side: "debit", amount },
      { accountId: b, side: "credit", amount },
    ],
    metadata: { channel: pick(CHANNELS), ref: `r-${made.next}` },
    ...(backdated
      ? { effectiveAt: new Date(Date.now() - 1_000 - random() * 365 * DAY_MS).toISOString() }
      : {}),
    ...(hold ? { timeoutSeconds: 3_600 + below(30 * 86_400) } : {}),
  } as Command;
}

/** The next command: mostly transfers, some holds and their resolutions, reversals, rejects. */
function nextCommand(): Command {
  made.next += 1;
  const id = `e:${made.next}`;
  const due = made.shortHolds[0];
  if (due !== undefined && due.dueMs < Date.now()) {
    made.shortHolds.shift();
    return { type: "ExpirePending", pendingId: due.id };
  }
  const r = random();
  let target: string | undefined;
  if (r < 0.01 && (target = takeRandom(made.reversible)) !== undefined) {
    return { type: "ReverseEntry", entryId: id, reversalOf: target, description: "reversal" };
  }
  if (r < 0.035) return transfer(id, true);
  if (r < 0.038) return { ...transfer(id, true), timeoutSeconds: 1 } as Command;
  if (r < 0.048 && (target = takeRandom(made.openHolds)) !== undefined) {
    return { type: "PostPending", pendingId: target };
  }
  if (r < 0.055 && (target = takeRandom(made.openHolds)) !== undefined) {
    return { type: "VoidPending", pendingId: target };
  }
  if (r < 0.057) {
    // An unknown account: rejected, and recorded as such (kind "rejected").
    const entry = transfer(id, false) as Extract<Command, { type: "PostEntry" }>;
    const [debit, credit] = entry.postings;
    if (debit === undefined || credit === undefined) throw new Error("a transfer has two legs");
    return { ...entry, postings: [{ ...debit, accountId: "cust:missing:main" }, credit] };
  }
  return transfer(id, false);
}

/** Remembers what an accepted command made: an entry to reverse later, a hold to resolve. */
function remember(command: Command): void {
  if (command.type === "PostEntry" && made.reversible.length < 20_000) {
    made.reversible.push(command.entryId);
  } else if (command.type === "PendEntry" && command.timeoutSeconds === 1) {
    made.shortHolds.push({ id: command.entryId, dueMs: Date.now() + 3_000 });
  } else if (command.type === "PendEntry" && made.openHolds.length < 20_000) {
    made.openHolds.push(command.entryId);
  }
}

const request = (command: Command): CommandRequest => ({
  command,
  actor: pick(ACTORS),
  correlationId: "bench",
});

/** Closed loop: `callers` callers submit until `entryCount` commands were decided. */
async function writeEntries(writer: LedgerWriter) {
  let decided = 0;
  let errors = 0;
  const started = performance.now();
  const caller = async (): Promise<void> => {
    while (decided < entryCount) {
      const command = nextCommand();
      try {
        const decision = await writer.submit(request(command));
        if (decision.status === "rejected" && command.type === "PostEntry") made.rejected += 1;
        else if (decision.status !== "accepted")
          throw new Error(`${command.type} ${decision.status}`);
        else remember(command);
        decided += 1;
      } catch (error) {
        if (!(error instanceof WriterError) || (errors += 1) > MAX_WRITE_ERRORS) throw error;
        await sleep(5);
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  return { decided, errors, elapsedMs: performance.now() - started };
}

async function submitAll(writer: LedgerWriter, commands: Iterable<Command>): Promise<void> {
  let chunk: Promise<unknown>[] = [];
  const flush = async () => {
    await Promise.all(chunk);
    chunk = [];
  };
  for (const command of commands) {
    chunk.push(
      writer.submit(benchRequest(command)).then((decision) => {
        if (decision.status !== "accepted")
          throw new Error(`set-up ${command.type} ${decision.status}`);
      }),
    );
    if (chunk.length >= SUBMIT_CHUNK) await flush();
  }
  await flush();
}

async function openWriter(store: EventStore, id: string): Promise<LedgerWriter> {
  return LedgerWriter.open({
    ledgerId: id,
    store,
    maxBatchCommands: 1_000,
    maxBatchWaitMs: 0,
    maxQueuedCommands: Math.max(20_000, callers),
    snapshotEveryEvents: 1_000_000_000,
    logger,
  });
}

const createLedger = (id: string, name: string): Command => ({
  type: "CreateLedger",
  ledgerId: id,
  name,
  reportingCurrency: "USD",
  assets: [
    { code: "USD", scale: 2 },
    { code: "EUR", scale: 2 },
  ],
});

/** The small ledgers the ledgers listing pages through, ten writers at a time. */
async function createLedgers(store: EventStore): Promise<string[]> {
  const ids = Array.from({ length: ledgerCount }, (_, i) => `bench-${String(i).padStart(5, "0")}`);
  for (let first = 0; first < ids.length; first += 10) {
    await Promise.all(
      ids.slice(first, first + 10).map(async (id) => {
        const writer = await openWriter(store, id);
        await submitAll(writer, [createLedger(id, `Ledger ${id}`)]);
        await writer.close();
      }),
    );
  }
  return ids;
}

function* accountCommands(): Generator<Command> {
  yield { type: "OpenAccount", accountId: CLEARING.USD, currency: "USD", accountType: "asset" };
  yield { type: "OpenAccount", accountId: CLEARING.EUR, currency: "EUR", accountType: "asset" };
  for (let index = 0; index < accountCount; index += 1) yield openAccount(index);
}

const perSecond = (count: number, elapsedMs: number): number =>
  Math.round((count / elapsedMs) * 1000);
const thousands = (value: number): string => value.toLocaleString("en-US");
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
const round2 = (value: number): number => Number(value.toFixed(2));
const p99 = (samples: Samples): number => samples.percentile(99);

async function main(): Promise<void> {
  const loadAtStart = load();
  const database = await openBenchDatabase("folio_listings_bench", logger);
  let store: EventStore | undefined;
  let writer: LedgerWriter | undefined;
  let pool: pg.Pool | undefined;
  try {
    store = await openPostgresEventStore({ connectionString: database.url, logger });
    pool = createPool({ connectionString: database.url, logger, max: 4 });
    await applyMigrations(pool, logger, PROJECTION_MIGRATIONS);
    const databaseLine = await describeDatabase(pool, database);

    console.error(
      `writer: ${thousands(ledgerCount)} ledgers, ${thousands(accountCount)} accounts...`,
    );
    const setUpStarted = performance.now();
    const ledgerIds = [...(await createLedgers(store)), ledgerId];
    writer = await openWriter(store, ledgerId);
    await submitAll(writer, [createLedger(ledgerId, "Listings benchmark")]);
    await submitAll(writer, accountCommands());
    const setUpMs = performance.now() - setUpStarted;

    console.error(`writer: ${thousands(entryCount)} commands (load ${load()})...`);
    const runFromMs = Date.now();
    const writing = await writeEntries(writer);
    const runToMs = Date.now();
    const writerRate = perSecond(writing.decided, writing.elapsedMs);
    const head = writer.current.chain.nextSequence - 1;
    await writer.close();
    writer = undefined;

    console.error(`catch-up from zero (load ${load()})...`);
    const runner = new ProjectionRunner({
      pool,
      store,
      projection: listingsProjection(VERSION),
      logger,
    });
    const started = performance.now();
    await runner.start(true);
    const catchUpMs = performance.now() - started;
    const status = runner.status();
    await runner.stop();
    if (status.state !== "caught_up") throw new Error(`listings: ${status.error}`);
    const catchUpRate = perSecond(status.eventsApplied, catchUpMs);
    const counts = await listingRowCounts(pool, VERSION, ledgerId);

    const target: ListingTarget = {
      pool,
      version: VERSION,
      ledgerId,
      limit: pageSize,
      head,
      accounts: accountCount,
      accountId,
      ledgerIds,
      clearingAccount: CLEARING.USD,
      sectors: SECTORS,
      countries: COUNTRIES,
      actors: ACTORS,
      runFromMs,
      runToMs,
    };
    const loadBeforeQueries = load();
    console.error(`queries (load ${loadBeforeQueries})...`);
    const runs = await timeKinds(target, queriesPerKind, KIND_BUDGET_MS);
    for (const run of runs) {
      for (const deep of [false, true]) {
        if (p99(deep ? run.deep : run.first) <= TARGET_P99_MS) continue;
        const plans = await explainKind(target, run.kind, deep);
        console.error(
          `\nEXPLAIN (ANALYZE, BUFFERS): ${run.kind.label}, ${deep ? "deep" : "first"} page\n${plans}\n`,
        );
      }
    }

    const worst = (of: (run: KindRun) => Samples) => Math.max(...runs.map((run) => p99(of(run))));
    const rows: [string, string][] = [
      ...machineRows(),
      ["database", databaseLine],
      ["load average (1/5/15 min)", `start ${loadAtStart}; queries ${loadBeforeQueries}`],
      [
        "settings",
        `${thousands(entryCount)} commands, ${thousands(accountCount)} accounts, ${thousands(ledgerCount + 1)} ledgers, page ${pageSize} rows, ${queriesPerKind} queries per kind and page, ${callers} callers`,
      ],
      ["writer: set-up", `${(setUpMs / 1000).toFixed(1)} s (ledgers and accounts)`],
      [
        "writer: decided commands/s",
        `${thousands(writerRate)} (${thousands(writing.decided)} in ${(writing.elapsedMs / 1000).toFixed(1)} s, ${made.rejected} rejected on purpose, ${writing.errors} retried)`,
      ],
      [
        "catch-up listings",
        `${thousands(catchUpRate)} events/s (${thousands(status.eventsApplied)} events in ${(catchUpMs / 1000).toFixed(1)} s)`,
      ],
      ["listings rows", counts],
      ["queries: p50 / p99 per kind", "first page; deep page (after a key 90 % in)"],
      ...runs.map((run) => kindRow(run)),
      ["target", `p99 <= ${TARGET_P99_MS} ms per kind, first and deep page`],
    ];
    printTable("Folio listings: writer, catch-up, list queries (PostgreSQL)", rows);
    const perKind: Record<string, number> = {};
    for (const run of runs) {
      perKind[`${run.kind.id}FirstP99Ms`] = round2(p99(run.first));
      perKind[`${run.kind.id}DeepP99Ms`] = round2(p99(run.deep));
    }
    printResult({
      entries: entryCount,
      accounts: accountCount,
      writerEntriesPerSecond: writerRate,
      catchUpEventsPerSecond: catchUpRate,
      firstPageP99Ms: round2(worst((run) => run.first)),
      deepPageP99Ms: round2(worst((run) => run.deep)),
      ...perKind,
    });
  } finally {
    await writer?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await database.release();
  }
}

await main();
