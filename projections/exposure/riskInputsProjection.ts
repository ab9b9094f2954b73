// The risk-inputs history read model (projection "risk_inputs", docs/risk.md): every version
// of every counterparty, facility, FX rate and capital base recorded in a ledger's stream, and
// of every IFRS 9 input (facility terms, credit assessments, write-offs, parameter sets;
// docs/ifrs9.md), so that riskInputsQueries.ts and ifrs9InputsQueries.ts answer "the inputs in
// force as of effective time D, as known at recorded time R (or at a sequence)". Tables:
// riskInputsTables.ts.
//
// apply() reads the heads of the batch's ledgers (one indexed read), checks that every event
// follows its ledger's head (a gap is a poison event), and writes per batch: the version rows
// with COPY (copyRows.ts), one table each; the subjects first seen (one INSERT ... ON CONFLICT
// DO NOTHING per 5,000); the journal runs with COPY; and the heads (one upsert per 5,000
// ledgers). Every ledger event advances its ledger's head and journal, risk input or not, so
// the sequence an answer reflects is exact. It keeps nothing in memory between batches.
import type { PoolClient } from "pg";
import { assert } from "../../ledger-core/index.js";
import type { JournalEvent } from "../../schemas/index.js";
import { chunks, copyBoolean, copyLines, copyText } from "../copyRows.js";
import { dropTables, ledgerKey, type ProjectedEvent, type Projection } from "../projection.js";
import {
  creditAssessmentKey,
  fxPairKey,
  RISK_INPUTS_LAYOUT,
  RISK_INPUTS_PROJECTION_NAME,
  riskInputsSetupSql,
  riskInputsTables,
  type RiskInputsTables,
  type RiskSubjectKind,
} from "./riskInputsTables.js";

export { RISK_INPUTS_LAYOUT, RISK_INPUTS_PROJECTION_NAME, riskInputsTables, type RiskInputsTables };

/** Rows per multi-row statement (subjects, heads): the length of each array passed to unnest. */
export const MAX_RISK_ROWS_PER_STATEMENT = 5_000;

const VERSION_COLUMNS = [
  "valid_from_ms",
  "sequence",
  "record_id",
  "valid_from",
  "recorded_ms",
] as const;
const COUNTERPARTY_COLUMNS = ["ledger_id", "counterparty_id", ...VERSION_COLUMNS, "data"];
const FACILITY_COLUMNS = ["ledger_id", "facility_id", ...VERSION_COLUMNS, "data"];
const FX_COLUMNS = [
  "ledger_id",
  "pair",
  ...VERSION_COLUMNS,
  "from_currency",
  "to_currency",
  "rate",
  "source",
];
const CAPITAL_COLUMNS = [
  "ledger_id",
  ...VERSION_COLUMNS,
  "currency",
  "tier1_capital",
  "reporting_entity_is_gsii",
];
const FACILITY_TERMS_COLUMNS = ["ledger_id", "facility_id", ...VERSION_COLUMNS, "data"];
const CREDIT_ASSESSMENT_COLUMNS = [
  "ledger_id",
  "facility_as_of",
  ...VERSION_COLUMNS,
  "facility_id",
  "as_of",
  "data",
];
const WRITE_OFF_COLUMNS = ["ledger_id", "write_off_id", ...VERSION_COLUMNS, "facility_id", "data"];
const IFRS9_PARAMETERS_COLUMNS = ["ledger_id", "parameter_set_id", ...VERSION_COLUMNS, "data"];
const JOURNAL_COLUMNS = ["ledger_id", "recorded_ms", "last_sequence"];

interface HeadState {
  lastSequence: number;
  /** The recorded-time watermark: the latest recordedAt applied (epoch ms). */
  recordedMs: number;
  readonly createdMs: number;
}

interface SubjectRow {
  readonly ledgerId: string;
  readonly kind: RiskSubjectKind;
  readonly subjectId: string;
  readonly firstSequence: number;
}

