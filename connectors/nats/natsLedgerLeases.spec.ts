// Runs the ledger leases contract against NatsLedgerLeases on the shared NATS (NATS_URL), in
// buckets of its own with short TTLs: each NatsLedgerLeases is a process reaching NATS through
// its own cuttable TCP proxy, and a dropped connection is a cut that refuses reconnects for
// longer than the lease deadline. A TTL lease is freed for others only once its key expires
// (freedAfterLossMs). Also what only TTL leases have: renewals keep a lease across many TTLs, a
// blip shorter than the deadline loses nothing, a frozen holder is overtaken and knows it as
// soon as it runs, a key changed under a holder loses it, ids of any characters, and the
// measured lag between a dead holder's last renewal + TTL and another process acquiring.
import fc from "fast-check";
import { connect, type KV, type NatsConnection } from "nats";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LeaseLoss, LedgerLease, LedgerLeases } from "../../ledger-core/index.js";
import { describeLedgerLeasesContract } from "../../ledger-core/testing/ledgerLeasesContract.js";
import { leaseKey, ledgerIdOfLeaseKey, type NatsLedgerLeasesOptions } from "./natsLeaseSettings.js";
import { NatsLedgerLeases } from "./natsLedgerLeases.js";
import { startTcpProxy, type CuttableProxy } from "./testing/tcpProxy.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });
const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const RUN = `${Date.now().toString(36)}_${process.pid}`;

/** The contract's short lease: deadline 1,000 ms after the last confirmed renewal's send. */
const TTL_MS = 1_500;
const RENEW_EVERY_MS = 250;
const SAFETY_MARGIN_MS = 500;
const REQUEST_TIMEOUT_MS = 500;
const RECONNECT_WAIT_MS = 100;
/** A cut refuses reconnects this long: past the deadline (1,000 ms), so the leases are lost. */
const CUT_REFUSE_MS = 2_000;
/** The deadline is at most 1,000 ms after the cut; under the refusal, so a timer must see it. */
const LOSS_BOUND_MS = 1_800;
/** After a cut: the refusal ends, the process reconnects, and the keys have expired. */
const FREED_AFTER_LOSS_MS = 2_600;
/** The blip test's longer lease (deadline 2,000 ms) and its cut, well shorter. */
const BLIP_TTL_MS = 3_000;
const BLIP_MARGIN_MS = 1_000;
const BLIP_CUT_MS = 400;
/** Ledgers whose holder dies at once in the expiry-lag measurement. */
const LAG_SAMPLES = 5;
/** How often the survivor tries to acquire a dead holder's ledger. */
const LAG_POLL_MS = 5;

const mainBucket = `folio_leases_spec_${RUN}`;
const blipBucket = `folio_leases_spec_blip_${RUN}`;
const proxies = new Map<LedgerLeases, CuttableProxy>();
let raw: NatsConnection;
let rawKv: KV;

async function leasesProcess(
  options: Partial<NatsLedgerLeasesOptions> = {},
): Promise<{ leases: NatsLedgerLeases; proxy: CuttableProxy }> {
  const proxy = await startTcpProxy(NATS_URL);
  const leases = await NatsLedgerLeases.connect({
    natsUrl: proxy.url,
    logger,
    bucket: mainBucket,
    ttlMs: TTL_MS,
    renewEveryMs: RENEW_EVERY_MS,
    safetyMarginMs: SAFETY_MARGIN_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    reconnectWaitMs: RECONNECT_WAIT_MS,
    ...options,
  });
  proxies.set(leases, proxy);
  return { leases, proxy };
}

beforeAll(async () => {
  raw = await connect({ servers: NATS_URL });
  // The first process creates the bucket; the others find it.
  const { leases } = await leasesProcess();
  await leases.close();
  rawKv = await raw.jetstream().views.kv(mainBucket, { bindOnly: true });
});
afterAll(async () => {
  await Promise.all([...proxies.values()].map((proxy) => proxy.close()));
  const jsm = await raw.jetstreamManager();
  for (const bucket of [mainBucket, blipBucket]) {
    await jsm.streams.delete(`KV_${bucket}`).catch(() => false);
  }
  await raw.close();
});

