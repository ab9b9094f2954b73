// Cluster mode with a dead owner (FOLIO_CLUSTER=on; docs/operations.md "Running several Folio
// processes", "Failover"): THREE Folio API processes as real child processes on one database
// and one NATS subject prefix. Each creates one ledger (and owns it); concurrent callers send
// deposits, holds placed through one process and posted through another, retries of acknowledged
// ids through another process, and reversals, to all three at random; one owner is SIGKILLed
// mid-load and the callers go on with the two others (503 and refused connections retried with
// the same ids). Then: every acknowledged entry is stored exactly once (the events table), every
// retry got the first outcome, no hold that exists was pending_not_found, and the balances over
// HTTP equal a replay of the stored events and the callers' own sums. Logs the takeover time.
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  openPostgresEventStore,
  type TestDatabase,
} from "../event-store/index.js";
import {
  evolve,
  fromStoredEvent,
  initialState,
  ledgerStreamId,
  MAX_READ_BATCH,
} from "../ledger-core/index.js";
import { ClusterClient, type Outcome } from "./cluster/testing/clusterClient.js";
import {
  nth,
  spawnClusterProcess,
  type ClusterProcess,
} from "./cluster/testing/clusterProcesses.js";
import {
  CLUSTER_NATS_URL,
  clusterSettings,
  type ClusterSettings,
} from "./cluster/testing/clusterTestKit.js";
import { leaseBucketOf } from "./cluster/clusterSetup.js";
import type { ClusterLeaseKind } from "./cluster/clusterStatus.js";
import { deleteStream } from "../connectors/nats/publisherTestKit.js";

const LEDGERS = ["kill-a", "kill-b", "kill-c"] as const;
const WORKERS = 12;
const OPS_PER_WORKER = 36;
/** The owner of LEDGERS[0] is SIGKILLed once this many operations are done. */
const KILL_AFTER_OPS = Math.floor((WORKERS * OPS_PER_WORKER) / 3);
/**
 * No attempt may take this long: a request forwarded to the owner when it died is answered
 * 503 forward_owner_lost within seconds (the owner probes), not after FOLIO_REQUEST_TIMEOUT_MS
 * (30 s, the default here).
 */
const SLOWEST_ATTEMPT_MS = 10_000;
const RETRY_SHARE = 0.35;
const MAX_MINOR = 999;
const MAX_STREAM_PAGES = 100;
const HOLD_SECONDS = 3600;
const LEASE_KINDS: readonly ClusterLeaseKind[] = ["postgres", "nats"];
/** NATS leases: a dead owner's ledgers are free this long after its last renewal. */
const NATS_LEASE_TTL_MS = "2000";
/** The TTL less a renewal interval (a sixth of it) and some slack. */
const NATS_TAKEOVER_AT_LEAST_MS = 1_200;

let database: TestDatabase;
let settings: ClusterSettings;
const processes: ClusterProcess[] = [];

type Kind = "deposit" | "hold" | "post" | "reversal";
interface Acked {
  readonly kind: Kind;
  readonly ledger: string;
  readonly minor: bigint;
}
interface Run {
  readonly acked: Map<string, Acked>;
  readonly retries: { id: string; first: Outcome; again: Outcome }[];
  readonly unexpected: string[];
  readonly pendingNotFound: string[];
  /** Deposits a reversal was sent for (each is reversed once). */
  readonly reversed: Set<string>;
  /** Answers that came after a 503 or a failed connection (the kill's and the takeover's). */
  unavailable: number;
  /** The 503 codes (and failed connections) callers retried on, counted. */
  readonly retriedOn: Map<string, number>;
  /** The longest attempt that was retried, ms. */
  slowestRetriedMs: number;
  killedAt: number | null;
  takeoverMs: number | null;
  done: number;
}

const money = (minor: bigint): string =>
  `${minor / 100n}.${(minor % 100n).toString().padStart(2, "0")}`;
const postings = (minor: bigint) => [
  { accountId: "vault", side: "debit", amount: money(minor) },
  { accountId: "client", side: "credit", amount: money(minor) },
];
const ok = (outcome: Outcome): boolean => outcome.status >= 200 && outcome.status < 300;
/** The fields of an entry that never change once decided. */
function stable(body: unknown): unknown {
  const {
    id,
    kind,
    sequence,
    hash,
    postings: legs,
    reversalOf,
    effectiveAt,
    recordedAt,
  } = (body ?? {}) as Record<string, unknown>;
  return { id, kind, sequence, hash, legs, reversalOf, effectiveAt, recordedAt };
}
const codeOf = (outcome: Outcome): unknown => (outcome.body as { code?: unknown } | null)?.code;

/** Counts the 503s and failed connections an outcome was retried on, and its slowest attempt. */
function noteRetries(run: Run, outcome: Outcome): void {
  for (const code of outcome.retriedOn) run.retriedOn.set(code, (run.retriedOn.get(code) ?? 0) + 1);
  run.slowestRetriedMs = Math.max(run.slowestRetriedMs, outcome.slowestRetriedMs);
}

