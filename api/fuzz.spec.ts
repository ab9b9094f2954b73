// HTTP fuzzing of every command route: at least 10,000 random, raw and mutated requests against
// a running Folio. Every answer must be below 500, every error problem+json with a `code`, and
// a refusal of bad input (400/401/403/404/409/413/415) must write nothing to the ledger.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "fuzz-bank";
const OTHER_LEDGER = "fuzz-other";
/** Requests sent at once per fast-check run; the sequence is checked after each group. */
const GROUP = 8;
/** Runs per property; five properties of 256 runs of 8 requests: 10,240 requests. */
const RUNS = 256;
const MIN_REQUESTS = 10_000;
/** The fuzzed Folio refuses bodies above this (413); huge arrays within it still fit. */
const BODY_LIMIT = 1024 * 1024;
/**
 * Ledger codes that a command carrying its own entry id records (docs/errors.md: an
 * EntryRejected event spends the id), even though they answer 400 or 404.
 */
const RECORDED_REFUSALS = new Set([
  "account_not_found",
  "entry_not_found",
  "amount_invalid",
  "amount_precision",
  "amount_too_large",
]);
/**
 * Codes answered before a command reaches the ledger: with these, nothing may be written. A
 * refused atomic batch with any other code records its other new entry ids (batch_rejected).
 */
const EDGE_CODES = new Set([
  "invalid_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "body_too_large",
  "unsupported_media_type",
  "ledger_not_found",
]);
/** Statuses after which the ledger must be unchanged (unless a recorded refusal above). */
const NO_WRITE_STATUSES = new Set([400, 401, 403, 404, 409, 413, 415]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON text spliced in verbatim (numbers JSON.stringify cannot write, deep nesting). */
class Raw {
  constructor(readonly text: string) {}
}
type Value = Json | Raw | Value[] | { [key: string]: Value };

type AuthChoice = "admin" | "none" | "garbage" | "malformed" | "auditor" | "otherLedger";

interface FuzzRequest {
  readonly method: "POST" | "PATCH";
  readonly path: string;
  readonly body: string | Uint8Array | undefined;
  readonly contentType: string | null;
  readonly auth: AuthChoice;
  /** The route writes to LEDGER (false for /v1/ledgers, /v1/keys, other ledgers' paths). */
  readonly targetsLedger: boolean;
  /** Commands carrying entry ids here: recorded refusals may write (batch: up to this many). */
  readonly entryIds: number;
  /** POST /entries/batch: a refusal by the ledger records the batch's new ids. */
  readonly batch: boolean;
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

const stats = { requests: 0, byStatus: new Map<number, number>(), checkedGroups: 0 };

let folio: TestFolio;
const keys: Record<Exclude<AuthChoice, "none" | "garbage" | "malformed">, string> = {
  admin: "",
  auditor: "",
  otherLedger: "",
};

// ---- valid bodies per route -------------------------------------------------------------

const accounts = ["cash", "cust:1", "cust:2", "eur:a", "eur:b", "jpy:a", "jpy:b"] as const;
const idArb = fc.nat({ max: 1_000_000 }).map((n) => `fz-${n}`);
const usdAmount = fc
  .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 99 }))
  .map(([units, cents]) => `${units}.${String(cents).padStart(2, "0")}`);

const entryArb: fc.Arbitrary<Value> = fc
  .record({ id: idArb, amount: usdAmount, description: fc.string({ maxLength: 20 }) })
  .map(({ id, amount, description }) => ({
    id,
    description,
    postings: [
      { accountId: "cash", side: "debit", amount },
      { accountId: "cust:1", side: "credit", amount },
    ],
    metadata: { source: "fuzz" },
  }));

interface Route {
  readonly name: string;
  readonly method: "POST" | "PATCH";
  /** The path, given the (already encoded) id parameter. */
  readonly path: (ledgerId: string, id: string) => string;
  readonly targetsLedger: boolean;
  readonly body: fc.Arbitrary<Value | undefined>;
  /** Default id for the path's second parameter. */
  readonly id: string;
  readonly entryIds: (body: Value | undefined) => number;
}

const oneEntry = (): number => 1;
const noEntries = (): number => 0;

