// A burst over real HTTP on a real PostgreSQL: 1,000 concurrent 1.00 debits against a
// no-overdraft account funded with exactly 250.00. Exactly 250 are accepted, 750 refused with
// exceeds_credits, the balance never goes below zero, and the stored hash chain verifies.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresEventStore } from "../event-store/index.js";
import { ledgerStreamId, verifyStoredChain } from "../ledger-core/index.js";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "burst";
const WALLET = "wallet";
const BURST = 1_000;
const FUNDED = 250;

interface Problem {
  code: string;
  status: number;
  details?: Record<string, string | number>;
}
interface EntryBody {
  id: string;
  kind: "posted" | "pending" | "rejected";
  sequence: number;
  rejection: { code: string } | null;
}
interface AccountBody {
  balances: Record<string, string>;
}
interface LedgerBody {
  sequence: number;
  hash: string;
}

let folio: TestFolio;
let closeFolio: (() => Promise<void>) | undefined;

function debit(index: number) {
  return {
    id: `spend-${index}`,
    postings: [
      { accountId: WALLET, side: "debit", amount: "1.00" },
      { accountId: "merchant", side: "credit", amount: "1.00" },
    ],
  };
}

async function expectStatus(method: string, path: string, body: unknown, status: number) {
  const reply = await folio.request(method, path, body);
  expect({ path, status: reply.status, body: reply.body }).toMatchObject({ path, status });
  return reply;
}

/** Sends the whole burst at once; returns each reply in order. */
function burst() {
  return Promise.all(
    Array.from({ length: BURST }, (_, index) =>
      folio.request("POST", `/v1/ledgers/${LEDGER}/entries`, debit(index)),
    ),
  );
}

beforeAll(async () => {
  folio = await startTestFolio();
  closeFolio = () => folio.close();
  await expectStatus(
    "POST",
    "/v1/ledgers",
    { id: LEDGER, name: "Burst", reportingCurrency: "USD", assets: [{ code: "USD", scale: 2 }] },
    201,
  );
  const accounts = [
    { id: "cash", currency: "USD", type: "asset" },
    { id: WALLET, currency: "USD", type: "liability", flags: { debitsMustNotExceedCredits: true } },
    { id: "merchant", currency: "USD", type: "liability" },
  ];
  for (const account of accounts) {
    await expectStatus("POST", `/v1/ledgers/${LEDGER}/accounts`, account, 201);
  }
  await expectStatus(
    "POST",
    `/v1/ledgers/${LEDGER}/entries`,
    {
      id: "fund",
      postings: [
        { accountId: "cash", side: "debit", amount: "250.00" },
        { accountId: WALLET, side: "credit", amount: "250.00" },
      ],
    },
    201,
  );
});

afterAll(async () => {
  await closeFolio?.();
});

describe("a burst of 1,000 concurrent debits on a no-overdraft account", () => {
  it("accepts exactly the 250 that fit, refuses 750 with exceeds_credits, and never overdraws", async () => {
    const before = (await expectStatus("GET", `/v1/ledgers/${LEDGER}`, undefined, 200))
      .body as LedgerBody;
    // How fast is a benchmark's question (bench:http), not this test's.
    const replies = await burst();

    const statuses = new Map<number, number>();
    for (const reply of replies) statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ 201: FUNDED, 422: BURST - FUNDED });
    for (const reply of replies) {
      if (reply.status === 201) continue;
      expect(reply.headers.get("content-type") ?? "").toMatch(/^application\/problem\+json/);
      const problem = reply.body as Problem;
      expect(problem.code).toBe("exceeds_credits");
      expect(problem.details).toMatchObject({ limit: "250.00", required: "251.00" });
    }

    const wallet = (
      await expectStatus("GET", `/v1/ledgers/${LEDGER}/accounts/${WALLET}`, undefined, 200)
    ).body as AccountBody;
    expect(wallet.balances).toEqual({
      postedDebits: "250.00",
      postedCredits: "250.00",
      pendingDebits: "0.00",
      pendingCredits: "0.00",
      balance: "0.00",
      available: "0.00",
    });
    const merchant = (
      await expectStatus("GET", `/v1/ledgers/${LEDGER}/accounts/merchant`, undefined, 200)
    ).body as AccountBody;
    expect(merchant.balances.balance).toBe("250.00");

    // Every debit wrote one event (posted or recorded rejection): the sequence is gap-free.
    const after = (await expectStatus("GET", `/v1/ledgers/${LEDGER}`, undefined, 200))
      .body as LedgerBody;
    expect(after.sequence).toBe(before.sequence + BURST);
    const sequences = replies
      .filter((reply) => reply.status === 201)
      .map((reply) => (reply.body as EntryBody).sequence);
    expect(new Set(sequences).size).toBe(FUNDED);
    for (const sequence of sequences) {
      expect(sequence).toBeGreaterThan(before.sequence);
      expect(sequence).toBeLessThanOrEqual(after.sequence);
    }

    // The stored stream verifies from genesis to the head the API reports.
    const store = await openPostgresEventStore({
      connectionString: folio.database.url,
      logger: pino({ level: "silent" }),
    });
    try {
      const stored = await store.readStream(ledgerStreamId(LEDGER), {
        fromRevision: 0n,
        direction: "forwards",
        maxCount: BURST * 2,
      });
      expect(stored).toHaveLength(after.sequence + 1);
      const check = verifyStoredChain(stored);
      expect(check).toEqual({
        ok: true,
        head: { nextSequence: after.sequence + 1, lastHash: after.hash },
      });
    } finally {
      await store.close();
    }
  });

  it("answers the same burst again from the recorded outcomes, writing nothing", async () => {
    const before = (await expectStatus("GET", `/v1/ledgers/${LEDGER}`, undefined, 200))
      .body as LedgerBody;
    const firstOutcomes = await Promise.all(
      Array.from({ length: BURST }, (_, index) =>
        folio.request("GET", `/v1/ledgers/${LEDGER}/entries/spend-${index}`),
      ),
    );
    const replies = await burst();
    let replayed = 0;
    for (const [index, reply] of replies.entries()) {
      const recorded = firstOutcomes[index]?.body as EntryBody;
      if (recorded.kind === "posted") {
        expect(reply.status).toBe(200);
        expect(reply.headers.get("idempotent-replay")).toBe("true");
        expect(reply.body).toEqual(recorded);
        replayed += 1;
      } else {
        expect(recorded).toMatchObject({
          kind: "rejected",
          rejection: { code: "exceeds_credits" },
        });
        expect(reply.status).toBe(422);
        expect((reply.body as Problem).code).toBe("exceeds_credits");
      }
    }
    expect(replayed).toBe(FUNDED);
    const after = (await expectStatus("GET", `/v1/ledgers/${LEDGER}`, undefined, 200))
      .body as LedgerBody;
    expect(after).toEqual(before);
  });
});
