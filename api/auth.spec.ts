// API keys and authentication over real HTTP against a real PostgreSQL: the auth plugin's 401s,
// authorize()'s 403s, the admin key routes, hashed storage, cache-bounded revocation and the
// bootstrap admin key.
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import Fastify, { type FastifyInstance } from "fastify";
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { applyMigrations, createPool, createTestDatabase } from "../event-store/index.js";
import type { TestDatabase } from "../event-store/index.js";
import {
  API_MIGRATIONS,
  createPostgresApiKeyStore,
  hashSecret,
  LastAdminKeyError,
  type ApiKeyStore,
} from "./keys/apiKeyStore.js";
import { ensureBootstrapKey } from "./keys/bootstrapKey.js";
import { authPlugin } from "./plugins/auth.js";
import { actorOf, principalOf } from "./principal.js";
import { installProblemHandlers } from "./problems.js";
import { keyRoutes } from "./routes/keys.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });
/** The app's cache TTL: short, so cross-process revocation is observable in the test. */
const CACHE_TTL_MS = 200;

interface Problem {
  status: number;
  code: string;
  detail: string;
}
interface KeyInfoBody {
  keyId: string;
  name: string;
  roles: string[];
  ledgers: string[];
  createdAt: string;
  revokedAt: string | null;
}
interface CreatedKeyBody extends KeyInfoBody {
  key: string;
}

async function openDatabase(): Promise<{ database: TestDatabase; pool: pg.Pool }> {
  const database = await createTestDatabase("folio_auth_test");
  const pool = createPool({ connectionString: database.url, logger, max: 4 });
  await applyMigrations(pool, logger, API_MIGRATIONS);
  return { database, pool };
}

async function buildApp(keyStore: ApiKeyStore): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandlers(app);
  await app.register(authPlugin, { keyStore });
  await app.register(keyRoutes, { keyStore });
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    "/v1/ledgers/:ledgerId/whoami",
    {
      config: { access: { roles: ["poster"], ledger: "path" } },
      schema: { params: z.object({ ledgerId: z.string() }) },
    },
    (request) => {
      const principal = principalOf(request);
      return Promise.resolve({ actor: actorOf(principal) });
    },
  );
  typed.get("/health/live", () => Promise.resolve({ status: "ok" }));
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