const routes: readonly Route[] = [
  {
    name: "create ledger",
    method: "POST",
    path: () => "/v1/ledgers",
    targetsLedger: false,
    id: "",
    entryIds: noEntries,
    body: fc.constantFrom(LEDGER, "fz-new-ledger").map((id) => ({
      id,
      name: "Fuzz",
      reportingCurrency: "USD",
      assets: [
        { code: "USD", scale: 2 },
        { code: "EUR", scale: 2 },
        { code: "JPY", scale: 0 },
      ],
    })),
  },
  {
    name: "open account",
    method: "POST",
    path: (ledger) => `/v1/ledgers/${ledger}/accounts`,
    targetsLedger: true,
    id: "",
    entryIds: noEntries,
    body: idArb.map((id) => ({
      id,
      currency: "USD",
      type: "liability",
      flags: { debitsMustNotExceedCredits: true },
      attributes: { counterparty: "c-1", sector: "retail", country: "GB", rating: "BBB" },
      metadata: { opened: "fuzz" },
    })),
  },
  {
    name: "update account",
    method: "PATCH",
    path: (ledger, id) => `/v1/ledgers/${ledger}/accounts/${id}`,
    targetsLedger: true,
    id: "cust:2",
    entryIds: noEntries,
    body: fc.integer({ min: 1, max: 3 }).map((expectedVersion) => ({
      expectedVersion,
      attributes: { rating: "A" },
    })),
  },
  {
    name: "close account",
    method: "POST",
    path: (ledger, id) => `/v1/ledgers/${ledger}/accounts/${id}/close`,
    targetsLedger: true,
    id: "cust:1",
    entryIds: noEntries,
    body: fc.constantFrom<Value | undefined>(undefined, {}),
  },
  {
    name: "post entry",
    method: "POST",
    path: (ledger) => `/v1/ledgers/${ledger}/entries`,
    targetsLedger: true,
    id: "",
    entryIds: oneEntry,
    body: entryArb,
  },
  {
    name: "post batch",
    method: "POST",
    path: (ledger) => `/v1/ledgers/${ledger}/entries/batch`,
    targetsLedger: true,
    id: "",
    entryIds: (body) => {
      if (typeof body !== "object" || body === null || Array.isArray(body)) return 0;
      if (body instanceof Raw) return 0;
      const entries = body.entries;
      return Array.isArray(entries) ? entries.length : 0;
    },
    body: fc
      .record({ atomic: fc.boolean(), entries: fc.array(entryArb, { minLength: 1, maxLength: 3 }) })
      .map(({ atomic, entries }) => ({ atomic, entries })),
  },
  {
    name: "reverse entry",
    method: "POST",
    path: (ledger, id) => `/v1/ledgers/${ledger}/entries/${id}/reverse`,
    targetsLedger: true,
    id: "seed-1",
    entryIds: oneEntry,
    body: idArb.map((id) => ({ id, description: "fuzz reversal" })),
  },
  {
    name: "place hold",
    method: "POST",
    path: (ledger) => `/v1/ledgers/${ledger}/pending`,
    targetsLedger: true,
    id: "",
    entryIds: oneEntry,
    body: fc.tuple(idArb, usdAmount).map(([id, amount]) => ({
      id,
      timeoutSeconds: 86_400,
      postings: [
        { accountId: "cust:2", side: "debit", amount },
        { accountId: "cash", side: "credit", amount },
      ],
    })),
  },
  {
    name: "post hold",
    method: "POST",
    path: (ledger, id) => `/v1/ledgers/${ledger}/pending/${id}/post`,
    targetsLedger: true,
    id: "hold-1",
    entryIds: noEntries,
    body: fc.oneof(
      fc.constant({}),
      usdAmount.map((amount) => ({ amount })),
    ),
  },
  {
    name: "void hold",
    method: "POST",
    path: (ledger, id) => `/v1/ledgers/${ledger}/pending/${id}/void`,
    targetsLedger: true,
    id: "hold-2",
    entryIds: noEntries,
    body: fc.constantFrom<Value | undefined>(undefined, {}),
  },
  {
    name: "close period",
    method: "POST",
    path: (ledger) => `/v1/ledgers/${ledger}/periods/close`,
    targetsLedger: true,
    id: "",
    entryIds: noEntries,
    body: fc.constant({ upTo: "2001-01-01T00:00:00Z" }),
  },
  {
    name: "create key",
    method: "POST",
    path: () => "/v1/keys",
    targetsLedger: false,
    id: "",
    entryIds: noEntries,
    body: fc.constant({ name: "fuzz key", roles: ["auditor"], ledgers: [OTHER_LEDGER] }),
  },
];

