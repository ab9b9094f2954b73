// Route group: "verify now". POST starts a verification run of a ledger on the server, the
// same event-only checks as `folio verify` (hash chain, gap-free sequences, every entry
// balanced, full replay through evolve; projections/verifications/), and answers 202 at once:
// a big ledger takes longer than a request may, so the run goes on in the background and
// writes its progress and outcome to its row in PostgreSQL. GET .../latest answers the newest
// run (running with its progress, passed, failed with the first break, or abandoned), also
// after a restart. One run at a time per ledger: a second POST while one runs is 409.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Logger } from "pino";
import { z } from "zod";
import { applyMigrations } from "../../event-store/index.js";
import {
  latestVerification,
  runVerification,
  startVerification,
  VERIFICATION_MIGRATIONS,
  type VerificationRun,
} from "../../projections/index.js";
import type { LedgerService } from "../ledgerService.js";
import { actorOf, principalOf } from "../principal.js";
import { ApiProblem } from "../problems.js";
import type { ReadModels } from "../readModels.js";
import { ledgerParams, problemView, queryProblems } from "./schemas.js";

const NOT_FOUND = "verification_not_found";
const RUNNING = "verification_running";

const runView = z
  .object({
    runId: z.string(),
    ledgerId: z.string(),
    status: z
      .enum(["running", "passed", "failed", "abandoned"])
      .describe(
        "running; passed; failed (firstBreak says where); abandoned (the server stopped or the store failed during the run: start another)",
      ),
    requestedBy: z.string().describe("The actor of the key that started it"),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    fromSequence: z.int().describe("Where the run starts: 0, the ledger's genesis"),
    targetSequence: z.int().describe("The ledger's last sequence when the run started"),
    progress: z
      .object({
        phase: z
          .enum(["chain", "entries"])
          .describe("chain: hashes and links; entries: balance and replay"),
        done: z.int().describe("Events of the phase checked"),
        total: z.int().describe("Events of the phase"),
      })
      .describe("Updated while the run goes on (every half second at most)"),
    head: z
      .object({ sequence: z.int(), hash: z.string() })
      .nullable()
      .describe("Passed: the last verified event (the chain is intact from 0 up to it)"),
    eventsHashed: z.int().nullable(),
    entriesChecked: z.int().nullable(),
    replayed: z.boolean().describe("Every event replayed through evolve (every invariant)"),
    firstBreak: z
      .object({
        sequence: z.int().nullable().describe("The sequence of the first event that fails"),
        reason: z
          .string()
          .describe(
            "hash_mismatch, prev_hash_mismatch, sequence_gap, event_invalid, events_missing, entry_unbalanced, replay_invariant; stopped or error for an abandoned run",
          ),
        message: z.string().describe("What is wrong"),
      })
      .nullable()
      .describe("Failed or abandoned: the first break"),
  })
  .meta({
    examples: [
      {
        runId: "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        ledgerId: "demo-bank",
        status: "failed",
        requestedBy: "key:abc:auditor",
        startedAt: "2026-11-30T09:00:00.000Z",
        finishedAt: "2026-11-30T09:00:01.250Z",
        fromSequence: 0,
        targetSequence: 1200,
        progress: { phase: "chain", done: 41, total: 1201 },
        head: null,
        eventsHashed: null,
        entriesChecked: null,
        replayed: true,
        firstBreak: {
          sequence: 42,
          reason: "hash_mismatch",
          message: "chain broken at sequence 42 (hash_mismatch): ...",
        },
      },
    ],
  });

function viewOf(run: VerificationRun): z.infer<typeof runView> {
  return {
    runId: run.runId,
    ledgerId: run.ledgerId,
    status: run.status,
    requestedBy: run.requestedBy,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    fromSequence: run.fromSequence,
    targetSequence: run.targetSequence,
    progress: run.progress,
    head: run.head,
    eventsHashed: run.eventsHashed,
    entriesChecked: run.entriesChecked,
    replayed: true,
    firstBreak: run.firstBreak,
  };
}

