// Dry runs of the command routes (docs/api.md "Dry runs"): `?dryRun=true` or the header
// `Folio-Dry-Run: true` asks for the answer a real call would get (status, body, problem)
// with nothing stored and no id spent. Every command route spreads `dryRunSchema` into its
// schema (documented in OpenAPI, validated: only "true" or "false", else 400 invalid_request),
// takes `onRequest: markDryRun` (every answer of a dry run, problems included, carries the
// header) and asks `isDryRun(request)` in its handler.
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";
import { z } from "zod";

export const DRY_RUN_HEADER = "folio-dry-run";

const flag = z.enum(["true", "false"]);

/** The query parameter; other query parameters are left alone, as before. */
export const dryRunQuery = z.object({
  dryRun: flag
    .optional()
    .describe(
      "true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id",
    ),
});

/** The header (loose: the request's other headers pass through untouched). */
export const dryRunHeaders = z.looseObject({
  [DRY_RUN_HEADER]: flag.optional().describe("true: a dry run, like ?dryRun=true"),
});

/** Spread into a command route's schema. */
export const dryRunSchema = { querystring: dryRunQuery, headers: dryRunHeaders } as const;

function asksDryRun(query: unknown, header: unknown): boolean {
  const parsed = dryRunQuery.safeParse(query);
  return header === "true" || (parsed.success && parsed.data.dryRun === "true");
}

/** Whether the request asks for a dry run (query parameter or header). */
export function isDryRun(request: FastifyRequest): boolean {
  return asksDryRun(request.query, request.headers[DRY_RUN_HEADER]);
}

/** A route's onRequest hook: a dry run's every answer, problems included, says it was one. */
export function markDryRun(
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  if (isDryRun(request)) void reply.header(DRY_RUN_HEADER, "true");
  done();
}
