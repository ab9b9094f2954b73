// The NATS connectors of a Folio process, started when NATS_URL is set (docs/connectors.md):
// the event publisher (ledger events out to JetStream) wherever the projections run (the API
// with FOLIO_PROJECTIONS=in-process, or the projector process), and the command intake
// (request/reply commands in, answered through the API's own routes with app.inject) in the
// API process. NATS being down at start is waited out: the intake retries its first connection
// with backoff in the background and the publisher stalls until NATS answers; neither delays
// the start nor posting.
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance } from "fastify";
import type pg from "pg";
import type { Logger } from "pino";
import {
  startCommandIntake,
  startEventPublisher,
  type CommandIntake,
  type DispatchResponse,
  type EventPublisher,
} from "../connectors/index.js";
import { backoffDelayMs } from "../event-store/index.js";
import type { EventStore } from "../ledger-core/index.js";
import type { ShutdownStack } from "./bootstrap.js";
import type { Config } from "./config.js";
import type { ConnectorsReadiness } from "./routes/health.js";

/** Backoff of the intake's first connection: from 250 ms, at most 10 s apart. */
const INTAKE_FIRST_RETRY_MS = 250;
const INTAKE_MAX_BACKOFF_MS = 10_000;

/** The publisher of this process, or null without NATS_URL; stopped with the stack. */
export async function publisherIfConfigured(
  config: Config,
  parts: { pool: pg.Pool; store: EventStore; logger: Logger; stack: ShutdownStack },
): Promise<EventPublisher | null> {
  if (config.NATS_URL === undefined) return null;
  const publisher = await startEventPublisher({
    pool: parts.pool,
    store: parts.store,
    natsUrl: config.NATS_URL,
    logger: parts.logger,
    streamName: config.FOLIO_NATS_STREAM,
    maxAgeMs: config.FOLIO_NATS_MAX_AGE_SECONDS * 1000,
    maxBytes: config.FOLIO_NATS_MAX_BYTES,
    subjectPrefix: config.FOLIO_NATS_SUBJECT_PREFIX,
  });
  parts.stack.push(() => publisher.stop());
  return publisher;
}

/** The intake's status for /metrics, or null while it is not connected yet. */
export type IntakeHandle = () => CommandIntake | null;

/**
 * Starts the command intake in the background (retrying its first connection with backoff,
 * one log line per outage) and stops it with the stack, before the app closes; null without
 * NATS_URL.
 */
export function commandIntakeIfConfigured(
  config: Config,
  app: FastifyInstance,
  logger: Logger,
  stack: ShutdownStack,
): IntakeHandle | null {
  const natsUrl = config.NATS_URL;
  if (natsUrl === undefined) return null;
  let intake: CommandIntake | null = null;
  const lifecycle = { stopped: false };
  const isStopped = (): boolean => lifecycle.stopped;
  const connecting = (async () => {
    for (let attempt = 0; !isStopped(); attempt += 1) {
      try {
        intake = await startCommandIntake({
          natsUrl,
          logger,
          subjectPrefix: config.FOLIO_NATS_SUBJECT_PREFIX,
          maxBodyBytes: config.FOLIO_BODY_LIMIT_BYTES,
          dispatch: async (request) => inject(app, request),
        });
        if (isStopped()) await intake.stop(); // stopped while connecting
        return;
      } catch (error) {
        if (attempt === 0) {
          logger.warn(
            { err: error },
            "NATS unreachable: the command intake retries in the background",
          );
        }
        await sleep(backoffDelayMs(attempt, INTAKE_FIRST_RETRY_MS, INTAKE_MAX_BACKOFF_MS));
      }
    }
  })();
  stack.push(async () => {
    lifecycle.stopped = true;
    await intake?.stop();
    await connecting;
  });
  return () => intake;
}

/** One request through the API's routes, in process: the route's status, headers and body. */
async function inject(
  app: FastifyInstance,
  request: { method: "POST"; url: string; headers: Record<string, string>; body: string },
): Promise<DispatchResponse> {
  const response = await app.inject({
    method: request.method,
    url: request.url,
    headers: { ...request.headers, "content-type": "application/json" },
    payload: request.body,
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined)
      headers[name] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return { status: response.statusCode, body: response.body, headers };
}

/** What /health/ready shows of this process's connectors. */
export function connectorsReadiness(
  publisher: EventPublisher | null,
  intake: IntakeHandle | null,
): ConnectorsReadiness | undefined {
  if (publisher === null && intake === null) return undefined;
  const report: ConnectorsReadiness = {};
  if (publisher !== null) {
    const status = publisher.status();
    report.publisher = {
      state: status.state,
      lagEvents: status.lagEvents,
      eventsPublished: status.eventsPublished,
      lastPublishedAt: status.lastPublishedAt?.toISOString() ?? null,
    };
  }
  const running = intake?.() ?? null;
  if (intake !== null) {
    const status = running?.status();
    report.commandIntake = {
      connected: status?.connected ?? false,
      served: status?.served ?? 0,
      refused: status?.refused ?? 0,
      errors: status?.errors ?? 0,
    };
  }
  return report;
}
