// Route group: lists and searches. The ledgers a key may see, and a ledger's accounts, entries
// and holds, filtered (listQuery.ts: the shared filter syntax and cursors) and paged with
// keyset cursors, from the listings read model (projections/listings). Each answer says the
// ledger sequence the listing reflects; `minSequence` waits (bounded) for a client's own write.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { LedgerInfo } from "../../ledger-core/index.js";
import {
  accountsPage,
  entriesPage,
  holdsPage,
  ledgersPage,
  listingsHead,
  postingsOf,
  type AccountListRow,
  type EntryListRow,
} from "../../projections/index.js";
import {
  accountTypeSchema,
  assetCodeSchema,
  idSchema,
  ledgerIdSchema,
  parseAmount,
} from "../../schemas/index.js";
import type { LedgerService } from "../ledgerService.js";
import { ALL_LEDGERS, principalOf } from "../principal.js";
import type { ReadModels } from "../readModels.js";
import {
  badParameter,
  checkRange,
  decodeCursor,
  encodeCursor,
  filterDigest,
  filterText,
  listingOf,
  listQuerySchema,
  pageFields,
  timeQuery,
} from "./listQuery.js";
import {
  accountListItem,
  entryListItem,
  holdListItem,
  listSchemas,
  postingsBySequence,
} from "./listViews.js";
import { ledgerParams, projectedProblems, sequenceQuery } from "./schemas.js";

const READ_ROLES = ["poster", "auditor", "risk"] as const;
const MINOR_UNITS_KEY = /^-?(0|[1-9][0-9]{0,38})$/;

const accountsQuery = listQuerySchema(
  {
    ...pageFields,
    type: accountTypeSchema.optional(),
    currency: assetCodeSchema.optional(),
    status: z.enum(["open", "closed"]).optional(),
    counterparty: filterText.optional(),
    sector: filterText.optional(),
    country: filterText.optional(),
    product: filterText.optional(),
    rating: filterText.optional(),
    facility: filterText.optional(),
    idPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_.:@-]{1,128}$/, "the start of an account id")
      .optional(),
    sort: z.enum(["id", "-id", "balance", "-balance"]).default("id"),
  },
  true,
);

const entriesQuery = listQuerySchema(
  {
    ...pageFields,
    effectiveFrom: timeQuery.optional(),
    effectiveTo: timeQuery.optional(),
    recordedFrom: timeQuery.optional(),
    recordedTo: timeQuery.optional(),
    sequenceFrom: sequenceQuery.optional(),
    sequenceTo: sequenceQuery.optional(),
    account: idSchema.optional(),
    currency: assetCodeSchema.optional(),
    amountMin: z.string().max(64).optional(),
    amountMax: z.string().max(64).optional(),
    kind: z.enum(["posted", "pending", "reversal", "rejected"]).optional(),
    actor: filterText.optional(),
    order: z.enum(["newest", "oldest"]).default("newest"),
  },
  true,
);

const pendingQuery = listQuerySchema(
  {
    ...pageFields,
    status: z.enum(["open", "posted", "voided", "expired"]).optional(),
    expiresFrom: timeQuery.optional(),
    expiresTo: timeQuery.optional(),
    account: idSchema.optional(),
  },
  false,
);

const ledgersQuery = listQuerySchema(pageFields, false);

/** A decimal amount bound of an entries filter, in minor units of `currency`. */
function amountBound(
  ledger: LedgerInfo,
  currency: string | undefined,
  text: string | undefined,
  parameter: string,
): bigint | undefined {
  if (text === undefined) return undefined;
  const scale = currency === undefined ? undefined : ledger.assets.get(currency);
  if (scale === undefined) {
    throw badParameter(parameter, `${parameter} needs currency, one of the ledger's assets`);
  }
  const parsed = parseAmount(text, scale);
  if (!parsed.ok) throw badParameter(parameter, `${parameter}: ${parsed.message}`);
  return parsed.minor;
}

