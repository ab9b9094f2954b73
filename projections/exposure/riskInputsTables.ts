// The tables of one version of the risk-inputs history read model (layout 2) and their DDL.
// Every version of every risk input is a row that is never updated: counterparty versions,
// facility versions, FX rates (one row per pair per published set), capital base versions
// and, since layout 2, the IFRS 9 inputs: facility terms (per facility), credit assessments
// (per facility and asOf date, keyed "facility/asOf"), write-offs (each its own subject, keyed
// by record id) and parameter sets (per parameterSetId). Each is keyed by (ledger, subject,
// valid_from_ms, sequence) so that "the version in force as of effective time D as known at
// sequence K" is one backward primary-key scan per subject. A subjects table lists each
// ledger's subjects of each kind once (what a query iterates), and per ledger a head (the
// last applied sequence, like the balances model's) and a sparse journal (the last sequence
// per recorded-time watermark) resolve a recorded time to a sequence. An index by (ledger,
// sequence) on each version table answers "was anything recorded between two sequences"
// (riskInputsRecordedBetween) and bounds riskInputsStableRange. Effective and recorded times
// of versions are epoch milliseconds (bigint, UTC); validFrom is also kept as text exactly as
// recorded. Counterparty, facility and IFRS 9 versions keep the event's data as json, less
// what has a column (record id, subject id, validFrom) and the fingerprint: json, not jsonb,
// so nothing is parsed on insert, and a smaller text is a faster read (JSON.parse was half the
// decoding time of 10,000 facilities). Key columns are text COLLATE "C".
import { versionedTable } from "../projection.js";

export const RISK_INPUTS_PROJECTION_NAME = "risk_inputs";
/**
 * The shape of the risk-inputs tables this code builds (docs/projections.md, "Layouts").
 * 2: the IFRS 9 inputs' tables (versions of layout 1 skipped those events, so are rebuilt).
 */
export const RISK_INPUTS_LAYOUT = 2;

/**
 * What a subjects row names: a counterparty id, a facility id, an FX pair "FROM/TO", a
 * facility with terms (its id), a credit assessment's "facility/asOf" key
 * (creditAssessmentKey), a write-off's record id, or an IFRS 9 parameter set id.
 */
export type RiskSubjectKind =
  "counterparty" | "facility" | "fx" | "terms" | "assessment" | "write_off" | "ifrs9_parameters";

export interface RiskInputsTables {
  /** One row per CounterpartyRecorded: the rest of the event's data as json. */
  readonly counterparties: string;
  /** One row per FacilityRecorded: the rest of the event's data as json. */
  readonly facilities: string;
  /** One row per rate of each FxRatesPublished (pair, rate, the set's source). */
  readonly fxRates: string;
  /** One row per CapitalBaseRecorded. */
  readonly capital: string;
  /** One row per FacilityTermsRecorded: the rest of the event's data as json. */
  readonly facilityTerms: string;
  /** One row per CreditAssessmentRecorded, keyed by "facility/asOf": the rest as json. */
  readonly creditAssessments: string;
  /** One row per WriteOffRecorded, keyed by record id: the rest as json. */
  readonly writeOffs: string;
  /** One row per Ifrs9ParametersRecorded: the rest of the event's data as json. */
  readonly ifrs9Parameters: string;
  /** Per ledger, each counterparty, facility and FX pair once, with the sequence it first appeared. */
  readonly subjects: string;
  /** Per ledger: the last applied sequence, the recorded-time watermark, the first event's time. */
  readonly heads: string;
  /** Per ledger: the last sequence of each run of events with the same watermark (sparse). */
  readonly journal: string;
}

export function riskInputsTables(version: number): RiskInputsTables {
  return {
    counterparties: versionedTable("risk_inputs_counterparties", version),
    facilities: versionedTable("risk_inputs_facilities", version),
    fxRates: versionedTable("risk_inputs_fx_rates", version),
    capital: versionedTable("risk_inputs_capital", version),
    facilityTerms: versionedTable("risk_inputs_facility_terms", version),
    creditAssessments: versionedTable("risk_inputs_credit_assessments", version),
    writeOffs: versionedTable("risk_inputs_write_offs", version),
    ifrs9Parameters: versionedTable("risk_inputs_ifrs9_parameters", version),
    subjects: versionedTable("risk_inputs_subjects", version),
    heads: versionedTable("risk_inputs_heads", version),
    journal: versionedTable("risk_inputs_journal", version),
  };
}

/** The FX pair key of the subjects and rates tables (asset codes never contain "/"). */
export const fxPairKey = (from: string, to: string): string => `${from}/${to}`;

/** The subject key of a facility's credit assessment as of a date (ids never contain "/"). */
export const creditAssessmentKey = (facilityId: string, asOf: string): string =>
  `${facilityId}/${asOf}`;

/** Keys (ledger and subject ids) compare bytewise: cheaper than a locale's rules, same equality. */
const KEY = `text COLLATE "C" NOT NULL`;

