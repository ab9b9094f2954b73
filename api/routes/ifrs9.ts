// Route group: IFRS 9 (docs/ifrs9.md). The report at a reporting date (per facility stage and
// allowance, totals by stage), one facility's detail (stage history, ECL rows, interest), the
// IFRS 7 movement between two dates, and provisioning runs: POST computes the allowance from
// the read models at the ledger's head and records it with the journal entry that brings the
// loss allowance account to it (the core decides the difference); GET answers a run and
// recomputes it at its recorded point to show it still matches. Every read is effective at
// the end of the reporting date, known at one ledger sequence (knownAt, default: the head).
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { LedgerInfo } from "../../ledger-core/index.js";
import {
  computeIfrs9Movement,
  computeIfrs9Report,
  facilityDetail,
  ifrs9BookAt,
  Ifrs9InputError,
  Ifrs9QueryError,
  type Ifrs9BookAnswer,
  type Ifrs9WriteOff,
} from "../../projections/ifrs9/index.js";
import type { KnownAt } from "../../projections/index.js";
import { calendarDateSchema, idSchema } from "../../schemas/index.js";
import type { LedgerService } from "../ledgerService.js";
import { ApiProblem } from "../problems.js";
import type { ReadModels } from "../readModels.js";
import { pointQuery } from "./points.js";
import { riskPointOf } from "./riskPoint.js";
import {
  byStageOf,
  detailOf,
  detailView,
  facilityLineOf,
  movementOf,
  movementView,
  reportView,
  totalsOf,
} from "./ifrs9Views.js";
import { ledgerParams, pageLimitQuery, projectedProblems } from "./schemas.js";

/** Facilities one page of the report lists at most. */
export const MAX_IFRS9_PAGE = 1_000;

const readQuery = z.strictObject({
  asOf: calendarDateSchema.optional().describe("Reporting date (default: today, UTC)"),
  knownAt: pointQuery.shape.knownAt,
  minSequence: pointQuery.shape.minSequence,
  parameterSetId: idSchema.optional().describe("Default: the only parameter set recorded"),
});
type ReadQuery = z.infer<typeof readQuery>;

export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/** The book of a reporting date at the query's knownAt (default: both models' head). */
export async function ifrs9BookOf(
  service: LedgerService,
  readModels: ReadModels,
  ledgerId: string,
  query: ReadQuery & { reportingDate: string },
): Promise<{ ledger: LedgerInfo; answer: Ifrs9BookAnswer }> {
  const endOfDay = `${query.reportingDate}T23:59:59.999Z`;
  const point = await riskPointOf(service, readModels, ledgerId, {
    asOf: endOfDay,
    basis: "effective",
    knownAt: query.knownAt,
    minSequence: query.minSequence,
  });
  const knownAt: KnownAt =
    point.at.kind === "effective" && point.at.knownAt !== undefined
      ? point.at.knownAt
      : { sequence: point.commonSequence };
  try {
    const answer = await ifrs9BookAt(readModels.pool, {
      ledgerId,
      reportingDate: query.reportingDate,
      knownAt,
      ...(query.parameterSetId === undefined ? {} : { parameterSetId: query.parameterSetId }),
      versions: point.versions,
      assetScales: point.ledger.assets,
      reportingCurrency: point.ledger.reportingCurrency,
    });
    return { ledger: point.ledger, answer };
  } catch (error) {
    throw problemOf(error);
  }
}

/** The IFRS 9 errors as problems with their codes; anything else unchanged. */
export function problemOf(error: unknown): unknown {
  if (error instanceof Ifrs9QueryError) {
    switch (error.code) {
      case "read_models_apart":
        return new ApiProblem(409, "read_model_behind", error.message);
      case "parameter_set_not_found":
        return new ApiProblem(404, error.code, error.message);
      case "parameter_set_ambiguous":
        return new ApiProblem(422, error.code, error.message);
    }
  }
  if (error instanceof Ifrs9InputError) {
    return new ApiProblem(422, "ifrs9_input_invalid", error.message, { reason: error.code });
  }
  return error;
}

