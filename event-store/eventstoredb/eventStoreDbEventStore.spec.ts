// Runs the shared contract suite against EventStoreDB when EVENTSTORE_URL points at a
// server (e.g. esdb://localhost:2113?tls=false); otherwise registers a skipped block whose
// title says how to run it. The chunking rule is tested without a server.
import pino from "pino";
import { v4 as uuidv4 } from "uuid";
import { describe, expect, it } from "vitest";
import { describeEventStoreContract } from "../testing/eventStoreContract.js";
import {
  MAX_APPEND_BYTES,
  openEventStoreDbEventStore,
  splitForAppend,
} from "./eventStoreDbEventStore.js";

const url = process.env.EVENTSTORE_URL;
const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });

describe.skipIf(url === undefined || url === "")(
  "EventStoreDB contract suite skipped: set EVENTSTORE_URL to run it",
  () => {
    describeEventStoreContract(
      "eventstoredb",
      () => openEventStoreDbEventStore({ connectionString: url ?? "", logger }),
      // ESDB deduplicates ids only for a retry at the same expected revision.
      { uniqueEventIds: false },
    );
  },
);

describe("EventStoreDB append chunking", () => {
  const event = (bytes: number) => ({
    id: uuidv4(),
    type: "Big",
    version: 1,
    data: { blob: "x".repeat(bytes) },
    metadata: {},
  });

  it("keeps small appends in one chunk and splits large ones only between events", () => {
    expect(splitForAppend([event(10), event(10)])).toHaveLength(1);
    const big = Array.from({ length: 5 }, () => event(300 * 1024));
    const chunks = splitForAppend(big);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat().map((e) => e.id)).toEqual(big.map((e) => e.id));
  });

  it("refuses one event larger than an append may be", () => {
    expect(() => splitForAppend([event(MAX_APPEND_BYTES)])).toThrow(/at most/);
  });
});