export const verificationRoutes: FastifyPluginAsyncZod<{
  service: LedgerService;
  readModels: ReadModels;
}> = async (app, { service, readModels }) => {
  const pool = readModels.pool;
  await applyMigrations(pool, app.log as unknown as Logger, VERIFICATION_MIGRATIONS);
  const store = service.store;
  const stopping = new AbortController();
  const running = new Set<Promise<unknown>>();
  app.addHook("onClose", async () => {
    stopping.abort();
    await Promise.allSettled([...running]);
  });

  const finished = (run: VerificationRun | null): void => {
    if (run?.status === "failed") {
      app.log.warn(
        { ledgerId: run.ledgerId, runId: run.runId, firstBreak: run.firstBreak },
        "ledger verification failed",
      );
    } else if (run !== null) {
      app.log.info(
        { ledgerId: run.ledgerId, runId: run.runId, status: run.status },
        "ledger verification ended",
      );
    }
  };

  app.post(
    "/v1/ledgers/:ledgerId/verifications",
    {
      config: { access: { roles: ["auditor"], ledger: "path" } },
      schema: {
        tags: ["ledgers"],
        summary: "Verify the ledger now: start a run of the checks of folio verify",
        description:
          "Starts a verification run on the server: the hash chain and gap-free sequences from genesis, every entry balanced per currency, and a full replay through evolve (the event-only checks of `folio verify`). Answers 202 with the run at once; poll GET .../verifications/latest for its progress and outcome. One run at a time per ledger: 409 verification_running while one runs. A failed run is logged (warn) with its first break. Auditor or admin.",
        params: ledgerParams,
        response: {
          202: runView,
          ...queryProblems,
          409: problemView.describe("verification_running: a run of this ledger is under way"),
          503: problemView,
        },
      },
    },
    async (request, reply) => {
      const { ledgerId } = request.params;
      const writer = await service.ledger(ledgerId);
      const head = writer.current.chain.nextSequence - 1;
      const started = await startVerification(pool, {
        ledgerId,
        requestedBy: actorOf(principalOf(request)),
        fromSequence: 0,
        targetSequence: Math.max(head, 0),
      });
      if ("running" in started) {
        throw new ApiProblem(
          409,
          RUNNING,
          `a verification of ledger ${ledgerId} is under way (run ${started.running.runId}); wait for it`,
          { runId: started.running.runId },
        );
      }
      const run = started.started;
      request.log.info({ ledgerId, runId: run.runId }, "ledger verification started");
      const work = runVerification(pool, store, run, {
        signal: stopping.signal,
        onError: (error) => {
          app.log.error(
            { err: error, ledgerId, runId: run.runId },
            "ledger verification stopped on an error",
          );
        },
      }).then(finished, (error: unknown) => {
        app.log.error(
          { err: error, ledgerId, runId: run.runId },
          "ledger verification could not end",
        );
      });
      running.add(work);
      void work.finally(() => running.delete(work));
      return reply.code(202).send(viewOf(run));
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/verifications/latest",
    {
      config: { access: { roles: ["auditor", "risk", "poster"], ledger: "path" } },
      schema: {
        tags: ["ledgers"],
        summary: "The ledger's latest verification run: its progress, or its result",
        description:
          "The newest run started with POST .../verifications, kept in PostgreSQL across restarts: running with its progress, passed with the verified head, failed with the first break (sequence, reason, message), or abandoned. 404 verification_not_found before the first run.",
        params: ledgerParams,
        response: { 200: runView, ...queryProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      await service.ledger(ledgerId);
      const run = await latestVerification(pool, ledgerId);
      if (run === null) {
        throw new ApiProblem(
          404,
          NOT_FOUND,
          `ledger ${ledgerId} has not been verified yet: POST .../verifications`,
          {
            ledgerId,
          },
        );
      }
      return viewOf(run);
    },
  );
};
