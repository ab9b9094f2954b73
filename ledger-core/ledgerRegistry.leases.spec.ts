// The ledger registry under leases (memory leases on one table, one memory store: two
// registries are two processes): a ledger another process holds is refused with not_owner; a
// lost lease stops its writer at once (queued commands get lease_lost, nothing more is
// appended, nothing decided after the loss is answered) and the next command acquires again;
// a writer closed by eviction or shutdown gives its lease back once drained.
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../event-store/index.js";
import type { Decision } from "./decision.js";
import type { EventStore } from "./eventStorePort.js";
import { LedgerRegistry, type LedgerRegistryOptions } from "./ledgerRegistry.js";
import { MemoryLeaseTable, MemoryLedgerLeases } from "./testing/memoryLedgerLeases.js";
import {
  appendsTried,
  deposit,
  holdAppends,
  instrumented,
  ledgerId,
  request,
  setUpCommands,
  storedStream,
} from "./testing/writerFixtures.js";

/** Long enough that commands submitted together wait in the queue for company. */
const QUEUE_WAIT_MS = 200;

interface Process {
  readonly registry: LedgerRegistry;
  readonly leases: MemoryLedgerLeases;
}

function processOn(
  table: MemoryLeaseTable,
  store: EventStore,
  options: Partial<LedgerRegistryOptions> = {},
): Process {
  const leases = new MemoryLedgerLeases(table);
  const registry = new LedgerRegistry({ store, leases, ...options });
  return { registry, leases };
}

async function setUp(registry: LedgerRegistry, id = ledgerId): Promise<void> {
  for (const command of setUpCommands) {
    const named = command.type === "CreateLedger" ? { ...command, ledgerId: id } : command;
    expect((await registry.submit(id, request(named))).status).toBe("accepted");
  }
}

/** What each promise settled to: a decision's status, or an error's code. */
async function outcomes(answers: readonly Promise<Decision>[]): Promise<string[]> {
  const settled = await Promise.allSettled(answers);
  return settled.map((result) =>
    result.status === "fulfilled"
      ? result.value.status
      : String((result.reason as { code?: unknown }).code),
  );
}

