// Prometheus metrics for the API and the ledger writers: one prom-client Registry per app (no
// global default registry), the metric definitions, and the fastify plugin that times every
// request by its route template and serves GET /metrics.
import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Decision } from "../../ledger-core/decision.js";
import type { ClusterReport } from "../cluster/clusterStatus.js";

export interface FolioMetrics {
  readonly registry: Registry;
  /** One append of a writer's batch (LedgerWriterOptions.onBatch). */
  observeBatch(
    ledgerId: string,
    batch: { commands: number; events: number; appendMs: number },
  ): void;
  /** Counts a decision's entries as accepted, duplicate, or rejected by code. */
  observeDecision(decision: Decision): void;
  /** Where the queue depth gauge reads from at scrape time (e.g. the sum of queuedCommands). */
  setQueueDepthSource(source: () => Promise<number> | number): void;
  /** Where the projection gauges read from at scrape time (the projection host's report). */
  setProjectionSource(source: () => Promise<readonly ProjectionGaugeSource[]>): void;
  /** Where the NATS publisher gauges read from at scrape time (its status; none: no gauge). */
  setPublisherSource(source: () => PublisherGaugeSource | null): void;
  /** Where the cluster mode metrics read from at scrape time (none: not in cluster mode). */
  setClusterSource(source: () => ClusterReport | null): void;
}

/** What the publisher gauges need of the NATS event publisher. */
export interface PublisherGaugeSource {
  readonly state: string;
  readonly lagEvents: number;
  readonly eventsPublished: number;
}

/** What the projection gauges need of a projection: its state and its lag. */
export interface ProjectionGaugeSource {
  readonly name: string;
  readonly version: number;
  readonly state: string;
  readonly lagEvents: number;
  readonly lagSeconds: number;
}

/** The label a request gets when no route matched (404s), so raw URLs never become labels. */
export const UNMATCHED_ROUTE = "unmatched";
/** The code label of outcomes that are not rejections. */
export const NO_CODE = "none";

const HTTP_DURATION = "folio_http_request_duration_seconds";

export function createMetrics(): FolioMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "folio_" });

  // Observed by metricsPlugin, which finds it in the registry by name.
  new Histogram({
    name: HTTP_DURATION,
    help: "HTTP request latency by method, route template and status code",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const entries = new Counter({
    name: "folio_entries_total",
    help: "Ledger command decisions by outcome (accepted, duplicate, rejected) and rejection code",
    labelNames: ["outcome", "code"] as const,
    registers: [registry],
  });
  const batchCommands = new Histogram({
    name: "folio_append_batch_commands",
    help: "Commands per append of a writer's batch",
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [registry],
  });
  const batchEvents = new Counter({
    name: "folio_appended_events_total",
    help: "Journal events appended by the writers",
    registers: [registry],
  });
  const appendLatency = new Histogram({
    name: "folio_append_duration_seconds",
    help: "Latency of one append of a writer's batch to the event store",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  let queueDepthSource: () => Promise<number> | number = () => 0;
  new Gauge({
    name: "folio_writer_queue_depth",
    help: "Commands queued in the open ledgers' writers, waiting for a batch",
    registers: [registry],
    async collect() {
      this.set(await queueDepthSource());
    },
  });

  let projectionSource: () => Promise<readonly ProjectionGaugeSource[]> = () => Promise.resolve([]);
  const projectionGauge = (
    name: string,
    help: string,
    value: (source: ProjectionGaugeSource) => number,
  ): void => {
    new Gauge({
      name,
      help,
      labelNames: ["projection", "version"],
      registers: [registry],
      async collect() {
        // Versions come and go (rebuilds): only the ones running now are reported.
        this.reset();
        // A scrape while the database is away reports no projection rather than failing.
        const sources = await projectionSource().catch(() => []);
        for (const source of sources) {
          this.set({ projection: source.name, version: String(source.version) }, value(source));
        }
      },
    });
  };
  projectionGauge(
    "folio_projection_lag_seconds",
    "How long the oldest event a projection has not applied yet has been stored (0 when none)",
    (source) => source.lagSeconds,
  );
  projectionGauge(
    "folio_projection_lag_events",
    "Ledger events stored after a projection's checkpoint (counted up to 100,000)",
    (source) => source.lagEvents,
  );
  projectionGauge(
    "folio_projection_failed",
    "1 when a projection stopped on a poison event (it needs attention), else 0",
    (source) => (source.state === "failed" ? 1 : 0),
  );

  let publisherSource: () => PublisherGaugeSource | null = () => null;
  const publisherGauge = (
    name: string,
    help: string,
    value: (source: PublisherGaugeSource) => number,
  ): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        const source = publisherSource();
        if (source !== null) this.set(value(source));
      },
    });
  };
  publisherGauge(
    "folio_publisher_lag_events",
    "Ledger events stored and not yet published to NATS JetStream (counted up to 100,000)",
    (source) => source.lagEvents,
  );
  publisherGauge(
    "folio_publisher_stalled",
    "1 while the NATS publisher waits out a NATS or database fault, else 0",
    (source) => (source.state === "stalled" ? 1 : 0),
  );
  publisherGauge(
    "folio_publisher_events_published",
    "Events the publisher has published and seen acknowledged, in all (from its checkpoint row)",
    (source) => source.eventsPublished,
  );

  const clusterSource = clusterMetrics(registry);

  function countDecision(decision: Decision): void {
    // An accepted or duplicate batch counts each of its parts; a rejected one counts once,
    // with its code, since its parts were never applied.
    if (decision.status !== "rejected" && decision.parts !== undefined) {
      for (const part of decision.parts) countDecision(part);
      return;
    }
    const code = decision.status === "rejected" ? decision.rejection.code : NO_CODE;
    entries.inc({ outcome: decision.status, code });
  }

  return {
    registry,
    // Not labelled by ledger: ledger ids are unbounded, and labels must stay bounded.
    observeBatch(_ledgerId, batch) {
      batchCommands.observe(batch.commands);
      batchEvents.inc(batch.events);
      appendLatency.observe(batch.appendMs / 1000);
    },
    observeDecision: countDecision,
    setQueueDepthSource(source) {
      queueDepthSource = source;
    },
    setProjectionSource(source) {
      projectionSource = source;
    },
    setPublisherSource(source) {
      publisherSource = source;
    },
    setClusterSource(source) {
      clusterSource.current = source;
    },
  };
}

