// Route group: the IFRS 9 inputs (docs/ifrs9.md "Inputs"). Record a facility's terms, a
// credit assessment or a write-off (the facility in the path must be recorded: 404
// facility_not_found otherwise), or an IFRS 9 parameter set. Each is idempotent by `recordId`
// like the risk inputs (riskInputs.ts): the same body again is 200 with Idempotent-Replay,
// other content under that id is 409. Admin or risk-admin only. The answer is the record as
// the ledger stored it (amounts in minor units, defaults filled in) with its sequence and hash.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  checkFacilityTerms,
  creditAssessmentBodySchema,
  facilityTermsBodySchema,
  idSchema,
  ifrs9ParametersBodySchema,
  writeOffBodySchema,
  type Command,
} from "../../schemas/index.js";
import type { LedgerService } from "../ledgerService.js";
import { dryRunSchema, markDryRun } from "./dryRun.js";
import { decideAndReply } from "./replies.js";
import { recordedView, recordView } from "./riskInputs.js";
import { commandProblems, ledgerParams } from "./schemas.js";

const VALID_FROM = "2026-11-01T00:00:00Z";

const termsBody = facilityTermsBodySchema.superRefine(checkFacilityTerms).meta({
  examples: [
    {
      recordId: "terms-acme-loan-2026-11",
      validFrom: VALID_FROM,
      originationDate: "2026-01-15",
      maturityDate: "2029-01-15",
      eir: "0.0525",
      repayment: {
        kind: "amortising",
        schedule: [
          { date: "2027-01-15", principal: "300000.00" },
          { date: "2028-01-15", principal: "300000.00" },
          { date: "2029-01-15", principal: "400000.00" },
        ],
      },
      lifetimePdAtOrigination: "0.021",
      poci: false,
      creditAdjustedEir: null,
      derecognisedOn: null,
    },
    {
      recordId: "terms-acme-rcf-2026-11",
      validFrom: VALID_FROM,
      originationDate: "2025-06-01",
      maturityDate: "2030-06-01",
      eir: "0.061",
      repayment: { kind: "revolving", behaviouralLifeMonths: 36, ccf: "0.75" },
      lifetimePdAtOrigination: "0.035",
    },
  ],
});

const assessmentBody = creditAssessmentBodySchema.meta({
  examples: [
    {
      recordId: "ca-acme-loan-2026-10-31",
      validFrom: VALID_FROM,
      asOf: "2026-10-31",
      daysPastDue: 12,
      defaulted: false,
      unlikelyToPay: false,
      creditImpaired: false,
      watchList: true,
      forborne: "none",
      distressedRestructuring: false,
      scenarios: [
        {
          scenarioId: "base",
          weight: "0.6",
          pd12m: "0.012",
          lifetimePd: { kind: "cumulative", byYear: ["0.012", "0.026", "0.041"] },
          lgd: "0.45",
        },
        {
          scenarioId: "downturn",
          weight: "0.4",
          pd12m: "0.03",
          lifetimePd: { kind: "marginal", byYear: ["0.03", "0.028", "0.025"] },
          lgd: "0.55",
        },
      ],
    },
  ],
});

const writeOffBody = writeOffBodySchema.meta({
  examples: [
    {
      recordId: "wo-acme-loan-2026-12",
      validFrom: "2026-12-31T00:00:00Z",
      writtenOffOn: "2026-12-31",
      amount: "125000.00",
    },
  ],
});

const parametersBody = ifrs9ParametersBodySchema.meta({
  examples: [
    {
      recordId: "ifrs9-policy-2026",
      validFrom: "2026-01-01T00:00:00Z",
      parameterSetId: "policy-2026",
      sicr: { relativeThreshold: "2.5", absoluteThreshold: "0.005", comparison: "gte" },
      dpd: { stage2: 30, stage3: 90, comparison: "gt" },
      probation: { stage3Months: 3, stage3AfterDistressedRestructuringMonths: 12, stage2Months: 3 },
      stage3RecoveryMonths: 12,
      rounding: "ROUND_HALF_EVEN",
      impairmentExpenseAccountId: "pl:impairment",
      lossAllowanceAccountId: "bs:loss-allowance",
    },
  ],
});

const facilityParams = ledgerParams.extend({ facilityId: idSchema });

const access = { roles: ["risk-admin" as const], ledger: "path" as const };

const description =
  "Idempotent by recordId: the same body again is 200 with Idempotent-Replay; other content under that id is 409 id_conflict. Admin or risk-admin.";

export const ifrs9InputRoutes: FastifyPluginAsyncZod<{ service: LedgerService }> = (
  app,
  { service },
) => {
  const responses = { 200: recordView, 201: recordView, ...commandProblems };
  const facilityRoutes = [
    {
      path: "terms",
      body: termsBody,
      type: "RecordFacilityTerms",
      summary: "Record a facility's IFRS 9 terms: dates, EIR, repayment, PD at origination",
    },
    {
      path: "credit-assessments",
      body: assessmentBody,
      type: "RecordCreditAssessment",
      summary: "Record a facility's credit assessment: staging flags and PD/LGD scenarios",
    },
    {
      path: "write-offs",
      body: writeOffBody,
      type: "RecordWriteOff",
      summary: "Record an amount of a facility's gross carrying amount written off",
    },
  ] as const;
  for (const route of facilityRoutes) {
    app.post(
      `/v1/ledgers/:ledgerId/facilities/:facilityId/${route.path}`,
      {
        config: { access },
        onRequest: markDryRun,
        schema: {
          ...dryRunSchema,
          tags: ["risk"],
          summary: route.summary,
          description: `${description} The facility must be recorded (404 facility_not_found).`,
          params: facilityParams,
          body: route.body,
          response: responses,
        },
      },
      async (request, reply) => {
        const { ledgerId, facilityId } = request.params;
        const command = { ...(request.body as object), facilityId, type: route.type } as Command;
        const decided = await decideAndReply(service, request, reply, ledgerId, command);
        return recordedView(service, ledgerId, decided);
      },
    );
  }
  app.post(
    "/v1/ledgers/:ledgerId/ifrs9/parameters",
    {
      config: { access },
      onRequest: markDryRun,
      schema: {
        ...dryRunSchema,
        tags: ["risk"],
        summary: "Record an IFRS 9 parameter set (defaults as in docs/ifrs9.md)",
        description: `${description} Both accounts must exist (404 account_not_found).`,
        params: ledgerParams,
        body: parametersBody,
        response: responses,
      },
    },
    async (request, reply) => {
      const { ledgerId } = request.params;
      const command: Command = { ...request.body, type: "RecordIfrs9Parameters" };
      const decided = await decideAndReply(service, request, reply, ledgerId, command);
      return recordedView(service, ledgerId, decided);
    },
  );
  return Promise.resolve();
};
