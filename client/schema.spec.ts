// The published client stays true to the API: client/schema.ts equals what openapi-typescript
// generates from the running API's OpenAPI document now (regenerate with npm run
// client:generate), the client sends the key and reads typed answers over real HTTP, and its
// problem type is the API's.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { ProblemBody } from "../api/problems.js";
import { startTestFolio, type TestFolio } from "../api/testing/testFolio.js";
import { createFolioClient, isFolioProblem, type FolioProblem } from "./index.js";
import { fetchOpenApiDocument, schemaSource } from "./openapiSource.js";

let folio: TestFolio;

beforeAll(async () => {
  folio = await startTestFolio();
});

afterAll(async () => {
  await folio.close();
});

describe("the typed client", () => {
  it("is generated from the API as it is now", async () => {
    const committed = await readFile(new URL("./schema.ts", import.meta.url), "utf8");
    const fresh = await schemaSource(await fetchOpenApiDocument());
    // On failure: run `npm run client:generate` and commit client/schema.ts.
    expect(committed === fresh).toBe(true);
  });

  it("sends the key, and gives typed answers and problems", async () => {
    const client = createFolioClient({ baseUrl: folio.url, apiKey: folio.adminKey });
    const created = await client.POST("/v1/ledgers", {
      body: {
        id: "client-spec",
        name: "Client spec",
        reportingCurrency: "EUR",
        assets: [{ code: "EUR", scale: 2 }],
      },
    });
    expect(created.response.status).toBe(201);
    const read = await client.GET("/v1/ledgers/{ledgerId}", {
      params: { path: { ledgerId: "client-spec" } },
    });
    expect(read.data?.id).toBe("client-spec");
    expect(read.data?.sequence).toBe(0);

    const missing = await client.GET("/v1/ledgers/{ledgerId}", {
      params: { path: { ledgerId: "nowhere" } },
    });
    expect(missing.response.status).toBe(404);
    expect(isFolioProblem(missing.error)).toBe(true);
    expect((missing.error as FolioProblem).code).toBe("ledger_not_found");

    const stranger = createFolioClient({
      baseUrl: folio.url,
      apiKey: "folio_no_such_key_0000000000000000",
    });
    const refused = await stranger.GET("/v1/keys/current");
    expect(refused.response.status).toBe(401);
    const me = await client.GET("/v1/keys/current");
    expect(me.data?.roles).toEqual(["admin"]);
  });

  it("describes problems exactly as the API sends them", () => {
    expectTypeOf<FolioProblem>().toEqualTypeOf<ProblemBody>();
    expect(isFolioProblem({ code: "x", status: 400, detail: "d" })).toBe(true);
    expect(isFolioProblem({ status: 400, detail: "d" })).toBe(false);
    expect(isFolioProblem("Bad Gateway")).toBe(false);
  });
});
