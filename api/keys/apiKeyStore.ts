// API keys: their table, the store that creates, lists, revokes and authenticates them (with a
// short-lived lookup cache for the hot path), and the bootstrap admin key made at start.
import { createHash, randomBytes, randomInt } from "node:crypto";
import type pg from "pg";
import type { Logger } from "pino";
import type { MigrationSet } from "../../event-store/index.js";
import { ALL_LEDGERS, roles, type Principal, type Role } from "../principal.js";

/** A key's name: 1..100 characters. */
export const MAX_KEY_NAME_LENGTH = 100;
/** Ledgers one key may be scoped to (or the single entry "*"). */
export const MAX_LEDGERS_PER_KEY = 100;
/** `list()` returns at most this many keys, newest first. */
export const MAX_LISTED_KEYS = 1_000;
/** A presented secret longer than this is refused without hashing it. */
export const MAX_SECRET_LENGTH = 512;
/** Authentication results are cached this long; a revocation made by another process takes effect within it. */
export const DEFAULT_AUTH_CACHE_TTL_MS = 2_000;
/** Cached authentication results (positive and negative) kept at most. */
export const DEFAULT_AUTH_CACHE_MAX_ENTRIES = 10_000;

/** Secrets are this prefix plus 32 random bytes in base64url (43 characters). */
export const KEY_PREFIX = "folio_";
const KEY_ID_LENGTH = 12;
const KEY_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

const V1_API_KEYS = `
CREATE TABLE api_keys (
  key_id     text PRIMARY KEY,
  name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND ${MAX_KEY_NAME_LENGTH}),
  -- SHA-256 hex of the whole secret; the secret itself is never stored.
  key_hash   text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  roles      text[] NOT NULL CHECK (cardinality(roles) >= 1),
  ledgers    text[] NOT NULL
             CHECK (cardinality(ledgers) BETWEEN 1 AND ${MAX_LEDGERS_PER_KEY}),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz NULL
);
`;

export const API_MIGRATIONS: MigrationSet = {
  component: "api",
  migrations: [{ version: 1, name: "api_keys", sql: V1_API_KEYS }],
};

export interface ApiKeyInfo {
  readonly keyId: string;
  readonly name: string;
  readonly roles: Role[];
  readonly ledgers: string[];
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface NewApiKey {
  readonly name: string;
  readonly roles: Role[];
  readonly ledgers: string[];
}

export interface ApiKeyStore {
  /** The principal of an active key with this secret, or null (unknown or revoked). */
  authenticate(secret: string): Promise<Principal | null>;
  /** Creates a key; the secret is random unless given, and is returned only here. */
  create(input: NewApiKey, secret?: string): Promise<{ key: string; info: ApiKeyInfo }>;
  /** Revokes a key (idempotent: a revoked key keeps its first revocation time); null if unknown. */
  revoke(keyId: string): Promise<ApiKeyInfo | null>;
  /** At most MAX_LISTED_KEYS keys, newest first, revoked ones included; never secrets. */
  list(): Promise<ApiKeyInfo[]>;
  countActive(): Promise<number>;
}

/** `create` was given a secret that an existing key (active or revoked) already has. */
export class ApiKeyConflictError extends Error {
  readonly code = "api_key_conflict";
  constructor() {
    super("a key with this secret already exists");
    this.name = "ApiKeyConflictError";
  }
}

/** Revoking this key would leave no active admin key: nobody could manage keys any more. */
export class LastAdminKeyError extends Error {
  readonly code = "last_admin_key";
  constructor(readonly keyId: string) {
    super(`key ${keyId} is the last active admin key; create another admin key first`);
    this.name = "LastAdminKeyError";
  }
}

export interface ApiKeyStoreOptions {
  /** How long an authentication result is reused (default 2 s); 0 disables the cache. */
  readonly cacheTtlMs?: number;
  readonly cacheMaxEntries?: number;
  readonly now?: () => number;
}

/** A new random secret: `folio_` + 256 random bits in base64url. */
export function generateSecret(): string {
  return KEY_PREFIX + randomBytes(32).toString("base64url");
}

function generateKeyId(): string {
  let id = "";
  for (let i = 0; i < KEY_ID_LENGTH; i += 1)
    id += KEY_ID_ALPHABET.charAt(randomInt(KEY_ID_ALPHABET.length));
  return id;
}

/**
 * Generated secrets carry 256 random bits, so guessing is hopeless and a fast unsalted hash is
 * the right choice (a slow password hash such as scrypt or argon2 would only add latency to
 * every request): SHA-256 hex, unique, so authentication is one indexed lookup. An operator's
 * FOLIO_ADMIN_KEY is hashed the same way and must be long and random (config asks ≥ 24 chars).
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

interface KeyRow {
  key_id: string;
  name: string;
  roles: string[];
  ledgers: string[];
  created_at: Date;
  revoked_at: Date | null;
}

const KEY_COLUMNS = "key_id, name, roles, ledgers, created_at, revoked_at";

function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

function toInfo(row: KeyRow): ApiKeyInfo {
  return {
    keyId: row.key_id,
    name: row.name,
    // An unknown role in the table (e.g. written by a newer version) grants nothing.
    roles: row.roles.filter(isRole),
    ledgers: [...row.ledgers],
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at === null ? null : row.revoked_at.toISOString(),
  };
}

function toPrincipal(info: ApiKeyInfo): Principal {
  return Object.freeze({
    keyId: info.keyId,
    name: info.name,
    roles: Object.freeze([...info.roles]),
    ledgers: Object.freeze([...info.ledgers]),
  });
}

/** Checks and normalises a new key: unique roles, unique ledgers, "*" alone when present. */
function normalise(input: NewApiKey): NewApiKey {
  if (input.name.length < 1 || input.name.length > MAX_KEY_NAME_LENGTH) {
    throw new RangeError(`a key name has 1..${MAX_KEY_NAME_LENGTH} characters`);
  }
  const keyRoles = [...new Set(input.roles)];
  if (keyRoles.length === 0 || !keyRoles.every((role) => isRole(role))) {
    throw new RangeError(`a key needs at least one of the roles: ${roles.join(", ")}`);
  }
  const ledgers = input.ledgers.includes(ALL_LEDGERS) ? [ALL_LEDGERS] : [...new Set(input.ledgers)];
  if (ledgers.length === 0 || ledgers.length > MAX_LEDGERS_PER_KEY) {
    throw new RangeError(`a key is scoped to 1..${MAX_LEDGERS_PER_KEY} ledgers, or "*"`);
  }
  return { name: input.name, roles: keyRoles, ledgers };
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505"
  );
}

