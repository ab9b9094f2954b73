// Route group: reads of the risk inputs in force (docs/risk.md), from the risk_inputs read
// model, as of any point (`asOf` / `basis` / `knownAt` as for balances): counterparties and
// facilities (listed by id, a page at a time, or one by id), the FX rates and the capital
// base. Amounts are decimal strings in their currency. Risk, risk-admin and auditor keys.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { LedgerInfo } from "../../ledger-core/index.js";
import {
  pinnedPoint,
  riskInputsAt,
  riskInputsHead,
  type FacilityVersion,
  type RiskInputsAnswer,
} from "../../projections/index.js";
import { idSchema } from "../../schemas/index.js";
import type { LedgerService } from "../ledgerService.js";
import { ApiProblem } from "../problems.js";
import type { ReadModels } from "../readModels.js";
import { balanceAtOf, checkBalancePoint, pointQuery } from "./points.js";
import { ledgerParams, pageLimitQuery, projectedProblems } from "./schemas.js";
import { moneyOf } from "./amounts.js";

/** Counterparties or facilities one page lists at most. */
export const MAX_RISK_INPUTS_PAGE = 1_000;

const listQuery = pointQuery.extend({
  after: idSchema.optional().describe("The previous page's nextCursor"),
  limit: pageLimitQuery(MAX_RISK_INPUTS_PAGE, 100),
});
const record = z.record(z.string(), z.unknown());
const pageView = z.object({
  ledgerId: z.string(),
  sequence: z.int().nullable().describe("The ledger sequence the answer reflects"),
  effectiveAt: z.string(),
  items: z.array(record),
  nextCursor: z.string().nullable(),
});
const oneView = z.object({
  ledgerId: z.string(),
  sequence: z.int().nullable(),
  effectiveAt: z.string(),
  item: record,
});

