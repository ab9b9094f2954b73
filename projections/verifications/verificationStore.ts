// Verification runs kept in PostgreSQL (the read models' database), so the last result of
// "verify now" survives a restart: one row per run with its progress while it runs and its
// outcome (passed, or failed with the first break). At most one run per ledger is running
// (a partial unique index, across processes); a running row whose heartbeat stopped (its
// process died) counts as abandoned. Old runs beyond the newest MAX_RUNS_KEPT per ledger go.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { MigrationSet } from "../../event-store/index.js";

/** Runs kept per ledger, newest first; older ones are deleted when a new one starts. */
export const MAX_RUNS_KEPT = 100;
/** A running run not heard from for this long is abandoned (its process stopped). */
export const STALE_RUN_MS = 60_000;

const V1_LEDGER_VERIFICATIONS = `
CREATE TABLE ledger_verifications (
  run_id          text PRIMARY KEY,
  ledger_id       text NOT NULL,
  status          text NOT NULL CHECK (status IN ('running', 'passed', 'failed', 'abandoned')),
  requested_by    text NOT NULL,
  started_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  finished_at     timestamptz NULL,
  from_sequence   bigint NOT NULL CHECK (from_sequence >= 0),
  target_sequence bigint NOT NULL CHECK (target_sequence >= 0),
  phase           text NOT NULL CHECK (phase IN ('chain', 'entries')),
  done            bigint NOT NULL DEFAULT 0,
  total           bigint NOT NULL DEFAULT 0,
  head_sequence   bigint NULL,
  head_hash       text NULL,
  events_hashed   bigint NULL,
  entries_checked bigint NULL,
  break_sequence  bigint NULL,
  break_reason    text NULL,
  break_message   text NULL
);
CREATE UNIQUE INDEX ledger_verifications_one_running
  ON ledger_verifications (ledger_id) WHERE status = 'running';
CREATE INDEX ledger_verifications_latest ON ledger_verifications (ledger_id, started_at DESC);
`;

export const VERIFICATION_MIGRATIONS: MigrationSet = {
  component: "verifications",
  migrations: [{ version: 1, name: "ledger_verifications", sql: V1_LEDGER_VERIFICATIONS }],
};

export type RunStatus = "running" | "passed" | "failed" | "abandoned";

export interface VerificationRun {
  readonly runId: string;
  readonly ledgerId: string;
  readonly status: RunStatus;
  readonly requestedBy: string;
  readonly startedAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
  readonly fromSequence: number;
  /** The ledger's last sequence when the run started. */
  readonly targetSequence: number;
  readonly progress: {
    readonly phase: "chain" | "entries";
    readonly done: number;
    readonly total: number;
  };
  /** Passed: the verified head (sequence and hash). */
  readonly head: { readonly sequence: number; readonly hash: string } | null;
  readonly eventsHashed: number | null;
  readonly entriesChecked: number | null;
  /** Failed or abandoned: where and why. */
  readonly firstBreak: {
    readonly sequence: number | null;
    readonly reason: string;
    readonly message: string;
  } | null;
}

interface Row {
  run_id: string;
  ledger_id: string;
  status: RunStatus;
  requested_by: string;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  from_sequence: string;
  target_sequence: string;
  phase: "chain" | "entries";
  done: string;
  total: string;
  head_sequence: string | null;
  head_hash: string | null;
  events_hashed: string | null;
  entries_checked: string | null;
  break_sequence: string | null;
  break_reason: string | null;
  break_message: string | null;
}

const num = (value: string | null): number | null => (value === null ? null : Number(value));

function runOf(row: Row): VerificationRun {
  return {
    runId: row.run_id,
    ledgerId: row.ledger_id,
    status: row.status,
    requestedBy: row.requested_by,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    fromSequence: Number(row.from_sequence),
    targetSequence: Number(row.target_sequence),
    progress: { phase: row.phase, done: Number(row.done), total: Number(row.total) },
    head:
      row.head_sequence === null || row.head_hash === null
        ? null
        : { sequence: Number(row.head_sequence), hash: row.head_hash },
    eventsHashed: num(row.events_hashed),
    entriesChecked: num(row.entries_checked),
    firstBreak:
      row.break_reason === null
        ? null
        : {
            sequence: num(row.break_sequence),
            reason: row.break_reason,
            message: row.break_message ?? "",
          },
  };
}

const ABANDONED_REASON = "abandoned";

/** Marks the ledger's running run abandoned when its heartbeat is older than STALE_RUN_MS. */
async function abandonStale(pool: pg.Pool, ledgerId: string): Promise<void> {
  await pool.query(
    `UPDATE ledger_verifications
        SET status = 'abandoned', finished_at = now(), break_reason = $3,
            break_message = 'the run stopped reporting (its process stopped); start another'
      WHERE ledger_id = $1 AND status = 'running'
        AND updated_at < now() - make_interval(secs => $2::double precision / 1000)`,
    [ledgerId, STALE_RUN_MS, ABANDONED_REASON],
  );
}

