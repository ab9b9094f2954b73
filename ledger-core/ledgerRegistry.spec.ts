// The ledger registry and the hold sweeper over the memory store: one writer per ledger,
// unknown ledgers not kept open, a bound on open ledgers, and holds expired on the clock.
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../event-store/index.js";
import type { Command } from "../schemas/index.js";
import { dueHolds, startHoldSweeper, SWEEPER_ACTOR } from "./holdSweeper.js";
import { LedgerRegistry } from "./ledgerRegistry.js";

const request = (command: Command) => ({ command, actor: "spec", correlationId: "spec" });
const createLedger = (ledgerId: string): Command => ({
  type: "CreateLedger",
  ledgerId,
  name: ledgerId,
  reportingCurrency: "USD",
  assets: [{ code: "USD", scale: 2 }],
});

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

  it("refuses to open more ledgers than its bound", async () => {
    const registry = new LedgerRegistry({ store: createMemoryEventStore(), maxOpenLedgers: 2 });
    await registry.submit("a", request(createLedger("a")));
    await registry.submit("b", request(createLedger("b")));
    await expect(registry.submit("c", request(createLedger("c")))).rejects.toMatchObject({
      code: "overloaded",
    });
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
