// Runs the shared contract suite against EventStoreDB when EVENTSTORE_URL points at a
// server (e.g. esdb://localhost:2113?tls=false); otherwise registers a skipped block whose
// title says how to run it. The append limits (one append is one ESDB append, never split;
// over the limits it is refused before anything is sent) are tested without a server.
import { MaxAppendSizeExceededError } from "@eventstore/db-client";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { AppendTooLargeError, appendedBytes } from "../../ledger-core/index.js";
import { eventsOfBytes } from "../testing/appendLimitsContract.js";
import { describeEventStoreContract } from "../testing/eventStoreContract.js";
import {
  ESDB_APPEND_LIMITS,
  ESDB_MAX_APPEND_BYTES,
  mapAppendError,
  openEventStoreDbEventStore,
} from "./eventStoreDbEventStore.js";

const url = process.env.EVENTSTORE_URL;
const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });
/** Nothing listens here: an append that reached the network would fail with another error. */
const NO_SERVER_URL = "esdb://127.0.0.1:1?tls=false";
/** EventStoreDB's default MaxAppendSize. */
const SERVER_MAX_APPEND_SIZE = 1024 * 1024;

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

describe("EventStoreDB append limits", () => {
  it("stay below the server's default MaxAppendSize", () => {
    expect(ESDB_APPEND_LIMITS.maxBytes).toBe(ESDB_MAX_APPEND_BYTES);
    expect(ESDB_MAX_APPEND_BYTES).toBeLessThan(SERVER_MAX_APPEND_SIZE);
  });

  it("refuses an append over them before sending anything, instead of splitting it", async () => {
    const store = await openEventStoreDbEventStore({ connectionString: NO_SERVER_URL, logger });
    try {
      expect(store.appendLimits).toEqual(ESDB_APPEND_LIMITS);
      const events = eventsOfBytes(ESDB_MAX_APPEND_BYTES + 1);
      expect(events.length).toBeGreaterThan(1);
      expect(events.every((event) => appendedBytes(event) < ESDB_MAX_APPEND_BYTES)).toBe(true);
      await expect(store.append("limits-spec", events, "no_stream")).rejects.toBeInstanceOf(
        AppendTooLargeError,
      );
    } finally {
      await store.close();
    }
  });

  it("maps the server's own size refusal to AppendTooLargeError", () => {
    const events = eventsOfBytes(2_000);
    const mapped = mapAppendError(
      new MaxAppendSizeExceededError(undefined, 1_024),
      "limits-spec",
      "any",
      events,
    );
    expect(mapped).toBeInstanceOf(AppendTooLargeError);
    expect(mapped).toMatchObject({
      code: "append_too_large",
      events: events.length,
      bytes: 2_000,
      limits: { maxBytes: 1_024 },
    });
  });
});
