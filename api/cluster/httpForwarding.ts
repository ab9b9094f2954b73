// Whole HTTP requests for a ledger, between the API processes of a cluster (FOLIO_CLUSTER=on,
// docs/operations.md "Running several Folio processes"): what a process that does not own a
// ledger sends on (the method, path and query, the few headers the routes read, the JSON body
// as parsed), and how the owner replays it through its own routes with app.inject, marked as
// forwarded so that it is answered there and never forwarded again. The owner's answer comes
// back whole: status, headers (less the hop-by-hop ones), body.
import type { FastifyInstance, FastifyRequest, InjectOptions } from "fastify";
import { WriterError, type HttpAnswer, type HttpRequestMessage } from "../../ledger-core/index.js";
import { REQUEST_ID_HEADER } from "../logger.js";
import { DRY_RUN_HEADER } from "../routes/dryRun.js";

/** Marks a request replayed by the owner: answered where it lands, never forwarded again. */
export const FORWARDED_HEADER = "folio-forwarded";

/** The request headers sent on: the key, the body's type, what is accepted, the flags routes read. */
export const FORWARDED_REQUEST_HEADERS: readonly string[] = [
  "authorization",
  "content-type",
  "accept",
  "accept-language",
  "idempotency-key",
  DRY_RUN_HEADER,
];

/** Answer headers not relayed: the connection's own, and those the relaying server sets itself. */
export const UNRELAYED_ANSWER_HEADERS: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "date",
  "upgrade",
  "te",
  "trailer",
  "proxy-authenticate",
  "proxy-authorization",
]);

/** The message forwarding `request` (its body re-serialized from the parsed JSON). */
export function httpMessageOf(request: FastifyRequest): HttpRequestMessage {
  const headers: Record<string, string> = { [REQUEST_ID_HEADER]: request.id };
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  return {
    kind: "http",
    method: request.method,
    url: request.url,
    headers,
    body: request.body === undefined ? null : JSON.stringify(request.body),
  };
}

/** Headers of an answer as one string each (lower case), less UNRELAYED_ANSWER_HEADERS. */
export function relayedHeaders(
  headers: Readonly<Record<string, string | number | readonly string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || UNRELAYED_ANSWER_HEADERS.has(lower)) continue;
    out[lower] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}

/**
 * Replays forwarded requests through this process's routes. The registry is built before the
 * app, so the app is attached once built; before that and once the app is closing, a
 * forwarded request is refused `not_owner` (the sender asks again, or takes the lease).
 */
export class ForwardedHttpReplayer {
  private app: FastifyInstance | null = null;
  private stopped = false;

  attach(app: FastifyInstance): void {
    this.app = app;
  }

  /** No more replays (call before the app closes). */
  stop(): void {
    this.stopped = true;
  }

  async serve(ledgerId: string, message: HttpRequestMessage): Promise<HttpAnswer> {
    const app = this.app;
    if (app === null || this.stopped) {
      throw new WriterError("not_owner", `this process is not serving ledger ${ledgerId} now`);
    }
    const response = await app.inject({
      method: message.method as NonNullable<InjectOptions["method"]>,
      url: message.url,
      headers: { ...message.headers, [FORWARDED_HEADER]: "1" },
      ...(message.body === null ? {} : { payload: message.body }),
    });
    return {
      status: response.statusCode,
      headers: relayedHeaders(response.headers),
      body: response.body,
    };
  }
}
