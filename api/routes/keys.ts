// Admin routes for API keys: create one (its secret is shown once), list them (never their
// secrets), revoke one. Every route here needs the admin role, and a key manages only keys
// within its own scope (mayManageKey): an admin scoped to some ledgers creates, sees and
// revokes only keys scoped to those ledgers; only a global admin touches global keys.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ledgerIdSchema, textSchema } from "../../schemas/index.js";
import type { ApiKeyInfo, ApiKeyStore } from "../keys/apiKeyStore.js";
import {
  LastAdminKeyError,
  MAX_KEY_NAME_LENGTH,
  MAX_LEDGERS_PER_KEY,
  MAX_LISTED_KEYS,
} from "../keys/apiKeyStore.js";
import { ALL_LEDGERS, actorOf, mayManageKey, principalOf, roles } from "../principal.js";
import { ApiProblem } from "../problems.js";

export interface KeyRoutesOptions {
  readonly keyStore: ApiKeyStore;
}

const exampleInfo = {
  keyId: "k3j7q2mxa5td",
  name: "payments-service",
  roles: ["poster" as const],
  ledgers: ["acme-eur"],
  createdAt: "2025-01-31T09:30:00.000Z",
  revokedAt: null,
};

const keyIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9]{1,64}$/, "a key id: 1..64 letters or digits")
  .describe("The key's public id (not its secret)")
  .meta({ example: exampleInfo.keyId });

const nameSchema = textSchema(MAX_KEY_NAME_LENGTH, 1)
  .regex(/^[^\p{Cc}]+$/u, "no control characters")
  .describe("Who uses the key; recorded in the actor of every entry it writes")
  .meta({ example: exampleInfo.name });

const rolesSchema = z
  .array(z.enum(roles))
  .min(1)
  .max(roles.length)
  .describe(
    "admin: everything, keys included; poster: commands and reads; auditor: reads, audit, digests; risk: balances, exposure, IFRS 9; risk-admin: the risk inputs (counterparties, facilities, FX rates, capital base) and the IFRS 9 inputs (terms, credit assessments, write-offs, parameters)",
  )
  .meta({ example: exampleInfo.roles });

const ledgersSchema = z
  .array(z.union([z.literal(ALL_LEDGERS), ledgerIdSchema]))
  .min(1)
  .max(MAX_LEDGERS_PER_KEY)
  .describe(`Ledger ids the key may touch, or ["${ALL_LEDGERS}"] for every ledger`)
  .meta({ example: exampleInfo.ledgers });

const createKeyBodySchema = z
  .strictObject({ name: nameSchema, roles: rolesSchema, ledgers: ledgersSchema })
  .describe("A new API key")
  .meta({
    example: { name: exampleInfo.name, roles: exampleInfo.roles, ledgers: exampleInfo.ledgers },
  });

const keyInfoSchema = z
  .object({
    keyId: keyIdSchema,
    name: z.string().describe("Who uses the key"),
    roles: z.array(z.enum(roles)).describe("The key's roles"),
    ledgers: z.array(z.string()).describe(`Ledger ids the key may touch, or ["${ALL_LEDGERS}"]`),
    createdAt: z.string().describe("When the key was created (ISO 8601)"),
    revokedAt: z.string().nullable().describe("When the key was revoked, or null if active"),
  })
  .describe("An API key, without its secret")
  .meta({ example: exampleInfo });

const createdKeySchema = keyInfoSchema
  .extend({
    key: z
      .string()
      .describe("The secret, shown only in this response: send it as Authorization: Bearer <key>"),
  })
  .describe("The new key and its secret (store it now: it cannot be shown again)")
  .meta({ example: { key: "folio_3q2-7wEm0cYlTn1VhQ9sB4xP6gRkZ8aJdUoF5iNtLyC", ...exampleInfo } });

const keyListSchema = z
  .object({
    keys: z
      .array(keyInfoSchema)
      .max(MAX_LISTED_KEYS)
      .describe(`At most ${MAX_LISTED_KEYS} keys, newest first, revoked ones included`),
  })
  .describe("API keys, never their secrets")
  .meta({ example: { keys: [exampleInfo] } });

