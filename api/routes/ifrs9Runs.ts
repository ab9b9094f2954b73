// Route group: IFRS 9 provisioning runs (docs/ifrs9.md, "Provisioning runs"). POST computes
// the IFRS 9 report at the reporting date from the read models once they have applied the
// ledger's head, and records RecordProvisioningRun: the core posts the difference between the
// report's allowance and the loss allowance account's balance as one journal entry, in the
// same decision. The run id is derived from (reporting date, parameter set, digest of every
// facility's figures): the same inputs again answer the first run (200, Idempotent-Replay);
// new inputs post only the difference. GET answers a run and recomputes the report at the
// run's recorded point (knownAt = its inputs sequence) to show whether it still matches.
// GET .../ifrs9/runs lists the runs, newest first, a keyset page at a time (runsPage).
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { LedgerInfo } from "../../ledger-core/index.js";
import {
  computeIfrs9Report,
  reportDigest,
  type Ifrs9Report,
} from "../../projections/ifrs9/index.js";
import {
  calendarDateSchema,
  formatAmount,
  idSchema,
  type EventDataOf,
  type JournalEventOf,
  type RecordProvisioningRun,
} from "../../schemas/index.js";
import type { Decided, LedgerService } from "../ledgerService.js";
import { ApiProblem } from "../problems.js";
import type { ReadModels } from "../readModels.js";
import { ifrs9BookOf, todayUtc } from "./ifrs9.js";
import { runOf, runView } from "./ifrs9Views.js";
import { dryRunSchema, markDryRun } from "./dryRun.js";
import { decideAndReply } from "./replies.js";
import {
  commandProblems,
  ledgerParams,
  pageLimitQuery,
  projectedProblems,
  sequenceQuery,
} from "./schemas.js";

/** Runs one page of GET .../ifrs9/runs lists at most, and by default. */
export const MAX_RUN_PAGE = 100;
export const DEFAULT_RUN_PAGE = 20;

export const runListView = z.object({
  ledgerId: z.string(),
  sequence: z.int().describe("The ledger's head when listed (-1: no event yet)"),
  items: z.array(runView).describe("Newest first; reproduced is null (not recomputed here)"),
  nextCursor: z.string().nullable().describe("Pass as cursor for older runs; null: last page"),
});

const runListQuery = z.strictObject({
  limit: pageLimitQuery(MAX_RUN_PAGE, DEFAULT_RUN_PAGE),
  cursor: sequenceQuery
    .optional()
    .describe("The previous page's nextCursor: runs recorded before that sequence"),
});

/**
 * One page of a ledger's provisioning runs, newest first: the records of kind
 * provisioning_run (the decider keeps every decided record id with its event's sequence),
 * those recorded before `cursor` when given, at most `limit`; nextCursor is the last one's
 * sequence when more remain.
 */
export function runsPage<Run extends { readonly kind: string; readonly sequence: number }>(
  records: Iterable<Run>,
  page: { limit: number; cursor?: number | undefined },
): { runs: Run[]; nextCursor: string | null } {
  const { limit, cursor } = page;
  const older = [...records]
    .filter((r) => r.kind === "provisioning_run" && (cursor === undefined || r.sequence < cursor))
    .sort((a, b) => b.sequence - a.sequence);
  const runs = older.slice(0, limit);
  const last = runs[runs.length - 1];
  return {
    runs,
    nextCursor: older.length > limit && last !== undefined ? String(last.sequence) : null,
  };
}

const runBody = z
  .strictObject({
    reportingDate: calendarDateSchema.optional().describe("Default: today (UTC)"),
    parameterSetId: idSchema.optional().describe("Default: the only parameter set recorded"),
  })
  .meta({ examples: [{ reportingDate: "2026-11-30", parameterSetId: "policy-2026" }] });

/** The run's command: figures in the reporting currency, the accounts of the parameter set. */
function runCommand(
  ledger: LedgerInfo,
  report: Ifrs9Report,
  inputsSequence: number,
  accounts: { impairmentExpense: string | null; lossAllowance: string | null },
): RecordProvisioningRun {
  const { impairmentExpense, lossAllowance } = accounts;
  if (impairmentExpense === null || lossAllowance === null) {
    throw new ApiProblem(
      422,
      "parameter_set_without_accounts",
      `parameter set ${report.parameterSetId} names no impairment expense and loss allowance accounts: record one with RecordIfrs9Parameters`,
    );
  }
  const currency = ledger.reportingCurrency;
  const m = (minor: bigint) => formatAmount(minor, ledger.assets.get(currency) ?? 0);
  const digest = reportDigest(report);
  return {
    type: "RecordProvisioningRun",
    runId: `ifrs9:${report.reportingDate}:${report.parameterSetId}:${digest.slice(0, 16)}`,
    reportingDate: report.reportingDate,
    parameterSetId: report.parameterSetId,
    inputsSequence,
    inputsDigest: digest,
    impairmentExpenseAccountId: impairmentExpense,
    lossAllowanceAccountId: lossAllowance,
    currency,
    allowance: m(report.overall.allowance),
    byStage: (["1", "2", "3", "POCI"] as const)
      .filter((stage) => report.byStage[stage].count > 0)
      .map((stage) => ({
        stage,
        facilities: report.byStage[stage].count,
        grossCarryingAmount: m(report.byStage[stage].grossCarryingAmount),
        allowance: m(report.byStage[stage].allowance),
      })),
    notMeasured: report.unmeasured.length,
  };
}

