// Command forwarding over a real NATS (NATS_URL, default 127.0.0.1:4222; every test on its own
// subject prefix): a request reaches the ledger's server and its reply comes back unchanged;
// nobody serving is no_owner at once; an owner that does not answer is forward_timeout; stop()
// ends serving; and two registries (memory store, memory leases) forward to each other.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createMemoryEventStore } from "../../event-store/index.js";
import { PostgresLedgerLeases } from "../../event-store/postgres/postgresLedgerLeases.js";
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
import {
  forwardSubject,
  NatsCommandForwarding,
  type NatsCommandForwardingOptions,
} from "./natsCommandForwarding.js";

const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
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
  return { owner: await open(), other: await open(), subjectPrefix };
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
