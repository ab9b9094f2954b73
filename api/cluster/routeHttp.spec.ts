// LedgerRegistry.routeHttp, the registry side of cluster mode's HTTP forwarding, with two
// registries (two processes) on one memory store, memory leases and memory forwarding: a
// request for a ledger another registry owns gets that owner's serveHttp answer (never this
// one's); an unowned ledger is answered here, under its lease; a ledger that does not exist is
// answered here with no lease kept; an owner that refuses (not_owner) is asked again, then the
// request is refused not_owner; once the owner stops, the next request takes over.
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../../event-store/index.js";
import {
  LedgerRegistry,
  WriterError,
  type HttpAnswer,
  type HttpRequestMessage,
} from "../../ledger-core/index.js";
import {
  MemoryCommandForwarding,
  MemoryForwardingTable,
} from "../../ledger-core/testing/memoryCommandForwarding.js";
import {
  MemoryLeaseTable,
  MemoryLedgerLeases,
} from "../../ledger-core/testing/memoryLedgerLeases.js";
import { ledgerId, request, setUpCommands } from "../../ledger-core/testing/writerFixtures.js";

interface Process {
  readonly name: string;
  readonly registry: LedgerRegistry;
  readonly leases: MemoryLedgerLeases;
  /** The HTTP requests this process answered as the owner. */
  readonly served: HttpRequestMessage[];
}

const running: LedgerRegistry[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((registry) => registry.close()));
});

type Serve = (process: { name: string }, message: HttpRequestMessage) => Promise<HttpAnswer>;

const answerAs: Serve = (process, message) =>
  Promise.resolve({
    status: 200,
    headers: { "content-type": "text/plain", "x-served-by": process.name },
    body: `${message.method} ${message.url} by ${process.name}`,
  });

/** Two processes (A, B) on one store, lease table and bus; each answers with `serve`. */
function pair(serve: Serve | null = answerAs): [Process, Process, MemoryLeaseTable] {
  const store = createMemoryEventStore();
  const [table, bus] = [new MemoryLeaseTable(), new MemoryForwardingTable()];
  const make = (name: string): Process => {
    const served: HttpRequestMessage[] = [];
    const leases = new MemoryLedgerLeases(table);
    const registry = new LedgerRegistry({
      store,
      leases,
      forwarding: new MemoryCommandForwarding(bus),
      writerOptions: { maxBatchWaitMs: 1 },
      ...(serve === null
        ? {}
        : {
            serveHttp: (_ledger: string, message: HttpRequestMessage) => {
              served.push(message);
              return serve({ name }, message);
            },
          }),
    });
    running.push(registry);
    return { name, registry, leases, served };
  };
  return [make("A"), make("B"), table];
}

async function setUp(registry: LedgerRegistry): Promise<void> {
  for (const command of setUpCommands) {
    expect((await registry.submit(ledgerId, request(command))).status).toBe("accepted");
  }
}

const message = (url: string, body: string | null = null): HttpRequestMessage => ({
  kind: "http",
  method: body === null ? "GET" : "POST",
  url,
  headers: { authorization: "Bearer k", "content-type": "application/json" },
  body,
});

async function isFree(table: MemoryLeaseTable, ledger: string): Promise<boolean> {
  const lease = await new MemoryLedgerLeases(table).acquire(ledger);
  await lease?.release();
  return lease !== null;
}

describe("LedgerRegistry.routeHttp", () => {
  it("relays the owner's answer to a request for a ledger another registry owns", async () => {
    const [a, b] = pair();
    await setUp(a.registry);
    const sent = message(`/v1/ledgers/${ledgerId}/entries`, '{"id":"e1"}');
    const route = await b.registry.routeHttp(ledgerId, sent);
    expect(route).toEqual({
      kind: "forwarded",
      answer: {
        status: 200,
        headers: { "content-type": "text/plain", "x-served-by": "A" },
        body: `POST /v1/ledgers/${ledgerId}/entries by A`,
      },
    });
    expect(a.served).toEqual([sent]);
    expect(b.served).toEqual([]);
    expect(b.registry.openLedgers).toBe(0);
    // The owner itself answers locally.
    expect(await a.registry.routeHttp(ledgerId, sent)).toEqual({ kind: "local" });
  });

  it("answers here, under the lease, for a ledger nobody owns; keeps no lease for one that does not exist", async () => {
    const [a, b, table] = pair();
    await setUp(a.registry);
    await a.registry.close();
    expect(await b.registry.routeHttp(ledgerId, message("/x"))).toEqual({ kind: "local" });
    expect(b.leases.heldLedgers).toEqual([ledgerId]);
    expect(await b.registry.routeHttp("nowhere", message("/y"))).toEqual({ kind: "local" });
    await new Promise((resolve) => setTimeout(resolve, 10)); // the idle writer's release
    expect(await isFree(table, "nowhere")).toBe(true);
    expect(b.served).toEqual([]);
  });

  it("asks again when the owner refuses (not_owner), then refuses not_owner itself", async () => {
    const refuse: Serve = () => Promise.reject(new WriterError("not_owner", "stopping"));
    const [a, b] = pair(refuse);
    await setUp(a.registry);
    await expect(b.registry.routeHttp(ledgerId, message("/z"))).rejects.toMatchObject({
      code: "not_owner",
    });
    expect(a.served.length).toBeGreaterThan(1);
  });

  it("refuses forward_failed when the owner does not answer HTTP (no serveHttp)", async () => {
    const [a, b] = pair(null);
    await setUp(a.registry);
    await expect(b.registry.routeHttp(ledgerId, message("/w"))).rejects.toMatchObject({
      code: "forward_failed",
    });
  });
});
