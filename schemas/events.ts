// Journal events: the immutable facts a ledger's stream holds. Each type carries a schema
// version; a stored event is never rewritten, and old versions are read through upcast().
import { z } from "zod";
import { MAX_ACTOR_LENGTH, MAX_CAUSATION_ID_LENGTH, MAX_CORRELATION_ID_LENGTH } from "./limits.js";
import {
  accountAttributesSchema,
  accountTypeSchema,
  assetCodeSchema,
  assetSchema,
  idSchema,
  ledgerIdSchema,
  metadataSchema,
  minorUnitsSchema,
  sideSchema,
  textSchema,
  timestampSchema,
} from "./primitives.js";
import {
  creditAssessmentRecordedSchema,
  facilityTermsRecordedSchema,
  ifrs9ParametersRecordedSchema,
  writeOffRecordedSchema,
} from "./ifrs9.js";
import { provisioningRunRecordedSchema } from "./ifrs9Runs.js";
import {
  capitalBaseRecordedSchema,
  counterpartyRecordedSchema,
  facilityRecordedSchema,
  fxRatesPublishedSchema,
} from "./risk.js";

const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 digest in lower-case hex");

/** Metadata of every event. `hash` covers the whole event but itself (see ledger-core/hashChain.ts). */
export const eventMetadataSchema = z.strictObject({
  sequence: z.int().min(0),
  recordedAt: timestampSchema,
  actor: z.string().min(1).max(MAX_ACTOR_LENGTH),
  correlationId: z.string().max(MAX_CORRELATION_ID_LENGTH),
  causationId: z.string().max(MAX_CAUSATION_ID_LENGTH).nullable(),
  prevHash: sha256HexSchema,
  hash: sha256HexSchema,
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

/**
 * Who asks and why, as a writer takes them for the events it will write: within the metadata
 * limits above, and storable text (no NUL, no unpaired surrogate, which PostgreSQL refuses).
 * Stricter than reading, which must accept whatever was ever stored.
 */
export const eventContextSchema = z.strictObject({
  actor: textSchema(MAX_ACTOR_LENGTH, 1),
  correlationId: textSchema(MAX_CORRELATION_ID_LENGTH),
  causationId: textSchema(MAX_CAUSATION_ID_LENGTH).nullable(),
});

/** A posting as recorded: minor units, with the account's currency. */
export const recordedPostingSchema = z.strictObject({
  accountId: idSchema,
  side: sideSchema,
  amount: minorUnitsSchema,
  currency: assetCodeSchema,
});
export type RecordedPosting = z.infer<typeof recordedPostingSchema>;

const flagsDataSchema = z.strictObject({
  debitsMustNotExceedCredits: z.boolean(),
  creditsMustNotExceedDebits: z.boolean(),
});

export const ledgerCreatedSchema = z.strictObject({
  ledgerId: ledgerIdSchema,
  name: z.string(),
  reportingCurrency: assetCodeSchema,
  assets: z.array(assetSchema),
  fingerprint: sha256HexSchema,
});

export const accountOpenedSchema = z.strictObject({
  accountId: idSchema,
  currency: assetCodeSchema,
  accountType: accountTypeSchema,
  flags: flagsDataSchema,
  attributes: accountAttributesSchema,
  metadata: metadataSchema,
  fingerprint: sha256HexSchema,
});

export const accountUpdatedSchema = z.strictObject({
  accountId: idSchema,
  version: z.int().min(2),
  attributes: accountAttributesSchema,
  metadata: metadataSchema,
});

export const accountClosedSchema = z.strictObject({ accountId: idSchema });

const entryDataFields = {
  entryId: idSchema,
  effectiveAt: timestampSchema,
  description: z.string(),
  postings: z.array(recordedPostingSchema),
  metadata: metadataSchema,
  fingerprint: sha256HexSchema,
};

/** A posted entry; `reversalOf` links a reversal to the entry it mirrors. */
export const entryPostedSchema = z.strictObject({
  ...entryDataFields,
  reversalOf: idSchema.nullable(),
});

/** A hold: amounts count as pending until posted, voided or expired at `expiresAt`. */
export const entryPendedSchema = z.strictObject({
  ...entryDataFields,
  expiresAt: timestampSchema,
});

/** A hold posted in full or in part; legs absent from `postings` posted nothing. */
export const pendingPostedSchema = z.strictObject({
  pendingId: idSchema,
  effectiveAt: timestampSchema,
  postings: z.array(recordedPostingSchema),
  fingerprint: sha256HexSchema,
});

export const pendingVoidedSchema = z.strictObject({ pendingId: idSchema });
export const pendingExpiredSchema = z.strictObject({ pendingId: idSchema });

/** An entry the ledger refused: its id is spent, and a retry gets this same answer. */
export const entryRejectedSchema = z.strictObject({
  entryId: idSchema,
  fingerprint: sha256HexSchema,
  code: z.string().min(1),
  message: z.string(),
});

export const periodClosedSchema = z.strictObject({ upTo: timestampSchema });

/** Every event type with its current schema version and data schema. */
export const eventDataSchemas = {
  LedgerCreated: { version: 1, schema: ledgerCreatedSchema },
  AccountOpened: { version: 1, schema: accountOpenedSchema },
  AccountUpdated: { version: 1, schema: accountUpdatedSchema },
  AccountClosed: { version: 1, schema: accountClosedSchema },
  EntryPosted: { version: 1, schema: entryPostedSchema },
  EntryPended: { version: 1, schema: entryPendedSchema },
  PendingPosted: { version: 1, schema: pendingPostedSchema },
  PendingVoided: { version: 1, schema: pendingVoidedSchema },
  PendingExpired: { version: 1, schema: pendingExpiredSchema },
  EntryRejected: { version: 1, schema: entryRejectedSchema },
  PeriodClosed: { version: 1, schema: periodClosedSchema },
  CounterpartyRecorded: { version: 1, schema: counterpartyRecordedSchema },
  FacilityRecorded: { version: 1, schema: facilityRecordedSchema },
  FxRatesPublished: { version: 1, schema: fxRatesPublishedSchema },
  CapitalBaseRecorded: { version: 1, schema: capitalBaseRecordedSchema },
  FacilityTermsRecorded: { version: 1, schema: facilityTermsRecordedSchema },
  CreditAssessmentRecorded: { version: 1, schema: creditAssessmentRecordedSchema },
  WriteOffRecorded: { version: 1, schema: writeOffRecordedSchema },
  Ifrs9ParametersRecorded: { version: 1, schema: ifrs9ParametersRecordedSchema },
  ProvisioningRunRecorded: { version: 1, schema: provisioningRunRecordedSchema },
} as const;

export type EventType = keyof typeof eventDataSchemas;
export type EventDataOf<T extends EventType> = z.infer<(typeof eventDataSchemas)[T]["schema"]>;

/** A journal event as stored and hashed. */
export type JournalEventOf<T extends EventType> = {
  readonly type: T;
  readonly version: number;
  readonly data: EventDataOf<T>;
  readonly metadata: EventMetadata;
};
export type JournalEvent = { [T in EventType]: JournalEventOf<T> }[EventType];

export const eventTypes = Object.keys(eventDataSchemas) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventDataSchemas, type);
}