/** One journal row: the last sequence whose watermark is `recordedMs`. */
interface JournalRun {
  readonly ledgerId: string;
  readonly recordedMs: number;
  lastSequence: number;
}

function msOf(label: string, text: string, sequence: number): number {
  const ms = Date.parse(text);
  assert(!Number.isNaN(ms), `risk_inputs: unreadable ${label} ${text} at sequence ${sequence}`);
  return ms;
}

/** What one batch writes: COPY lines per table, new subjects, journal runs and heads. */
class RiskInputsBatch {
  readonly counterparties: string[] = [];
  readonly facilities: string[] = [];
  readonly fxRates: string[] = [];
  readonly capital: string[] = [];
  readonly facilityTerms: string[] = [];
  readonly creditAssessments: string[] = [];
  readonly writeOffs: string[] = [];
  readonly ifrs9Parameters: string[] = [];
  readonly subjects = new Map<string, SubjectRow>();
  readonly journal: JournalRun[] = [];
  private readonly lastRun = new Map<string, JournalRun>();

  constructor(readonly heads: Map<string, HeadState>) {}

  apply(ledgerId: string, event: JournalEvent): void {
    const recordedMs = this.advanceHead(ledgerId, event);
    const sequence = event.metadata.sequence;
    const ledger = copyText(ledgerId);
    // The version columns of a record: validFrom (ms and text), sequence, record id, recorded.
    const version = (data: { recordId: string; validFrom: string }): string =>
      [
        String(msOf("validFrom", data.validFrom, sequence)),
        String(sequence),
        copyText(data.recordId),
        copyText(data.validFrom),
        String(recordedMs),
      ].join("\t");
    switch (event.type) {
      case "CounterpartyRecorded": {
        const { recordId: _r, validFrom: _v, fingerprint: _f, ...rest } = event.data;
        const { counterpartyId, ...data } = rest;
        this.subject(ledgerId, "counterparty", counterpartyId, sequence);
        this.counterparties.push(
          `${ledger}\t${copyText(counterpartyId)}\t${version(event.data)}\t${jsonText(data)}\n`,
        );
        return;
      }
      case "FacilityRecorded": {
        const { recordId: _r, validFrom: _v, fingerprint: _f, ...rest } = event.data;
        const { facilityId, ...data } = rest;
        this.subject(ledgerId, "facility", facilityId, sequence);
        this.facilities.push(
          `${ledger}\t${copyText(facilityId)}\t${version(event.data)}\t${jsonText(data)}\n`,
        );
        return;
      }
      case "FxRatesPublished": {
        const common = version(event.data);
        const source = copyText(event.data.source);
        for (const { from, to, rate } of event.data.rates) {
          const pair = fxPairKey(from, to);
          this.subject(ledgerId, "fx", pair, sequence);
          this.fxRates.push(
            `${ledger}\t${copyText(pair)}\t${common}\t${copyText(from)}\t${copyText(to)}\t${copyText(rate)}\t${source}\n`,
          );
        }
        return;
      }
      case "CapitalBaseRecorded": {
        const { currency, tier1Capital, reportingEntityIsGsii } = event.data;
        this.capital.push(
          `${ledger}\t${version(event.data)}\t${copyText(currency)}\t${tier1Capital}\t${copyBoolean(reportingEntityIsGsii)}\n`,
        );
        return;
      }
      case "FacilityTermsRecorded": {
        const { recordId: _r, validFrom: _v, fingerprint: _f, facilityId, ...data } = event.data;
        this.subject(ledgerId, "terms", facilityId, sequence);
        this.facilityTerms.push(
          `${ledger}\t${copyText(facilityId)}\t${version(event.data)}\t${jsonText(data)}\n`,
        );
        return;
      }
      case "CreditAssessmentRecorded": {
        const { recordId: _r, validFrom: _v, fingerprint: _f, ...rest } = event.data;
        const { facilityId, asOf, ...data } = rest;
        const key = creditAssessmentKey(facilityId, asOf);
        this.subject(ledgerId, "assessment", key, sequence);
        this.creditAssessments.push(
          `${ledger}\t${copyText(key)}\t${version(event.data)}\t${copyText(facilityId)}\t${copyText(asOf)}\t${jsonText(data)}\n`,
        );
        return;
      }
      case "WriteOffRecorded": {
        const { recordId, validFrom: _v, fingerprint: _f, facilityId, ...data } = event.data;
        this.subject(ledgerId, "write_off", recordId, sequence);
        this.writeOffs.push(
          `${ledger}\t${copyText(recordId)}\t${version(event.data)}\t${copyText(facilityId)}\t${jsonText(data)}\n`,
        );
        return;
      }
      case "Ifrs9ParametersRecorded": {
        const { recordId: _r, validFrom: _v, fingerprint: _f, ...rest } = event.data;
        const { parameterSetId, ...data } = rest;
        this.subject(ledgerId, "ifrs9_parameters", parameterSetId, sequence);
        this.ifrs9Parameters.push(
          `${ledger}\t${copyText(parameterSetId)}\t${version(event.data)}\t${jsonText(data)}\n`,
        );
        return;
      }
      default:
        return;
    }
  }

