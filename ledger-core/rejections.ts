// The stable rejection codes the core returns, one place for all of them. docs/errors.md
// explains each one and the precedence when several apply; a test keeps the two in step.

export const rejectionCodes = [
  "ledger_not_found",
  "id_conflict",
  "unknown_currency",
  "flags_mutually_exclusive",
  "version_conflict",
  "account_not_found",
  "account_closed",
  "currency_mismatch",
  "amount_invalid",
  "amount_precision",
  "amount_too_large",
  "pending_not_found",
  "pending_already_posted",
  "pending_already_voided",
  "pending_expired",
  "pending_not_expired",
  "pending_amount_ambiguous",
  "pending_posting_mismatch",
  "pending_amount_exceeded",
  "entry_not_found",
  "entry_not_posted",
  "already_reversed",
  "period_closed",
  "period_in_future",
  "unbalanced",
  "exceeds_credits",
  "exceeds_debits",
  "counter_overflow",
  "account_not_zero",
  "account_has_holds",
  "batch_rejected",
  "counterparty_not_found",
  "account_in_other_facility",
  "facility_not_found",
] as const;

export type RejectionCode = (typeof rejectionCodes)[number];

/** Why a command was refused: a stable code, a message for people, and facts for machines. */
export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
  readonly details: Readonly<Record<string, string | number>>;
}

export function rejection(
  code: RejectionCode,
  message: string,
  details: Record<string, string | number> = {},
): Rejection {
  return { code, message, details };
}

export function isRejectionCode(code: string): code is RejectionCode {
  return (rejectionCodes as readonly string[]).includes(code);
}
