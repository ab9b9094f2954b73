// The operations surface over real HTTP: metrics, health probes, the OpenAPI document and docs
// page, request ids and log redaction, on a small app built from the same plugins as the API.
import { Writable } from "node:stream";
import type { AddressInfo } from "node:net";
import fastify, { type FastifyInstance } from "fastify";
import {
  serializerCompiler,
  validatorCompiler,
  type FastifyPluginAsyncZod,
} from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Decision } from "../ledger-core/decision.js";
import { loggerOptions, REDACTED, requestIdOptions, requestIdPlugin } from "./logger.js";
import { createMetrics, metricsPlugin, type FolioMetrics } from "./plugins/metrics.js";
import { openApiPlugin } from "./plugins/openapi.js";
import { installProblemHandlers } from "./problems.js";
import {
  healthRoutes,
  REDACTED_DETAIL,
  runReadinessChecks,
  type ReadinessReport,
} from "./routes/health.js";

const SECRET_KEY = "folio_test_secret_key_0123456789abcdef";

const widgetBody = z
  .object({
    name: z.string().min(1).describe("The widget's display name"),
    size: z.number().int().positive(),
  })
  .meta({ examples: [{ name: "sprocket", size: 3 }] });

const widgetRoutes: FastifyPluginAsyncZod = (app) => {
  app.post(
    "/v1/widgets/:widgetId",
    {
      schema: {
        tags: ["ledgers"],
        summary: "Make a widget (test route)",
        params: z.object({ widgetId: z.string() }),
        body: widgetBody,
        response: { 201: z.object({ id: z.string(), name: z.string() }) },
      },
    },
    async (request, reply) => {
      request.log.info({ apiKey: SECRET_KEY }, "making a widget");
      return reply.code(201).send({ id: request.params.widgetId, name: request.body.name });
    },
  );
  return Promise.resolve();
};