  private subject(ledgerId: string, kind: RiskSubjectKind, subjectId: string, sequence: number) {
    const key = ledgerKey(ledgerId, `${kind}\u0000${subjectId}`);
    if (!this.subjects.has(key)) {
      this.subjects.set(key, { ledgerId, kind, subjectId, firstSequence: sequence });
    }
  }

  /** Checks the event follows the ledger's head, moves the head and its journal run. */
  private advanceHead(ledgerId: string, event: JournalEvent): number {
    const sequence = event.metadata.sequence;
    const recordedMs = msOf("recordedAt", event.metadata.recordedAt, sequence);
    let head = this.heads.get(ledgerId);
    const expected = head === undefined ? 0 : head.lastSequence + 1;
    if (sequence !== expected) {
      throw new Error(
        `risk_inputs: ledger ${ledgerId} event ${sequence} does not follow ${head?.lastSequence ?? "nothing"} (expected ${expected})`,
      );
    }
    if (head === undefined) {
      head = { lastSequence: sequence, recordedMs, createdMs: recordedMs };
      this.heads.set(ledgerId, head);
    }
    // The watermark: recordedAt unless the writer's clock stepped back, so that "as known at
    // recorded time R" is always a prefix of the sequence.
    head.recordedMs = Math.max(head.recordedMs, recordedMs);
    head.lastSequence = sequence;
    const run = this.lastRun.get(ledgerId);
    if (run?.recordedMs === head.recordedMs) {
      run.lastSequence = sequence;
    } else {
      const next = { ledgerId, recordedMs: head.recordedMs, lastSequence: sequence };
      this.lastRun.set(ledgerId, next);
      this.journal.push(next);
    }
    return recordedMs;
  }
}

/** The event's data as the json column holds it (its JSON text, COPY-escaped). */
const jsonText = (data: object): string => copyText(JSON.stringify(data));

async function loadHeads(
  client: PoolClient,
  t: RiskInputsTables,
  ledgerIds: readonly string[],
): Promise<Map<string, HeadState>> {
  const { rows } = await client.query<{
    ledger_id: string;
    last_sequence: string;
    last_recorded_at: Date;
    created_at: Date;
  }>(
    `SELECT ledger_id, last_sequence::text AS last_sequence, last_recorded_at, created_at
       FROM ${t.heads} WHERE ledger_id = ANY($1::text[])`,
    [ledgerIds],
  );
  return new Map(
    rows.map((row) => [
      row.ledger_id,
      {
        lastSequence: Number(row.last_sequence),
        recordedMs: row.last_recorded_at.getTime(),
        createdMs: row.created_at.getTime(),
      },
    ]),
  );
}

