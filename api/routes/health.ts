// Liveness and readiness probes: GET /health/live answers while the process runs; GET
// /health/ready runs the injected checks (database reachable, writers loaded, read models
// running and within their lag limits), reports each read model's lag in events and seconds,
// and answers 503 with the same report when any check fails. Both are public.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ProjectionReport } from "../../projections/index.js";
import type { ClusterReport } from "../cluster/clusterStatus.js";

/** One read model as /health/ready reports it. */
export interface ProjectionReadiness {
  readonly name: string;
  readonly version: number;
  readonly state: string;
  /** False while this version is being built to replace the one readers use. */
  readonly active: boolean;
  readonly lagEvents: number;
  readonly lagEventsCapped: boolean;
  readonly lagSeconds: number;
  readonly error: string | null;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
  projections?: ProjectionReadiness[];
  /** The NATS connectors of this process: reported, never a reason to refuse traffic. */
  connectors?: ConnectorsReadiness;
  /** Cluster mode (FOLIO_CLUSTER=on): reported, never a reason to refuse traffic. */
  cluster?: ClusterReport;
}

/** What /health/ready shows of the NATS connectors (docs/connectors.md). */
export interface ConnectorsReadiness {
  publisher?: {
    state: string;
    lagEvents: number;
    eventsPublished: number;
    lastPublishedAt: string | null;
  };
  commandIntake?: { connected: boolean; served: number; refused: number; errors: number };
}

/** Readiness turns false above these (0: that limit is off). */
export interface LagLimits {
  readonly maxLagSeconds: number;
  readonly maxLagEvents: number;
}

export function projectionReadiness(report: ProjectionReport): ProjectionReadiness {
  const { status, lag } = report;
  return {
    name: status.name,
    version: status.version,
    state: status.state,
    active: report.active,
    lagEvents: lag.events,
    lagEventsCapped: lag.eventsCapped,
    lagSeconds: Math.round(lag.seconds * 1000) / 1000,
    error: status.error,
  };
}

