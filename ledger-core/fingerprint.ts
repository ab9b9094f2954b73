// Content fingerprints for idempotency: the SHA-256 of a command's canonical content, with
// defaults filled in and equivalent spellings made equal ("1.50" is "1.5", any time zone is
// UTC), so the same request sent twice has the same fingerprint and any change does not.
import type {
  CreateLedger,
  OpenAccount,
  PendEntry,
  PostEntry,
  PostingInput,
  PostPending,
  PublishFxRates,
  RecordCapitalBase,
  RecordCounterparty,
  RecordCreditAssessment,
  RecordFacility,
  RecordFacilityTerms,
  RecordIfrs9Parameters,
  RecordProvisioningRun,
  RecordWriteOff,
  ReverseEntry,
} from "../schemas/index.js";
import { normalizeAmountText } from "../schemas/index.js";
import { canonicalInteger, canonicalJson, canonicalString } from "./canonicalJson.js";
import type { JsonValue } from "./eventStorePort.js";
import { sha256Hex } from "./hashChain.js";

export type FingerprintedCommand =
  | CreateLedger
  | OpenAccount
  | PostEntry
  | PendEntry
  | PostPending
  | ReverseEntry
  | RecordCounterparty
  | RecordFacility
  | PublishFxRates
  | RecordCapitalBase
  | RecordFacilityTerms
  | RecordCreditAssessment
  | RecordWriteOff
  | RecordIfrs9Parameters
  | RecordProvisioningRun;

export function fingerprintOf(command: FingerprintedCommand): string {
  if (command.type === "PostEntry" || command.type === "PendEntry") {
    return sha256Hex(entryContentText(command));
  }
  return sha256Hex(canonicalJson(normalizedContent(command)));
}

function normalizedContent(
  command: Exclude<FingerprintedCommand, PostEntry | PendEntry>,
): JsonValue {
  switch (command.type) {
    case "CreateLedger":
      return {
        type: command.type,
        ledgerId: command.ledgerId,
        name: command.name,
        reportingCurrency: command.reportingCurrency,
        assets: command.assets.map((asset) => ({ code: asset.code, scale: asset.scale })),
      };
    case "OpenAccount":
      return {
        type: command.type,
        accountId: command.accountId,
        currency: command.currency,
        accountType: command.accountType,
        flags: {
          debitsMustNotExceedCredits: command.flags?.debitsMustNotExceedCredits ?? false,
          creditsMustNotExceedDebits: command.flags?.creditsMustNotExceedDebits ?? false,
        },
        attributes: { ...command.attributes } as JsonValue,
        metadata: { ...command.metadata },
      };
    case "PostPending":
      return {
        type: command.type,
        pendingId: command.pendingId,
        amount: command.amount === undefined ? null : normalizeAmountText(command.amount),
        postings:
          command.postings === undefined ? null : command.postings.flatMap(normalizedPosting),
      };
    case "ReverseEntry":
      return {
        type: command.type,
        entryId: command.entryId,
        reversalOf: command.reversalOf,
        description: command.description ?? null,
        effectiveAt: normalizedTime(command.effectiveAt),
      };
    case "RecordCounterparty":
      return {
        ...command,
        validFrom: normalizedTime(command.validFrom),
        flags: { ...command.flags },
      };
    case "RecordFacility":
      return facilityContent(command);
    case "PublishFxRates":
      return {
        ...command,
        validFrom: normalizedTime(command.validFrom),
        rates: command.rates.map((r) => ({ ...r, rate: normalizeAmountText(r.rate) })),
      };
    case "RecordCapitalBase":
      return {
        ...command,
        validFrom: normalizedTime(command.validFrom),
        tier1Capital: normalizeAmountText(command.tier1Capital),
      };
    case "RecordFacilityTerms":
    case "RecordCreditAssessment":
    case "RecordWriteOff":
    case "RecordIfrs9Parameters":
      return ifrs9Content(command);
    case "RecordProvisioningRun": {
      // Where the figures were read (inputsSequence) is not part of the run's identity: the
      // same figures read again later are the same run (the first one's record stands).
      const { inputsSequence: _readAt, ...identity } = command;
      return {
        ...identity,
        allowance: normalizeAmountText(command.allowance),
        byStage: command.byStage.map((row) => ({
          ...row,
          grossCarryingAmount: normalizeAmountText(row.grossCarryingAmount),
          allowance: normalizeAmountText(row.allowance),
        })),
      };
    }
  }
}

