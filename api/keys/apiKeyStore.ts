// API keys: their table, the store that creates, lists, revokes and authenticates them (with a
// short-lived lookup cache for the hot path). The bootstrap admin key is bootstrapKey.ts.
import { createHash, randomBytes, randomInt } from "node:crypto";
import { LRUCache } from "lru-cache";
import type pg from "pg";
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
/** Known keys whose authentication is cached, at most (least recently used evicted first). */
export const DEFAULT_AUTH_CACHE_MAX_ENTRIES = 10_000;
/** Unknown or revoked secrets remembered, at most: a separate cache, so misses never evict hits. */
export const DEFAULT_AUTH_MISS_CACHE_MAX_ENTRIES = 10_000;

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
  /**
   * At most MAX_LISTED_KEYS keys, newest first, revoked ones included; never secrets. With
   * `withinLedgers`, only keys scoped to some of those ledgers and never a global key.
   */
  list(filter?: { readonly withinLedgers?: readonly string[] }): Promise<ApiKeyInfo[]>;
  /** One key by id (revoked or not), or null. */
  find(keyId: string): Promise<ApiKeyInfo | null>;
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
  /** Known keys cached at most. */
  readonly cacheMaxEntries?: number;
  /** Unknown secrets remembered at most (apart from known keys). */
  readonly cacheMaxMisses?: number;
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
  readonly principal: Principal | null;
  readonly expiresAt: number;
}

/**
 * The authentication cache: known keys and unknown secrets in two bounded LRU caches (so a
 * flood of random tokens evicts only other misses, never a valid key), both by secret hash,
 * each entry kept `ttlMs`; and the lookups in flight, shared by concurrent callers.
 */
class AuthCache {
  private readonly hits: LRUCache<string, CacheEntry>;
  private readonly misses: LRUCache<string, CacheEntry>;
  readonly inFlight = new Map<string, Promise<Principal | null>>();

  constructor(
    private readonly ttlMs: number,
    maxHits: number,
    maxMisses: number,
    private readonly now: () => number,
  ) {
    this.hits = new LRUCache({ max: Math.max(1, maxHits) });
    this.misses = new LRUCache({ max: Math.max(1, maxMisses) });
  }

  get(hash: string): CacheEntry | undefined {
    const entry = this.hits.get(hash) ?? this.misses.get(hash);
    return entry !== undefined && entry.expiresAt > this.now() ? entry : undefined;
  }

  remember(hash: string, principal: Principal | null, expiresAt: number): void {
    if (this.ttlMs <= 0) return;
    (principal === null ? this.misses : this.hits).set(hash, { principal, expiresAt });
  }

  forget(hash: string): void {
    this.hits.delete(hash);
    this.misses.delete(hash);
  }

  forgetKey(keyId: string): void {
    for (const [hash, entry] of this.hits.entries()) {
      if (entry.principal?.keyId === keyId) this.hits.delete(hash);
    }
  }
}

/**
 * The PostgreSQL key store. `authenticate` caches each result (known and unknown secrets alike,
 * apart: AuthCache) for `cacheTtlMs`, so the hot path does not query per request; concurrent
 * lookups of one secret share one query. Revoking through this store evicts at once; a
 * revocation made by another process takes effect here within the TTL (2 s by default).
 */
export function createPostgresApiKeyStore(
  pool: pg.Pool,
  options: ApiKeyStoreOptions = {},
): ApiKeyStore {
  const ttlMs = options.cacheTtlMs ?? DEFAULT_AUTH_CACHE_TTL_MS;
  const now = options.now ?? Date.now;
  const cache = new AuthCache(
    ttlMs,
    options.cacheMaxEntries ?? DEFAULT_AUTH_CACHE_MAX_ENTRIES,
    options.cacheMaxMisses ?? DEFAULT_AUTH_MISS_CACHE_MAX_ENTRIES,
    now,
  );
  /** Bumped by every revocation: a lookup that overlapped one is not cached. */
  let revocations = 0;

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
      if (cached !== undefined) return cached.principal;
      const shared = cache.inFlight.get(hash);
      if (shared !== undefined) return shared;
      const startedAt = revocations;
      const result = lookup(hash);
      const expiresAt = now() + ttlMs;
      cache.inFlight.set(hash, result);
      try {
        const principal = await result;
        if (cache.inFlight.get(hash) === result && revocations === startedAt) {
          cache.remember(hash, principal, expiresAt);
        }
        return principal;
      } finally {
        if (cache.inFlight.get(hash) === result) cache.inFlight.delete(hash);
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
        cache.forget(hash);
        cache.inFlight.delete(hash);
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
        cache.forgetKey(keyId);
        return toInfo(row);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    async list(filter = {}) {
      const within = filter.withinLedgers;
      const { rows } = await pool.query<KeyRow>(
        `SELECT ${KEY_COLUMNS} FROM api_keys
         WHERE $2::text[] IS NULL OR (ledgers <@ $2::text[] AND NOT ($3 = ANY(ledgers)))
         ORDER BY created_at DESC, key_id LIMIT $1`,
        [MAX_LISTED_KEYS, within === undefined ? null : [...within], ALL_LEDGERS],
      );
      return rows.map(toInfo);
    },

    async find(keyId) {
      const { rows } = await pool.query<KeyRow>(
        `SELECT ${KEY_COLUMNS} FROM api_keys WHERE key_id = $1`,
        [keyId],
      );
      const row = rows[0];
      return row === undefined ? null : toInfo(row);
    },

    async countActive() {
      const { rows } = await pool.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM api_keys WHERE revoked_at IS NULL",
      );
      return rows[0]?.count ?? 0;
    },
  };
}
