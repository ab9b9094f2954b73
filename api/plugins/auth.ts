// Authentication: turns `Authorization: Bearer <key>` into `request.principal` on every
// request; a bad key is refused here with 401, while routes decide what a principal may do.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ApiKeyStore } from "../keys/apiKeyStore.js";
import { MAX_SECRET_LENGTH } from "../keys/apiKeyStore.js";
import type { Principal } from "../principal.js";
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

const auth: FastifyPluginAsync<AuthPluginOptions> = (app, options) => {
  const { keyStore } = options;
  app.decorateRequest("principal", null);

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
