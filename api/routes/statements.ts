// Route group: account statements. GET .../accounts/:accountId/statement: the opening
// balance, every line that moved the account in a half-open period [from, to) on the
// effective or the recorded time axis, running balances, and the closing balance, read in one
// snapshot of the read models (projections/statements) and said to be consistent at a ledger
// sequence. Three formats from the same snapshot: JSON, camt.053 XML (statementCamt053.ts), and
// CSV (projections/statements/statementCsv.ts, made from the JSON answer).
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  balancesHead,
  MAX_STATEMENT_DAYS,
  MAX_STATEMENT_LINES,
  readStatement,
  sameCounters,
  statementJson,
  statementLines,
} from "../../projections/index.js";
// Direct, until projections/index.ts re-exports it (as api/routes/exposure.ts does for its grid).
import {
  STATEMENT_CSV_CONTENT_TYPE,
  statementCsv,
  statementCsvFilename,
} from "../../projections/index.js";
import { timestampSchema } from "../../schemas/index.js";
import type { LedgerService } from "../ledgerService.js";
import { ApiProblem } from "../problems.js";
import type { ReadModels } from "../readModels.js";
import { CAMT053_CONTENT_TYPE, camt053Statement } from "./statementCamt053.js";
import { badParameter } from "./listQuery.js";
import { checkBalancePoint } from "./points.js";
import { accountParams, projectedProblems, sequenceQuery } from "./schemas.js";

const DAY_MS = 86_400_000;
const dateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD or a date-time with a zone")
  .transform((text) => `${text}T00:00:00.000Z`)
  .pipe(timestampSchema);
const periodEnd = z
  .union([dateOnly, timestampSchema])
  .transform((text) => Date.parse(text))
  .describe("ISO 8601 date-time with a zone, or a date (midnight UTC)");

/** The formats of a statement: JSON (the schema below), ISO 20022 camt.053 (XML), and CSV. */
const FORMATS = ["json", "camt053", "csv"] as const;

const statementQuery = z.strictObject({
  from: periodEnd.describe("Start of the period, included"),
  to: periodEnd.describe("End of the period, excluded"),
  basis: z.enum(["effective", "recorded"]).default("effective"),
  format: z
    .enum(FORMATS)
    .default("json")
    .describe("json (default), camt053 (application/xml) or csv (text/csv, booked lines)"),
  minSequence: sequenceQuery.optional().describe("Wait (up to 5 s) for this sequence"),
});

const decimal = z.string().describe("Decimal amount at the asset's scale");
const balancesShape = z.object({
  postedDebits: decimal,
  postedCredits: decimal,
  posted: decimal.describe("Posted balance, positive on the account's normal side"),
  pendingDebits: decimal,
  pendingCredits: decimal,
  available: decimal,
});
const statementResponse = z.object({
  ledgerId: z.string(),
  accountId: z.string(),
  currency: z.string(),
  basis: z.enum(["effective", "recorded"]),
  from: z.string(),
  to: z.string(),
  sequence: z.int().describe("The ledger sequence the whole statement is consistent at"),
  opening: balancesShape,
  closing: balancesShape,
  lines: z.array(
    z.object({
      sequence: z.int(),
      entryId: z.string(),
      kind: z.enum([
        "posted",
        "reversal",
        "pending",
        "pending_posted",
        "pending_voided",
        "pending_expired",
      ]),
      effect: z.enum(["posted", "hold", "release"]),
      effectiveAt: z.string(),
      recordedAt: z.string(),
      description: z.string(),
      side: z.enum(["debit", "credit"]),
      amount: decimal,
      postedBalance: decimal,
      availableBalance: decimal,
    }),
  ),
});

/** 400s for a period that is empty, reversed or too long. */
function checkPeriod(fromMs: number, toMs: number): void {
  if (fromMs >= toMs) throw badParameter("to", "to must be after from");
  if (toMs - fromMs > MAX_STATEMENT_DAYS * DAY_MS) {
    throw new ApiProblem(
      400,
      "invalid_request",
      `a statement covers at most ${MAX_STATEMENT_DAYS} days: ask for a shorter period`,
      { parameter: "to", reason: "period_too_long", maxDays: MAX_STATEMENT_DAYS },
      [{ path: "/to", message: `at most ${MAX_STATEMENT_DAYS} days after from` }],
    );
  }
}

function tooManyLines(): ApiProblem {
  return new ApiProblem(
    400,
    "invalid_request",
    `the period holds more than ${MAX_STATEMENT_LINES} lines: ask for a shorter period`,
    { parameter: "from", reason: "too_many_lines", maxLines: MAX_STATEMENT_LINES },
    [{ path: "/from", message: `at most ${MAX_STATEMENT_LINES} lines per statement` }],
  );
}

