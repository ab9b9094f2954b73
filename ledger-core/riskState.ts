// What the decider keeps of a ledger's risk inputs (docs/risk.md): every record id it has
// decided (the idempotency keys), which counterparties exist, each facility's latest terms as
// the rules need them, and which facility each account belongs to. The full history of the
// inputs (every version, bitemporal) lives in the events and the risk read models, not here.
// Forks copy only the records a command names, as for accounts and entries. The IFRS 9 inputs
// (docs/ifrs9.md) add record kinds only: their rules read the facilities and accounts kept here.
import type { JsonValue } from "./eventStorePort.js";

export type RiskRecordKind =
  | "counterparty"
  | "facility"
  | "fx_rates"
  | "capital_base"
  | "facility_terms"
  | "credit_assessment"
  | "write_off"
  | "ifrs9_parameters"
  | "provisioning_run";

/** One decided record id: its kind, content fingerprint and the sequence of its event. */
export interface RiskRecord {
  readonly recordId: string;
  readonly kind: RiskRecordKind;
  readonly fingerprint: string;
  readonly sequence: number;
}

/** A facility's latest recorded terms, as far as the rules need them. */
export interface FacilityTerms {
  readonly facilityId: string;
  readonly counterpartyId: string;
  readonly currency: string;
  readonly accountIds: readonly string[];
}

export interface RiskState {
  readonly records: Map<string, RiskRecord>;
  /** Counterparty ids ever recorded. */
  readonly counterparties: Set<string>;
  readonly facilities: Map<string, FacilityTerms>;
  /** Account id -> the facility whose latest terms name it. */
  readonly accountFacilities: Map<string, string>;
}

export function initialRiskState(): RiskState {
  return {
    records: new Map(),
    counterparties: new Set(),
    facilities: new Map(),
    accountFacilities: new Map(),
  };
}

/** What a risk command may read: record, counterparty, facility and account ids. */
export interface RiskIds {
  readonly recordIds: Set<string>;
  readonly counterpartyIds: Set<string>;
  readonly facilityIds: Set<string>;
}

export function emptyRiskIds(): RiskIds {
  return { recordIds: new Set(), counterpartyIds: new Set(), facilityIds: new Set() };
}

/** A fork holding only the named records (and the facilities of the named accounts). */
export function forkRiskState(
  risk: RiskState,
  ids: RiskIds,
  accountIds: Iterable<string>,
): RiskState {
  const fork = initialRiskState();
  for (const recordId of ids.recordIds) {
    const record = risk.records.get(recordId);
    if (record !== undefined) fork.records.set(recordId, record);
  }
  for (const counterpartyId of ids.counterpartyIds) {
    if (risk.counterparties.has(counterpartyId)) fork.counterparties.add(counterpartyId);
  }
  const facilityIds = new Set(ids.facilityIds);
  for (const accountId of accountIds) {
    const facilityId = risk.accountFacilities.get(accountId);
    if (facilityId === undefined) continue;
    fork.accountFacilities.set(accountId, facilityId);
    facilityIds.add(facilityId);
  }
  for (const facilityId of facilityIds) {
    const terms = risk.facilities.get(facilityId);
    if (terms === undefined) continue;
    fork.facilities.set(facilityId, terms);
    for (const accountId of terms.accountIds) fork.accountFacilities.set(accountId, facilityId);
  }
  return fork;
}

/** Records a facility's new terms: its accounts now belong to it, and only its new ones do. */
export function setFacilityTerms(risk: RiskState, terms: FacilityTerms): void {
  const previous = risk.facilities.get(terms.facilityId);
  for (const accountId of previous?.accountIds ?? []) {
    if (risk.accountFacilities.get(accountId) === terms.facilityId) {
      risk.accountFacilities.delete(accountId);
    }
  }
  risk.facilities.set(terms.facilityId, terms);
  for (const accountId of terms.accountIds) risk.accountFacilities.set(accountId, terms.facilityId);
}

export function serializeRiskState(risk: RiskState): JsonValue {
  return {
    records: [...risk.records.values()].map((r) => [r.recordId, r.kind, r.fingerprint, r.sequence]),
    counterparties: [...risk.counterparties],
    facilities: [...risk.facilities.values()].map((f) => ({
      facilityId: f.facilityId,
      counterpartyId: f.counterpartyId,
      currency: f.currency,
      accountIds: [...f.accountIds],
    })),
  };
}

const kinds: readonly RiskRecordKind[] = [
  "counterparty",
  "facility",
  "fx_rates",
  "capital_base",
  "facility_terms",
  "credit_assessment",
  "write_off",
  "ifrs9_parameters",
  "provisioning_run",
];

function isKind(value: unknown): value is RiskRecordKind {
  return typeof value === "string" && (kinds as readonly string[]).includes(value);
}

function texts(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new Error("a snapshot's risk state holds lists of ids");
  }
  return value;
}

/** Reads serializeRiskState's output back; any other shape is an error. */
export function deserializeRiskState(value: JsonValue | undefined): RiskState {
  const risk = initialRiskState();
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("a snapshot has a risk state");
  }
  for (const row of (value.records ?? []) as unknown[]) {
    const [recordId, kind, fingerprint, sequence] = row as unknown[];
    if (typeof recordId !== "string" || !isKind(kind) || typeof fingerprint !== "string") {
      throw new Error("a risk record is [id, kind, fingerprint, sequence]");
    }
    if (typeof sequence !== "number" || !Number.isSafeInteger(sequence)) {
      throw new Error("a risk record's sequence is an integer");
    }
    risk.records.set(recordId, { recordId, kind, fingerprint, sequence });
  }
  for (const counterpartyId of texts(value.counterparties ?? [])) {
    risk.counterparties.add(counterpartyId);
  }
  for (const raw of (value.facilities ?? []) as unknown[]) {
    const f = raw as Record<string, unknown>;
    if (typeof f.facilityId !== "string" || typeof f.counterpartyId !== "string") {
      throw new Error("a facility has ids");
    }
    if (typeof f.currency !== "string") throw new Error("a facility has a currency");
    setFacilityTerms(risk, {
      facilityId: f.facilityId,
      counterpartyId: f.counterpartyId,
      currency: f.currency,
      accountIds: texts(f.accountIds),
    });
  }
  return risk;
}
