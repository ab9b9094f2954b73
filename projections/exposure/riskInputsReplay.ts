// The risk inputs in force as of effective time D, folded from a ledger's events alone (no read
// model): what `folio exposure` and `folio verify --read-models` compare with riskInputsAt.
// Fed the events of the prefix "known at R" in sequence order, it keeps per counterparty,
// facility and FX pair (and for the capital base) the version with the latest validFrom <= D,
// ties of validFrom going to the later recorded (the higher sequence): the rule of
// riskInputsQueries.ts. Times compare as epoch milliseconds, as the read model stores them;
// validFrom stays the text recorded. Memory: one version per subject. Pure, no I/O.
import type { JournalEvent } from "../../schemas/index.js";
import type {
  CapitalBase,
  CounterpartyVersion,
  FacilityVersion,
  FxRate,
  RiskInputsAt,
} from "./exposureTypes.js";
import { fxPairKey } from "./riskInputsTables.js";

/** A version held by a fold, with what ranks it. */
export interface HeldRiskVersion<T> {
  readonly validFromMs: number;
  readonly sequence: number;
  readonly value: T;
}
type Held<T> = HeldRiskVersion<T>;

/** A version's validFrom in epoch ms, as the read model stores it; RangeError if unreadable. */
export function riskValidFromMs(validFrom: string, sequence: number): number {
  const ms = Date.parse(validFrom);
  if (Number.isNaN(ms)) {
    throw new RangeError(`risk inputs: unreadable validFrom ${validFrom} at sequence ${sequence}`);
  }
  return ms;
}

/**
 * The ranking rule: whether `next` is in force by `effectiveMs` (D) and ranks above
 * `current` (a later validFrom, or the same one recorded later, a higher sequence).
 */
export function riskVersionRanksAbove<T>(
  current: HeldRiskVersion<T> | undefined | null,
  next: HeldRiskVersion<T>,
  effectiveMs: number,
): boolean {
  if (next.validFromMs > effectiveMs) return false;
  if (current === undefined || current === null) return true;
  if (next.validFromMs !== current.validFromMs) return next.validFromMs > current.validFromMs;
  return next.sequence > current.sequence;
}

