// Risk inputs: the commands and events that tell a ledger about its counterparties, the credit
// facilities its accounts belong to, the FX rates and the capital base its risk read models
// report with (docs/risk.md). Each is a versioned record with a client-chosen `recordId` (the
// idempotency key) and a `validFrom` (effective time); the writer's recordedAt is the other
// axis, so "as of D as known at R" is answerable. Identifiers follow their standards: LEI
// (ISO 17442, check digits), NACE Rev. 2 sector codes, ISO 3166-1 alpha-2 countries.
import countries from "i18n-iso-countries";
import { z } from "zod";
import {
  MAX_COLLATERAL_ITEMS,
  MAX_FACILITY_ACCOUNTS,
  MAX_FX_RATES_PER_SET,
  MAX_GUARANTEES,
  MAX_LEGAL_NAME_LENGTH,
  MAX_RATE_STRING_LENGTH,
  MAX_RATING_LENGTH,
} from "./limits.js";
import {
  amountSchema,
  assetCodeSchema,
  idSchema,
  minorUnitsSchema,
  textSchema,
  timestampSchema,
} from "./primitives.js";

/** ISO 17442: 18 alphanumerics and two check digits, ISO 7064 MOD 97-10 over the whole. */
export function isValidLei(lei: string): boolean {
  if (!/^[A-Z0-9]{18}[0-9]{2}$/.test(lei)) return false;
  let remainder = 0;
  for (const char of lei) {
    const digits = /[0-9]/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

export const leiSchema = z
  .string()
  .refine(isValidLei, "an LEI: 20 characters (ISO 17442) whose check digits verify")
  .describe("Legal Entity Identifier (ISO 17442)");

/**
 * A NACE Rev. 2 code: a section letter (A-U), a division (01-99) with or without its section,
 * a group (64.1) or a class (64.19).
 */
export const naceCodeSchema = z
  .string()
  .regex(
    /^([A-U]|[A-U]?(0[1-9]|[1-9][0-9])(\.[0-9]{1,2})?)$/,
    "a NACE Rev. 2 code: a section letter, or a division, group or class such as 64.19",
  )
  .describe("Sector: NACE Rev. 2 (e.g. K, 64, 64.1, 64.19)");

export const countryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 country code")
  .refine((code) => countries.isValid(code), "an assigned ISO 3166-1 alpha-2 country code")
  .describe("Country of risk (ISO 3166-1 alpha-2)");

/** A decimal rate or factor: digits with an optional fraction, never an exponent or a sign. */
export const decimalRateSchema = z
  .string()
  .max(MAX_RATE_STRING_LENGTH)
  .regex(/^(0|[1-9][0-9]*)(\.[0-9]+)?$/, "a decimal number such as 0.4 or 1.0825");

/** A credit conversion factor: 0 to 1 inclusive. */
export const ccfSchema = decimalRateSchema.refine(
  (text) => Number(text.split(".")[0]) === 0 || /^1(\.0*)?$/.test(text),
  "a credit conversion factor between 0 and 1",
);

export const counterpartyFlagsSchema = z.strictObject({
  institution: z.boolean().default(false),
  globalSystemicallyImportant: z.boolean().default(false),
  sovereign: z.boolean().default(false),
  exempt: z.boolean().default(false),
});

const counterpartyFields = {
  counterpartyId: idSchema,
  validFrom: timestampSchema,
  lei: leiSchema.nullable(),
  legalName: textSchema(MAX_LEGAL_NAME_LENGTH, 1),
  connectedGroupId: idSchema.nullable(),
  ultimateParentId: idSchema.nullable(),
  sector: naceCodeSchema,
  countryOfRisk: countryCodeSchema,
  rating: textSchema(MAX_RATING_LENGTH, 1).nullable(),
};

/** Records (or restates from `validFrom`) everything known of one counterparty. */
export const recordCounterpartySchema = z.strictObject({
  type: z.literal("RecordCounterparty"),
  recordId: idSchema,
  ...counterpartyFields,
  lei: leiSchema.nullable().default(null),
  connectedGroupId: idSchema.nullable().default(null),
  ultimateParentId: idSchema.nullable().default(null),
  rating: textSchema(MAX_RATING_LENGTH, 1).nullable().default(null),
  flags: counterpartyFlagsSchema.default({
    institution: false,
    globalSystemicallyImportant: false,
    sovereign: false,
    exempt: false,
  }),
});

const collateralTypeSchema = z.enum(["cash", "securities", "real_estate", "other"]);

const collateralInputSchema = z.strictObject({
  type: collateralTypeSchema,
  currency: assetCodeSchema,
  amount: amountSchema,
});

const guaranteeInputSchema = z.strictObject({
  guarantorId: idSchema,
  currency: assetCodeSchema,
  amount: amountSchema,
});

const accountListSchema = z
  .array(idSchema)
  .max(MAX_FACILITY_ACCOUNTS)
  .refine((ids) => new Set(ids).size === ids.length, "account ids must be unique");

/** The terms of one credit facility, as of `validFrom` (the body of RecordFacility). */
export const facilityTermsSchema = z.strictObject({
  recordId: idSchema,
  facilityId: idSchema,
  validFrom: timestampSchema,
  counterpartyId: idSchema,
  product: textSchema(MAX_RATING_LENGTH, 1),
  currency: assetCodeSchema,
  /** Accounts whose balance is the drawn amount; at least one. */
  drawnAccounts: accountListSchema.min(1),
  /** Accounts whose balance is accrued interest. */
  interestAccounts: accountListSchema.default([]),
  limit: amountSchema,
  ccf: ccfSchema,
  /** Whether the 10 % CCF floor applies (off-balance-sheet commitments). */
  ccfFloorApplies: z.boolean().default(true),
  collateral: z.array(collateralInputSchema).max(MAX_COLLATERAL_ITEMS).default([]),
  guarantees: z.array(guaranteeInputSchema).max(MAX_GUARANTEES).default([]),
  specificProvisions: z.union([amountSchema, z.literal("0")]).default("0"),
});

/** An account holds a facility's drawn amount or its interest, never both. */
export const ACCOUNTS_APART = {
  check: (terms: { drawnAccounts: string[]; interestAccounts: string[] }): boolean =>
    !terms.drawnAccounts.some((id) => terms.interestAccounts.includes(id)),
  message: "an account holds either the drawn amount or interest, not both",
} as const;

/** Records (or restates from `validFrom`) the terms of one credit facility. */
export const recordFacilitySchema = facilityTermsSchema
  .extend({ type: z.literal("RecordFacility") })
  .refine(ACCOUNTS_APART.check, ACCOUNTS_APART.message);

const fxRateInputSchema = z.strictObject({
  from: assetCodeSchema,
  to: assetCodeSchema,
  rate: decimalRateSchema.refine((text) => /[1-9]/.test(text), "a rate is more than zero"),
});

/** A published set of closing mid rates, valid from `validFrom` until the next set. */
export const publishFxRatesSchema = z.strictObject({
  type: z.literal("PublishFxRates"),
  recordId: idSchema,
  validFrom: timestampSchema,
  source: textSchema(MAX_RATING_LENGTH, 1),
  rates: z
    .array(fxRateInputSchema)
    .min(1)
    .max(MAX_FX_RATES_PER_SET)
    .refine(
      (rates) => new Set(rates.map((r) => `${r.from}/${r.to}`)).size === rates.length,
      "one rate per currency pair",
    )
    .refine(
      (rates) => rates.every((r) => r.from !== r.to),
      "a rate converts between two currencies",
    ),
});

/** The reporting entity's Tier 1 capital, in the ledger's reporting currency, from `validFrom`. */
export const recordCapitalBaseSchema = z.strictObject({
  type: z.literal("RecordCapitalBase"),
  recordId: idSchema,
  validFrom: timestampSchema,
  tier1Capital: amountSchema,
  /** The reporting entity is a G-SII: the 15 % limit applies to G-SII counterparties. */
  reportingEntityIsGsii: z.boolean().default(false),
});

export const riskCommandSchemas = [
  recordCounterpartySchema,
  recordFacilitySchema,
  publishFxRatesSchema,
  recordCapitalBaseSchema,
] as const;

export type RecordCounterparty = z.infer<typeof recordCounterpartySchema>;
export type RecordFacility = z.infer<typeof recordFacilitySchema>;
export type PublishFxRates = z.infer<typeof publishFxRatesSchema>;
export type RecordCapitalBase = z.infer<typeof recordCapitalBaseSchema>;
export type RiskCommand = RecordCounterparty | RecordFacility | PublishFxRates | RecordCapitalBase;

// ---- events: amounts in minor units of their currency, rates as normalised decimals -------

const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 digest in lower-case hex");

export const counterpartyRecordedSchema = z.strictObject({
  recordId: idSchema,
  ...counterpartyFields,
  flags: z.strictObject({
    institution: z.boolean(),
    globalSystemicallyImportant: z.boolean(),
    sovereign: z.boolean(),
    exempt: z.boolean(),
  }),
  fingerprint: sha256HexSchema,
});

export const facilityRecordedSchema = z.strictObject({
  recordId: idSchema,
  facilityId: idSchema,
  validFrom: timestampSchema,
  counterpartyId: idSchema,
  product: z.string(),
  currency: assetCodeSchema,
  drawnAccounts: z.array(idSchema),
  interestAccounts: z.array(idSchema),
  limit: minorUnitsSchema,
  ccf: decimalRateSchema,
  ccfFloorApplies: z.boolean(),
  collateral: z.array(
    z.strictObject({
      type: collateralTypeSchema,
      currency: assetCodeSchema,
      amount: minorUnitsSchema,
    }),
  ),
  guarantees: z.array(
    z.strictObject({ guarantorId: idSchema, currency: assetCodeSchema, amount: minorUnitsSchema }),
  ),
  specificProvisions: minorUnitsSchema,
  fingerprint: sha256HexSchema,
});

export const fxRatesPublishedSchema = z.strictObject({
  recordId: idSchema,
  validFrom: timestampSchema,
  source: z.string(),
  rates: z.array(
    z.strictObject({ from: assetCodeSchema, to: assetCodeSchema, rate: decimalRateSchema }),
  ),
  fingerprint: sha256HexSchema,
});

export const capitalBaseRecordedSchema = z.strictObject({
  recordId: idSchema,
  validFrom: timestampSchema,
  currency: assetCodeSchema,
  tier1Capital: minorUnitsSchema,
  reportingEntityIsGsii: z.boolean(),
  fingerprint: sha256HexSchema,
});