async function writeSubjects(client: PoolClient, t: RiskInputsTables, batch: RiskInputsBatch) {
  for (const chunk of chunks([...batch.subjects.values()], MAX_RISK_ROWS_PER_STATEMENT)) {
    await client.query(
      `INSERT INTO ${t.subjects} (ledger_id, kind, subject_id, first_sequence)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
       ON CONFLICT (ledger_id, kind, subject_id) DO NOTHING`,
      [
        chunk.map((s) => s.ledgerId),
        chunk.map((s) => s.kind),
        chunk.map((s) => s.subjectId),
        chunk.map((s) => String(s.firstSequence)),
      ],
    );
  }
}

async function writeHeads(client: PoolClient, t: RiskInputsTables, batch: RiskInputsBatch) {
  const iso = (ms: number): string => new Date(ms).toISOString();
  for (const chunk of chunks([...batch.heads], MAX_RISK_ROWS_PER_STATEMENT)) {
    await client.query(
      `INSERT INTO ${t.heads} (ledger_id, last_sequence, last_recorded_at, created_at)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::timestamptz[])
       ON CONFLICT (ledger_id) DO UPDATE SET
         last_sequence = excluded.last_sequence, last_recorded_at = excluded.last_recorded_at`,
      [
        chunk.map(([ledgerId]) => ledgerId),
        chunk.map(([, head]) => String(head.lastSequence)),
        chunk.map(([, head]) => iso(head.recordedMs)),
        chunk.map(([, head]) => iso(head.createdMs)),
      ],
    );
  }
}

async function writeBatch(
  client: PoolClient,
  t: RiskInputsTables,
  batch: RiskInputsBatch,
): Promise<void> {
  const copies: [string, readonly string[], readonly string[]][] = [
    [t.counterparties, COUNTERPARTY_COLUMNS, batch.counterparties],
    [t.facilities, FACILITY_COLUMNS, batch.facilities],
    [t.fxRates, FX_COLUMNS, batch.fxRates],
    [t.capital, CAPITAL_COLUMNS, batch.capital],
    [t.facilityTerms, FACILITY_TERMS_COLUMNS, batch.facilityTerms],
    [t.creditAssessments, CREDIT_ASSESSMENT_COLUMNS, batch.creditAssessments],
    [t.writeOffs, WRITE_OFF_COLUMNS, batch.writeOffs],
    [t.ifrs9Parameters, IFRS9_PARAMETERS_COLUMNS, batch.ifrs9Parameters],
  ];
  for (const [table, columns, lines] of copies) {
    if (lines.length > 0) await copyLines(client, table, columns, lines);
  }
  await writeSubjects(client, t, batch);
  const journal = batch.journal.map(
    (run) => `${copyText(run.ledgerId)}\t${run.recordedMs}\t${run.lastSequence}\n`,
  );
  if (journal.length > 0) await copyLines(client, t.journal, JOURNAL_COLUMNS, journal);
  await writeHeads(client, t, batch);
}

/** The risk-inputs projection (name "risk_inputs") at `version`; tables riskInputsTables(version). */
export function riskInputsProjection(version = 1): Projection {
  const tables = riskInputsTables(version);
  return {
    name: RISK_INPUTS_PROJECTION_NAME,
    version,
    layout: RISK_INPUTS_LAYOUT,
    async setup(client: PoolClient): Promise<void> {
      await client.query(riskInputsSetupSql(tables));
    },
    async apply(client: PoolClient, events: readonly ProjectedEvent[]): Promise<void> {
      if (events.length === 0) return;
      const ledgerIds = [...new Set(events.map((projected) => projected.ledgerId))];
      const batch = new RiskInputsBatch(await loadHeads(client, tables, ledgerIds));
      for (const { ledgerId, event } of events) batch.apply(ledgerId, event);
      await writeBatch(client, tables, batch);
    },
    async drop(client: PoolClient): Promise<void> {
      await dropTables(client, Object.values(tables));
    },
  };
}
