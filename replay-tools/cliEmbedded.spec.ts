// The `folio` CLI on the default install: no DATABASE_URL, the embedded PostgreSQL under the
// data directory (FOLIO_DATA_DIR or --data-dir). While a server runs there the CLI uses its
// cluster through the record the server keeps (and leaves it running); with no server it
// starts the cluster for the run and stops it after, exit code intact (a failed verify is 1
// even though the embedded server's library would end the process with 0); a directory
// without a cluster is exit 3 and is left as it was.
import { runFolio, type FolioRun } from "./testing/runFolio.js";
import { spawnSync } from "node:child_process";
import { access, chmod, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, openPostgresEventStore, type Database } from "../event-store/index.js";
import { processInfo, readPostmasterLock } from "../event-store/postgres/clusterLock.js";
import { LedgerWriter, ledgerStreamId } from "../ledger-core/index.js";
import type { Command } from "../schemas/index.js";

const LEDGER = "bank";
const logger = pino({ level: "silent" });

let root: string;
let dataDir: string;

/** The CLI with no database URL in its environment, FOLIO_DATA_DIR as given. */
function folio(args: readonly string[], folioDataDir?: string): Promise<FolioRun> {
  return runFolio(args, folioDataDir === undefined ? {} : { FOLIO_DATA_DIR: folioDataDir });
}

/** The cluster as the server runs it (in this process), for the length of `work`. */
async function withServer<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir, logger, owner: "the test server" });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

async function writeLedger(url: string): Promise<void> {
  const store = await openPostgresEventStore({ connectionString: url, logger });
  const writer = await LedgerWriter.open({ ledgerId: LEDGER, store, maxBatchWaitMs: 0 });
  const commands: Command[] = [
    {
      type: "CreateLedger",
      ledgerId: LEDGER,
      name: "Embedded",
      reportingCurrency: "USD",
      assets: [{ code: "USD", scale: 2 }],
    },
    { type: "OpenAccount", accountId: "cash", currency: "USD", accountType: "asset" },
    { type: "OpenAccount", accountId: "cust", currency: "USD", accountType: "liability" },
    {
      type: "PostEntry",
      entryId: "dep-1",
      description: "deposit",
      postings: [
        { accountId: "cash", side: "debit", amount: "10.00" },
        { accountId: "cust", side: "credit", amount: "10.00" },
      ],
    },
  ];
  for (const command of commands) {
    await writer.submit({ command, actor: "clerk:ada", correlationId: "c-1" });
  }
  await writer.close();
  await store.close();
}

async function lastHash(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ hash: string }>(
      "SELECT metadata->>'hash' AS hash FROM events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1",
      [ledgerStreamId(LEDGER)],
    );
    return rows[0]?.hash ?? "";
  } finally {
    await client.end();
  }
}

/** Nothing runs on the cluster: no lock file, no record, no process naming the directory. */
async function clusterStopped(): Promise<void> {
  expect(await readPostmasterLock(path.join(dataDir, "postgres"))).toBeNull();
  await expect(access(path.join(dataDir, "postgres.json"))).rejects.toThrow(/ENOENT/);
  expect(spawnSync("pgrep", ["-f", dataDir], { encoding: "utf8" }).stdout).toBe("");
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "folio-cli-embedded-"));
  await chmod(root, 0o755);
  dataDir = path.join(root, "data");
  await withServer((database) => writeLedger(database.url));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("folio on the embedded cluster", () => {
  it("uses the running server's cluster through its record, and leaves it running", async () => {
    await withServer(async (database) => {
      const lock = await readPostmasterLock(path.join(dataDir, "postgres"));
      const run = await folio(["-q", "digest", "--ledger", LEDGER, "--format", "json"], dataDir);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ hash: await lastHash(database.url) });
      const after = await readPostmasterLock(path.join(dataDir, "postgres"));
      expect(after?.pid).toBe(lock?.pid);
      expect((await processInfo(lock?.pid ?? 0))?.zombie).toBe(false);
    });
  });

  it("with no server, starts the cluster for the run and stops it after (--data-dir)", async () => {
    await clusterStopped();
    const run = await folio(["--data-dir", dataDir, "-q", "verify", "--ledger", LEDGER]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`ledger ${LEDGER}: verified`);
    await clusterStopped();
  });

  it("keeps the exit code of a failed verification when it started the cluster itself", async () => {
    await withServer(async (database) => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query("ALTER TABLE events DISABLE TRIGGER USER");
        await client.query(
          `UPDATE events SET data = jsonb_set(data, '{description}', '"Deposit"')
            WHERE stream_id = $1 AND data->>'entryId' = 'dep-1'`,
          [ledgerStreamId(LEDGER)],
        );
        await client.query("ALTER TABLE events ENABLE TRIGGER USER");
      } finally {
        await client.end();
      }
    });
    const run = await folio(["-q", "verify", "--ledger", LEDGER], dataDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("folio: verification failed: chain broken at sequence 3");
    await clusterStopped();
  });

  it("a data directory that does not exist, or holds no cluster, is exit 3 and left alone", async () => {
    const missing = path.join(root, "missing");
    const absent = await folio(["digest", "--ledger", LEDGER], missing);
    expect(absent.code).toBe(3);
    expect(absent.stderr).toContain(`the data directory ${missing} does not exist`);
    await expect(access(missing)).rejects.toThrow(/ENOENT/);

    const empty = path.join(root, "empty");
    await mkdir(empty);
    const none = await folio(["digest", "--ledger", LEDGER], empty);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain(`the data directory ${empty} holds no Folio database`);
    expect(await readdir(empty)).toEqual([]);
  });
});
