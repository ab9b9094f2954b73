// Commands: what a client asks a ledger to do. Every entry point (HTTP, NATS, ISO 20022,
// batch files) turns its input into one of these and hands it to the ledger's decider.
import { z } from "zod";
import {
  MAX_ASSETS_PER_LEDGER,
  MAX_COMMANDS_PER_BATCH,
  MAX_LEDGER_NAME_LENGTH,
  MAX_PENDING_TIMEOUT_SECONDS,
  MAX_POSTINGS_PER_ENTRY,
  MIN_PENDING_TIMEOUT_SECONDS,
  MIN_POSTINGS_PER_ENTRY,
} from "./limits.js";
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
  metadataSchema,
  sideSchema,
  textSchema,
  timestampSchema,
} from "./primitives.js";
import { ifrs9CommandSchemas } from "./ifrs9.js";
import { recordProvisioningRunSchema } from "./ifrs9Runs.js";
import { riskCommandSchemas } from "./risk.js";

/** One leg of an entry as the client sends it. `currency`, if given, must be the account's. */
export const postingInputSchema = z.strictObject({
  accountId: idSchema,
  side: sideSchema,
  amount: amountSchema,
  currency: assetCodeSchema.optional(),
});
export type PostingInput = z.infer<typeof postingInputSchema>;

const postingsSchema = z
  .array(postingInputSchema)
  .min(MIN_POSTINGS_PER_ENTRY)
  .max(MAX_POSTINGS_PER_ENTRY);

export const createLedgerSchema = z.strictObject({
  type: z.literal("CreateLedger"),
  ledgerId: ledgerIdSchema,
  name: textSchema(MAX_LEDGER_NAME_LENGTH, 1),
  reportingCurrency: assetCodeSchema,
  assets: z
    .array(assetSchema)
    .min(1)
    .max(MAX_ASSETS_PER_LEDGER)
    .refine((assets) => new Set(assets.map((asset) => asset.code)).size === assets.length, {
      message: "asset codes must be unique",
    }),
});

export const openAccountSchema = z.strictObject({
  type: z.literal("OpenAccount"),
  accountId: idSchema,
  currency: assetCodeSchema,
  accountType: accountTypeSchema,
  flags: accountFlagsSchema.optional(),
  attributes: accountAttributesSchema.optional(),
  metadata: metadataSchema.optional(),
});

/** Replaces attributes and/or metadata; `expectedVersion` guards against lost updates. */
export const updateAccountSchema = z.strictObject({
  type: z.literal("UpdateAccount"),
  accountId: idSchema,
  expectedVersion: z.int().min(1),
  attributes: accountAttributesSchema.optional(),
  metadata: metadataSchema.optional(),
});

export const closeAccountSchema = z.strictObject({
  type: z.literal("CloseAccount"),
  accountId: idSchema,
});

const entryFields = {
  entryId: idSchema,
  effectiveAt: timestampSchema.optional(),
  description: descriptionSchema.optional(),
  postings: postingsSchema,
  metadata: metadataSchema.optional(),
};

export const postEntrySchema = z.strictObject({ type: z.literal("PostEntry"), ...entryFields });

export const pendEntrySchema = z.strictObject({
  type: z.literal("PendEntry"),
  ...entryFields,
  timeoutSeconds: z.int().min(MIN_PENDING_TIMEOUT_SECONDS).max(MAX_PENDING_TIMEOUT_SECONDS),
});

/** Posts a hold: all of it (neither field), `amount` on both legs of a two-posting hold, or `postings`. */
export const postPendingSchema = z
  .strictObject({
    type: z.literal("PostPending"),
    pendingId: idSchema,
    amount: amountSchema.optional(),
    postings: postingsSchema.optional(),
  })
  .refine((command) => command.amount === undefined || command.postings === undefined, {
    message: "give either amount or postings, not both",
  });

export const voidPendingSchema = z.strictObject({
  type: z.literal("VoidPending"),
  pendingId: idSchema,
});

/** Sent by the sweeper once a hold's timeout has passed. */
export const expirePendingSchema = z.strictObject({
  type: z.literal("ExpirePending"),
  pendingId: idSchema,
});

export const reverseEntrySchema = z.strictObject({
  type: z.literal("ReverseEntry"),
  entryId: idSchema,
  reversalOf: idSchema,
  description: descriptionSchema.optional(),
  effectiveAt: timestampSchema.optional(),
});

/** Rejects entries effective on or before `upTo` from now on. */
export const closePeriodSchema = z.strictObject({
  type: z.literal("ClosePeriod"),
  upTo: timestampSchema,
});

/** The commands an atomic batch may hold: every money-moving command. */
export const batchableCommandSchema = z.union([
  postEntrySchema,
  pendEntrySchema,
  postPendingSchema,
  voidPendingSchema,
  reverseEntrySchema,
]);

export const atomicBatchSchema = z.strictObject({
  type: z.literal("AtomicBatch"),
  commands: z.array(batchableCommandSchema).min(1).max(MAX_COMMANDS_PER_BATCH),
});

export const commandSchema = z.union([
  ...riskCommandSchemas,
  ...ifrs9CommandSchemas,
  recordProvisioningRunSchema,
  createLedgerSchema,
  openAccountSchema,
  updateAccountSchema,
  closeAccountSchema,
  postEntrySchema,
  pendEntrySchema,
  postPendingSchema,
  voidPendingSchema,
  expirePendingSchema,
  reverseEntrySchema,
  closePeriodSchema,
  atomicBatchSchema,
]);

export type CreateLedger = z.infer<typeof createLedgerSchema>;
export type OpenAccount = z.infer<typeof openAccountSchema>;
export type UpdateAccount = z.infer<typeof updateAccountSchema>;
export type CloseAccount = z.infer<typeof closeAccountSchema>;
export type PostEntry = z.infer<typeof postEntrySchema>;
export type PendEntry = z.infer<typeof pendEntrySchema>;
export type PostPending = z.infer<typeof postPendingSchema>;
export type VoidPending = z.infer<typeof voidPendingSchema>;
export type ExpirePending = z.infer<typeof expirePendingSchema>;
export type ReverseEntry = z.infer<typeof reverseEntrySchema>;
export type ClosePeriod = z.infer<typeof closePeriodSchema>;
export type BatchableCommand = z.infer<typeof batchableCommandSchema>;
export type AtomicBatch = z.infer<typeof atomicBatchSchema>;
export type Command = z.infer<typeof commandSchema>;
export type CommandType = Command["type"];