export const riskInputReadRoutes: FastifyPluginAsyncZod<{
  service: LedgerService;
  readModels: ReadModels;
}> = (app, { service, readModels }) => {
  const access = {
    roles: ["risk" as const, "risk-admin" as const, "auditor" as const],
    ledger: "path" as const,
  };

  /** The inputs in force at the query's point, once the model can answer for it. */
  const inForce = async (
    ledgerId: string,
    query: z.infer<typeof pointQuery>,
  ): Promise<{ ledger: LedgerInfo; answer: RiskInputsAnswer }> => {
    const writer = await service.ledger(ledgerId);
    const ledger = writer.current.ledger;
    if (ledger === null) throw new Error(`ledger ${ledgerId} is not loaded`);
    const ledgerSequence = writer.current.chain.nextSequence - 1;
    const at = balanceAtOf(query);
    await readModels.waitFor("risk_inputs", ledgerId, query.minSequence, ledgerSequence);
    const version = await readModels.version("risk_inputs");
    const head = await riskInputsHead(readModels.pool, { ledgerId, version });
    checkBalancePoint(at, {
      ledgerId,
      ledgerSequence,
      head,
      nowMs: Date.now(),
      model: "risk_inputs",
    });
    const answer = await riskInputsAt(readModels.pool, {
      ledgerId,
      version,
      at: pinnedPoint(at, head?.sequence ?? -1),
    });
    return { ledger, answer };
  };
  const headOf = (ledgerId: string, answer: RiskInputsAnswer) => ({
    ledgerId,
    sequence: answer.sequence,
    effectiveAt: answer.effectiveAt,
  });
  const page = <T>(
    items: readonly T[],
    idOf: (item: T) => string,
    q: z.infer<typeof listQuery>,
  ) => {
    const after = q.after;
    const following = items.filter((item) => after === undefined || idOf(item) > after);
    const listed = following.slice(0, q.limit);
    const last = listed[listed.length - 1];
    return {
      listed,
      nextCursor: following.length > q.limit && last !== undefined ? idOf(last) : null,
    };
  };
  const byId = <T>(map: ReadonlyMap<string, T>): T[] =>
    [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);

  app.get(
    "/v1/ledgers/:ledgerId/counterparties",
    {
      config: { access },
      schema: {
        tags: ["risk"],
        summary: "Counterparties in force as of any point, by id",
        params: ledgerParams,
        querystring: listQuery,
        response: { 200: pageView, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { answer } = await inForce(ledgerId, request.query);
      const { listed, nextCursor } = page(
        byId(answer.counterparties),
        (c) => c.counterpartyId,
        request.query,
      );
      return { ...headOf(ledgerId, answer), items: listed.map((c) => ({ ...c })), nextCursor };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/counterparties/:counterpartyId",
    {
      config: { access },
      schema: {
        tags: ["risk"],
        summary: "One counterparty as in force at any point",
        params: ledgerParams.extend({ counterpartyId: idSchema }),
        querystring: pointQuery,
        response: { 200: oneView, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId, counterpartyId } = request.params;
      const { answer } = await inForce(ledgerId, request.query);
      const item = answer.counterparties.get(counterpartyId);
      if (item === undefined) {
        throw new ApiProblem(
          404,
          "counterparty_not_found",
          `no counterparty ${counterpartyId} in force then`,
          {
            counterpartyId,
          },
        );
      }
      return { ...headOf(ledgerId, answer), item: { ...item } };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/facilities",
    {
      config: { access },
      schema: {
        tags: ["risk"],
        summary: "Facilities in force as of any point, by id, amounts in their currency",
        params: ledgerParams,
        querystring: listQuery,
        response: { 200: pageView, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { ledger, answer } = await inForce(ledgerId, request.query);
      const { listed, nextCursor } = page(
        byId(answer.facilities),
        (f) => f.facilityId,
        request.query,
      );
      return {
        ...headOf(ledgerId, answer),
        items: listed.map((facility) => facilityView(ledger, facility)),
        nextCursor,
      };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/facilities/:facilityId",
    {
      config: { access },
      schema: {
        tags: ["risk"],
        summary: "One facility's terms as in force at any point",
        params: ledgerParams.extend({ facilityId: idSchema }),
        querystring: pointQuery,
        response: { 200: oneView, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId, facilityId } = request.params;
      const { ledger, answer } = await inForce(ledgerId, request.query);
      const facility = answer.facilities.get(facilityId);
      if (facility === undefined) {
        throw new ApiProblem(404, "not_found", `no facility ${facilityId} in force then`, {
          facilityId,
        });
      }
      return { ...headOf(ledgerId, answer), item: facilityView(ledger, facility) };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/fx-rates",
    {
      config: { access },
      schema: {
        tags: ["risk"],
        summary: "The FX rates in force (per pair, the latest set that has it)",
        params: ledgerParams,
        querystring: pointQuery,
        response: { 200: oneView, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { answer } = await inForce(ledgerId, request.query);
      return {
        ...headOf(ledgerId, answer),
        item: { rates: answer.fxRates.map((rate) => ({ ...rate })) },
      };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/capital",
    {
      config: { access },
      schema: {
        tags: ["risk"],
        summary: "The capital base in force",
        params: ledgerParams,
        querystring: pointQuery,
        response: { 200: oneView, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { ledger, answer } = await inForce(ledgerId, request.query);
      const capital = answer.capital;
      if (capital === null) {
        throw new ApiProblem(404, "not_found", "no capital base in force then");
      }
      return {
        ...headOf(ledgerId, answer),
        item: {
          currency: capital.currency,
          tier1Capital: moneyOf(ledger, capital.currency, capital.tier1Capital),
          validFrom: capital.validFrom,
        },
      };
    },
  );
  return Promise.resolve();
};

function facilityView(ledger: LedgerInfo, facility: FacilityVersion): Record<string, unknown> {
  const m = (currency: string, minor: bigint) => moneyOf(ledger, currency, minor);
  return {
    ...facility,
    limit: m(facility.currency, facility.limit),
    specificProvisions: m(facility.currency, facility.specificProvisions),
    collateral: facility.collateral.map((c) => ({ ...c, amount: m(c.currency, c.amount) })),
    guarantees: facility.guarantees.map((g) => ({ ...g, amount: m(g.currency, g.amount) })),
  };
}
