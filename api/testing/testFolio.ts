// A whole Folio for tests: its own fresh database (createTestDatabase), the real startFolio
// on port 0, and a known admin key. Requests go over real HTTP with fetch.
import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "../../event-store/index.js";
import { readConfig } from "../config.js";
import { startFolio, type RunningFolio } from "../main.js";

/** A reply over real HTTP: status, headers, and the body parsed as JSON (else its text). */
export interface JsonReply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * fetch `method` `path` on `url` with `key` as bearer (null: none), a JSON (or text) body and
 * `extra` headers; the body of the answer parsed as JSON, or kept as text (e.g. /metrics).
 */
export async function requestJson(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  key: string | null = null,
  extra: Readonly<Record<string, string>> = {},
): Promise<JsonReply> {
  const headers: Record<string, string> = { ...extra };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    // not JSON (e.g. /metrics): keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export interface TestFolio {
  readonly url: string;
  readonly adminKey: string;
  readonly database: TestDatabase;
  readonly folio: RunningFolio;
  /** fetch with the admin key (or `key`) and JSON; resolves to status, headers and body. */
  request(method: string, path: string, body?: unknown, key?: string | null): Promise<JsonReply>;
  close(): Promise<void>;
}

export async function startTestFolio(env: Record<string, string> = {}): Promise<TestFolio> {
  const database = await createTestDatabase("folio_api");
  const adminKey = `folio_test_${randomBytes(24).toString("base64url")}`;
  let folio: RunningFolio;
  try {
    folio = await startFolio(
      readConfig({
        PORT: "0",
        LOG_LEVEL: "silent",
        DATABASE_URL: database.url,
        FOLIO_ADMIN_KEY: adminKey,
        // The console is built once by its own tests, not by every test's Folio at once.
        FOLIO_CONSOLE: "off",
        ...env,
      }),
    );
  } catch (error) {
    await database.drop();
    throw error;
  }
  const url = folio.url;
  return {
    url,
    adminKey,
    database,
    folio,
    request: (method, path, body, key = adminKey) => requestJson(url, method, path, body, key),
    async close() {
      await folio.close();
      await database.drop();
    },
  };
}