// ---- weird values, mutation and serialisation -------------------------------------------

const hugeString = fc
  .tuple(fc.constantFrom("x", "é", "\u0000", "𝄞", "9"), fc.integer({ min: 1_000, max: 200_000 }))
  .map(([unit, count]) => unit.repeat(count));

const oddAmount = fc.constantFrom<Value>(
  "-1",
  "-0.01",
  "0",
  "0.00",
  "1e3",
  "1E-2",
  "NaN",
  "Infinity",
  "-Infinity",
  "1.234",
  "00.10",
  ".5",
  "5.",
  " 1.00",
  "1,00",
  "１.００",
  "0x10",
  "9".repeat(31),
  `1${"0".repeat(29)}`,
  "1.0000000000000000001",
  "",
  -1,
  1.5,
  0,
  new Raw("1e400"),
  new Raw("-0"),
  new Raw("123456789012345678901234567890"),
  new Raw("1E+2"),
);

const deepNesting = fc
  .tuple(fc.constantFrom("[", '{"a":'), fc.integer({ min: 50, max: 20_000 }))
  .map(([open, depth]) => {
    const close = open === "[" ? "]" : "}";
    return new Raw(`${open.repeat(depth)}1${close.repeat(depth)}`);
  });

const safeInteger = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER),
);

/** A hold must not time out within the test: small positive integers are moved up. */
function notATimeout(value: Value): Value {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value < 100_000
    ? value + 100_000
    : value;
}

const weirdValue: fc.Arbitrary<Value> = fc
  .oneof(
    { arbitrary: oddAmount, weight: 4 },
    { arbitrary: safeInteger, weight: 2 },
    { arbitrary: fc.double(), weight: 1 },
    { arbitrary: fc.constantFrom<Value>(true, false, null, [], {}, "", "null"), weight: 2 },
    { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 2 },
    { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
    {
      arbitrary: fc.constantFrom<Value>(
        "\u0000",
        "a\u0000b",
        "\uD800",
        "\uDFFF\uD800",
        "\u202Eevil",
        "ｆｕｌｌ",
        "../../etc/passwd",
        "<script>",
        "'; DROP TABLE events; --",
        "cust:1\n",
        "CUST:1",
        "usd",
        "US",
        "2026-13-45T00:00:00Z",
        "9999-12-31T23:59:59.999Z",
        "10000-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
        "2026-01-01T00:00:00",
        "2026-01-01T00:00:00+25:00",
        "__proto__",
      ),
      weight: 3,
    },
    { arbitrary: hugeString, weight: 1 },
    { arbitrary: deepNesting, weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Value>, weight: 2 },
  )
  .map(notATimeout);

type Path = readonly (string | number)[];

function pathsOf(value: Value, prefix: Path = [], out: Path[] = [], budget = 200): Path[] {
  if (out.length >= budget) return out;
  if (value instanceof Raw || value === null || typeof value !== "object") return out;
  const children: [string | number, Value][] = Array.isArray(value)
    ? value.map((child, index): [number, Value] => [index, child])
    : Object.entries(value);
  for (const [key, child] of children) {
    const path = [...prefix, key];
    out.push(path);
    pathsOf(child, path, out, budget);
  }
  return out;
}

function isRecord(value: Value): value is { [key: string]: Value } {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Raw)
  );
}

/** A copy of `root` with the node at `path` replaced (or, with `replacement` undefined, removed). */
function replaceAt(root: Value, path: Path, replacement: Value | undefined): Value {
  const [head, ...rest] = path;
  if (head === undefined) return replacement ?? null;
  if (Array.isArray(root) && typeof head === "number") {
    const copy = [...root];
    const child = copy[head];
    if (child === undefined) return copy;
    if (rest.length === 0 && replacement === undefined) copy.splice(head, 1);
    else copy[head] = replaceAt(child, rest, replacement);
    return copy;
  }
  if (isRecord(root) && typeof head === "string") {
    const child = root[head];
    if (child === undefined) return root;
    if (rest.length === 0 && replacement === undefined) {
      return Object.fromEntries(Object.entries(root).filter(([key]) => key !== head));
    }
    return { ...root, [head]: replaceAt(child, rest, replacement) };
  }
  return root;
}

