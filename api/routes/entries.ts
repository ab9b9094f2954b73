// Route group: journal entries. Post one entry, post a batch (atomic: all or nothing; or each
// entry on its own), read an entry by id, reverse an entry once.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { PostEntry } from "../../schemas/index.js";
import type { DecidedOrError, LedgerService } from "../ledgerService.js";
import { principalOf } from "../principal.js";
import { ApiProblem, problemBody, rejectionProblem, toProblem } from "../problems.js";
import { dryRunSchema, isDryRun, markDryRun } from "./dryRun.js";
import { decideAndReply, decidedEntry, replyStatus } from "./replies.js";
import { trustedSuccessSerializer } from "./trustedSerializer.js";
import {
  batchBody,
  commandProblems,
  entryBody,
  entryParams,
  entryView,
  ledgerParams,
  problemView,
  queryProblems,
  reverseBody,
} from "./schemas.js";

type EntryBody = z.infer<typeof entryBody>;

export function postEntryCommand({ id, ...rest }: EntryBody): PostEntry {
  return { type: "PostEntry", entryId: id, ...rest };
}

const batchResult = z.object({
  index: z.int(),
  id: z.string(),
  status: z.int().describe("The HTTP status this entry alone would have had"),
  entry: entryView.optional(),
  problem: problemView.optional(),
});
const batchView = z.object({ atomic: z.boolean(), results: z.array(batchResult) });

export const entryRoutes: FastifyPluginAsyncZod<{ service: LedgerService }> = (
  app,
  { service },
) => {
  app.post(
    "/v1/ledgers/:ledgerId/entries",
    {
      config: { access: { roles: ["poster"], ledger: "path" } },
      onRequest: markDryRun,
      serializerCompiler: trustedSuccessSerializer,
      schema: {
        ...dryRunSchema,
        tags: ["entries"],
        summary: "Post a journal entry",
        description:
          "The entry id is the idempotency key: the same entry again returns the first outcome (200, Idempotent-Replay: true); other content under that id is 409. A rule violation is 422 with the rule's code, and the id is then spent.",
        params: ledgerParams,
        body: entryBody,
        response: { 200: entryView, 201: entryView, ...commandProblems },
      },
    },
    async (request, reply) => {
      const { ledgerId } = request.params;
      const writer = await service.ledger(ledgerId);
      const command = postEntryCommand(request.body);
      const decided = await decideAndReply(service, request, reply, ledgerId, command);
      return entryOrFail(
        await decidedEntry(service, writer, request.body.id, decided),
        request.body.id,
      );
    },
  );

  app.post(
    "/v1/ledgers/:ledgerId/entries/batch",
    {
      config: { access: { roles: ["poster"], ledger: "path" } },
      onRequest: markDryRun,
      serializerCompiler: trustedSuccessSerializer,
      schema: {
        ...dryRunSchema,
        tags: ["entries"],
        summary: "Post a batch of entries",
        description:
          "atomic: true applies every entry or none (a failure is one problem whose details.index names the entry). Otherwise each entry is decided on its own and the results list each one's status.",
        params: ledgerParams,
        body: batchBody,
        response: { 200: batchView, 201: batchView, ...commandProblems },
      },
    },
    async (request, reply) => {
      const { ledgerId } = request.params;
      const principal = principalOf(request);
      const writer = await service.ledger(ledgerId);
      const commands = request.body.entries.map(postEntryCommand);
      const dryRun = isDryRun(request);
      if (request.body.atomic === true) {
        const batch = { type: "AtomicBatch", commands } as const;
        const decided = await service.decide(ledgerId, batch, principal, request, dryRun);
        replyStatus(reply, decided.decision);
        const results = await Promise.all(
          commands.map(async (command, index) => ({
            index,
            id: command.entryId,
            status: decided.decision.status === "accepted" ? 201 : 200,
            entry: entryOrFail(
              await decidedEntry(service, writer, command.entryId, decided),
              command.entryId,
            ),
          })),
        );
        return { atomic: true, results };
      }
      const outcomes = await service.decideEach(ledgerId, commands, principal, request, dryRun);
      const results = await Promise.all(
        commands.map(async (command, index) => {
          const outcome: DecidedOrError = outcomes[index] ?? { error: new Error("no outcome") };
          if ("error" in outcome) {
            const problem = toProblem(outcome.error, request);
            return {
              index,
              id: command.entryId,
              status: problem.status,
              problem: problemBody(problem, request.id),
            };
          }
          const { decision } = outcome;
          if (decision.status === "rejected") {
            const problem = rejectionProblem(decision.rejection);
            return {
              index,
              id: command.entryId,
              status: problem.status,
              problem: problemBody(problem, request.id),
            };
          }
          const entry = entryOrFail(
            await decidedEntry(service, writer, command.entryId, outcome),
            command.entryId,
          );
          return {
            index,
            id: command.entryId,
            status: decision.status === "accepted" ? 201 : 200,
            entry,
          };
        }),
      );
      void reply.code(200);
      // Every entry was already decided the same way: the whole batch is a replay.
      if (results.every((result) => result.status === 200)) {
        void reply.header("idempotent-replay", "true");
      }
      return { atomic: false, results };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/entries/:entryId",
    {
      config: { access: { roles: ["poster", "auditor", "risk"], ledger: "path" } },
      schema: {
        tags: ["entries"],
        summary: "Read an entry (posted, hold, or rejected) by id",
        params: entryParams,
        response: { 200: entryView, ...queryProblems },
      },
    },
    async (request) => {
      const { ledgerId, entryId } = request.params;
      const writer = await service.ledger(ledgerId);
      return entryOrFail(await decidedEntry(service, writer, entryId), entryId);
    },
  );

  app.post(
    "/v1/ledgers/:ledgerId/entries/:entryId/reverse",
    {
      config: { access: { roles: ["poster"], ledger: "path" } },
      onRequest: markDryRun,
      serializerCompiler: trustedSuccessSerializer,
      schema: {
        ...dryRunSchema,
        tags: ["entries"],
        summary: "Reverse an entry",
        description:
          "Posts the mirror of what the entry posted, linked to it. An entry is reversed once.",
        params: entryParams,
        body: reverseBody,
        response: { 200: entryView, 201: entryView, ...commandProblems },
      },
    },
    async (request, reply) => {
      const { ledgerId, entryId } = request.params;
      const writer = await service.ledger(ledgerId);
      const { id, ...rest } = request.body;
      const command = { type: "ReverseEntry", entryId: id, reversalOf: entryId, ...rest } as const;
      const decided = await decideAndReply(service, request, reply, ledgerId, command);
      return entryOrFail(await decidedEntry(service, writer, id, decided), id);
    },
  );
  return Promise.resolve();
};

export function entryOrFail<T>(entry: T | null, entryId: string): T {
  if (entry === null) {
    throw new ApiProblem(404, "entry_not_found", `entry ${entryId} does not exist`, { entryId });
  }
  return entry;
}