/** A raw event as read from a store, before validation. */
export interface RawEvent {
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: unknown;
}

export class EventSchemaError extends Error {
  readonly code = "event_invalid";
  constructor(message: string) {
    super(message);
    this.name = "EventSchemaError";
  }
}

/**
 * Validates a stored event and brings it to the current version of its type. Version 1 is
 * the only version so far; when a type changes, add its upcaster here, keyed by the old
 * version, and keep the old event's bytes (its hash covers them) untouched in the store.
 */
export function upcast(raw: RawEvent): JournalEvent {
  if (!isEventType(raw.type)) {
    throw new EventSchemaError(`unknown event type "${raw.type}"`);
  }
  const current = eventDataSchemas[raw.type];
  if (raw.version !== current.version) {
    throw new EventSchemaError(
      `${raw.type} version ${raw.version} has no upcaster (current version ${current.version})`,
    );
  }
  const data = current.schema.safeParse(raw.data);
  if (!data.success) {
    throw new EventSchemaError(`${raw.type} data is invalid: ${z.prettifyError(data.error)}`);
  }
  const metadata = eventMetadataSchema.safeParse(raw.metadata);
  if (!metadata.success) {
    throw new EventSchemaError(
      `${raw.type} metadata is invalid: ${z.prettifyError(metadata.error)}`,
    );
  }
  return {
    type: raw.type,
    version: raw.version,
    data: data.data,
    metadata: metadata.data,
  } as JournalEvent;
}