interface CacheEntry {
  readonly result: Promise<Principal | null>;
  readonly keyId: string | null;
  readonly expiresAt: number;
}

/**
 * The PostgreSQL key store. `authenticate` caches each result (known and unknown secrets alike)
 * for `cacheTtlMs` in a bounded map, so the hot path does not query per request; concurrent
 * lookups of one secret share one query. Revoking through this store evicts at once; a
 * revocation made by another process takes effect here within the TTL (2 s by default).
 */
export function createPostgresApiKeyStore(
  pool: pg.Pool,
  options: ApiKeyStoreOptions = {},
): ApiKeyStore {
  const ttlMs = options.cacheTtlMs ?? DEFAULT_AUTH_CACHE_TTL_MS;
  const maxEntries = options.cacheMaxEntries ?? DEFAULT_AUTH_CACHE_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  /** By secret hash, in insertion order: the first entry is the oldest. */
  const cache = new Map<string, CacheEntry>();
  /** Bumped by every revocation: a lookup that overlapped one is not cached. */
  let revocations = 0;

  function remember(hash: string, entry: CacheEntry): void {
    if (ttlMs <= 0) return;
    cache.delete(hash);
    while (cache.size >= maxEntries) {
      const oldest = cache.keys().next();
      if (oldest.done === true) break;
      cache.delete(oldest.value);
    }
    cache.set(hash, entry);
  }

  function forgetKey(keyId: string): void {
    for (const [hash, entry] of cache) if (entry.keyId === keyId) cache.delete(hash);
  }

  async function lookup(hash: string): Promise<Principal | null> {
    const { rows } = await pool.query<KeyRow>(
      `SELECT ${KEY_COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    return row === undefined ? null : toPrincipal(toInfo(row));
  }

  return {
    async authenticate(secret) {
      if (secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return null;
      const hash = hashSecret(secret);
      const cached = cache.get(hash);
      if (cached !== undefined && cached.expiresAt > now()) return cached.result;
      const startedAt = revocations;
      const result = lookup(hash);
      const expiresAt = now() + ttlMs;
      // Shared by concurrent callers until it settles; then kept (with its key id) until expiry.
      remember(hash, { result, keyId: null, expiresAt });
      try {
        const principal = await result;
        if (cache.get(hash)?.result === result) {
          if (revocations === startedAt) {
            remember(hash, { result, keyId: principal?.keyId ?? null, expiresAt });
          } else {
            cache.delete(hash);
          }
        }
        return principal;
      } catch (error) {
        if (cache.get(hash)?.result === result) cache.delete(hash);
        throw error;
      }
    },

    async create(input, secret) {
      const key = normalise(input);
      const plain = secret ?? generateSecret();
      const hash = hashSecret(plain);
      try {
        const { rows } = await pool.query<KeyRow>(
          `INSERT INTO api_keys (key_id, name, key_hash, roles, ledgers)
           VALUES ($1, $2, $3, $4, $5) RETURNING ${KEY_COLUMNS}`,
          [generateKeyId(), key.name, hash, key.roles, key.ledgers],
        );
        const row = rows[0];
        if (row === undefined) throw new Error("INSERT ... RETURNING returned no row");
        return { key: plain, info: toInfo(row) };
      } catch (error) {
        // A 60-bit key id collision is as unlikely as a secret collision: both surface here.
        if (isUniqueViolation(error)) throw new ApiKeyConflictError();
        throw error;
      } finally {
        cache.delete(hash);
      }
    },

    async revoke(keyId) {
      // One transaction under a lock, so two revocations cannot remove the last two admins.
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query("SELECT pg_advisory_xact_lock(hashtextextended('folio:api-keys', 0))");
        const { rows: others } = await client.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM api_keys
           WHERE key_id <> $1 AND revoked_at IS NULL AND 'admin' = ANY(roles)`,
          [keyId],
        );
        const { rows } = await client.query<KeyRow>(
          `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
           WHERE key_id = $1
             AND (revoked_at IS NOT NULL OR NOT ('admin' = ANY(roles)) OR $2::int > 0)
           RETURNING ${KEY_COLUMNS}`,
          [keyId, others[0]?.count ?? 0],
        );
        const row = rows[0];
        if (row === undefined) {
          const { rowCount } = await client.query("SELECT 1 FROM api_keys WHERE key_id = $1", [
            keyId,
          ]);
          await client.query("COMMIT");
          if (rowCount !== null && rowCount > 0) throw new LastAdminKeyError(keyId);
          return null;
        }
        await client.query("COMMIT");
        revocations += 1;
        forgetKey(keyId);
        return toInfo(row);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    async list() {
      const { rows } = await pool.query<KeyRow>(
        `SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at DESC, key_id LIMIT $1`,
        [MAX_LISTED_KEYS],
      );
      return rows.map(toInfo);
    },

    async countActive() {
      const { rows } = await pool.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM api_keys WHERE revoked_at IS NULL",
      );
      return rows[0]?.count ?? 0;
    },
  };
}

