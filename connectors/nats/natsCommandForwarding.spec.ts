// Command forwarding over a real NATS (NATS_URL, default 127.0.0.1:4222; every test on its own
// subject prefix): a request reaches the ledger's server and its reply comes back unchanged;
// nobody serving is no_owner at once; an owner that does not answer is forward_timeout; stop()
// ends serving; and two registries (memory store, memory leases) forward to each other.
// Probing (forwardProbes.ts), with NatsCommandForwarding instances as processes and plain NATS
// connections as spies and stand-ins: an owner that goes away, or is replaced, fails the
// forward forward_owner_lost long before its timeout; a slow owner still answers; a fast forward
// never probes; an older server's answer to a probe is no strike.
import { randomUUID } from "node:crypto";
import { connect, headers, type Msg, type NatsConnection } from "nats";
import { afterEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createMemoryEventStore } from "../../event-store/index.js";
import { PostgresLedgerLeases } from "../../event-store/postgres/postgresLedgerLeases.js";
import { testAdminUrl } from "../../event-store/testing/testDatabase.js";
import type { ForwardMessage, ForwardReply } from "../../ledger-core/commandForwarding.js";
import { LedgerRegistry } from "../../ledger-core/ledgerRegistry.js";
import {
  MemoryLeaseTable,
  MemoryLedgerLeases,
} from "../../ledger-core/testing/memoryLedgerLeases.js";
import {
  deposit,
  ledgerId,
  request,
  setUpCommands,
} from "../../ledger-core/testing/writerFixtures.js";
import { FORWARD_ID_HEADER, PROBE_HEADER } from "./forwardProbes.js";
import {
  FORWARD_QUEUE_GROUP,
  forwardSubject,
  NatsCommandForwarding,
  type NatsCommandForwardingOptions,
} from "./natsCommandForwarding.js";

const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
/** The tests' PostgreSQL (TEST_DATABASE_URL, or the run's embedded one): leases only, no tables. */
const DATABASE_URL = testAdminUrl();
const opened: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

/** Two connections (two processes) on one fresh subject prefix. */
async function pair(options: Partial<NatsCommandForwardingOptions> = {}) {
  const subjectPrefix = `t${randomUUID().replaceAll("-", "")}`;
  const open = async () => {
    const forwarding = await NatsCommandForwarding.connect({
      natsUrl: NATS_URL,
      subjectPrefix,
      ...options,
    });
    opened.push(forwarding);
    return forwarding;
  };
  return { owner: await open(), other: await open(), subjectPrefix, open };
}

const message: ForwardMessage = { kind: "submit", request: request(deposit("n-1")) };
const accepted: ForwardReply = {
  kind: "decision",
  decision: { status: "duplicate", events: [], sequence: 7 },
};

