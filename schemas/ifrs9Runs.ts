// The IFRS 9 provisioning run (docs/ifrs9.md, "Provisioning runs"): the loss allowance a run
// computed from the read models at one ledger sequence, recorded in the ledger's own stream
// with the journal entry that brings the loss allowance account to it. The API computes the
// figures; the core decides the entry (the difference to the account's balance at decision
// time), so two runs never post the same change twice. Idempotent by `runId`, which the API
// derives from (reporting date, parameter set, digest of every facility's figures).
import { z } from "zod";
import { calendarDateSchema } from "./ifrs9.js";
import { MAX_STAGE_TOTALS } from "./limits.js";
import { amountSchema, assetCodeSchema, idSchema, minorUnitsSchema } from "./primitives.js";

const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 digest in lower-case hex");
const amountOrZeroSchema = z.union([amountSchema, z.literal("0")]);
const stageSchema = z.enum(["1", "2", "3", "POCI"]);
/** Minor units that may be negative (an allowance account in debit, a release). */
const signedMinorUnitsSchema = z
  .string()
  .regex(/^(0|-?[1-9][0-9]*)$/, "minor units: an integer without leading zeros");

const stageTotalInputSchema = z.strictObject({
  stage: stageSchema,
  facilities: z.int().min(0),
  grossCarryingAmount: amountOrZeroSchema,
  allowance: amountOrZeroSchema,
});

export const recordProvisioningRunSchema = z.strictObject({
  type: z.literal("RecordProvisioningRun"),
  runId: idSchema,
  reportingDate: calendarDateSchema,
  parameterSetId: idSchema,
  /** The ledger sequence the inputs and balances were read at. */
  inputsSequence: z.int().min(0),
  /** SHA-256 of the canonical JSON of every facility's figures (docs/ifrs9.md). */
  inputsDigest: sha256HexSchema,
  impairmentExpenseAccountId: idSchema,
  lossAllowanceAccountId: idSchema,
  /** The currency of both accounts: the allowance is converted to it. */
  currency: assetCodeSchema,
  /** The loss allowance the run computed, at the currency's scale. */
  allowance: amountOrZeroSchema,
  byStage: z
    .array(stageTotalInputSchema)
    .max(MAX_STAGE_TOTALS)
    .refine((rows) => new Set(rows.map((r) => r.stage)).size === rows.length, "one row per stage"),
  /** Facilities the run could not measure (listed with their reasons by the run's report). */
  notMeasured: z.int().min(0),
});

export type RecordProvisioningRun = z.infer<typeof recordProvisioningRunSchema>;

export const provisioningRunRecordedSchema = z.strictObject({
  runId: idSchema,
  reportingDate: calendarDateSchema,
  parameterSetId: idSchema,
  inputsSequence: z.int().min(0),
  inputsDigest: sha256HexSchema,
  impairmentExpenseAccountId: idSchema,
  lossAllowanceAccountId: idSchema,
  currency: assetCodeSchema,
  allowance: minorUnitsSchema,
  /** The loss allowance account's balance (credits - debits) before the run's entry. */
  previousAllowance: signedMinorUnitsSchema,
  /** allowance - previousAllowance: what the entry posted (0: no entry). */
  difference: signedMinorUnitsSchema,
  entryId: idSchema.nullable(),
  byStage: z.array(
    z.strictObject({
      stage: stageSchema,
      facilities: z.int().min(0),
      grossCarryingAmount: minorUnitsSchema,
      allowance: minorUnitsSchema,
    }),
  ),
  notMeasured: z.int().min(0),
  fingerprint: sha256HexSchema,
});
