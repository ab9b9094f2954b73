// Cluster mode end to end (FOLIO_CLUSTER=on; docs/operations.md "Running several Folio
// processes"): two real Folio processes (A, B) in this test process, on ONE PostgreSQL database
// and one NATS subject prefix. A ledger created through A is written by A only: B forwards
// every request for the ledger (its path, or a creation's body) to A and returns A's answer
// unchanged (B decides nothing); a ledger created through B is B's, and A forwards to it;
// a ledger that does not exist is 404 through B with no lease kept; once A stops, B takes the
// ledger over and sees every entry A acknowledged. Real HTTP, this machine's PostgreSQL
// (TEST_DATABASE_URL) and NATS (NATS_URL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteStream } from "../connectors/nats/publisherTestKit.js";
import { createTestDatabase, type TestDatabase } from "../event-store/index.js";
import pino from "pino";
import { NatsLedgerLeases } from "../connectors/index.js";
import { PostgresLedgerLeases } from "../event-store/index.js";
import type { LedgerLeases } from "../ledger-core/index.js";
import { leaseBucketOf } from "./cluster/clusterSetup.js";
import type { ClusterLeaseKind, ClusterReport } from "./cluster/clusterStatus.js";
import { clusterLeasesOf, ConfigError, readConfig } from "./config.js";
import {
  CLUSTER_NATS_URL,
  clusterSettings,
  startClusterNode,
  type ClusterNode,
  type ClusterSettings,
  type Reply,
} from "./cluster/testing/clusterTestKit.js";

const LEDGER = "clustered";
const ledgers = `/v1/ledgers/${LEDGER}`;
/** Decisions a process made itself (forwarded requests are counted by their owner only). */
const ACCEPTED = 'folio_entries_total{outcome="accepted"';
const EVENTUALLY_MS = 15_000;
/** A ledger's lease is given back this soon after the writer that held it has nothing to do. */
const LEASE_GIVEN_BACK_MS = 2_000;
const BIG_BODY_BYTES = 1_200_000; // over the NATS default max_payload (1 MiB)

let database: TestDatabase;
let settings: ClusterSettings;
let a: ClusterNode;
let b: ClusterNode;
/** What afterAll stops, newest first (A's entry is a no-op once the test stopped A). */
const closers: (() => Promise<void>)[] = [];
let aClosed = false;
let probe: LedgerLeases;
const LEASE_KINDS: readonly ClusterLeaseKind[] = ["postgres", "nats"];

function entry(id: string, amount: string) {
  return {
    id,
    postings: [
      { accountId: "vault", side: "debit", amount },
      { accountId: "client", side: "credit", amount },
    ],
  };
}

