// Route group: projected balances. An account's balance and a trial balance as of any point
// (effective time, recorded time or sequence, and effective time as known at a recorded
// point), and an account's entries page by page. Every answer says which sequence it
// reflects; `minSequence` waits (bounded) for the read model to reach a client's own write.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { LedgerInfo } from "../../ledger-core/index.js";
import {
  accountLines,
  balanceOf,
  balancesHead,
  MAX_ACCOUNT_LINES_PAGE,
  MAX_TRIAL_BALANCE_PAGE,
  trialBalance,
  type AccountBalance,
  type BalanceAt,
} from "../../projections/index.js";
import { idSchema, timestampSchema } from "../../schemas/index.js";
import { balanceAtOf, checkBalancePoint, pointQuery } from "./points.js";
import type { LedgerService } from "../ledgerService.js";
import { ApiProblem } from "../problems.js";
import type { ReadModels } from "../readModels.js";
import {
  accountParams,
  ledgerParams,
  lineCursorQuery,
  pageLimitQuery,
  projectedProblems,
  sequenceQuery,
} from "./schemas.js";
import { moneyOf } from "./amounts.js";

const decimal = z.string().describe("Decimal amount at the asset's scale");
const balancesShape = {
  postedDebits: decimal,
  postedCredits: decimal,
  pendingDebits: decimal,
  pendingCredits: decimal,
  balance: decimal,
  available: decimal,
};
const accountBalanceView = z.object({
  accountId: z.string(),
  currency: z.string(),
  type: z.string(),
  ...balancesShape,
});
const balanceResponse = z.object({
  ledgerId: z.string(),
  sequence: z.int().describe("The ledger sequence this answer reflects"),
  at: z.record(z.string(), z.unknown()),
  account: accountBalanceView,
});
const trialBalanceQuery = pointQuery.extend({
  after: idSchema.optional().describe("The previous page's nextCursor: list accounts after it"),
  limit: pageLimitQuery(MAX_TRIAL_BALANCE_PAGE, MAX_TRIAL_BALANCE_PAGE).describe(
    `Accounts per page, 1..${MAX_TRIAL_BALANCE_PAGE}; the totals always cover every account`,
  ),
});
const trialBalanceResponse = z.object({
  ledgerId: z.string(),
  sequence: z.int().nullable(),
  accountCount: z.int().describe("Accounts in the whole trial balance"),
  nextCursor: z
    .string()
    .nullable()
    .describe("Pass as `after` for the next page of accounts; null on the last page"),
  at: z.record(z.string(), z.unknown()),
  currencies: z.array(
    z.object({
      currency: z.string(),
      postedDebits: decimal,
      postedCredits: decimal,
      pendingDebits: decimal,
      pendingCredits: decimal,
      debitBalances: decimal,
      creditBalances: decimal,
      accounts: z.array(accountBalanceView),
    }),
  ),
});
const linesQuery = z.strictObject({
  after: lineCursorQuery.optional(),
  limit: pageLimitQuery(MAX_ACCOUNT_LINES_PAGE, 100),
  effectiveFrom: timestampSchema.optional(),
  effectiveTo: timestampSchema.optional(),
  minSequence: sequenceQuery.optional(),
});
const linesResponse = z.object({
  lines: z.array(
    z.object({
      sequence: z.int(),
      line: z.int(),
      entryId: z.string(),
      kind: z.enum(["posted", "pending"]),
      side: z.enum(["debit", "credit"]),
      amount: decimal,
      currency: z.string(),
      effectiveAt: z.string(),
      recordedAt: z.string(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

function accountBalanceOf(ledger: LedgerInfo, account: AccountBalance) {
  const m = (minor: bigint) => moneyOf(ledger, account.currency, minor);
  return {
    accountId: account.accountId,
    currency: account.currency,
    type: account.accountType,
    postedDebits: m(account.postedDebits),
    postedCredits: m(account.postedCredits),
    pendingDebits: m(account.pendingDebits),
    pendingCredits: m(account.pendingCredits),
    balance: m(account.balance),
    available: m(account.available),
  };
}

export const balanceRoutes: FastifyPluginAsyncZod<{
  service: LedgerService;
  readModels: ReadModels;
}> = (app, { service, readModels }) => {
  /** The ledger's last sequence, as its writer knows it. */
  const ledgerSequenceOf = async (ledgerId: string): Promise<number> =>
    (await service.ledger(ledgerId)).current.chain.nextSequence - 1;
  const ledgerOf = async (ledgerId: string): Promise<LedgerInfo> => {
    const ledger = (await service.ledger(ledgerId)).current.ledger;
    if (ledger === null)
      throw new ApiProblem(404, "ledger_not_found", `ledger ${ledgerId} does not exist`);
    return ledger;
  };
  /** The balances version to read for `at`, once the model can answer for it (points.ts). */
  const answerableVersion = async (ledgerId: string, at: BalanceAt): Promise<number> => {
    const version = await readModels.version("balances");
    const { chain } = (await service.ledger(ledgerId)).current;
    checkBalancePoint(at, {
      ledgerId,
      ledgerSequence: chain.nextSequence - 1,
      head: await balancesHead(readModels.pool, { ledgerId, version }),
      nowMs: Date.now(),
    });
    return version;
  };

  app.get(
    "/v1/ledgers/:ledgerId/accounts/:accountId/balance",
    {
      config: { access: { roles: ["poster", "auditor", "risk"], ledger: "path" } },
      schema: {
        tags: ["accounts"],
        summary: "An account's balance as of any point",
        description:
          "asOf: an ISO time (basis=effective: counting entries effective by then; basis=recorded: entries recorded by then) or, with basis=recorded, a sequence. knownAt (basis=effective): as the ledger knew it at that time or sequence (bitemporal). From the balances read model.",
        params: accountParams,
        querystring: pointQuery,
        response: { 200: balanceResponse, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId, accountId } = request.params;
      const ledger = await ledgerOf(ledgerId);
      const at = balanceAtOf(request.query);
      await readModels.waitFor(
        "balances",
        ledgerId,
        request.query.minSequence,
        await ledgerSequenceOf(ledgerId),
      );
      const version = await answerableVersion(ledgerId, at);
      const account = await balanceOf(readModels.pool, { ledgerId, accountId, at, version });
      if (account === null) {
        throw new ApiProblem(
          404,
          "account_not_found",
          `account ${accountId} has no balance as of that point`,
          {
            accountId,
          },
        );
      }
      return {
        ledgerId,
        sequence: account.sequence,
        at: { ...at },
        account: accountBalanceOf(ledger, account),
      };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/trial-balance",
    {
      config: { access: { roles: ["poster", "auditor", "risk"], ledger: "path" } },
      schema: {
        tags: ["ledgers"],
        summary: "Trial balance per currency as of any point",
        description:
          "The same point options as an account's balance. Debits equal credits in every currency. The totals cover every account; the accounts are listed by id, a page at a time (`limit`, `after`).",
        params: ledgerParams,
        querystring: trialBalanceQuery,
        response: { 200: trialBalanceResponse, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const ledger = await ledgerOf(ledgerId);
      const at = balanceAtOf(request.query);
      await readModels.waitFor(
        "balances",
        ledgerId,
        request.query.minSequence,
        await ledgerSequenceOf(ledgerId),
      );
      const version = await answerableVersion(ledgerId, at);
      const { after, limit } = request.query;
      const trial = await trialBalance(readModels.pool, {
        ledgerId,
        at,
        version,
        page: after === undefined ? { limit } : { after, limit },
      });
      return {
        ledgerId,
        sequence: trial.sequence,
        accountCount: trial.accountCount,
        nextCursor: trial.nextCursor,
        at: { ...at },
        currencies: trial.currencies.map((currency) => {
          const m = (minor: bigint) => moneyOf(ledger, currency.currency, minor);
          return {
            currency: currency.currency,
            postedDebits: m(currency.postedDebits),
            postedCredits: m(currency.postedCredits),
            pendingDebits: m(currency.pendingDebits),
            pendingCredits: m(currency.pendingCredits),
            debitBalances: m(currency.debitBalances),
            creditBalances: m(currency.creditBalances),
            accounts: currency.accounts.map((account) => accountBalanceOf(ledger, account)),
          };
        }),
      };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/accounts/:accountId/entries",
    {
      config: { access: { roles: ["poster", "auditor", "risk"], ledger: "path" } },
      schema: {
        tags: ["accounts"],
        summary: "An account's journal lines, page by page",
        description:
          "In recorded order; pass nextCursor as `after` for the next page. Filters by effective time.",
        params: accountParams,
        querystring: linesQuery,
        response: { 200: linesResponse, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId, accountId } = request.params;
      const ledger = await ledgerOf(ledgerId);
      const { after, limit, effectiveFrom, effectiveTo, minSequence } = request.query;
      await readModels.waitFor("audit", ledgerId, minSequence, await ledgerSequenceOf(ledgerId));
      const lines = await accountLines(readModels.pool, {
        ledgerId,
        accountId,
        limit,
        version: await readModels.version("audit"),
        ...(after === undefined ? {} : { after }),
        ...(effectiveFrom === undefined ? {} : { effectiveFrom }),
        ...(effectiveTo === undefined ? {} : { effectiveTo }),
      });
      const last = lines[lines.length - 1];
      return {
        lines: lines.map((line) => ({
          sequence: line.sequence,
          line: line.lineNo,
          entryId: line.entryId,
          kind: line.kind,
          side: line.side,
          amount: moneyOf(ledger, line.currency, line.amount),
          currency: line.currency,
          effectiveAt: line.effectiveAt,
          recordedAt: line.recordedAt,
        })),
        nextCursor:
          last !== undefined && lines.length === limit ? `${last.sequence}.${last.lineNo}` : null,
      };
    },
  );
  return Promise.resolve();
};