describe("NatsCommandForwarding", () => {
  it("names a ledger's subject with its dots escaped", () => {
    expect(forwardSubject("folio", "acme.eur")).toBe("folio.internal.ledgers.acme%2Eeur.commands");
  });

  it("carries a message to the ledger's server and its reply back unchanged", async () => {
    const { owner, other } = await pair();
    const seen: ForwardMessage[] = [];
    await owner.serve("acme.eur", (received) => {
      seen.push(received);
      return Promise.resolve(accepted);
    });
    expect(await other.forward("acme.eur", message)).toEqual(accepted);
    expect(seen).toEqual([message]);
    // Another ledger has no server.
    expect(await other.forward("acme", message)).toBe("no_owner");
  });

  it("answers no_owner at once when nobody serves the ledger", async () => {
    const { other } = await pair({ timeoutMs: 5_000 });
    const started = Date.now();
    expect(await other.forward(ledgerId, message)).toBe("no_owner");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("fails forward_timeout, never a decision, when the owner does not answer in time", async () => {
    const { owner, other } = await pair({ timeoutMs: 200 });
    await owner.serve(ledgerId, () => new Promise<ForwardReply>(() => undefined));
    await expect(other.forward(ledgerId, message)).rejects.toMatchObject({
      code: "forward_timeout",
    });
  });

  it("turns a handler's throw into the owner's error reply", async () => {
    const { owner, other } = await pair();
    await owner.serve(ledgerId, () => Promise.reject(new Error("boom")));
    expect(await other.forward(ledgerId, message)).toEqual({
      kind: "error",
      error: { code: "writer_failed", message: "boom" },
    });
  });

  it("stops serving on stop(): the next forward is no_owner", async () => {
    const { owner, other } = await pair();
    const served = await owner.serve(ledgerId, () => Promise.resolve(accepted));
    expect(await other.forward(ledgerId, message)).toEqual(accepted);
    await served.stop();
    expect(await other.forward(ledgerId, message)).toBe("no_owner");
  });

  it("fails forward_failed at once, leaving nothing waiting, when this process closes", async () => {
    const { owner, other } = await pair({ timeoutMs: LONG_TIMEOUT_MS });
    const { handler, started } = hangingHandler();
    await owner.serve(ledgerId, handler);
    const forwarded = other.forward(ledgerId, message);
    await started;
    const since = Date.now();
    await other.close();
    const { error, tookMs } = await rejection(forwarded, since);
    expect(error).toMatchObject({ code: "forward_failed" });
    expect(tookMs).toBeLessThan(5_000);
    expect(other.requestsWaiting).toBe(0);
  });

  it("refuses a message over the server's max_payload before sending it", async () => {
    const { other } = await pair();
    const huge: ForwardMessage = {
      kind: "submit",
      request: request(deposit("big", "1.00", { note: "x".repeat(other.maxPayload) })),
    };
    await expect(other.forward(ledgerId, huge)).rejects.toMatchObject({
      code: "forward_too_large",
    });
  });
});

describe("LedgerRegistry over NATS forwarding", () => {
  it("decides commands sent to either registry at the one owner, and takes over on loss", async () => {
    const { owner, other } = await pair();
    const [store, table] = [createMemoryEventStore(), new MemoryLeaseTable()];
    const [leasesA, leasesB] = [new MemoryLedgerLeases(table), new MemoryLedgerLeases(table)];
    const a = new LedgerRegistry({ store, leases: leasesA, forwarding: owner });
    const b = new LedgerRegistry({ store, leases: leasesB, forwarding: other });
    opened.push(a, b);
    for (const command of setUpCommands) {
      expect((await b.submit(ledgerId, request(command))).status).toBe("accepted");
    }
    const decisions = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        (index % 2 === 0 ? a : b).submit(ledgerId, request(deposit(`n-${index}`))),
      ),
    );
    expect(decisions.map((decision) => decision.status)).toEqual(Array(10).fill("accepted"));
    expect([leasesA.heldLedgers, leasesB.heldLedgers]).toEqual([[], [ledgerId]]);
    expect(a.openLedgers).toBe(0);

    leasesB.lose(ledgerId);
    expect((await a.submit(ledgerId, request(deposit("n-0")))).status).toBe("duplicate");
    expect(leasesA.heldLedgers).toEqual([ledgerId]);
    const forwarded = await b.submit(ledgerId, request(deposit("n-11")));
    expect(forwarded.status).toBe("accepted");
    expect(b.openLedgers).toBe(0);
  });

  it("does the same with PostgreSQL leases: one owner, and the other takes over when it goes", async () => {
    const { owner, other } = await pair();
    const id = `fwd-${randomUUID().slice(0, 8)}`;
    const store = createMemoryEventStore();
    const leases = () =>
      new PostgresLedgerLeases({
        connectionString: DATABASE_URL,
        logger: pino({ level: "silent" }),
      });
    const [leasesA, leasesB] = [leases(), leases()];
    const a = new LedgerRegistry({ store, leases: leasesA, forwarding: owner });
    const b = new LedgerRegistry({ store, leases: leasesB, forwarding: other });
    opened.push(leasesA, leasesB, a, b);
    for (const command of setUpCommands) {
      const named = command.type === "CreateLedger" ? { ...command, ledgerId: id } : command;
      expect((await a.submit(id, request(named))).status).toBe("accepted");
    }
    expect((await b.submit(id, request(deposit("p-1")))).status).toBe("accepted");
    expect([a.openLedgers, b.openLedgers]).toEqual([1, 0]);
    await a.close(); // serving stops, the lease is given back: b takes over
    expect((await b.submit(id, request(deposit("p-1")))).status).toBe("duplicate");
    expect(b.openLedgers).toBe(1);
  });
});