function publicInfo(info: ApiKeyInfo): z.infer<typeof keyInfoSchema> {
  return {
    keyId: info.keyId,
    name: info.name,
    roles: info.roles,
    ledgers: info.ledgers,
    createdAt: info.createdAt,
    revokedAt: info.revokedAt,
  };
}

export const keyRoutes: FastifyPluginAsyncZod<KeyRoutesOptions> = (app, options) => {
  const { keyStore } = options;

  const access = { roles: ["admin" as const], ledger: "none" as const };

  app.post(
    "/v1/keys",
    {
      config: { access },
      schema: {
        tags: ["keys"],
        summary: "Create an API key (admin); its secret is returned once",
        body: createKeyBodySchema,
        response: { 201: createdKeySchema },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!mayManageKey(principal, request.body)) {
        throw new ApiProblem(
          403,
          "key_scope_exceeded",
          "a key can only create keys within its own ledgers; only an admin on every ledger creates keys on every ledger",
        );
      }
      const { key, info } = await keyStore.create(request.body);
      request.log.info({ keyId: info.keyId, by: actorOf(principal) }, "API key created");
      return reply
        .code(201)
        .header("cache-control", "no-store")
        .send({ key, ...publicInfo(info) });
    },
  );

  app.get(
    "/v1/keys",
    {
      config: { access },
      schema: {
        tags: ["keys"],
        summary: `List API keys (admin): at most ${MAX_LISTED_KEYS}, newest first, no secrets`,
        description:
          "An admin scoped to some ledgers sees only the keys scoped within its ledgers.",
        response: { 200: keyListSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const keys = await keyStore.list(
        principal.ledgers.includes(ALL_LEDGERS) ? {} : { withinLedgers: principal.ledgers },
      );
      return { keys: keys.map(publicInfo) };
    },
  );

  const currentKeySchema = keyInfoSchema
    .pick({ keyId: true, name: true, roles: true, ledgers: true })
    .describe("The key that sent the request: who it is and what it may do")
    .meta({
      example: {
        keyId: exampleInfo.keyId,
        name: exampleInfo.name,
        roles: exampleInfo.roles,
        ledgers: exampleInfo.ledgers,
      },
    });

  app.get(
    "/v1/keys/current",
    {
      // Any valid key may ask who it is: the console shows only what the key may do.
      config: { access: { roles: [...roles], ledger: "none" as const } },
      schema: {
        tags: ["keys"],
        summary: "The calling key: its id, name, roles and ledgers (any role)",
        response: { 200: currentKeySchema },
      },
    },
    (request) => {
      const principal = principalOf(request);
      return {
        keyId: principal.keyId,
        name: principal.name,
        roles: [...principal.roles],
        ledgers: [...principal.ledgers],
      };
    },
  );

  app.delete(
    "/v1/keys/:keyId",
    {
      config: { access },
      schema: {
        tags: ["keys"],
        summary: "Revoke an API key (admin); idempotent",
        params: z.strictObject({ keyId: keyIdSchema }),
        description:
          "Refused (409 last_admin_key) for the last active admin key; 404 for a key outside the caller's scope.",
        response: { 200: keyInfoSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { keyId } = request.params;
      const target = await keyStore.find(keyId);
      // A key outside the caller's scope is answered as unknown: its existence is not the
      // caller's business.
      if (target === null || !mayManageKey(principal, target)) {
        throw new ApiProblem(404, "not_found", `no API key ${keyId}`);
      }
      const info = await keyStore.revoke(keyId).catch((error: unknown) => {
        if (error instanceof LastAdminKeyError)
          throw new ApiProblem(409, "last_admin_key", error.message);
        throw error;
      });
      if (info === null) throw new ApiProblem(404, "not_found", `no API key ${keyId}`);
      request.log.info({ keyId, by: actorOf(principal) }, "API key revoked");
      return publicInfo(info);
    },
  );
  return Promise.resolve();
};
