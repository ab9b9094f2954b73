// Route group: the risk inputs (docs/risk.md). Record a counterparty, a facility's terms, a
// set of FX rates or the capital base, each idempotent by `recordId` (the same body again is
// 200 with Idempotent-Replay; other content under that id is 409). Admin or risk-admin only.
// The answer is the record as the ledger stored it (amounts in minor units) with its sequence
// and hash; the exposure read model serves the history of the inputs and what they imply.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  ACCOUNTS_APART,
  facilityTermsSchema,
  publishFxRatesSchema,
  recordCapitalBaseSchema,
  recordCounterpartySchema,
  type Command,
} from "../../schemas/index.js";
import type { Decided, LedgerService } from "../ledgerService.js";
import { dryRunSchema, markDryRun } from "./dryRun.js";
import { decideAndReply } from "./replies.js";
import { commandProblems, ledgerParams } from "./schemas.js";

const VALID_FROM = "2026-11-01T00:00:00Z";

const counterpartyBody = recordCounterpartySchema.omit({ type: true }).meta({
  examples: [
    {
      recordId: "cp-acme-2026-11",
      counterpartyId: "acme",
      validFrom: VALID_FROM,
      lei: "5493001KJTIIGC8Y1R12",
      legalName: "Acme Manufacturing Ltd",
      connectedGroupId: "acme-group",
      sector: "C25.1",
      countryOfRisk: "GB",
      rating: "BBB",
      flags: {
        institution: false,
        globalSystemicallyImportant: false,
        sovereign: false,
        exempt: false,
      },
    },
  ],
});

const facilityBody = facilityTermsSchema.refine(ACCOUNTS_APART.check, ACCOUNTS_APART.message).meta({
  examples: [
    {
      recordId: "fac-acme-rcf-2026-11",
      facilityId: "acme-rcf",
      validFrom: VALID_FROM,
      counterpartyId: "acme",
      product: "revolving-credit",
      currency: "USD",
      drawnAccounts: ["loan:acme"],
      interestAccounts: ["loan:acme:interest"],
      limit: "1000000.00",
      ccf: "0.40",
      collateral: [{ type: "cash", currency: "USD", amount: "30000.00" }],
      guarantees: [],
      specificProvisions: "0",
    },
  ],
});

const fxRatesBody = publishFxRatesSchema.omit({ type: true }).meta({
  examples: [
    {
      recordId: "fx-ecb-2026-11-28",
      validFrom: "2026-11-28T16:00:00Z",
      source: "ECB",
      rates: [{ from: "EUR", to: "USD", rate: "1.0825" }],
    },
  ],
});

const capitalBody = recordCapitalBaseSchema.omit({ type: true }).meta({
  examples: [
    { recordId: "t1-2026-q3", validFrom: "2026-09-30T23:59:59Z", tier1Capital: "1000000000.00" },
  ],
});

export const recordView = z
  .object({
    ledgerId: z.string(),
    type: z.string().describe("The event that recorded it"),
    sequence: z.int(),
    hash: z.string(),
    recordedAt: z.string(),
    record: z.record(z.string(), z.unknown()).describe("As stored: amounts in minor units"),
  })
  .describe("A risk input as the ledger recorded it");

const access = { roles: ["risk-admin" as const], ledger: "path" as const };

/**
 * The event that recorded an accepted or replayed input (the IFRS 9 inputs answer alike): a
 * new one from the decision (a dry run's too, never stored), a replay's from the store.
 */
export async function recordedView(
  service: LedgerService,
  ledgerId: string,
  { decision, unstored }: Decided,
): Promise<z.infer<typeof recordView>> {
  const event =
    decision.status === "duplicate"
      ? await service.eventAt(ledgerId, decision.sequence, unstored)
      : decision.events[0];
  if (event === undefined) throw new Error(`ledger ${ledgerId}: a recorded input has no event`);
  return {
    ledgerId,
    type: event.type,
    sequence: event.metadata.sequence,
    hash: event.metadata.hash,
    recordedAt: event.metadata.recordedAt,
    record: event.data,
  };
}

export const riskInputRoutes: FastifyPluginAsyncZod<{ service: LedgerService }> = (
  app,
  { service },
) => {
  const responses = { 200: recordView, 201: recordView, ...commandProblems };
  const routes = [
    {
      path: "counterparties",
      body: counterpartyBody,
      type: "RecordCounterparty",
      summary: "Record a counterparty (or restate it from validFrom)",
    },
    {
      path: "facilities",
      body: facilityBody,
      type: "RecordFacility",
      summary: "Record a credit facility's terms (or restate them from validFrom)",
    },
    {
      path: "fx-rates",
      body: fxRatesBody,
      type: "PublishFxRates",
      summary: "Publish a set of closing mid FX rates",
    },
    {
      path: "capital",
      body: capitalBody,
      type: "RecordCapitalBase",
      summary: "Record the Tier 1 capital base",
    },
  ] as const;
  for (const route of routes) {
    app.post(
      `/v1/ledgers/:ledgerId/${route.path}`,
      {
        config: { access },
        onRequest: markDryRun,
        schema: {
          ...dryRunSchema,
          tags: ["risk"],
          summary: route.summary,
          description:
            "Idempotent by recordId: the same body again is 200 with Idempotent-Replay; other content under that id is 409 id_conflict. Admin or risk-admin.",
          params: ledgerParams,
          body: route.body,
          response: responses,
        },
      },
      async (request, reply) => {
        const { ledgerId } = request.params;
        const command = { ...(request.body as object), type: route.type } as Command;
        const decided = await decideAndReply(service, request, reply, ledgerId, command);
        return recordedView(service, ledgerId, decided);
      },
    );
  }
  return Promise.resolve();
};
