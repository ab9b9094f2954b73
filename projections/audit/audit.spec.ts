// The audit read model against real PostgreSQL: real histories projected in batches match
// their events row for row and line for line; the tables refuse UPDATE, DELETE and TRUNCATE;
// the chain verifies from genesis and from a trusted pair, both in the event store and in the
// audit rows, and one flipped byte is caught at its sequence; a batch that does not chain is
// a poison event.
import fc from "fast-check";
import type pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, createTestDatabase, openPostgresEventStore } from "../../event-store/index.js";
import type { TestDatabase } from "../../event-store/index.js";
import {
  EffectiveTimes,
  fromStoredEvent,
  LedgerWriter,
  ledgerStreamId,
  MAX_READ_BATCH,
  type ChainHead,
  type EventStore,
} from "../../ledger-core/index.js";
import { playHistory } from "../../ledger-core/testing/historyRunner.js";
import { historyArbitrary, type HistoryStep } from "../../ledger-core/testing/ledgerArbitraries.js";
import type { Command, JournalEvent } from "../../schemas/index.js";
import type { ProjectedEvent } from "../projection.js";
import { AuditChainError, auditProjection, auditTables, entryIdOf } from "./auditProjection.js";
import { auditPage, digest, verifyAuditTrail } from "./auditQueries.js";
import { verifyLedgerChain } from "./verifyStore.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });
const projection = auditProjection(1);
const tables = auditTables(1);
/** Deposits the writer test posts: a few hundred events across several group commits. */
const DEPOSITS = 300;
/** Valid entries each projected history starts with, besides its random steps. */
const BULK_ENTRIES = 150;

let database: TestDatabase;
let pool: pg.Pool;

async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

function projected(ledgerId: string, events: readonly JournalEvent[]): ProjectedEvent[] {
  return events.map((event) => ({
    ledgerId,
    position: `${ledgerId}:${event.metadata.sequence}`,
    event,
  }));
}

const applyBatch = (batch: readonly ProjectedEvent[]): Promise<void> =>
  inTransaction((client) => projection.apply(client, batch));

/** Splits `events` into batches of pseudo-random sizes 1..maxSize (deterministic). */
function batches<T>(items: readonly T[], maxSize: number, seed: number): T[][] {
  const result: T[][] = [];
  let state = seed;
  for (let index = 0; index < items.length;) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const size = 1 + (state % maxSize);
    result.push(items.slice(index, index + size));
    index += size;
  }
  return result;
}

/** Runs `sql` on a table with its user triggers off (a superuser tampering), then back on. */
async function withTriggersOff(table: string, sql: string, values: unknown[]): Promise<void> {
  await inTransaction(async (client) => {
    await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    const { rowCount } = await client.query(sql, values);
    expect(rowCount).toBe(1);
    await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  });
}

