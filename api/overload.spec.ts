// Overload and size limits over real HTTP: the per-key rate limit (429 with Retry-After, other
// keys unaffected), load shedding while the event loop lags (503 overloaded; the liveness probe
// still answers), the request timeout (503 request_timeout, not a hung request), ids of the
// full 128 characters usable in every URL, security headers, and a database that is busy or
// away answering 503 unavailable rather than 500.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ID_LENGTH } from "../schemas/index.js";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "overload";
const RATE_LIMIT = 30;

let folio: TestFolio;

async function must(method: string, path: string, body?: unknown, key?: string) {
  const reply = await folio.request(method, path, body, key);
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status}`);
  return reply.body as Record<string, unknown>;
}

beforeAll(async () => {
  folio = await startTestFolio({
    FOLIO_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT * 100),
    FOLIO_REQUEST_TIMEOUT_MS: "1000",
  });
  await must("POST", "/v1/ledgers", {
    id: LEDGER,
    name: "Overload",
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  });
}, 60_000);

afterAll(async () => {
  await folio.close();
});

describe("sizes", () => {
  it("serves an account whose id has the full 128 characters, percent-encoded or not", async () => {
    const id = `acct:${"x".repeat(MAX_ID_LENGTH - 6)}@`;
    expect(id).toHaveLength(MAX_ID_LENGTH);
    await must("POST", `/v1/ledgers/${LEDGER}/accounts`, { id, currency: "USD", type: "asset" });
    const plain = await folio.request("GET", `/v1/ledgers/${LEDGER}/accounts/${id}`);
    expect(plain.status).toBe(200);
    // The id is ASCII: one %XX per character.
    const encoded = Array.from(
      { length: id.length },
      (_, index) => `%${id.charCodeAt(index).toString(16)}`,
    ).join("");
    const everyCharEncoded = await folio.request(
      "GET",
      `/v1/ledgers/${LEDGER}/accounts/${encoded}`,
    );
    expect(everyCharEncoded.status).toBe(200);
    expect((everyCharEncoded.body as { id: string }).id).toBe(id);
  });

  it("answers a cursor beyond the database's integers with 400, not 500", async () => {
    for (const after of ["1.2147483648", "9007199254740992.1", "1.0", "-1.1", "1e3.1"]) {
      const reply = await folio.request(
        "GET",
        `/v1/ledgers/${LEDGER}/accounts/cash/entries?after=${after}`,
      );
      expect(reply.status, after).toBe(400);
      expect((reply.body as { code: string }).code).toBe("invalid_request");
    }
  });
});

describe("overload", () => {
  it("sets security headers on answers, /docs included", async () => {
    for (const path of ["/docs/", `/v1/ledgers/${LEDGER}`]) {
      const response = await fetch(`${folio.url}${path}`, {
        headers: { authorization: `Bearer ${folio.adminKey}` },
      });
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("content-security-policy") ?? "", path).toMatch(
        /default-src 'self'/,
      );
      // Plain HTTP (localhost, behind a TLS proxy) must keep working: no forced upgrade.
      expect(response.headers.get("content-security-policy") ?? "", path).not.toMatch(
        /upgrade-insecure-requests/,
      );
      await response.arrayBuffer();
    }
  });

  it("answers 503 request_timeout when an answer takes longer than the request timeout", async () => {
    const admin = new pg.Client({ connectionString: folio.database.url });
    await admin.connect();
    try {
      await admin.query(
        "UPDATE projection_checkpoints SET status = 'failed', error = 'stopped by the test' WHERE name = 'audit'",
      );
      const entry = await must("POST", `/v1/ledgers/${LEDGER}/accounts`, {
        id: "later",
        currency: "USD",
        type: "asset",
      });
      const sequence = entry.sequence as number;
      // minSequence waits up to 5 s for the stopped model; the 1 s request timeout cuts in.
      const reply = await folio.request(
        "GET",
        `/v1/ledgers/${LEDGER}/audit?fromSequence=0&minSequence=${sequence}`,
      );
      expect({ status: reply.status, body: reply.body }).toMatchObject({
        status: 503,
        body: { code: "request_timeout" },
      });
    } finally {
      await admin.query(
        "UPDATE projection_checkpoints SET status = 'running', error = NULL WHERE name = 'audit'",
      );
      await admin.end();
    }
  });

  it(
    "sheds requests while the event loop lags, but never the liveness probe",
    { timeout: 30_000 },
    async () => {
      // A Folio of its own with a low threshold, so that other tests never meet shedding.
      const shedding = await startTestFolio({ FOLIO_MAX_EVENT_LOOP_DELAY_MS: "100" });
      try {
        // This process hosts that Folio: keep its event loop lagging well past the limit (busy
        // 400 ms between requests) until a request is shed, for at most 6 s; then the server
        // recovers by itself.
        const answers: { status: number; code: string | undefined; retryAfter: string | null }[] =
          [];
        const giveUp = Date.now() + 6_000;
        while (Date.now() < giveUp && !answers.some((answer) => answer.status === 503)) {
          const busyUntil = Date.now() + 400;
          while (Date.now() < busyUntil) {
            // busy: nothing else runs meanwhile
          }
          const reply = await shedding.request("GET", "/v1/keys");
          answers.push({
            status: reply.status,
            code: (reply.body as { code?: string }).code,
            retryAfter: reply.headers.get("retry-after"),
          });
          const live = await shedding.request("GET", "/health/live", undefined, null);
          expect(live.status).toBe(200);
        }
        expect(answers).toContainEqual({ status: 503, code: "overloaded", retryAfter: "1" });
        let status = 503;
        for (let wait = 0; wait < 50 && status === 503; wait += 1) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          status = (await shedding.request("GET", "/v1/keys")).status;
        }
        expect(status).toBe(200);
      } finally {
        await shedding.close();
      }
    },
  );

  it("limits each key's requests per minute with 429 and Retry-After; other keys go on", async () => {
    const limited = (
      await must("POST", "/v1/keys", { name: "busy", roles: ["auditor"], ledgers: [LEDGER] })
    ).key as string;
    const other = (
      await must("POST", "/v1/keys", { name: "calm", roles: ["auditor"], ledgers: [LEDGER] })
    ).key as string;
    const limit = RATE_LIMIT * 100;
    let refused: Awaited<ReturnType<TestFolio["request"]>> | undefined;
    for (let sent = 0; sent <= limit && refused === undefined; sent += 50) {
      const replies = await Promise.all(
        Array.from({ length: 50 }, () =>
          folio.request("GET", `/v1/ledgers/${LEDGER}`, undefined, limited),
        ),
      );
      refused = replies.find((reply) => reply.status === 429);
    }
    expect(refused?.status).toBe(429);
    expect((refused?.body as { code: string }).code).toBe("rate_limited");
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await folio.request("GET", `/v1/ledgers/${LEDGER}`, undefined, other)).status).toBe(
      200,
    );
  }, 60_000);
});
