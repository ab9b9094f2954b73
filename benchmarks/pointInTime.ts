// The point-in-time phase of bench:projections: balanceOf for random accounts of the bench
// ledger over four kinds of point (a sequence, a recorded time, an effective time, and an
// effective time as known at a sequence or recorded time), with times and sequences uniform
// over the ledger's range, sequentially or with several callers; EXPLAIN ANALYZE of a kind
// whose p99 is above 5 ms.
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { balanceOf, balancesTables, type BalanceAt } from "../projections/index.js";
import { Samples } from "./machine.js";

export type QueryKind = "sequence" | "recorded" | "effective" | "effective+knownAt";
export const QUERY_KINDS: readonly QueryKind[] = [
  "sequence",
  "recorded",
  "effective",
  "effective+knownAt",
];

/** The ledger's ranges in the read model, and its row counts. */
export interface Ranges {
  readonly lastSequence: number;
  readonly firstRecordedMs: number;
  readonly lastRecordedMs: number;
  readonly firstEffectiveMs: number;
  readonly lastEffectiveMs: number;
  readonly historyRows: number;
  readonly effectiveRows: number;
  readonly backdatedRows: number;
}

export async function ranges(pool: pg.Pool, ledgerId: string, version: number): Promise<Ranges> {
  const t = balancesTables(version);
  const { rows } = await pool.query<{
    last_sequence: string;
    first_recorded: Date;
    last_recorded: Date;
    first_effective: string;
    last_effective: string;
    history_rows: string;
    effective_rows: string;
    backdated_rows: string;
  }>(
    `SELECT (SELECT last_sequence FROM ${t.heads} WHERE ledger_id = $1)::text AS last_sequence,
            (SELECT min(recorded_at) FROM ${t.journal} WHERE ledger_id = $1) AS first_recorded,
            (SELECT max(recorded_at) FROM ${t.journal} WHERE ledger_id = $1) AS last_recorded,
            (SELECT min(effective_ms) FROM ${t.effective})::text AS first_effective,
            (SELECT max(effective_ms) FROM ${t.effective})::text AS last_effective,
            (SELECT count(*) FROM ${t.history})::text AS history_rows,
            (SELECT count(*) FROM ${t.effective})::text AS effective_rows,
            (SELECT count(*) FROM ${t.history} WHERE backdated)::text AS backdated_rows`,
    [ledgerId],
  );
  const row = rows[0];
  if (row === undefined) throw new Error("no ranges");
  return {
    lastSequence: Number(row.last_sequence),
    firstRecordedMs: row.first_recorded.getTime(),
    lastRecordedMs: row.last_recorded.getTime(),
    firstEffectiveMs: Number(row.first_effective),
    lastEffectiveMs: Number(row.last_effective),
    historyRows: Number(row.history_rows),
    effectiveRows: Number(row.effective_rows),
    backdatedRows: Number(row.backdated_rows),
  };
}

const randomInt = (max: number): number => Math.floor(Math.random() * (max + 1));
const randomTime = (from: number, to: number): string =>
  new Date(from + Math.random() * (to - from)).toISOString();

function randomAt(kind: QueryKind, r: Ranges): BalanceAt {
  switch (kind) {
    case "sequence":
      return { kind: "sequence", sequence: randomInt(r.lastSequence) };
    case "recorded":
      return { kind: "recorded", recordedAt: randomTime(r.firstRecordedMs, r.lastRecordedMs) };
    case "effective":
      return {
        kind: "effective",
        effectiveAt: randomTime(r.firstEffectiveMs, r.lastEffectiveMs),
      };
    case "effective+knownAt":
      return {
        kind: "effective",
        effectiveAt: randomTime(r.firstEffectiveMs, r.lastEffectiveMs),
        knownAt:
          Math.random() < 0.5
            ? { sequence: randomInt(r.lastSequence) }
            : { recordedAt: randomTime(r.firstRecordedMs, r.lastRecordedMs) },
      };
  }
}

export interface QueryRun {
  readonly byKind: ReadonlyMap<QueryKind, Samples>;
  readonly all: Samples;
  readonly nulls: number;
  readonly elapsedMs: number;
}

export interface QueryTarget {
  readonly pool: pg.Pool;
  readonly ledgerId: string;
  readonly accounts: number;
  readonly version: number;
  readonly ranges: Ranges;
}

/** `perKind` random queries of each kind (kinds interleaved) by `callers` callers. */
export async function pointInTime(
  target: QueryTarget,
  perKind: number,
  callers: number,
): Promise<QueryRun> {
  const byKind = new Map<QueryKind, Samples>(QUERY_KINDS.map((kind) => [kind, new Samples()]));
  const all = new Samples();
  const total = perKind * QUERY_KINDS.length;
  const { ledgerId, version } = target;
  let issued = 0;
  let nulls = 0;
  const started = performance.now();
  const caller = async (): Promise<void> => {
    const client = await target.pool.connect();
    try {
      while (issued < total) {
        const kind = QUERY_KINDS[issued % QUERY_KINDS.length] ?? "sequence";
        issued += 1;
        const at = randomAt(kind, target.ranges);
        const accountId = `acct:${randomInt(target.accounts - 1)}`;
        const sent = performance.now();
        const balance = await balanceOf(client, { ledgerId, accountId, at, version });
        const ms = performance.now() - sent;
        byKind.get(kind)?.add(ms);
        all.add(ms);
        if (balance === null) nulls += 1;
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  return { byKind, all, nulls, elapsedMs: performance.now() - started };
}

/** EXPLAIN (ANALYZE, BUFFERS) of one query of `kind`, printed for a kind that is slow. */
export async function explain(target: QueryTarget, kind: QueryKind): Promise<void> {
  const at = randomAt(kind, target.ranges);
  const accountId = `acct:${randomInt(target.accounts - 1)}`;
  const client = await target.pool.connect();
  const original = client.query.bind(client);
  try {
    let plan = "";
    // balanceOf builds its own statement: run it once under EXPLAIN by wrapping the client.
    const explaining = {
      query: async (text: string, values: unknown[]) => {
        const result = await original<{ "QUERY PLAN": string }>(
          `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
          values,
        );
        plan = result.rows.map((row) => row["QUERY PLAN"]).join("\n");
        return original(text, values);
      },
    } as unknown as pg.PoolClient;
    await balanceOf(explaining, {
      ledgerId: target.ledgerId,
      accountId,
      at,
      version: target.version,
    });
    console.error(`\nEXPLAIN ANALYZE (${kind}, ${JSON.stringify(at)}):\n${plan}\n`);
  } finally {
    client.release();
  }
}
