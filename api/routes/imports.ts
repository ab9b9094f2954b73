// Route group: ISO 20022 imports. `POST /v1/ledgers/:ledgerId/imports` takes one camt.053 or
// pacs.008 document (as a JSON string, with its mapping rules) and runs the importer
// (connectors/iso20022/importer.ts): XSD first, then parse, map, and atomic chunks of at most
// 1,000 entries submitted through the same ledger service as the batch route, as the calling
// key (same idempotency, rules and audit actor). Each chunk is dry-run first and submitted only
// when the ledger would take it, so a chunk the ledger refuses spends no entry id: fix the
// cause (e.g. open the account) and send the same import again. 201 when something new was
// posted, 200 when every entry was already there; a document that fails is 422
// document_invalid listing each problem with its element path. `?dryRun=true` answers the
// same with nothing stored.
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  decisionOutcome,
  importMessage,
  MAX_IMPORT_DOCUMENT_CHARS,
  transientSubmitError,
  type ImportProblem,
  type ImportReport,
  type SubmitChunk,
} from "../../connectors/iso20022/index.js";
import { isTransientError } from "../../event-store/index.js";
import { isRejectionCode } from "../../ledger-core/index.js";
import type { AtomicBatch } from "../../schemas/index.js";
import type { LedgerService } from "../ledgerService.js";
import { principalOf } from "../principal.js";
import { ApiProblem, httpStatusOfRejection, toProblem } from "../problems.js";
import { dryRunSchema, isDryRun, markDryRun } from "./dryRun.js";
import { commandProblems, ledgerParams } from "./schemas.js";

const importBody = z
  .strictObject({
    format: z.enum(["camt053", "pacs008"]),
    direction: z
      .enum(["inbound", "outbound"])
      .optional()
      .describe("pacs008 only: inbound (we are the creditor's agent, default) or outbound"),
    rules: z
      .record(z.string(), z.unknown())
      .describe("The mapping configuration (docs/iso20022.md); its ledgerId is the path's"),
    document: z
      .string()
      .min(1)
      .max(MAX_IMPORT_DOCUMENT_CHARS)
      .describe("The XML document, as a string (FOLIO_BODY_LIMIT_BYTES bounds the body)"),
  })
  .refine((body) => body.format === "pacs008" || body.direction === undefined, {
    message: "direction applies to pacs008 only",
    path: ["direction"],
  });

const skippedView = z.object({
  path: z.string(),
  reference: z.string().optional(),
  reason: z.string(),
});
const rejectedView = z.object({
  entryId: z.string(),
  path: z.string().optional(),
  code: z.string(),
  message: z.string(),
});
const importView = z.object({
  status: z.enum(["completed"]),
  format: z.enum(["camt053", "pacs008"]),
  messageId: z.string(),
  ledgerId: z.string(),
  entries: z.int().describe("Entries found in the document"),
  posted: z.int().describe("Entries posted by this import"),
  duplicates: z.int().describe("Entries already in the ledger (imported before)"),
  skipped: z.array(skippedView).describe("Items not imported (PDNG, INFO, FUTR) and why"),
  rejected: z.array(rejectedView),
});

export const importRoutes: FastifyPluginAsyncZod<{ service: LedgerService }> = (
  app,
  { service },
) => {
  app.post(
    "/v1/ledgers/:ledgerId/imports",
    {
      config: { access: { roles: ["poster"], ledger: "path" } },
      onRequest: markDryRun,
      schema: {
        ...dryRunSchema,
        tags: ["entries"],
        summary: "Import an ISO 20022 camt.053 or pacs.008 document",
        description:
          "Validates the document against the official XSD, maps it with the rules and posts its entries in atomic chunks of 1,000 with deterministic ids: the same document again posts nothing (200, every entry a duplicate). A document that fails is 422 document_invalid with each problem's element path; nothing is posted. A chunk the ledger refuses stops the import with the rule's code (details say what was posted before); it spends no id, so sending the import again completes it.",
        params: ledgerParams,
        body: importBody,
        response: { 200: importView, 201: importView, ...commandProblems },
      },
    },
    async (request, reply) => {
      const { ledgerId } = request.params;
      const { format, direction, rules, document } = request.body;
      if (rules.ledgerId !== ledgerId) {
        throw new ApiProblem(400, "invalid_request", "the body is invalid", undefined, [
          { path: "/rules/ledgerId", message: `must be the path's ledger ${ledgerId}` },
        ]);
      }
      await service.ledger(ledgerId);
      let lastError: unknown;
      const report = await importMessage({
        xml: document,
        kind: format,
        rules,
        ...(direction === undefined ? {} : { direction }),
        submit: (isDryRun(request) ? dryRunSubmitter : chunkSubmitter)(
          service,
          request,
          ledgerId,
          (error) => (lastError = error),
        ),
        isTransient: (error) => transientSubmitError(error) || isTransientError(error),
      });
      if (report.status === "refused") throw refusalProblem(report);
      if (report.status === "stopped") throw stoppedProblem(report, lastError, request);
      if (report.messageId === null || report.ledgerId === null) {
        throw new Error("a completed import has a message id and a ledger");
      }
      if (report.posted > 0) void reply.code(201);
      else void reply.code(200).header("idempotent-replay", "true");
      return {
        status: "completed" as const,
        format,
        messageId: report.messageId,
        ledgerId: report.ledgerId,
        entries: report.entries,
        posted: report.posted,
        duplicates: report.duplicates,
        skipped: report.skipped.map((item) => ({ ...item })),
        rejected: [],
      };
    },
  );
  return Promise.resolve();
};

