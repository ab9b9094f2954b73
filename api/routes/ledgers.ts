// Route group: ledgers. Create a ledger with its assets; read it with the (sequence, hash)
// of its last event.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { LedgerService } from "../ledgerService.js";
import { ledgerView } from "../views.js";
import { dryRunSchema, markDryRun } from "./dryRun.js";
import { decideAndReply } from "./replies.js";
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
      config: { access: { roles: ["poster"], ledger: "body" } },
      onRequest: markDryRun,
      schema: {
        ...dryRunSchema,
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
      const command = {
        type: "CreateLedger",
        ledgerId: id,
        name,
        reportingCurrency,
        assets,
      } as const;
      const decided = await decideAndReply(service, request, reply, id, command);
      // A dry run answers from its own state: the ledger may not exist, and stays so.
      const state = decided.after ?? (await service.ledger(id)).current;
      if (state.ledger === null) throw new Error(`ledger ${id} was created but is not loaded`);
      return ledgerView(state, state.ledger);
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId",
    {
      config: { access: { roles: ["poster", "auditor", "risk"], ledger: "path" } },
      schema: {
        tags: ["ledgers"],
        summary: "Read a ledger",
        params: ledgerParams,
        response: { 200: ledgerViewSchema, ...queryProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const writer = await service.ledger(ledgerId);
      const ledger = writer.current.ledger;
      if (ledger === null) throw new Error(`ledger ${ledgerId} is not loaded`);
      return ledgerView(writer.current, ledger);
    },
  );
  return Promise.resolve();
};
