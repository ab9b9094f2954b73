// Liveness and readiness probes: GET /health/live answers while the process runs; GET
// /health/ready runs the injected checks (database reachable, writers loaded) and answers 503
// with the same report when any fails. Both are public.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface HealthRoutesOptions {
  readonly readiness: () => Promise<ReadinessReport>;
}

/** Runs named checks in parallel; a check fails by throwing, and its message is the detail. */
export async function runReadinessChecks(
  checks: Readonly<Record<string, () => Promise<void>>>,
): Promise<ReadinessReport> {
  const entries = Object.entries(checks);
  const results = await Promise.allSettled(entries.map(([, check]) => check()));
  const report: ReadinessReport = { ready: true, checks: {} };
  for (const [index, [name]] of entries.entries()) {
    const result = results[index];
    if (result?.status === "rejected") {
      report.ready = false;
      const reason: unknown = result.reason;
      report.checks[name] = {
        ok: false,
        detail: reason instanceof Error ? reason.message : String(reason),
      };
    } else {
      report.checks[name] = { ok: true };
    }
  }
  return report;
}

const liveSchema = z
  .object({ status: z.literal("ok") })
  .meta({ description: "The process is up", examples: [{ status: "ok" }] });

const readyExample = {
  ready: true,
  checks: { database: { ok: true }, writers: { ok: true, detail: "3 ledgers open" } },
};
const notReadyExample = {
  ready: false,
  checks: {
    database: { ok: false, detail: "connect ECONNREFUSED 127.0.0.1:5432" },
    writers: { ok: true },
  },
};

const checkSchema = z.object({
  ok: z.boolean(),
  detail: z.string().optional().describe("Why the check failed, or what it found"),
});
const readinessSchema = z
  .object({
    ready: z.boolean().describe("True when every check passed"),
    checks: z.record(z.string(), checkSchema),
  })
  .meta({ description: "The readiness checks and their results", examples: [readyExample] });
const notReadySchema = readinessSchema.meta({
  description: "At least one check failed",
  examples: [notReadyExample],
});

export const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = (app, { readiness }) => {
  app.get(
    "/health/live",
    {
      schema: {
        tags: ["operations"],
        summary: "Liveness probe",
        description: "Answers 200 while the process runs; it checks nothing else.",
        security: [],
        response: { 200: liveSchema },
      },
    },
    () => ({ status: "ok" as const }),
  );

  app.get(
    "/health/ready",
    {
      schema: {
        tags: ["operations"],
        summary: "Readiness probe",
        description:
          "Runs the readiness checks (database reachable, writers loaded): 200 when all pass, " +
          "503 with the same report when any fails.",
        security: [],
        response: { 200: readinessSchema, 503: notReadySchema },
      },
    },
    async (request, reply) => {
      let report: ReadinessReport;
      try {
        report = await readiness();
      } catch (error) {
        request.log.warn({ err: error }, "readiness check threw");
        report = {
          ready: false,
          checks: {
            readiness: {
              ok: false,
              detail: error instanceof Error ? error.message : String(error),
            },
          },
        };
      }
      return reply.code(report.ready ? 200 : 503).send(report);
    },
  );
  return Promise.resolve();
};
