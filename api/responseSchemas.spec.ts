// The hot command routes (POST entries, batch, reversal, holds) serialise their success answers
// without re-validating them (api/routes/trustedSerializer.ts). This spec proves the answers
// still match the schemas the OpenAPI document publishes for them: every answer of those routes,
// success and problem, dry run and replay, is checked against its route's documented response
// schema (JSON Schema, no extra properties) with Fastify's own Ajv, and the problem statuses keep
// the validating serializer.
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { trustedSuccessSerializer } from "./routes/trustedSerializer.js";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "schemas-ledger";

interface OpenApiOperation {
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
type OpenApiDocument = { paths: Record<string, Record<string, OpenApiOperation>> };

/**
 * Validates a body against a JSON Schema with the Ajv Fastify ships (no coercion, nothing
 * removed or defaulted): one route per schema on a throwaway instance, answering 204 or 400.
 */
class SchemaChecker {
  private readonly app: FastifyInstance = Fastify({
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: false,
        strict: false,
        allErrors: true,
      },
    },
  });
  private readonly routes = new Map<string, string>();

  add(name: string, schema: unknown): void {
    const url = `/check/${this.routes.size}`;
    this.routes.set(name, url);
    this.app.post(url, { schema: { body: schema as object } }, (_request, reply) =>
      reply.code(204).send(),
    );
  }

  /** Null when `body` matches the schema named `name`, else Ajv's message. */
  async check(name: string, body: unknown): Promise<string | null> {
    const url = this.routes.get(name);
    if (url === undefined) return `no documented schema ${name}`;
    const response = await this.app.inject({ method: "POST", url, payload: body as object });
    return response.statusCode === 204 ? null : response.body;
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

/** The (path, method) pairs whose answers are checked; paths as OpenAPI writes them. */
const CHECKED = [
  ["/v1/ledgers/{ledgerId}/entries", "post"],
  ["/v1/ledgers/{ledgerId}/entries/batch", "post"],
  ["/v1/ledgers/{ledgerId}/entries/{entryId}/reverse", "post"],
  ["/v1/ledgers/{ledgerId}/pending", "post"],
  ["/v1/ledgers/{ledgerId}/pending/{entryId}/post", "post"],
  ["/v1/ledgers/{ledgerId}/pending/{entryId}/void", "post"],
] as const;

describe("the hot command routes' answers against the OpenAPI document", () => {
  let folio: TestFolio;
  const checker = new SchemaChecker();
  /** Answers checked so far, by route and status (each case below must add some). */
  const seen = new Set<string>();

  beforeAll(async () => {
    folio = await startTestFolio({ FOLIO_PROJECTIONS: "off" });
    const document = (await folio.request("GET", "/openapi.json", undefined, null))
      .body as OpenApiDocument;
    for (const [path, method] of CHECKED) {
      const operation = document.paths[path]?.[method];
      if (operation === undefined) throw new Error(`OpenAPI has no ${method} ${path}`);
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = response.content?.["application/json"]?.schema;
        if (schema !== undefined) checker.add(`${path} ${status}`, schema);
      }
    }
    const created = await folio.request("POST", "/v1/ledgers", {
      id: LEDGER,
      name: "Schemas",
      reportingCurrency: "USD",
      assets: [{ code: "USD", scale: 2 }],
    });
    expect(created.status).toBe(201);
    for (const id of ["cash", "deposits"]) {
      const opened = await folio.request("POST", `/v1/ledgers/${LEDGER}/accounts`, {
        id,
        currency: "USD",
        type: id === "cash" ? "asset" : "liability",
      });
      expect(opened.status).toBe(201);
    }
  }, 60_000);

  afterAll(async () => {
    await checker.close();
    await folio.close();
  });

  /** Sends a command and checks its answer against the documented schema of its status. */
  async function answer(
    path: (typeof CHECKED)[number][0],
    route: string,
    body: unknown,
    expected: number,
  ): Promise<Record<string, unknown>> {
    const reply = await folio.request("POST", route, body);
    expect(reply.status, JSON.stringify(reply.body)).toBe(expected);
    const problem = await checker.check(`${path} ${expected}`, reply.body);
    expect(problem, `${route} ${expected}: ${JSON.stringify(reply.body)}`).toBeNull();
    seen.add(`${path} ${expected}`);
    return reply.body as Record<string, unknown>;
  }

  const entries = `/v1/ledgers/${LEDGER}/entries`;
  const entry = (id: string, amount = "10.00", metadata?: Record<string, string>) => ({
    id,
    description: `entry ${id}`,
    ...(metadata === undefined ? {} : { metadata }),
    postings: [
      { accountId: "cash", side: "debit", amount },
      { accountId: "deposits", side: "credit", amount },
    ],
  });

  it("single entries: accepted, replayed, dry run, and refused", async () => {
    const path = "/v1/ledgers/{ledgerId}/entries";
    const posted = await answer(path, entries, entry("e-1", "12.34", { ref: "x" }), 201);
    expect(posted).toMatchObject({ id: "e-1", kind: "posted", metadata: { ref: "x" } });
    await answer(path, entries, entry("e-1", "12.34", { ref: "x" }), 200);
    await answer(path, `${entries}?dryRun=true`, entry("e-dry"), 201);
    await answer(path, entries, entry("e-1", "99.00"), 409);
    await answer(path, entries, { id: "e-bad", postings: [] }, 400);
    await answer(
      path,
      entries,
      {
        ...entry("e-unknown"),
        postings: [
          { accountId: "nowhere", side: "debit", amount: "1.00" },
          { accountId: "deposits", side: "credit", amount: "1.00" },
        ],
      },
      404,
    );
  });

  it("batches: atomic, each on its own with a refusal among them, and a replay", async () => {
    const path = "/v1/ledgers/{ledgerId}/entries/batch";
    const batch = `${entries}/batch`;
    await answer(path, batch, { atomic: true, entries: [entry("b-1"), entry("b-2")] }, 201);
    const each = await answer(
      path,
      batch,
      { entries: [entry("b-3"), entry("b-1", "55.00"), entry("b-1")] },
      200,
    );
    const statuses = (each.results as { status: number }[]).map((result) => result.status);
    expect(statuses).toEqual([201, 409, 200]);
    await answer(path, batch, { atomic: true, entries: [entry("b-1"), entry("b-2")] }, 200);
    await answer(path, batch, { atomic: true, entries: [entry("b-4"), entry("b-1", "1.00")] }, 409);
  });

  it("reversals: accepted, replayed, and refused a second time", async () => {
    const path = "/v1/ledgers/{ledgerId}/entries/{entryId}/reverse";
    await answer("/v1/ledgers/{ledgerId}/entries", entries, entry("r-1"), 201);
    const reverse = `${entries}/r-1/reverse`;
    const reversed = await answer(path, reverse, { id: "r-1-rev", description: "twice" }, 201);
    expect(reversed).toMatchObject({ reversalOf: "r-1" });
    await answer(path, reverse, { id: "r-1-rev", description: "twice" }, 200);
    await answer(path, reverse, { id: "r-1-rev-2" }, 422);
  });

  it("holds: placed, posted in part, voided, and a void of a posted hold refused", async () => {
    const pending = `/v1/ledgers/${LEDGER}/pending`;
    const hold = (id: string) => ({ ...entry(id, "40.00"), timeoutSeconds: 3_600 });
    const placed = await answer("/v1/ledgers/{ledgerId}/pending", pending, hold("h-1"), 201);
    expect(placed).toMatchObject({ kind: "pending", hold: { status: "open" } });
    await answer("/v1/ledgers/{ledgerId}/pending", pending, hold("h-2"), 201);
    const postPath = "/v1/ledgers/{ledgerId}/pending/{entryId}/post";
    const postedHold = await answer(postPath, `${pending}/h-1/post`, { amount: "15.00" }, 201);
    expect(postedHold).toMatchObject({ hold: { status: "posted" } });
    const voidPath = "/v1/ledgers/{ledgerId}/pending/{entryId}/void";
    await answer(voidPath, `${pending}/h-2/void`, undefined, 201);
    await answer(voidPath, `${pending}/h-1/void`, undefined, 422);
  });

  it("checked a success answer of every route", () => {
    for (const [path] of CHECKED) {
      expect(seen.has(`${path} 201`), `${path} 201`).toBe(true);
    }
  });
});

describe("trustedSuccessSerializer", () => {
  const schema = z.object({ id: z.string() });
  const compile = (httpStatus: string) =>
    trustedSuccessSerializer({ schema, method: "POST", url: "/x", httpStatus });

  it("stringifies 200 and 201 bodies as they are", () => {
    expect(compile("201")({ id: "a", extra: 1 })).toBe('{"id":"a","extra":1}');
    expect(compile("200")({ id: "a" })).toBe('{"id":"a"}');
  });

  it("keeps validating every other status", () => {
    expect(compile("404")({ id: "a", extra: 1 })).toBe('{"id":"a"}');
    expect(() => compile("422")({ id: 7 })).toThrow();
  });
});