/** An IFRS 9 input with every amount, rate and probability in one spelling. */
function ifrs9Content(
  command: RecordFacilityTerms | RecordCreditAssessment | RecordWriteOff | RecordIfrs9Parameters,
): JsonValue {
  const decimal = normalizeAmountText;
  const validFrom = normalizedTime(command.validFrom);
  switch (command.type) {
    case "RecordFacilityTerms":
      return {
        ...command,
        validFrom,
        eir: decimal(command.eir),
        repayment:
          command.repayment.kind === "amortising"
            ? {
                kind: "amortising",
                schedule: command.repayment.schedule.map((item) => ({
                  date: item.date,
                  principal: decimal(item.principal),
                })),
              }
            : { ...command.repayment, ccf: decimal(command.repayment.ccf) },
        lifetimePdAtOrigination: decimal(command.lifetimePdAtOrigination),
        creditAdjustedEir:
          command.creditAdjustedEir === null ? null : decimal(command.creditAdjustedEir),
      };
    case "RecordCreditAssessment":
      return {
        ...command,
        validFrom,
        scenarios: command.scenarios.map((s) => ({
          scenarioId: s.scenarioId,
          weight: decimal(s.weight),
          pd12m: decimal(s.pd12m),
          lifetimePd: { kind: s.lifetimePd.kind, byYear: s.lifetimePd.byYear.map(decimal) },
          lgd: decimal(s.lgd),
        })),
      };
    case "RecordWriteOff":
      return { ...command, validFrom, amount: decimal(command.amount) };
    case "RecordIfrs9Parameters":
      return {
        ...command,
        validFrom,
        sicr: {
          ...command.sicr,
          relativeThreshold: decimal(command.sicr.relativeThreshold),
          absoluteThreshold: decimal(command.sicr.absoluteThreshold),
        },
        dpd: { ...command.dpd },
        probation: { ...command.probation },
      };
  }
}

/** A facility's terms with every amount and factor in one spelling. */
function facilityContent(command: RecordFacility): JsonValue {
  const money = (item: { readonly currency: string; readonly amount: string }) => ({
    ...item,
    amount: normalizeAmountText(item.amount),
  });
  return {
    ...command,
    validFrom: normalizedTime(command.validFrom),
    drawnAccounts: [...command.drawnAccounts],
    interestAccounts: [...command.interestAccounts],
    limit: normalizeAmountText(command.limit),
    ccf: normalizeAmountText(command.ccf),
    collateral: command.collateral.map(money),
    guarantees: command.guarantees.map(money),
    specificProvisions: normalizeAmountText(command.specificProvisions),
  };
}

/**
 * The hottest fingerprint (one per entry) is a flat array, written straight into one string:
 * the canonical JSON of [type, entryId, effectiveAt, description, metadata, timeoutSeconds,
 * then accountId, side, amount, currency for each posting], without building the array.
 */
function entryContentText(command: PostEntry | PendEntry): string {
  let text =
    `[${canonicalString(command.type)},${canonicalString(command.entryId)}` +
    `,${canonicalJson(normalizedTime(command.effectiveAt))}` +
    `,${canonicalString(command.description ?? "")},${canonicalJson(command.metadata ?? {})}` +
    `,${command.type === "PendEntry" ? canonicalInteger(command.timeoutSeconds) : "null"}`;
  for (const posting of command.postings) {
    text +=
      `,${canonicalString(posting.accountId)},${canonicalString(posting.side)}` +
      `,${canonicalString(normalizeAmountText(posting.amount))}` +
      `,${posting.currency === undefined ? "null" : canonicalString(posting.currency)}`;
  }
  return `${text}]`;
}

function normalizedPosting(posting: PostingInput): JsonValue[] {
  return [
    posting.accountId,
    posting.side,
    normalizeAmountText(posting.amount),
    posting.currency ?? null,
  ];
}

function normalizedTime(time: string | undefined): string | null {
  return time === undefined ? null : new Date(Date.parse(time)).toISOString();
}
