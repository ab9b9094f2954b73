// Test kit of the NATS publisher specs and benchmark: a ledger written through the real
// writer (entries, holds posted in part and voided), a reader of every message a stream holds,
// unique stream names and subject prefixes per test, and waiting for a condition.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { connect, type NatsConnection } from "nats";
import { LedgerWriter, type EventStore } from "../../ledger-core/index.js";
import type { Command } from "../../schemas/index.js";
import type { MessageBody } from "./publisherMessages.js";

export const SHARED_NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";

/** A stream name and subject prefix no other test uses. */
export function uniqueNames(): { streamName: string; subjectPrefix: string; name: string } {
  const tag = randomUUID().replaceAll("-", "").slice(0, 12);
  return { streamName: `FOLIO_T_${tag}`, subjectPrefix: `ft${tag}`, name: `pub_${tag}` };
}

/**
 * Writes `entries` entries to a ledger (created with accounts a, b, c on first use). Every
 * fifth entry is a hold of 3.00 instead, then posted at 2.00 (odd holds) or voided (even).
 * Returns the ledger's event count.
 */
export async function writeLedger(
  store: EventStore,
  ledgerId: string,
  entries: number,
  first = 0,
): Promise<number> {
  const writer = await LedgerWriter.open({ ledgerId, store });
  const submit = (command: Command) =>
    writer.submit({ command, actor: "spec", correlationId: `corr-${ledgerId}` });
  if (writer.current.ledger === null) {
    await submit({
      type: "CreateLedger",
      ledgerId,
      name: ledgerId,
      reportingCurrency: "USD",
      assets: [{ code: "USD", scale: 2 }],
    });
    for (const [accountId, accountType] of [
      ["a", "asset"],
      ["b", "liability"],
      ["c", "liability"],
    ] as const) {
      await submit({ type: "OpenAccount", accountId, currency: "USD", accountType });
    }
  }
  const postings = (from: string, to: string, amount: string) => [
    { accountId: from, side: "debit" as const, amount },
    { accountId: to, side: "credit" as const, amount },
  ];
  await Promise.all(
    Array.from({ length: entries }, async (_, offset) => {
      const n = first + offset;
      const id = `e${n}`;
      if (n % 5 !== 4) {
        await submit({
          type: "PostEntry",
          entryId: id,
          postings: postings("a", n % 2 ? "b" : "c", "1.25"),
        });
        return;
      }
      await submit({
        type: "PendEntry",
        entryId: id,
        timeoutSeconds: 3600,
        postings: postings("a", "b", "3.00"),
      });
      if (n % 2 === 1) await submit({ type: "PostPending", pendingId: id, amount: "2.00" });
      else await submit({ type: "VoidPending", pendingId: id });
    }),
  );
  const events = writer.current.chain.nextSequence;
  await writer.close();
  return events;
}

/** One message of a stream as a test reads it. */
export interface ReadMessage {
  readonly seq: number;
  readonly subject: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: MessageBody;
}

/** Every message `stream` holds, in stream order. */
export async function readStream(url: string, stream: string): Promise<ReadMessage[]> {
  const nc: NatsConnection = await connect({ servers: url });
  try {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(stream);
    const messages: ReadMessage[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
      const stored = await jsm.streams.getMessage(stream, { seq });
      const headers: Record<string, string> = {};
      for (const [key, values] of stored.header) headers[key] = values[0] ?? "";
      messages.push({
        seq,
        subject: stored.subject,
        headers,
        body: stored.json<MessageBody>(),
      });
    }
    return messages;
  } finally {
    await nc.close();
  }
}

/** Deletes `stream` (tests clean up what they created). */
export async function deleteStream(url: string, stream: string): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** Waits until `done()` holds, polling; throws after `timeoutMs`. */
export async function waitFor(
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
