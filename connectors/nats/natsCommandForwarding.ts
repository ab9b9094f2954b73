// Command forwarding over NATS request/reply (ledger-core/commandForwarding.ts; docs/writer.md,
// "Forwarding"): the owner of a ledger subscribes to `<prefix>.internal.ledgers.<token>.commands`
// (the ledger token of subjects.ts: dots written %2E) in a queue group while it holds the
// lease; any process sends a request there and waits for the reply. NATS answers at once when
// nobody is subscribed ("no responders"): that is "no_owner". A reply that does not come in
// time is `forward_timeout` (the owner may have decided: retry with the same id), never a
// decision. Messages and replies are the port's plain JSON.
// An owner that dies (or whose reply is lost) is noticed long before the timeout: each forward
// carries a forward id (header Folio-Forward-Id), the server keeps the ids it is answering, and
// a forward without its reply after probeAfterMs probes the same subject (header Folio-Probe,
// empty body), answered at once outside the served-in-flight limit with `{"inFlight": bool}`.
// No responders, or MAX_PROBE_STRIKES answers "false"/no answer in a row, fail the forward
// `forward_owner_lost` (it may have been decided: retry with the same id) within
// ownerLostBoundMs (DEFAULT_OWNER_LOST_BOUND_MS, 4 s); the reply, whenever it comes, wins.
// forwardProbes.ts has the probing, and the cancellable requests both use.
import { randomUUID } from "node:crypto";
import { connect, type Msg, type NatsConnection, type Subscription } from "nats";
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
import {
  DEFAULT_PROBE_SETTINGS,
  forwardHeaders,
  forwardIdOf,
  OwnerWatch,
  probeAnswer,
  probedForwardId,
  probeOutcomeOf,
  RequestInbox,
  type ProbeSettings,
} from "./forwardProbes.js";
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
  /** A forward without its reply this long starts probing its owner (DEFAULT_PROBE_AFTER_MS). */
  readonly probeAfterMs?: number;
  /** Probes of one forward at most this often (DEFAULT_PROBE_EVERY_MS). */
  readonly probeEveryMs?: number;
  /** A probe's own timeout; no answer is a strike (DEFAULT_PROBE_TIMEOUT_MS). */
  readonly probeTimeoutMs?: number;
  /** Strikes in a row that lose the owner (MAX_PROBE_STRIKES). */
  readonly maxProbeStrikes?: number;
}

/** `<prefix>.internal.ledgers.<ledgerToken>.commands`: where a ledger's owner is asked. */
export function forwardSubject(prefix: string, ledgerId: string): string {
  return `${prefix}.internal.ledgers.${ledgerToken(ledgerId)}.commands`;
}

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

function timedOut(ledgerId: string, timeout: number): WriterError {
  return new WriterError(
    "forward_timeout",
    `the owner of ledger ${ledgerId} did not answer in ${timeout} ms; it may have decided: retry with the same id`,
  );
}

function ownerLost(ledgerId: string, reason: string): WriterError {
  return new WriterError(
    "forward_owner_lost",
    `the owner of ledger ${ledgerId} stopped before it answered (${reason}); the command may have been decided: retry with the same id`,
  );
}

/** The options' probe settings; each a positive number. */
function probeSettingsOf(options: NatsCommandForwardingOptions): ProbeSettings {
  const settings: ProbeSettings = {
    afterMs: options.probeAfterMs ?? DEFAULT_PROBE_SETTINGS.afterMs,
    everyMs: options.probeEveryMs ?? DEFAULT_PROBE_SETTINGS.everyMs,
    timeoutMs: options.probeTimeoutMs ?? DEFAULT_PROBE_SETTINGS.timeoutMs,
    maxStrikes: options.maxProbeStrikes ?? DEFAULT_PROBE_SETTINGS.maxStrikes,
  };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`probe setting ${name} must be a positive number, not ${value}`);
    }
  }
  return settings;
}

