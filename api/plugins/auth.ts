// Authentication and authorization: turns `Authorization: Bearer <key>` into
// `request.principal` on every request (a bad key is refused here with 401), and checks the
// access each /v1 route declares in `config.access` before its input is validated, so a
// caller without the right learns nothing about a route's rules. A /v1 route that declares
// no access cannot be registered; the table of declarations (`routeAccess`) is what the
// authorization matrix test walks.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ApiKeyStore } from "../keys/apiKeyStore.js";
import { MAX_SECRET_LENGTH } from "../keys/apiKeyStore.js";
import { authorize, type Principal, type RouteAccess } from "../principal.js";
import { ApiProblem, sendProblem } from "../problems.js";

export interface AuthPluginOptions {
  readonly keyStore: ApiKeyStore;
}

/** RFC 6750 b64token after a case-insensitive "Bearer" and one space. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

const CHALLENGE = 'Bearer realm="folio"';
const INVALID_TOKEN_CHALLENGE = 'Bearer realm="folio", error="invalid_token"';

function refuse(reply: FastifyReply, detail: string): FastifyReply {
  reply.header("www-authenticate", INVALID_TOKEN_CHALLENGE);
  return sendProblem(reply, new ApiProblem(401, "unauthorized", detail));
}

/** One registered route and the access it declares (null: public, outside /v1). */
export interface RouteAccessEntry {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess | null;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Every route registered after the auth plugin, with its declared access. */
    readonly routeAccess: readonly RouteAccessEntry[];
  }
}

/** The ledger id a request names where its route says (unvalidated: a non-string is none). */
function ledgerIdOf(request: FastifyRequest, access: RouteAccess): string | undefined {
  const source =
    access.ledger === "path" ? request.params : access.ledger === "body" ? request.body : null;
  if (typeof source !== "object" || source === null) return undefined;
  const value = (source as Record<string, unknown>)[access.ledger === "path" ? "ledgerId" : "id"];
  return typeof value === "string" ? value : undefined;
}

const auth: FastifyPluginAsync<AuthPluginOptions> = (app, options) => {
  const { keyStore } = options;
  app.decorateRequest("principal", null);
  const routeAccess: RouteAccessEntry[] = [];
  app.decorate("routeAccess", routeAccess);

  app.addHook("onRoute", (route) => {
    const access = route.config?.access ?? null;
    if (route.url.startsWith("/v1/") && access === null) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no config.access`);
    }
    for (const method of [route.method].flat()) {
      routeAccess.push({ method, url: route.url, access });
    }
  });

  // Before validation: a caller without the role or the ledger gets 403 whatever it sent. A
  // ledger id that is not a string is left to validation (400).
  app.addHook("preValidation", (request: FastifyRequest, _reply, done) => {
    const access = request.routeOptions.config.access;
    if (access !== undefined) {
      const ledgerId = access.ledger === "none" ? undefined : ledgerIdOf(request, access);
      authorize(request, access.roles, ledgerId);
    }
    done();
  });

  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    // No key: the principal stays null. Public routes (/health/*, /metrics, /docs*,
    // /openapi.json) never call authorize() and answer; every other route's authorize()
    // answers 401. A header that is sent is always checked, on public routes too.
    if (header === undefined) {
      // Every /v1 route needs a key: refuse here, before the body is parsed or validated,
      // so a caller without a key gets 401 and learns nothing about the body's rules.
      if (!request.url.startsWith("/v1/")) return;
      return sendProblem(
        reply.header("www-authenticate", CHALLENGE),
        new ApiProblem(401, "unauthorized", "send an API key as Authorization: Bearer <key>"),
      );
    }
    const match = BEARER.exec(header);
    const secret = match?.[1];
    if (secret === undefined || secret.length > MAX_SECRET_LENGTH) {
      return refuse(reply, "the Authorization header must be: Bearer <key>");
    }
    let principal: Principal | null;
    try {
      principal = await keyStore.authenticate(secret);
    } catch (error) {
      request.log.error({ err: error }, "API key lookup failed");
      return sendProblem(
        reply,
        new ApiProblem(503, "unavailable", "cannot check the API key right now; retry"),
      );
    }
    if (principal === null) return refuse(reply, "this API key is unknown or revoked");
    request.principal = principal;
    return undefined;
  });

  // Every 401, including those authorize() throws in routes, carries the challenge.
  app.addHook("onSend", async (_request, reply, payload) => {
    if (reply.statusCode === 401 && !reply.hasHeader("www-authenticate")) {
      reply.header("www-authenticate", CHALLENGE);
    }
    return payload;
  });
  return Promise.resolve();
};

/** Registered through fastify-plugin so its hooks apply to the whole app. */
export const authPlugin = fp(auth, { name: "folio-auth", fastify: "5.x" });
