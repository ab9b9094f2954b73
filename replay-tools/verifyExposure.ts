// `folio verify --read-models`, exposure: the exposure report from the read models
// (exposureReportAt over the active risk_inputs and balances versions) equals the one from the
// events alone (exposureReplay.ts) at the same point: effective now (the run's time), as known
// at the sequence both models and the verified chain have reached. The inputs in force
// (riskInputsAt) are compared first, so that a difference names its counterparty, facility,
// FX pair or capital base and field; then the whole report (or the input error both give).
// The first difference is a VerificationFailed (exit 1).
import type pg from "pg";
import { isTransientError } from "../event-store/index.js";
import type { EventStore } from "../ledger-core/index.js";
import {
  activeVersion,
  BALANCES_PROJECTION_NAME,
  exposureReportAt,
  ExposureInputError,
  riskInputsAt,
  riskInputsHead,
  RISK_INPUTS_PROJECTION_NAME,
  type BalanceAt,
  type RiskInputsAt,
} from "../projections/index.js";
import { VerificationFailed } from "./errors.js";
import { replayExposure, type ExposureOutcome, type ExposureReplay } from "./exposureReplay.js";
import type { Point } from "./point.js";
import type { Progress } from "./progress.js";

export interface ExposureCheck {
  readonly riskInputsVersion: number;
  readonly balancesVersion: number;
  /** The sequence compared at (known at), and the effective times (now, and any later). */
  readonly sequence: number;
  readonly effectiveAt: readonly string[];
  /** Facilities and counterparties in force at the last effective time compared. */
  readonly facilities: number;
  readonly counterparties: number;
  /** Effective now: the input error both sides answered with (e.g. capital_base_missing), else null. */
  readonly bothFailWith: string | null;
}

