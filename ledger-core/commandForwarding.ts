// The forwarding port: a process that does not hold a ledger's lease sends the ledger's
// commands and dry runs to the process that does, and returns its answer unchanged
// (docs/writer.md, "Forwarding"). The owner `serve`s a ledger while it holds its lease; any
// process `forward`s to it; "no_owner" means nobody serves the ledger now (the caller may take
// the lease itself). Messages and replies are plain JSON: a Decision and the journal events
// are JSON as they are; a dry run's state (bigint counters, Maps, Sets) travels in the tagged
// form of `toWire` and comes back equal. Implementations: testing/memoryCommandForwarding.ts
// and connectors/nats/natsCommandForwarding.ts.
import type { JournalEvent } from "../schemas/index.js";
import type { Decision } from "./decision.js";
import type { LedgerState } from "./state.js";
import {
  isWriterErrorCode,
  WriterError,
  type CommandRequest,
  type DryRunResult,
  type WriterErrorCode,
} from "./writerOptions.js";

/**
 * A whole HTTP request for a ledger, forwarded by an API process that does not own it
 * (api/cluster/forwardPlugin.ts): the owner replays it through its own routes. Text bodies
 * only (the API takes JSON); `headers` are the few the routes read (authorization,
 * content-type, accept, the dry-run and request-id headers), lower case.
 */
export interface HttpRequestMessage {
  readonly kind: "http";
  readonly method: string;
  /** Path and query, e.g. /v1/ledgers/l1/entries?dryRun=true */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body as sent on, or null without one. */
  readonly body: string | null;
}

/** The owner's HTTP answer, relayed unchanged: status, headers (lower case), body text. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Sends to another process: one command, the commands of one dry run, or an HTTP request. */
export type ForwardMessage =
  | { readonly kind: "submit"; readonly request: CommandRequest }
  | { readonly kind: "dryRun"; readonly requests: readonly CommandRequest[] }
  | HttpRequestMessage;

/** A WriterError on the wire. */
export interface ForwardedError {
  readonly code: WriterErrorCode;
  readonly message: string;
}

/** The owner's answer: its decision, its dry run, its HTTP answer, or its WriterError. Plain JSON. */
export type ForwardReply =
  | { readonly kind: "decision"; readonly decision: Decision }
  | { readonly kind: "http"; readonly answer: HttpAnswer }
  | {
      readonly kind: "dryRun";
      readonly outcomes: readonly (Decision | { readonly error: ForwardedError })[];
      /** DryRunResult.state in the tagged form of toWire. */
      readonly state: WireValue;
      readonly events: readonly JournalEvent[];
    }
  | { readonly kind: "error"; readonly error: ForwardedError };

/** How the owner answers a forwarded message; it never rejects (errors become error replies). */
export type ForwardHandler = (message: ForwardMessage) => Promise<ForwardReply>;

/** A ledger this process serves; stop() once its lease is released or lost. */
export interface Served {
  /** Stops taking forwarded messages; those being answered are answered. Never rejects. */
  stop(): Promise<void>;
}

export interface CommandForwarding {
  /** Answers the messages forwarded for `ledgerId` with `handler` until stop(). */
  serve(ledgerId: string, handler: ForwardHandler): Promise<Served>;
  /**
   * The owner's reply, or "no_owner" when nobody serves `ledgerId`. Rejects with a WriterError
   * when the reply does not come (`forward_timeout`, or `forward_owner_lost` once the owner is
   * known to be gone: it may have been decided; retry with the same id) or the message cannot
   * be sent (`forward_failed`, `forward_too_large`).
   */
  forward(ledgerId: string, message: ForwardMessage): Promise<ForwardReply | "no_owner">;
}

