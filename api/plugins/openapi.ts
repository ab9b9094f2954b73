// OpenAPI 3.1 document and docs page: register this plugin BEFORE the route plugins, since
// @fastify/swagger only sees routes added after it. It builds the document at /openapi.json
// from the routes' own zod schemas (descriptions and `.meta({ examples })` included), serves
// the interactive page at /docs, and declares the bearer API key applied to every operation
// (public routes opt out with `security: []`).
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";
import packageJson from "../../package.json" with { type: "json" };

export interface OpenApiServer {
  readonly url: string;
  readonly description?: string;
}

export interface OpenApiPluginOptions {
  /** Where clients reach the API; the document lists them as `servers`. */
  readonly servers?: readonly OpenApiServer[];
}

/** The name of the bearer security scheme every authenticated operation requires. */
export const API_KEY_SCHEME = "apiKey";

export const OPENAPI_TAGS = [
  { name: "ledgers", description: "Ledgers, their assets and reporting currency" },
  { name: "accounts", description: "Accounts and their balances" },
  { name: "entries", description: "Journal entries, batches and reversals" },
  { name: "pending", description: "Two-phase entries: holds that are later posted or voided" },
  { name: "periods", description: "Closing accounting periods" },
  { name: "risk", description: "Risk inputs: counterparties, facilities, FX rates, capital base" },
  { name: "keys", description: "API keys and their roles (admin only)" },
  { name: "operations", description: "Health probes and service operations" },
] as const;

const description = [
  "Folio is an event-sourced, hash-chained double-entry ledger.",
  "",
  "Authenticate with an API key: `Authorization: Bearer <key>`.",
  "Amounts are decimal strings. Every error is an RFC 9457 problem",
  "(`application/problem+json`) with a stable machine-readable `code`.",
].join("\n");

const openApiPluginImpl: FastifyPluginAsync<OpenApiPluginOptions> = async (app, options) => {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Folio ledger API", version: packageJson.version, description },
      ...(options.servers === undefined || options.servers.length === 0
        ? {}
        : { servers: options.servers.map((server) => ({ ...server })) }),
      tags: OPENAPI_TAGS.map((tag) => ({ ...tag })),
      components: {
        securitySchemes: {
          [API_KEY_SCHEME]: {
            type: "http",
            scheme: "bearer",
            description: "An API key issued by an admin, sent as a bearer token",
          },
        },
      },
      security: [{ [API_KEY_SCHEME]: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  app.get("/openapi.json", { schema: { hide: true } }, () => app.swagger());
};

/** @fastify/swagger + the /docs page + GET /openapi.json; register before any route plugin. */
export const openApiPlugin = fp(openApiPluginImpl, {
  name: "folio-openapi",
  fastify: "5.x",
});
