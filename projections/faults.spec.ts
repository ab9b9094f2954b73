// The read models under database faults, against real PostgreSQL: writers post continuously
// while (a) every connection to the database is killed several times (pg_terminate_backend),
// and (b) a private embedded PostgreSQL cluster is restarted twice (never the shared server:
// other test files run against it in parallel). The projection host must resume by itself
// each time, and when the writers stop, the balances model must equal the writer's balances
// exactly and the audit model must end at the ledger's chain head.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import {
  createPool,
  createTestDatabase,
  openPostgresEventStore,
  type Database,
} from "../event-store/index.js";
import { startEmbeddedPostgres } from "../event-store/postgres/database.js";
import { LedgerWriter, type EventStore } from "../ledger-core/index.js";
import type { Command } from "../schemas/index.js";
import { digest } from "./audit/auditQueries.js";
import { balancesHead, trialBalance } from "./balances/balanceQueries.js";
import { READ_MODELS } from "./catalog.js";
import { activeVersion } from "./checkpoints.js";
import { startProjections, type ProjectionHost } from "./host.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });
const ACCOUNTS = 8;
const WRITERS = 4;
/** How long a command is retried across a fault before the test gives up on it. */
const RETRY_FOR_MS = 60_000;

interface Running {
  readonly store: EventStore;
  readonly pool: pg.Pool;
  readonly writer: LedgerWriter;
  readonly host: ProjectionHost;
  readonly ledgerId: string;
  close(): Promise<void>;
}

/** Submits until the command is decided (a retried id is idempotent); the decision's status. */
async function submitUntilDecided(writer: LedgerWriter, command: Command): Promise<string> {
  const deadline = Date.now() + RETRY_FOR_MS;
  for (;;) {
    try {
      const decision = await writer.submit({ command, actor: "faults", correlationId: "faults" });
      return decision.status;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(50);
    }
  }
}

async function start(url: string): Promise<Running> {
  const store = await openPostgresEventStore({ connectionString: url, logger });
  const pool = createPool({ connectionString: url, logger, max: 8 });
  const ledgerId = `faults-${randomUUID().slice(0, 8)}`;
  const writer = await LedgerWriter.open({ ledgerId, store, logger });
  await submitUntilDecided(writer, {
    type: "CreateLedger",
    ledgerId,
    name: ledgerId,
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  });
  for (let index = 0; index < ACCOUNTS; index += 1) {
    await submitUntilDecided(writer, {
      type: "OpenAccount",
      accountId: `acct:${index}`,
      currency: "USD",
      accountType: index % 2 === 0 ? "asset" : "liability",
    });
  }
  const host = await startProjections({
    pool,
    store,
    logger,
    projections: READ_MODELS,
    followIntervalMs: 100,
    idleWaitMs: 10,
  });
  return {
    store,
    pool,
    writer,
    host,
    ledgerId,
    close: async () => {
      await host.stop();
      await writer.close().catch(() => undefined);
      await pool.end().catch(() => undefined);
      await store.close().catch(() => undefined);
    },
  };
}

/** WRITERS loops posting transfers until `stop` says so; the number acknowledged. */
async function postUntil(running: Running, stop: { done: boolean }): Promise<number> {
  let next = 0;
  let acknowledged = 0;
  const loop = async (): Promise<void> => {
    while (!stop.done) {
      next += 1;
      const debit = next % ACCOUNTS;
      const amount = `${1 + (next % 97)}.${String(next % 100).padStart(2, "0")}`;
      const status = await submitUntilDecided(running.writer, {
        type: "PostEntry",
        entryId: `e${next}`,
        postings: [
          { accountId: `acct:${debit}`, side: "debit", amount },
          { accountId: `acct:${(debit + 3) % ACCOUNTS}`, side: "credit", amount },
        ],
      });
      expect(["accepted", "duplicate"]).toContain(status);
      acknowledged += 1;
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, loop));
  return acknowledged;
}

/** Waits until both models reached the ledger's head, then compares them with the ledger. */
async function expectModelsAgree(running: Running): Promise<void> {
  const ledger = await LedgerWriter.open({ ledgerId: running.ledgerId, store: running.store });
  const { chain, accounts } = ledger.current;
  await ledger.close();
  const head = chain.nextSequence - 1;
  const { pool, ledgerId } = running;
  const deadline = Date.now() + RETRY_FOR_MS;
  for (;;) {
    const balances = await balancesHead(pool, {
      ledgerId,
      version: await activeVersion(pool, "balances"),
    }).catch(() => null);
    const audited = await digest(pool, ledgerId, await activeVersion(pool, "audit")).catch(
      () => null,
    );
    if (balances?.sequence === head && audited?.sequence === head) break;
    if (Date.now() > deadline) {
      throw new Error(
        `read models did not catch up: balances ${balances?.sequence}, audit ${audited?.sequence}, ledger ${head}`,
      );
    }
    await sleep(50);
  }
  expect(running.host.statuses().map((status) => status.state)).not.toContain("failed");
  const trial = await trialBalance(pool, {
    ledgerId,
    at: { kind: "latest" },
    version: await activeVersion(pool, "balances"),
  });
  expect(trial.sequence).toBe(head);
  const projected = new Map(
    trial.currencies.flatMap((currency) => currency.accounts.map((a) => [a.accountId, a])),
  );
  expect(projected.size).toBe(ACCOUNTS);
  for (const [accountId, account] of accounts) {
    expect(projected.get(accountId), accountId).toMatchObject({
      postedDebits: account.postedDebits,
      postedCredits: account.postedCredits,
      pendingDebits: account.pendingDebits,
      pendingCredits: account.pendingCredits,
    });
  }
  expect(await digest(pool, ledgerId, await activeVersion(pool, "audit"))).toEqual({
    sequence: head,
    hash: chain.lastHash,
  });
}

describe("read models under database faults", () => {
  it("resume by themselves after every connection is killed, several times, and agree exactly", async () => {
    const database = await createTestDatabase("folio_faults");
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const running = await start(database.url);
    try {
      const stop = { done: false };
      const posting = postUntil(running, stop);
      let killed = 0;
      for (let round = 0; round < 4; round += 1) {
        await sleep(600);
        const { rowCount } = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        killed += rowCount ?? 0;
      }
      await sleep(600);
      stop.done = true;
      expect(await posting).toBeGreaterThan(100);
      expect(killed).toBeGreaterThanOrEqual(8);
      await expectModelsAgree(running);
    } finally {
      await running.close();
      await admin.end();
      await database.drop();
    }
  }, 120_000);

  it("resume by themselves after their PostgreSQL restarts twice, and agree exactly", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "folio-faults-pg-"));
    let database: Database = await startEmbeddedPostgres({ dataDir, logger });
    const port = Number(new URL(database.url).port);
    const running = await start(database.url);
    try {
      const stop = { done: false };
      const posting = postUntil(running, stop);
      for (let round = 0; round < 2; round += 1) {
        await sleep(800);
        await database.close();
        await sleep(300);
        database = await startEmbeddedPostgres({ dataDir, logger, port });
      }
      await sleep(800);
      stop.done = true;
      expect(await posting).toBeGreaterThan(100);
      await expectModelsAgree(running);
    } finally {
      await running.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