const noticed: number[] = [];
describeLedgerLeasesContract("nats", {
  open: async () => (await leasesProcess()).leases,
  dropConnection: (leases) => {
    const proxy = proxies.get(leases);
    if (proxy === undefined) throw new Error("nats leases with a proxy expected");
    proxy.cut(CUT_REFUSE_MS);
    return Promise.resolve();
  },
  lossBoundMs: LOSS_BOUND_MS,
  freedAfterLossMs: FREED_AFTER_LOSS_MS,
  propertyRuns: 5,
  onLossNoticed: (ms) => noticed.push(ms),
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function settled(lease: LedgerLease, ms: number): Promise<LeaseLoss | "held"> {
  return Promise.race([lease.lost, sleep(ms).then(() => "held" as const)]);
}

function leaseOf(lease: LedgerLease | null): LedgerLease {
  if (lease === null) throw new Error("the lease was not acquired");
  return lease;
}

/** The holder written in a ledger's key now (null when the key is gone). */
async function holderOf(ledgerId: string): Promise<string | null> {
  const entry = await rawKv.get(leaseKey(ledgerId));
  return entry?.operation === "PUT" ? entry.json<{ holder: string }>().holder : null;
}

describe("nats ledger leases: renewal", () => {
  it("keeps a lease for many TTLs; another process gets null all along", async () => {
    const [{ leases: a }, { leases: b }] = [await leasesProcess(), await leasesProcess()];
    try {
      const lease = leaseOf(await a.acquire(`renewed-${RUN}`));
      expect(await settled(lease, 3 * TTL_MS)).toBe("held");
      expect(lease.held()).toBe(true);
      expect(await b.acquire(`renewed-${RUN}`)).toBeNull();
      expect(await holderOf(`renewed-${RUN}`)).toBe(a.holderId);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("loses nothing in a connection blip shorter than the deadline: it renews once back", async () => {
    const blip = { bucket: blipBucket, ttlMs: BLIP_TTL_MS, safetyMarginMs: BLIP_MARGIN_MS };
    const [{ leases: a, proxy }, { leases: b }] = [
      await leasesProcess(blip),
      await leasesProcess(blip),
    ];
    try {
      const lease = leaseOf(await a.acquire(`blip-${RUN}`));
      await sleep(2 * RENEW_EVERY_MS);
      const cutsBefore = proxy.cuts();
      proxy.cut(BLIP_CUT_MS);
      // Past the deadline the lease had at the cut: only renewals after the reconnect keep it.
      expect(await settled(lease, BLIP_TTL_MS)).toBe("held");
      expect(proxy.cuts()).toBeGreaterThan(cutsBefore);
      expect(lease.held()).toBe(true);
      expect(await b.acquire(`blip-${RUN}`)).toBeNull();
      expect(await a.acquire(`blip-other-${RUN}`)).not.toBeNull(); // reconnected
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe("nats ledger leases: a holder that stops renewing or whose key changes", () => {
  it("a frozen holder is overtaken once its key expires, and knows it as soon as it runs", async () => {
    const [{ leases: a }, { leases: b }] = [await leasesProcess(), await leasesProcess()];
    const ledger = `frozen-${RUN}`;
    try {
      const lease = leaseOf(await a.acquire(ledger));
      const frozenUntil = performance.now() + TTL_MS + 500;
      while (performance.now() < frozenUntil) {
        // The whole process is frozen: no timer, no renewal, no I/O.
      }
      expect(lease.held()).toBe(false); // before any timer of a has run
      expect(["connection_lost", "renewal_failed"]).toContain((await lease.lost).reason);
      let taken = await b.acquire(ledger);
      for (let tries = 0; taken === null && tries < TTL_MS / 50; tries += 1) {
        await sleep(50);
        taken = await b.acquire(ledger);
      }
      const mine = leaseOf(taken);
      // a renews nothing more; its old revision could not take the key back anyway.
      expect(await settled(mine, 4 * RENEW_EVERY_MS)).toBe("held");
      expect(await holderOf(ledger)).toBe(b.holderId);
      expect(a.heldLedgers).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("loses the lease (renewal_failed) when its key is deleted and taken by another", async () => {
    const [{ leases: a }, { leases: b }] = [await leasesProcess(), await leasesProcess()];
    const ledger = `taken-${RUN}`;
    try {
      const lease = leaseOf(await a.acquire(ledger));
      await rawKv.delete(leaseKey(ledger)); // an operator's delete, not revision-checked
      const mine = leaseOf(await b.acquire(ledger));
      const loss = await settled(lease, 4 * RENEW_EVERY_MS);
      expect(loss).toMatchObject({ ledgerId: ledger, reason: "renewal_failed" });
      expect(await settled(mine, 4 * RENEW_EVERY_MS)).toBe("held");
      expect(await holderOf(ledger)).toBe(b.holderId);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("keeps the lease when a renewal landed but its answer was lost (the key holds its token)", async () => {
    const [{ leases: a }, { leases: b }] = [await leasesProcess(), await leasesProcess()];
    const ledger = `answer-lost-${RUN}`;
    try {
      const lease = leaseOf(await a.acquire(ledger));
      // The same value written again: the key's revision moves past the one a knows.
      for (let done = false; !done;) {
        const entry = await rawKv.get(leaseKey(ledger));
        if (entry === null) throw new Error("the key is gone");
        done = await rawKv.update(leaseKey(ledger), entry.value, entry.revision).then(
          () => true,
          () => false,
        );
      }
      expect(await settled(lease, 2 * TTL_MS)).toBe("held");
      expect(await b.acquire(ledger)).toBeNull();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

/** Ids with characters keys do not allow, and pairs that a careless encoding would merge. */
const ODD_IDS = [
  "a.b",
  "a%2Eb",
  "a_b",
  "a b",
  "a>b",
  "a*b",
  ">",
  "*",
  ".",
  "..",
  "a/b",
  "a=b",
  "ünïcødé",
  "日本",
  "😀",
  "a:b@c",
];

describe("nats ledger leases: ledger ids of any characters", () => {
  it("holds ids with dots, spaces, wildcards and unicode, each apart from the others", async () => {
    const [{ leases: a }, { leases: b }] = [await leasesProcess(), await leasesProcess()];
    try {
      const ids = ODD_IDS.map((id) => `${id}-${RUN}`).concat(ODD_IDS);
      const leases = await Promise.all(ids.map(async (id) => leaseOf(await a.acquire(id))));
      expect(await Promise.all(ids.map((id) => b.acquire(id)))).toEqual(ids.map(() => null));
      expect(a.heldLedgers.sort()).toEqual([...ids].sort());
      await leases[0]?.release();
      expect(await b.acquire(ids[0] as string)).not.toBeNull();
      expect(leases.slice(1).every((lease) => lease.held())).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("encodes every well-formed id as a legal key, injectively; refuses lone surrogates", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 128 }), (id) => {
        const key = leaseKey(id);
        expect(key).toMatch(/^[-/_=.a-zA-Z0-9]+$/);
        expect(key.startsWith(".") || key.endsWith(".")).toBe(false);
        expect(ledgerIdOfLeaseKey(key)).toBe(id);
      }),
    );
    expect(() => leaseKey("a\uD800")).toThrow(RangeError);
    expect(() => leaseKey("")).toThrow(RangeError);
  });
});

describe("nats ledger leases: the bucket", () => {
  it("refuses a bucket that exists with another TTL", async () => {
    await expect(leasesProcess({ ttlMs: 2 * TTL_MS })).rejects.toMatchObject({
      code: "lease_bucket_mismatch",
    });
  });
});

describe("nats ledger leases: a holder that dies", () => {
  it("frees its ledgers for others a TTL after its last renewal (the server's lag measured)", async () => {
    const [{ leases: a, proxy }, { leases: b }] = [await leasesProcess(), await leasesProcess()];
    const ids = Array.from({ length: LAG_SAMPLES }, (_, index) => `dead-${RUN}-${index}`);
    try {
      await Promise.all(ids.map(async (id) => leaseOf(await a.acquire(id))));
      await sleep(2 * RENEW_EVERY_MS);
      proxy.cut(60_000); // dead: no release, no renewal, its connection gone
      const died = Date.now();
      const lastWrites = await Promise.all(
        ids.map(async (id) => (await rawKv.get(leaseKey(id)))?.created.getTime() ?? 0),
      );
      const lags = await Promise.all(
        ids.map(async (id, index) => {
          while ((await b.acquire(id)) === null) await sleep(LAG_POLL_MS);
          return Date.now() - (lastWrites[index] as number) - TTL_MS;
        }),
      );
      const freedAfterDeath = Date.now() - died;
      console.log(
        `nats lease expiry: ttl ${TTL_MS} ms; acquired by another ${lags.map((lag) => lag.toFixed(0)).join(", ")} ms after last renewal + ttl (poll ${LAG_POLL_MS} ms); all freed ${freedAfterDeath} ms after the holder died`,
      );
      // Never before the TTL has run (1 ms: the server stamps in ns, Date has ms).
      expect(Math.min(...lags)).toBeGreaterThanOrEqual(-1);
      expect(Math.max(...lags)).toBeLessThan(TTL_MS);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

afterAll(() => {
  if (noticed.length > 0) {
    const sorted = [...noticed].sort((x, y) => x - y);
    console.log(
      `nats lease loss noticed after a cut: n=${sorted.length} min=${sorted[0]?.toFixed(0)} max=${sorted[sorted.length - 1]?.toFixed(0)} ms (deadline ${TTL_MS - SAFETY_MARGIN_MS} ms after the last confirmed renewal)`,
    );
  }
});
