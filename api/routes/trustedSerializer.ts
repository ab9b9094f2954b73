// Serialisation of the hot command routes' success answers (POST entries, batch, reversal and
// holds): their views are built field by field by api/views.ts and the routes (typed against the
// response schemas), so re-validating them with zod on every answer (fastify-type-provider-zod's
// serializerCompiler: a safeEncode, then JSON.stringify) only costs time. Success statuses are
// stringified directly; every other status (problems) keeps the validating serializer. The
// response schemas stay on the routes: they document the answers in OpenAPI, and
// api/responseSchemas.spec.ts checks that the answers still match them.
import type { FastifySerializerCompiler } from "fastify";
import { serializerCompiler } from "fastify-type-provider-zod";

/** The statuses whose bodies are trusted views (200: a replay, 201: accepted). */
export const TRUSTED_STATUSES: ReadonlySet<string> = new Set(["200", "201"]);

function stringify(data: unknown): string {
  return JSON.stringify(data);
}

type ZodRouteSchema = Parameters<typeof serializerCompiler>[0];

/**
 * A route's `serializerCompiler`: plain JSON for TRUSTED_STATUSES, zod-checked for the rest.
 * Fastify calls it once per status of the route's `response` with that status's schema (a zod
 * schema here), whatever fastify's route typing says `T` is.
 */
export function trustedSuccessSerializer<T>(
  route: Parameters<FastifySerializerCompiler<T>>[0],
): (data: unknown) => string {
  if (TRUSTED_STATUSES.has(String(route.httpStatus))) return stringify;
  return serializerCompiler(route as unknown as ZodRouteSchema);
}