/** Notes an acknowledged command (and the takeover once one for the dead owner's ledger succeeds). */
function record(run: Run, id: string, acked: Acked, outcome: Outcome): boolean {
  if (outcome.unavailable > 0) run.unavailable += 1;
  noteRetries(run, outcome);
  if (!ok(outcome)) {
    run.unexpected.push(`${acked.kind} ${id}: ${outcome.status} ${JSON.stringify(outcome.body)}`);
    return false;
  }
  run.acked.set(id, acked);
  if (
    acked.ledger === LEDGERS[0] &&
    run.killedAt !== null &&
    run.takeoverMs === null &&
    outcome.sentAt >= run.killedAt
  ) {
    run.takeoverMs = outcome.answeredAt - run.killedAt;
  }
  return true;
}

/** One operation of a caller: a deposit (maybe retried elsewhere), a hold then its post, or a reversal. */
async function operate(client: ClusterClient, run: Run, worker: number, n: number): Promise<void> {
  const ledger = nth(LEDGERS, Math.floor(Math.random() * LEDGERS.length), "ledger");
  const base = `/v1/ledgers/${ledger}`;
  const minor = BigInt(1 + Math.floor(Math.random() * MAX_MINOR));
  const roll = Math.random();
  if (roll < 0.5) {
    const id = `d-${worker}-${n}`;
    const body = { id, postings: postings(minor) };
    const first = await client.send("POST", `${base}/entries`, body);
    if (!record(run, id, { kind: "deposit", ledger, minor }, first)) return;
    if (Math.random() < RETRY_SHARE) {
      const again = await client.send("POST", `${base}/entries`, body, first.via);
      run.retries.push({ id, first, again });
    }
  } else if (roll < 0.85) {
    const id = `h-${worker}-${n}`;
    const hold = { id, postings: postings(minor), timeoutSeconds: HOLD_SECONDS };
    const placed = await client.send("POST", `${base}/pending`, hold);
    if (!record(run, id, { kind: "hold", ledger, minor }, placed)) return;
    const posted = await client.send("POST", `${base}/pending/${id}/post`, {}, placed.via);
    if (codeOf(posted) === "pending_not_found") run.pendingNotFound.push(`${id} via ${posted.via}`);
    record(run, `post:${id}`, { kind: "post", ledger, minor }, posted);
  } else {
    const target = [...run.acked].find(
      ([key, a]) => a.kind === "deposit" && a.ledger === ledger && !run.reversed.has(key),
    );
    if (target === undefined) return;
    const [of, deposit] = target;
    run.reversed.add(of);
    const id = `r-${worker}-${n}`;
    const reversal = await client.send("POST", `${base}/entries/${of}/reverse`, { id });
    if (!record(run, id, { kind: "reversal", ledger, minor: deposit.minor }, reversal)) return;
    const again = await client.send("POST", `${base}/entries/${of}/reverse`, { id }, reversal.via);
    run.retries.push({ id, first: reversal, again });
  }
}

/** The callers at work; the owner of LEDGERS[0] (p0) is SIGKILLed after KILL_AFTER_OPS operations. */
async function load(): Promise<Run> {
  const run: Run = {
    acked: new Map(),
    retries: [],
    unexpected: [],
    pendingNotFound: [],
    reversed: new Set(),
    unavailable: 0,
    retriedOn: new Map(),
    slowestRetriedMs: 0,
    killedAt: null,
    takeoverMs: null,
    done: 0,
  };
  const client = new ClusterClient(processes);
  const worker = async (index: number): Promise<void> => {
    for (let n = 0; n < OPS_PER_WORKER; n += 1) {
      await operate(client, run, index, n);
      run.done += 1;
      if (run.done === KILL_AFTER_OPS) {
        nth(processes, 0, "process").kill();
        run.killedAt = performance.now();
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)));
  return run;
}

/** Entry ids (EntryPosted/EntryPended/EntryRejected) and posted holds, with how often each is stored. */
async function storedCounts(): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: string; count: string }>(
      `SELECT stream_id || ' ' || CASE WHEN event_type = 'PendingPosted' THEN 'post:' || (data->>'pendingId')
              ELSE data->>'entryId' END AS key, count(*) AS count
         FROM events
        WHERE event_type IN ('EntryPosted', 'EntryPended', 'EntryRejected', 'PendingPosted')
        GROUP BY 1`,
    );
    return new Map(rows.map((row) => [row.key, Number(row.count)]));
  } finally {
    await client.end();
  }
}

/** The ledger's state replayed from its stored events (initialState through evolve). */
async function replay(ledger: string) {
  const store = await openPostgresEventStore({
    connectionString: database.url,
    logger: pino({ level: "silent" }),
  });
  try {
    const state = initialState();
    for (let page = 0; page < MAX_STREAM_PAGES; page += 1) {
      const batch = await store.readStream(ledgerStreamId(ledger), {
        fromRevision: BigInt(state.chain.nextSequence),
        direction: "forwards",
        maxCount: MAX_READ_BATCH,
      });
      for (const raw of batch) evolve(state, fromStoredEvent(raw));
      if (batch.length < MAX_READ_BATCH) return state;
    }
    throw new Error(`ledger ${ledger} is longer than ${MAX_STREAM_PAGES} pages`);
  } finally {
    await store.close();
  }
}