/** Why the read models make this process not ready; empty when they do not. */
export function projectionProblems(
  projections: readonly ProjectionReadiness[],
  limits: LagLimits,
): string[] {
  const problems: string[] = [];
  for (const p of projections) {
    const label = `${p.name} v${p.version}`;
    if (p.state === "failed") problems.push(`${label} stopped: ${p.error ?? "?"}`);
    if (!p.active) problems.push(`${label} is being rebuilt; readers wait for it`);
    if (limits.maxLagSeconds > 0 && p.lagSeconds > limits.maxLagSeconds) {
      problems.push(`${label} is ${p.lagSeconds} s behind (limit ${limits.maxLagSeconds} s)`);
    }
    if (limits.maxLagEvents > 0 && p.lagEvents > limits.maxLagEvents) {
      problems.push(`${label} is ${p.lagEvents} events behind (limit ${limits.maxLagEvents})`);
    }
  }
  return problems;
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

/** What a process's readiness probe runs and reports (readinessProbe). */
export interface ReadinessSources {
  /** The database answers. */
  readonly database: () => Promise<void>;
  /** Each read model's state and lag; too far behind or stopped fails the probe. */
  readonly projections: () => Promise<ProjectionReadiness[]>;
  readonly limits: LagLimits;
  /** Further checks of this process (e.g. its writers). */
  readonly checks?: Readonly<Record<string, () => Promise<void>>>;
  /** What the NATS connectors report: shown, never failing the probe. */
  readonly connectors?: () => ConnectorsReadiness | undefined;
  /** What cluster mode reports: shown, never failing the probe. */
  readonly cluster?: () => ClusterReport | undefined;
}

/** The readiness probe of a process: its checks run in parallel, then the report. */
export function readinessProbe(sources: ReadinessSources): () => Promise<ReadinessReport> {
  return async () => {
    let read: ProjectionReadiness[] = [];
    const report = await runReadinessChecks({
      database: sources.database,
      ...sources.checks,
      projections: async () => {
        read = await sources.projections();
        const problems = projectionProblems(read, sources.limits);
        if (problems.length > 0) throw new Error(problems.join("; "));
      },
    });
    const connectors = sources.connectors?.();
    const cluster = sources.cluster?.();
    return {
      ...report,
      projections: read,
      ...(connectors === undefined ? {} : { connectors }),
      ...(cluster === undefined ? {} : { cluster }),
    };
  };
}

/** What a failed check or a read model's error says to a caller without an admin or auditor key. */
export const REDACTED_DETAIL = "failed: details in the server log, or send an admin or auditor key";

/**
 * The report without the failures' own text (a database error names hosts, ports, users and
 * tables): public callers learn which check failed, operators with a key learn why.
 */
export function redacted(report: ReadinessReport): ReadinessReport {
  const checks: ReadinessReport["checks"] = {};
  for (const [name, check] of Object.entries(report.checks)) {
    checks[name] = check.ok ? { ok: true } : { ok: false, detail: REDACTED_DETAIL };
  }
  return {
    ready: report.ready,
    checks,
    ...(report.connectors === undefined ? {} : { connectors: report.connectors }),
    ...(report.cluster === undefined ? {} : { cluster: report.cluster }),
    ...(report.projections === undefined
      ? {}
      : {
          projections: report.projections.map((projection) => ({
            ...projection,
            error: projection.error === null ? null : REDACTED_DETAIL,
          })),
        }),
  };
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
const projectionSchema = z.object({
  name: z.string(),
  version: z.int(),
  state: z.string().describe("starting, standby, running, caught_up, retrying, failed or stopped"),
  active: z.boolean().describe("False while this version is built to replace the readers' one"),
  lagEvents: z.int().describe("Events stored after its checkpoint (counted up to 100,000)"),
  lagEventsCapped: z.boolean().describe("True when lagEvents is only a lower bound"),
  lagSeconds: z.number().describe("How long the oldest event not applied yet has waited"),
  error: z.string().nullable().describe("Why it retries or why it stopped"),
});
const connectorsSchema = z
  .object({
    publisher: z
      .object({
        state: z.string().describe("starting, running, standby, stalled or stopped"),
        lagEvents: z.int().describe("Ledger events stored and not yet published"),
        eventsPublished: z.int(),
        lastPublishedAt: z.string().nullable(),
      })
      .optional(),
    commandIntake: z
      .object({
        connected: z.boolean(),
        served: z.int(),
        refused: z.int(),
        errors: z.int(),
      })
      .optional(),
  })
  .describe("The NATS connectors (NATS_URL): reported, never a reason to be unready");
const clusterSchema = z
  .object({
    leases: z.enum(["postgres", "nats"]).describe("Where the ledger leases live"),
    ledgersOwned: z.int().describe("Ledgers whose lease this process holds now"),
    leasesLost: z
      .record(z.string(), z.int())
      .describe("Leases lost without being released, by reason"),
    forwarded: z
      .record(z.string(), z.int())
      .describe("Requests forwarded to a ledger's owner, by outcome (answered, no_owner, code)"),
    served: z.int().describe("Requests other processes forwarded here, answered"),
  })
  .describe("Cluster mode (FOLIO_CLUSTER=on): reported, never a reason to be unready");
const readinessSchema = z
  .object({
    ready: z.boolean().describe("True when every check passed"),
    checks: z.record(z.string(), checkSchema),
    projections: z.array(projectionSchema).optional().describe("Each read model and its lag"),
    connectors: connectorsSchema.optional(),
    cluster: clusterSchema.optional(),
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
      // Never shed under load: a busy process is alive, and a liveness failure restarts it.
      config: { pressureHandler: () => undefined },
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
          "Runs the readiness checks (database reachable, writers loaded, read models running " +
          "and within FOLIO_READY_MAX_LAG_SECONDS / FOLIO_READY_MAX_LAG_EVENTS): 200 when all " +
          "pass, 503 with the same report when any fails. Lists each read model's lag. Why a " +
          "check failed is shown only to an admin or auditor key (the server log has it too).",
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
      if (!report.ready) request.log.warn({ report }, "not ready");
      const trusted = request.principal?.roles.some(
        (role) => role === "admin" || role === "auditor",
      );
      return reply
        .code(report.ready ? 200 : 503)
        .send(trusted === true ? report : redacted(report));
    },
  );
  return Promise.resolve();
};