/** Probe settings short enough for tests: first probe at 200 ms, then every 200 ms. */
const FAST_PROBES = { probeAfterMs: 200, probeEveryMs: 200, probeTimeoutMs: 200 };
/** The forward timeout of the probing tests: owner_lost must come long before it. */
const LONG_TIMEOUT_MS = 30_000;
const decoder = new TextDecoder();

/** A plain NATS connection (a spy, or a stand-in server), closed after the test. */
async function rawConnection(): Promise<NatsConnection> {
  const nc = await connect({ servers: NATS_URL });
  opened.push({ close: () => nc.close() });
  return nc;
}

/**
 * Subscribes to a ledger's forward subject: a spy (no queue group: it sees every message and
 * never answers) or, with `answer`, a stand-in server in the owners' queue group.
 */
async function listen(
  subjectPrefix: string,
  answer?: (msg: Msg) => Uint8Array | null,
): Promise<{ probes: string[]; forwards: string[] }> {
  const nc = await rawConnection();
  const seen = { probes: [] as string[], forwards: [] as string[] };
  nc.subscribe(forwardSubject(subjectPrefix, ledgerId), {
    ...(answer === undefined ? {} : { queue: FORWARD_QUEUE_GROUP }),
    callback: (_error, msg) => {
      const probe = msg.headers?.get(PROBE_HEADER) ?? "";
      if (probe === "") seen.forwards.push(msg.headers?.get(FORWARD_ID_HEADER) ?? "");
      else seen.probes.push(probe);
      const reply = answer?.(msg);
      if (reply !== undefined && reply !== null) msg.respond(reply);
    },
  });
  await nc.flush();
  return seen;
}

/** A handler that never answers, and a promise settled once it was called. */
function hangingHandler() {
  let called = (): void => undefined;
  const started = new Promise<void>((resolve) => (called = resolve));
  const handler = (): Promise<ForwardReply> => {
    called();
    return new Promise<ForwardReply>(() => undefined);
  };
  return { handler, started };
}

