// The ledger registry with leases and forwarding (memory leases, memory forwarding, one memory
// store: each registry is a process): commands sent to any registry are decided by the one
// that holds the lease; retries, holds and posts work whichever registry they reach; when the
// owner loses its lease, the next command takes over and sees every acknowledged entry; a
// forwarded dry run answers as the owner's own; a reply that never comes is forward_timeout,
// never a decision. A property test routes random commands to three registries.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { Command } from "../schemas/index.js";
import { createMemoryEventStore } from "../event-store/index.js";
import type { Decision } from "./decision.js";
import type { EventStore } from "./eventStorePort.js";
import { LedgerRegistry } from "./ledgerRegistry.js";
import { LedgerWriter } from "./ledgerWriter.js";
import { fromStoredEvent } from "./storedEvents.js";
import {
  MemoryCommandForwarding,
  MemoryForwardingTable,
} from "./testing/memoryCommandForwarding.js";
import { MemoryLeaseTable, MemoryLedgerLeases } from "./testing/memoryLedgerLeases.js";
import {
  deposit,
  hold,
  ledgerId,
  request,
  setUpCommands,
  storedStream,
} from "./testing/writerFixtures.js";

interface Process {
  readonly registry: LedgerRegistry;
  readonly leases: MemoryLedgerLeases;
  readonly forwarding: MemoryCommandForwarding;
}

/** One clock for every process: a dry run here and at the owner decide at the same instant. */
const NOW = Date.parse("2026-03-01T12:00:00Z");

const running: Process[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((process) => process.registry.close()));
});

/** `count` processes on one store, one lease table and one bus. */
function cluster(count: number, store: EventStore = createMemoryEventStore()): Process[] {
  const [leaseTable, bus] = [new MemoryLeaseTable(), new MemoryForwardingTable()];
  return Array.from({ length: count }, () => {
    const leases = new MemoryLedgerLeases(leaseTable);
    const forwarding = new MemoryCommandForwarding(bus);
    const registry = new LedgerRegistry({
      store,
      leases,
      forwarding,
      writerOptions: { maxBatchWaitMs: 1, clock: () => NOW },
    });
    const process = { registry, leases, forwarding };
    running.push(process);
    return process;
  });
}

async function setUp(registry: LedgerRegistry): Promise<void> {
  for (const command of setUpCommands) {
    expect((await registry.submit(ledgerId, request(command))).status).toBe("accepted");
  }
}

const post = (pendingId: string): Command => ({ type: "PostPending", pendingId });

/** Entry ids of the stored events that create entries (posted, pended, rejected). */
async function storedEntryIds(store: EventStore): Promise<string[]> {
  const creating = new Set(["EntryPosted", "EntryPended", "EntryRejected"]);
  return (await storedStream(store)).flatMap((event) =>
    creating.has(event.type) ? [(event.data as { entryId: string }).entryId] : [],
  );
}

