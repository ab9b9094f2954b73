// Noticing that a forward's owner is gone (natsCommandForwarding.ts; docs/writer.md,
// "Forwarding"). Each forward carries a forward id (header Folio-Forward-Id); the process that
// answers it keeps the id while it does. A forward that has waited probeAfterMs without its
// reply probes the ledger's subject (header Folio-Probe: <forward id>, empty body) every
// probeEveryMs, one probe at a time, each with its own probeTimeoutMs; the server answers at
// once `{"inFlight": true|false}`. NATS "no responders" (nobody serves the ledger: the owner
// died or left) loses the owner at once; `inFlight: false` or a probe timeout is a strike, and
// MAX_PROBE_STRIKES strikes in a row lose it too (another process serves the ledger and does
// not know this forward: the owner died or its reply was lost); `inFlight: true` clears the
// strikes. Any other reply (a server of an older version takes a probe for a command, fails to
// parse the empty body and answers an error) is "unknown": no strike, no decision. A lost
// owner is never a decision: the forward fails `forward_owner_lost` (retry with the same id).
// Also here: RequestInbox, NATS requests over one wildcard inbox that can be cancelled, so a
// forward that ends leaves no timer and no pending request behind.
import { createInbox, headers, type Msg, type MsgHdrs, type NatsConnection } from "nats";
import type { Logger } from "pino";

/** Header of a forwarded message: its forward id (a random uuid). */
export const FORWARD_ID_HEADER = "Folio-Forward-Id";
/** Header of a probe: the forward id it asks about. A probe's body is empty. */
export const PROBE_HEADER = "Folio-Probe";
/** A forward without its reply after this long starts probing (ms). */
export const DEFAULT_PROBE_AFTER_MS = 1_000;
/** Probes of one forward are sent at most this often (ms), one at a time. */
export const DEFAULT_PROBE_EVERY_MS = 1_000;
/** A probe without an answer after this long is a strike (ms). */
export const DEFAULT_PROBE_TIMEOUT_MS = 1_000;
/** Strikes in a row (inFlight false, or no answer) after which the owner is lost. */
export const MAX_PROBE_STRIKES = 3;

export interface ProbeSettings {
  readonly afterMs: number;
  readonly everyMs: number;
  readonly timeoutMs: number;
  readonly maxStrikes: number;
}

export const DEFAULT_PROBE_SETTINGS: ProbeSettings = {
  afterMs: DEFAULT_PROBE_AFTER_MS,
  everyMs: DEFAULT_PROBE_EVERY_MS,
  timeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
  maxStrikes: MAX_PROBE_STRIKES,
};

/**
 * How long a forward waits for an owner lost before its first probe: at most afterMs +
 * maxStrikes x max(everyMs, timeoutMs) from its send (defaults: 4 s; another process took the
 * ledger over, or the owner froze). An owner whose subscription is gone (a killed process's goes
 * with its connection, and so does one that stopped serving) is noticed at the first probe:
 * afterMs (1 s). An owner lost later is noticed within everyMs + (maxStrikes - 1) x
 * max(everyMs, timeoutMs) + timeoutMs of the loss (4 s), or everyMs (1 s) when its subscription
 * is gone. Plus the NATS round trips.
 */
export function ownerLostBoundMs(settings: ProbeSettings): number {
  return settings.afterMs + settings.maxStrikes * Math.max(settings.everyMs, settings.timeoutMs);
}

/** ownerLostBoundMs of the defaults: 4 s (an owner whose subscription is gone: 1 s). */
export const DEFAULT_OWNER_LOST_BOUND_MS = ownerLostBoundMs(DEFAULT_PROBE_SETTINGS);

/** What one probe found. "unknown": a reply that is not `{inFlight: boolean}` (an older peer). */
export type ProbeOutcome = "in_flight" | "not_in_flight" | "unknown" | "no_responders" | "timeout";

/**
 * What a probe request found. A reply other than `{"inFlight": boolean}` is "unknown", never a
 * strike (an older server answers a probe with an error: it cannot parse the empty body, so it
 * never decides it); so is a closed connection (the forward itself fails then).
 */
export function probeOutcomeOf(outcome: RequestOutcome): ProbeOutcome {
  if (outcome.kind === "reply") return probeReplyOutcome(outcome.msg.data);
  return outcome.kind === "closed" ? "unknown" : outcome.kind;
}

function probeReplyOutcome(data: Uint8Array): ProbeOutcome {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(data));
    const inFlight = (parsed as { inFlight?: unknown } | null)?.inFlight;
    if (typeof inFlight === "boolean") return inFlight ? "in_flight" : "not_in_flight";
  } catch {
    // not JSON: an older server's error text, or anything else
  }
  return "unknown";
}

/** The headers of a forwarded message (`forwardId` set) or of a probe about it. */
export function forwardHeaders(forwardId: string, probe: boolean): MsgHdrs {
  const set = headers();
  set.set(probe ? PROBE_HEADER : FORWARD_ID_HEADER, forwardId);
  return set;
}