/** Code-unit order, as the read model sorts its subjects (COLLATE "C" for ASCII ids). */
export function byRiskKey<T>(entries: Iterable<[string, T]>): [string, T][] {
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Folds risk events into the inputs in force as of `effectiveMs` (D). Apply the events known
 * at R (a prefix of the stream), in sequence order; other event types are ignored. With
 * `knownSequence` K, events after K are ignored too (the prefix "known after event K").
 */
export class RiskInputsFold {
  private readonly counterparties = new Map<string, Held<CounterpartyVersion>>();
  private readonly facilities = new Map<string, Held<FacilityVersion>>();
  private readonly fx = new Map<string, Held<FxRate>>();
  private capital: Held<CapitalBase> | null = null;
  /** The latest validFrom (epoch ms) of every version applied, in force by D or not. */
  latestValidFromMs: number | null = null;

  constructor(
    readonly effectiveMs: number,
    readonly knownSequence: number | null = null,
  ) {
    if (!Number.isFinite(effectiveMs)) throw new RangeError(`not a time: ${effectiveMs}`);
  }

  /** Replaces `current` when `next` is in force by D and ranks above it. */
  private pick<T>(current: Held<T> | undefined | null, next: Held<T>): boolean {
    this.latestValidFromMs = Math.max(this.latestValidFromMs ?? next.validFromMs, next.validFromMs);
    return riskVersionRanksAbove(current, next, this.effectiveMs);
  }

  private keep<T>(map: Map<string, Held<T>>, key: string, next: Held<T>): void {
    if (this.pick(map.get(key), next)) map.set(key, next);
  }

  apply(event: JournalEvent): void {
    const sequence = event.metadata.sequence;
    if (this.knownSequence !== null && sequence > this.knownSequence) return;
    switch (event.type) {
      case "CounterpartyRecorded": {
        const { recordId: _r, fingerprint: _f, ...d } = event.data;
        const value: CounterpartyVersion = {
          counterpartyId: d.counterpartyId,
          lei: d.lei,
          legalName: d.legalName,
          connectedGroupId: d.connectedGroupId,
          ultimateParentId: d.ultimateParentId,
          sector: d.sector,
          countryOfRisk: d.countryOfRisk,
          rating: d.rating,
          flags: { ...d.flags },
          validFrom: d.validFrom,
          sequence,
        };
        const ms = riskValidFromMs(d.validFrom, sequence);
        this.keep(this.counterparties, d.counterpartyId, { validFromMs: ms, sequence, value });
        return;
      }
      case "FacilityRecorded": {
        const d = event.data;
        const value: FacilityVersion = {
          facilityId: d.facilityId,
          counterpartyId: d.counterpartyId,
          product: d.product,
          currency: d.currency,
          drawnAccounts: [...d.drawnAccounts],
          interestAccounts: [...d.interestAccounts],
          limit: BigInt(d.limit),
          ccf: d.ccf,
          ccfFloorApplies: d.ccfFloorApplies,
          collateral: d.collateral.map((c) => ({
            type: c.type,
            currency: c.currency,
            amount: BigInt(c.amount),
          })),
          guarantees: d.guarantees.map((g) => ({
            guarantorId: g.guarantorId,
            currency: g.currency,
            amount: BigInt(g.amount),
          })),
          specificProvisions: BigInt(d.specificProvisions),
          validFrom: d.validFrom,
          sequence,
        };
        const ms = riskValidFromMs(d.validFrom, sequence);
        this.keep(this.facilities, d.facilityId, { validFromMs: ms, sequence, value });
        return;
      }
      case "FxRatesPublished": {
        const { validFrom } = event.data;
        const ms = riskValidFromMs(validFrom, sequence);
        for (const { from, to, rate } of event.data.rates) {
          const value: FxRate = { from, to, rate, validFrom };
          this.keep(this.fx, fxPairKey(from, to), { validFromMs: ms, sequence, value });
        }
        return;
      }
      case "CapitalBaseRecorded": {
        const { validFrom, currency, tier1Capital, reportingEntityIsGsii } = event.data;
        const next: Held<CapitalBase> = {
          validFromMs: riskValidFromMs(validFrom, sequence),
          sequence,
          value: { currency, tier1Capital: BigInt(tier1Capital), validFrom, reportingEntityIsGsii },
        };
        if (this.pick(this.capital, next)) this.capital = next;
        return;
      }
      default:
        return;
    }
  }

  /** The inputs in force: maps keyed and ordered by id, FX rates ordered by pair "FROM/TO". */
  inputs(): RiskInputsAt {
    const values = <T>(map: Map<string, Held<T>>): [string, T][] =>
      byRiskKey(map).map(([key, held]) => [key, held.value]);
    return {
      counterparties: new Map(values(this.counterparties)),
      facilities: new Map(values(this.facilities)),
      fxRates: values(this.fx).map(([, rate]) => rate),
      capital: this.capital?.value ?? null,
    };
  }
}

/** The inputs in force as of `effectiveMs`, from `events` (in sequence order), known at K. */
export function riskInputsReplayed(
  events: Iterable<JournalEvent>,
  effectiveMs: number,
  knownSequence: number | null = null,
): RiskInputsAt {
  const fold = new RiskInputsFold(effectiveMs, knownSequence);
  for (const event of events) fold.apply(event);
  return fold.inputs();
}

/** The accounts whose balances the facilities in force need (drawn and interest), sorted. */
export function facilityAccountIds(inputs: RiskInputsAt): string[] {
  const ids = new Set<string>();
  for (const facility of inputs.facilities.values()) {
    for (const id of [...facility.drawnAccounts, ...facility.interestAccounts]) ids.add(id);
  }
  return [...ids].sort();
}
