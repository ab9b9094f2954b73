// The ledger writer's dry runs (LedgerWriter.dryRun) on the in-memory store: decided in queue
// order (after the commands queued before them, against the state those produce), nothing
// appended, the writer's state untouched, no id spent (the same command for real afterwards
// gets the very same decision), and a CreateLedger dry run leaves the ledger absent.
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../event-store/index.js";
import type { Decision } from "./decision.js";
import { snapshotOf } from "./snapshots.js";
import {
  blockWith,
  deposit,
  instrumented,
  request,
  setUp,
  setUpCommands,
  storedStream,
  streamId,
  withdrawal,
  writerPool,
} from "./testing/writerFixtures.js";
import { WriterError } from "./writerOptions.js";

const pool = writerPool();
const clock = () => Date.parse("2026-11-02T10:00:00.000Z");

function decisionOf(outcome: Decision | WriterError | undefined): Decision {
  if (outcome === undefined || outcome instanceof WriterError) throw new Error("no decision");
  return outcome;
}

describe("ledger writer dry runs", () => {
  it("decide after the commands queued before them, append nothing and spend no id", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await pool.open({ store, clock });
    await setUp(writer);
    const { blocker, release } = await blockWith(writer, control, deposit("d1", "5.00"));
    const dry = writer.dryRun([request(withdrawal("w1", "5.00"))]);
    release();
    await blocker;
    const result = await dry;
    const decision = decisionOf(result.outcomes[0]);
    // It saw the deposit queued before it: accepted, sealed right after it.
    expect(decision.status).toBe("accepted");
    expect(decision.events[0]?.metadata.sequence).toBe(setUpCommands.length + 1);
    expect(result.events).toEqual(decision.events);
    expect(result.state.accounts.get("cust")?.postedDebits).toBe(500n);
    const appendsBefore = control.appends;
    const before = snapshotOf(streamId, writer.current);
    expect(writer.current.entries.has("w1")).toBe(false);
    expect((await storedStream(store)).length).toBe(setUpCommands.length + 1);
    // The same id for real afterwards is decided afresh, and gets the very same answer.
    expect(control.appends).toBe(appendsBefore);
    expect(snapshotOf(streamId, writer.current)).toEqual(before);
    expect(await writer.submit(request(withdrawal("w1", "5.00")))).toEqual(decision);
  });

  it("decide several commands in order, each seeing the ones before it", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await pool.open({ store, clock });
    await setUp(writer);
    const appends = control.appends;
    const result = await writer.dryRun([
      request(deposit("a", "2.00")),
      request(deposit("a", "2.00")),
      request(deposit("a", "3.00")),
      request(withdrawal("b", "2.00")),
      request(withdrawal("c", "0.01")),
    ]);
    const statuses = result.outcomes.map((outcome) => decisionOf(outcome).status);
    expect(statuses).toEqual(["accepted", "duplicate", "rejected", "accepted", "rejected"]);
    const rejected = decisionOf(result.outcomes[4]);
    expect(rejected.status === "rejected" && rejected.rejection.code).toBe("exceeds_credits");
    expect(control.appends).toBe(appends);
    expect(writer.current.entries.size).toBe(0);
  });

  it("dry-runs CreateLedger without creating the ledger", async () => {
    const { store, control } = instrumented(createMemoryEventStore());
    const writer = await pool.open({ store, clock });
    const [create] = setUpCommands;
    if (create === undefined) throw new Error("no CreateLedger");
    const result = await writer.dryRun([request(create)]);
    expect(decisionOf(result.outcomes[0]).status).toBe("accepted");
    expect(result.state.ledger?.ledgerId).toBe(create.type === "CreateLedger" && create.ledgerId);
    expect(writer.current.ledger).toBeNull();
    expect(control.appends).toBe(0);
    expect(await storedStream(store)).toEqual([]);
    expect(writer.idle).toBe(true);
  });

  it("refuses like submit: a closed writer, an invalid context", async () => {
    const writer = await pool.open({ store: createMemoryEventStore(), clock });
    await expect(
      writer.dryRun([{ command: deposit("x"), actor: "", correlationId: "spec" }]),
    ).rejects.toMatchObject({ code: "event_invalid" });
    await writer.close();
    await expect(writer.dryRun([request(deposit("x"))])).rejects.toMatchObject({
      code: "writer_closed",
    });
  });
});