export const ifrs9Routes: FastifyPluginAsyncZod<{
  service: LedgerService;
  readModels: ReadModels;
}> = (app, { service, readModels }) => {
  const access = { roles: ["risk" as const, "auditor" as const], ledger: "path" as const };
  const book = (ledgerId: string, query: ReadQuery) =>
    ifrs9BookOf(service, readModels, ledgerId, {
      ...query,
      reportingDate: query.asOf ?? todayUtc(),
    });
  const head = (ledgerId: string, ledger: LedgerInfo, answer: Ifrs9BookAnswer) => ({
    ledgerId,
    sequence: answer.sequence,
    reportingDate: answer.book.reportingDate,
    parameterSetId: answer.book.parameters.parameterSetId,
    reportingCurrency: ledger.reportingCurrency,
  });

  app.get(
    "/v1/ledgers/:ledgerId/ifrs9",
    {
      config: { access },
      schema: {
        tags: ["ifrs9"],
        summary: "IFRS 9 stage and loss allowance per facility, with totals by stage",
        description:
          "Effective at the end of the reporting date (asOf), known at knownAt (default: now). Facilities that cannot be measured are listed with a reason and never counted. Paged by facility id; the totals cover every facility.",
        params: ledgerParams,
        querystring: readQuery.extend({
          limit: pageLimitQuery(MAX_IFRS9_PAGE, 100),
          after: idSchema.optional().describe("The last facility id of the previous page"),
        }),
        response: { 200: reportView, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { ledger, answer } = await book(ledgerId, request.query);
      const report = computeIfrs9Report(answer.book);
      const { limit, after } = request.query;
      const lines = [...report.measured, ...report.unmeasured]
        .filter((line) => after === undefined || line.facilityId > after)
        .sort((a, b) => (a.facilityId < b.facilityId ? -1 : 1));
      const page = lines.slice(0, limit);
      return {
        ...head(ledgerId, ledger, answer),
        byStage: byStageOf(ledger, report),
        overall: totalsOf(ledger, report.overall),
        unmeasuredCount: report.unmeasured.length,
        facilities: page.map((line) => facilityLineOf(ledger, line)),
        nextAfter: lines.length > limit ? (page[page.length - 1]?.facilityId ?? null) : null,
      };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/ifrs9/facilities/:facilityId",
    {
      config: { access },
      schema: {
        tags: ["ifrs9"],
        summary: "One facility's IFRS 9 stage history, ECL detail rows and quarterly interest",
        params: ledgerParams.extend({ facilityId: idSchema }),
        querystring: readQuery,
        response: { 200: detailView, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId, facilityId } = request.params;
      const { ledger, answer } = await book(ledgerId, request.query);
      if (!answer.book.facilities.has(facilityId)) {
        throw new ApiProblem(
          404,
          "facility_not_found",
          `facility ${facilityId} is not in force on ${answer.book.reportingDate}`,
          { facilityId },
        );
      }
      const detail = facilityDetail(answer.book, facilityId);
      return { ...head(ledgerId, ledger, answer), ...detailOf(ledger, detail) };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/ifrs9/movement",
    {
      config: { access },
      schema: {
        tags: ["ifrs9"],
        summary: "The IFRS 7 movement of the loss allowance between two reporting dates",
        description:
          "Opening, transfers between stages, new, derecognised, write-offs, model changes, remeasurement, FX and closing, per stage; opening + lines = closing in every column.",
        params: ledgerParams,
        querystring: readQuery.omit({ asOf: true }).extend({
          from: calendarDateSchema.describe("Opening reporting date"),
          to: calendarDateSchema.optional().describe("Closing reporting date (default: today)"),
        }),
        response: { 200: movementView, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { from, to = todayUtc(), ...rest } = request.query;
      if (from >= to) {
        throw new ApiProblem(400, "invalid_request", `from (${from}) must be before to (${to})`);
      }
      const opening = await book(ledgerId, { ...rest, asOf: from });
      // The closing book at the same sequence as the opening one: one state of the ledger.
      const knownAt =
        opening.answer.sequence === null ? rest.knownAt : String(opening.answer.sequence);
      const closing = await book(ledgerId, { ...rest, knownAt, asOf: to });
      const writeOffs = new Map<string, Ifrs9WriteOff[]>();
      for (const [id, inputs] of closing.answer.book.facilities) {
        const within = inputs.writeOffs.filter(
          (w) => w.writtenOffOn > from && w.writtenOffOn <= to,
        );
        if (within.length > 0) writeOffs.set(id, within);
      }
      try {
        // A parameter set restated between the dates: its effect is the model change line.
        const oldParameters = opening.answer.book.parameters;
        const restated =
          JSON.stringify(oldParameters) !== JSON.stringify(closing.answer.book.parameters);
        const movement = computeIfrs9Movement(
          computeIfrs9Report(opening.answer.book),
          computeIfrs9Report(closing.answer.book),
          {
            writeOffs,
            openingFxRates: opening.answer.book.fxRates,
            closingFxRates: closing.answer.book.fxRates,
            assetScales: closing.ledger.assets,
            ...(restated
              ? {
                  closingWithOpeningParameters: computeIfrs9Report({
                    ...closing.answer.book,
                    parameters: oldParameters,
                  }),
                }
              : {}),
          },
        );
        return {
          ledgerId,
          sequence: closing.answer.sequence,
          from,
          to,
          parameterSetId: closing.answer.book.parameters.parameterSetId,
          reportingCurrency: closing.ledger.reportingCurrency,
          ...movementOf(closing.ledger, movement),
        };
      } catch (error) {
        throw problemOf(error);
      }
    },
  );
  return Promise.resolve();
};