/** The amount with its last digit changed: one byte of the stored event. */
function flipLastDigit(amount: string): string {
  const last = amount.at(-1) ?? "1";
  const flipped = last === "9" ? "8" : String(Number(last) + 1);
  return amount.slice(0, -1) + flipped;
}

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool({ connectionString: database.url, logger, max: 4 });
  await inTransaction((client) => projection.setup(client));
  // setup is idempotent: a restarted runtime runs it again.
  await inTransaction((client) => projection.setup(client));
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe("audit projection over real histories", () => {
  const fixedSteps: HistoryStep[] = [
    {
      kind: "command",
      command: {
        type: "PendEntry",
        entryId: "hold:fixed",
        timeoutSeconds: 3_600,
        postings: [
          { accountId: "cust:1:usd", side: "debit", amount: "12.34" },
          { accountId: "cash:usd", side: "credit", amount: "12.34" },
        ],
      },
    },
    { kind: "command", command: { type: "PostPending", pendingId: "hold:fixed", amount: "10.00" } },
    // Volume: plain entries in USD and JPY before the random steps.
    ...Array.from({ length: BULK_ENTRIES }, (_, index): HistoryStep => {
      const [debit, credit, amount] =
        index % 2 === 0
          ? ["cash:usd", "cust:2:usd", `${index + 1}.07`]
          : ["cash:jpy", "cust:1:jpy", `${index * 1_000 + 7}`];
      return {
        kind: "command",
        command: {
          type: "PostEntry",
          entryId: `bulk:${index}`,
          description: `bulk entry ${index}`,
          postings: [
            { accountId: debit, side: "debit", amount },
            { accountId: credit, side: "credit", amount },
          ],
        },
      };
    }),
  ];
  const histories = [11, 29].map((seed) =>
    playHistory([...fixedSteps, ...fc.sample(historyArbitrary, { seed, numRuns: 20 }).flat()]),
  );
  const ledgers = histories.map((run, index) => ({
    ledgerId: `hist-${index}`,
    events: run.events,
  }));

  beforeAll(async () => {
    // Interleave the two ledgers' batches, as the global order does.
    const perLedger = ledgers.map(({ ledgerId, events }, index) =>
      batches(projected(ledgerId, events), 40, 7 + index),
    );
    const longest = Math.max(...perLedger.map((list) => list.length));
    for (let index = 0; index < longest; index += 1) {
      const mixed = perLedger.flatMap((list) => list[index] ?? []);
      if (mixed.length > 0) await applyBatch(mixed);
    }
  });

  it("holds one row per event with its links, paged in sequence order", async () => {
    for (const { ledgerId, events } of ledgers) {
      expect(events.length).toBeGreaterThan(100);
      // Balance events carry their effective time by ledger-core's rule; others none.
      const times = new EffectiveTimes();
      const moves = new Set([
        "EntryPosted",
        "EntryPended",
        "PendingPosted",
        "PendingVoided",
        "PendingExpired",
      ]);
      const expectedEffective = events.map((event) => {
        const ms = times.of(event);
        return moves.has(event.type) ? ms : null;
      });
      const seen: JournalEvent["metadata"][] = [];
      let fromSequence = 0;
      for (;;) {
        const page = await auditPage(pool, { ledgerId, fromSequence, limit: 37 });
        if (page.length === 0) break;
        for (const row of page) {
          const event = events[row.sequence];
          expect(event).toBeDefined();
          if (event === undefined) continue;
          expect(row).toMatchObject({
            ledgerId,
            type: event.type,
            schemaVersion: event.version,
            entryId: entryIdOf(event),
            actor: event.metadata.actor,
            correlationId: event.metadata.correlationId,
            causationId: event.metadata.causationId,
            recordedAt: event.metadata.recordedAt,
            prevHash: event.metadata.prevHash,
            hash: event.metadata.hash,
          });
          expect(row.data).toEqual(event.data);
          expect(row.effectiveAt === null ? null : Date.parse(row.effectiveAt)).toBe(
            expectedEffective[row.sequence],
          );
          seen.push({ ...event.metadata });
        }
        fromSequence = (page.at(-1)?.sequence ?? 0) + 1;
      }
      expect(seen.map((metadata) => metadata.sequence)).toEqual(events.map((_, index) => index));
      const last = events.at(-1);
      expect(await digest(pool, ledgerId)).toEqual({
        sequence: last?.metadata.sequence,
        hash: last?.metadata.hash,
      });
      expect(await verifyAuditTrail(pool, { ledgerId })).toEqual({
        ok: true,
        head: { nextSequence: events.length, lastHash: last?.metadata.hash },
      });
    }
    expect(await digest(pool, "never-audited")).toBeNull();
    await expect(auditPage(pool, { ledgerId: "x", fromSequence: 0, limit: 0 })).rejects.toThrow(
      RangeError,
    );
  });

  it("holds every posting as a journal line with its amount, side and kind", async () => {
    let pendingLines = 0;
    for (const { ledgerId, events } of ledgers) {
      const expected: string[] = [];
      for (const event of events) {
        if (
          event.type !== "EntryPosted" &&
          event.type !== "EntryPended" &&
          event.type !== "PendingPosted"
        ) {
          continue;
        }
        const kind = event.type === "EntryPended" ? "pending" : "posted";
        if (kind === "pending") pendingLines += event.data.postings.length;
        event.data.postings.forEach((posting, index) => {
          expected.push(
            [
              event.metadata.sequence,
              index + 1,
              entryIdOf(event),
              kind,
              posting.accountId,
              posting.side,
              BigInt(posting.amount).toString(),
              posting.currency,
            ].join("|"),
          );
        });
      }
      const { rows } = await pool.query<{ line: string }>(
        `SELECT concat_ws('|', sequence, line_no, entry_id, kind, account_id, side, amount::text,
                currency) AS line
           FROM ${tables.lines} WHERE ledger_id = $1 ORDER BY sequence, line_no`,
        [ledgerId],
      );
      expect(rows.map((row) => row.line)).toEqual(expected);
      // Debits equal credits per currency over posted lines (numeric sums, never floats).
      const { rows: unbalanced } = await pool.query(
        `SELECT currency FROM ${tables.lines} WHERE ledger_id = $1 AND kind = 'posted'
          GROUP BY currency
         HAVING sum(amount) FILTER (WHERE side = 'debit')
                <> sum(amount) FILTER (WHERE side = 'credit')`,
        [ledgerId],
      );
      expect(unbalanced).toEqual([]);
    }
    expect(pendingLines).toBeGreaterThan(0);
  });

  it("answers the auditor queries of docs/read-models.md", async () => {
    const [{ ledgerId, events } = { ledgerId: "", events: [] }] = ledgers;
    // All lines of an account in a period, with who recorded them.
    const { rows: lines } = await pool.query<{ amount: string; actor: string }>(
      `SELECT l.effective_at, l.entry_id, l.side, l.amount::text AS amount, l.currency,
              e.actor, e.recorded_at, e.data->>'description' AS description
         FROM ${tables.lines} l JOIN ${tables.events} e USING (ledger_id, sequence)
        WHERE l.ledger_id = $1 AND l.account_id = 'cust:1:usd' AND l.kind = 'posted'
          AND l.effective_at >= $2 AND l.effective_at < $3
        ORDER BY l.effective_at, l.sequence, l.line_no`,
      [ledgerId, "2025-01-01T00:00:00Z", "2027-01-01T00:00:00Z"],
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => /^\d+$/.test(line.amount) && line.actor === "property-test")).toBe(
      true,
    );
    // Trial balance as at the last event, as known at the last event: debits equal credits.
    const last = events.at(-1)?.metadata.recordedAt ?? "";
    const { rows: balances } = await pool.query<{
      currency: string;
      debits: string;
      credits: string;
    }>(
      `SELECT account_id, currency,
              coalesce(sum(amount) FILTER (WHERE side = 'debit'), 0)::text  AS debits,
              coalesce(sum(amount) FILTER (WHERE side = 'credit'), 0)::text AS credits
         FROM ${tables.lines}
        WHERE ledger_id = $1 AND kind = 'posted' AND effective_at <= $2 AND recorded_at <= $3
        GROUP BY account_id, currency ORDER BY account_id`,
      [ledgerId, "9999-01-01T00:00:00Z", last],
    );
    const totals = new Map<string, bigint>();
    for (const row of balances) {
      totals.set(
        row.currency,
        (totals.get(row.currency) ?? 0n) + BigInt(row.debits) - BigInt(row.credits),
      );
    }
    expect([...totals.values()].every((total) => total === 0n)).toBe(true);
    // The gap check is empty.
    const { rows: gaps } = await pool.query(
      `SELECT sequence + 1 AS missing_from FROM ${tables.events} a
        WHERE ledger_id = $1
          AND NOT EXISTS (SELECT 1 FROM ${tables.events} b
                           WHERE b.ledger_id = a.ledger_id AND b.sequence = a.sequence + 1)
          AND sequence < (SELECT max(sequence) FROM ${tables.events} WHERE ledger_id = $1)`,
      [ledgerId],
    );
    expect(gaps).toEqual([]);
    // Everything that happened to one entry: the fixed hold and its posting.
    const { rows: story } = await pool.query<{ event_type: string }>(
      `SELECT sequence, event_type FROM ${tables.events}
        WHERE ledger_id = $1 AND (entry_id = $2 OR reversal_of = $2) ORDER BY sequence`,
      [ledgerId, "hold:fixed"],
    );
    expect(story.map((row) => row.event_type)).toEqual(["EntryPended", "PendingPosted"]);
  });

  it("refuses UPDATE, DELETE and TRUNCATE on both audit tables", async () => {
    const before = await pool.query(`SELECT count(*)::int AS n FROM ${tables.lines}`);
    for (const table of [tables.events, tables.lines]) {
      await expect(
        pool.query(`UPDATE ${table} SET ledger_id = 'x' WHERE ledger_id = 'hist-0'`),
      ).rejects.toThrow(/audit rows are immutable: UPDATE/);
      // The statement trigger refuses even an UPDATE that matches no row.
      await expect(pool.query(`UPDATE ${table} SET ledger_id = 'x' WHERE false`)).rejects.toThrow(
        /audit rows are immutable: UPDATE/,
      );
      await expect(pool.query(`DELETE FROM ${table} WHERE ledger_id = 'hist-0'`)).rejects.toThrow(
        /audit rows are immutable: DELETE/,
      );
      await expect(pool.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(
        /audit rows are immutable: TRUNCATE/,
      );
    }
    expect((await pool.query(`SELECT count(*)::int AS n FROM ${tables.lines}`)).rows).toEqual(
      before.rows,
    );
  });

  it("stops on a poison batch and keeps nothing of it", async () => {
    const [{ events } = { events: [] }] = ledgers;
    const ledgerId = "poison";
    // Starts after genesis: a gap.
    await expect(applyBatch(projected(ledgerId, events.slice(1, 5)))).rejects.toThrow(
      AuditChainError,
    );
    await applyBatch(projected(ledgerId, events.slice(0, 5)));
    // The same events again (a double delivery) do not chain either.
    await expect(applyBatch(projected(ledgerId, events.slice(3, 6)))).rejects.toMatchObject({
      code: "audit_chain_broken",
      sequence: 5,
      reason: "sequence_gap",
    });
    // An event whose prevHash does not link to the audited head.
    const [next, after] = events.slice(5, 7);
    if (next === undefined || after === undefined) throw new Error("history too short");
    const unlinked = {
      ...next,
      metadata: { ...next.metadata, prevHash: "f".repeat(64) },
    } as JournalEvent;
    await expect(applyBatch(projected(ledgerId, [unlinked, after]))).rejects.toMatchObject({
      sequence: 5,
      reason: "prev_hash_mismatch",
    });
    // Content changed but the hash kept: caught when apply recomputes it.
    const altered = { ...next, metadata: { ...next.metadata, actor: "mallory" } } as JournalEvent;
    await expect(applyBatch(projected(ledgerId, [altered]))).rejects.toMatchObject({
      sequence: 5,
      reason: "hash_mismatch",
    });
    expect(await digest(pool, ledgerId)).toEqual({ sequence: 4, hash: events[4]?.metadata.hash });
    await applyBatch(projected(ledgerId, events.slice(5)));
    expect((await verifyAuditTrail(pool, { ledgerId })).ok).toBe(true);
  });
});