describe("operations endpoints over HTTP", () => {
  const logLines: Record<string, unknown>[] = [];
  let app: FastifyInstance;
  let metrics: FolioMetrics;
  let baseUrl: string;
  let failing: string | null = null;

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString("utf8").split("\n")) {
          if (line.trim() !== "") logLines.push(JSON.parse(line) as Record<string, unknown>);
        }
        callback();
      },
    });
    app = fastify({ logger: { ...loggerOptions("info"), stream }, ...requestIdOptions() });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installProblemHandlers(app);
    metrics = createMetrics();
    let queued = 7;
    metrics.setQueueDepthSource(() => queued++);
    await app.register(requestIdPlugin);
    await app.register(metricsPlugin, { metrics });
    await app.register(openApiPlugin, { servers: [{ url: "http://localhost:3000" }] });
    const readiness = (): Promise<ReadinessReport> =>
      runReadinessChecks({
        database: () => (failing === null ? Promise.resolve() : Promise.reject(new Error(failing))),
        writers: () => Promise.resolve(),
      });
    await app.register(healthRoutes, { readiness });
    await app.register(widgetRoutes);
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it("answers liveness with 200", async () => {
    const response = await fetch(`${baseUrl}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers readiness with 503 and the report (without the failure's text) while a check fails, 200 once all pass", async () => {
    failing = "connect ECONNREFUSED";
    const down = await fetch(`${baseUrl}/health/ready`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      ready: false,
      checks: {
        database: { ok: false, detail: REDACTED_DETAIL },
        writers: { ok: true },
      },
    });
    failing = null;
    const up = await fetch(`${baseUrl}/health/ready`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({
      ready: true,
      checks: { database: { ok: true }, writers: { ok: true } },
    });
  });

  it("exposes request latency by route template, decisions, batches and queue depth", async () => {
    const made = await fetch(`${baseUrl}/v1/widgets/w-123`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "sprocket", size: 3 }),
    });
    expect(made.status).toBe(201);
    await made.arrayBuffer();
    const accepted: Decision = { status: "accepted", events: [] };
    metrics.observeDecision(accepted);
    metrics.observeDecision({
      status: "rejected",
      events: [],
      rejection: { code: "unbalanced", message: "debits must equal credits", details: {} },
    });
    metrics.observeDecision({
      status: "accepted",
      events: [],
      parts: [accepted, { status: "duplicate", events: [], sequence: 4 }],
    });
    metrics.observeBatch("ledger-1", { commands: 12, events: 30, appendMs: 4 });

    const response = await fetch(`${baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(
      /folio_http_request_duration_seconds_count\{method="POST",route="\/v1\/widgets\/:widgetId",status_code="201"\} 1/,
    );
    expect(text).not.toContain("w-123");
    expect(text).toContain('folio_entries_total{outcome="accepted",code="none"} 2');
    expect(text).toContain('folio_entries_total{outcome="duplicate",code="none"} 1');
    expect(text).toContain('folio_entries_total{outcome="rejected",code="unbalanced"} 1');
    expect(text).toContain("folio_append_batch_commands_sum 12");
    expect(text).toContain("folio_append_duration_seconds_sum 0.004");
    expect(text).toMatch(/folio_writer_queue_depth \d+/);
    expect(text).toContain("folio_process_cpu_user_seconds_total");
  });

  it("labels unmatched requests without their raw URL", async () => {
    const response = await fetch(`${baseUrl}/nowhere/abc-987`);
    expect(response.status).toBe(404);
    await response.arrayBuffer();
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(text).toContain('route="unmatched",status_code="404"');
    expect(text).not.toContain("abc-987");
  });

  it("serves an OpenAPI 3.1 document built from the zod schemas", async () => {
    const response = await fetch(`${baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      info: { title: string; version: string };
      servers: { url: string }[];
      security: Record<string, string[]>[];
      tags: { name: string }[];
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info.title).toBe("Folio ledger API");
    expect(document.servers).toEqual([{ url: "http://localhost:3000" }]);
    expect(document.components.securitySchemes.apiKey).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(document.security).toEqual([{ apiKey: [] }]);
    expect(document.tags.map((tag) => tag.name)).toEqual([
      "ledgers",
      "accounts",
      "entries",
      "pending",
      "periods",
      "risk",
      "keys",
      "operations",
    ]);

    const post = document.paths["/v1/widgets/{widgetId}"]?.post;
    expect(post).toBeDefined();
    const media = (post?.requestBody as { content: Record<string, Record<string, unknown>> })
      .content["application/json"];
    const schema = media?.schema as {
      type: string;
      properties: Record<string, { description?: string }>;
      required: string[];
    };
    expect(schema.type).toBe("object");
    expect(schema.required).toEqual(["name", "size"]);
    expect(schema.properties.name?.description).toBe("The widget's display name");
    const examples = JSON.stringify(media);
    expect(examples).toContain('"sprocket"');

    const live = document.paths["/health/live"]?.get;
    expect(live?.tags).toEqual(["operations"]);
    expect(live?.security).toEqual([]);
    expect(JSON.stringify(document.paths["/health/ready"]?.get?.responses)).toContain(
      "ECONNREFUSED",
    );
    for (const hidden of ["/metrics", "/openapi.json", "/docs", "/docs/json"]) {
      expect(document.paths[hidden]).toBeUndefined();
    }
  });

  it("serves the interactive docs page", async () => {
    const response = await fetch(`${baseUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("swagger");
  });

  it("echoes a safe x-request-id, replaces an unsafe one, and logs it with secrets redacted", async () => {
    const response = await fetch(`${baseUrl}/v1/widgets/w-9`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${SECRET_KEY}`,
        "x-request-id": "req-abc.123",
      },
      body: JSON.stringify({ name: "cog", size: 1 }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-request-id")).toBe("req-abc.123");
    await response.arrayBuffer();

    const lines = logLines.filter((line) => line.requestId === "req-abc.123");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const incoming = lines.find((line) => line.msg === "incoming request") as
      { req: { headers: Record<string, string> } } | undefined;
    expect(incoming?.req.headers.authorization).toBe(REDACTED);
    expect(lines.find((line) => line.msg === "making a widget")?.apiKey).toBe(REDACTED);
    expect(JSON.stringify(logLines)).not.toContain(SECRET_KEY);

    const unsafe = await fetch(`${baseUrl}/health/live`, {
      headers: { "x-request-id": "bad id\twith spaces" },
    });
    await unsafe.arrayBuffer();
    expect(unsafe.headers.get("x-request-id")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const problem = await fetch(`${baseUrl}/v1/widgets/w-10`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "req-bad-body" },
      body: JSON.stringify({ name: "", size: 1 }),
    });
    expect(problem.status).toBe(400);
    expect(problem.headers.get("x-request-id")).toBe("req-bad-body");
    expect(((await problem.json()) as { instance: string }).instance).toBe("req-bad-body");
  });
});
