// Command forwarding over NATS request/reply (ledger-core/commandForwarding.ts; docs/writer.md,
// "Forwarding"): the owner of a ledger subscribes to `<prefix>.internal.ledgers.<token>.commands`
// (the ledger token of subjects.ts: dots written %2E) in a queue group while it holds the
// lease; any process sends a request there and waits for the reply. NATS answers at once when
// nobody is subscribed ("no responders"): that is "no_owner". A reply that does not come in
// time is `forward_timeout` (the owner may have decided: retry with the same id), never a
// decision. Messages and replies are the port's plain JSON.
import {
  connect,
  ErrorCode,
  type Msg,
  type NatsConnection,
  type NatsError,
  type Subscription,
} from "nats";
import type { Logger } from "pino";
import {
  errorReply,
  type CommandForwarding,
  type ForwardHandler,
  type ForwardMessage,
  type ForwardReply,
  type Served,
} from "../../ledger-core/commandForwarding.js";
import { WriterError } from "../../ledger-core/writerOptions.js";
import { checkSubjectPrefix, DEFAULT_SUBJECT_PREFIX, ledgerToken } from "./subjects.js";

/** A forward waits this long for the owner's reply, then fails `forward_timeout` (retryable). */
export const DEFAULT_FORWARD_TIMEOUT_MS = 10_000;
/** Forwards waiting for a reply at once, per process; beyond it `overloaded`. */
export const DEFAULT_MAX_FORWARDS_IN_FLIGHT = 1_024;
/** Forwarded messages an owner answers at once; beyond it they are answered `overloaded`. */
export const DEFAULT_MAX_SERVED_IN_FLIGHT = 1_024;
/** Used when the server does not say its max_payload (the NATS default, 1 MiB). */
export const FALLBACK_MAX_PAYLOAD_BYTES = 1024 * 1024;
/** The queue group of a ledger's servers: one answers even while an owner hands over. */
export const FORWARD_QUEUE_GROUP = "folio-ledger-owner";

export interface NatsCommandForwardingOptions {
  readonly natsUrl: string;
  readonly logger?: Logger;
  /** The first subject token(s) (default "folio"). */
  readonly subjectPrefix?: string;
  readonly timeoutMs?: number;
  readonly maxForwardsInFlight?: number;
  readonly maxServedInFlight?: number;
  /** Wait between reconnect attempts, ms (default 1,000); attempts are unlimited. */
  readonly reconnectWaitMs?: number;
}

/** `<prefix>.internal.ledgers.<ledgerToken>.commands`: where a ledger's owner is asked. */
export function forwardSubject(prefix: string, ledgerId: string): string {
  return `${prefix}.internal.ledgers.${ledgerToken(ledgerId)}.commands`;
}

const encoder = new TextEncoder();

function isCode(error: unknown, code: ErrorCode): boolean {
  return (error as Partial<NatsError> | null)?.code === code;
}

