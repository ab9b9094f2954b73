// The filter syntax and cursors the list routes share (docs/queries.md). Filters are plain
// query parameters: `name=value` for equality, `...From` / `...To` for a half-open range of
// times, `amountMin` / `amountMax` for an inclusive range, and `metadata.<key>=<value>` for a
// metadata value (up to MAX_METADATA_FILTERS). An unknown parameter, a bad value or a
// contradictory range is a 400 invalid_request with the offending parameter named: never a
// silent "no filter". Pages are keyset pages: a cursor is opaque (base64url JSON of the last
// row's sort key and a digest of the filter and order it was made for), validated like any
// input, and only ever bound as SQL parameters; a cursor used with another filter, or altered,
// is a 400 cursor_invalid.
import { createHash } from "node:crypto";
import { z } from "zod";
import {
  MAX_ATTRIBUTE_LENGTH,
  MAX_METADATA_BYTES,
  MAX_METADATA_KEY_LENGTH,
  textSchema,
  timestampSchema,
} from "../../schemas/index.js";
import { MAX_LISTING_PAGE } from "../../projections/index.js";
import { ApiProblem } from "../problems.js";
import { pageLimitQuery, sequenceQuery } from "./schemas.js";

/** Metadata values one listing may filter on at once. */
export const MAX_METADATA_FILTERS = 8;
/** The longest cursor accepted, characters. */
export const MAX_CURSOR_LENGTH = 1_024;
/** Rows per page when the caller does not say. */
export const DEFAULT_LISTING_PAGE = 50;

const METADATA_PREFIX = "metadata.";

/** Fields every list route takes: page size, cursor and the read-your-writes wait. */
export const pageFields = {
  limit: pageLimitQuery(MAX_LISTING_PAGE, DEFAULT_LISTING_PAGE),
  cursor: z.string().min(1).max(MAX_CURSOR_LENGTH).optional(),
  minSequence: sequenceQuery.optional(),
};

/** A filter value: storable text of an attribute's length. */
export const filterText = textSchema(MAX_ATTRIBUTE_LENGTH, 1);

/** A time bound in a query string, as epoch milliseconds. */
export const timeQuery = timestampSchema.transform((text) => Date.parse(text));

/**
 * The known fields of a list route plus `metadata.<key>` parameters, which come out as one
 * `metadata` record. Any other parameter is an error naming it.
 */
export function listQuerySchema<Shape extends z.ZodRawShape>(shape: Shape, withMetadata: boolean) {
  return z
    .object(shape)
    .catchall(textSchema(MAX_METADATA_BYTES))
    .superRefine((query, context) => {
      const extra = Object.keys(query).filter((key) => !Object.hasOwn(shape, key));
      let metadataKeys = 0;
      for (const key of extra) {
        const metadataKey = key.startsWith(METADATA_PREFIX)
          ? key.slice(METADATA_PREFIX.length)
          : "";
        if (!withMetadata || metadataKey === "" || metadataKey.length > MAX_METADATA_KEY_LENGTH) {
          context.addIssue({ code: "custom", path: [key], message: `unknown parameter ${key}` });
        }
        metadataKeys += 1;
      }
      if (metadataKeys > MAX_METADATA_FILTERS) {
        context.addIssue({
          code: "custom",
          path: [],
          message: `at most ${MAX_METADATA_FILTERS} metadata filters`,
        });
      }
    })
    .transform((query) => {
      const known: Record<string, unknown> = {};
      const metadata: Record<string, string> = {};
      for (const [key, value] of Object.entries(query)) {
        if (Object.hasOwn(shape, key)) known[key] = value;
        else metadata[key.slice(METADATA_PREFIX.length)] = value as string;
      }
      return { ...(known as z.output<z.ZodObject<Shape>>), metadata };
    });
}

/** A 400 naming the parameter, as schema validation answers. */
export function badParameter(parameter: string, message: string): ApiProblem {
  return new ApiProblem(
    400,
    "invalid_request",
    `the querystring is invalid: ${message}`,
    undefined,
    [{ path: `/${parameter}`, message }],
  );
}

/** Refuses a range whose start is after its end. */
export function checkRange(
  from: bigint | number | undefined,
  to: bigint | number | undefined,
  parameters: string,
): void {
  if (from !== undefined && to !== undefined && from > to) {
    throw badParameter(parameters, `${parameters}: the start is after the end`);
  }
}

/** What a cursor is bound to: the route, its filter and its order, as a short digest. */
export function filterDigest(route: string, filter: unknown): string {
  const canonical = JSON.stringify(filter, (_, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value,
  );
  return createHash("sha256").update(`${route}\n${canonical}`).digest("base64url").slice(0, 16);
}

/** The opaque cursor after a row whose sort key is `key`. */
export function encodeCursor(digest: string, key: unknown): string {
  return Buffer.from(JSON.stringify({ f: digest, k: key }), "utf8").toString("base64url");
}

const cursorEnvelope = z.strictObject({ f: z.string(), k: z.unknown() });

/** The sort key in `cursor`, if it was made for `digest` and its key fits `keySchema`. */
export function decodeCursor<Key>(
  cursor: string | undefined,
  digest: string,
  keySchema: z.ZodType<Key>,
): Key | null {
  if (cursor === undefined) return null;
  const refuse = (): never => {
    throw new ApiProblem(
      400,
      "cursor_invalid",
      "the cursor is not one this listing gave for this filter and order: start again without it",
    );
  };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return refuse();
  }
  const envelope = cursorEnvelope.safeParse(decoded);
  if (!envelope.success || envelope.data.f !== digest) return refuse();
  const key = keySchema.safeParse(envelope.data.k);
  return key.success ? key.data : refuse();
}

/** A list route's answer: its items, the next cursor (null on the last page) and the head. */
export function listingOf<Row, Item>(
  page: { readonly rows: readonly Row[]; readonly more: boolean },
  item: (row: Row) => Item,
  next: (row: Row) => string,
): { items: Item[]; nextCursor: string | null } {
  const last = page.rows[page.rows.length - 1];
  return {
    items: page.rows.map(item),
    nextCursor: page.more && last !== undefined ? next(last) : null,
  };
}
