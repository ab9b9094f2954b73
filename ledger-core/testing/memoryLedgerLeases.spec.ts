// Runs the ledger leases contract against the in-memory leases: two or three MemoryLedgerLeases
// on one MemoryLeaseTable are two or three processes; a dropped connection is loseAll().
import { describe, expect, it } from "vitest";
import { describeLedgerLeasesContract } from "./ledgerLeasesContract.js";
import { MemoryLeaseTable, MemoryLedgerLeases } from "./memoryLedgerLeases.js";

/** Loss is noticed in the same tick here; the bound only keeps a broken test from hanging. */
const MEMORY_LOSS_BOUND_MS = 100;

const table = new MemoryLeaseTable();

describeLedgerLeasesContract("memory", {
  open: () => Promise.resolve(new MemoryLedgerLeases(table)),
  dropConnection: (leases) => {
    if (!(leases instanceof MemoryLedgerLeases)) throw new Error("memory leases expected");
    leases.loseAll();
    return Promise.resolve();
  },
  lossBoundMs: MEMORY_LOSS_BOUND_MS,
  propertyRuns: 300,
});

describe("memory ledger leases test hooks", () => {
  it("loses one ledger's lease on demand and fails acquires while told to", async () => {
    const leases = new MemoryLedgerLeases();
    const lease = await leases.acquire("a");
    expect(leases.lose("a")).toBe(true);
    expect(await lease?.lost).toMatchObject({ ledgerId: "a", reason: "revoked" });
    expect(leases.lose("a")).toBe(false);
    leases.failAcquires(new Error("unreachable"));
    await expect(leases.acquire("a")).rejects.toThrow("unreachable");
    leases.failAcquires(null);
    expect(await leases.acquire("a")).not.toBeNull();
    expect(leases.heldLedgers).toEqual(["a"]);
    await leases.close();
  });
});
