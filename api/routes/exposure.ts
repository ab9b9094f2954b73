// Route group: exposure (docs/risk.md). The book's exposure grouped by counterparty, connected
// group, currency, sector, country, product or rating, and the large-exposure report (CRR
// Art. 392/395: limits, headroom, breaches, top 20, concentration), the concentration grid
// (sector × country, concentrationGrid.ts), as of any point: the same
// `asOf` / `basis` / `knownAt` as balances. Amounts are decimal strings in the reporting
// currency (and, per group, in each original currency). Risk role; admin always may.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { LedgerInfo } from "../../ledger-core/index.js";
import {
  CONCENTRATION_DIMENSIONS,
  EXPOSURE_DIMENSIONS,
  ExposureInputError,
  exposureReportAt,
  type ExposureAnswer,
  type ExposureColumns,
  type GroupLargeExposure,
} from "../../projections/index.js";
import type { LedgerService } from "../ledgerService.js";
import { ApiProblem } from "../problems.js";
import type { ReadModels } from "../readModels.js";
import { pointQuery } from "./points.js";
import { riskPointOf } from "./riskPoint.js";
import { ledgerParams, pageLimitQuery, projectedProblems } from "./schemas.js";
import { moneyOf } from "./amounts.js";
import { concentrationGrid } from "../../projections/index.js";

/** Groups one exposure answer lists at most. */
export const MAX_EXPOSURE_GROUPS = 1_000;

/** Rows and columns one concentration grid lists at most (each; cells at most the product). */
export const MAX_GRID_KEYS = 200;

const decimal = z.string().describe("Decimal amount in the reporting currency");
const columnsView = z
  .object({
    grossExposure: decimal,
    provisions: decimal,
    exposureValue: decimal.describe("C 28.00: value before exemptions and CRM"),
    crmSubstitution: decimal,
    crmFunded: decimal,
    exempted: decimal,
    valueAfterExemptionsAndCrm: decimal,
  })
  .describe("The C 28.00 column flow");

const exposureQuery = pointQuery.extend({
  groupBy: z.enum(EXPOSURE_DIMENSIONS).default("counterparty"),
  limit: pageLimitQuery(MAX_EXPOSURE_GROUPS, 100).describe(
    `Groups listed, largest exposure value first (at most ${MAX_EXPOSURE_GROUPS}); the total covers all`,
  ),
});

const answerHead = {
  ledgerId: z.string(),
  sequence: z.int().nullable().describe("The ledger sequence both read models answer at"),
  effectiveAt: z.string(),
  reportingCurrency: z.string(),
};

const exposureResponse = z.object({
  ...answerHead,
  groupBy: z.enum(EXPOSURE_DIMENSIONS),
  total: columnsView,
  groupCount: z.int(),
  groups: z.array(
    z.object({
      key: z.string(),
      lines: z.int(),
      reporting: columnsView,
      original: z.array(z.object({ currency: z.string(), amounts: columnsView })),
    }),
  ),
});

const largeView = z.object({
  groupKey: z.string(),
  counterpartyIds: z.array(z.string()),
  containsInstitution: z.boolean(),
  containsGsii: z.boolean(),
  amounts: columnsView,
  shareOfTier1BeforeExemptionsAndCrm: z.string(),
  shareOfTier1: z.string(),
  isLarge: z.boolean(),
  limitRule: z.enum(["general", "institution", "gsii"]),
  limit: decimal,
  headroom: decimal.describe("limit - value after exemptions and CRM; negative when over"),
  nonInstitutionPart: z
    .object({ exposure: decimal, limit: decimal, headroom: decimal, withinLimit: z.boolean() })
    .nullable(),
  breach: z.boolean(),
  rank: z.int(),
});

const concentrationView = z.object({
  total: decimal,
  hhi: z.string().nullable(),
  buckets: z.array(z.object({ key: z.string(), amount: decimal, share: z.string() })),
});

const largeResponse = z.object({
  ...answerHead,
  tier1Capital: decimal,
  largeExposureThreshold: decimal,
  generalLimit: decimal,
  largeExposures: z.array(largeView),
  top20: z.array(largeView),
  breaches: z.array(largeView),
  concentration: z.object({
    sector: concentrationView,
    country: concentrationView,
    rating: concentrationView,
  }),
});

