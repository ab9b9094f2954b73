// Reads of the IFRS 9 inputs in the risk-inputs history model (riskInputsProjection.ts, layout
// 2): the facility terms, credit assessments, write-offs and parameter sets in force as of
// effective time D as known at a sequence K, with the point given as a `BalanceAt` and
// resolved exactly as riskInputsAt resolves it (riskInputsQueries.ts: the same helpers).
//
// Per subject, the version with the latest validFrom <= D among those with sequence <= K (ties
// of validFrom: the higher sequence): the terms per facility, each with the limit of the
// facility version in force at the same point (a facility with none is left out); an
// assessment per facility and asOf date (a later version for the same asOf corrects it); every
// write-off (each its own subject: one version each) and each parameter set. Two statements
// whatever the number of subjects: the head (and the journal, for a recorded time), then one
// UNION of a backward primary-key scan per subject, which needs no statistics.
import { StoredReader } from "./riskInputsRows.js";
import type { BalanceAt, Queryable } from "../balances/balanceQueries.js";
import type { CreditAssessment, FacilityTerms, Ifrs9Parameters } from "../ifrs9/ifrs9Types.js";
import {
  creditAssessmentOf,
  facilityTermsOf,
  ifrs9ParametersOf,
  writeOffOf,
} from "./ifrs9InputsRows.js";
import {
  compareAssessments,
  compareWriteOffs,
  type Ifrs9InputsAnswer,
  type WriteOffInForce,
} from "./ifrs9InputsTypes.js";
import {
  riskInputsKnownSequence,
  riskInputsPerSubjectSql,
  riskInputsPointOf,
  riskInputsVersionInForceSql,
} from "./riskInputsQueries.js";
import { byRiskKey } from "./riskInputsReplay.js";
import { riskInputsTables } from "./riskInputsTables.js";

/**
 * The most rows (facilities with terms + assessments in force, one per facility and asOf +
 * write-offs in force + parameter sets) one answer may hold.
 */
export const MAX_IFRS9_INPUT_ROWS = 200_000;

export interface Ifrs9InputsQueryOptions {
  readonly ledgerId: string;
  readonly at: BalanceAt;
  /** Projection version whose tables to read (default 1). */
  readonly version?: number;
  /** "Now" of the kinds that are effective now (default: the current time). */
  readonly now?: Date;
}

/**
 * The statement that reads the IFRS 9 inputs in force (exported for EXPLAIN in tests):
 * $1 ledger, $2 K, $3 D (epoch ms), $4 the row limit. Columns: kind, subject (the subject's
 * key), facility_id (null for parameter sets), sequence, valid_from, payload (the stored json)
 * and extra (terms: the limit of the facility version in force; assessments: asOf). Rows in
 * no particular order.
 */
export function ifrs9InputsSql(version: number): string {
  const t = riskInputsTables(version);
  const versioned = "v.sequence::text AS sequence, v.valid_from, v.data::text AS payload";
  const limit = riskInputsVersionInForceSql(
    t.facilities,
    "facility_id",
    "s.subject_id",
    "v.data->>'limit' AS facility_limit",
  );
  return `${riskInputsPerSubjectSql(
    t,
    "terms",
    t.facilityTerms,
    "facility_id",
    `s.subject_id AS facility_id, ${versioned}, f.facility_limit AS extra`,
    `
            CROSS JOIN LATERAL (${limit}) f`,
  )}
    UNION ALL
    ${riskInputsPerSubjectSql(t, "assessment", t.creditAssessments, "facility_as_of", `v.facility_id, ${versioned}, v.as_of AS extra`)}
    UNION ALL
    ${riskInputsPerSubjectSql(t, "write_off", t.writeOffs, "write_off_id", `v.facility_id, ${versioned}, NULL::text AS extra`)}
    UNION ALL
    ${riskInputsPerSubjectSql(t, "ifrs9_parameters", t.ifrs9Parameters, "parameter_set_id", `NULL::text AS facility_id, ${versioned}, NULL::text AS extra`)}
    LIMIT $4`;
}

type RowKind = "terms" | "assessment" | "write_off" | "ifrs9_parameters";
const ROW_KINDS: ReadonlySet<string> = new Set<RowKind>([
  "terms",
  "assessment",
  "write_off",
  "ifrs9_parameters",
]);