/**
 * Submits a chunk as one AtomicBatch, as the request's principal: dry-run first, and for real
 * only when the ledger would apply it (a refused chunk spends no id; all duplicates writes
 * nothing). Errors are told to `remember` and rethrown for the importer to classify.
 */
function chunkSubmitter(
  service: LedgerService,
  request: FastifyRequest,
  ledgerId: string,
  remember: (error: unknown) => void,
): SubmitChunk {
  const principal = principalOf(request);
  return async (commands) => {
    const batch: AtomicBatch = { type: "AtomicBatch", commands: [...commands] };
    try {
      const trial = await service.decide(ledgerId, batch, principal, request, true);
      if (trial.decision.status !== "accepted") {
        return decisionOutcome(trial.decision, commands.length);
      }
      const real = await service.decide(ledgerId, batch, principal, request, false);
      return decisionOutcome(real.decision, commands.length);
    } catch (error) {
      remember(error);
      throw error;
    }
  };
}

/**
 * A dry run of the import: each chunk decided after the chunks before it, as one dry run of
 * all of them (each sees the ones before it), nothing stored and no id spent. Chunks are
 * decided again with each next one: quadratic in chunks, bounded by the body limit.
 */
function dryRunSubmitter(
  service: LedgerService,
  request: FastifyRequest,
  ledgerId: string,
  remember: (error: unknown) => void,
): SubmitChunk {
  const principal = principalOf(request);
  const before: AtomicBatch[] = [];
  return async (commands) => {
    const batch: AtomicBatch = { type: "AtomicBatch", commands: [...commands] };
    const decided = await service.decideEach(
      ledgerId,
      [...before, batch],
      principal,
      request,
      true,
    );
    const last = decided[decided.length - 1];
    if (last === undefined) throw new Error("a dry run answers every command");
    if ("error" in last) {
      remember(last.error);
      throw last.error;
    }
    before.push(batch);
    return decisionOutcome(last.decision, commands.length);
  };
}

function problemErrors(problems: readonly ImportProblem[]): { path: string; message: string }[] {
  return problems.map((problem) => ({
    path: problem.path,
    message:
      problem.line === undefined ? problem.reason : `line ${problem.line}: ${problem.reason}`,
  }));
}

function refusalProblem(report: ImportReport): ApiProblem {
  const refusal = report.refusal;
  if (refusal === null) throw new Error("a refused import has a refusal");
  const errors = problemErrors(refusal.problems);
  if (refusal.stage === "rules") {
    return new ApiProblem(400, "invalid_request", "the body is invalid", undefined, errors);
  }
  const what: Record<Exclude<typeof refusal.stage, "rules">, string> = {
    size: "is too large",
    xsd: "does not validate against its XSD",
    parse: "cannot be read",
    map: "cannot be mapped to entries with these rules",
    limits: "has too many entries",
  };
  return new ApiProblem(
    422,
    "document_invalid",
    `the document ${what[refusal.stage]}: ${errors.length} problem(s)${refusal.truncated ? " (more not listed)" : ""}; nothing was posted`,
    { stage: refusal.stage, ...(refusal.truncated ? { truncated: "true" } : {}) },
    errors,
  );
}

function stoppedProblem(
  report: ImportReport,
  lastError: unknown,
  request: FastifyRequest,
): ApiProblem {
  const failure = report.failure;
  if (failure === null) throw new Error("a stopped import has a failure");
  const details = {
    entries: report.entries,
    posted: report.posted,
    duplicates: report.duplicates,
    submittedBefore: failure.submittedBefore,
    ...(report.messageId === null ? {} : { messageId: report.messageId }),
  };
  const [rejected] = report.rejected;
  if (failure.code !== null && isRejectionCode(failure.code) && lastError === undefined) {
    return new ApiProblem(
      httpStatusOfRejection(failure.code),
      failure.code,
      `${failure.reason}; ${failure.submittedBefore} entries before it are in the ledger, nothing after it was sent: fix the cause and send the same import again`,
      { ...details, ...(rejected === undefined ? {} : { entryId: rejected.entryId }) },
      rejected === undefined
        ? undefined
        : [{ path: rejected.path ?? "/", message: rejected.message }],
    );
  }
  const problem = toProblem(lastError, request);
  return new ApiProblem(
    problem.status,
    problem.code,
    `${problem.message}; ${failure.submittedBefore} entries were in the ledger before it: send the same import again to complete it`,
    { ...problem.details, ...details },
  );
}