export interface BootstrapOptions {
  /** FOLIO_ADMIN_KEY: the secret of the bootstrap admin key. */
  readonly adminKey?: string | undefined;
  readonly logger: Logger;
  /** Shows a newly created secret to the operator (the caller prints it once to stdout). */
  readonly announce: (key: string) => void;
}

const BOOTSTRAP_KEY_NAME = "bootstrap-admin";

function isFullAdmin(principal: Principal | null): boolean {
  return (
    principal !== null &&
    principal.roles.includes("admin") &&
    principal.ledgers.includes(ALL_LEDGERS)
  );
}

/**
 * Makes sure an admin can get in. With FOLIO_ADMIN_KEY: a key with exactly that secret exists
 * as admin on "*" (created on the first start, found on later ones). A key with that secret
 * that was revoked or is not a full admin is never brought back: the start fails and asks for
 * a new FOLIO_ADMIN_KEY. Without it: when no active key exists, one admin key on "*" is
 * created and announced once. (Several processes starting together on an empty table without
 * FOLIO_ADMIN_KEY may each create one; set FOLIO_ADMIN_KEY when running several.)
 * Secrets are never logged.
 */
export async function ensureBootstrapKey(
  store: ApiKeyStore,
  options: BootstrapOptions,
): Promise<void> {
  const { adminKey, logger } = options;
  if (adminKey !== undefined) {
    const existing = await store.authenticate(adminKey);
    if (isFullAdmin(existing)) {
      logger.info({ keyId: existing?.keyId }, "bootstrap admin key (FOLIO_ADMIN_KEY) is active");
      return;
    }
    const refused = new Error(
      "FOLIO_ADMIN_KEY belongs to a key that was revoked or is not an admin on every ledger; set a new FOLIO_ADMIN_KEY",
    );
    if (existing !== null) throw refused;
    try {
      const { info } = await store.create(
        { name: BOOTSTRAP_KEY_NAME, roles: ["admin"], ledgers: [ALL_LEDGERS] },
        adminKey,
      );
      logger.info({ keyId: info.keyId }, "bootstrap admin key created from FOLIO_ADMIN_KEY");
      return;
    } catch (error) {
      if (!(error instanceof ApiKeyConflictError)) throw error;
    }
    // Another process created it meanwhile, or it exists revoked.
    if (isFullAdmin(await store.authenticate(adminKey))) return;
    throw refused;
  }
  if ((await store.countActive()) > 0) return;
  const { key, info } = await store.create({
    name: BOOTSTRAP_KEY_NAME,
    roles: ["admin"],
    ledgers: [ALL_LEDGERS],
  });
  logger.warn(
    { keyId: info.keyId },
    "no API key existed: created a bootstrap admin key, printed once to stdout; set FOLIO_ADMIN_KEY to choose it",
  );
  options.announce(key);
}
