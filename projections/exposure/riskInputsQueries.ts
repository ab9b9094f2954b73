// Reads of the risk-inputs history model (riskInputsProjection.ts): the risk inputs in force
// as of effective time D as known at a sequence K (or at recorded time R, resolved to K through
// the journal), with the point given as the balances model's `BalanceAt`:
//
//   latest                          effective now, known at the last applied event
//   sequence S                      effective now, known after event S (capped at the head)
//   recorded R                      effective now, known at the last event recorded by R
//   effective D                     effective at D, known at the last applied event
//   effective D, knownAt S or R     effective at D, known after S or at R (bitemporal)
//
// For each counterparty, facility and FX pair, the version with the latest validFrom <= D
// among those with sequence <= K (ties of validFrom: the later recorded, the higher sequence,
// wins), and the capital base likewise. Two statements whatever the number of subjects: the
// head (and the journal, for a recorded time), then one UNION of a backward primary-key scan
// per subject (ORDER BY valid_from_ms DESC, sequence DESC LIMIT 1 on its own key), which needs
// no statistics: it stops at the first version recorded by K, usually the first it reads.
import type { BalanceAt, BalancesHead, KnownAt, Queryable } from "../balances/balanceQueries.js";
import { readLedgerHead } from "../balances/balancesHead.js";
import type {
  CapitalBase,
  CounterpartyVersion,
  FacilityVersion,
  FxRate,
  RiskInputsAt,
} from "./exposureTypes.js";
import { counterpartyOf, facilityOf, StoredReader } from "./riskInputsRows.js";
import {
  riskInputsTables,
  type RiskInputsTables,
  type RiskSubjectKind,
} from "./riskInputsTables.js";

/** The most rows (counterparties + facilities + FX pairs + 1) one answer may hold. */
export const MAX_RISK_INPUT_ROWS = 100_000;

/** What the head of the risk-inputs model says: the same shape as the balances model's. */
export type RiskInputsHead = BalancesHead;

export interface RiskInputsQueryOptions {
  readonly ledgerId: string;
  readonly at: BalanceAt;
  /** Projection version whose tables to read (default 1). */
  readonly version?: number;
  /** "Now" of the kinds that are effective now (default: the current time). */
  readonly now?: Date;
}

/** The inputs in force at the point asked for, and what the answer stands on. */
export interface RiskInputsAnswer extends RiskInputsAt {
  readonly ledgerId: string;
  /** The ledger sequence K the answer reflects; null when nothing is known as of `at`. */
  readonly sequence: number | null;
  /** The effective time D the answer is for (ISO 8601, UTC, millisecond precision). */
  readonly effectiveAt: string;
}

