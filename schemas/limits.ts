// Every size Folio accepts has an explicit limit, named here and documented in docs/limits.md.
// The schemas enforce them at the edge; the core asserts them where a breach would corrupt state.

/** Ledger, account and entry ids: 1..128 characters from ID_PATTERN. */
export const MAX_ID_LENGTH = 128;
/** Ledger ids become stream names (`ledger-<id>`), so they are shorter. */
export const MAX_LEDGER_ID_LENGTH = 64;
/** Letters, digits and `_ . : @ -`, starting with a letter or digit (no `/`: ids go in URLs). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/;

/** Asset codes: ISO 4217 style upper case, 2..16 characters (USD, JPY, BTC, USDC). */
export const ASSET_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,15}$/;
/** Decimal places an asset may declare (0 for JPY, 2 for USD, 8 for BTC, 18 for ETH). */
export const MAX_ASSET_SCALE = 18;
export const MAX_ASSETS_PER_LEDGER = 64;

/** An amount in minor units has at most this many digits (below 10^30). */
export const MAX_AMOUNT_DIGITS = 30;
/** An amount string (digits and one dot) has at most this many characters. */
export const MAX_AMOUNT_STRING_LENGTH = MAX_AMOUNT_DIGITS + 1 + MAX_ASSET_SCALE;
/** A balance counter may never reach 10^38 (it fits PostgreSQL numeric(38,0)). */
export const MAX_COUNTER_DIGITS = 38;

export const MIN_POSTINGS_PER_ENTRY = 2;
export const MAX_POSTINGS_PER_ENTRY = 128;
export const MAX_COMMANDS_PER_BATCH = 1_000;

export const MAX_DESCRIPTION_LENGTH = 512;
/** Metadata is a flat map of string values; its canonical JSON is at most this many bytes. */
export const MAX_METADATA_BYTES = 4_096;
export const MAX_METADATA_KEYS = 64;
export const MAX_METADATA_KEY_LENGTH = 64;
export const MAX_LEDGER_NAME_LENGTH = 200;
export const MAX_ATTRIBUTE_LENGTH = 128;

/** Who wrote an event (`actor`, from auth) and the request ids it carries, in characters. */
export const MAX_ACTOR_LENGTH = 200;
export const MAX_CORRELATION_ID_LENGTH = 200;
export const MAX_CAUSATION_ID_LENGTH = 200;

/** A hold lives between 1 second and 366 days. */
export const MIN_PENDING_TIMEOUT_SECONDS = 1;
export const MAX_PENDING_TIMEOUT_SECONDS = 366 * 24 * 60 * 60;

/** Business times must fall in this range (ISO 8601 with a zone). */
export const MIN_TIMESTAMP_MS = Date.UTC(1970, 0, 1);
export const MAX_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Risk inputs (schemas/risk.ts, docs/risk.md). */
export const MAX_LEGAL_NAME_LENGTH = 200;
/** Ratings, products and rate sources: short codes or names. */
export const MAX_RATING_LENGTH = 64;
/** A rate or factor as a decimal string (e.g. "1.08250000"). */
export const MAX_RATE_STRING_LENGTH = 32;
/** Accounts one facility names, for its drawn amount and for its accrued interest each. */
export const MAX_FACILITY_ACCOUNTS = 16;
export const MAX_COLLATERAL_ITEMS = 32;
export const MAX_GUARANTEES = 32;
/** Currency pairs in one published set of FX rates. */
export const MAX_FX_RATES_PER_SET = 512;

/** IFRS 9 inputs (schemas/ifrs9.ts, docs/ifrs9.md). */
/** Macroeconomic scenarios in one credit assessment. */
export const MAX_ECL_SCENARIOS = 16;
/** Years a lifetime PD curve covers at most (one PD per year). */
export const MAX_PD_YEARS = 50;
/** Principal repayments in one amortising schedule (50 years monthly). */
export const MAX_REPAYMENT_SCHEDULE_ITEMS = 600;
/** Months: a revolving facility's behavioural life, probation periods, time to recovery. */
export const MAX_IFRS9_MONTHS = 600;
/** Days past due a credit assessment, or a DPD backstop, may state (100 years). */
export const MAX_DAYS_PAST_DUE = 36_600;
/** Rows of an IFRS 9 provisioning run's totals by stage (1, 2, 3, POCI). */
export const MAX_STAGE_TOTALS = 4;