/** Columns every version row starts with, after its subject column. */
const VERSION_COLUMNS = `
  valid_from_ms bigint NOT NULL,
  sequence      bigint NOT NULL,
  record_id     text NOT NULL,
  valid_from    text NOT NULL,
  recorded_ms   bigint NOT NULL`;

export function riskInputsSetupSql(t: RiskInputsTables): string {
  return `
CREATE TABLE IF NOT EXISTS ${t.counterparties} (
  ledger_id       ${KEY},
  counterparty_id ${KEY},${VERSION_COLUMNS},
  data            json NOT NULL,
  PRIMARY KEY (ledger_id, counterparty_id, valid_from_ms, sequence)
);
CREATE TABLE IF NOT EXISTS ${t.facilities} (
  ledger_id       ${KEY},
  facility_id     ${KEY},${VERSION_COLUMNS},
  data            json NOT NULL,
  PRIMARY KEY (ledger_id, facility_id, valid_from_ms, sequence)
);
CREATE TABLE IF NOT EXISTS ${t.fxRates} (
  ledger_id       ${KEY},
  pair            ${KEY},${VERSION_COLUMNS},
  from_currency   text NOT NULL,
  to_currency     text NOT NULL,
  rate            text NOT NULL,
  source          text NOT NULL,
  PRIMARY KEY (ledger_id, pair, valid_from_ms, sequence)
);
CREATE TABLE IF NOT EXISTS ${t.capital} (
  ledger_id       ${KEY},${VERSION_COLUMNS},
  currency        text NOT NULL,
  tier1_capital   numeric(38,0) NOT NULL,
  reporting_entity_is_gsii boolean NOT NULL,
  PRIMARY KEY (ledger_id, valid_from_ms, sequence)
);
CREATE TABLE IF NOT EXISTS ${t.facilityTerms} (
  ledger_id       ${KEY},
  facility_id     ${KEY},${VERSION_COLUMNS},
  data            json NOT NULL,
  PRIMARY KEY (ledger_id, facility_id, valid_from_ms, sequence)
);
CREATE TABLE IF NOT EXISTS ${t.creditAssessments} (
  ledger_id       ${KEY},
  facility_as_of  ${KEY},${VERSION_COLUMNS},
  facility_id     text NOT NULL,
  as_of           text NOT NULL,
  data            json NOT NULL,
  PRIMARY KEY (ledger_id, facility_as_of, valid_from_ms, sequence)
);
CREATE TABLE IF NOT EXISTS ${t.writeOffs} (
  ledger_id       ${KEY},
  write_off_id    ${KEY},${VERSION_COLUMNS},
  facility_id     text NOT NULL,
  data            json NOT NULL,
  PRIMARY KEY (ledger_id, write_off_id, valid_from_ms, sequence)
);
CREATE TABLE IF NOT EXISTS ${t.ifrs9Parameters} (
  ledger_id        ${KEY},
  parameter_set_id ${KEY},${VERSION_COLUMNS},
  data             json NOT NULL,
  PRIMARY KEY (ledger_id, parameter_set_id, valid_from_ms, sequence)
);
CREATE INDEX IF NOT EXISTS ${t.counterparties}_sequence ON ${t.counterparties} (ledger_id, sequence);
CREATE INDEX IF NOT EXISTS ${t.facilities}_sequence ON ${t.facilities} (ledger_id, sequence);
CREATE INDEX IF NOT EXISTS ${t.fxRates}_sequence ON ${t.fxRates} (ledger_id, sequence);
CREATE INDEX IF NOT EXISTS ${t.capital}_sequence ON ${t.capital} (ledger_id, sequence);
CREATE INDEX IF NOT EXISTS ${t.facilityTerms}_sequence ON ${t.facilityTerms} (ledger_id, sequence);
CREATE INDEX IF NOT EXISTS ${t.creditAssessments}_sequence ON ${t.creditAssessments} (ledger_id, sequence);
CREATE INDEX IF NOT EXISTS ${t.writeOffs}_sequence ON ${t.writeOffs} (ledger_id, sequence);
CREATE INDEX IF NOT EXISTS ${t.ifrs9Parameters}_sequence ON ${t.ifrs9Parameters} (ledger_id, sequence);
CREATE TABLE IF NOT EXISTS ${t.subjects} (
  ledger_id       ${KEY},
  kind            text NOT NULL CHECK (kind IN ('counterparty', 'facility', 'fx', 'terms',
                    'assessment', 'write_off', 'ifrs9_parameters')),
  subject_id      ${KEY},
  first_sequence  bigint NOT NULL,
  PRIMARY KEY (ledger_id, kind, subject_id)
);
CREATE TABLE IF NOT EXISTS ${t.heads} (
  ledger_id        text COLLATE "C" PRIMARY KEY,
  last_sequence    bigint NOT NULL,
  last_recorded_at timestamptz NOT NULL,
  created_at       timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS ${t.journal} (
  ledger_id     ${KEY},
  recorded_ms   bigint NOT NULL,
  last_sequence bigint NOT NULL,
  PRIMARY KEY (ledger_id, recorded_ms, last_sequence)
);
`;
}