/** The error reply for what a handler threw: a WriterError keeps its code, anything else is writer_failed. */
export function errorReply(error: unknown): ForwardReply {
  if (error instanceof WriterError) {
    return { kind: "error", error: { code: error.code, message: error.message } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "error", error: { code: "writer_failed", message } };
}

export function decisionReply(decision: Decision): ForwardReply {
  return { kind: "decision", decision };
}

export function dryRunReply(result: DryRunResult): ForwardReply {
  return {
    kind: "dryRun",
    outcomes: result.outcomes.map((outcome) =>
      outcome instanceof WriterError
        ? { error: { code: outcome.code, message: outcome.message } }
        : outcome,
    ),
    state: toWire(result.state),
    events: result.events,
  };
}

function writerErrorOf({ code, message }: ForwardedError): WriterError {
  return new WriterError(isWriterErrorCode(code) ? code : "writer_failed", message);
}

/** A reply of the wrong kind: the peer runs other code. Never taken for a decision. */
function unexpected(reply: ForwardReply, wanted: string): WriterError {
  return new WriterError("forward_failed", `the owner answered ${reply.kind}, not ${wanted}`);
}

/** The owner's decision; its WriterError is thrown with the same code. */
export function decisionOf(reply: ForwardReply): Decision {
  if (reply.kind === "error") throw writerErrorOf(reply.error);
  if (reply.kind !== "decision") throw unexpected(reply, "a decision");
  return reply.decision;
}

/** The owner's dry run (its state decoded); its WriterError is thrown with the same code. */
export function dryRunOf(reply: ForwardReply): DryRunResult {
  if (reply.kind === "error") throw writerErrorOf(reply.error);
  if (reply.kind !== "dryRun") throw unexpected(reply, "a dry run");
  return {
    outcomes: reply.outcomes.map((outcome) =>
      "error" in outcome ? writerErrorOf(outcome.error) : outcome,
    ),
    state: fromWire(reply.state) as LedgerState,
    events: reply.events,
  };
}

/** The owner's HTTP answer; its WriterError (e.g. not_owner) is thrown with the same code. */
export function httpAnswerOf(reply: ForwardReply): HttpAnswer {
  if (reply.kind === "error") throw writerErrorOf(reply.error);
  if (reply.kind !== "http") throw unexpected(reply, "an HTTP answer");
  return reply.answer;
}

/** True for the reply of a process that no longer holds the lease: ask again. */
export function isNotOwnerReply(reply: ForwardReply): boolean {
  return reply.kind === "error" && reply.error.code === "not_owner";
}

/** Forward / take the lease rounds for one command before it is refused `not_owner`. */
export const MAX_FORWARD_ATTEMPTS = 5;
/** Wait before round n+1: n times this (an owner is handing over or still subscribing). */
export const FORWARD_RETRY_DELAY_MS = 20;

/** How one command or dry run reaches the owner of its ledger (LedgerRegistry with forwarding). */
export interface Route<T> {
  readonly forwarding: CommandForwarding;
  readonly ledgerId: string;
  readonly message: ForwardMessage;
  /** True when this process holds (or is acquiring) the lease: decide here. */
  readonly ownedHere: () => boolean;
  /** Decides here, acquiring the lease if need be (rejects `not_owner` if another holds it). */
  readonly local: () => Promise<T>;
  readonly fromReply: (reply: ForwardReply) => T;
}

/**
 * Decides here when this process owns the ledger; else forwards to the owner and returns its
 * answer; when nobody owns it (or the owner just let go), takes the lease and decides here; if
 * someone else took it meanwhile, forwards again. At most MAX_FORWARD_ATTEMPTS rounds.
 */
export async function routeToOwner<T>(route: Route<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    if (!route.ownedHere()) {
      const reply = await route.forwarding.forward(route.ledgerId, route.message);
      if (reply !== "no_owner" && !isNotOwnerReply(reply)) return route.fromReply(reply);
    }
    try {
      return await route.local();
    } catch (error) {
      const notOwner = error instanceof WriterError && error.code === "not_owner";
      if (!notOwner || attempt >= MAX_FORWARD_ATTEMPTS) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, FORWARD_RETRY_DELAY_MS * attempt));
  }
}

/** JSON with bigint, Map and Set written as one-key objects `{"$bigint": "12"}`, `{"$map": [[k, v]]}`, `{"$set": [...]}`. */
export type WireValue =
  string | number | boolean | null | readonly WireValue[] | { readonly [key: string]: WireValue };

const TAGS = ["$bigint", "$map", "$set"] as const;

/**
 * `value` as JSON. A plain object's key that starts with `$` gets one more `$`, so no data can
 * look like a tag. Numbers must be finite, and undefined properties are left out (as
 * JSON.stringify does); anything else (functions, class instances) is refused.
 */
export function toWire(value: unknown): WireValue {
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    return value;
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (value instanceof Map) {
    return { $map: [...(value as Map<unknown, unknown>)].map(([k, v]) => [toWire(k), toWire(v)]) };
  }
  if (value instanceof Set) return { $set: [...(value as Set<unknown>)].map(toWire) };
  if (typeof value === "object" && isPlain(value)) {
    const out: Record<string, WireValue> = {};
    for (const [key, field] of Object.entries(value)) {
      if (field !== undefined) setOwn(out, key.startsWith("$") ? `$${key}` : key, toWire(field));
    }
    return out;
  }
  throw new TypeError(`cannot send a ${typeof value} over the wire`);
}

/** The value toWire wrote. */
export function fromWire(wire: unknown): unknown {
  if (wire === null || typeof wire !== "object") return wire;
  if (Array.isArray(wire)) return wire.map(fromWire);
  const entries = Object.entries(wire as Record<string, unknown>);
  const [tag, body] = entries.length === 1 ? (entries[0] ?? []) : [];
  if (tag === TAGS[0] && typeof body === "string") return BigInt(body);
  if (tag === TAGS[1] && Array.isArray(body)) {
    return new Map(body.map((pair) => (pair as unknown[]).map(fromWire) as [unknown, unknown]));
  }
  if (tag === TAGS[2] && Array.isArray(body)) return new Set(body.map(fromWire));
  const out: Record<string, unknown> = {};
  for (const [key, field] of entries) {
    setOwn(out, key.startsWith("$") ? key.slice(1) : key, fromWire(field));
  }
  return out;
}

function isPlain(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** out[key] = value as an own property, even for `__proto__`. */
function setOwn<T>(out: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}