export class NatsCommandForwarding implements CommandForwarding {
  private forwarding = 0;
  private serving = 0;
  private readonly prefix: string;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly options: NatsCommandForwardingOptions,
  ) {
    this.prefix = checkSubjectPrefix(options.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX);
  }

  static async connect(options: NatsCommandForwardingOptions): Promise<NatsCommandForwarding> {
    const nc = await connect({
      servers: options.natsUrl,
      name: "folio-command-forwarding",
      maxReconnectAttempts: -1,
      reconnectTimeWait: options.reconnectWaitMs ?? 1_000,
    });
    return new NatsCommandForwarding(nc, options);
  }

  /** Bytes one message may carry: the server's max_payload. */
  get maxPayload(): number {
    return this.nc.info?.max_payload ?? FALLBACK_MAX_PAYLOAD_BYTES;
  }

  async forward(ledgerId: string, message: ForwardMessage): Promise<ForwardReply | "no_owner"> {
    const limit = this.options.maxForwardsInFlight ?? DEFAULT_MAX_FORWARDS_IN_FLIGHT;
    if (this.forwarding >= limit) {
      throw new WriterError("overloaded", `more than ${limit} forwards in flight; retry shortly`);
    }
    const data = encoder.encode(JSON.stringify(message));
    if (data.length > this.maxPayload) {
      throw new WriterError(
        "forward_too_large",
        `the forwarded ${message.kind} is ${data.length} bytes, over the NATS max_payload (${this.maxPayload}); send it to the ledger's owner directly, or split it`,
      );
    }
    const timeout = this.options.timeoutMs ?? DEFAULT_FORWARD_TIMEOUT_MS;
    this.forwarding += 1;
    try {
      const reply = await this.nc.request(forwardSubject(this.prefix, ledgerId), data, { timeout });
      return reply.json<ForwardReply>();
    } catch (error) {
      if (isCode(error, ErrorCode.NoResponders)) return "no_owner";
      if (isCode(error, ErrorCode.Timeout)) {
        throw new WriterError(
          "forward_timeout",
          `the owner of ledger ${ledgerId} did not answer in ${timeout} ms; it may have decided: retry with the same id`,
          { cause: error },
        );
      }
      throw new WriterError("forward_failed", `forwarding to the owner of ${ledgerId} failed`, {
        cause: error,
      });
    } finally {
      this.forwarding -= 1;
    }
  }

  async serve(ledgerId: string, handler: ForwardHandler): Promise<Served> {
    const inFlight = new Set<Promise<void>>();
    const subscription: Subscription = this.nc.subscribe(forwardSubject(this.prefix, ledgerId), {
      queue: FORWARD_QUEUE_GROUP,
      callback: (error, msg) => {
        if (error !== null) {
          this.options.logger?.error({ err: error, ledgerId }, "forwarding subscription error");
          return;
        }
        const work = this.answer(msg, handler);
        inFlight.add(work);
        void work.finally(() => inFlight.delete(work));
      },
    });
    await this.nc.flush(); // subscribed at the server before the caller counts on it
    let stopping: Promise<void> | null = null;
    const stop = async (): Promise<void> => {
      await subscription.drain().catch(() => undefined);
      await Promise.allSettled([...inFlight]);
    };
    return { stop: () => (stopping ??= stop()) };
  }

  /** Answers one forwarded message; every message with a reply subject gets one reply. */
  private async answer(msg: Msg, handler: ForwardHandler): Promise<void> {
    const limit = this.options.maxServedInFlight ?? DEFAULT_MAX_SERVED_IN_FLIGHT;
    if (msg.reply === undefined || msg.reply === "") return;
    let reply: ForwardReply;
    if (this.serving >= limit) {
      reply = errorReply(
        new WriterError("overloaded", `more than ${limit} forwarded commands in flight`),
      );
    } else {
      this.serving += 1;
      try {
        reply = await handler(msg.json<ForwardMessage>());
      } catch (error) {
        reply = errorReply(error);
      } finally {
        this.serving -= 1;
      }
    }
    this.respond(msg, reply);
  }

  private respond(msg: Msg, reply: ForwardReply): void {
    let data = encoder.encode(JSON.stringify(reply));
    if (data.length > this.maxPayload) {
      const decided =
        reply.kind === "decision"
          ? `; it was decided (${reply.decision.status}): a retry with the same id reads its outcome`
          : reply.kind === "http"
            ? `; a command it carried was decided (HTTP ${reply.answer.status}): a retry with the same id reads its outcome`
            : "";
      const detail = `the owner's reply (${data.length} bytes) is over the NATS max_payload (${this.maxPayload})${decided}`;
      data = encoder.encode(
        JSON.stringify(errorReply(new WriterError("forward_too_large", detail))),
      );
    }
    try {
      msg.respond(data);
    } catch (error) {
      this.options.logger?.error({ err: error, subject: msg.subject }, "forwarded reply failed");
    }
  }

  /** Drains every subscription and closes the connection (call after the registry closed). */
  async close(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
  }
}