function behind(model: string, ledgerId: string, reached: number, ledgerSequence: number) {
  return new ApiProblem(
    409,
    "read_model_behind",
    `the ${model} read model has applied ledger ${ledgerId} up to sequence ${reached} of ${ledgerSequence}; the statement needs more: retry shortly, or pass minSequence`,
    { reached, ledgerSequence },
  );
}

export const statementRoutes: FastifyPluginAsyncZod<{
  service: LedgerService;
  readModels: ReadModels;
}> = (app, { service, readModels }) => {
  app.get(
    "/v1/ledgers/:ledgerId/accounts/:accountId/statement",
    {
      config: { access: { roles: ["poster", "auditor", "risk"], ledger: "path" } },
      schema: {
        tags: ["accounts"],
        summary: "An account's statement for a period",
        description: `Opening balance, every line in [from, to) on the effective (default) or recorded time axis with running balances, closing balance; one snapshot, consistent at \`sequence\`. At most ${MAX_STATEMENT_DAYS} days and ${MAX_STATEMENT_LINES} lines (docs/statements.md). \`format=camt053\` answers ISO 20022 camt.053 XML; \`format=csv\` answers text/csv (header, opening, booked lines, closing) as an attachment.`,
        params: accountParams,
        querystring: statementQuery,
        response: { 200: statementResponse, ...projectedProblems },
      },
    },
    async (request, reply) => {
      const { ledgerId, accountId } = request.params;
      const { from: fromMs, to: toMs, basis, format, minSequence } = request.query;
      checkPeriod(fromMs, toMs);
      const { current } = await service.ledger(ledgerId);
      const ledger = current.ledger;
      if (ledger === null) {
        throw new ApiProblem(404, "ledger_not_found", `ledger ${ledgerId} does not exist`);
      }
      if (!current.accounts.has(accountId)) {
        throw new ApiProblem(404, "account_not_found", `account ${accountId} does not exist`, {
          accountId,
        });
      }
      const ledgerSequence = current.chain.nextSequence - 1;
      await readModels.waitFor("balances", ledgerId, minSequence, ledgerSequence);
      await readModels.waitFor("audit", ledgerId, minSequence, ledgerSequence);
      const balancesVersion = await readModels.version("balances");
      const auditVersion = await readModels.version("audit");
      if (basis === "recorded") {
        checkBalancePoint(
          { kind: "recorded", recordedAt: new Date(toMs - 1).toISOString() },
          {
            ledgerId,
            ledgerSequence,
            head: await balancesHead(readModels.pool, { ledgerId, version: balancesVersion }),
            nowMs: Date.now(),
          },
        );
      }
      const period = { ledgerId, accountId, basis, fromMs, toMs };
      const read = await readStatement(readModels.pool, {
        ...period,
        balancesVersion,
        auditVersion,
      });
      switch (read.kind) {
        case "behind":
          throw behind(read.model, ledgerId, read.reached, ledgerSequence);
        case "no_account":
          throw behind("balances", ledgerId, read.sequence, ledgerSequence);
        case "too_many_lines":
          throw tooManyLines();
        case "statement": {
          const snapshot = read.statement;
          const lines = statementLines(snapshot.accountType, snapshot.opening, snapshot.movements);
          if (lines.length > MAX_STATEMENT_LINES) throw tooManyLines();
          const last = lines[lines.length - 1]?.after ?? snapshot.opening;
          if (!sameCounters(last, snapshot.closing)) {
            throw new Error(`statement of ${accountId} does not reconcile at ${snapshot.sequence}`);
          }
          const json = statementJson(ledger, period, snapshot, lines);
          if (format === "json") return json;
          if (format === "csv") {
            // CSV, not the JSON schema's shape: sent as is, past the route's serializer.
            return (reply as FastifyReply)
              .type(STATEMENT_CSV_CONTENT_TYPE)
              .header("content-disposition", `attachment; filename="${statementCsvFilename(json)}"`)
              .send(statementCsv(json));
          }
          const iban = current.accounts.get(accountId)?.metadata.iban;
          const xml = camt053Statement(ledger, period, { iban }, snapshot, lines, Date.now());
          // XML, not the JSON schema's shape: sent as is, past the route's serializer.
          return (reply as FastifyReply).type(CAMT053_CONTENT_TYPE).send(xml);
        }
      }
    },
  );
  return Promise.resolve();
};
