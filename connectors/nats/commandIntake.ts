// NATS command intake (docs/connectors.md, "Commands in"): request/reply on
// `<prefix>.cmd.<ledgerId>.<command>`, in a queue group so several Folio processes share the
// load. Each request becomes the POST of the existing HTTP route and goes through `dispatch`
// (Fastify's app.inject in the server), so schemas, auth, roles, rate limits, idempotency,
// dry runs and problems are exactly the HTTP ones. The reply is `{ status, headers, body }`:
// the HTTP answer as JSON. Every request gets exactly one reply, refusals included.
import { randomUUID } from "node:crypto";
import { connect, Events, Match, type Msg, type NatsConnection, type NatsError } from "nats";
import type { Logger } from "pino";
import {
  commandWildcard,
  isRefusal,
  parseSubject,
  routeCommand,
  type Refusal,
} from "./commandSubjects.js";

export interface DispatchRequest {
  readonly method: "POST";
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface DispatchResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** Sends one HTTP request in process (app.inject) and answers with its status and body. */
export type Dispatch = (request: DispatchRequest) => Promise<DispatchResponse>;

export interface CommandIntakeOptions {
  readonly natsUrl: string;
  readonly dispatch: Dispatch;
  readonly logger: Logger;
  /** The first subject token (default "folio"): subjects are `<prefix>.cmd.<ledgerId>.<command>`. */
  readonly subjectPrefix?: string;
  /** The queue group the intakes of every Folio process share (default "folio-cmd"). */
  readonly queueGroup?: string;
  /** Largest accepted payload, bytes (FOLIO_BODY_LIMIT_BYTES; default 4 MiB): larger is 413. */
  readonly maxBodyBytes?: number;
  /** Requests dispatched at once (default 256): beyond it a request is answered 503 overloaded. */
  readonly maxInFlight?: number;
  /** Wait between reconnect attempts, ms (default 1,000); attempts are unlimited. */
  readonly reconnectWaitMs?: number;
}

export interface CommandIntakeStatus {
  /** Whether the NATS connection is up (false while it reconnects and after stop). */
  readonly connected: boolean;
  /** Replies sent, refusals included. */
  readonly served: number;
  /** Requests the intake refused itself (bad subject, payload, size, key; overloaded). */
  readonly refused: number;
  /** Dispatches that threw, replies that could not be sent, subscription errors. */
  readonly errors: number;
  /** Messages without a reply subject: nobody to answer, so not dispatched. */
  readonly dropped: number;
  readonly inFlight: number;
}

export interface CommandIntake {
  /** The subscribed subject, e.g. `folio.cmd.>`. */
  readonly subject: string;
  status(): CommandIntakeStatus;
  /** Stops taking requests, answers those in flight, then closes the connection. */
  stop(): Promise<void>;
}

/** The reply of every request: the HTTP status, some of its headers, and its JSON body. */
export interface CommandReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_IN_FLIGHT = 256;

/** The HTTP answer's headers a reply carries (lower case). */
export const REPLY_HEADERS = ["idempotent-replay", "folio-dry-run", "retry-after", "x-request-id"];
/** The request headers passed on to the route, besides Authorization. */
const FORWARDED_HEADERS = ["folio-dry-run", "x-request-id"];

const TITLES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  413: "Content Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

interface Settings {
  readonly dispatch: Dispatch;
  readonly logger: Logger;
  readonly prefix: string;
  readonly maxBodyBytes: number;
  readonly maxInFlight: number;
}

interface Counters {
  connected: boolean;
  served: number;
  refused: number;
  errors: number;
  dropped: number;
}

/** A problem reply made by the intake, shaped exactly as the API's problem+json. */
export function problemReply(refusal: Refusal): CommandReply {
  const instance = randomUUID();
  const headers: Record<string, string> = { "x-request-id": instance };
  if (refusal.status === 503) headers["retry-after"] = "1";
  const body = {
    type: `urn:folio:problem:${refusal.code}`,
    title: TITLES[refusal.status] ?? "Error",
    status: refusal.status,
    code: refusal.code,
    detail: refusal.detail,
    instance,
    ...(refusal.errors === undefined ? {} : { errors: refusal.errors }),
  };
  return { status: refusal.status, headers, body };
}

function headerOf(msg: Msg, name: string): string {
  return msg.headers?.get(name, Match.IgnoreCase) ?? "";
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodePayload(data: Uint8Array): string | null {
  try {
    return utf8.decode(data);
  } catch {
    return null;
  }
}

/** The HTTP request a message asks for, or the refusal the intake answers with. */
export function requestOf(
  msg: Msg,
  prefix: string,
  maxBodyBytes: number,
): DispatchRequest | Refusal {
  if (msg.data.length > maxBodyBytes) {
    const detail = `the payload is over ${maxBodyBytes} bytes`;
    return { status: 413, code: "body_too_large", detail };
  }
  const authorization = headerOf(msg, "authorization");
  if (authorization === "") {
    const detail = "send an API key as the header Authorization: Bearer <key>";
    return { status: 401, code: "unauthorized", detail };
  }
  const subject = parseSubject(prefix, msg.subject);
  if (isRefusal(subject)) return subject;
  const payload = decodePayload(msg.data);
  if (payload === null) {
    return { status: 400, code: "invalid_request", detail: "the payload is not UTF-8 JSON" };
  }
  const routed = routeCommand(subject, payload);
  if (isRefusal(routed)) return routed;
  const headers: Record<string, string> = { authorization, "content-type": "application/json" };
  for (const name of FORWARDED_HEADERS) {
    const value = headerOf(msg, name);
    if (value !== "") headers[name] = value;
  }
  return { method: "POST", url: routed.url, headers, body: routed.body };
}

/** The reply for an HTTP answer: its status, the headers that matter, its body parsed. */
export function replyOf(response: DispatchResponse): CommandReply {
  const headers: Record<string, string> = {};
  for (const name of REPLY_HEADERS) {
    const value = Object.entries(response.headers).find(([key]) => key.toLowerCase() === name);
    if (value !== undefined) headers[name] = value[1];
  }
  let body: unknown = response.body === "" ? null : response.body;
  try {
    if (response.body !== "") body = JSON.parse(response.body);
  } catch {
    // not JSON: the text as it is
  }
  return { status: response.status, headers, body };
}

async function answer(msg: Msg, settings: Settings, counters: Counters): Promise<CommandReply> {
  const request = requestOf(msg, settings.prefix, settings.maxBodyBytes);
  if (isRefusal(request)) {
    counters.refused += 1;
    return problemReply(request);
  }
  try {
    return replyOf(await settings.dispatch(request));
  } catch (error) {
    counters.errors += 1;
    settings.logger.error({ err: error, subject: msg.subject }, "NATS command dispatch failed");
    const detail = "the command could not be dispatched; retry it (commands are idempotent by id)";
    return problemReply({ status: 503, code: "unavailable", detail });
  }
}

/** The encoded reply; one over the server's max_payload becomes a 413 that says so. */
function encodeReply(reply: CommandReply, maxPayload: number): Uint8Array {
  const encoded = new TextEncoder().encode(JSON.stringify(reply));
  if (encoded.length <= maxPayload) return encoded;
  const detail = `the reply (${encoded.length} bytes) is over the NATS max_payload; the command was decided with status ${reply.status}: send it again over HTTP to read the answer`;
  return new TextEncoder().encode(
    JSON.stringify(problemReply({ status: 413, code: "body_too_large", detail })),
  );
}

function respond(
  nc: NatsConnection,
  msg: Msg,
  reply: CommandReply,
  settings: Settings,
  counters: Counters,
): void {
  try {
    msg.respond(encodeReply(reply, nc.info?.max_payload ?? Number.MAX_SAFE_INTEGER));
    counters.served += 1;
  } catch (error) {
    counters.errors += 1;
    settings.logger.error({ err: error, subject: msg.subject }, "NATS command reply failed");
  }
}

/** Logs a disconnect once per outage and the reconnect that ends it. */
async function watchConnection(nc: NatsConnection, counters: Counters, logger: Logger) {
  for await (const status of nc.status()) {
    if (status.type === Events.Disconnect && counters.connected) {
      counters.connected = false;
      logger.warn({ server: status.data }, "NATS disconnected; reconnecting");
    } else if (status.type === Events.Reconnect && !counters.connected) {
      counters.connected = true;
      logger.info({ server: status.data }, "NATS reconnected");
    }
  }
}

function settingsOf(options: CommandIntakeOptions): Settings {
  return {
    dispatch: options.dispatch,
    logger: options.logger,
    prefix: options.subjectPrefix ?? "folio",
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxInFlight: options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
  };
}

/** Connects to NATS and answers command requests until stop(). */
export async function startCommandIntake(options: CommandIntakeOptions): Promise<CommandIntake> {
  const settings = settingsOf(options);
  const counters: Counters = { connected: true, served: 0, refused: 0, errors: 0, dropped: 0 };
  const inFlight = new Set<Promise<void>>();
  const nc = await connect({
    servers: options.natsUrl,
    name: "folio-command-intake",
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectWaitMs ?? 1_000,
  });
  // The status iterator is not ended by close(); it is left to the garbage collector.
  void watchConnection(nc, counters, settings.logger).catch((error: unknown) => {
    settings.logger.warn({ err: error }, "NATS status watch ended");
  });

  const onMessage = (error: NatsError | null, msg: Msg): void => {
    if (error !== null) {
      counters.errors += 1;
      settings.logger.error({ err: error }, "NATS command subscription error");
      return;
    }
    if (msg.reply === undefined || msg.reply === "") {
      counters.dropped += 1;
      settings.logger.debug({ subject: msg.subject }, "NATS command without a reply subject");
      return;
    }
    if (inFlight.size >= settings.maxInFlight) {
      counters.refused += 1;
      const detail = `more than ${settings.maxInFlight} commands in flight; retry shortly`;
      respond(
        nc,
        msg,
        problemReply({ status: 503, code: "overloaded", detail }),
        settings,
        counters,
      );
      return;
    }
    const work = answer(msg, settings, counters)
      .catch((error: unknown) => {
        counters.errors += 1;
        settings.logger.error({ err: error, subject: msg.subject }, "NATS command failed");
        const detail = "an internal error occurred; it has been logged";
        return problemReply({ status: 500, code: "internal_error", detail });
      })
      .then((reply) => {
        respond(nc, msg, reply, settings, counters);
      });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const subject = commandWildcard(settings.prefix);
  const queue = options.queueGroup ?? "folio-cmd";
  const subscription = nc.subscribe(subject, { queue, callback: onMessage });
  await nc.flush();
  settings.logger.info({ subject, queue }, "NATS command intake started");

  let stopping: Promise<void> | null = null;
  const stop = async (): Promise<void> => {
    await subscription.drain().catch(() => undefined);
    await Promise.allSettled([...inFlight]);
    await nc.drain().catch(() => undefined);
    counters.connected = false;
    settings.logger.info({ subject, served: counters.served }, "NATS command intake stopped");
  };
  return {
    subject,
    status: () => ({ ...counters, inFlight: inFlight.size }),
    stop: () => (stopping ??= stop()),
  };
}
