// Route group: periods. Close the books up to a date: entries effective on or before it are
// refused from then on.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { LedgerService } from "../ledgerService.js";
import { ledgerView } from "../views.js";
import { dryRunSchema, markDryRun } from "./dryRun.js";
import { decideAndReply, stateAfter } from "./replies.js";
import {
  closePeriodBody,
  commandProblems,
  ledgerParams,
  ledgerView as ledgerViewSchema,
} from "./schemas.js";

export const periodRoutes: FastifyPluginAsyncZod<{ service: LedgerService }> = (
  app,
  { service },
) => {
  app.post(
    "/v1/ledgers/:ledgerId/periods/close",
    {
      config: { access: { roles: ["admin"], ledger: "path" } },
      onRequest: markDryRun,
      schema: {
        ...dryRunSchema,
        tags: ["periods"],
        summary: "Close the period up to a date",
        description:
          "upTo may not be in the future; closing an earlier date again changes nothing.",
        params: ledgerParams,
        body: closePeriodBody,
        response: { 200: ledgerViewSchema, 201: ledgerViewSchema, ...commandProblems },
      },
    },
    async (request, reply) => {
      const { ledgerId } = request.params;
      const writer = await service.ledger(ledgerId);
      const command = { type: "ClosePeriod", upTo: request.body.upTo } as const;
      const decided = await decideAndReply(service, request, reply, ledgerId, command);
      const state = stateAfter(writer, decided);
      if (state.ledger === null) throw new Error(`ledger ${ledgerId} is not loaded`);
      return ledgerView(state, state.ledger);
    },
  );
  return Promise.resolve();
};
