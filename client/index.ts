// @folio/client: typed calls to Folio's HTTP API for TypeScript users. The types (schema.ts)
// are generated from the API's OpenAPI document; the calls are openapi-fetch's, with the API
// key sent as a bearer token on every request. The web console (console/) uses this client.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "./schema.js";

export type { paths } from "./schema.js";

/** The body of every error answer: RFC 9457 problem+json with a stable machine `code`. */
export interface FolioProblem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly instance?: string;
  readonly details?: Record<string, string | number>;
  readonly errors?: { path: string; message: string }[];
}

export interface FolioClientOptions {
  /** Where the API answers, e.g. "http://127.0.0.1:3000" (no trailing /v1). */
  readonly baseUrl: string;
  /** An API key (`folio_…`), sent as `Authorization: Bearer <key>`. */
  readonly apiKey: string;
  /** A fetch of your own (tests, retries, proxies); the global fetch by default. */
  readonly fetch?: typeof globalThis.fetch;
}

export type FolioClient = Client<paths>;

/** A client whose every method (`GET`, `POST`, ...) is typed by route, parameters and answer. */
export function createFolioClient(options: FolioClientOptions): FolioClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const bearer: Middleware = {
    onRequest({ request }) {
      request.headers.set("authorization", `Bearer ${options.apiKey}`);
      return request;
    },
  };
  client.use(bearer);
  return client;
}

/** Whether an error answer's body is a Folio problem (it always is; proxies may differ). */
export function isFolioProblem(body: unknown): body is FolioProblem {
  if (typeof body !== "object" || body === null) return false;
  const candidate = body as Record<string, unknown>;
  return (
    typeof candidate.code === "string" &&
    typeof candidate.status === "number" &&
    typeof candidate.detail === "string"
  );
}