/** The newest run of a ledger (running or finished), or null if it has none. */
export async function latestVerification(
  pool: pg.Pool,
  ledgerId: string,
): Promise<VerificationRun | null> {
  await abandonStale(pool, ledgerId);
  const { rows } = await pool.query<Row>(
    `SELECT * FROM ledger_verifications WHERE ledger_id = $1
      ORDER BY started_at DESC, run_id DESC LIMIT 1`,
    [ledgerId],
  );
  return rows[0] === undefined ? null : runOf(rows[0]);
}

/**
 * Starts a run: its row, status running. Returns { started } or, when the ledger already has
 * a running run, { running } with that one (nothing started).
 */
export async function startVerification(
  pool: pg.Pool,
  input: {
    readonly ledgerId: string;
    readonly requestedBy: string;
    readonly fromSequence: number;
    readonly targetSequence: number;
  },
): Promise<{ readonly started: VerificationRun } | { readonly running: VerificationRun }> {
  await abandonStale(pool, input.ledgerId);
  const runId = randomUUID();
  const { rows } = await pool.query<Row>(
    `INSERT INTO ledger_verifications
       (run_id, ledger_id, status, requested_by, started_at, updated_at, from_sequence,
        target_sequence, phase, done, total)
     VALUES ($1, $2, 'running', $3, clock_timestamp(), clock_timestamp(), $4, $5, 'chain', 0, $6)
     ON CONFLICT (ledger_id) WHERE status = 'running' DO NOTHING
     RETURNING *`,
    [
      runId,
      input.ledgerId,
      input.requestedBy,
      input.fromSequence,
      input.targetSequence,
      input.targetSequence - input.fromSequence + 1,
    ],
  );
  const started = rows[0];
  if (started === undefined) {
    const running = await latestVerification(pool, input.ledgerId);
    if (running?.status === "running") return { running };
    // It finished between the insert and the read: try once more.
    return startVerification(pool, input);
  }
  await pool.query(
    `DELETE FROM ledger_verifications WHERE ledger_id = $1 AND status <> 'running'
        AND run_id NOT IN (SELECT run_id FROM ledger_verifications WHERE ledger_id = $1
                            ORDER BY started_at DESC, run_id DESC LIMIT $2)`,
    [input.ledgerId, MAX_RUNS_KEPT],
  );
  return { started: runOf(started) };
}

/** Records a running run's progress (its heartbeat). */
export async function recordProgress(
  pool: pg.Pool,
  runId: string,
  progress: VerificationRun["progress"],
): Promise<void> {
  await pool.query(
    `UPDATE ledger_verifications SET phase = $2, done = $3, total = $4, updated_at = clock_timestamp()
      WHERE run_id = $1 AND status = 'running'`,
    [runId, progress.phase, progress.done, progress.total],
  );
}

/** The outcome of a run: passed with what it verified, or failed/abandoned with the first break. */
export type RunOutcome =
  | {
      readonly status: "passed";
      readonly head: { readonly sequence: number; readonly hash: string };
      readonly eventsHashed: number;
      readonly entriesChecked: number;
    }
  | {
      readonly status: "failed" | "abandoned";
      readonly firstBreak: NonNullable<VerificationRun["firstBreak"]>;
    };

/** Ends a running run with its outcome; returns the run as stored. */
export async function finishVerification(
  pool: pg.Pool,
  runId: string,
  outcome: RunOutcome,
): Promise<VerificationRun | null> {
  const passed = outcome.status === "passed" ? outcome : null;
  const broken = outcome.status === "passed" ? null : outcome.firstBreak;
  const { rows } = await pool.query<Row>(
    `UPDATE ledger_verifications
        SET status = $2, finished_at = clock_timestamp(), updated_at = clock_timestamp(),
            done = CASE WHEN $2 = 'passed' THEN total ELSE done END,
            head_sequence = $3, head_hash = $4, events_hashed = $5, entries_checked = $6,
            break_sequence = $7, break_reason = $8, break_message = $9
      WHERE run_id = $1 AND status = 'running'
      RETURNING *`,
    [
      runId,
      outcome.status,
      passed?.head.sequence ?? null,
      passed?.head.hash ?? null,
      passed?.eventsHashed ?? null,
      passed?.entriesChecked ?? null,
      broken?.sequence ?? null,
      broken?.reason ?? null,
      broken?.message ?? null,
    ],
  );
  return rows[0] === undefined ? null : runOf(rows[0]);
}
