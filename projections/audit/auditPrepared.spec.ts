// The audit model's pipelined path (Projection.prepare, auditBatch.ts) against real
// PostgreSQL: random histories (holds pended in one batch and resolved in a later one
// included) projected batch by batch, each batch prepared in memory while the one before it
// is still uncommitted, give exactly the rows of the path that reads heads and holds from the
// tables; the first batch after setup, a new ledger or an unknown hold needs the tables
// (prepare answers undefined); and a link that does not chain is refused when prepared.
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../event-store/index.js";
import { playHistory } from "../../ledger-core/testing/historyRunner.js";
import { historyArbitrary, type HistoryStep } from "../../ledger-core/testing/ledgerArbitraries.js";
import type { JournalEvent } from "../../schemas/index.js";
import type { PreparedBatch, ProjectedEvent } from "../projection.js";
import { AuditChainError, auditProjection, auditTables } from "./auditProjection.js";

let database: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase("folio_audit_prepared");
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

async function begun(): Promise<pg.PoolClient> {
  const client = await pool.connect();
  await client.query("BEGIN");
  return client;
}

async function commit(client: pg.PoolClient): Promise<void> {
  await client.query("COMMIT");
  client.release();
}

function batchesOf(ledgerId: string, events: readonly JournalEvent[], size: number) {
  const all: ProjectedEvent[] = events.map((event) => ({
    ledgerId,
    position: String(event.metadata.sequence),
    event,
  }));
  const batches: ProjectedEvent[][] = [];
  for (let i = 0; i < all.length; i += size) batches.push(all.slice(i, i + size));
  return batches;
}

async function rowsOf(version: number, ledgerId: string): Promise<unknown[]> {
  const t = auditTables(version);
  const events = await pool.query(
    `SELECT sequence, event_type, entry_id, effective_at, prev_hash, hash, data::text
       FROM ${t.events} WHERE ledger_id = $1 ORDER BY sequence`,
    [ledgerId],
  );
  const lines = await pool.query(
    `SELECT sequence, line_no, entry_id, kind, account_id, side, amount::text, effective_at
       FROM ${t.lines} WHERE ledger_id = $1 ORDER BY sequence, line_no`,
    [ledgerId],
  );
  return [events.rows, lines.rows];
}

/**
 * Holds pended with future effective times and resolved several batches later (their
 * resolutions take the hold's effective time: what the audit model keeps in memory).
 */
function holdSteps(): HistoryStep[] {
  const command = (c: HistoryStep & { kind: "command" }) => c;
  const steps: HistoryStep[] = [];
  for (let i = 0; i < 8; i += 1) {
    steps.push(
      command({
        kind: "command",
        command: {
          type: "PendEntry",
          entryId: `hold:${i}`,
          effectiveAt: `2030-0${1 + i}-15T00:00:00.000Z`,
          timeoutSeconds: 86_400,
          postings: [
            { accountId: "cust:1:usd", side: "debit", amount: `${i + 1}.00` },
            { accountId: "cash:usd", side: "credit", amount: `${i + 1}.00` },
          ],
        },
      }),
    );
  }
  for (let i = 7; i >= 0; i -= 1) {
    steps.push(
      command({
        kind: "command",
        command:
          i % 2 === 0
            ? { type: "PostPending", pendingId: `hold:${i}` }
            : { type: "VoidPending", pendingId: `hold:${i}` },
      }),
    );
  }
  return steps;
}

describe("the audit model prepared in memory", () => {
  it("writes exactly the rows of the path that reads the tables, batch after batch", async () => {
    const histories = [holdSteps(), ...fc.sample(historyArbitrary, { seed: 42, numRuns: 6 })];
    let prepared = 0;
    for (const [n, steps] of histories.entries()) {
      const events = playHistory(steps).events;
      const ledgerId = `prepared-${n}`;
      const size = 2 + (n % 5);
      const reading = auditProjection(2);
      const pipelined = auditProjection(3);
      for (const projection of [reading, pipelined]) {
        const client = await begun();
        await projection.setup(client);
        await commit(client);
      }
      for (const batch of batchesOf(ledgerId, events, size)) {
        const client = await begun();
        await reading.apply(client, batch);
        await commit(client);
        reading.committed?.();
      }
      // As the runner does: batch n+1 is prepared before prepared batch n commits; a batch
      // that needs the tables is applied (and committed) on its own.
      let inFlight: { client: pg.PoolClient; batch: PreparedBatch } | null = null;
      for (const batch of batchesOf(ledgerId, events, size)) {
        const next = pipelined.prepare?.(batch);
        if (inFlight !== null) {
          await commit(inFlight.client);
          inFlight.batch.committed();
          inFlight = null;
        }
        const client = await begun();
        if (next === undefined) {
          await pipelined.apply(client, batch);
          await commit(client);
          pipelined.committed?.();
        } else {
          prepared += 1;
          await next.write(client);
          inFlight = { client, batch: next };
        }
      }
      if (inFlight !== null) {
        await commit(inFlight.client);
        inFlight.batch.committed();
      }
      expect(await rowsOf(3, ledgerId)).toEqual(await rowsOf(2, ledgerId));
    }
    expect(prepared).toBeGreaterThan(histories.length);
  });

  it("needs the tables after setup, and refuses a link that does not chain when prepared", async () => {
    const events = playHistory(
      fc.sample(historyArbitrary, { seed: 7, numRuns: 1 })[0] ?? [],
    ).events;
    const [first, second] = batchesOf("prepared-chain", events, 3);
    if (first === undefined || second === undefined) throw new Error("history too short");
    const projection = auditProjection(4);
    const client = await begun();
    await projection.setup(client);
    expect(projection.prepare?.(first)).toBeUndefined();
    await projection.apply(client, first);
    await commit(client);
    projection.committed?.();
    const [head, ...rest] = second;
    if (head === undefined) throw new Error("empty batch");
    const tampered: ProjectedEvent = {
      ...head,
      event: { ...head.event, metadata: { ...head.event.metadata, prevHash: "0".repeat(64) } },
    };
    expect(() => projection.prepare?.([tampered, ...rest])).toThrow(AuditChainError);
  });
});
