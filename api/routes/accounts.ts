// Route group: accounts. Open an account, read it with its four counters plus balance and
// available (from the writer's state: a client reads its own writes), update its attributes
// and metadata (with expectedVersion), close it at zero.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { LedgerState } from "../../ledger-core/index.js";
import type { LedgerService } from "../ledgerService.js";
import { ApiProblem } from "../problems.js";
import { accountView } from "../views.js";
import { dryRunSchema, markDryRun } from "./dryRun.js";
import { decideAndReply, stateAfter } from "./replies.js";
import {
  accountBody,
  accountParams,
  accountUpdateBody,
  accountView as accountViewSchema,
  commandProblems,
  ledgerParams,
  queryProblems,
} from "./schemas.js";

function viewOf(state: Readonly<LedgerState>, accountId: string) {
  const account = state.accounts.get(accountId);
  if (state.ledger === null || account === undefined) {
    throw new ApiProblem(404, "account_not_found", `account ${accountId} does not exist`, {
      accountId,
    });
  }
  return accountView(state, state.ledger, account);
}

export const accountRoutes: FastifyPluginAsyncZod<{ service: LedgerService }> = (
  app,
  { service },
) => {
  const responses = { 200: accountViewSchema, 201: accountViewSchema, ...commandProblems };

  app.post(
    "/v1/ledgers/:ledgerId/accounts",
    {
      config: { access: { roles: ["poster"], ledger: "path" } },
      onRequest: markDryRun,
      schema: {
        ...dryRunSchema,
        tags: ["accounts"],
        summary: "Open an account",
        description: "Idempotent by id. The account type fixes its normal side.",
        params: ledgerParams,
        body: accountBody,
        response: responses,
      },
    },
    async (request, reply) => {
      const { ledgerId } = request.params;
      const writer = await service.ledger(ledgerId);
      const { id, type, ...rest } = request.body;
      const command = { type: "OpenAccount", accountId: id, accountType: type, ...rest } as const;
      const decided = await decideAndReply(service, request, reply, ledgerId, command);
      return viewOf(stateAfter(writer, decided), id);
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/accounts/:accountId",
    {
      config: { access: { roles: ["poster", "auditor", "risk"], ledger: "path" } },
      schema: {
        tags: ["accounts"],
        summary: "Read an account and its balances",
        params: accountParams,
        response: { 200: accountViewSchema, ...queryProblems },
      },
    },
    async (request) => {
      const { ledgerId, accountId } = request.params;
      return viewOf((await service.ledger(ledgerId)).current, accountId);
    },
  );

  app.patch(
    "/v1/ledgers/:ledgerId/accounts/:accountId",
    {
      config: { access: { roles: ["poster"], ledger: "path" } },
      onRequest: markDryRun,
      schema: {
        ...dryRunSchema,
        tags: ["accounts"],
        summary: "Update an account's attributes or metadata",
        description: "Send the version you read; a stale version with other content is 409.",
        params: accountParams,
        body: accountUpdateBody,
        response: responses,
      },
    },
    async (request, reply) => {
      const { ledgerId, accountId } = request.params;
      const writer = await service.ledger(ledgerId);
      const command = { type: "UpdateAccount", accountId, ...request.body } as const;
      const decided = await decideAndReply(service, request, reply, ledgerId, command);
      return viewOf(stateAfter(writer, decided), accountId);
    },
  );

  app.post(
    "/v1/ledgers/:ledgerId/accounts/:accountId/close",
    {
      config: { access: { roles: ["poster"], ledger: "path" } },
      onRequest: markDryRun,
      schema: {
        ...dryRunSchema,
        tags: ["accounts"],
        summary: "Close an account (only at zero, with no open holds)",
        params: accountParams,
        response: responses,
      },
    },
    async (request, reply) => {
      const { ledgerId, accountId } = request.params;
      const writer = await service.ledger(ledgerId);
      const command = { type: "CloseAccount", accountId } as const;
      const decided = await decideAndReply(service, request, reply, ledgerId, command);
      return viewOf(stateAfter(writer, decided), accountId);
    },
  );
  return Promise.resolve();
};
