// Shared field schemas: ids, asset codes, amounts, times, metadata. Commands, events and API
// bodies are built from these so that one rule has one definition.
import { z } from "zod";
import { DECIMAL_AMOUNT_PATTERN, MINOR_UNITS_PATTERN } from "./amount.js";
import {
  ASSET_CODE_PATTERN,
  ID_PATTERN,
  MAX_AMOUNT_STRING_LENGTH,
  MAX_ASSET_SCALE,
  MAX_ATTRIBUTE_LENGTH,
  MAX_COUNTER_DIGITS,
  MAX_DESCRIPTION_LENGTH,
  MAX_ID_LENGTH,
  MAX_LEDGER_ID_LENGTH,
  MAX_METADATA_BYTES,
  MAX_METADATA_KEY_LENGTH,
  MAX_METADATA_KEYS,
  MAX_TIMESTAMP_MS,
  MIN_TIMESTAMP_MS,
} from "./limits.js";

const utf8 = new TextEncoder();

const idMessage = "letters, digits and _ . : @ -, starting with a letter or digit";

export const ledgerIdSchema = z
  .string()
  .min(1)
  .max(MAX_LEDGER_ID_LENGTH)
  .regex(ID_PATTERN, idMessage)
  .describe("Ledger id, chosen by the client");

export const idSchema = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  .regex(ID_PATTERN, idMessage)
  .describe("Client-chosen id (for entries: the idempotency key)");

export const assetCodeSchema = z
  .string()
  .regex(ASSET_CODE_PATTERN, "2..16 upper-case letters, digits or _, starting with a letter");

export const assetSchema = z.strictObject({
  code: assetCodeSchema,
  scale: z.int().min(0).max(MAX_ASSET_SCALE),
});

/** A positive decimal amount string; the asset's scale is checked by the ledger. */
export const amountSchema = z
  .string()
  .max(MAX_AMOUNT_STRING_LENGTH)
  .regex(DECIMAL_AMOUNT_PATTERN, "a decimal amount: digits with an optional fraction")
  .regex(/[1-9]/, "amounts must be more than zero")
  .describe('Decimal amount string, e.g. "123.45"; at most the asset\'s decimals');

/** Minor units in events and read models: "12345" means 123.45 at scale 2. */
export const minorUnitsSchema = z
  .string()
  .max(MAX_COUNTER_DIGITS)
  .regex(MINOR_UNITS_PATTERN, "minor units: a non-negative integer string");

export const sideSchema = z.enum(["debit", "credit"]);
export type Side = z.infer<typeof sideSchema>;

export const accountTypeSchema = z.enum(["asset", "liability", "equity", "income", "expense"]);
export type AccountType = z.infer<typeof accountTypeSchema>;

/** ISO 8601 with a zone ("2026-11-22T10:00:00Z" or "+01:00"), within the supported range. */
export const timestampSchema = z.iso.datetime({ offset: true }).refine((text) => {
  const ms = Date.parse(text);
  return ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS;
}, "times must fall between 1970 and 9999");

/** NUL and unpaired surrogates: PostgreSQL text and jsonb cannot hold them. */
const UNSTORABLE_TEXT =
  // eslint-disable-next-line no-control-regex -- matching NUL is the point
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Free text (names, descriptions, metadata, attributes): any Unicode that can be stored.
 * Refused at the edge, a NUL could otherwise fail the append of a whole group commit.
 */
export function textSchema(maxLength: number, minLength = 0) {
  return z
    .string()
    .min(minLength)
    .max(maxLength)
    .refine((text) => !UNSTORABLE_TEXT.test(text), {
      message: "text may not contain NUL or unpaired surrogates",
    });
}

/** Flat string-to-string metadata, bounded in keys and bytes. */
export const metadataSchema = z
  .record(textSchema(MAX_METADATA_KEY_LENGTH, 1), textSchema(MAX_METADATA_BYTES))
  .refine((value) => Object.keys(value).length <= MAX_METADATA_KEYS, {
    message: `at most ${MAX_METADATA_KEYS} metadata keys`,
  })
  .refine((value) => utf8.encode(JSON.stringify(value)).length <= MAX_METADATA_BYTES, {
    message: `metadata must be at most ${MAX_METADATA_BYTES} bytes of JSON`,
  });
export type Metadata = z.infer<typeof metadataSchema>;

export const descriptionSchema = textSchema(MAX_DESCRIPTION_LENGTH);

const attributeSchema = textSchema(MAX_ATTRIBUTE_LENGTH, 1);

/** Attributes the risk read models group by (exposure, IFRS 9). */
export const accountAttributesSchema = z.strictObject({
  counterparty: attributeSchema.optional(),
  sector: attributeSchema.optional(),
  country: attributeSchema.optional(),
  product: attributeSchema.optional(),
  rating: attributeSchema.optional(),
  /** The credit facility whose drawn amount or interest this account holds (docs/risk.md). */
  facility: attributeSchema.optional(),
});
export type AccountAttributes = z.infer<typeof accountAttributesSchema>;

export const accountFlagsSchema = z.strictObject({
  debitsMustNotExceedCredits: z.boolean().optional(),
  creditsMustNotExceedDebits: z.boolean().optional(),
});
export type AccountFlags = z.infer<typeof accountFlagsSchema>;
