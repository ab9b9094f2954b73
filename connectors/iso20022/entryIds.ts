// Deterministic ledger entry ids for imported ISO 20022 items, so that importing the same file
// twice yields the same ids and the ledger's idempotency turns the second import into replays.
// The id is a prefix and 128 bits of SHA-256 (32 hex digits) over an unambiguous encoding
// (a JSON array) of the identifying references: it fits ID_PATTERN and MAX_ID_LENGTH.
import { createHash } from "node:crypto";

const HEX_DIGITS = 32;

function digest(parts: readonly (string | number | null)[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, HEX_DIGITS);
}

/** How a camt.053 entry is told apart within its statement. */
export type EntryKey =
  | { readonly kind: "ref"; readonly value: string }
  | { readonly kind: "acctSvcrRef"; readonly value: string }
  | { readonly kind: "index"; readonly value: number };

export interface CamtEntryIdInput {
  readonly messageId: string;
  readonly statementId: string;
  readonly electronicSequence: string | undefined;
  readonly entry: EntryKey;
}

/** `camt:` and 32 hex digits of SHA-256 of (message id, statement id, sequence, entry key). */
export function camtEntryId(input: CamtEntryIdInput): string {
  return `camt:${digest([
    "camt.053",
    input.messageId,
    input.statementId,
    input.electronicSequence ?? null,
    input.entry.kind,
    input.entry.value,
  ])}`;
}

export interface PacsEntryIdInput {
  readonly messageId: string;
  readonly instructionId: string | undefined;
  readonly endToEndId: string;
  readonly transactionId: string | undefined;
}

/** `pacs:` and 32 hex digits of SHA-256 of (message id, instruction, end-to-end, tx ids). */
export function pacsEntryId(input: PacsEntryIdInput): string {
  return `pacs:${digest([
    "pacs.008",
    input.messageId,
    input.instructionId ?? null,
    input.endToEndId,
    input.transactionId ?? null,
  ])}`;
}
