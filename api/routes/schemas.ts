// The HTTP contract's zod schemas, shared by the route groups beside this file: request bodies
// (field names are part of the contract; amounts are decimal strings), path parameters, the
// views the API returns and the problem+json error body. OpenAPI is generated from these.
import { z } from "zod";
import {
  accountAttributesSchema,
  accountFlagsSchema,
  accountTypeSchema,
  amountSchema,
  assetCodeSchema,
  assetSchema,
  descriptionSchema,
  idSchema,
  ledgerIdSchema,
  MAX_ASSETS_PER_LEDGER,
  MAX_COMMANDS_PER_BATCH,
  MAX_LEDGER_NAME_LENGTH,
  MAX_PENDING_TIMEOUT_SECONDS,
  MAX_POSTINGS_PER_ENTRY,
  metadataSchema,
  MIN_PENDING_TIMEOUT_SECONDS,
  MIN_POSTINGS_PER_ENTRY,
  postingInputSchema,
  sideSchema,
  textSchema,
  timestampSchema,
} from "../../schemas/index.js";

export const ledgerParams = z.object({ ledgerId: ledgerIdSchema });
export const accountParams = z.object({ ledgerId: ledgerIdSchema, accountId: idSchema });
export const entryParams = z.object({ ledgerId: ledgerIdSchema, entryId: idSchema });

export const ledgerBody = z
  .strictObject({
    id: ledgerIdSchema,
    name: textSchema(MAX_LEDGER_NAME_LENGTH, 1),
    reportingCurrency: assetCodeSchema,
    assets: z.array(assetSchema).min(1).max(MAX_ASSETS_PER_LEDGER),
  })
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

export const accountBody = z
  .strictObject({
    id: idSchema,
    currency: assetCodeSchema,
    type: accountTypeSchema,
    flags: accountFlagsSchema.optional(),
    attributes: accountAttributesSchema.optional(),
    metadata: metadataSchema.optional(),
  })
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

export const accountUpdateBody = z
  .strictObject({
    expectedVersion: z.int().min(1),
    attributes: accountAttributesSchema.optional(),
    metadata: metadataSchema.optional(),
  })
  .meta({ examples: [{ expectedVersion: 1, attributes: { rating: "BBB" } }] });

const postingsBody = z
  .array(postingInputSchema)
  .min(MIN_POSTINGS_PER_ENTRY)
  .max(MAX_POSTINGS_PER_ENTRY);

const entryFields = {
  id: idSchema,
  effectiveAt: timestampSchema.optional(),
  description: descriptionSchema.optional(),
  postings: postingsBody,
  metadata: metadataSchema.optional(),
};

const exampleEntry = {
  id: "dep-2026-0001",
  description: "Cash deposit",
  postings: [
    { accountId: "cash:vault", side: "debit", amount: "250.00" },
    { accountId: "cust:0042:current", side: "credit", amount: "250.00" },
  ],
};

export const entryBody = z.strictObject(entryFields).meta({ examples: [exampleEntry] });

export const batchBody = z
  .strictObject({
    atomic: z.boolean().optional(),
    entries: z.array(z.strictObject(entryFields)).min(1).max(MAX_COMMANDS_PER_BATCH),
  })
  .meta({ examples: [{ atomic: true, entries: [exampleEntry] }] });

export const pendingBody = z
  .strictObject({
    ...entryFields,
    timeoutSeconds: z.int().min(MIN_PENDING_TIMEOUT_SECONDS).max(MAX_PENDING_TIMEOUT_SECONDS),
  })
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

export const reverseBody = z
  .strictObject({
    id: idSchema,
    description: descriptionSchema.optional(),
    effectiveAt: timestampSchema.optional(),
  })
  .meta({ examples: [{ id: "rev-dep-2026-0001", description: "Deposit entered twice" }] });

export const closePeriodBody = z
  .strictObject({ upTo: timestampSchema })
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
