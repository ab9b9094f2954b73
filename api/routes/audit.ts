// Route group: the audit trail. Audited events page by page with their hashes (from the
// audit read model), filtered by event type and actor, forward from a sequence or backward
// before one, with the cursors of the neighbouring pages; and the digest: the (sequence, hash) of the ledger's last event, which
// an auditor writes down to prove later that nothing up to it changed.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditWindow, digest, MAX_AUDIT_PAGE } from "../../projections/index.js";
import { eventTypes, MAX_ACTOR_LENGTH, textSchema } from "../../schemas/index.js";
import type { LedgerService } from "../ledgerService.js";
import { ApiProblem } from "../problems.js";
import type { ReadModels } from "../readModels.js";
import {
  ledgerParams,
  pageLimitQuery,
  projectedProblems,
  queryProblems,
  sequenceQuery,
} from "./schemas.js";

/** How the digest route knows a head is verified: folio verify re-reads the store itself. */
const DIGEST_VERIFIER = "audit read model (every hash recomputed and linked as projected)";

const auditQuery = z.strictObject({
  fromSequence: sequenceQuery
    .optional()
    .describe("The page of matching events at or after this sequence (default 0)"),
  before: sequenceQuery
    .optional()
    .describe(
      "Instead of fromSequence: the page of the last matching events before this sequence (a previousBefore)",
    ),
  type: z.enum(eventTypes).optional().describe("Only events of this type"),
  actor: textSchema(MAX_ACTOR_LENGTH, 1)
    .optional()
    .describe("Only events written by this actor (exact)"),
  limit: pageLimitQuery(MAX_AUDIT_PAGE, 100),
  minSequence: sequenceQuery.optional(),
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

const auditPageView = z.object({
  events: z.array(auditEventView),
  nextFromSequence: z
    .int()
    .nullable()
    .describe(
      "fromSequence of the next page (same filters), or null when no matching event follows yet",
    ),
  previousBefore: z
    .int()
    .nullable()
    .describe(
      "before of the previous page (same filters), or null when no matching event precedes",
    ),
});

const digestView = z.object({
  ledgerId: z.string(),
  sequence: z.int().describe("The ledger's last event"),
  hash: z.string().describe("Its hash: (sequence, hash) proves everything up to it"),
  verified: z
    .boolean()
    .describe(
      "True when the audit read model has recomputed every event's hash and link up to this head and holds the same hash; false while it lags (see verifiedThrough) or is being built",
    ),
  verifiedThrough: z
    .int()
    .nullable()
    .describe("The last sequence the audit read model has verified, or null if none yet"),
  verifiedBy: z.string().describe("What did the verifying"),
});

export const auditRoutes: FastifyPluginAsyncZod<{
  service: LedgerService;
  readModels: ReadModels;
}> = (app, { service, readModels }) => {
  app.get(
    "/v1/ledgers/:ledgerId/audit",
    {
      config: { access: { roles: ["auditor"], ledger: "path" } },
      schema: {
        tags: ["ledgers"],
        summary: "Audited events with their hash chain, page by page",
        params: ledgerParams,
        querystring: auditQuery,
        response: {
          200: auditPageView,
          ...projectedProblems,
        },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { chain } = (await service.ledger(ledgerId)).current;
      const { fromSequence, before, type, actor, limit, minSequence } = request.query;
      if (fromSequence !== undefined && before !== undefined) {
        throw new ApiProblem(400, "invalid_request", "pass fromSequence or before, not both");
      }
      await readModels.waitFor("audit", ledgerId, minSequence, chain.nextSequence - 1);
      const version = await readModels.version("audit");
      // A page the ledger has events for but the audit model has not applied yet would read as
      // "the trail ends here": say so instead. A backward page reaches up to before - 1.
      const ledgerSequence = chain.nextSequence - 1;
      const reaches = before === undefined ? (fromSequence ?? 0) : before - 1;
      if (reaches >= 0 && reaches <= ledgerSequence) {
        const reached = (await digest(readModels.pool, ledgerId, version))?.sequence ?? -1;
        if (reaches > reached) {
          throw new ApiProblem(
            409,
            "read_model_behind",
            `the audit read model has applied ledger ${ledgerId} up to sequence ${reached} of ${ledgerSequence}; retry shortly, or pass minSequence`,
            { reached, ledgerSequence },
          );
        }
      }
      const page = await auditWindow(readModels.pool, {
        ledgerId,
        ...(before === undefined ? { fromSequence: fromSequence ?? 0 } : { before }),
        ...(type === undefined ? {} : { type }),
        ...(actor === undefined ? {} : { actor }),
        limit,
        version,
      });
      return {
        events: page.events.map(({ ledgerId: _ledger, ...row }) => row),
        nextFromSequence: page.nextFromSequence,
        previousBefore: page.previousBefore,
      };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/digest",
    {
      config: { access: { roles: ["auditor", "risk", "poster"], ledger: "path" } },
      schema: {
        tags: ["ledgers"],
        summary: "The (sequence, hash) of the ledger's last event, and whether it is verified",
        description:
          "The head comes from the ledger's writer. `verified` says whether the audit read model has verified the chain up to it (each hash recomputed, each link checked); `folio verify` re-reads the whole store independently.",
        params: ledgerParams,
        response: { 200: digestView, ...queryProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { chain } = (await service.ledger(ledgerId)).current;
      const sequence = chain.nextSequence - 1;
      const audited = await readModels
        .version("audit")
        .then((version) => digest(readModels.pool, ledgerId, version))
        .catch((error: unknown) => {
          if (error instanceof ApiProblem && error.code === "read_model_unavailable") return null;
          throw error;
        });
      return {
        ledgerId,
        sequence,
        hash: chain.lastHash,
        verified: audited?.sequence === sequence && audited.hash === chain.lastHash,
        verifiedThrough: audited?.sequence ?? null,
        verifiedBy: DIGEST_VERIFIER,
      };
    },
  );
  return Promise.resolve();
};
