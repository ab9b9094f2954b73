// The IFRS 9 report of `folio ifrs9`, from a ledger's events alone (never the read models): one
// replay of the stream through the core (replay.ts: read, validate, evolve, balances as of the
// point with the balances model's semantics) that also folds the risk events (RiskInputsFold:
// facilities and FX rates in force) and the IFRS 9 input events (Ifrs9InputsFold, the fold
// behind ifrs9InputsFromEvents: terms, assessments, write-offs, parameter sets) as of the same
// effective time; then the book in the shape ifrs9BookAt builds from the read models, the same
// parameter-set choice (chosenParameters) and the pure computeIfrs9Report. The point is the
// book's: effective at the end of the reporting date (UTC, reportingPointOf), as known at a
// sequence or recorded time (default: every event, i.e. known at the stream's head).
import {
  ExposureInputError,
  facilityAccountIds,
  Ifrs9InputsFold,
  RiskInputsFold,
  type AccountBalanceAt,
  type Ifrs9InputsAt,
  type RiskInputsAt,
} from "../projections/index.js";
import {
  computeIfrs9Report,
  Ifrs9InputError,
  type Ifrs9Book,
  type Ifrs9FacilityInputs,
  type Ifrs9Report,
} from "../projections/ifrs9/index.js";
import {
  chosenParameters,
  Ifrs9QueryError,
  reportingPointOf,
} from "../projections/ifrs9/ifrs9Query.js";
import type { EventStore, LedgerInfo } from "../ledger-core/index.js";
import type { JournalEvent } from "../schemas/index.js";
import { VerificationFailed } from "./errors.js";
import type { KnownPoint, Point, PointValue } from "./point.js";
import type { Progress } from "./progress.js";
import { replayLedger } from "./replay.js";

/** Where the book is taken: the reporting date, its effective end, and what is known. */
export interface Ifrs9Point {
  /** `YYYY-MM-DD`. */
  readonly reportingDate: string;
  /** The last millisecond of the reporting date (UTC), ISO 8601 with milliseconds. */
  readonly effectiveAt: string;
  readonly effectiveMs: number;
  /** The replay's point: effective at `effectiveAt`, as known at the optional known-at. */
  readonly point: Point;
}

/** The point of a reporting date (YYYY-MM-DD) as known at `knownAt` (default: every event). */
export function ifrs9PointOf(reportingDate: string, knownAt: PointValue | undefined): Ifrs9Point {
  const known: KnownPoint | undefined =
    knownAt === undefined
      ? undefined
      : knownAt.kind === "sequence"
        ? { kind: "sequence", sequence: knownAt.sequence }
        : { kind: "recorded", recordedAt: knownAt.time, ms: knownAt.ms };
  // reportingPointOf checks the date and gives the end of its day; only that effective time
  // is used (what is known is the replay's prefix, `known` below).
  const at = reportingPointOf(reportingDate, { sequence: 0 });
  if (at.kind !== "effective") throw new RangeError("reportingPointOf: not an effective point");
  const effectiveMs = Date.parse(at.effectiveAt);
  const point: Point = {
    kind: "effective",
    effectiveAt: at.effectiveAt,
    ms: effectiveMs,
    ...(known === undefined ? {} : { knownAt: known }),
  };
  return { reportingDate, effectiveAt: at.effectiveAt, effectiveMs, point };
}

/** Why the report cannot be given at this point: a stable code and a message. */
export interface Ifrs9Refusal {
  readonly code: string;
  readonly message: string;
}

/** The report and the book it was computed from, or the refusal (as the read models' side). */
export type Ifrs9Outcome =
  | { readonly ok: true; readonly book: Ifrs9Book; readonly report: Ifrs9Report }
  | { readonly ok: false; readonly error: Ifrs9Refusal };

/**
 * Builds the book and computes the report; the parameter-set choice (Ifrs9QueryError) and the
 * inputs the calculation refuses as a whole (an invalid date, an unusable FX rate) are a
 * refusal, anything else throws.
 */
export function ifrs9Outcome(book: () => Ifrs9Book): Ifrs9Outcome {
  try {
    const built = book();
    return { ok: true, book: built, report: computeIfrs9Report(built) };
  } catch (error) {
    if (
      error instanceof Ifrs9QueryError ||
      error instanceof Ifrs9InputError ||
      error instanceof ExposureInputError
    ) {
      return { ok: false, error: { code: error.code, message: error.message } };
    }
    throw error;
  }
}