function isRunEvent(event: { type: string }): event is JournalEventOf<"ProvisioningRunRecorded"> {
  return event.type === "ProvisioningRunRecorded";
}

export const ifrs9RunRoutes: FastifyPluginAsyncZod<{
  service: LedgerService;
  readModels: ReadModels;
}> = (app, { service, readModels }) => {
  const runEvent = async (ledgerId: string, { decision, unstored }: Decided) => {
    const found =
      decision.status === "duplicate"
        ? await service.eventAt(ledgerId, decision.sequence, unstored)
        : decision.events.find(isRunEvent);
    if (found === undefined || !isRunEvent(found)) {
      throw new Error(`ledger ${ledgerId}: a recorded run has no ProvisioningRunRecorded event`);
    }
    return found;
  };
  const view = (
    ledgerId: string,
    ledger: LedgerInfo,
    event: JournalEventOf<"ProvisioningRunRecorded">,
  ) => ({
    ledgerId,
    ...runOf(
      ledger,
      { data: event.data, sequence: event.metadata.sequence, hash: event.metadata.hash },
      event.metadata.recordedAt,
    ),
  });

  app.post(
    "/v1/ledgers/:ledgerId/ifrs9/runs",
    {
      config: { access: { roles: ["risk-admin"], ledger: "path" } },
      onRequest: markDryRun,
      schema: {
        ...dryRunSchema,
        tags: ["ifrs9"],
        summary: "Run provisioning: record the loss allowance and post its change",
        description:
          "Computes the IFRS 9 report at the reporting date once the read models have applied the ledger's head, then records the run with one journal entry (impairment expense / loss allowance) for the difference to the loss allowance account's balance. The same inputs again: 200 with Idempotent-Replay. Refused in a closed period. Admin or risk-admin.",
        params: ledgerParams,
        body: runBody,
        response: { 200: runView, 201: runView, ...commandProblems, ...projectedProblems },
      },
    },
    async (request, reply) => {
      const { ledgerId } = request.params;
      const writer = await service.ledger(ledgerId);
      const headSequence = writer.current.chain.nextSequence - 1;
      const { ledger, answer } = await ifrs9BookOf(service, readModels, ledgerId, {
        reportingDate: request.body.reportingDate ?? todayUtc(),
        parameterSetId: request.body.parameterSetId,
        minSequence: headSequence < 0 ? undefined : headSequence,
      });
      const report = computeIfrs9Report(answer.book);
      const command = runCommand(
        ledger,
        report,
        answer.sequence ?? 0,
        answer.book.parameters.accounts,
      );
      const decided = await decideAndReply(service, request, reply, ledgerId, command);
      return { ...view(ledgerId, ledger, await runEvent(ledgerId, decided)), reproduced: null };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/ifrs9/runs",
    {
      config: { access: { roles: ["risk", "auditor"], ledger: "path" } },
      schema: {
        tags: ["ifrs9"],
        summary: "The provisioning runs, newest first, each with the entry it posted",
        description:
          "Keyset pages by recorded sequence: pass nextCursor as cursor for older runs. A run's entryId is its journal entry (GET .../entries/{entryId}); null when it posted nothing. Not recomputed: reproduced is null (GET .../ifrs9/runs/{runId} recomputes one).",
        params: ledgerParams,
        querystring: runListQuery,
        response: { 200: runListView, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const writer = await service.ledger(ledgerId);
      const { ledger, risk, chain } = writer.current;
      const page = runsPage(risk.records.values(), request.query);
      const events =
        ledger === null
          ? []
          : await Promise.all(page.runs.map((r) => service.eventAt(ledgerId, r.sequence)));
      const items = events.map((event) => {
        if (ledger === null || !isRunEvent(event)) {
          throw new Error(
            `ledger ${ledgerId}: run at ${event.metadata.sequence} is not a run event`,
          );
        }
        return { ...view(ledgerId, ledger, event), reproduced: null };
      });
      return { ledgerId, sequence: chain.nextSequence - 1, items, nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/ifrs9/runs/:runId",
    {
      config: { access: { roles: ["risk", "auditor"], ledger: "path" } },
      schema: {
        tags: ["ifrs9"],
        summary: "A provisioning run, recomputed at its recorded point",
        params: ledgerParams.extend({ runId: idSchema }),
        response: { 200: runView, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId, runId } = request.params;
      const writer = await service.ledger(ledgerId);
      const ledger = writer.current.ledger;
      const record = writer.current.risk.records.get(runId);
      if (ledger === null || record === undefined || record.kind !== "provisioning_run") {
        throw new ApiProblem(404, "run_not_found", `no provisioning run ${runId}`, { runId });
      }
      const event = await service.eventAt(ledgerId, record.sequence);
      if (!isRunEvent(event))
        throw new Error(`ledger ${ledgerId}: run ${runId} is not a run event`);
      const data: EventDataOf<"ProvisioningRunRecorded"> = event.data;
      const again = await ifrs9BookOf(service, readModels, ledgerId, {
        reportingDate: data.reportingDate,
        parameterSetId: data.parameterSetId,
        knownAt: String(data.inputsSequence),
      });
      const digest = reportDigest(computeIfrs9Report(again.answer.book));
      return {
        ...view(ledgerId, ledger, event),
        reproduced: { inputsDigest: digest, matches: digest === data.inputsDigest },
      };
    },
  );
  return Promise.resolve();
};