/** A value's text in a difference message. */
function show(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Map) return `a map of ${value.size}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === undefined) return "nothing";
  return JSON.stringify(value);
}

/** The label of a list element: its id when it has one, else its index. */
function elementLabel(value: unknown, index: number): string {
  if (typeof value === "object" && value !== null) {
    const fields = value as Record<string, unknown>;
    for (const key of ["facilityId", "groupKey", "key", "accountId", "currency", "from"]) {
      const id = fields[key];
      if (typeof id === "string") {
        const kind = fields.kind;
        return typeof kind === "string" ? `${id}/${kind}` : id;
      }
    }
  }
  return String(index);
}

/**
 * The first difference between `model` and `replay` (plain data, bigints, maps, lists) as
 * "path: model value (replay value)", or null when they are equal.
 */
export function firstDifference(model: unknown, replay: unknown, path: string): string | null {
  const differs = (): string => `${path}: ${show(model)} (replay ${show(replay)})`;
  if (model instanceof Map || replay instanceof Map) {
    if (!(model instanceof Map && replay instanceof Map)) return differs();
    for (const key of [...new Set([...model.keys(), ...replay.keys()])].map(String).sort()) {
      if (!model.has(key)) return `${path} ${key}: missing from the read model`;
      if (!replay.has(key)) return `${path} ${key}: in the read model but not in the replay`;
      const found = firstDifference(model.get(key), replay.get(key), `${path} ${key}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (Array.isArray(model) || Array.isArray(replay)) {
    if (!(Array.isArray(model) && Array.isArray(replay))) return differs();
    const length = Math.max(model.length, replay.length);
    for (let i = 0; i < length; i++) {
      const label = elementLabel(model[i] ?? replay[i], i);
      if (i >= model.length) return `${path}[${label}]: missing from the read model`;
      if (i >= replay.length) return `${path}[${label}]: in the read model but not in the replay`;
      const found = firstDifference(model[i], replay[i], `${path}[${label}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (
    typeof model === "object" &&
    model !== null &&
    typeof replay === "object" &&
    replay !== null
  ) {
    const m = model as Record<string, unknown>;
    const r = replay as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(m), ...Object.keys(r)])].sort()) {
      const found = firstDifference(m[key], r[key], `${path}.${key}`);
      if (found !== null) return found;
    }
    return null;
  }
  return Object.is(model, replay) ? null : differs();
}

/** A read-model query; a failure that is not the database going away is a verification failure. */
async function fromModel<T>(what: string, sequence: number, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isTransientError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new VerificationFailed(`read model ${what}: ${message}`, sequence);
  }
}

const outcomeData = (outcome: ExposureOutcome): unknown =>
  outcome.ok ? outcome.report : { error: outcome.error.code, message: outcome.error.message };

const inputsData = (inputs: RiskInputsAt): RiskInputsAt => ({
  counterparties: inputs.counterparties,
  facilities: inputs.facilities,
  fxRates: inputs.fxRates,
  capital: inputs.capital,
});

interface Models {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly ledgerId: string;
  readonly balancesVersion: number;
  readonly riskVersion: number;
  readonly sequence: number;
  readonly last: number;
  readonly progress: Progress;
}

/** One comparison, effective at `effectiveMs` as known at the sequence; the replay's answer. */
async function compareAt(m: Models, effectiveMs: number): Promise<ExposureReplay> {
  const { pool, ledgerId, sequence } = m;
  const effectiveAt = new Date(effectiveMs).toISOString();
  const at: BalanceAt = { kind: "effective", effectiveAt, knownAt: { sequence } };
  const where = `sequence ${sequence}, effective ${effectiveAt}`;
  const point: Point = {
    kind: "effective",
    effectiveAt,
    ms: effectiveMs,
    knownAt: { kind: "sequence", sequence },
  };
  const replay = await replayExposure(
    m.store,
    ledgerId,
    { point, effectiveAt, effectiveMs },
    { progress: m.progress, upTo: m.last },
  );
  const name = `${RISK_INPUTS_PROJECTION_NAME} v${m.riskVersion}`;
  const modelInputs = await fromModel(name, sequence, () =>
    riskInputsAt(pool, { ledgerId, at, version: m.riskVersion }),
  );
  const inputsDiffer = firstDifference(
    inputsData(modelInputs),
    inputsData(replay.inputs),
    "inputs",
  );
  if (inputsDiffer !== null) {
    throw new VerificationFailed(
      `read model ${name} differs from a fresh replay at ${where}: ${inputsDiffer}`,
      sequence,
    );
  }
  const models = `${name} + ${BALANCES_PROJECTION_NAME} v${m.balancesVersion}`;
  const query = {
    ledgerId,
    at,
    assetScales: replay.scales,
    reportingCurrency: replay.reportingCurrency,
    versions: { balances: m.balancesVersion, riskInputs: m.riskVersion },
    commonSequence: sequence,
  };
  const modelOutcome = await fromModel(models, sequence, async (): Promise<ExposureOutcome> => {
    try {
      return { ok: true, report: (await exposureReportAt(pool, query)).report };
    } catch (error) {
      // The calculation's input error is an answer to compare, not a failure of the read.
      if (error instanceof ExposureInputError) return { ok: false, error };
      throw error;
    }
  });
  const reportDiffers = firstDifference(
    outcomeData(modelOutcome),
    outcomeData(replay.outcome),
    "exposure",
  );
  if (reportDiffers !== null) {
    throw new VerificationFailed(
      `read models ${models} differ from a fresh replay at ${where}: ${reportDiffers}`,
      sequence,
    );
  }
  return replay;
}

/**
 * Compares the exposure of `ledgerId` from the read models with the replay, known at the
 * lowest of `balancesHead` (the balances model's), the risk_inputs model's head and `last`:
 * effective at `nowMs`, and again at the latest validFrom known when that is later (inputs
 * dated ahead), so that every input recorded takes part in one comparison at least.
 */
export async function verifyExposure(options: {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly ledgerId: string;
  readonly balancesHead: number;
  readonly last: number;
  readonly nowMs: number;
  readonly progress: Progress;
}): Promise<ExposureCheck> {
  const { pool, ledgerId } = options;
  const balancesVersion = await activeVersion(pool, BALANCES_PROJECTION_NAME);
  const riskVersion = await activeVersion(pool, RISK_INPUTS_PROJECTION_NAME);
  const name = `${RISK_INPUTS_PROJECTION_NAME} v${riskVersion}`;
  const head = await fromModel(name, options.last, () =>
    riskInputsHead(pool, { ledgerId, version: riskVersion }),
  );
  if (head === null) {
    throw new VerificationFailed(
      `read model ${name} holds nothing for ledger ${ledgerId} (not projected yet?)`,
    );
  }
  const models: Models = {
    pool,
    store: options.store,
    ledgerId,
    balancesVersion,
    riskVersion,
    sequence: Math.min(head.sequence, options.balancesHead, options.last),
    last: options.last,
    progress: options.progress,
  };
  const now = await compareAt(models, options.nowMs);
  const effectiveAt = [now.at.effectiveAt];
  const ahead = now.latestValidFromMs;
  let latest = now;
  if (ahead !== null && ahead > options.nowMs) {
    latest = await compareAt(models, ahead);
    effectiveAt.push(latest.at.effectiveAt);
  }
  return {
    riskInputsVersion: riskVersion,
    balancesVersion,
    sequence: models.sequence,
    effectiveAt,
    facilities: latest.inputs.facilities.size,
    counterparties: latest.inputs.counterparties.size,
    bothFailWith: now.outcome.ok ? null : now.outcome.error.code,
  };
}
