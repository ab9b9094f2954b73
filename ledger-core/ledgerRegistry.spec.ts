// The ledger registry and the hold sweeper over the memory store: one writer per ledger,
// unknown ledgers not kept open, open writers an LRU (idle ones closed to make room and
// reopened on demand, busy ones never, overloaded only when all are busy), and holds expired
// on the clock.
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../event-store/index.js";
import type { Command } from "../schemas/index.js";
import { dueHolds, startHoldSweeper, SWEEPER_ACTOR } from "./holdSweeper.js";
import { LedgerRegistry } from "./ledgerRegistry.js";
import { holdAppends, instrumented } from "./testing/writerFixtures.js";

const request = (command: Command) => ({ command, actor: "spec", correlationId: "spec" });
const createLedger = (ledgerId: string): Command => ({
  type: "CreateLedger",
  ledgerId,
  name: ledgerId,
  reportingCurrency: "USD",
  assets: [{ code: "USD", scale: 2 }],
});

/** A deposit into a ledger made by create(). */
function deposit(ledgerId: string, entryId: string): Command {
  return {
    type: "PostEntry",
    entryId,
    postings: [
      { accountId: `${ledgerId}-cash`, side: "debit", amount: "1.00" },
      { accountId: `${ledgerId}-owner`, side: "credit", amount: "1.00" },
    ],
  };
}

/** Creates a ledger with two accounts and one deposit, `dep-1`. */
async function create(registry: LedgerRegistry, ledgerId: string): Promise<void> {
  const commands: Command[] = [
    createLedger(ledgerId),
    { type: "OpenAccount", accountId: `${ledgerId}-cash`, currency: "USD", accountType: "asset" },
    { type: "OpenAccount", accountId: `${ledgerId}-owner`, currency: "USD", accountType: "equity" },
    deposit(ledgerId, "dep-1"),
  ];
  for (const command of commands) {
    expect((await registry.submit(ledgerId, request(command))).status).toBe("accepted");
  }
}

async function ledgersOpen(registry: LedgerRegistry): Promise<string[]> {
  const writers = await registry.openWriters();
  return writers.map((writer) => writer.current.ledger?.ledgerId ?? "?").sort();
}

describe("LedgerRegistry", () => {
  it("keeps one writer per existing ledger and none for unknown ids", async () => {
    const registry = new LedgerRegistry({ store: createMemoryEventStore() });
    expect(await registry.existing("nobody")).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(registry.openLedgers).toBe(0);
    expect((await registry.submit("bank", request(createLedger("bank")))).status).toBe("accepted");
    const first = await registry.existing("bank");
    const second = await registry.existing("bank");
    expect(first).not.toBeNull();
    expect(first).toBe(second);
    expect(registry.openLedgers).toBe(1);
    await registry.close();
    await expect(registry.existing("bank")).rejects.toMatchObject({ code: "writer_closed" });
  });

  it("closes the least recently used idle writer to open another, and reopens it on demand", async () => {
    const registry = new LedgerRegistry({ store: createMemoryEventStore(), maxOpenLedgers: 2 });
    await create(registry, "a");
    await create(registry, "b");
    const b = await registry.existing("b");
    await registry.existing("a"); // a is now more recently used than b
    await create(registry, "c");
    expect(registry.openLedgers).toBe(2);
    expect(registry.evictions).toBe(1);
    await expect(b?.submit(request(createLedger("b")))).rejects.toMatchObject({
      code: "writer_closed",
    });
    // b reopens from the store, with everything it had decided.
    const again = await registry.submit("b", request(deposit("b", "dep-1")));
    expect(again).toMatchObject({ status: "duplicate" });
    expect(registry.openLedgers).toBe(2);
    expect(registry.evictions).toBe(2);
    await registry.close();
  });

  it("never closes a writer with queued or in-flight commands; overloaded only while all are busy", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const registry = new LedgerRegistry({
      store,
      maxOpenLedgers: 2,
      writerOptions: { maxBatchWaitMs: 30 },
    });
    await create(registry, "a");
    await create(registry, "b");

    // a has a command queued (waiting for company), submitted straight to its writer as the
    // hold sweeper does: c takes b's slot, not a's.
    const writerA = await registry.existing("a");
    await registry.existing("b"); // a is the least recently used again
    const queuedOnA = writerA?.submit(request(deposit("a", "queued")));
    await create(registry, "c");
    expect((await queuedOnA)?.status).toBe("accepted");
    expect(await ledgersOpen(registry)).toEqual(["a", "c"]);

    // A caller between taking a's writer and submitting to it holds it: in one tick, a is
    // taken (most recently used), e opens in c's slot, and then a is the least recently used
    // but still leased, so f finds every slot busy.
    const leased = registry.submit("a", request(deposit("a", "leased")));
    const opening = create(registry, "e");
    await expect(registry.submit("f", request(createLedger("f")))).rejects.toMatchObject({
      code: "overloaded",
    });
    expect((await leased).status).toBe("accepted");
    await opening;
    expect(await ledgersOpen(registry)).toEqual(["a", "e"]);

    // Both slots busy with appends in flight: a new ledger is refused, nothing is closed.
    const release = holdAppends(control);
    const inFlight = [
      registry.submit("a", request(deposit("a", "held-a"))),
      registry.submit("e", request(deposit("e", "held-e"))),
    ];
    const appends = control.appends;
    while (control.appends < appends + 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(registry.submit("d", request(createLedger("d")))).rejects.toMatchObject({
      code: "overloaded",
    });
    release();
    expect((await Promise.all(inFlight)).map((decision) => decision.status)).toEqual([
      "accepted",
      "accepted",
    ]);
    // Once a writer is idle again, the new ledger gets its slot.
    expect((await registry.submit("d", request(createLedger("d")))).status).toBe("accepted");
    await registry.close();
  });
});

describe("hold sweeper", () => {
  it("expires due holds through the writer, as the sweeper actor, on the injected clock", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const clock = () => now;
    const store = createMemoryEventStore();
    const registry = new LedgerRegistry({ store, writerOptions: { clock } });
    const setUp: Command[] = [
      createLedger("bank"),
      { type: "OpenAccount", accountId: "cash", currency: "USD", accountType: "asset" },
      { type: "OpenAccount", accountId: "cust", currency: "USD", accountType: "liability" },
      {
        type: "PendEntry",
        entryId: "hold-1",
        timeoutSeconds: 60,
        postings: [
          { accountId: "cust", side: "debit", amount: "5.00" },
          { accountId: "cash", side: "credit", amount: "5.00" },
        ],
      },
    ];
    for (const command of setUp) await registry.submit("bank", request(command));
    const writer = await registry.existing("bank");
    if (writer === null) throw new Error("the ledger exists");
    expect(dueHolds(writer.current, now, 10)).toEqual([]);

    now += 60_000;
    expect(dueHolds(writer.current, now, 10)).toEqual(["hold-1"]);
    const stop = startHoldSweeper({ registry, clock, intervalMs: 10 });
    for (let attempt = 0; attempt < 100 && writer.current.openHolds.size > 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await stop();
    expect(writer.current.entries.get("hold-1")?.hold?.status).toBe("expired");
    expect(writer.current.accounts.get("cust")?.pendingDebits).toBe(0n);
    const [last] = await store.readStream("ledger-bank", {
      fromRevision: "end",
      direction: "backwards",
      maxCount: 1,
    });
    expect(last?.type).toBe("PendingExpired");
    expect(last?.metadata).toMatchObject({ actor: SWEEPER_ACTOR });
    await registry.close();
  });
});
