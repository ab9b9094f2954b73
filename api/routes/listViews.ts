// What the list routes return (listings.ts): the response schemas, and each row of the
// listings read model as the API shows it, amounts as decimal strings at their asset's scale.
// Items carry the same fields as the single-item views where the read model holds them.
import { z } from "zod";
import { normalSideOf, toPostings, type LedgerInfo } from "../../ledger-core/index.js";
import {
  ATTRIBUTE_COLUMNS,
  type AccountListRow,
  type EntryListRow,
  type HoldListRow,
  type PostingListRow,
} from "../../projections/index.js";
import type { AccountType } from "../../schemas/index.js";
import { balancesView, postingsView } from "../views.js";
import { accountView, postingView } from "./schemas.js";

const page = <Item extends z.ZodType>(item: Item, withSequence: boolean) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe("Pass as cursor for the next page; null: last page"),
    ...(withSequence
      ? { sequence: z.int().describe("The ledger sequence this listing reflects (-1: none yet)") }
      : {}),
  });

const ledgerListItem = z.object({
  id: z.string(),
  name: z.string(),
  reportingCurrency: z.string(),
  assets: z.array(z.object({ code: z.string(), scale: z.int() })),
  createdAt: z.string(),
  sequence: z.int().describe("The last sequence the listing has applied"),
  hash: z.string(),
});

const accountListItemSchema = accountView.omit({ sequence: true });

const entryListItemSchema = z.object({
  id: z.string(),
  kind: z.enum(["posted", "pending", "reversal", "rejected"]),
  effectiveAt: z.string(),
  recordedAt: z.string(),
  actor: z.string(),
  description: z.string(),
  metadata: z.record(z.string(), z.string()),
  postings: z.array(postingView),
  sequence: z.int(),
  reversalOf: z.string().nullable(),
  expiresAt: z.string().nullable(),
  rejection: z.object({ code: z.string(), message: z.string() }).nullable(),
});

const holdListItemSchema = z.object({
  id: z.string(),
  status: z.enum(["open", "posted", "voided", "expired"]),
  effectiveAt: z.string(),
  expiresAt: z.string(),
  sequence: z.int(),
  resolvedAtSequence: z.int().nullable(),
  postings: z.array(postingView),
});

export const listSchemas = {
  ledgers: page(ledgerListItem, false),
  accounts: page(accountListItemSchema, true),
  entries: page(entryListItemSchema, true),
  holds: page(holdListItemSchema, true),
};

const iso = (ms: string | number): string => new Date(Number(ms)).toISOString();

export function accountListItem(ledger: LedgerInfo, row: AccountListRow) {
  const accountType = row.account_type as AccountType;
  const attributes: Record<string, string> = {};
  for (const key of ATTRIBUTE_COLUMNS) {
    const value = row[key];
    if (value !== null) attributes[key] = value;
  }
  return {
    id: row.account_id,
    currency: row.currency,
    type: accountType,
    normalSide: normalSideOf(accountType),
    flags: row.flags,
    attributes,
    metadata: row.metadata,
    status: row.status,
    version: row.version,
    balances: balancesView(ledger, {
      currency: row.currency,
      accountType,
      postedDebits: BigInt(row.posted_debits),
      postedCredits: BigInt(row.posted_credits),
      pendingDebits: BigInt(row.pending_debits),
      pendingCredits: BigInt(row.pending_credits),
    }),
  };
}

export function postingsBySequence(rows: readonly PostingListRow[]): Map<string, PostingListRow[]> {
  const bySequence = new Map<string, PostingListRow[]>();
  for (const row of rows) {
    const list = bySequence.get(row.sequence);
    if (list === undefined) bySequence.set(row.sequence, [row]);
    else list.push(row);
  }
  return bySequence;
}

export function entryListItem(
  ledger: LedgerInfo,
  row: EntryListRow,
  postings: ReadonlyMap<string, readonly PostingListRow[]>,
) {
  return {
    id: row.entry_id,
    kind: row.kind,
    effectiveAt: iso(row.effective_ms),
    recordedAt: iso(row.recorded_ms),
    actor: row.actor,
    description: row.description,
    metadata: row.metadata,
    postings: postingsView(
      ledger,
      toPostings(
        (postings.get(row.sequence) ?? []).map((p) => ({
          accountId: p.account_id,
          side: p.side,
          amount: p.amount,
          currency: p.currency,
        })),
      ),
    ),
    sequence: Number(row.sequence),
    reversalOf: row.reversal_of,
    expiresAt: row.expires_ms === null ? null : iso(row.expires_ms),
    rejection: row.rejection,
  };
}

export function holdListItem(ledger: LedgerInfo, row: HoldListRow) {
  return {
    id: row.pending_id,
    status: row.status,
    effectiveAt: iso(row.effective_ms),
    expiresAt: iso(row.expires_ms),
    sequence: Number(row.sequence),
    resolvedAtSequence: row.resolved_sequence === null ? null : Number(row.resolved_sequence),
    postings: postingsView(ledger, toPostings(row.postings)),
  };
}
