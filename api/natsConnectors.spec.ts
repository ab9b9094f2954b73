// The NATS connectors wired into a running Folio (NATS_URL set): a command sent as a NATS
// request is decided through the API's own route (same answer as HTTP, same auth), every
// event of the ledger reaches JetStream with the balances after it, and /health/ready and
// /metrics report both connectors. Against this machine's NATS (NATS_URL) and PostgreSQL.
import { randomUUID } from "node:crypto";
import { connect, headers as natsHeaders, type NatsConnection } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deleteStream,
  readStream,
  SHARED_NATS_URL,
  waitFor,
} from "../connectors/nats/publisherTestKit.js";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const tag = randomUUID().replaceAll("-", "").slice(0, 10);
const STREAM = `FOLIO_WIRING_${tag}`;
const PREFIX = `fw${tag}`;
const LEDGER = "wired";
let folio: TestFolio;
let client: NatsConnection;

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

async function command(name: string, payload: unknown, key: string | null): Promise<Reply> {
  const hdrs = natsHeaders();
  if (key !== null) hdrs.set("Authorization", `Bearer ${key}`);
  const reply = await client.request(
    `${PREFIX}.cmd.${LEDGER}.${name}`,
    new TextEncoder().encode(JSON.stringify(payload)),
    { timeout: 15_000, headers: hdrs },
  );
  return reply.json<Reply>();
}

beforeAll(async () => {
  folio = await startTestFolio({
    NATS_URL: SHARED_NATS_URL,
    FOLIO_NATS_STREAM: STREAM,
    FOLIO_NATS_SUBJECT_PREFIX: PREFIX,
  });
  client = await connect({ servers: SHARED_NATS_URL });
  const assets = [{ code: "USD", scale: 2 }];
  const ledger = { id: LEDGER, name: "Wired", reportingCurrency: "USD", assets };
  expect((await folio.request("POST", "/v1/ledgers", ledger)).status).toBe(201);
  for (const [id, type] of [
    ["cash", "asset"],
    ["cust", "liability"],
  ]) {
    const account = { id, currency: "USD", type };
    expect((await folio.request("POST", `/v1/ledgers/${LEDGER}/accounts`, account)).status).toBe(
      201,
    );
  }
}, 120_000);

afterAll(async () => {
  await client.close();
  await folio.close();
  await deleteStream(SHARED_NATS_URL, STREAM);
});

const entry = {
  id: "nats-1",
  postings: [
    { accountId: "cash", side: "debit", amount: "12.50" },
    { accountId: "cust", side: "credit", amount: "12.50" },
  ],
};

describe("a Folio with NATS_URL", () => {
  it("decides commands sent over NATS through the API's routes", async () => {
    const posted = await command("entry", entry, folio.adminKey);
    expect(posted.status).toBe(201);
    const again = await folio.request("POST", `/v1/ledgers/${LEDGER}/entries`, entry);
    expect(again.status).toBe(200); // the HTTP retry sees the NATS entry: one decision
    expect(again.body).toEqual(posted.body);
    const anonymous = await command("entry", { ...entry, id: "nats-2" }, null);
    expect(anonymous.status).toBe(401);
    const balance = await folio.request("GET", `/v1/ledgers/${LEDGER}/accounts/cust`);
    expect((balance.body as { balances: { postedCredits: string } }).balances.postedCredits).toBe(
      "12.50",
    );
  });

  it("publishes every event of the ledger to JetStream, with the balances after it", async () => {
    await waitFor("the entry published", async () => {
      const messages = await readStream(SHARED_NATS_URL, STREAM).catch(() => []);
      return messages.some((message) => message.body.event.type === "EntryPosted");
    });
    const messages = await readStream(SHARED_NATS_URL, STREAM);
    expect(messages.map((message) => message.body.event.type)).toEqual([
      "LedgerCreated",
      "AccountOpened",
      "AccountOpened",
      "EntryPosted",
    ]);
    const posted = messages[3];
    expect(posted?.subject).toBe(`${PREFIX}.events.${LEDGER}.EntryPosted`);
    expect(posted?.headers["Nats-Msg-Id"]).toBe(posted?.body.event.id);
    const after = posted?.body.balancesAfter ?? [];
    expect(after.map((balance) => balance.accountId).sort()).toEqual(["cash", "cust"]);
  });

  it("reports both connectors in /health/ready and the publisher in /metrics", async () => {
    await waitFor("the publisher caught up", async () => {
      const ready = await folio.request("GET", "/health/ready");
      const connectors = (ready.body as { connectors?: { publisher?: { lagEvents: number } } })
        .connectors;
      return connectors?.publisher?.lagEvents === 0;
    });
    const ready = await folio.request("GET", "/health/ready");
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      connectors: {
        publisher: { state: "running", eventsPublished: 4 },
        commandIntake: { connected: true },
      },
    });
    const metrics = await folio.request("GET", "/metrics", undefined, null);
    expect(String(metrics.body)).toMatch(/^folio_publisher_lag_events 0$/m);
    expect(String(metrics.body)).toMatch(/^folio_publisher_stalled 0$/m);
  });
});