function valueAt(root: Value, path: Path): Value | undefined {
  let node: Value | undefined = root;
  for (const key of path) {
    if (node === undefined) return undefined;
    if (Array.isArray(node) && typeof key === "number") node = node[key];
    else if (isRecord(node) && typeof key === "string") node = node[key];
    else return undefined;
  }
  return node;
}

type Mutation =
  | { readonly kind: "replace"; readonly pick: number; readonly value: Value }
  | { readonly kind: "remove"; readonly pick: number }
  | {
      readonly kind: "extraKey";
      readonly pick: number;
      readonly key: string;
      readonly value: Value;
    }
  | { readonly kind: "repeat"; readonly pick: number; readonly times: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant("replace" as const),
      pick: fc.nat(),
      value: weirdValue,
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("extraKey" as const),
      pick: fc.nat(),
      key: fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom("__proto__", "constructor", "prototype", "type", "entryId", "actor"),
      ),
      value: weirdValue,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("repeat" as const),
      pick: fc.nat(),
      times: fc.constantFrom(2, 127, 128, 129, 999, 1_000, 1_001),
    }),
    weight: 1,
  },
);

function mutate(body: Value, mutation: Mutation): Value {
  const paths: Path[] = [[], ...pathsOf(body)];
  const path = paths[mutation.pick % paths.length] ?? [];
  switch (mutation.kind) {
    case "replace":
      return replaceAt(body, path, mutation.value);
    case "remove":
      return path.length === 0 ? {} : replaceAt(body, path, undefined);
    case "extraKey": {
      const target = valueAt(body, path);
      const objectPath = target !== undefined && isRecord(target) ? path : [];
      const object = valueAt(body, objectPath);
      if (object === undefined || !isRecord(object)) return body;
      const extended: { [key: string]: Value } = { ...object };
      Object.defineProperty(extended, mutation.key, {
        value: mutation.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return objectPath.length === 0 ? extended : replaceAt(body, objectPath, extended);
    }
    case "repeat": {
      // The nearest array at or above the path grows to `times` copies of its first item.
      for (let depth = path.length; depth >= 0; depth -= 1) {
        const arrayPath = path.slice(0, depth);
        const node = valueAt(body, arrayPath);
        if (Array.isArray(node) && node[0] !== undefined) {
          const first = node[0];
          const grown: Value[] = Array.from({ length: mutation.times }, () => first);
          return arrayPath.length === 0 ? grown : replaceAt(body, arrayPath, grown);
        }
      }
      return body;
    }
  }
}

/** JSON text of a value that may hold Raw fragments. */
function serialise(value: Value): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, node: unknown) => {
    if (node instanceof Raw) {
      raws.push(node.text);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return node;
  });
  return text.replace(
    /"\\u0001RAW(\d+)\\u0001"/g,
    (_match, index: string) => raws[Number(index)] ?? "null",
  );
}

function countEntries(value: Value | undefined, route: Route): number {
  return route.entryIds(value);
}

// ---- path parameters and headers --------------------------------------------------------

const oddId = fc.oneof(
  fc.constantFrom(
    "%00",
    "%2F",
    "a%2Fb",
    "%2e%2e",
    "..",
    "%",
    "%zz",
    "%E0%A4%A",
    "%C0%AF",
    "%FF%FE",
    "%20",
    "a%0Ab",
    "%F0%9F%92%A9",
    "x".repeat(129),
    "x".repeat(5_000),
    "-leading",
    "UNKNOWN",
    "seed-1",
    "hold-1",
    "cust:1",
  ),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  fc
    .string({ unit: "binary", minLength: 1, maxLength: 30 })
    .map((text) => encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, "?"))),
);

const authArb = fc.constantFrom<AuthChoice>(
  "admin",
  "admin",
  "admin",
  "admin",
  "admin",
  "admin",
  "admin",
  "admin",
  "none",
  "garbage",
  "malformed",
  "auditor",
  "otherLedger",
);

