// The OpenAPI document the typed client is generated from: a whole Folio started on a test
// database (the same routes and schemas as production) answers GET /openapi.json. Used by
// client/generate.ts and by the spec that proves client/schema.ts is up to date.
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import prettier from "prettier";
import { startTestFolio } from "../api/testing/testFolio.js";

const HEADER = `// Generated from Folio's OpenAPI document by \`npm run client:generate\` (openapi-typescript).
// Do not edit: client/schema.spec.ts fails when this file and the API disagree.
`;

/** The API's OpenAPI document, from a Folio started for the purpose and closed after. */
export async function fetchOpenApiDocument(): Promise<Record<string, unknown>> {
  const folio = await startTestFolio({ FOLIO_PROJECTIONS: "off" });
  try {
    const response = await folio.request("GET", "/openapi.json", undefined, null);
    if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
    return response.body as Record<string, unknown>;
  } finally {
    await folio.close();
  }
}

/** client/schema.ts's text for a document: openapi-typescript's types, formatted by prettier. */
export async function schemaSource(document: Record<string, unknown>): Promise<string> {
  // The document's own "servers" entry names this run's port: leave it out of the types.
  const { servers: _servers, ...stable } = document;
  const ast = await openapiTS(stable as unknown as OpenAPI3, {
    exportType: false,
    alphabetize: true,
  });
  const options = (await prettier.resolveConfig(new URL("./schema.ts", import.meta.url))) ?? {};
  return prettier.format(HEADER + astToString(ast), { ...options, parser: "typescript" });
}