interface InputRow {
  readonly kind: RowKind;
  readonly subject: string;
  readonly facilityId: string | null;
  readonly payload: string;
  readonly extra: string | null;
}

/** One row of ifrs9InputsSql checked by hand (as riskInputsQueries.ts checks its rows). */
function inputRowOf(raw: unknown): InputRow {
  const row = StoredReader.of("risk_inputs row", raw);
  const text = (column: string): string => row.string(column);
  const nullableText = (column: string): string | null => row.nullableString(column);
  const kind = text("kind");
  if (!ROW_KINDS.has(kind)) throw new Error(`risk_inputs: row kind ${kind} is unknown`);
  return {
    kind: kind as RowKind,
    subject: text("subject"),
    facilityId: nullableText("facility_id"),
    payload: text("payload"),
    extra: nullableText("extra"),
  };
}

const byKey = <T>(map: Map<string, T>): Map<string, T> => new Map(byRiskKey(map));

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * The IFRS 9 inputs of `ledgerId` in force at `at` (see the top of this file), with the
 * sequence the answer reflects; maps keyed (and ordered) by facility or parameter set id in
 * code-unit order, assessments by asOf, write-offs by writtenOffOn then record id. Nothing
 * known as of `at`: sequence null and no inputs. Throws a RangeError on a malformed point, and
 * when the answer would hold more than MAX_IFRS9_INPUT_ROWS rows.
 */
export async function ifrs9InputsAt(
  client: Queryable,
  options: Ifrs9InputsQueryOptions,
): Promise<Ifrs9InputsAnswer> {
  const version = options.version ?? 1;
  const t = riskInputsTables(version);
  const point = riskInputsPointOf(options.at, (options.now ?? new Date()).getTime());
  const effectiveAt = new Date(point.effectiveMs).toISOString();
  const sequence = await riskInputsKnownSequence(client, t, options.ledgerId, point.known);
  const terms = new Map<string, FacilityTerms>();
  const assessments = new Map<string, CreditAssessment[]>();
  const writeOffs = new Map<string, WriteOffInForce[]>();
  const parameters = new Map<string, Ifrs9Parameters>();
  if (sequence !== null) {
    const { rows } = await client.query(ifrs9InputsSql(version), [
      options.ledgerId,
      String(sequence),
      String(point.effectiveMs),
      MAX_IFRS9_INPUT_ROWS + 1,
    ]);
    if (rows.length > MAX_IFRS9_INPUT_ROWS) {
      throw new RangeError(
        `risk_inputs: ledger ${options.ledgerId} has more than ${MAX_IFRS9_INPUT_ROWS} IFRS 9 inputs in force`,
      );
    }
    for (const raw of rows as unknown[]) {
      const row = inputRowOf(raw);
      const facilityId = (): string => {
        if (row.facilityId === null) throw new Error(`risk_inputs: ${row.kind} has no facility`);
        return row.facilityId;
      };
      const extra = (what: string): string => {
        if (row.extra === null) throw new Error(`risk_inputs: ${row.kind} row has no ${what}`);
        return row.extra;
      };
      switch (row.kind) {
        case "terms": {
          const limit = extra("facility limit");
          if (!/^[0-9]+$/.test(limit)) throw new Error(`risk_inputs: facility limit ${limit}`);
          terms.set(row.subject, facilityTermsOf(row.subject, row.payload, BigInt(limit)));
          break;
        }
        case "assessment":
          push(assessments, facilityId(), creditAssessmentOf(extra("asOf"), row.payload));
          break;
        case "write_off":
          push(writeOffs, facilityId(), writeOffOf(row.subject, row.payload));
          break;
        case "ifrs9_parameters":
          parameters.set(row.subject, ifrs9ParametersOf(row.subject, row.payload));
          break;
      }
    }
    for (const list of assessments.values()) list.sort(compareAssessments);
    for (const list of writeOffs.values()) list.sort(compareWriteOffs);
  }
  return {
    ledgerId: options.ledgerId,
    sequence,
    effectiveAt,
    terms: byKey(terms),
    assessments: byKey(assessments),
    writeOffs: byKey(writeOffs),
    parameters: byKey(parameters),
  };
}
