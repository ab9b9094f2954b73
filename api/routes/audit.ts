// Route group: the audit trail. Audited events page by page with their hashes (from the
// audit read model), and the digest: the (sequence, hash) of the ledger's last event, which
// an auditor writes down to prove later that nothing up to it changed.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditPage, digest, MAX_AUDIT_PAGE } from "../../projections/index.js";
import type { LedgerService } from "../ledgerService.js";
import { authorize } from "../principal.js";
import { ApiProblem } from "../problems.js";
import type { ReadModels } from "../readModels.js";
import { ledgerParams, projectedProblems, queryProblems } from "./schemas.js";

const auditQuery = z.strictObject({
  fromSequence: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(100),
  minSequence: z.coerce.number().int().min(0).optional(),
});

const auditEventView = z.object({
  sequence: z.int(),
  type: z.string(),
  schemaVersion: z.int(),
  entryId: z.string().nullable(),
  reversalOf: z.string().nullable(),
  actor: z.string(),
  correlationId: z.string(),
  causationId: z.string().nullable(),
  recordedAt: z.string(),
  effectiveAt: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
  data: z.unknown(),
});

const digestView = z.object({
  ledgerId: z.string(),
  sequence: z.int().describe("The ledger's last event"),
  hash: z.string().describe("Its hash: (sequence, hash) proves everything up to it"),
});

export const auditRoutes: FastifyPluginAsyncZod<{
  service: LedgerService;
  readModels: ReadModels;
}> = (app, { service, readModels }) => {
  app.get(
    "/v1/ledgers/:ledgerId/audit",
    {
      schema: {
        tags: ["ledgers"],
        summary: "Audited events with their hash chain, page by page",
        params: ledgerParams,
        querystring: auditQuery,
        response: {
          200: z.object({ events: z.array(auditEventView), nextFromSequence: z.int().nullable() }),
          ...projectedProblems,
        },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      authorize(request, ["auditor"], ledgerId);
      const { chain } = (await service.ledger(ledgerId)).current;
      const { fromSequence, limit, minSequence } = request.query;
      await readModels.waitFor("audit", ledgerId, minSequence);
      const version = await readModels.version("audit");
      // A page the ledger has events for but the audit model has not applied yet would read as
      // "the trail ends here": say so instead.
      const ledgerSequence = chain.nextSequence - 1;
      if (fromSequence <= ledgerSequence) {
        const reached = (await digest(readModels.pool, ledgerId, version))?.sequence ?? -1;
        if (fromSequence > reached) {
          throw new ApiProblem(
            409,
            "read_model_behind",
            `the audit read model has applied ledger ${ledgerId} up to sequence ${reached} of ${ledgerSequence}; retry shortly, or pass minSequence`,
            { reached, ledgerSequence },
          );
        }
      }
      const rows = await auditPage(readModels.pool, { ledgerId, fromSequence, limit, version });
      const last = rows[rows.length - 1];
      return {
        events: rows.map(({ ledgerId: _ledger, ...row }) => row),
        nextFromSequence: last !== undefined && rows.length === limit ? last.sequence + 1 : null,
      };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/digest",
    {
      schema: {
        tags: ["ledgers"],
        summary: "The (sequence, hash) of the ledger's last event",
        params: ledgerParams,
        response: { 200: digestView, ...queryProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      authorize(request, ["auditor", "risk", "poster"], ledgerId);
      const { chain } = (await service.ledger(ledgerId)).current;
      return { ledgerId, sequence: chain.nextSequence - 1, hash: chain.lastHash };
    },
  );
  return Promise.resolve();
};
