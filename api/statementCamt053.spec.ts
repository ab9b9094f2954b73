// An account statement as ISO 20022 camt.053 (GET .../statement?format=camt053) over real
// HTTP: the document validates against the bundled official camt.053.001.08 XSD, and read back
// it states the JSON statement's posted movements (holds and releases are not booked) and its
// opening and closing balances, signed for the account holder.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledValidator, parseCamt053 } from "../connectors/iso20022/index.js";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

let folio: TestFolio;
const L = "/v1/ledgers/iso";
const DAY = 86_400_000;
const base = Math.floor(Date.now() / DAY) * DAY - 5 * DAY;
const day = (n: number): string => new Date(base + n * DAY).toISOString();

async function ok(method: string, path: string, body?: unknown): Promise<unknown> {
  const reply = await folio.request(method, path, body);
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

const move = (id: string, debit: string, credit: string, amount: string, effectiveAt: string) => ({
  id,
  effectiveAt,
  description: `movement ${id}`,
  postings: [
    { accountId: debit, side: "debit", amount },
    { accountId: credit, side: "credit", amount },
  ],
});

beforeAll(async () => {
  folio = await startTestFolio();
  await ok("POST", "/v1/ledgers", {
    id: "iso",
    name: "ISO",
    reportingCurrency: "EUR",
    assets: [{ code: "EUR", scale: 2 }],
  });
  await ok("POST", `${L}/accounts`, { id: "vault", currency: "EUR", type: "asset" });
  await ok("POST", `${L}/accounts`, {
    id: "client",
    currency: "EUR",
    type: "liability",
    metadata: { iban: "DE44500105175407324931" },
  });
  await ok("POST", `${L}/entries`, move("d1", "vault", "client", "100.00", day(0)));
  await ok("POST", `${L}/entries`, move("d2", "vault", "client", "50.25", day(1)));
  await ok("POST", `${L}/entries`, move("w1", "client", "vault", "30.00", day(2)));
  await ok("POST", `${L}/pending`, {
    ...move("h1", "client", "vault", "10.00", day(2)),
    timeoutSeconds: 3600,
  });
  await ok("POST", `${L}/entries/d2/reverse`, { id: "r1", effectiveAt: day(3) });
}, 120_000);

afterAll(async () => {
  await folio.close();
});

describe("a statement as camt.053", () => {
  it("validates against the official XSD and states the posted movements and balances", async () => {
    const query = `from=${day(1)}&to=${day(4)}&minSequence=7`;
    const json = (await ok("GET", `${L}/accounts/client/statement?${query}`)) as {
      lines: { entryId: string; effect: string; side: string; amount: string }[];
    };
    const reply = await folio.request(
      "GET",
      `${L}/accounts/client/statement?${query}&format=camt053`,
    );
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^application\/xml/);
    const xml = String(reply.body);
    const validity = await (await bundledValidator("camt.053.001.08")).validate(xml);
    expect(validity.valid).toBe(true);

    const parsed = parseCamt053(xml);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const [statement] = parsed.value.statements;
    expect(statement?.account.iban).toBe("DE44500105175407324931");
    // The client's money before day 1: 100.00 in its favour; after: 100 + 50.25 − 30 − 50.25.
    expect(statement?.opening?.amount.value).toBe("100.00");
    expect(statement?.opening?.creditDebit).toBe("CRDT");
    expect(statement?.closing?.amount.value).toBe("70.00");
    expect(statement?.closing?.creditDebit).toBe("CRDT");
    const booked = json.lines.filter((line) => line.effect === "posted");
    expect(booked.map((line) => line.entryId)).toEqual(["d2", "w1", "r1"]);
    expect(
      statement?.entries.map((entry) => [entry.entryRef, entry.creditDebit, entry.amount.value]),
    ).toEqual([
      ["d2", "CRDT", "50.25"],
      ["w1", "DBIT", "30.00"],
      ["r1", "DBIT", "50.25"],
    ]);
  });
});
