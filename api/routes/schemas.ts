// The HTTP contract's zod schemas, shared by the route groups beside this file: request bodies
// (field names are part of the contract; amounts are decimal strings), path parameters, the
// views the API returns and the problem+json error body. OpenAPI is generated from these.
import { z } from "zod";
import {
  closePeriodSchema,
  createLedgerSchema,
  openAccountSchema,
  pendEntrySchema,
  postEntrySchema,
  reverseEntrySchema,
  updateAccountSchema,
  accountAttributesSchema,
  accountTypeSchema,
  amountSchema,
  idSchema,
  ledgerIdSchema,
  MAX_COMMANDS_PER_BATCH,
  sideSchema,
} from "../../schemas/index.js";

export const ledgerParams = z.object({ ledgerId: ledgerIdSchema });

/** The largest value a query-string integer may take: what JavaScript and int8 both hold. */
const MAX_QUERY_INTEGER = Number.MAX_SAFE_INTEGER;
/** A journal line number inside one event: PostgreSQL `integer`. */
const MAX_LINE_NUMBER = 2_147_483_647;

/**
 * A ledger sequence in a query string: a plain decimal integer (no sign, exponent, spaces or
 * leading zeros) up to 2^53 - 1, so no value can reach the database out of its range.
 */
export const sequenceQuery = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,15})$/, "a ledger sequence: a decimal integer")
  .transform(Number)
  .refine((value) => value <= MAX_QUERY_INTEGER, "a ledger sequence up to 2^53 - 1");

/** A page size in a query string: 1..max, `fallback` when absent. */
export const pageLimitQuery = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^[1-9][0-9]{0,5}$/, `a page size: 1..${max}`)
    .transform(Number)
    .refine((value) => value <= max, `a page size: 1..${max}`)
    .optional()
    .transform((value) => value ?? fallback);

/** A journal-lines cursor `<sequence>.<line>` from a previous page's nextCursor. */
export const lineCursorQuery = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,15})\.([1-9][0-9]{0,9})$/, "a cursor from nextCursor")
  .transform((text) => {
    const [sequence, lineNo] = text.split(".").map(Number);
    return { sequence: sequence ?? 0, lineNo: lineNo ?? 0 };
  })
  .refine(
    (cursor) => cursor.sequence <= MAX_QUERY_INTEGER && cursor.lineNo <= MAX_LINE_NUMBER,
    "a cursor from nextCursor",
  );
export const accountParams = z.object({ ledgerId: ledgerIdSchema, accountId: idSchema });
export const entryParams = z.object({ ledgerId: ledgerIdSchema, entryId: idSchema });

// Bodies are the commands' schemas with the HTTP contract's field names (`id`, `type`), so a
// rule (a limit, unique asset codes, storable text) has one definition for every intake.
export const ledgerBody = createLedgerSchema
  .omit({ type: true, ledgerId: true })
  .extend({ id: ledgerIdSchema })
  .meta({
    examples: [
      {
        id: "acme-bank",
        name: "Acme Bank",
        reportingCurrency: "USD",
        assets: [
          { code: "USD", scale: 2 },
          { code: "EUR", scale: 2 },
        ],
      },
    ],
  });

export const accountBody = openAccountSchema
  .omit({ type: true, accountId: true, accountType: true })
  .extend({ id: idSchema, type: accountTypeSchema })
  .meta({
    examples: [
      {
        id: "cust:0042:current",
        currency: "USD",
        type: "liability",
        flags: { debitsMustNotExceedCredits: true },
        attributes: { counterparty: "cust:0042", country: "GB", product: "current-account" },
      },
    ],
  });

export const accountUpdateBody = updateAccountSchema
  .omit({ type: true, accountId: true })
  .meta({ examples: [{ expectedVersion: 1, attributes: { rating: "BBB" } }] });

const postingsBody = postEntrySchema.shape.postings;
const entryFields = postEntrySchema.omit({ type: true, entryId: true }).extend({ id: idSchema });

const exampleEntry = {
  id: "dep-2026-0001",
  description: "Cash deposit",
  postings: [
    { accountId: "cash:vault", side: "debit", amount: "250.00" },
    { accountId: "cust:0042:current", side: "credit", amount: "250.00" },
  ],
};

export const entryBody = entryFields.meta({ examples: [exampleEntry] });

export const batchBody = z
  .strictObject({
    atomic: z.boolean().optional(),
    entries: z.array(entryFields).min(1).max(MAX_COMMANDS_PER_BATCH),
  })
  .meta({ examples: [{ atomic: true, entries: [exampleEntry] }] });