const contentTypeArb = fc.constantFrom<string | null>(
  "application/json",
  "application/json",
  "application/json",
  "application/json",
  "application/json",
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=latin1",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/problem+json",
  "application/JSON",
  null,
);

function authHeader(choice: AuthChoice): string | undefined {
  switch (choice) {
    case "none":
      return undefined;
    case "garbage":
      return "Bearer folio_not_a_real_key_0123456789";
    case "malformed":
      return "Basic dXNlcjpwYXNz";
    default:
      return `Bearer ${keys[choice]}`;
  }
}

function build(
  route: Route,
  body: Value | undefined,
  extra: { ledger?: string; id?: string; auth?: AuthChoice; contentType?: string | null } = {},
): FuzzRequest {
  const ledger = extra.ledger ?? LEDGER;
  return {
    method: route.method,
    path: route.path(ledger, extra.id ?? route.id),
    body: body === undefined ? undefined : serialise(body),
    contentType: extra.contentType === undefined ? "application/json" : extra.contentType,
    auth: extra.auth ?? "admin",
    targetsLedger: route.targetsLedger && ledger === LEDGER,
    entryIds: countEntries(body, route),
    batch: route.name === "post batch",
  };
}

const routeArb = fc.constantFrom(...routes);

/** fc.anything() and fc.json() bodies. */
const anythingRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    routeArb,
    fc.oneof(
      fc.anything({ maxDepth: 4 }).map((value): string | undefined => {
        try {
          return JSON.stringify(value);
        } catch {
          return "{}";
        }
      }),
      fc.json({ maxDepth: 4 }),
    ),
    authArb,
  )
  .map(([route, text, auth]) => ({ ...build(route, undefined, { auth }), body: text }));

/** Raw text and bytes that are (mostly) not JSON, under odd content types. */
const rawRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    routeArb,
    fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.uint8Array({ maxLength: 300 }),
      fc.constantFrom(
        "",
        "{",
        "[",
        "}",
        "nul",
        "{'a':1}",
        '{"id":"x",}',
        '{"id":"\\u0000"}',
        '{"a":1}{"b":2}',
        "\uFEFF{}",
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        "1e999",
        "-",
        '"\\ud800"',
      ),
      entryArb.map((entry) => serialise(entry).slice(0, -3)),
    ),
    contentTypeArb,
    authArb,
  )
  .map(([route, body, contentType, auth]) => ({
    ...build(route, undefined, { auth, contentType }),
    body,
  }));

/** A valid body with one mutation. */
const mutatedRequest: fc.Arbitrary<FuzzRequest> = routeArb.chain((route) =>
  fc.tuple(route.body, mutationArb, fc.option(authArb, { freq: 4 })).map(([body, mutation, auth]) =>
    build(route, body === undefined ? mutate({}, mutation) : mutate(body, mutation), {
      auth: auth ?? "admin",
    }),
  ),
);

/** Valid and mutated bodies under odd path parameters (ledger or resource id). */
const oddPathRequest: fc.Arbitrary<FuzzRequest> = routeArb.chain((route) =>
  fc
    .tuple(route.body, fc.option(mutationArb, { freq: 3 }), oddId, fc.boolean())
    .map(([body, mutation, odd, inLedger]) => {
      const mutated = mutation === null || body === undefined ? body : mutate(body, mutation);
      return build(route, mutated, inLedger ? { ledger: odd } : { id: odd });
    }),
);

/** Oversized bodies (413), unicode-heavy and null-byte bodies, and the limits of arrays. */
const edgeRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc
    .tuple(routeArb, fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT + 4_096 }))
    .map(([route, size]) => ({
      ...build(route, undefined),
      body: `{"id":"${"x".repeat(size)}"}`,
    })),
  fc
    .tuple(routeArb, fc.string({ unit: "grapheme", minLength: 1, maxLength: 64 }))
    .chain(([route, text]) =>
      route.body.map((body) =>
        build(
          route,
          body === undefined ? { text } : mutate(body, { kind: "replace", pick: 1, value: text }),
        ),
      ),
    ),
  fc
    .tuple(fc.integer({ min: 990, max: 1_001 }), fc.boolean(), mutationArb)
    .map(([count, atomic, mutation]) => {
      const entries: Value[] = Array.from({ length: count }, (_, index) => ({
        id: `big-${index}`,
        postings: [
          { accountId: "cash", side: "debit", amount: "0.01" },
          { accountId: "cust:1", side: "credit", amount: "0.01" },
        ],
      }));
      const batch = routes.find((route) => route.name === "post batch");
      if (batch === undefined) throw new Error("no batch route");
      // The last entry is mutated so that a full batch is refused (or, non-atomic, partly).
      const last = entries[entries.length - 1];
      if (last !== undefined) entries[entries.length - 1] = mutate(last, mutation);
      return build(batch, { atomic, entries });
    }),
);