/** The forward id a probe asks about, or "" when `msg` is not a probe. */
export function probedForwardId(msg: Msg): string {
  return msg.headers?.get(PROBE_HEADER) ?? "";
}

/** The forward id a forwarded message carries ("" from an older forwarder). */
export function forwardIdOf(msg: Msg): string {
  return msg.headers?.get(FORWARD_ID_HEADER) ?? "";
}

/** The answer to a probe: is this process answering that forward right now? */
export function probeAnswer(answering: ReadonlySet<string>, forwardId: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ inFlight: answering.has(forwardId) }));
}

export interface OwnerWatchOptions {
  readonly settings: ProbeSettings;
  /** Sends one probe; calls `done` once with its outcome unless cancelled; returns cancel. */
  readonly probe: (done: (outcome: ProbeOutcome) => void) => () => void;
  /** Called at most once, when the owner is lost; the watch has stopped by then. */
  readonly lost: (reason: string) => void;
}

/** Probes one forward's owner until stop() or lost; stop() clears its timer and its probe. */
export class OwnerWatch {
  private timer: NodeJS.Timeout | undefined;
  private cancelProbe: (() => void) | undefined;
  private strikes = 0;
  private stopped = false;

  constructor(private readonly options: OwnerWatchOptions) {}

  /** The first probe goes out afterMs from now. */
  start(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.send();
    }, this.options.settings.afterMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const cancel = this.cancelProbe;
    this.cancelProbe = undefined;
    cancel?.();
  }

  private send(): void {
    this.timer = undefined;
    const sentAt = Date.now();
    try {
      this.cancelProbe = this.options.probe((outcome) => {
        this.settle(outcome, sentAt);
      });
    } catch {
      this.settle("unknown", sentAt); // not sent (connection closing): the forward's own end decides
    }
  }

  private settle(outcome: ProbeOutcome, sentAt: number): void {
    this.cancelProbe = undefined;
    if (this.stopped) return;
    if (outcome === "no_responders") {
      this.lose("nobody serves the ledger any more");
      return;
    }
    const strike = outcome === "not_in_flight" || outcome === "timeout";
    this.strikes = strike ? this.strikes + 1 : 0;
    if (this.strikes >= this.options.settings.maxStrikes) {
      this.lose(`${this.strikes} probes in a row found nobody answering it`);
      return;
    }
    const wait = Math.max(0, sentAt + this.options.settings.everyMs - Date.now());
    this.timer = setTimeout(() => {
      this.send();
    }, wait);
  }

  private lose(reason: string): void {
    this.stop();
    this.options.lost(reason);
  }
}

/** How a request ended: its reply, NATS "no responders", no reply in time, or the connection closed. */
export type RequestOutcome =
  | { readonly kind: "reply"; readonly msg: Msg }
  | { readonly kind: "no_responders" }
  | { readonly kind: "timeout" }
  | { readonly kind: "closed" };

/** NATS core's "no responders": a 503 status with no payload. */
function isNoResponders(msg: Msg): boolean {
  return msg.data.length === 0 && msg.headers?.code === 503;
}

/**
 * Requests over one wildcard inbox subscription (`<inbox>.*`), each with its own timer, each
 * cancellable: a cancelled request's timer is cleared and a late reply to it is dropped.
 */
export class RequestInbox {
  private readonly pending = new Map<string, (outcome: RequestOutcome) => void>();
  private readonly prefix = createInbox();
  private next = 0;

  constructor(
    private readonly nc: NatsConnection,
    logger?: Logger,
  ) {
    nc.subscribe(`${this.prefix}.*`, {
      callback: (error, msg) => {
        if (error !== null) {
          logger?.error({ err: error }, "forward reply subscription error");
          return;
        }
        const settle = this.pending.get(msg.subject.slice(this.prefix.length + 1));
        settle?.(isNoResponders(msg) ? { kind: "no_responders" } : { kind: "reply", msg });
      },
    });
    void nc.closed().then(() => {
      for (const settle of [...this.pending.values()]) settle({ kind: "closed" });
    });
  }

  /** Requests waiting for their outcome. */
  get waiting(): number {
    return this.pending.size;
  }

  /**
   * Publishes `data` with a reply subject of this inbox; `done` gets the outcome once (unless
   * cancelled). Returns cancel. Throws when the message cannot be published.
   */
  request(
    subject: string,
    data: Uint8Array,
    hdrs: MsgHdrs,
    timeoutMs: number,
    done: (outcome: RequestOutcome) => void,
  ): () => void {
    const token = (this.next += 1).toString(36);
    const finish = (outcome: RequestOutcome | null): void => {
      if (!this.pending.delete(token)) return;
      clearTimeout(timer);
      if (outcome !== null) done(outcome);
    };
    const timer = setTimeout(() => {
      finish({ kind: "timeout" });
    }, timeoutMs);
    this.pending.set(token, finish);
    try {
      this.nc.publish(subject, data, { reply: `${this.prefix}.${token}`, headers: hdrs });
    } catch (error) {
      finish(null);
      throw error;
    }
    return () => {
      finish(null);
    };
  }
}