describe("LedgerRegistry with leases and forwarding", () => {
  it("has every command, whichever registry gets it, decided by the one owner", async () => {
    const store = createMemoryEventStore();
    const [a, b, c] = cluster(3, store) as [Process, Process, Process];
    await setUp(a.registry);
    const via = [a, b, c];
    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        (via[index % 3] as Process).registry.submit(ledgerId, request(deposit(`d-${index}`))),
      ),
    );
    expect(decisions.map((decision) => decision.status)).toEqual(Array(30).fill("accepted"));
    expect([a.leases.heldLedgers, b.leases.heldLedgers, c.leases.heldLedgers]).toEqual([
      [ledgerId],
      [],
      [],
    ]);
    expect([b.registry.openLedgers, c.registry.openLedgers]).toEqual([0, 0]);
    expect(b.forwarding.forwarded + c.forwarding.forwarded).toBe(20);
    expect(a.forwarding.served).toBe(20);
    expect((await storedEntryIds(store)).length).toBe(30);
  });

  it("takes the lease itself when nobody owns the ledger", async () => {
    const [a, b] = cluster(2) as [Process, Process];
    await setUp(b.registry);
    expect(b.leases.heldLedgers).toEqual([ledgerId]);
    expect(b.forwarding.forwarded).toBe(0);
    expect((await a.registry.submit(ledgerId, request(deposit("x")))).status).toBe("accepted");
    expect(a.forwarding.forwarded).toBe(1);
  });

  it("answers a retry of the same id via another registry with the first outcome", async () => {
    const [a, b, c] = cluster(3) as [Process, Process, Process];
    await setUp(a.registry);
    const first = await b.registry.submit(ledgerId, request(deposit("r-1", "7.00")));
    expect(first.status).toBe("accepted");
    const sequence = first.events[0]?.metadata.sequence;
    expect(await c.registry.submit(ledgerId, request(deposit("r-1", "7.00")))).toEqual({
      status: "duplicate",
      events: [],
      sequence,
    });
    const changed = await c.registry.submit(ledgerId, request(deposit("r-1", "8.00")));
    expect(changed).toMatchObject({ status: "rejected", rejection: { code: "id_conflict" } });
  });

  it("posts via one registry a hold created via another", async () => {
    const [a, b, c] = cluster(3) as [Process, Process, Process];
    await setUp(a.registry);
    expect((await b.registry.submit(ledgerId, request(deposit("in", "10.00")))).status).toBe(
      "accepted",
    );
    expect((await b.registry.submit(ledgerId, request(hold("h-1", "4.00")))).status).toBe(
      "accepted",
    );
    const posted = await c.registry.submit(ledgerId, request(post("h-1")));
    expect(posted.status).toBe("accepted");
    expect(posted.events.map((event) => event.type)).toEqual(["PendingPosted"]);
  });

  it("after the owner loses its lease, the next command takes over and sees every acknowledged entry", async () => {
    const store = createMemoryEventStore();
    const [a, b, c] = cluster(3, store) as [Process, Process, Process];
    await setUp(a.registry);
    const acknowledged = ["k-1", "k-2", "k-3", "k-4"];
    for (const [index, id] of acknowledged.entries()) {
      const via = index % 2 === 0 ? b : c;
      expect((await via.registry.submit(ledgerId, request(deposit(id)))).status).toBe("accepted");
    }
    expect(a.leases.lose(ledgerId)).toBe(true);
    expect((await b.registry.submit(ledgerId, request(deposit("k-5")))).status).toBe("accepted");
    expect(b.leases.heldLedgers).toEqual([ledgerId]);
    for (const id of acknowledged) {
      const retried = await c.registry.submit(ledgerId, request(deposit(id)));
      expect(retried.status).toBe("duplicate");
    }
    // The old owner now forwards to the new one.
    const before = a.forwarding.forwarded;
    expect((await a.registry.submit(ledgerId, request(deposit("k-6")))).status).toBe("accepted");
    expect(a.forwarding.forwarded).toBe(before + 1);
    expect(await storedEntryIds(store)).toEqual([...acknowledged, "k-5", "k-6"]);
  });

  it("answers a forwarded dry run exactly as the owner's own, state included", async () => {
    const [a, b] = cluster(2) as [Process, Process];
    await setUp(a.registry);
    await a.registry.submit(ledgerId, request(deposit("in", "10.00")));
    const requests = [request(hold("dry-h", "4.00")), request(post("dry-h"))];
    const here = await a.registry.dryRun(ledgerId, requests);
    const forwarded = await b.registry.dryRun(ledgerId, requests);
    expect(b.forwarding.forwarded).toBe(1);
    expect(forwarded.outcomes).toEqual(here.outcomes);
    expect(forwarded.events).toEqual(here.events);
    expect(forwarded.state).toEqual(here.state);
    expect(forwarded.state.accounts.get("cust")?.postedDebits).toBe(400n);
  });

  it("answers a lost reply with forward_timeout, never a decision; the retry is a duplicate", async () => {
    const [a, b] = cluster(2) as [Process, Process];
    await setUp(a.registry);
    b.forwarding.loseReplies(true);
    await expect(b.registry.submit(ledgerId, request(deposit("t-1")))).rejects.toMatchObject({
      code: "forward_timeout",
    });
    b.forwarding.loseReplies(false);
    expect((await b.registry.submit(ledgerId, request(deposit("t-1")))).status).toBe("duplicate");
  });

  it("passes the owner's WriterError on with its code", async () => {
    const [a, b] = cluster(2) as [Process, Process];
    await setUp(a.registry);
    await a.registry.close(); // still listed as owner for a moment: its queue is closed
    const answer = b.registry.submit(ledgerId, request(deposit("late")));
    // a's lease is given back once drained: b then takes over, or is told writer_closed.
    const settled = await answer.then(
      (decision) => decision.status,
      (error: unknown) => (error as { code: string }).code,
    );
    expect(["accepted", "writer_closed"]).toContain(settled);
  });
});