export class NatsCommandForwarding implements CommandForwarding {
  private forwarding = 0;
  private serving = 0;
  private readonly prefix: string;
  private readonly probes: ProbeSettings;
  private readonly inbox: RequestInbox;
  /** Forward ids this process is answering right now (what probes ask about). */
  private readonly answering = new Set<string>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly options: NatsCommandForwardingOptions,
  ) {
    this.prefix = checkSubjectPrefix(options.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX);
    this.probes = probeSettingsOf(options);
    this.inbox = new RequestInbox(nc, options.logger);
  }

  static async connect(options: NatsCommandForwardingOptions): Promise<NatsCommandForwarding> {
    probeSettingsOf(options); // refuses bad settings before connecting
    const nc = await connect({
      servers: options.natsUrl,
      name: "folio-command-forwarding",
      maxReconnectAttempts: -1,
      reconnectTimeWait: options.reconnectWaitMs ?? 1_000,
    });
    const forwarding = new NatsCommandForwarding(nc, options);
    await nc.flush(); // the reply inbox is subscribed at the server
    return forwarding;
  }

  /** Bytes one message may carry: the server's max_payload. */
  get maxPayload(): number {
    return this.nc.info?.max_payload ?? FALLBACK_MAX_PAYLOAD_BYTES;
  }

  /** Forwards and probes sent and waiting for their outcome (each has one timer). */
  get requestsWaiting(): number {
    return this.inbox.waiting;
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
      const reply = await this.request(ledgerId, data, timeout);
      return reply === "no_owner" ? reply : reply.json<ForwardReply>();
    } catch (error) {
      if (error instanceof WriterError) throw error;
      throw new WriterError("forward_failed", `forwarding to the owner of ${ledgerId} failed`, {
        cause: error,
      });
    } finally {
      this.forwarding -= 1;
    }
  }

  /**
   * Sends one forward and waits for its reply ("no_owner" on no responders) while an OwnerWatch
   * probes its owner; rejects forward_timeout or forward_owner_lost. Leaves no timer behind.
   */
  private request(ledgerId: string, data: Uint8Array, timeout: number): Promise<Msg | "no_owner"> {
    const subject = forwardSubject(this.prefix, ledgerId);
    const forwardId = randomUUID();
    return new Promise((resolve, reject) => {
      const watch = new OwnerWatch({
        settings: this.probes,
        probe: (done) => {
          const probeHeaders = forwardHeaders(forwardId, true);
          const timeoutMs = this.probes.timeoutMs;
          return this.inbox.request(subject, EMPTY, probeHeaders, timeoutMs, (outcome) => {
            done(probeOutcomeOf(outcome));
          });
        },
        lost: (reason) => {
          cancel();
          reject(ownerLost(ledgerId, reason));
        },
      });
      const headers = forwardHeaders(forwardId, false);
      const cancel = this.inbox.request(subject, data, headers, timeout, (outcome) => {
        watch.stop();
        if (outcome.kind === "reply") resolve(outcome.msg);
        else if (outcome.kind === "no_responders") resolve("no_owner");
        else if (outcome.kind === "closed") reject(new Error("the NATS connection closed"));
        else reject(timedOut(ledgerId, timeout));
      });
      watch.start(); // only once sent: a throw above leaves no timer
    });
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
        const probed = probedForwardId(msg);
        if (probed !== "") {
          // at once, outside the served-in-flight limit; never handled as a command
          this.reply(msg, probeAnswer(this.answering, probed));
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
    const forwardId = forwardIdOf(msg);
    if (forwardId !== "") this.answering.add(forwardId); // before any await: probes see it
    try {
      this.respond(msg, await this.handle(msg, handler, limit));
    } finally {
      this.answering.delete(forwardId);
    }
  }

  private async handle(msg: Msg, handler: ForwardHandler, limit: number): Promise<ForwardReply> {
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
    return reply;
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
    this.reply(msg, data);
  }

  private reply(msg: Msg, data: Uint8Array): void {
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
