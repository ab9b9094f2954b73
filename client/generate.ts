// `npm run client:generate`: writes client/schema.ts, the TypeScript types of every route,
// request and answer of the API, from the OpenAPI document of the code in this checkout. It
// runs on TEST_DATABASE_URL when set, else on an embedded PostgreSQL started for the purpose
// (the test suite's own global setup).
import { writeFile } from "node:fs/promises";
import startTestServer from "../event-store/testing/vitestGlobalSetup.js";
import { fetchOpenApiDocument, schemaSource } from "./openapiSource.js";

const target = new URL("./schema.ts", import.meta.url);
const stopTestServer = await startTestServer();
try {
  const source = await schemaSource(await fetchOpenApiDocument());
  await writeFile(target, source);
  process.stdout.write(`wrote ${target.pathname} (${source.length} characters)\n`);
} finally {
  await stopTestServer();
}