const gridQuery = pointQuery.extend({
  rows: z.enum(CONCENTRATION_DIMENSIONS).default("sector").describe("The grid's rows"),
  columns: z
    .enum(CONCENTRATION_DIMENSIONS)
    .default("country")
    .describe("The grid's columns (another dimension than rows)"),
  limit: pageLimitQuery(MAX_GRID_KEYS, 50).describe(
    `Rows and columns listed, each the largest first (at most ${MAX_GRID_KEYS}); the totals cover all`,
  ),
});

const gridBucket = z.object({
  key: z.string(),
  amount: decimal,
  share: z.string().describe("Of the grid's total, 6 places"),
});

const gridResponse = z.object({
  ...answerHead,
  rows: z.enum(CONCENTRATION_DIMENSIONS),
  columns: z.enum(CONCENTRATION_DIMENSIONS),
  total: decimal.describe("Exposure value of every facility's own line (as concentration)"),
  rowCount: z.int(),
  columnCount: z.int(),
  rowTotals: z.array(gridBucket),
  columnTotals: z.array(gridBucket),
  cells: z
    .array(z.object({ row: z.string(), column: z.string(), amount: decimal, share: z.string() }))
    .describe("Cells of the listed rows and columns that hold exposure lines, row by row"),
});

export const exposureRoutes: FastifyPluginAsyncZod<{
  service: LedgerService;
  readModels: ReadModels;
}> = (app, { service, readModels }) => {
  const access = { roles: ["risk" as const], ledger: "path" as const };

  /** Both read models checked for the point, then the report at their common sequence. */
  const answer = async (
    ledgerId: string,
    query: z.infer<typeof pointQuery>,
  ): Promise<{ ledger: LedgerInfo; answer: ExposureAnswer }> => {
    const { ledger, at, versions, commonSequence } = await riskPointOf(
      service,
      readModels,
      ledgerId,
      query,
    );
    try {
      return {
        ledger,
        answer: await exposureReportAt(readModels.pool, {
          ledgerId,
          at,
          assetScales: ledger.assets,
          reportingCurrency: ledger.reportingCurrency,
          versions,
          commonSequence,
        }),
      };
    } catch (error) {
      if (error instanceof ExposureInputError) {
        throw new ApiProblem(422, error.code, error.message);
      }
      throw error;
    }
  };

  app.get(
    "/v1/ledgers/:ledgerId/exposure",
    {
      config: { access },
      schema: {
        tags: ["risk"],
        summary:
          "Exposure grouped by counterparty, group, currency, sector, country, product or rating",
        description:
          "As of any point (asOf, basis, knownAt as for balances). Drawn amounts are the facility accounts' ledger balances; the C 28.00 column flow per group, in the reporting currency and in each original currency.",
        params: ledgerParams,
        querystring: exposureQuery,
        response: { 200: exposureResponse, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { ledger, answer: result } = await answer(ledgerId, request.query);
      const { report } = result;
      const reporting = (minor: bigint) => moneyOf(ledger, ledger.reportingCurrency, minor);
      const groups = [...report.views[request.query.groupBy]].sort((a, b) =>
        a.reporting.exposureValue === b.reporting.exposureValue
          ? a.key.localeCompare(b.key)
          : a.reporting.exposureValue > b.reporting.exposureValue
            ? -1
            : 1,
      );
      return {
        ...head(ledgerId, ledger, result),
        groupBy: request.query.groupBy,
        total: columns(report.total.reporting, reporting),
        groupCount: groups.length,
        groups: groups.slice(0, request.query.limit).map((group) => ({
          key: group.key,
          lines: group.lines,
          reporting: columns(group.reporting, reporting),
          original: group.original.map((item) => ({
            currency: item.currency,
            amounts: columns(item.amounts, (minor) => moneyOf(ledger, item.currency, minor)),
          })),
        })),
      };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/exposure/large",
    {
      config: { access },
      schema: {
        tags: ["risk"],
        summary:
          "Large exposures (CRR Art. 392/395) with limits, headroom and breaches, the top 20 and concentration",
        description:
          "Large: exposure value at or above 10 % of Tier 1. Limit: 25 % of Tier 1; for an institution or a group containing one the higher of 25 % and EUR 150 m (at most 100 %), provided the non-institution part stays within 25 %. Concentration (HHI with shares) by sector, country and rating.",
        params: ledgerParams,
        querystring: pointQuery,
        response: { 200: largeResponse, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { ledger, answer: result } = await answer(ledgerId, request.query);
      const { large, concentration } = result.report;
      const reporting = (minor: bigint) => moneyOf(ledger, ledger.reportingCurrency, minor);
      const group = (g: GroupLargeExposure) => largeGroupView(g, reporting);
      const concentrated = (dimension: "sector" | "country" | "rating") => ({
        total: reporting(concentration[dimension].total),
        hhi: concentration[dimension].hhi,
        buckets: concentration[dimension].buckets.map((bucket) => ({
          key: bucket.key,
          amount: reporting(bucket.amount),
          share: bucket.share,
        })),
      });
      return {
        ...head(ledgerId, ledger, result),
        tier1Capital: reporting(large.tier1Capital),
        largeExposureThreshold: reporting(large.largeExposureThreshold),
        generalLimit: reporting(large.generalLimit),
        largeExposures: large.largeExposures.map(group),
        top20: large.top20.map(group),
        breaches: large.breaches.map(group),
        concentration: {
          sector: concentrated("sector"),
          country: concentrated("country"),
          rating: concentrated("rating"),
        },
      };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/exposure/concentration",
    {
      config: { access },
      schema: {
        tags: ["risk"],
        summary: "Concentration grid: exposure value by sector × country (or rating)",
        description:
          "As of any point, as the other exposure routes. Each facility's own line (exposure value, reporting currency) in the cell of its obligor's row and column key, with its share of the book: rows sum to the concentration by the row dimension of /exposure/large, columns to that by the column dimension.",
        params: ledgerParams,
        querystring: gridQuery,
        response: { 200: gridResponse, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { rows, columns, limit, ...point } = request.query;
      if (rows === columns) {
        throw new ApiProblem(400, "invalid_request", `rows and columns are both ${rows}`);
      }
      const { ledger, answer: result } = await answer(ledgerId, point);
      const grid = concentrationGrid(result.report.exposure.lines, rows, columns, limit);
      const reporting = (minor: bigint) => moneyOf(ledger, ledger.reportingCurrency, minor);
      const bucket = (b: { key: string; amount: bigint; share: string }) => ({
        key: b.key,
        amount: reporting(b.amount),
        share: b.share,
      });
      return {
        ...head(ledgerId, ledger, result),
        rows,
        columns,
        total: reporting(grid.total),
        rowCount: grid.rowCount,
        columnCount: grid.columnCount,
        rowTotals: grid.rowTotals.map(bucket),
        columnTotals: grid.columnTotals.map(bucket),
        cells: grid.cells.map((cell) => ({ ...cell, amount: reporting(cell.amount) })),
      };
    },
  );
  return Promise.resolve();
};

function head(ledgerId: string, ledger: LedgerInfo, answer: ExposureAnswer) {
  return {
    ledgerId,
    sequence: answer.sequence,
    effectiveAt: answer.effectiveAt,
    reportingCurrency: ledger.reportingCurrency,
  };
}

function columns(amounts: ExposureColumns, format: (minor: bigint) => string) {
  return {
    grossExposure: format(amounts.grossExposure),
    provisions: format(amounts.provisions),
    exposureValue: format(amounts.exposureValue),
    crmSubstitution: format(amounts.crmSubstitution),
    crmFunded: format(amounts.crmFunded),
    exempted: format(amounts.exempted),
    valueAfterExemptionsAndCrm: format(amounts.valueAfterExemptionsAndCrm),
  };
}

function largeGroupView(group: GroupLargeExposure, format: (minor: bigint) => string) {
  const part = group.nonInstitutionPart;
  return {
    ...group,
    counterpartyIds: [...group.counterpartyIds],
    amounts: columns(group.amounts, format),
    limit: format(group.limit),
    headroom: format(group.headroom),
    nonInstitutionPart:
      part === null
        ? null
        : {
            exposure: format(part.exposure),
            limit: format(part.limit),
            headroom: format(part.headroom),
            withinLimit: part.withinLimit,
          },
  };
}