/** Rejection of `promise` and how long it took from `since`. */
async function rejection(promise: Promise<unknown>, since: number) {
  const error = await promise.then(
    () => new Error("resolved"),
    (reason: unknown) => reason,
  );
  return { error: error as { code?: string; message?: string }, tookMs: Date.now() - since };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("NatsCommandForwarding probing a forward's owner", () => {
  it("fails forward_owner_lost soon after the owner's connection closes mid-forward", async () => {
    const { owner, other } = await pair({ timeoutMs: LONG_TIMEOUT_MS, ...FAST_PROBES });
    const { handler, started } = hangingHandler();
    await owner.serve(ledgerId, handler);
    const since = Date.now();
    const forwarded = other.forward(ledgerId, message);
    await started;
    await owner.close(); // as a killed process: its subscription goes with its connection
    const { error, tookMs } = await rejection(forwarded, since);
    expect(error).toMatchObject({ code: "forward_owner_lost" });
    expect(error.message).toMatch(/nobody serves the ledger.*retry with the same id/);
    expect(tookMs).toBeLessThan(10_000);
    expect(other.requestsWaiting).toBe(0); // the forward's timer went with it
  });

  it("fails forward_owner_lost after the strikes when another process took the ledger over", async () => {
    const { owner, other, open } = await pair({ timeoutMs: LONG_TIMEOUT_MS, ...FAST_PROBES });
    const { handler, started } = hangingHandler();
    await owner.serve(ledgerId, handler);
    const since = Date.now();
    const forwarded = other.forward(ledgerId, message);
    await started;
    const successor = await open();
    await successor.serve(ledgerId, () => Promise.resolve(accepted));
    await owner.close(); // it stops serving and never answers
    const { error, tookMs } = await rejection(forwarded, since);
    expect(error).toMatchObject({ code: "forward_owner_lost" });
    expect(error.message).toMatch(/3 probes in a row/);
    expect(tookMs).toBeLessThan(10_000);
    expect(other.requestsWaiting).toBe(0);
  });

  it("counts a probe without an answer as a strike (a subscriber that answers nothing)", async () => {
    const { other, subjectPrefix } = await pair({ timeoutMs: LONG_TIMEOUT_MS, ...FAST_PROBES });
    const zombie = await listen(subjectPrefix, () => null);
    const since = Date.now();
    const { error, tookMs } = await rejection(other.forward(ledgerId, message), since);
    expect(error).toMatchObject({ code: "forward_owner_lost" });
    expect(zombie.probes.length).toBe(3);
    expect(tookMs).toBeLessThan(10_000);
  });

  it("returns a slow owner's reply while probes find it still working", async () => {
    const { owner, other, subjectPrefix } = await pair({ timeoutMs: 10_000, ...FAST_PROBES });
    const spy = await listen(subjectPrefix);
    await owner.serve(ledgerId, async () => {
      await pause(2_000);
      return accepted;
    });
    expect(await other.forward(ledgerId, message)).toEqual(accepted);
    expect(spy.probes.length).toBeGreaterThanOrEqual(4); // past any run of strikes
    expect(new Set(spy.probes)).toEqual(new Set(spy.forwards));
  });

  it("never probes a forward answered before probeAfterMs", async () => {
    const { owner, other, subjectPrefix } = await pair(FAST_PROBES);
    const spy = await listen(subjectPrefix);
    await owner.serve(ledgerId, () => Promise.resolve(accepted));
    for (let index = 0; index < 5; index += 1) {
      expect(await other.forward(ledgerId, message)).toEqual(accepted);
    }
    await pause(800); // four probe intervals: a watch left running would have probed
    expect(spy.forwards).toHaveLength(5);
    expect(spy.probes).toEqual([]);
    expect(other.requestsWaiting).toBe(0);
  });

  it("answers a probe at once, outside the served limit, and never hands it to the handler", async () => {
    const { owner, other, subjectPrefix } = await pair({ maxServedInFlight: 1 });
    const spy = await listen(subjectPrefix);
    const { handler, started } = hangingHandler();
    let handled = 0;
    await owner.serve(ledgerId, () => {
      handled += 1;
      return handler();
    });
    void other.forward(ledgerId, message).catch(() => undefined);
    await started;
    while (spy.forwards.length === 0) await pause(10); // the spy's copy may come later
    const [forwardId] = spy.forwards;
    const nc = await rawConnection();
    const probe = async (id: string) => {
      const probeHeaders = headers();
      probeHeaders.set(PROBE_HEADER, id);
      const subject = forwardSubject(subjectPrefix, ledgerId);
      const reply = await nc.request(subject, new Uint8Array(0), {
        headers: probeHeaders,
        timeout: 2_000,
      });
      return JSON.parse(decoder.decode(reply.data)) as unknown;
    };
    expect(await probe(forwardId ?? "")).toEqual({ inFlight: true });
    expect(await probe(randomUUID())).toEqual({ inFlight: false });
    expect(handled).toBe(1);
  });

  it("takes an older server's error answer to a probe as unknown: forward_timeout, no strike", async () => {
    const { other, subjectPrefix } = await pair({ timeoutMs: 1_500, ...FAST_PROBES });
    // An older server reads every message as a command: the empty probe fails to parse.
    const older = await listen(subjectPrefix, (msg) => {
      if (msg.data.length > 0) return null; // the command itself: it hangs
      return json({ kind: "error", error: { code: "writer_failed", message: "bad JSON" } });
    });
    await expect(other.forward(ledgerId, message)).rejects.toMatchObject({
      code: "forward_timeout",
    });
    expect(older.probes.length).toBeGreaterThanOrEqual(3);
  });

  it("clears the strikes when a probe finds the forward in flight", async () => {
    const { other, subjectPrefix } = await pair({ timeoutMs: 2_000, ...FAST_PROBES });
    let probes = 0;
    const flaky = await listen(subjectPrefix, (msg) => {
      if (msg.data.length > 0) return null;
      probes += 1;
      return json({ inFlight: probes % 3 === 0 }); // false, false, true, ...
    });
    await expect(other.forward(ledgerId, message)).rejects.toMatchObject({
      code: "forward_timeout",
    });
    expect(flaky.probes.length).toBeGreaterThanOrEqual(4);
  });
});