export const listingRoutes: FastifyPluginAsyncZod<{
  service: LedgerService;
  readModels: ReadModels;
}> = (app, { service, readModels }) => {
  /** The ledger's writer state, after the listings model reached `minSequence`. */
  const prepare = async (ledgerId: string, minSequence: number | undefined) => {
    const writer = await service.ledger(ledgerId);
    const ledger = writer.current.ledger;
    if (ledger === null) throw new Error(`ledger ${ledgerId} is not loaded`);
    await readModels.waitFor(
      "listings",
      ledgerId,
      minSequence,
      writer.current.chain.nextSequence - 1,
    );
    const version = await readModels.version("listings");
    return { ledger, version };
  };

  app.get(
    "/v1/ledgers",
    {
      config: { access: { roles: [...READ_ROLES, "risk-admin"], ledger: "none" } },
      schema: {
        tags: ["ledgers"],
        summary: "List the ledgers this key may see",
        querystring: ledgersQuery,
        response: { 200: listSchemas.ledgers, ...projectedProblems },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const principal = principalOf(request);
      const scoped = principal.ledgers.includes(ALL_LEDGERS) ? null : principal.ledgers;
      const digest = filterDigest("ledgers", { scoped });
      const after = decodeCursor(cursor, digest, ledgerIdSchema);
      const version = await readModels.version("listings");
      const page = await ledgersPage(readModels.pool, { version, ledgerIds: scoped, after, limit });
      return listingOf(
        page,
        (row) => ({
          id: row.ledger_id,
          name: row.name,
          reportingCurrency: row.reporting_currency,
          assets: row.assets,
          createdAt: row.created_at.toISOString(),
          sequence: Number(row.last_sequence),
          hash: row.last_hash,
        }),
        (row) => encodeCursor(digest, row.ledger_id),
      );
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/accounts",
    {
      config: { access: { roles: READ_ROLES, ledger: "path" } },
      schema: {
        tags: ["accounts"],
        summary: "List and search a ledger's accounts, with their balances",
        description: "Filters and cursors: docs/queries.md.",
        params: ledgerParams,
        querystring: accountsQuery,
        response: { 200: listSchemas.accounts, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { limit, cursor, minSequence, sort, metadata, ...fields } = request.query;
      const { ledger, version } = await prepare(ledgerId, minSequence);
      const { type, currency, status, idPrefix, ...attributes } = fields;
      const filter = { type, currency, status, idPrefix, attributes, metadata };
      const digest = filterDigest("accounts", { ledgerId, filter, sort });
      const keySchema = z.strictObject({
        accountId: idSchema,
        balance: z.string().regex(MINOR_UNITS_KEY).optional(),
      });
      const after = decodeCursor(cursor, digest, keySchema);
      const query = { version, ledgerId, filter, sort, after, limit };
      const page = await accountsPage(readModels.pool, query);
      const sequence = await listingsHead(readModels.pool, { version, ledgerId });
      const byBalance = sort.endsWith("balance");
      const next = (row: AccountListRow): string =>
        encodeCursor(
          digest,
          byBalance
            ? { accountId: row.account_id, balance: row.balance }
            : { accountId: row.account_id },
        );
      return {
        ...listingOf(page, (row) => accountListItem(ledger, row), next),
        sequence,
      };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/entries",
    {
      config: { access: { roles: READ_ROLES, ledger: "path" } },
      schema: {
        tags: ["entries"],
        summary: "List and search a ledger's entries, newest or oldest first",
        description: "Filters and cursors: docs/queries.md.",
        params: ledgerParams,
        querystring: entriesQuery,
        response: { 200: listSchemas.entries, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { limit, cursor, minSequence, order, metadata, ...q } = request.query;
      const { ledger, version } = await prepare(ledgerId, minSequence);
      if (q.currency !== undefined && !ledger.assets.has(q.currency)) {
        throw badParameter("currency", `currency ${q.currency} is not an asset of this ledger`);
      }
      const filter = {
        effectiveFromMs: q.effectiveFrom,
        effectiveToMs: q.effectiveTo,
        recordedFromMs: q.recordedFrom,
        recordedToMs: q.recordedTo,
        sequenceFrom: q.sequenceFrom,
        sequenceTo: q.sequenceTo,
        accountId: q.account,
        currency: q.currency,
        amountMin: amountBound(ledger, q.currency, q.amountMin, "amountMin"),
        amountMax: amountBound(ledger, q.currency, q.amountMax, "amountMax"),
        kind: q.kind,
        actor: q.actor,
        metadata,
      };
      checkRange(filter.effectiveFromMs, filter.effectiveToMs, "effectiveFrom..effectiveTo");
      checkRange(filter.recordedFromMs, filter.recordedToMs, "recordedFrom..recordedTo");
      checkRange(filter.sequenceFrom, filter.sequenceTo, "sequenceFrom..sequenceTo");
      checkRange(filter.amountMin, filter.amountMax, "amountMin..amountMax");
      const digest = filterDigest("entries", { ledgerId, filter, order });
      const afterSequence = decodeCursor(cursor, digest, z.int().min(0));
      const newestFirst = order === "newest";
      const query = { version, ledgerId, filter, newestFirst, afterSequence, limit };
      const page = await entriesPage(readModels.pool, query);
      const sequences = page.rows.map((row) => Number(row.sequence));
      const postings = postingsBySequence(
        await postingsOf(readModels.pool, { version, ledgerId, sequences }),
      );
      const sequence = await listingsHead(readModels.pool, { version, ledgerId });
      const next = (row: EntryListRow): string => encodeCursor(digest, Number(row.sequence));
      return {
        ...listingOf(page, (row) => entryListItem(ledger, row, postings), next),
        sequence,
      };
    },
  );

  app.get(
    "/v1/ledgers/:ledgerId/pending",
    {
      config: { access: { roles: READ_ROLES, ledger: "path" } },
      schema: {
        tags: ["entries"],
        summary: "List a ledger's holds by status and expiry, soonest expiry first",
        description: "Filters and cursors: docs/queries.md.",
        params: ledgerParams,
        querystring: pendingQuery,
        response: { 200: listSchemas.holds, ...projectedProblems },
      },
    },
    async (request) => {
      const { ledgerId } = request.params;
      const { limit, cursor, minSequence, status, expiresFrom, expiresTo, account } = request.query;
      const { ledger, version } = await prepare(ledgerId, minSequence);
      checkRange(expiresFrom, expiresTo, "expiresFrom..expiresTo");
      const filter = {
        status,
        expiresFromMs: expiresFrom,
        expiresToMs: expiresTo,
        accountId: account,
      };
      const digest = filterDigest("pending", { ledgerId, filter });
      const keySchema = z.strictObject({ expiresMs: z.int(), pendingId: idSchema });
      const after = decodeCursor(cursor, digest, keySchema);
      const page = await holdsPage(readModels.pool, { version, ledgerId, filter, after, limit });
      const sequence = await listingsHead(readModels.pool, { version, ledgerId });
      return {
        ...listingOf(
          page,
          (row) => holdListItem(ledger, row),
          (row) =>
            encodeCursor(digest, { expiresMs: Number(row.expires_ms), pendingId: row.pending_id }),
        ),
        sequence,
      };
    },
  );
  return Promise.resolve();
};
