// The IFRS 9 book at a reporting date, from the read models (docs/ifrs9.md, "The report"):
// the facilities, counterparties and FX rates in force (risk_inputs model), the IFRS 9 inputs
// in force (the same model's IFRS 9 tables), and the facility accounts' balances (balances
// model), all effective at the end of the reporting date and known at one ledger sequence K,
// so that every figure can be recomputed later from the same point. The parameter set is the
// one named, else the only one recorded, else the documented defaults (accounts unset).
import type { BalanceAt, KnownAt, Queryable } from "../balances/balanceQueries.js";
import { facilityAccountBalancesAt } from "../balances/balanceQueries.js";
import type { AccountBalanceAt } from "../exposure/exposureTypes.js";
import { ifrs9InputsAt } from "../exposure/ifrs9InputsQueries.js";
import { riskInputsAt } from "../exposure/riskInputsQueries.js";
import { canonicalJson, sha256Hex } from "../../ledger-core/index.js";
import type { Ifrs9Book, Ifrs9FacilityInputs, Ifrs9Report } from "./ifrs9Book.js";
import { DEFAULT_IFRS9_PARAMETERS, type Ifrs9Parameters } from "./ifrs9Types.js";

export interface Ifrs9BookQuery {
  readonly ledgerId: string;
  /** `YYYY-MM-DD`: effective at the end of this day (UTC). */
  readonly reportingDate: string;
  /** As known at this sequence or recorded time (the caller pins "now" to a sequence). */
  readonly knownAt: KnownAt;
  readonly parameterSetId?: string;
  readonly versions: { readonly balances: number; readonly riskInputs: number };
  readonly assetScales: ReadonlyMap<string, number>;
  readonly reportingCurrency: string;
}

export interface Ifrs9BookAnswer {
  /** The ledger sequence K the inputs and balances reflect; null when nothing is known. */
  readonly sequence: number | null;
  readonly book: Ifrs9Book;
  /** Every parameter set in force (for the caller's choice and errors). */
  readonly parameterSetIds: readonly string[];
}

/** Why a book cannot be built: a stable code and a message naming what is wrong. */
export class Ifrs9QueryError extends Error {
  constructor(
    readonly code: "parameter_set_not_found" | "parameter_set_ambiguous" | "read_models_apart",
    message: string,
  ) {
    super(message);
    this.name = "Ifrs9QueryError";
  }
}

/** The last millisecond of a reporting date: the effective point of the book. */
export function reportingPointOf(reportingDate: string, knownAt: KnownAt): BalanceAt {
  const start = Date.parse(`${reportingDate}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(reportingDate) || Number.isNaN(start)) {
    throw new RangeError(`reportingDate must be YYYY-MM-DD, got ${reportingDate}`);
  }
  const effectiveAt = new Date(start + 86_400_000 - 1).toISOString();
  return { kind: "effective", effectiveAt, knownAt };
}

/**
 * The parameter set of a book: the one named (else `parameter_set_not_found`), else the only
 * one in force, else the documented defaults; several in force and none named is
 * `parameter_set_ambiguous`. Shared with the events-alone replay (replay-tools/ifrs9Replay.ts).
 */
export function chosenParameters(
  parameters: ReadonlyMap<string, Ifrs9Parameters>,
  named: string | undefined,
): Ifrs9Parameters {
  if (named !== undefined) {
    const found = parameters.get(named);
    if (found === undefined) {
      throw new Ifrs9QueryError(
        "parameter_set_not_found",
        `no IFRS 9 parameter set ${named} in force (recorded: ${[...parameters.keys()].join(", ") || "none"})`,
      );
    }
    return found;
  }
  if (parameters.size === 0) return DEFAULT_IFRS9_PARAMETERS;
  if (parameters.size > 1) {
    throw new Ifrs9QueryError(
      "parameter_set_ambiguous",
      `several IFRS 9 parameter sets are in force (${[...parameters.keys()].join(", ")}): name one with parameterSetId`,
    );
  }
  return [...parameters.values()][0] ?? DEFAULT_IFRS9_PARAMETERS;
}

export async function ifrs9BookAt(
  client: Queryable,
  query: Ifrs9BookQuery,
): Promise<Ifrs9BookAnswer> {
  const at = reportingPointOf(query.reportingDate, query.knownAt);
  const { ledgerId } = query;
  const risk = await riskInputsAt(client, { ledgerId, at, version: query.versions.riskInputs });
  const ifrs9 = await ifrs9InputsAt(client, { ledgerId, at, version: query.versions.riskInputs });
  if (risk.sequence !== ifrs9.sequence) {
    throw new Ifrs9QueryError(
      "read_models_apart",
      `risk inputs at ${risk.sequence}, IFRS 9 inputs at ${ifrs9.sequence}: retry`,
    );
  }
  const parameters = chosenParameters(ifrs9.parameters, query.parameterSetId);
  const facilities = new Map<string, Ifrs9FacilityInputs>();
  const accountIds = new Set<string>();
  for (const [facilityId, facility] of risk.facilities) {
    facilities.set(facilityId, {
      facility,
      terms: ifrs9.terms.get(facilityId) ?? null,
      assessments: ifrs9.assessments.get(facilityId) ?? [],
      writeOffs: ifrs9.writeOffs.get(facilityId) ?? [],
    });
    for (const id of [...facility.drawnAccounts, ...facility.interestAccounts]) accountIds.add(id);
  }
  const read = await facilityAccountBalancesAt(client, {
    ledgerId,
    at,
    version: query.versions.balances,
    accountIds,
  });
  const balances = new Map<string, AccountBalanceAt>();
  for (const { accountId, currency, balance } of read.accounts) {
    balances.set(accountId, { accountId, currency, balance });
  }
  return {
    sequence: risk.sequence,
    parameterSetIds: [...ifrs9.parameters.keys()],
    book: {
      reportingDate: query.reportingDate,
      facilities,
      parameters,
      balances,
      fxRates: risk.fxRates,
      assetScales: query.assetScales,
      reportingCurrency: query.reportingCurrency,
    },
  };
}

/**
 * The digest of a report's figures (a provisioning run's inputsDigest): SHA-256 of the
 * canonical JSON of the reporting date, the parameter set, every measured facility's stage,
 * gross carrying amount and allowance in the reporting currency, and every unmeasured
 * facility's reason. The same book gives the same digest; any change of a figure does not.
 */
export function reportDigest(report: Ifrs9Report): string {
  return sha256Hex(
    canonicalJson({
      reportingDate: report.reportingDate,
      parameterSetId: report.parameterSetId,
      reportingCurrency: report.reportingCurrency,
      measured: report.measured.map((line) => [
        line.facilityId,
        line.staging.stage,
        String(line.grossCarryingAmountReporting),
        String(line.allowanceReporting),
      ]),
      unmeasured: report.unmeasured.map((line) => [line.facilityId, line.reason]),
    }),
  );
}