// ---- sending and checking ---------------------------------------------------------------

async function send(request: FuzzRequest): Promise<Answer> {
  const headers: Record<string, string> = {};
  const authorization = authHeader(request.auth);
  if (authorization !== undefined) headers.authorization = authorization;
  if (request.body !== undefined && request.contentType !== null) {
    headers["content-type"] = request.contentType;
  }
  const response = await fetch(`${folio.url}${request.path}`, {
    method: request.method,
    headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", text };
}

function describeRequest(request: FuzzRequest): string {
  const body =
    request.body === undefined
      ? "(none)"
      : typeof request.body === "string"
        ? request.body.slice(0, 300)
        : `bytes[${request.body.length}]`;
  return `${request.method} ${request.path.slice(0, 200)} auth=${request.auth} type=${request.contentType} body=${body}`;
}

function problemCode(answer: Answer): string | null {
  try {
    const parsed: unknown = JSON.parse(answer.text);
    if (typeof parsed === "object" && parsed !== null && "code" in parsed) {
      const code: unknown = parsed.code;
      return typeof code === "string" ? code : null;
    }
  } catch {
    return null;
  }
  return null;
}

/** How many events this answered request may have written to LEDGER. */
function writeAllowance(request: FuzzRequest, answer: Answer, code: string | null): number {
  if (!request.targetsLedger) return 0;
  const writesOneOrMore = Math.max(1, request.entryIds);
  if (answer.status < 300 || answer.status === 422) return writesOneOrMore;
  if (NO_WRITE_STATUSES.has(answer.status)) {
    if (request.entryIds === 0 || code === null) return 0;
    if (RECORDED_REFUSALS.has(code)) return request.entryIds;
    return request.batch && !EDGE_CODES.has(code) ? request.entryIds : 0;
  }
  return writesOneOrMore;
}

async function ledgerSequence(): Promise<number> {
  const answer = await folio.request("GET", `/v1/ledgers/${LEDGER}`);
  expect(answer.status).toBe(200);
  const sequence: unknown = (answer.body as { sequence?: unknown }).sequence;
  if (typeof sequence !== "number") throw new Error("the ledger view has no sequence");
  return sequence;
}

/** Sends a group at once, checks every answer, and that refusals wrote nothing. */
async function checkGroup(requests: readonly FuzzRequest[]): Promise<void> {
  const before = await ledgerSequence();
  const answers = await Promise.all(requests.map(send));
  const after = await ledgerSequence();
  let allowance = 0;
  requests.forEach((request, index) => {
    const answer = answers[index];
    if (answer === undefined) throw new Error("missing answer");
    stats.requests += 1;
    stats.byStatus.set(answer.status, (stats.byStatus.get(answer.status) ?? 0) + 1);
    const where = `${describeRequest(request)} -> ${answer.status} ${answer.text.slice(0, 300)}`;
    expect(answer.status, where).toBeLessThan(500);
    const code = problemCode(answer);
    if (answer.status >= 400) {
      expect(answer.contentType, where).toMatch(/^application\/problem\+json/);
      expect(code, where).toMatch(/^[a-z_]+$/);
      expect((JSON.parse(answer.text) as { status?: unknown }).status, where).toBe(answer.status);
    }
    allowance += writeAllowance(request, answer, code);
  });
  const summary = requests.map((request, index) => {
    const answer = answers[index];
    return `${answer?.status ?? "?"} ${describeRequest(request)}`;
  });
  if (allowance === 0) {
    stats.checkedGroups += 1;
    expect(after, `refusals wrote to the ledger:\n${summary.join("\n")}`).toBe(before);
  } else {
    expect(after - before, `more events than writers:\n${summary.join("\n")}`).toBeLessThanOrEqual(
      allowance,
    );
  }
}

async function must(method: string, path: string, body: unknown, key?: string): Promise<unknown> {
  const answer = await folio.request(method, path, body, key);
  if (answer.status >= 300) {
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

async function setUp(): Promise<void> {
  folio = await startTestFolio({ FOLIO_BODY_LIMIT_BYTES: String(BODY_LIMIT) });
  keys.admin = folio.adminKey;
  const assets = [
    { code: "USD", scale: 2 },
    { code: "EUR", scale: 2 },
    { code: "JPY", scale: 0 },
  ];
  await must("POST", "/v1/ledgers", { id: LEDGER, name: "Fuzz", reportingCurrency: "USD", assets });
  await must("POST", "/v1/ledgers", {
    id: OTHER_LEDGER,
    name: "Other",
    reportingCurrency: "USD",
    assets,
  });
  const currencyOf = (id: string): string =>
    id.startsWith("eur") ? "EUR" : id.startsWith("jpy") ? "JPY" : "USD";
  for (const id of accounts) {
    await must("POST", `/v1/ledgers/${LEDGER}/accounts`, {
      id,
      currency: currencyOf(id),
      type: id === "cash" ? "asset" : "liability",
      ...(id.startsWith("cust") ? { flags: { debitsMustNotExceedCredits: true } } : {}),
    });
  }
  await must("POST", `/v1/ledgers/${LEDGER}/entries`, {
    id: "seed-1",
    postings: [
      { accountId: "cash", side: "debit", amount: "1000.00" },
      { accountId: "cust:2", side: "credit", amount: "1000.00" },
    ],
  });
  for (const id of ["hold-1", "hold-2"]) {
    await must("POST", `/v1/ledgers/${LEDGER}/pending`, {
      id,
      timeoutSeconds: 86_400,
      postings: [
        { accountId: "cust:2", side: "debit", amount: "10.00" },
        { accountId: "cash", side: "credit", amount: "10.00" },
      ],
    });
  }
  const created = async (body: unknown): Promise<string> => {
    const answer = (await must("POST", "/v1/keys", body)) as { key?: unknown };
    if (typeof answer.key !== "string") throw new Error("no key in the answer");
    return answer.key;
  };
  keys.auditor = await created({ name: "fuzz auditor", roles: ["auditor"], ledgers: ["*"] });
  keys.otherLedger = await created({
    name: "fuzz other poster",
    roles: ["poster"],
    ledgers: [OTHER_LEDGER],
  });
}

function runProperty(arbitrary: fc.Arbitrary<FuzzRequest>, seedOffset: number): Promise<void> {
  const seed = process.env.FUZZ_SEED;
  return fc.assert(
    fc.asyncProperty(fc.array(arbitrary, { minLength: GROUP, maxLength: GROUP }), checkGroup),
    { numRuns: RUNS, ...(seed === undefined ? {} : { seed: Number(seed) + seedOffset }) },
  );
}

describe("HTTP fuzzing of the command routes", () => {
  beforeAll(setUp);
  afterAll(async () => {
    await folio.close();
  });

  it("survives fc.anything() and fc.json() bodies", () => runProperty(anythingRequest, 1), 120_000);
  it(
    "survives raw non-JSON bodies and odd content types",
    () => runProperty(rawRequest, 2),
    120_000,
  );
  it("survives valid bodies with one field mutated", () => runProperty(mutatedRequest, 3), 120_000);
  it(
    "survives odd and percent-encoded path parameters",
    () => runProperty(oddPathRequest, 4),
    120_000,
  );
  it(
    "survives oversized, unicode and limit-sized bodies",
    () => runProperty(edgeRequest, 5),
    120_000,
  );

  it("sent at least 10,000 requests over every route", async () => {
    expect(stats.requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
    // Refusals of every kind were seen, and some groups were checked for writing nothing.
    for (const status of [201, 400, 401, 403, 404, 413, 415]) {
      expect(stats.byStatus.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
    }
    expect(stats.checkedGroups).toBeGreaterThan(100);
    // The ledger still answers and its chain only grew.
    expect(await ledgerSequence()).toBeGreaterThan(0);
  });
});
