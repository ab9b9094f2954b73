// The NATS side of the publisher: the connection, the JetStream stream (created if missing,
// with its retention limits and duplicate window), the stream's last sequence, and publishing
// a batch in order. Every message of a batch states the stream sequence it expects to follow
// (Nats-Expected-Last-Sequence), so a message lost in an outage makes every later one of the
// batch fail instead of landing out of order; the publisher then resumes from what the stream
// holds (publisherAcks.ts sends them). Every failure here is a NatsFault.
import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  connect,
  nanos,
  type JetStreamManager,
  type NatsConnection,
  type NatsError,
} from "nats";
import { publishBatch } from "./publisherAcks.js";
import { HEADER_POSITION, type OutgoingMessage } from "./publisherMessages.js";

/** A failure talking to NATS (the publisher stalls and retries). */
export class NatsFault extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NatsFault";
  }
}

export interface StreamSettings {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly maxAgeMs: number;
  readonly maxBytes: number;
  readonly duplicateWindowMs: number;
}

/** JetStream's "stream not found" and "no message found" error codes. */
const STREAM_NOT_FOUND = 10059;
const MESSAGE_NOT_FOUND = 10037;

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Runs a NATS call; any failure becomes a NatsFault naming what was being done. */
export async function natsStep<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof NatsFault) throw error;
    throw new NatsFault(`${what}: ${messageOf(error)}`, { cause: error });
  }
}

/** A connection that reconnects by itself for ever once it is up. */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return natsStep(`connecting to ${url}`, () =>
    connect({
      servers: url,
      name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: 2_000,
      // No Error (with its stack) made per publish: a large share of the CPU otherwise.
      noAsyncTraces: true,
    }),
  );
}

function isStreamNotFound(error: unknown): boolean {
  return (error as Partial<NatsError>).api_error?.err_code === STREAM_NOT_FOUND;
}

/** Creates the stream if it does not exist (an existing stream's settings are left alone). */
export async function ensureStream(jsm: JetStreamManager, settings: StreamSettings): Promise<void> {
  await natsStep(`creating stream ${settings.name}`, async () => {
    try {
      await jsm.streams.info(settings.name);
      return;
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
    }
    await jsm.streams.add({
      name: settings.name,
      subjects: [...settings.subjects],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(settings.maxAgeMs),
      max_bytes: settings.maxBytes,
      duplicate_window: nanos(settings.duplicateWindowMs),
    });
  });
}

/** The sequence of the last message the stream ever stored (0: none). */
export async function streamLastSequence(jsm: JetStreamManager, stream: string): Promise<number> {
  const info = await natsStep(`reading stream ${stream}`, () => jsm.streams.info(stream));
  return info.state.last_seq;
}

/**
 * The Folio-Position header of the stream's message at `seq`, or undefined when the stream
 * no longer holds it (aged out, purged) or it has none.
 */
export async function positionAt(
  jsm: JetStreamManager,
  stream: string,
  seq: number,
): Promise<string | undefined> {
  try {
    const message = await jsm.streams.getMessage(stream, { seq });
    return message.header.get(HEADER_POSITION) || undefined;
  } catch (error) {
    if ((error as Partial<NatsError>).api_error?.err_code === MESSAGE_NOT_FOUND) return undefined;
    throw new NatsFault(`reading message ${seq} of ${stream}: ${messageOf(error)}`, {
      cause: error,
    });
  }
}

/**
 * Publishes `messages` in order after stream sequence `after`, waits for every ack (in order)
 * and returns the sequence of the last one. Throws a NatsFault if any is not stored as the
 * next message of the stream (nothing after a failed one can have been stored).
 */
export async function publishInOrder(
  nc: NatsConnection,
  stream: string,
  messages: readonly OutgoingMessage[],
  after: number,
  ackTimeoutMs: number,
): Promise<number> {
  const toSend = messages.map((message, index) => ({ ...message, after: after + index }));
  const acks = await natsStep(`publishing to ${stream}`, () =>
    publishBatch(nc, stream, toSend, ackTimeoutMs),
  );
  acks.forEach((ack, index) => {
    const expected = after + index + 1;
    const subject = messages[index]?.subject ?? "?";
    if (!ack.ok) throw new NatsFault(`publishing ${subject}: ${ack.error}`);
    if (ack.duplicate || ack.seq !== expected) {
      throw new NatsFault(
        `stream ${stream} stored ${messages[index]?.msgId ?? "?"} at ${ack.seq}` +
          `${ack.duplicate ? " (duplicate)" : ""}, expected ${expected}`,
      );
    }
  });
  return after + messages.length;
}