/** One step of the property: a command through one of three registries, or a lease loss. */
type Step =
  | {
      readonly via: number;
      readonly kind: "deposit" | "hold" | "post" | "retry";
      readonly n: number;
    }
  | { readonly via: number; readonly kind: "lose" };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    via: fc.integer({ min: 0, max: 2 }),
    kind: fc.constantFrom("deposit", "hold", "post", "retry"),
    n: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({ via: fc.integer({ min: 0, max: 2 }), kind: fc.constant("lose") }),
);

function commandOf(step: Step & { n: number }): Command {
  if (step.kind === "deposit" || step.kind === "retry") return deposit(`d-${step.n}`, "2.00");
  if (step.kind === "hold") return hold(`h-${step.n}`, "1.00");
  return post(`h-${step.n}`);
}

describe("LedgerRegistry forwarding, property", () => {
  it("stores each entry once, every acknowledged decision, and replays to the same balances", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(stepArbitrary, { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
        async (rounds) => {
          const store = createMemoryEventStore();
          const processes = cluster(3, store);
          await setUp(processes[0]?.registry as LedgerRegistry);
          const acknowledged: { command: Command; decision: Decision }[] = [];
          for (const round of rounds) {
            await Promise.all(
              round.map(async (step) => {
                const process = processes[step.via] as Process;
                if (step.kind === "lose") {
                  process.leases.lose(ledgerId);
                  return;
                }
                const command = commandOf(step);
                try {
                  const decision = await process.registry.submit(ledgerId, request(command));
                  acknowledged.push({ command, decision });
                } catch (error) {
                  // Never a false failure for a decision: only a lost lease may refuse here.
                  expect((error as { code?: string }).code).toBe("lease_lost");
                }
              }),
            );
          }
          const ids = await storedEntryIds(store);
          expect(new Set(ids).size).toBe(ids.length);
          // Every acknowledged decision's events are stored, exactly as they were answered.
          const stored = (await storedStream(store)).map(fromStoredEvent);
          const hashes = new Map(stored.map((event) => [event.metadata.hash, event]));
          for (const { decision } of acknowledged) {
            for (const event of decision.events)
              expect(hashes.get(event.metadata.hash)).toEqual(event);
          }
          const accepted = (type: Command["type"]) =>
            acknowledged.filter(
              ({ command, decision }) => command.type === type && decision.status === "accepted",
            );
          const [deposits, holds, posted] = [
            accepted("PostEntry"),
            accepted("PendEntry"),
            accepted("PostPending"),
          ];
          const pendingIds = posted.map(
            ({ command }) => (command as { pendingId: string }).pendingId,
          );
          expect(new Set(pendingIds).size).toBe(posted.length);
          const fresh = await LedgerWriter.open({ ledgerId, store });
          const replayed = fresh.current.accounts.get("cust");
          await fresh.close();
          expect(replayed?.postedCredits).toBe(200n * BigInt(deposits.length));
          expect(replayed?.postedDebits).toBe(100n * BigInt(posted.length));
          expect(replayed?.pendingDebits).toBe(100n * BigInt(holds.length - posted.length));
          await Promise.all(processes.map((process) => process.registry.close()));
        },
      ),
      { numRuns: 40 },
    );
  });
});
