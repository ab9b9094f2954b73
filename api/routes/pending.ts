// Route group: two-phase entries. Place a hold (a pending entry with a timeout), post it in
// full or in part (the rest is released), or void it.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { LedgerService } from "../ledgerService.js";
import { entryOrFail } from "./entries.js";
import { dryRunSchema, markDryRun } from "./dryRun.js";
import { decidedEntry, decideAndReply } from "./replies.js";
import { trustedSuccessSerializer } from "./trustedSerializer.js";
import {
  commandProblems,
  entryParams,
  entryView,
  ledgerParams,
  pendingBody,
  postPendingBody,
} from "./schemas.js";

export const pendingRoutes: FastifyPluginAsyncZod<{ service: LedgerService }> = (
  app,
  { service },
) => {
  const responses = { 200: entryView, 201: entryView, ...commandProblems };

  app.post(
    "/v1/ledgers/:ledgerId/pending",
    {
      config: { access: { roles: ["poster"], ledger: "path" } },
      onRequest: markDryRun,
      serializerCompiler: trustedSuccessSerializer,
      schema: {
        ...dryRunSchema,
        tags: ["pending"],
        summary: "Place a hold",
        description:
          "Holds count against available balance until posted, voided, or expired after timeoutSeconds.",
        params: ledgerParams,
        body: pendingBody,
        response: responses,
      },
    },
    async (request, reply) => {
      const { ledgerId } = request.params;
      const writer = await service.ledger(ledgerId);
      const { id, ...rest } = request.body;
      const command = { type: "PendEntry", entryId: id, ...rest } as const;
      const decided = await decideAndReply(service, request, reply, ledgerId, command);
      return entryOrFail(await decidedEntry(service, writer, id, decided), id);
    },
  );

  app.post(
    "/v1/ledgers/:ledgerId/pending/:entryId/post",
    {
      config: { access: { roles: ["poster"], ledger: "path" } },
      onRequest: markDryRun,
      serializerCompiler: trustedSuccessSerializer,
      schema: {
        ...dryRunSchema,
        tags: ["pending"],
        summary: "Post a hold, in full or in part",
        description:
          "{} posts all of it; { amount } posts that amount on both legs of a two-posting hold; { postings } posts the listed legs. What is not posted is released.",
        params: entryParams,
        body: postPendingBody,
        response: responses,
      },
    },
    async (request, reply) => {
      const { ledgerId, entryId } = request.params;
      const writer = await service.ledger(ledgerId);
      const command = { type: "PostPending", pendingId: entryId, ...request.body } as const;
      const decided = await decideAndReply(service, request, reply, ledgerId, command);
      return entryOrFail(await decidedEntry(service, writer, entryId, decided), entryId);
    },
  );

  app.post(
    "/v1/ledgers/:ledgerId/pending/:entryId/void",
    {
      config: { access: { roles: ["poster"], ledger: "path" } },
      onRequest: markDryRun,
      serializerCompiler: trustedSuccessSerializer,
      schema: {
        ...dryRunSchema,
        tags: ["pending"],
        summary: "Void a hold",
        params: entryParams,
        response: responses,
      },
    },
    async (request, reply) => {
      const { ledgerId, entryId } = request.params;
      const writer = await service.ledger(ledgerId);
      const command = { type: "VoidPending", pendingId: entryId } as const;
      const decided = await decideAndReply(service, request, reply, ledgerId, command);
      return entryOrFail(await decidedEntry(service, writer, entryId, decided), entryId);
    },
  );
  return Promise.resolve();
};