describe("API keys over HTTP", () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let store: ApiKeyStore;
  let app: FastifyInstance;
  let url: string;
  let adminKey: string;

  beforeAll(async () => {
    ({ database, pool } = await openDatabase());
    store = createPostgresApiKeyStore(pool, { cacheTtlMs: CACHE_TTL_MS });
    adminKey = (await store.create({ name: "root", roles: ["admin"], ledgers: ["*"] })).key;
    ({ app, url } = await buildApp(store));
  });
  afterAll(async () => {
    await app.close();
    await pool.end();
    await database.drop();
  });

  async function createKey(body: unknown, key = adminKey): Promise<Response> {
    return fetch(`${url}/v1/keys`, {
      method: "POST",
      headers: { ...bearer(key), "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  async function expectProblem(response: Response, status: number, code: string): Promise<void> {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as Problem;
    expect(problem.status).toBe(status);
    expect(problem.code).toBe(code);
  }

  it("answers 401 without a key, with a Bearer challenge", async () => {
    const response = await fetch(`${url}/v1/ledgers/acme/whoami`);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    await expectProblem(response, 401, "unauthorized");
    await expectProblem(await fetch(`${url}/v1/keys`), 401, "unauthorized");
  });

  it("answers 401 to a malformed Authorization header", async () => {
    for (const header of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", `Bearer  ${adminKey}`]) {
      const response = await fetch(`${url}/v1/ledgers/acme/whoami`, {
        headers: { authorization: header },
      });
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      await expectProblem(response, 401, "unauthorized");
    }
  });

  it("answers 401 to an unknown key, also on public routes when one is sent", async () => {
    const wrong = `${adminKey.slice(0, -1)}${adminKey.endsWith("A") ? "B" : "A"}`;
    await expectProblem(
      await fetch(`${url}/v1/ledgers/acme/whoami`, { headers: bearer(wrong) }),
      401,
      "unauthorized",
    );
    await expectProblem(
      await fetch(`${url}/health/live`, { headers: bearer(wrong) }),
      401,
      "unauthorized",
    );
  });

  it("lets public routes answer without a key", async () => {
    const response = await fetch(`${url}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers 403 to a key without the role, and outside its ledgers", async () => {
    const auditor = (await (
      await createKey({ name: "auditor", roles: ["auditor"], ledgers: ["*"] })
    ).json()) as CreatedKeyBody;
    await expectProblem(
      await fetch(`${url}/v1/ledgers/acme/whoami`, { headers: bearer(auditor.key) }),
      403,
      "forbidden",
    );
    // Key administration is admin only, and refused before the body is looked at.
    await expectProblem(await createKey({ bogus: true }, auditor.key), 403, "forbidden");
    await expectProblem(
      await fetch(`${url}/v1/keys`, { headers: bearer(auditor.key) }),
      403,
      "forbidden",
    );

    const poster = (await (
      await createKey({ name: "acme poster", roles: ["poster"], ledgers: ["acme", "beta"] })
    ).json()) as CreatedKeyBody;
    const allowed = await fetch(`${url}/v1/ledgers/acme/whoami`, { headers: bearer(poster.key) });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ actor: `key:${poster.keyId}:acme poster` });
    await expectProblem(
      await fetch(`${url}/v1/ledgers/other/whoami`, { headers: bearer(poster.key) }),
      403,
      "forbidden",
    );
  });

  it("lets an admin do everything on every ledger", async () => {
    for (const ledger of ["acme", "other", "x-1"]) {
      const response = await fetch(`${url}/v1/ledgers/${ledger}/whoami`, {
        headers: bearer(adminKey),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { actor: string }).actor).toMatch(
        /^key:[a-z2-7]{12}:root$/,
      );
    }
    expect((await fetch(`${url}/v1/keys`, { headers: bearer(adminKey) })).status).toBe(200);
  });

  it("shows a new key's secret once; the list never shows secrets or hashes", async () => {
    const response = await createKey({
      name: "ops",
      roles: ["risk", "auditor"],
      ledgers: ["acme"],
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const created = (await response.json()) as CreatedKeyBody;
    expect(created.key).toMatch(/^folio_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      name: "ops",
      roles: ["risk", "auditor"],
      ledgers: ["acme"],
      revokedAt: null,
    });
    expect(created.keyId).toMatch(/^[a-z2-7]{12}$/);

    const listed = await fetch(`${url}/v1/keys`, { headers: bearer(adminKey) });
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(hashSecret(created.key));
    expect(text).not.toContain("folio_");
    const { keys } = JSON.parse(text) as { keys: Array<Record<string, unknown>> };
    const entry = keys.find((key) => key.keyId === created.keyId);
    expect(entry).toEqual({
      keyId: created.keyId,
      name: "ops",
      roles: ["risk", "auditor"],
      ledgers: ["acme"],
      createdAt: created.createdAt,
      revokedAt: null,
    });
    for (const key of keys)
      expect(Object.keys(key).sort()).toEqual(Object.keys(entry ?? {}).sort());
  });

  it("stores secrets hashed, never in clear", async () => {
    const created = (await (
      await createKey({ name: "hashed", roles: ["poster"], ledgers: ["acme"] })
    ).json()) as CreatedKeyBody;
    const { rows } = await pool.query<{ row: string; key_hash: string }>(
      "SELECT row_to_json(k)::text AS row, key_hash FROM api_keys k WHERE key_id = $1",
      [created.keyId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key_hash).toBe(hashSecret(created.key));
    const all = await pool.query<{ dump: string }>(
      "SELECT string_agg(row_to_json(k)::text, ',') AS dump FROM api_keys k",
    );
    expect(all.rows[0]?.dump).not.toContain(created.key);
    expect(all.rows[0]?.dump).not.toContain(created.key.slice("folio_".length));
  });

  it("validates new keys: roles, ledger ids, limits", async () => {
    const bad = [
      { name: "x", roles: ["root"], ledgers: ["*"] },
      { name: "x", roles: [], ledgers: ["*"] },
      { name: "x", roles: ["poster"], ledgers: [] },
      { name: "x", roles: ["poster"], ledgers: ["no/slash"] },
      { name: "x".repeat(101), roles: ["poster"], ledgers: ["*"] },
      { name: "x", roles: ["poster"], ledgers: Array.from({ length: 101 }, (_, i) => `l${i}`) },
      { name: "x", roles: ["poster"], ledgers: ["*"], extra: 1 },
    ];
    for (const body of bad) await expectProblem(await createKey(body), 400, "invalid_request");
  });

  it("refuses a revoked key: at once in this process, within the TTL from another", async () => {
    const created = (await (
      await createKey({ name: "short-lived", roles: ["poster"], ledgers: ["*"] })
    ).json()) as CreatedKeyBody;
    const call = (): Promise<Response> =>
      fetch(`${url}/v1/ledgers/acme/whoami`, { headers: bearer(created.key) });
    expect((await call()).status).toBe(200);

    const revoked = await fetch(`${url}/v1/keys/${created.keyId}`, {
      method: "DELETE",
      headers: bearer(adminKey),
    });
    expect(revoked.status).toBe(200);
    const info = (await revoked.json()) as KeyInfoBody;
    expect(info.keyId).toBe(created.keyId);
    expect(info.revokedAt).not.toBeNull();
    expect(info).not.toHaveProperty("key");
    await expectProblem(await call(), 401, "unauthorized");

    // Another process (its own store) revokes: the cached principal lasts at most the TTL.
    const other = (await (
      await createKey({ name: "elsewhere", roles: ["poster"], ledgers: ["*"] })
    ).json()) as CreatedKeyBody;
    const callOther = (): Promise<Response> =>
      fetch(`${url}/v1/ledgers/acme/whoami`, { headers: bearer(other.key) });
    expect((await callOther()).status).toBe(200);
    const otherProcess = createPostgresApiKeyStore(pool);
    expect((await otherProcess.revoke(other.keyId))?.revokedAt).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, CACHE_TTL_MS + 50));
    await expectProblem(await callOther(), 401, "unauthorized");
  });

  it("refuses to revoke the last active admin key, and allows it once another admin exists", async () => {
    const lonely = createPostgresApiKeyStore(pool);
    const admins = (await lonely.list()).filter(
      (info) => info.revokedAt === null && info.roles.includes("admin"),
    );
    const spare = await lonely.create({ name: "spare-admin", roles: ["admin"], ledgers: ["*"] });
    for (const info of admins) await lonely.revoke(info.keyId);
    const refused = await fetch(`${url}/v1/keys/${spare.info.keyId}`, {
      method: "DELETE",
      headers: bearer(spare.key),
    });
    await expectProblem(refused, 409, "last_admin_key");
    const replacement = await lonely.create({
      name: "root-again",
      roles: ["admin"],
      ledgers: ["*"],
    });
    adminKey = replacement.key;
    const allowed = await fetch(`${url}/v1/keys/${spare.info.keyId}`, {
      method: "DELETE",
      headers: bearer(adminKey),
    });
    expect(allowed.status).toBe(200);
  });

  it("answers 404 when revoking an unknown key, and revokes idempotently", async () => {
    await expectProblem(
      await fetch(`${url}/v1/keys/nosuchkey123`, { method: "DELETE", headers: bearer(adminKey) }),
      404,
      "not_found",
    );
    const created = (await (
      await createKey({ name: "twice", roles: ["risk"], ledgers: ["*"] })
    ).json()) as CreatedKeyBody;
    const first = (await (
      await fetch(`${url}/v1/keys/${created.keyId}`, {
        method: "DELETE",
        headers: bearer(adminKey),
      })
    ).json()) as KeyInfoBody;
    const second = (await (
      await fetch(`${url}/v1/keys/${created.keyId}`, {
        method: "DELETE",
        headers: bearer(adminKey),
      })
    ).json()) as KeyInfoBody;
    expect(second.revokedAt).toBe(first.revokedAt);
  });
});

describe("ensureBootstrapKey", () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const logged: string[] = [];
  const captureLogger = pino(
    { level: "trace" },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString());
        done();
      },
    }),
  );

  beforeAll(async () => {
    ({ database, pool } = await openDatabase());
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it("without FOLIO_ADMIN_KEY creates exactly one admin key and announces it once", async () => {
    const announced: string[] = [];
    const announce = (key: string): void => {
      announced.push(key);
    };
    // Each start builds its own store, as separate processes would.
    await ensureBootstrapKey(createPostgresApiKeyStore(pool), { logger: captureLogger, announce });
    await ensureBootstrapKey(createPostgresApiKeyStore(pool), { logger: captureLogger, announce });
    expect(announced).toHaveLength(1);
    const store = createPostgresApiKeyStore(pool);
    const keys = await store.list();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ roles: ["admin"], ledgers: ["*"], revokedAt: null });
    const principal = await store.authenticate(announced[0] ?? "");
    expect(principal?.keyId).toBe(keys[0]?.keyId);
    expect(logged.join("")).not.toContain(announced[0]);

    // The API refuses to revoke the last admin key; an operator can still do it in SQL.
    await expect(store.revoke(keys[0]?.keyId ?? "")).rejects.toBeInstanceOf(LastAdminKeyError);
    // All keys revoked that way: the next start makes a new one.
    await pool.query("UPDATE api_keys SET revoked_at = now()");
    await ensureBootstrapKey(createPostgresApiKeyStore(pool), { logger: captureLogger, announce });
    expect(announced).toHaveLength(2);
    expect(await store.countActive()).toBe(1);
    await pool.query("DELETE FROM api_keys");
  });

  it("with FOLIO_ADMIN_KEY makes that key an admin on every ledger, idempotently", async () => {
    const adminKey = "operator-chosen-admin-key-0123456789";
    const announced: string[] = [];
    const options = {
      adminKey,
      logger: captureLogger,
      announce: (key: string): void => {
        announced.push(key);
      },
    };
    await ensureBootstrapKey(createPostgresApiKeyStore(pool), options);
    await ensureBootstrapKey(createPostgresApiKeyStore(pool), options);
    expect(announced).toEqual([]);
    const store = createPostgresApiKeyStore(pool);
    const keys = await store.list();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ roles: ["admin"], ledgers: ["*"], revokedAt: null });
    const principal = await store.authenticate(adminKey);
    expect(principal).toMatchObject({ roles: ["admin"], ledgers: ["*"] });
    expect(logged.join("")).not.toContain(adminKey);

    // A revoked FOLIO_ADMIN_KEY (revoked in SQL: the API keeps the last admin) is not brought
    // back by a restart.
    await pool.query("UPDATE api_keys SET revoked_at = now() WHERE key_id = $1", [keys[0]?.keyId]);
    await expect(ensureBootstrapKey(createPostgresApiKeyStore(pool), options)).rejects.toThrow(
      /FOLIO_ADMIN_KEY/,
    );
  });
});
