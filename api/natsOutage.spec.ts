// A NATS outage seen from a running Folio: with its NATS server killed, posting over HTTP goes
// on at full speed and /health/ready stays ready (the publisher reports itself stalled); when
// NATS returns, every event of the outage is published once, in order. A private nats-server
// (never the shared one, other tests use it) and this machine's PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStream, waitFor } from "../connectors/nats/publisherTestKit.js";
import {
  startPrivateNatsServer,
  type PrivateNatsServer,
} from "../connectors/nats/testing/natsServer.js";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const STREAM = "FOLIO_OUTAGE";
const LEDGER = "outage";
const ENTRIES = 40;
let nats: PrivateNatsServer;
let folio: TestFolio;

interface Connectors {
  readonly publisher?: { state: string; lagEvents: number; eventsPublished: number };
}

async function publisherState(): Promise<Connectors["publisher"]> {
  const ready = await folio.request("GET", "/health/ready");
  return (ready.body as { connectors?: Connectors }).connectors?.publisher;
}

beforeAll(async () => {
  nats = await startPrivateNatsServer();
  folio = await startTestFolio({ NATS_URL: nats.url, FOLIO_NATS_STREAM: STREAM });
  const ledger = {
    id: LEDGER,
    name: "Outage",
    reportingCurrency: "EUR",
    assets: [{ code: "EUR", scale: 2 }],
  };
  expect((await folio.request("POST", "/v1/ledgers", ledger)).status).toBe(201);
  for (const [id, type] of [
    ["vault", "asset"],
    ["client", "liability"],
  ]) {
    const account = { id, currency: "EUR", type };
    const opened = await folio.request("POST", `/v1/ledgers/${LEDGER}/accounts`, account);
    expect(opened.status).toBe(201);
  }
  await waitFor("the set-up published", async () => (await publisherState())?.lagEvents === 0);
}, 120_000);

afterAll(async () => {
  await folio.close();
  await nats.stop();
});

describe("a NATS outage", () => {
  it("never blocks posting, and every event of it is published once NATS returns", async () => {
    await nats.kill();
    const started = performance.now();
    for (let n = 0; n < ENTRIES; n += 1) {
      const entry = {
        id: `during-${n}`,
        postings: [
          { accountId: "vault", side: "debit", amount: "1.00" },
          { accountId: "client", side: "credit", amount: "1.00" },
        ],
      };
      const posted = await folio.request("POST", `/v1/ledgers/${LEDGER}/entries`, entry);
      expect(posted.status).toBe(201);
    }
    // Posting did not wait for NATS: 40 entries one after the other, well under a reconnect.
    expect(performance.now() - started).toBeLessThan(5_000);
    const ready = await folio.request("GET", "/health/ready");
    expect(ready.status).toBe(200);
    await waitFor(
      "the publisher stalled",
      async () => (await publisherState())?.state === "stalled",
    );

    await nats.restart();
    await waitFor(
      "the outage published",
      async () => (await publisherState())?.lagEvents === 0,
      60_000,
    );
    const messages = await readStream(nats.url, STREAM);
    const entryIds = messages
      .filter((message) => message.body.event.type === "EntryPosted")
      .map((message) => (message.body.event.data as { entryId: string }).entryId);
    expect(entryIds).toEqual(Array.from({ length: ENTRIES }, (_, n) => `during-${n}`));
    const sequences = messages.map((message) => Number(message.headers["Folio-Sequence"]));
    expect(sequences).toEqual(sequences.map((_, index) => index));
  }, 120_000);
});
