// `npm run projector`: the read models' projections (READ_MODELS) as a process of their own,
// for deployments whose API runs with FOLIO_PROJECTIONS=off, and, when NATS_URL is set, the
// NATS event publisher (natsConnectors.ts). It reads the same configuration
// as the API, opens the same database and event store (bootstrap.ts), applies migrations and
// runs a projection host; no API routes, no ledger writers. A small HTTP server on HOST and
// FOLIO_PROJECTOR_PORT (0: a free port) serves GET /health/live, GET /health/ready (database
// answers, every read model runs within FOLIO_READY_MAX_LAG_*) and GET /metrics; the JSON log
// line "Folio projector is serving" names its url and port. SIGINT or SIGTERM stop it
// gracefully: the health server closes, the runners finish their batch, the pools close.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pino, type Logger } from "pino";
import { startProjections } from "../projections/index.js";
import { closeOnSignals, openFoundation, ShutdownStack } from "./bootstrap.js";
import { readConfig, type Config } from "./config.js";
import { loggerOptions } from "./logger.js";
import { connectorsReadiness, publisherIfConfigured } from "./natsConnectors.js";
import { createMetrics, type FolioMetrics } from "./plugins/metrics.js";
import {
  projectionReadiness,
  readinessProbe,
  redacted,
  type ProjectionReadiness,
  type ReadinessReport,
} from "./routes/health.js";

interface RunningProjector {
  /** Where the health server listens, e.g. http://127.0.0.1:3001 */
  readonly url: string;
  readonly logger: Logger;
  close(): Promise<void>;
}

async function startProjector(config: Config): Promise<RunningProjector> {
  const logger = pino(loggerOptions(config.LOG_LEVEL));
  const stack = new ShutdownStack(logger);
  try {
    const { pool, store, projections } = await openFoundation(config, {
      logger,
      stack,
      applicationName: "folio-projector",
      owner: "the Folio projector",
      // Embedded mode: share the cluster of an `npm start` running on the same data directory.
      reuseRunning: true,
    });
    const host = await startProjections({ pool, store, logger, projections });
    stack.push(() => host.stop());
    const projectionsNow = async (): Promise<ProjectionReadiness[]> =>
      (await host.report()).map(projectionReadiness);
    const publisher = await publisherIfConfigured(config, { pool, store, logger, stack });
    const metrics = createMetrics();
    metrics.setProjectionSource(projectionsNow);
    metrics.setPublisherSource(() => publisher?.status() ?? null);
    const lagLimits = {
      maxLagSeconds: config.FOLIO_READY_MAX_LAG_SECONDS,
      maxLagEvents: config.FOLIO_READY_MAX_LAG_EVENTS,
    };
    const readiness = readinessProbe({
      database: async () => {
        await pool.query("SELECT 1");
      },
      projections: projectionsNow,
      limits: lagLimits,
      connectors: () => connectorsReadiness(publisher, null),
    });
    const server = createServer((request, response) => {
      handle(request, response, { readiness, metrics, logger }).catch((error: unknown) => {
        logger.error({ err: error }, "health request failed");
        if (!response.headersSent) send(response, 500, { status: "error" });
        else response.end();
      });
    });
    await listen(server, config.FOLIO_PROJECTOR_PORT, config.HOST);
    stack.push(() => closeServer(server));
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST}:${port}`;
    logger.info({ url, port, projections: [...projections.keys()] }, "Folio projector is serving");
    return { url, logger, close: () => stack.closeAll() };
  } catch (error) {
    await stack.closeAll();
    throw error;
  }
}

interface Handlers {
  readonly readiness: () => Promise<ReadinessReport>;
  readonly metrics: FolioMetrics;
  readonly logger: Logger;
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  { readiness, metrics, logger }: Handlers,
): Promise<void> {
  const path = new URL(request.url ?? "/", "http://projector").pathname;
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("allow", "GET, HEAD");
    send(response, 405, { status: "method_not_allowed" });
    return;
  }
  switch (path) {
    case "/health/live":
      send(response, 200, { status: "ok" });
      return;
    case "/health/ready": {
      let report: ReadinessReport;
      try {
        report = await readiness();
      } catch (error) {
        report = {
          ready: false,
          checks: { readiness: { ok: false, detail: String(error) } },
        };
      }
      if (!report.ready) logger.warn({ report }, "not ready");
      // No keys here: callers see which check failed, the log says why.
      send(response, report.ready ? 200 : 503, redacted(report));
      return;
    }
    case "/metrics": {
      const body = await metrics.registry.metrics();
      response.writeHead(200, { "content-type": metrics.registry.contentType });
      response.end(body);
      return;
    }
    default:
      send(response, 404, { status: "not_found" });
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error === undefined) resolve();
      else reject(error);
    });
    server.closeIdleConnections();
  });
}

async function main(): Promise<void> {
  const projector = await startProjector(readConfig());
  closeOnSignals(projector, "stopping the projector");
}

main().catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `Folio projector could not start${typeof code === "string" ? ` (${code})` : ""}: ${message}\n`,
  );
  process.exit(1);
});
