// Logging and request ids: pino options for fastify (JSON lines, secrets redacted) and the
// request id every log line carries, taken from a safe incoming x-request-id or made fresh,
// and echoed on every response.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { LogController, type FastifyPluginAsync, type FastifyRequest } from "fastify";
import fp from "fastify-plugin";

export const REQUEST_ID_HEADER = "x-request-id";
/** The key of the request id on every log line. */
export const REQUEST_ID_LOG_LABEL = "requestId";
export const REDACTED = "[redacted]";

/** Paths pino censors: credentials in headers, and any key, secret or apiKey field. */
export const REDACT_PATHS: readonly string[] = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...["key", "secret", "apiKey"].flatMap((field) => [
    field,
    `*.${field}`,
    `*.*.${field}`,
    `*.*.*.${field}`,
  ]),
];

/** What a request looks like in logs: enough to find it, with its headers (redacted). */
function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: request.url,
    host: request.host,
    remoteAddress: request.ip,
    headers: request.headers,
  };
}

/** Fastify's `logger` option: JSON lines at `level`, with secrets censored. */
export function loggerOptions(level: string) {
  return {
    level,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { req: serializeRequest },
  };
}

/** Incoming ids we trust: short tokens of safe characters (no spaces, quotes or newlines). */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id: the incoming x-request-id if it is a short safe token, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === "string" && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Fastify's request id options, spread into the factory's options. `requestIdHeader` is off
 * because fastify would take the header unchecked; `genReqId` reads and checks it instead.
 * The log label is set through `logController` (fastify 5.12 deprecates the top-level
 * `requestIdLogLabel`).
 */
export function requestIdOptions() {
  return {
    genReqId: requestIdOf,
    requestIdHeader: false as const,
    logController: new LogController({ requestIdLogLabel: REQUEST_ID_LOG_LABEL }),
  };
}

const requestIdPluginImpl: FastifyPluginAsync = (app) => {
  app.addHook("onSend", (request, reply, payload, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done(null, payload);
  });
  return Promise.resolve();
};

/** Echoes the request id as x-request-id on every response, errors and 404s included. */
export const requestIdPlugin = fp(requestIdPluginImpl, {
  name: "folio-request-id",
  fastify: "5.x",
});