describe("LedgerRegistry with leases", () => {
  it("refuses a ledger another process holds with not_owner, and keeps nothing open for it", async () => {
    const [table, store] = [new MemoryLeaseTable(), createMemoryEventStore()];
    const [a, b] = [processOn(table, store), processOn(table, store)];
    await setUp(a.registry);
    await expect(b.registry.submit(ledgerId, request(deposit("d-1")))).rejects.toThrow(
      /another process owns ledger/,
    );
    await expect(b.registry.submit(ledgerId, request(deposit("d-1")))).rejects.toMatchObject({
      code: "not_owner",
    });
    await expect(b.registry.existing(ledgerId)).rejects.toMatchObject({ code: "not_owner" });
    await expect(b.registry.dryRun(ledgerId, [request(deposit("d-1"))])).rejects.toMatchObject({
      code: "not_owner",
    });
    expect(b.registry.openLedgers).toBe(0);
    expect((await a.registry.submit(ledgerId, request(deposit("d-1")))).status).toBe("accepted");
    await Promise.all([a.registry.close(), b.registry.close()]);
  });

  it("on lease loss rejects queued commands with lease_lost, appends nothing more, and acquires again", async () => {
    const table = new MemoryLeaseTable();
    const { store, control } = instrumented(createMemoryEventStore());
    const a = processOn(table, store, { writerOptions: { maxBatchWaitMs: QUEUE_WAIT_MS } });
    await setUp(a.registry);
    const before = (await storedStream(store)).length;
    const queued = ["q-1", "q-2", "q-3"].map((id) =>
      a.registry.submit(ledgerId, request(deposit(id))),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(a.leases.lose(ledgerId)).toBe(true);
    expect(await outcomes(queued)).toEqual(["lease_lost", "lease_lost", "lease_lost"]);
    expect((await storedStream(store)).length).toBe(before);
    expect(a.registry.openLedgers).toBe(0);
    expect(a.registry.leaseLosses).toBe(1);

    // Another process takes the ledger over; this one is refused until it gives it back.
    const b = processOn(table, store);
    expect((await b.registry.submit(ledgerId, request(deposit("q-1")))).status).toBe("accepted");
    await expect(a.registry.submit(ledgerId, request(deposit("q-2")))).rejects.toMatchObject({
      code: "not_owner",
    });
    await b.registry.close();
    // Acquired again, and its new writer's state holds what the other process decided.
    expect(await a.registry.submit(ledgerId, request(deposit("q-1")))).toMatchObject({
      status: "duplicate",
    });
    expect(control.log.length).toBeGreaterThan(0);
    await a.registry.close();
  });

  it("answers no decision made after the loss: only the append already in flight is answered", async () => {
    const table = new MemoryLeaseTable();
    const { store, control } = instrumented(createMemoryEventStore());
    const a = processOn(table, store, { writerOptions: { maxBatchWaitMs: 0 } });
    await setUp(a.registry);
    const writer = await a.registry.existing(ledgerId);
    if (writer === null) throw new Error("the ledger exists");
    const release = holdAppends(control);
    const tried = control.log.length;
    const inFlight = a.registry.submit(ledgerId, request(deposit("in-flight")));
    await appendsTried(control, tried + 1);
    // Behind it: decided ahead on a fork, or still queued when the lease goes.
    const behind = ["b-1", "b-2"].map((id) => a.registry.submit(ledgerId, request(deposit(id))));
    await new Promise((resolve) => setTimeout(resolve, 5));
    a.leases.lose(ledgerId);
    // A new writer under a new lease, once the old one has drained and given its lease back.
    const late = a.registry.submit(ledgerId, request(deposit("late")));
    release();
    expect(await outcomes([inFlight])).toEqual(["accepted"]);
    // Never a decision: decided ahead or still queued, both are answered lease_lost.
    expect(await outcomes(behind)).toEqual(["lease_lost", "lease_lost"]);
    expect(await outcomes([late])).toEqual(["accepted"]);
    const stored = await storedStream(store);
    const entries = stored.flatMap((event) => {
      const data = event.data as { entryId?: unknown };
      return typeof data.entryId === "string" ? [data.entryId] : [];
    });
    expect(entries.filter((id) => id !== "late")).toEqual(["in-flight"]);
    await expect(writer.submit(request(deposit("old")))).rejects.toMatchObject({
      code: "writer_closed",
    });
    await a.registry.close();
  });

  it("gives a lease back when its writer is evicted or the registry closes, and not before it drained", async () => {
    const table = new MemoryLeaseTable();
    const { store, control } = instrumented(createMemoryEventStore());
    const a = processOn(table, store, { maxOpenLedgers: 1 });
    await setUp(a.registry, "one");
    expect(a.leases.heldLedgers).toEqual(["one"]);
    await setUp(a.registry, "two"); // "one" is evicted
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(a.leases.heldLedgers).toEqual(["two"]);
    const b = processOn(table, store);
    expect((await b.registry.submit("one", request(deposit("from-b")))).status).toBe("accepted");
    await b.registry.close();

    // Closing waits for the append in flight before the lease is given back.
    const release = holdAppends(control);
    const tried = control.log.length;
    const held = a.registry.submit("two", request(deposit("held")));
    await appendsTried(control, tried + 1);
    const closing = a.registry.close();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(a.leases.heldLedgers).toEqual(["two"]);
    release();
    await closing;
    expect((await held).status).toBe("accepted");
    expect(a.leases.heldLedgers).toEqual([]);
  });

  it("passes on a failure to reach the lock service and tries again on the next command", async () => {
    const [table, store] = [new MemoryLeaseTable(), createMemoryEventStore()];
    const a = processOn(table, store);
    a.leases.failAcquires(new Error("lock service unreachable"));
    await expect(a.registry.submit(ledgerId, request(deposit("d-1")))).rejects.toThrow(
      "lock service unreachable",
    );
    expect(a.registry.openLedgers).toBe(0);
    a.leases.failAcquires(null);
    await setUp(a.registry);
    await a.registry.close();
  });
});
