// Overload protection, from the field's own plugins: a per-key rate limit on /v1
// (@fastify/rate-limit: 429 with Retry-After), load shedding when the event loop lags or the
// database pool has a queue (@fastify/under-pressure: 503 overloaded with Retry-After; the
// liveness probe is never shed), and security headers on every answer, the /docs page
// included (@fastify/helmet). Every limit comes in through `OverloadLimits` (api/config.ts,
// docs/limits.md).
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import underPressure from "@fastify/under-pressure";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { ApiProblem } from "../problems.js";

export interface OverloadLimits {
  /** Requests one API key (or, before authentication, one address) may send per minute; 0: off. */
  readonly rateLimitPerMinute: number;
  /** Shed requests while the event loop lags more than this, ms; 0: off. */
  readonly maxEventLoopDelayMs: number;
  /** Shed requests while more than this many queries wait for a pooled connection; 0: off. */
  readonly maxPoolWaiting: number;
  /** Queries waiting for a pooled connection now (the API's pools together). */
  readonly poolWaiting: () => number;
}

/** How often the pool's queue is sampled for load shedding. */
export const POOL_SAMPLE_INTERVAL_MS = 250;

/** Sheds a request: the rejection goes to the app's error handler (503 problem+json). */
function shed(request: FastifyRequest, _reply: FastifyReply, type: string): Promise<void> {
  request.log.warn({ type }, "request shed under pressure");
  return Promise.reject(
    new ApiProblem(503, "overloaded", `Folio is overloaded (${type}); retry shortly`),
  );
}

const overload: FastifyPluginAsync<OverloadLimits> = async (app, limits) => {
  await app.register(helmet, {
    // The /docs page (Swagger UI) runs its own inline bootstrap and styles.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "validator.swagger.io"],
        // Folio often serves plain HTTP behind a TLS proxy or on localhost: upgrading its
        // own requests to https would break /docs there.
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    healthCheck: () =>
      Promise.resolve(limits.maxPoolWaiting <= 0 || limits.poolWaiting() <= limits.maxPoolWaiting),
    healthCheckInterval: POOL_SAMPLE_INTERVAL_MS,
    pressureHandler: shed,
  });
  if (limits.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      max: limits.rateLimitPerMinute,
      timeWindow: 60_000,
      // Registered after the auth plugin: its onRequest hook runs once the key is known.
      keyGenerator: (request) =>
        request.principal === null ? `ip:${request.ip}` : `key:${request.principal.keyId}`,
      allowList: (request) => !request.url.startsWith("/v1/"),
      errorResponseBuilder: (_request, context) =>
        new ApiProblem(
          429,
          "rate_limited",
          `this key sent more than ${context.max} requests in a minute; retry in ${context.after}`,
          { limit: context.max, retryAfterSeconds: Math.ceil(context.ttl / 1000) },
        ),
    });
  }
};

/** Registered through fastify-plugin so its hooks cover every route registered after it. */
export const overloadPlugin = fp(overload, { name: "folio-overload", fastify: "5.x" });