describe.each(LEASE_KINDS)(
  "three Folio processes, one SIGKILLed mid-load, leases in %s",
  (kind) => {
    beforeAll(async () => {
      database = await createTestDatabase("folio_cluster_kill");
      settings = clusterSettings(database.url, {
        FOLIO_CLUSTER_LEASES: kind,
        FOLIO_CLUSTER_LEASE_TTL_MS: NATS_LEASE_TTL_MS,
      });
      const env = { FOLIO_PROJECTIONS: "off" };
      processes.push(await spawnClusterProcess("p0", settings, env)); // migrates the database
      processes.push(
        ...(await Promise.all(
          ["p1", "p2"].map((name) => spawnClusterProcess(name, settings, env)),
        )),
      );
      for (const [index, ledger] of LEDGERS.entries()) {
        const owner = nth(processes, index, "process");
        const created = await owner.request("POST", "/v1/ledgers", {
          id: ledger,
          name: ledger,
          reportingCurrency: "EUR",
          assets: [{ code: "EUR", scale: 2 }],
        });
        expect(created.status).toBe(201);
        for (const [id, type] of [
          ["vault", "asset"],
          ["client", "liability"],
        ] as const) {
          const account = { id, currency: "EUR", type };
          expect(
            (await owner.request("POST", `/v1/ledgers/${ledger}/accounts`, account)).status,
          ).toBe(201);
        }
      }
    }, 90_000);

    afterAll(async () => {
      await Promise.all(processes.splice(0).map((process) => process.stop()));
      await database.drop();
      const bucket = `KV_${leaseBucketOf(settings.env.FOLIO_NATS_SUBJECT_PREFIX ?? "")}`;
      await deleteStream(CLUSTER_NATS_URL, bucket).catch(() => undefined);
      await deleteStream(CLUSTER_NATS_URL, settings.stream).catch(() => undefined);
    });

    it("keeps every acknowledged command exactly once, retries answered as first, balances equal a replay", async () => {
      const run = await load();
      expect(run.killedAt, "the owner was killed mid-load").not.toBeNull();
      console.info(
        `clusterKill: ${run.acked.size} acknowledged commands, ${run.retries.length} retries, ${run.unavailable} answered after a 503 or a failed connection; takeover of ${LEDGERS[0]} ${run.takeoverMs?.toFixed(0)} ms after the SIGKILL; retried on ${JSON.stringify(Object.fromEntries(run.retriedOn))}, slowest retried attempt ${run.slowestRetriedMs.toFixed(0)} ms`,
      );
      expect(run.slowestRetriedMs).toBeLessThan(SLOWEST_ATTEMPT_MS);
      expect(run.unexpected).toEqual([]);
      expect(run.pendingNotFound).toEqual([]);
      expect(
        run.takeoverMs,
        "a command for the dead owner's ledger succeeded after the kill",
      ).not.toBeNull();
      if (kind === "nats") {
        // The dead owner's key held the others off until it expired (at least the TTL less one
        // renewal interval after the kill), and no longer than the TTL and a retry or two.
        expect(run.takeoverMs).toBeGreaterThan(NATS_TAKEOVER_AT_LEAST_MS);
      }

      for (const { id, first, again } of run.retries) {
        noteRetries(run, again);
        expect({ id, class: Math.floor(again.status / 100), entry: stable(again.body) }).toEqual({
          id,
          class: Math.floor(first.status / 100),
          entry: stable(first.body),
        });
      }

      // Exactly once: every acknowledged id stored once, and nothing stored that was not acknowledged.
      const stored = await storedCounts();
      const expected = new Map(
        [...run.acked].map(([id, acked]) => [`${ledgerStreamId(acked.ledger)} ${id}`, 1]),
      );
      expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(expected));

      for (const ledger of LEDGERS) {
        const state = await replay(ledger);
        const sum = (kinds: readonly Kind[]): bigint =>
          [...run.acked.values()]
            .filter((acked) => acked.ledger === ledger && kinds.includes(acked.kind))
            .reduce((total, acked) => total + acked.minor, 0n);
        const vault = state.accounts.get("vault");
        expect({ debits: vault?.postedDebits, credits: vault?.postedCredits }).toEqual({
          debits: sum(["deposit", "post"]),
          credits: sum(["reversal"]),
        });
        for (const accountId of ["vault", "client"]) {
          const account = state.accounts.get(accountId);
          if (account === undefined) throw new Error(`${ledger} has no ${accountId} in the replay`);
          const viaHttp = await new ClusterClient(processes).send(
            "GET",
            `/v1/ledgers/${ledger}/accounts/${accountId}`,
          );
          expect(viaHttp.status).toBe(200);
          expect((viaHttp.body as { balances: unknown }).balances).toMatchObject({
            postedDebits: money(account.postedDebits),
            postedCredits: money(account.postedCredits),
            pendingDebits: money(account.pendingDebits),
            pendingCredits: money(account.pendingCredits),
          });
        }
      }
    }, 60_000);
  },
);