export interface Ifrs9Replay {
  readonly ledgerId: string;
  readonly at: Ifrs9Point;
  /** The last sequence the answer may include; null when nothing was recorded by then. */
  readonly sequence: number | null;
  readonly head: number;
  readonly reportingCurrency: string;
  readonly scales: ReadonlyMap<string, number>;
  readonly risk: RiskInputsAt;
  readonly ifrs9: Ifrs9InputsAt;
  /** The facility accounts' balances (those that exist at the point), by account id. */
  readonly balances: ReadonlyMap<string, AccountBalanceAt>;
  /** FacilityTermsRecorded events known at the point (in force or not). */
  readonly termsRecorded: number;
  /** The latest validFrom of every risk and IFRS 9 input known at the point (epoch ms). */
  readonly latestValidFromMs: number | null;
  /** The book with a parameter set chosen as ifrs9BookAt chooses (throws Ifrs9QueryError). */
  bookFor(parameterSetId: string | undefined): Ifrs9Book;
}

/** What the report needs of the ledger: its reporting currency and assets (code -> scale). */
type LedgerTerms = Pick<LedgerInfo, "reportingCurrency" | "assets">;

/** The validFrom of an IFRS 9 input event, else null. */
function ifrs9ValidFrom(event: JournalEvent): string | null {
  switch (event.type) {
    case "FacilityTermsRecorded":
    case "CreditAssessmentRecorded":
    case "WriteOffRecorded":
    case "Ifrs9ParametersRecorded":
      return event.data.validFrom;
    default:
      return null;
  }
}

/** Replays `ledgerId` and folds the IFRS 9 book at `at` from the events alone. */
export async function replayIfrs9(
  store: EventStore,
  ledgerId: string,
  at: Ifrs9Point,
  options: { readonly progress?: Progress; readonly upTo?: number } = {},
): Promise<Ifrs9Replay> {
  const riskFold = new RiskInputsFold(at.effectiveMs);
  const ifrs9Fold = new Ifrs9InputsFold(at.effectiveMs);
  const seen: { ledger: LedgerTerms | null; terms: number; latestIfrs9Ms: number | null } = {
    ledger: null,
    terms: 0,
    latestIfrs9Ms: null,
  };
  const result = await replayLedger(store, ledgerId, at.point, {
    ...options,
    observe: (state, event) => {
      riskFold.apply(event);
      ifrs9Fold.apply(event);
      seen.ledger = state.ledger;
      if (event.type === "FacilityTermsRecorded") seen.terms += 1;
      const validFrom = ifrs9ValidFrom(event);
      if (validFrom !== null) {
        const ms = Date.parse(validFrom);
        if (!Number.isNaN(ms)) seen.latestIfrs9Ms = Math.max(seen.latestIfrs9Ms ?? ms, ms);
      }
    },
  });
  if (seen.ledger === null) {
    // Nothing known at the point: the ledger as its first event (LedgerCreated) describes it.
    await replayLedger(
      store,
      ledgerId,
      { kind: "sequence", sequence: 0 },
      {
        upTo: 0,
        observe: (state) => {
          seen.ledger = state.ledger;
        },
      },
    );
  }
  const info = seen.ledger;
  if (info === null) {
    throw new VerificationFailed(`event 0 of ledger ${ledgerId} is not LedgerCreated`, 0);
  }
  const risk = riskFold.inputs();
  const ifrs9 = ifrs9Fold.inputs();
  const wanted = new Set(facilityAccountIds(risk));
  const balances = new Map<string, AccountBalanceAt>();
  for (const account of result.accounts) {
    if (!wanted.has(account.accountId)) continue;
    const { accountId, currency, balance } = account;
    balances.set(accountId, { accountId, currency, balance });
  }
  const latest = [riskFold.latestValidFromMs, seen.latestIfrs9Ms].filter(
    (ms): ms is number => ms !== null,
  );
  const facilities = new Map<string, Ifrs9FacilityInputs>();
  for (const [facilityId, facility] of risk.facilities) {
    facilities.set(facilityId, {
      facility,
      terms: ifrs9.terms.get(facilityId) ?? null,
      assessments: ifrs9.assessments.get(facilityId) ?? [],
      writeOffs: ifrs9.writeOffs.get(facilityId) ?? [],
    });
  }
  return {
    ledgerId,
    at,
    sequence: result.sequence,
    head: result.head,
    reportingCurrency: info.reportingCurrency,
    scales: info.assets,
    risk,
    ifrs9,
    balances,
    termsRecorded: seen.terms,
    latestValidFromMs: latest.length === 0 ? null : Math.max(...latest),
    bookFor: (parameterSetId) => ({
      reportingDate: at.reportingDate,
      facilities,
      parameters: chosenParameters(ifrs9.parameters, parameterSetId),
      balances,
      fxRates: risk.fxRates,
      assetScales: info.assets,
      reportingCurrency: info.reportingCurrency,
    }),
  };
}