/**
 * Cluster mode's metrics, read from its report at scrape time: the ledgers owned now (a gauge),
 * and the totals counted since the start (counters set to the report's totals at each scrape).
 */
function clusterMetrics(registry: Registry): { current: () => ClusterReport | null } {
  const source: { current: () => ClusterReport | null } = { current: () => null };
  new Gauge({
    name: "folio_cluster_ledgers_owned",
    help: "Ledgers whose lease this process holds now (cluster mode)",
    registers: [registry],
    collect() {
      this.reset();
      const report = source.current();
      if (report !== null) this.set(report.ledgersOwned);
    },
  });
  const totals = (
    name: string,
    help: string,
    label: string,
    counts: (report: ClusterReport) => Readonly<Record<string, number>>,
  ): void => {
    new Counter({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      collect() {
        this.reset();
        const report = source.current();
        if (report === null) return;
        for (const [value, count] of Object.entries(counts(report))) {
          this.inc({ [label]: value }, count);
        }
      },
    });
  };
  totals(
    "folio_cluster_forwards_total",
    "Requests forwarded to the ledger's owner, by outcome (answered, no_owner, or the error code)",
    "outcome",
    (report) => report.forwarded,
  );
  totals(
    "folio_cluster_leases_lost_total",
    "Ledger leases lost without being released, by reason",
    "reason",
    (report) => report.leasesLost,
  );
  new Counter({
    name: "folio_cluster_forwards_served_total",
    help: "Requests other processes forwarded here and this process answered",
    registers: [registry],
    collect() {
      this.reset();
      const report = source.current();
      if (report !== null) this.inc(report.served);
    },
  });
  return source;
}

export interface MetricsPluginOptions {
  readonly metrics: FolioMetrics;
}

const metricsPluginImpl: FastifyPluginAsync<MetricsPluginOptions> = (app, { metrics }) => {
  const httpDuration = metrics.registry.getSingleMetric(HTTP_DURATION);
  if (!(httpDuration instanceof Histogram)) {
    throw new TypeError(`the metrics registry has no ${HTTP_DURATION} histogram`);
  }
  app.addHook("onResponse", (request, reply, done) => {
    httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: reply.statusCode,
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
  return Promise.resolve();
};

/** Times every request of the app and serves GET /metrics (public, hidden from OpenAPI). */
export const metricsPlugin = fp(metricsPluginImpl, {
  name: "folio-metrics",
  fastify: "5.x",
});