function checkedTimeMs(label: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${label} is not a time: ${value}`);
  return ms;
}

function checkedSequence(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`sequence must be a non-negative integer, got ${value}`);
  }
  return value;
}

/** The point as the tables answer it: K as a sequence or recorded time, and D in epoch ms. */
export interface RiskInputsPoint {
  readonly known: { readonly sequence: number } | { readonly recordedMs: number } | "head";
  readonly effectiveMs: number;
}

/** `at` as a point; "now" is `nowMs`. Throws a RangeError on a malformed time or sequence. */
export function riskInputsPointOf(at: BalanceAt, nowMs: number): RiskInputsPoint {
  const knownOf = (k: KnownAt): RiskInputsPoint["known"] =>
    "sequence" in k
      ? { sequence: checkedSequence(k.sequence) }
      : { recordedMs: checkedTimeMs("knownAt.recordedAt", k.recordedAt) };
  switch (at.kind) {
    case "latest":
      return { known: "head", effectiveMs: nowMs };
    case "sequence":
      return { known: knownOf({ sequence: at.sequence }), effectiveMs: nowMs };
    case "recorded":
      return {
        known: { recordedMs: checkedTimeMs("recordedAt", at.recordedAt) },
        effectiveMs: nowMs,
      };
    case "effective":
      return {
        known: at.knownAt === undefined ? "head" : knownOf(at.knownAt),
        effectiveMs: checkedTimeMs("effectiveAt", at.effectiveAt),
      };
  }
}

/**
 * K: the head (latest applied), a sequence capped at the head, or the last sequence recorded
 * by a time (journal: the last row of the watermark runs at or before it). Null when nothing
 * is known then. One statement.
 */
export async function riskInputsKnownSequence(
  client: Queryable,
  t: RiskInputsTables,
  ledgerId: string,
  known: RiskInputsPoint["known"],
): Promise<number | null> {
  const recordedMs = known !== "head" && "recordedMs" in known ? String(known.recordedMs) : null;
  const { rows } = await client.query<{ head: string | null; recorded: string | null }>(
    `SELECT h.last_sequence::text AS head,
            (SELECT j.last_sequence FROM ${t.journal} j
              WHERE j.ledger_id = $1 AND j.recorded_ms <= $2::bigint
              ORDER BY j.recorded_ms DESC, j.last_sequence DESC LIMIT 1)::text AS recorded
       FROM (SELECT 1) one LEFT JOIN ${t.heads} h ON h.ledger_id = $1`,
    [ledgerId, recordedMs],
  );
  const head = rows[0]?.head ?? null;
  if (head === null) return null;
  if (known === "head") return Number(head);
  if ("sequence" in known) return Math.min(known.sequence, Number(head));
  const recorded = rows[0]?.recorded ?? null;
  return recorded === null ? null : Number(recorded);
}

/**
 * The version of `table` in force for the subject `subject` (an SQL expression compared with
 * column `key`), at most one row of `columns` (of the version `v`): $1 ledger, $2 K, $3 D.
 * A backward scan of the primary key (ledger, key, valid_from_ms, sequence) that stops at the
 * first version recorded by K.
 */
export function riskInputsVersionInForceSql(
  table: string,
  key: string,
  subject: string,
  columns = "*",
): string {
  return `SELECT ${columns} FROM ${table} v
               WHERE v.ledger_id = $1 AND v.${key} = ${subject}
                 AND v.valid_from_ms <= $3::bigint AND v.sequence <= $2::bigint
               ORDER BY v.valid_from_ms DESC, v.sequence DESC LIMIT 1`;
}

/**
 * The version in force per subject of `kind` (a backward primary-key scan each) as `v`:
 * $1 ledger, $2 K, $3 D. `joins` (optional) follow the version's lateral join, and may
 * read `s.subject_id` and `v`; the subject itself is output as `subject`.
 */
export function riskInputsPerSubjectSql(
  t: RiskInputsTables,
  kind: RiskSubjectKind,
  table: string,
  key: string,
  columns: string,
  joins = "",
): string {
  return `SELECT '${kind}' AS kind, s.subject_id AS subject, ${columns}
            FROM ${t.subjects} s
            CROSS JOIN LATERAL (${riskInputsVersionInForceSql(table, key, "s.subject_id")}) v${joins}
           WHERE s.ledger_id = $1 AND s.kind = '${kind}' AND s.first_sequence <= $2::bigint`;
}

/**
 * The statement that reads the inputs in force (exported for EXPLAIN in tests and benchmarks):
 * $1 ledger, $2 K, $3 D (epoch ms), $4 the row limit. Rows in no particular order: sorting
 * them in SQL took a quarter of the statement's time for 10,000 facilities (their payloads
 * spilled to disk), sorting them in JavaScript a few milliseconds.
 */
export function riskInputsSql(version: number): string {
  const t = riskInputsTables(version);
  const versioned = "v.sequence::text AS sequence, v.valid_from, v.data::text AS payload";
  const noPair = "NULL::text AS from_currency, NULL::text AS to_currency";
  const fx = "v.sequence::text, v.valid_from, v.rate, v.from_currency, v.to_currency";
  return `${riskInputsPerSubjectSql(t, "counterparty", t.counterparties, "counterparty_id", `${versioned}, ${noPair}`)}
    UNION ALL
    ${riskInputsPerSubjectSql(t, "facility", t.facilities, "facility_id", `${versioned}, ${noPair}`)}
    UNION ALL
    ${riskInputsPerSubjectSql(t, "fx", t.fxRates, "pair", fx)}
    UNION ALL
    SELECT 'capital', '', c.sequence::text, c.valid_from, c.tier1_capital::text,
           c.currency, c.reporting_entity_is_gsii::text
      FROM (SELECT * FROM ${t.capital} v
             WHERE v.ledger_id = $1 AND v.valid_from_ms <= $3::bigint AND v.sequence <= $2::bigint
             ORDER BY v.valid_from_ms DESC, v.sequence DESC LIMIT 1) c
    LIMIT $4`;
}

type RowKind = "counterparty" | "facility" | "fx" | "capital";
const ROW_KINDS: ReadonlySet<string> = new Set<RowKind>([
  "counterparty",
  "facility",
  "fx",
  "capital",
]);

interface InputRow {
  readonly kind: RowKind;
  readonly subject: string;
  readonly sequence: string;
  readonly valid_from: string;
  readonly payload: string;
  readonly from_currency: string | null;
  readonly to_currency: string | null;
}

/**
 * One row of riskInputsSql checked by hand, cheaper than a zod parse per row (10,000 and more
 * rows per answer): the same checks, an error naming the column otherwise.
 */
function inputRowOf(raw: unknown): InputRow {
  const row = StoredReader.of("risk_inputs row", raw);
  const text = (column: string): string => row.string(column);
  const nullableText = (column: string): string | null => row.nullableString(column);
  const kind = text("kind");
  if (!ROW_KINDS.has(kind)) throw new Error(`risk_inputs: row kind ${kind} is unknown`);
  return {
    kind: kind as RowKind,
    subject: text("subject"),
    sequence: text("sequence"),
    valid_from: text("valid_from"),
    payload: text("payload"),
    from_currency: nullableText("from_currency"),
    to_currency: nullableText("to_currency"),
  };
}

interface Inputs {
  readonly counterparties: Map<string, CounterpartyVersion>;
  readonly facilities: Map<string, FacilityVersion>;
  readonly fxRates: FxRate[];
  capital: CapitalBase | null;
}

function addRow(inputs: Inputs, row: InputRow): void {
  const sequence = Number(row.sequence);
  const validFrom = row.valid_from;
  const stored = { subject: row.subject, validFrom, sequence };
  switch (row.kind) {
    case "counterparty":
      inputs.counterparties.set(row.subject, counterpartyOf({ ...stored, payload: row.payload }));
      return;
    case "facility":
      inputs.facilities.set(row.subject, facilityOf({ ...stored, payload: row.payload }));
      return;
    case "fx":
      if (row.from_currency === null || row.to_currency === null) {
        throw new Error(`risk_inputs: FX row ${row.subject} has no currencies`);
      }
      inputs.fxRates.push({
        from: row.from_currency,
        to: row.to_currency,
        rate: row.payload,
        validFrom,
      });
      return;
    case "capital":
      if (row.from_currency === null) throw new Error("risk_inputs: capital row has no currency");
      // The capital row carries the reporting entity's G-SII flag in the pair's second column.
      if (row.to_currency !== "true" && row.to_currency !== "false") {
        throw new Error("risk_inputs: capital row has no G-SII flag");
      }
      inputs.capital = {
        currency: row.from_currency,
        tier1Capital: BigInt(row.payload),
        validFrom,
        reportingEntityIsGsii: row.to_currency === "true",
      };
      return;
  }
}

/**
 * The risk inputs of `ledgerId` in force at `at` (see the top of this file), with the
 * sequence the answer reflects. Counterparties and facilities are keyed (and ordered) by id,
 * FX rates ordered by pair (UTF-16 code unit order). Nothing known as of `at` (no event applied, or a recorded time
 * before the ledger's first event): sequence null and no inputs. Throws a RangeError on a
 * malformed point, and when the answer would hold more than MAX_RISK_INPUT_ROWS rows.
 */
export async function riskInputsAt(
  client: Queryable,
  options: RiskInputsQueryOptions,
): Promise<RiskInputsAnswer> {
  const t = riskInputsTables(options.version ?? 1);
  const point = riskInputsPointOf(options.at, (options.now ?? new Date()).getTime());
  const inputs: Inputs = {
    counterparties: new Map(),
    facilities: new Map(),
    fxRates: [],
    capital: null,
  };
  const effectiveAt = new Date(point.effectiveMs).toISOString();
  const sequence = await riskInputsKnownSequence(client, t, options.ledgerId, point.known);
  const answer = (): RiskInputsAnswer => ({
    ledgerId: options.ledgerId,
    sequence,
    effectiveAt,
    ...inputs,
  });
  if (sequence === null) return answer();
  const { rows } = await client.query(riskInputsSql(options.version ?? 1), [
    options.ledgerId,
    String(sequence),
    String(point.effectiveMs),
    MAX_RISK_INPUT_ROWS + 1,
  ]);
  if (rows.length > MAX_RISK_INPUT_ROWS) {
    throw new RangeError(
      `risk_inputs: ledger ${options.ledgerId} has more than ${MAX_RISK_INPUT_ROWS} risk inputs in force`,
    );
  }
  const parsed = rows.map((raw: unknown) => inputRowOf(raw));
  parsed.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
  for (const row of parsed) addRow(inputs, row);
  return answer();
}

/** The ledger's head in the risk-inputs model; null when it has applied nothing of the ledger. */
export function riskInputsHead(
  client: Queryable,
  options: { readonly ledgerId: string; readonly version?: number },
): Promise<RiskInputsHead | null> {
  return readLedgerHead(client, riskInputsTables(options.version ?? 1).heads, options.ledgerId);
}

/**
 * The effective times around `effectiveMs` over which the inputs in force as known at
 * `sequence` stay the same: [fromMs, untilMs), fromMs the latest validFrom at or before
 * `effectiveMs` among every version recorded by `sequence` (null: none), untilMs the earliest
 * after it (null: none). Any effective time in that range selects the same version of every
 * subject, so an answer for one holds for all (the exposure report cache relies on it). One
 * statement scanning the ledger's versions (a few ms for 10,000 facilities).
 */
export async function riskInputsStableRange(
  client: Queryable,
  options: {
    readonly ledgerId: string;
    readonly version?: number;
    readonly sequence: number;
    readonly effectiveMs: number;
  },
): Promise<{ readonly fromMs: number | null; readonly untilMs: number | null }> {
  const t = riskInputsTables(options.version ?? 1);
  const versions = [t.counterparties, t.facilities, t.fxRates, t.capital]
    .map(
      (table) =>
        `SELECT valid_from_ms FROM ${table} WHERE ledger_id = $1 AND sequence <= $2::bigint`,
    )
    .join(" UNION ALL ");
  const { rows } = await client.query<{ from_ms: string | null; until_ms: string | null }>(
    `SELECT (max(valid_from_ms) FILTER (WHERE valid_from_ms <= $3::bigint))::text AS from_ms,
            (min(valid_from_ms) FILTER (WHERE valid_from_ms > $3::bigint))::text AS until_ms
       FROM (${versions}) v`,
    [
      options.ledgerId,
      String(checkedSequence(options.sequence)),
      String(Math.trunc(options.effectiveMs)),
    ],
  );
  const row = rows[0];
  const ms = (value: string | null | undefined): number | null =>
    value === null || value === undefined ? null : Number(value);
  return { fromMs: ms(row?.from_ms), untilMs: ms(row?.until_ms) };
}

/**
 * Whether any risk input (a counterparty, facility, FX rate or capital base version) was
 * recorded by the ledger's events in (afterSequence, throughSequence]: four index probes on
 * (ledger, sequence). When none was, the inputs in force at any effective time are the same
 * known at either sequence.
 */
export async function riskInputsRecordedBetween(
  client: Queryable,
  options: {
    readonly ledgerId: string;
    readonly version?: number;
    readonly afterSequence: number;
    readonly throughSequence: number;
  },
): Promise<boolean> {
  const t = riskInputsTables(options.version ?? 1);
  const probes = [t.counterparties, t.facilities, t.fxRates, t.capital]
    .map(
      (table) =>
        `EXISTS (SELECT 1 FROM ${table}
                  WHERE ledger_id = $1 AND sequence > $2::bigint AND sequence <= $3::bigint)`,
    )
    .join(" OR ");
  const { rows } = await client.query<{ recorded: boolean }>(`SELECT ${probes} AS recorded`, [
    options.ledgerId,
    String(checkedSequence(options.afterSequence)),
    String(checkedSequence(options.throughSequence)),
  ]);
  return rows[0]?.recorded === true;
}
