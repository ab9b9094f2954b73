// The key store's authentication cache against real PostgreSQL: known keys and unknown secrets
// are cached apart, so a flood of random tokens never evicts a valid key (it would turn every
// valid request into a query); concurrent lookups of one secret share one query; a revocation
// through the store takes effect at once.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  createPool,
  createTestDatabase,
  type TestDatabase,
} from "../../event-store/index.js";
import { API_MIGRATIONS, createPostgresApiKeyStore } from "./apiKeyStore.js";

const logger = pino({ level: "silent" });

let database: TestDatabase;
let pool: pg.Pool;
let queries = 0;
/** The pool, counting the queries the store sends through `query`. */
let counting: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase("folio_keys_cache");
  pool = createPool({ connectionString: database.url, logger, max: 4 });
  await applyMigrations(pool, logger, API_MIGRATIONS);
  counting = new Proxy(pool, {
    get(target, property, receiver) {
      if (property === "query") {
        return (...args: Parameters<pg.Pool["query"]>) => {
          queries += 1;
          return (target.query as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as () => unknown).bind(target) : value;
    },
  });
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

const randomToken = (): string => `folio_${randomBytes(32).toString("base64url")}`;

describe("the authentication cache", () => {
  it("keeps a valid key cached through a flood of unknown tokens", async () => {
    const store = createPostgresApiKeyStore(counting, {
      cacheTtlMs: 60_000,
      cacheMaxEntries: 4,
      cacheMaxMisses: 4,
    });
    const { key } = await store.create({ name: "svc", roles: ["poster"], ledgers: ["a"] });
    expect(await store.authenticate(key)).not.toBeNull();
    for (let index = 0; index < 200; index += 1) {
      expect(await store.authenticate(randomToken())).toBeNull();
    }
    const before = queries;
    expect((await store.authenticate(key))?.name).toBe("svc");
    expect(queries).toBe(before);
  });

  it("remembers an unknown token within its bound, and shares concurrent lookups", async () => {
    const store = createPostgresApiKeyStore(counting, { cacheTtlMs: 60_000 });
    const token = randomToken();
    const before = queries;
    const answers = await Promise.all(Array.from({ length: 10 }, () => store.authenticate(token)));
    expect(answers.every((answer) => answer === null)).toBe(true);
    expect(await store.authenticate(token)).toBeNull();
    expect(queries - before).toBe(1);
  });

  it("forgets a key revoked through the store at once", async () => {
    const store = createPostgresApiKeyStore(counting, { cacheTtlMs: 60_000 });
    await store.create({ name: "admin", roles: ["admin"], ledgers: ["*"] });
    const { key, info } = await store.create({ name: "gone", roles: ["poster"], ledgers: ["a"] });
    expect(await store.authenticate(key)).not.toBeNull();
    await store.revoke(info.keyId);
    expect(await store.authenticate(key)).toBeNull();
  });
});
