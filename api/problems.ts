// Errors as RFC 9457 problem details (application/problem+json): one body shape for every
// error, carrying a stable machine `code`. Ledger rejections map to HTTP statuses here, in one
// place; docs/errors.md lists the same mapping and a test keeps the two in step.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { Rejection, RejectionCode } from "../ledger-core/index.js";
import { WriterError } from "../ledger-core/index.js";
import { isTransientError } from "../event-store/index.js";
import type { ExposureInputErrorCode } from "../projections/index.js";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** Codes the API itself answers with, besides the ledger's rejection codes. */
export type ApiErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "key_scope_exceeded"
  | "not_found"
  | "console_unavailable"
  | "verification_not_found"
  | "verification_running"
  | "body_too_large"
  | "unsupported_media_type"
  | "overloaded"
  | "not_owner"
  | "lease_lost"
  | "forward_timeout"
  | "forward_failed"
  | "forward_owner_lost"
  | "forward_too_large"
  | "rate_limited"
  | "request_timeout"
  | "event_invalid"
  | "command_too_large"
  | "last_admin_key"
  | "unavailable"
  | "read_model_unavailable"
  | "read_model_behind"
  | "cursor_invalid"
  | "sequence_beyond_ledger"
  | "as_of_before_ledger"
  | "as_of_in_future"
  | "parameter_set_not_found"
  | "parameter_set_ambiguous"
  | "parameter_set_without_accounts"
  | "run_not_found"
  | "ifrs9_input_invalid"
  /** An ISO 20022 import's document failed its XSD, could not be read or mapped (422). */
  | "document_invalid"
  | "internal_error";

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly instance?: string;
  readonly details?: Record<string, string | number>;
  readonly errors?: { path: string; message: string }[];
}

/** An error the API answers with as problem+json; throw it from any handler. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | RejectionCode | ExposureInputErrorCode | "concurrency_conflict",
    message: string,
    readonly details?: Readonly<Record<string, string | number>>,
    readonly errors?: ReadonlyArray<{ readonly path: string; readonly message: string }>,
  ) {
    super(message);
    this.name = "ApiProblem";
  }
}

const notFoundCodes = new Set<string>([
  "ledger_not_found",
  "account_not_found",
  "entry_not_found",
  "pending_not_found",
  "counterparty_not_found",
  "facility_not_found",
]);
const conflictCodes = new Set<string>(["id_conflict", "version_conflict"]);
const invalidInputCodes = new Set<string>([
  "unknown_currency",
  "flags_mutually_exclusive",
  "amount_invalid",
  "amount_precision",
  "amount_too_large",
]);

/** The HTTP status of a ledger rejection (docs/errors.md): 400, 404, 409 or 422. */
export function httpStatusOfRejection(code: RejectionCode): 400 | 404 | 409 | 422 {
  if (notFoundCodes.has(code)) return 404;
  if (conflictCodes.has(code)) return 409;
  if (invalidInputCodes.has(code)) return 400;
  return 422;
}

export function rejectionProblem(rejection: Rejection): ApiProblem {
  return new ApiProblem(
    httpStatusOfRejection(rejection.code),
    rejection.code,
    rejection.message,
    rejection.details,
  );
}

const titles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function problemBody(problem: ApiProblem, instance: string): ProblemBody {
  return {
    type: `urn:folio:problem:${problem.code}`,
    title: titles[problem.status] ?? "Error",
    status: problem.status,
    code: problem.code,
    detail: problem.message,
    instance,
    ...(problem.details === undefined ? {} : { details: { ...problem.details } }),
    ...(problem.errors === undefined
      ? {}
      : { errors: problem.errors.map((error) => ({ ...error })) }),
  };
}

export function sendProblem(reply: FastifyReply, problem: ApiProblem): FastifyReply {
  // A limiter that knows when to come back (the rate limit) has set Retry-After already.
  if ((problem.status === 503 || problem.status === 429) && !reply.hasHeader("retry-after")) {
    reply.header("retry-after", "1");
  }
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problemBody(problem, reply.request.id));
}

/** Turns anything a handler throws into a problem; a 500 is logged with its stack. */
export function toProblem(error: unknown, request: FastifyRequest): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error instanceof WriterError) {
    if (error.code === "overloaded") return new ApiProblem(503, "overloaded", error.message);
    // Refusals of this command alone, never stored: retrying the same command cannot help.
    if (error.code === "event_invalid") return new ApiProblem(422, "event_invalid", error.message);
    if (error.code === "command_too_large") {
      return new ApiProblem(413, "command_too_large", error.message);
    }
    if (error.code === "concurrency_conflict") {
      return new ApiProblem(503, "concurrency_conflict", error.message);
    }
    // Another process owns the ledger, or this one just lost it: retry (docs/writer.md, Leases).
    if (
      error.code === "not_owner" ||
      error.code === "lease_lost" ||
      error.code === "forward_timeout" ||
      error.code === "forward_failed" ||
      error.code === "forward_owner_lost"
    ) {
      return new ApiProblem(503, error.code, error.message);
    }
    if (error.code === "forward_too_large") {
      return new ApiProblem(413, "forward_too_large", error.message);
    }
    return new ApiProblem(503, "unavailable", error.message);
  }
  const fastifyError = error as Partial<FastifyError>;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => ({
      path: issue.instancePath === "" ? "/" : issue.instancePath,
      message: issue.message ?? "is invalid",
    }));
    const where = error.validationContext ?? "request";
    return new ApiProblem(400, "invalid_request", `the ${where} is invalid`, undefined, errors);
  }
  switch (fastifyError.code) {
    case "FST_ERR_HANDLER_TIMEOUT":
      return new ApiProblem(
        503,
        "request_timeout",
        "the request took too long; retry it (commands are idempotent by id)",
      );
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ApiProblem(413, "body_too_large", "the request body is too large");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ApiProblem(415, "unsupported_media_type", "send application/json");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new ApiProblem(
        400,
        "invalid_request",
        fastifyError.message ?? "the body is not valid JSON",
      );
  }
  if (typeof fastifyError.statusCode === "number" && fastifyError.statusCode < 500) {
    return new ApiProblem(
      fastifyError.statusCode,
      "invalid_request",
      fastifyError.message ?? "bad request",
    );
  }
  if (isTransientError(error)) {
    request.log.warn({ err: error }, "database busy or unreachable");
    return new ApiProblem(503, "unavailable", "the database is busy or unreachable; retry shortly");
  }
  request.log.error({ err: error }, "unhandled error");
  return new ApiProblem(500, "internal_error", "an internal error occurred; it has been logged");
}

/** Installs the error and not-found handlers that answer with problem+json. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendProblem(reply, toProblem(error, request)));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      new ApiProblem(404, "not_found", `no route ${request.method} ${request.url}`),
    ),
  );
}
