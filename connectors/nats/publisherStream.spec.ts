// The NATS side of the publisher against the shared NATS: the stream it creates (events
// subjects only, never the command subjects; retention and duplicate window as configured),
// and publishing in order: a message that is not stored makes every later one of the batch
// fail rather than land out of order, and a message the stream already holds is refused.
import { connect, type JetStreamManager, type NatsConnection } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredEvent } from "../../ledger-core/index.js";
import { outgoingMessage, type OutgoingMessage } from "./publisherMessages.js";
import { NatsFault, ensureStream, publishInOrder, streamLastSequence } from "./publisherStream.js";
import { SHARED_NATS_URL, uniqueNames } from "./publisherTestKit.js";
import { eventsWildcard } from "./subjects.js";

let nc: NatsConnection;
let jsm: JetStreamManager;
const created: string[] = [];

beforeAll(async () => {
  nc = await connect({ servers: SHARED_NATS_URL });
  jsm = await nc.jetstreamManager();
});

afterAll(async () => {
  for (const stream of created) await jsm.streams.delete(stream).catch(() => false);
  await nc.close();
});

async function newStream(): Promise<{ name: string; prefix: string }> {
  const { streamName, subjectPrefix } = uniqueNames();
  created.push(streamName);
  await ensureStream(jsm, {
    name: streamName,
    subjects: [eventsWildcard(subjectPrefix)],
    maxAgeMs: 60_000,
    maxBytes: 1024 * 1024,
    duplicateWindowMs: 30_000,
  });
  return { name: streamName, prefix: subjectPrefix };
}

function messages(prefix: string, count: number): OutgoingMessage[] {
  return Array.from({ length: count }, (_, i) => {
    const stored: StoredEvent = {
      id: `00000000-0000-4000-8000-${String(Date.now() % 1e6).padStart(6, "0")}${String(i).padStart(6, "0")}`,
      type: "PeriodClosed",
      version: 1,
      data: { upTo: "2026-01-01T00:00:00.000Z" },
      metadata: { sequence: i, hash: "0".repeat(64), correlationId: "c" },
      streamId: "ledger-x",
      revision: BigInt(i),
      position: String(i),
      storedAt: new Date(),
    };
    return outgoingMessage(prefix, "x", stored, undefined);
  });
}

describe("the publisher's stream", () => {
  it("is created with the events subjects, limits and duplicate window; commands stay out", async () => {
    const { name, prefix } = await newStream();
    const info = await jsm.streams.info(name);
    expect(info.config.subjects).toEqual([`${prefix}.events.>`]);
    expect(info.config.max_age).toBe(60_000 * 1_000_000);
    expect(info.config.max_bytes).toBe(1024 * 1024);
    expect(info.config.duplicate_window).toBe(30_000 * 1_000_000);
    const js = nc.jetstream();
    await expect(
      js.publish(`${prefix}.cmd.x.PostEntry`, new Uint8Array(), { timeout: 500 }),
    ).rejects.toThrow();
    expect(await streamLastSequence(jsm, name)).toBe(0);
  });

  it("refuses every message after one that was not stored", async () => {
    const { name, prefix } = await newStream();
    const batch = messages(prefix, 6);
    const lost = batch[2];
    if (lost === undefined) throw new Error("no message 2");
    // Message 2 goes to a subject no stream holds: it is lost on the way.
    batch[2] = { ...lost, subject: `${prefix}.elsewhere.x` };
    await expect(publishInOrder(nc, name, batch, 0, 1_000)).rejects.toBeInstanceOf(NatsFault);
    expect(await streamLastSequence(jsm, name)).toBe(2);
    // Resumed from what the stream holds, the rest follows in order.
    const rest = messages(prefix, 6).slice(2);
    expect(await publishInOrder(nc, name, rest, 2, 1_000)).toBe(6);
  });

  it("refuses a message the stream already holds", async () => {
    const { name, prefix } = await newStream();
    const batch = messages(prefix, 3);
    expect(await publishInOrder(nc, name, batch, 0, 1_000)).toBe(3);
    await expect(publishInOrder(nc, name, batch.slice(2), 3, 1_000)).rejects.toThrow(/duplicate/);
    expect(await streamLastSequence(jsm, name)).toBe(3);
  });
});
