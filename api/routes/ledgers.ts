// Route group: ledgers. Create a ledger with its assets; read it with the (sequence, hash)
// of its last event.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { LedgerService } from "../ledgerService.js";
import { authorize } from "../principal.js";
import { ledgerView } from "../views.js";
import { replyStatus } from "./replies.js";
import {
  commandProblems,
  ledgerBody,
  ledgerParams,
  ledgerView as ledgerViewSchema,
  queryProblems,
} from "./schemas.js";

export const ledgerRoutes: FastifyPluginAsyncZod<{ service: LedgerService }> = (
  app,
  { service },
) => {
  app.post(
    "/v1/ledgers",
    {
      schema: {
        tags: ["ledgers"],
        summary: "Create a ledger",
        description:
          "Idempotent by id: the same body again returns the ledger; other content is 409.",
        body: ledgerBody,
        response: { 200: ledgerViewSchema, 201: ledgerViewSchema, ...commandProblems },
      },
    },
    async (request, reply) => {
      const { id, name, reportingCurrency, assets } = request.body;
      const principal = authorize(request, ["poster"], id);
      const command = {
        type: "CreateLedger",
        ledgerId: id,
        name,
        reportingCurrency,
        assets,
      } as const;
      const decision = await service.execute(id, command, principal, request);
      replyStatus(reply, decision);
      const writer = await service.ledger(id);
      const ledger = writer.current.ledger;
      if (ledger === null) throw new Error(`ledger ${id} was created but is not loaded`);
      return ledgerView(writer.current, ledger);
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId",
    {
      schema: {
        tags: ["ledgers"],
        summary: "Read a ledger",
        params: ledgerParams,
        response: { 200: ledgerViewSchema, ...queryProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      authorize(request, ["poster", "auditor", "risk"], ledgerId);
      const writer = await service.ledger(ledgerId);
      const ledger = writer.current.ledger;
      if (ledger === null) throw new Error(`ledger ${ledgerId} is not loaded`);
      return ledgerView(writer.current, ledger);
    },
  );
  return Promise.resolve();
};