export const pendingBody = pendEntrySchema
  .omit({ type: true, entryId: true })
  .extend({ id: idSchema })
  .meta({
    examples: [
      {
        id: "card-hold-7781",
        description: "Card authorisation",
        timeoutSeconds: 604_800,
        postings: [
          { accountId: "cust:0042:current", side: "debit", amount: "42.10" },
          { accountId: "settlement:cards", side: "credit", amount: "42.10" },
        ],
      },
    ],
  });

export const postPendingBody = z
  .strictObject({ amount: amountSchema.optional(), postings: postingsBody.optional() })
  .refine((body) => body.amount === undefined || body.postings === undefined, {
    message: "give either amount or postings, not both",
  })
  .meta({ examples: [{}, { amount: "40.00" }] });

export const reverseBody = reverseEntrySchema
  .omit({ type: true, entryId: true, reversalOf: true })
  .extend({ id: idSchema })
  .meta({ examples: [{ id: "rev-dep-2026-0001", description: "Deposit entered twice" }] });

export const closePeriodBody = closePeriodSchema
  .omit({ type: true })
  .meta({ examples: [{ upTo: "2026-10-31T23:59:59.999Z" }] });

const decimalString = z.string().describe("Decimal amount string at the asset's scale");

export const postingView = z.object({
  accountId: z.string(),
  side: sideSchema,
  amount: decimalString,
  currency: z.string(),
});

export const ledgerView = z.object({
  id: z.string(),
  name: z.string(),
  reportingCurrency: z.string(),
  assets: z.array(z.object({ code: z.string(), scale: z.int() })),
  sequence: z.int().describe("The ledger's last event sequence"),
  hash: z.string().describe("Hash of the last event: write (sequence, hash) down to audit later"),
  closedThrough: z.string().nullable(),
});

export const balancesView = z.object({
  postedDebits: decimalString,
  postedCredits: decimalString,
  pendingDebits: decimalString,
  pendingCredits: decimalString,
  balance: decimalString.describe("Posted balance, positive on the account's normal side"),
  available: decimalString.describe("Balance less the holds that would reduce it"),
});

export const accountView = z.object({
  id: z.string(),
  currency: z.string(),
  type: accountTypeSchema,
  normalSide: sideSchema,
  flags: z.object({
    debitsMustNotExceedCredits: z.boolean(),
    creditsMustNotExceedDebits: z.boolean(),
  }),
  attributes: accountAttributesSchema,
  metadata: z.record(z.string(), z.string()),
  status: z.enum(["open", "closed"]),
  version: z.int(),
  balances: balancesView,
  sequence: z.int().describe("The ledger sequence these balances reflect"),
});

export const entryView = z.object({
  id: z.string(),
  kind: z.enum(["posted", "pending", "rejected"]),
  effectiveAt: z.string(),
  recordedAt: z.string(),
  actor: z.string(),
  description: z.string(),
  metadata: z.record(z.string(), z.string()),
  postings: z.array(postingView),
  sequence: z.int(),
  hash: z.string(),
  reversalOf: z.string().nullable(),
  reversedBy: z.string().nullable(),
  hold: z
    .object({
      status: z.enum(["open", "posted", "voided", "expired"]),
      expiresAt: z.string(),
      resolvedAtSequence: z.int().nullable(),
      posted: z.array(postingView),
    })
    .nullable(),
  rejection: z.object({ code: z.string(), message: z.string() }).nullable(),
});

export const problemView = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    code: z.string().describe("Stable machine code (docs/errors.md)"),
    detail: z.string(),
    instance: z.string().optional(),
    details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .describe("RFC 9457 problem details");

/** The error responses every command route may give. */
export const commandProblems = {
  400: problemView,
  401: problemView,
  403: problemView,
  404: problemView,
  409: problemView,
  413: problemView,
  422: problemView,
  503: problemView,
} as const;

export const queryProblems = {
  400: problemView,
  401: problemView,
  403: problemView,
  404: problemView,
} as const;

/** Problems of a read from a projection at a point in time (api/routes/points.ts). */
export const projectedProblems = {
  ...queryProblems,
  409: problemView.describe("read_model_behind: the read model has not applied that point yet"),
  422: problemView.describe(
    "sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists",
  ),
  503: problemView.describe("read_model_unavailable (being built) or a minSequence wait ran out"),
} as const;
