// Test databases: each test file creates its own uniquely named database and drops it when
// done. The server is TEST_DATABASE_URL (an admin URL) when set, else the one embedded
// PostgreSQL that the vitest global setup (vitestGlobalSetup.ts) starts for the whole run.
import { randomUUID } from "node:crypto";
import pg from "pg";

/** Environment variable through which the vitest global setup passes its server's admin URL. */
export const EMBEDDED_TEST_ADMIN_URL_ENV = "FOLIO_EMBEDDED_TEST_ADMIN_URL";

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** The admin URL tests create their databases with; throws (never skips) when there is none. */
export function testAdminUrl(): string {
  const url = process.env.TEST_DATABASE_URL ?? process.env[EMBEDDED_TEST_ADMIN_URL_ENV];
  if (url === undefined || url === "") {
    throw new Error(
      "no PostgreSQL for tests: set TEST_DATABASE_URL, or run through vitest so its global setup starts one",
    );
  }
  return url;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function asAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(prefix = "folio_test"): Promise<TestDatabase> {
  const adminUrl = testAdminUrl();
  const name = `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const quoted = pg.escapeIdentifier(name);
  await asAdmin(adminUrl, `CREATE DATABASE ${quoted}`);
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: () => asAdmin(adminUrl, `DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`),
  };
}