/** Polls `read` until `done` holds of it (read models catch up on their own), then returns it. */
async function eventually(
  read: () => Promise<Reply>,
  done: (reply: Reply) => boolean,
): Promise<Reply> {
  const deadline = Date.now() + EVENTUALLY_MS;
  for (;;) {
    const reply = await read();
    if (done(reply) || Date.now() > deadline) return reply;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const balanceOf = (reply: Reply): unknown =>
  (reply.body as { account?: { balance?: unknown } } | null)?.account?.balance;

function expectStatus(reply: Reply, status: number, code?: string): void {
  expect({ status: reply.status, body: reply.body }).toMatchObject({
    status,
    ...(code === undefined ? {} : { body: { code } }),
  });
}

/** Whether a ledger's lease is free: a third holder can take (and gives back) its lease. */
async function leaseIsFree(ledgerId: string): Promise<boolean> {
  const lease = await probe.acquire(ledgerId);
  if (lease === null) return false;
  await lease.release();
  return true;
}

/**
 * Whether a ledger's lease is free, or becomes free within `ms`: a writer gives its lease back
 * once it has closed, just after the answer that made it go.
 */
async function leaseFreedWithin(ledgerId: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await leaseIsFree(ledgerId)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A third holder of the cluster's leases, as a process of its own would hold them. */
async function openProbe(kind: ClusterLeaseKind): Promise<LedgerLeases> {
  const logger = pino({ level: "silent" });
  if (kind === "postgres")
    return new PostgresLedgerLeases({ connectionString: database.url, logger });
  return NatsLedgerLeases.connect({
    natsUrl: CLUSTER_NATS_URL,
    logger,
    bucket: leaseBucketOf(settings.env.FOLIO_NATS_SUBJECT_PREFIX ?? ""),
    ttlMs: readConfig({}).FOLIO_CLUSTER_LEASE_TTL_MS,
  });
}

describe.each(LEASE_KINDS)("two Folio processes on one database, leases in %s", (kind) => {
  beforeAll(async () => {
    aClosed = false;
    database = await createTestDatabase("folio_cluster");
    settings = clusterSettings(database.url, { FOLIO_CLUSTER_LEASES: kind });
    const prefix = settings.env.FOLIO_NATS_SUBJECT_PREFIX ?? "";
    closers.push(async () => {
      await database.drop();
      await deleteStream(CLUSTER_NATS_URL, settings.stream).catch(() => undefined);
      await deleteStream(CLUSTER_NATS_URL, `KV_${leaseBucketOf(prefix)}`).catch(() => undefined);
    });
    probe = await openProbe(kind);
    closers.push(() => probe.close());
    a = await startClusterNode(settings);
    closers.push(() => (aClosed ? Promise.resolve() : a.folio.close()));
    b = await startClusterNode(settings);
    closers.push(() => b.folio.close());
    const ledger = {
      id: LEDGER,
      name: "Clustered",
      reportingCurrency: "EUR",
      assets: [{ code: "EUR", scale: 2 }],
    };
    expectStatus(await a.request("POST", "/v1/ledgers", ledger), 201);
    for (const [id, type] of [
      ["vault", "asset"],
      ["client", "liability"],
    ]) {
      expectStatus(
        await a.request("POST", `${ledgers}/accounts`, { id, currency: "EUR", type }),
        201,
      );
    }
  }, 120_000);

  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it("forwards commands for A's ledger from B to A: B decides nothing, the answers are A's", async () => {
    const acceptedByB = await b.metric(ACCEPTED);
    const acceptedByA = await a.metric(ACCEPTED);
    for (const n of [1, 2, 3]) {
      const posted = await b.request("POST", `${ledgers}/entries`, entry(`via-b-${n}`, "10.00"));
      expectStatus(posted, 201);
      expect(posted.headers.get("content-type")).toMatch(/^application\/json/);
    }
    expect(await b.metric(ACCEPTED)).toBe(acceptedByB);
    expect(await a.metric(ACCEPTED)).toBe(acceptedByA + 3);
    expect(await leaseIsFree(LEDGER)).toBe(false);
  });

  it("shows cluster mode in /health/ready and /metrics: owned ledgers, forwards, served", async () => {
    const clusterOf = async (node: ClusterNode): Promise<ClusterReport> => {
      const ready = await node.request("GET", "/health/ready");
      expectStatus(ready, 200);
      return (ready.body as { cluster: ClusterReport }).cluster;
    };
    const [atA, atB] = [await clusterOf(a), await clusterOf(b)];
    expect(atA).toMatchObject({ leases: kind, ledgersOwned: 1 });
    expect(atB).toMatchObject({ leases: kind, ledgersOwned: 0 });
    // B's three forwarded entries (and its readiness reads nothing through A).
    expect(atB.forwarded.answered).toBeGreaterThanOrEqual(3);
    expect(atA.served).toBeGreaterThanOrEqual(3);
    expect(await a.metric("folio_cluster_ledgers_owned")).toBe(1);
    expect(await b.metric('folio_cluster_forwards_total{outcome="answered"}')).toBe(
      atB.forwarded.answered,
    );
    expect(await a.metric("folio_cluster_forwards_served_total")).toBe(atA.served);
  });

  it("reads through B equal reads through A (balances, the ledger, an entry)", async () => {
    const balance = `${ledgers}/accounts/vault/balance`;
    const viaB = await eventually(
      () => b.request("GET", balance),
      (reply) => balanceOf(reply) === "30.00",
    );
    expectStatus(viaB, 200);
    expect(balanceOf(viaB)).toBe("30.00");
    expect(viaB.body).toEqual((await a.request("GET", balance)).body);
    expect((await b.request("GET", ledgers)).body).toEqual((await a.request("GET", ledgers)).body);
    const ledgerEntry = `${ledgers}/entries/via-b-1`;
    expect((await b.request("GET", ledgerEntry)).body).toEqual(
      (await a.request("GET", ledgerEntry)).body,
    );
  });

  it("posts through B a hold placed through A", async () => {
    const hold = { ...entry("hold-1", "5.00"), timeoutSeconds: 3600 };
    expectStatus(await a.request("POST", `${ledgers}/pending`, hold), 201);
    const posted = await b.request("POST", `${ledgers}/pending/hold-1/post`, {});
    expectStatus(posted, 201);
    expect(posted.body).toMatchObject({ hold: { status: "posted" } });
    const voided = await b.request("POST", `${ledgers}/pending/hold-1/void`);
    expectStatus(voided, 422, "pending_already_posted");
  });

  it("answers through B a retry of the ledger's creation as A does (forwarded by the body's id)", async () => {
    const ledger = await a.request("GET", ledgers);
    const again = await b.request("POST", "/v1/ledgers", {
      id: LEDGER,
      name: "Clustered",
      reportingCurrency: "EUR",
      assets: [{ code: "EUR", scale: 2 }],
    });
    expectStatus(again, 200);
    expect(again.body).toEqual(ledger.body);
  });

  it("answers through B a retry of an entry A decided as A does: a duplicate, the same body", async () => {
    const first = await a.request("POST", `${ledgers}/entries`, entry("retried", "1.00"));
    expectStatus(first, 201);
    const again = await b.request("POST", `${ledgers}/entries`, entry("retried", "1.00"));
    expectStatus(again, 200);
    expect(again.headers.get("idempotent-replay")).toBe("true");
    expect(again.body).toEqual(first.body);
  });

  it("relays a dry run's header; refuses a caller without a key at B; 413 for a body over NATS max_payload", async () => {
    const dryRun = { "folio-dry-run": "true" };
    const dry = await b.request(
      "POST",
      `${ledgers}/entries`,
      entry("dry", "1.00"),
      undefined,
      dryRun,
    );
    expectStatus(dry, 201);
    expect(dry.headers.get("folio-dry-run")).toBe("true");
    // The header reached the owner: nothing was stored.
    expectStatus(await a.request("GET", `${ledgers}/entries/dry`), 404);
    expectStatus(await b.request("GET", ledgers, undefined, null), 401, "unauthorized");
    const big = { ...entry("big", "1.00"), description: "x".repeat(BIG_BODY_BYTES) };
    expectStatus(await b.request("POST", `${ledgers}/entries`, big), 413, "forward_too_large");
  });

  it("answers 404 through B for a ledger that does not exist, and keeps no lease for it", async () => {
    expectStatus(await b.request("GET", "/v1/ledgers/nowhere"), 404, "ledger_not_found");
    const post = await b.request("POST", "/v1/ledgers/nowhere/entries", entry("e", "1.00"));
    expectStatus(post, 404, "ledger_not_found");
    expect(await leaseFreedWithin("nowhere", LEASE_GIVEN_BACK_MS)).toBe(true);
  });

  it("creates through B a ledger nobody owns: B owns it, A forwards to B", async () => {
    const born = {
      id: "born-at-b",
      name: "Born",
      reportingCurrency: "EUR",
      assets: [{ code: "EUR", scale: 2 }],
    };
    expectStatus(await b.request("POST", "/v1/ledgers", born), 201);
    const account = { id: "cash", currency: "EUR", type: "asset" };
    const acceptedByB = await b.metric(ACCEPTED);
    expectStatus(await a.request("POST", "/v1/ledgers/born-at-b/accounts", account), 201);
    expect(await b.metric(ACCEPTED)).toBe(acceptedByB + 1);
    expect((await a.request("GET", "/v1/ledgers/born-at-b")).body).toMatchObject({
      id: "born-at-b",
    });
  });

  it("takes the ledger over at B once A stops, with every entry A acknowledged", async () => {
    await a.folio.close();
    aClosed = true;
    const acceptedByB = await b.metric(ACCEPTED);
    expectStatus(await b.request("POST", `${ledgers}/entries`, entry("after-a", "2.00")), 201);
    expect(await b.metric(ACCEPTED)).toBe(acceptedByB + 1);
    for (const id of ["via-b-1", "via-b-2", "via-b-3", "hold-1", "retried", "after-a"]) {
      expectStatus(await b.request("GET", `${ledgers}/entries/${id}`), 200);
    }
    expectStatus(await b.request("POST", `${ledgers}/entries`, entry("via-b-1", "10.00")), 200);
    // 3 x 10.00 + the hold's 5.00 + 1.00 + 2.00
    const balance = await eventually(
      () => b.request("GET", `${ledgers}/accounts/vault/balance`),
      (reply) => balanceOf(reply) === "38.00",
    );
    expect(balanceOf(balance)).toBe("38.00");
  });
});

describe("FOLIO_CLUSTER's configuration", () => {
  const base = { DATABASE_URL: "postgres://x/y", NATS_URL: "nats://127.0.0.1:4222" };

  it("is off by default, and on needs NATS_URL and DATABASE_URL; leases follow the store", () => {
    expect(readConfig({}).FOLIO_CLUSTER).toBe("off");
    expect(readConfig({ ...base, FOLIO_CLUSTER: "on" }).FOLIO_CLUSTER).toBe("on");
    const refused = (env: Record<string, string>, reason: RegExp) => {
      expect(() => readConfig({ FOLIO_CLUSTER: "on", ...env })).toThrow(ConfigError);
      expect(() => readConfig({ FOLIO_CLUSTER: "on", ...env })).toThrow(reason);
    };
    refused({ DATABASE_URL: base.DATABASE_URL }, /needs NATS_URL/);
    refused({ NATS_URL: base.NATS_URL }, /needs DATABASE_URL/);
    expect(() => readConfig({ FOLIO_CLUSTER: "yes" })).toThrow(ConfigError);
    expect(() => readConfig({ ...base, FOLIO_CLUSTER_LEASES: "etcd" })).toThrow(ConfigError);
    const leasesOf = (env: Record<string, string>) =>
      clusterLeasesOf(readConfig({ ...base, FOLIO_CLUSTER: "on", ...env }));
    expect(leasesOf({})).toBe("postgres");
    expect(leasesOf({ EVENTSTORE_URL: "esdb://localhost:2113" })).toBe("nats");
    expect(leasesOf({ FOLIO_CLUSTER_LEASES: "nats" })).toBe("nats");
    expect(
      leasesOf({ EVENTSTORE_URL: "esdb://localhost:2113", FOLIO_CLUSTER_LEASES: "postgres" }),
    ).toBe("postgres");
  });
});