describe("chain verification of a real postgres event store", () => {
  const ledgerId = "verified";
  const streamId = ledgerStreamId(ledgerId);
  let store: EventStore;
  let eventCount = 0;

  const request = (command: Command) => ({ command, actor: "auditor-spec", correlationId: "c" });

  async function storedHashAt(sequence: number): Promise<string> {
    const [stored] = await store.readStream(streamId, {
      fromRevision: BigInt(sequence),
      direction: "forwards",
      maxCount: 1,
    });
    if (stored === undefined) throw new Error(`no event ${sequence}`);
    return fromStoredEvent(stored).metadata.hash;
  }

  beforeAll(async () => {
    store = await openPostgresEventStore({ connectionString: database.url, logger });
    const writer = await LedgerWriter.open({ ledgerId, store, maxBatchWaitMs: 1 });
    const setUp: Command[] = [
      {
        type: "CreateLedger",
        ledgerId,
        name: "Verified",
        reportingCurrency: "USD",
        assets: [{ code: "USD", scale: 2 }],
      },
      { type: "OpenAccount", accountId: "cash", currency: "USD", accountType: "asset" },
      { type: "OpenAccount", accountId: "cust", currency: "USD", accountType: "liability" },
    ];
    for (const command of setUp) {
      expect((await writer.submit(request(command))).status).toBe("accepted");
    }
    const decisions = await Promise.all(
      Array.from({ length: DEPOSITS }, (_, index) =>
        writer.submit(
          request({
            type: "PostEntry",
            entryId: `dep-${index}`,
            description: `deposit ${index}`,
            postings: [
              { accountId: "cash", side: "debit", amount: `${index + 1}.25` },
              { accountId: "cust", side: "credit", amount: `${index + 1}.25` },
            ],
          }),
        ),
      ),
    );
    expect(decisions.every((decision) => decision.status === "accepted")).toBe(true);
    await writer.close();
    eventCount = setUp.length + DEPOSITS;
    // Project the stream into the audit tables, in pages as a runtime would.
    for (let from = 0n; ;) {
      const page = await store.readStream(streamId, {
        fromRevision: from,
        direction: "forwards",
        maxCount: 64,
      });
      if (page.length === 0) break;
      await applyBatch(projected(ledgerId, page.map(fromStoredEvent)));
      from += BigInt(page.length);
    }
  });

  afterAll(async () => {
    await store.close();
  });

  it("verifies from genesis and from a trusted pair, reporting progress per page", async () => {
    const lastHash = await storedHashAt(eventCount - 1);
    const progress: ChainHead[] = [];
    const full = await verifyLedgerChain(store, ledgerId, undefined, (head) => progress.push(head));
    expect(full).toEqual({ ok: true, head: { nextSequence: eventCount, lastHash } });
    expect(progress.at(-1)).toEqual({ nextSequence: eventCount, lastHash });
    expect(progress.length).toBe(Math.ceil(eventCount / MAX_READ_BATCH));

    const trusted = { sequence: 100, hash: await storedHashAt(100) };
    expect(await verifyLedgerChain(store, ledgerId, trusted)).toEqual(full);
    expect(
      await verifyLedgerChain(store, ledgerId, { sequence: eventCount - 1, hash: lastHash }),
    ).toEqual(full);
    expect(
      await verifyLedgerChain(store, ledgerId, { sequence: 100, hash: "a".repeat(64) }),
    ).toMatchObject({ ok: false, sequence: 100, reason: "hash_mismatch" });
    expect(
      await verifyLedgerChain(store, ledgerId, { sequence: eventCount, hash: lastHash }),
    ).toMatchObject({ ok: false, sequence: eventCount, reason: "sequence_gap" });
    expect(await verifyLedgerChain(store, "no-such-ledger")).toEqual({
      ok: true,
      head: { nextSequence: 0, lastHash: "0".repeat(64) },
    });

    expect(await digest(pool, ledgerId)).toEqual({ sequence: eventCount - 1, hash: lastHash });
    expect(await verifyAuditTrail(pool, { ledgerId })).toEqual(full);
    expect(await verifyAuditTrail(pool, { ledgerId, from: trusted })).toEqual(full);
    expect(
      await verifyAuditTrail(pool, { ledgerId, from: { sequence: 100, hash: "b".repeat(64) } }),
    ).toMatchObject({ ok: false, sequence: 100, reason: "hash_mismatch" });
  });

  it("catches one changed byte of a stored event at its sequence", async () => {
    const tampered = 150;
    const trusted = { sequence: 100, hash: await storedHashAt(100) };
    const { rows } = await pool.query<{ amount: string }>(
      "SELECT data #>> '{postings,0,amount}' AS amount FROM events WHERE stream_id = $1 AND revision = $2",
      [streamId, tampered],
    );
    const amount = rows[0]?.amount ?? "";
    expect(amount).toMatch(/^\d+$/);
    await withTriggersOff(
      "events",
      `UPDATE events SET data = jsonb_set(data, '{postings,0,amount}', to_jsonb($3::text))
        WHERE stream_id = $1 AND revision = $2`,
      [streamId, tampered, flipLastDigit(amount)],
    );
    // The trigger is back on.
    await expect(pool.query("DELETE FROM events WHERE stream_id = $1", [streamId])).rejects.toThrow(
      /immutable/,
    );

    const broken = { ok: false, sequence: tampered, reason: "hash_mismatch" };
    expect(await verifyLedgerChain(store, ledgerId)).toMatchObject(broken);
    expect(await verifyLedgerChain(store, ledgerId, trusted)).toMatchObject(broken);
    expect(
      await verifyLedgerChain(store, ledgerId, {
        sequence: tampered,
        hash: await auditHashAt(tampered),
      }),
    ).toMatchObject(broken);
    // The audit rows still hold the original event.
    expect(await verifyAuditTrail(pool, { ledgerId })).toMatchObject({ ok: true });
  });

  async function auditHashAt(sequence: number): Promise<string> {
    const [row] = await auditPage(pool, { ledgerId, fromSequence: sequence, limit: 1 });
    if (row === undefined) throw new Error(`no audit row ${sequence}`);
    return row.hash;
  }

  it("catches one changed byte of an audit row at its sequence", async () => {
    const tampered = 222;
    const trusted = { sequence: 100, hash: await auditHashAt(100) };
    await withTriggersOff(
      tables.events,
      `UPDATE ${tables.events}
          SET data = jsonb_set(data::jsonb, '{description}', to_jsonb(overlay(data->>'description' PLACING 'D' FROM 1 FOR 1)))::json
        WHERE ledger_id = $1 AND sequence = $2`,
      [ledgerId, tampered],
    );
    const broken = { ok: false, sequence: tampered, reason: "hash_mismatch" };
    expect(await verifyAuditTrail(pool, { ledgerId })).toMatchObject(broken);
    expect(await verifyAuditTrail(pool, { ledgerId, from: trusted })).toMatchObject(broken);
    await expect(
      pool.query(`UPDATE ${tables.events} SET actor = 'x' WHERE ledger_id = $1`, [ledgerId]),
    ).rejects.toThrow(/immutable/);
  });
});
