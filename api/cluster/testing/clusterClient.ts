// A client of a test cluster that sends one request until its outcome is known
// (api/clusterKill.spec.ts, benchmarks/cluster.bench.ts): to a live process picked at random,
// again elsewhere when the connection fails (a killed process: the outcome is unknown, and
// commands are idempotent by id), after Retry-After (capped) on 503 (forward_owner_lost,
// forward_timeout, not_owner, overloaded). Any other answer is the outcome; it says which 503s
// came before it and how long the slowest attempt took.
import { setTimeout as sleep } from "node:timers/promises";
import type { JsonReply } from "../../testing/testFolio.js";
import type { ClusterProcess } from "./clusterProcesses.js";

/** Attempts per request before giving up (every wait below is bounded too). */
export const MAX_ATTEMPTS = 60;
/** A 503's Retry-After is honoured up to this, ms (the servers say 1 s; tests stay short). */
export const RETRY_AFTER_CAP_MS = 200;
/** Wait before another process after a failed connection, ms. */
export const RECONNECT_DELAY_MS = 10;

export interface Outcome extends JsonReply {
  /** The process that answered. */
  readonly via: string;
  readonly attempts: number;
  /** When the answered attempt was sent and answered (performance.now()). */
  readonly sentAt: number;
  readonly answeredAt: number;
  /** 503s and failed connections before the answer. */
  readonly unavailable: number;
  /** The codes of those 503s, in order ("connection" for a failed connection). */
  readonly retriedOn: readonly string[];
  /** The longest one of those attempts took, ms. */
  readonly slowestRetriedMs: number;
}

export class ClusterClient {
  constructor(private readonly processes: readonly ClusterProcess[]) {}

  /** The processes still serving (not killed). */
  live(): ClusterProcess[] {
    return this.processes.filter((process) => process.alive());
  }

  /** A live process at random, another than `avoid` when there is one. */
  pick(avoid?: string): ClusterProcess {
    const live = this.live();
    const others = live.filter((process) => process.name !== avoid);
    const from = others.length > 0 ? others : live;
    const chosen = from[Math.floor(Math.random() * from.length)];
    if (chosen === undefined) throw new Error("no live Folio process");
    return chosen;
  }

  /** Sends until an answer other than 503 (the first attempt avoids `avoid`). */
  async send(method: string, path: string, body?: unknown, avoid?: string): Promise<Outcome> {
    const retriedOn: string[] = [];
    let slowestRetriedMs = 0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const target = this.pick(attempt === 1 ? avoid : undefined);
      const sentAt = performance.now();
      let reply: JsonReply;
      try {
        reply = await target.request(method, path, body);
      } catch {
        retriedOn.push("connection"); // connection refused or reset: the process died
        slowestRetriedMs = Math.max(slowestRetriedMs, performance.now() - sentAt);
        await sleep(RECONNECT_DELAY_MS);
        continue;
      }
      if (reply.status === 503) {
        const { code } = (reply.body ?? {}) as { code?: unknown };
        retriedOn.push(typeof code === "string" ? code : "503");
        slowestRetriedMs = Math.max(slowestRetriedMs, performance.now() - sentAt);
        const seconds = Number(reply.headers.get("retry-after") ?? "1");
        await sleep(Math.min(RETRY_AFTER_CAP_MS, Math.max(0, seconds * 1000)));
        continue;
      }
      const answeredAt = performance.now();
      const unavailable = retriedOn.length;
      return {
        ...reply,
        ...{ via: target.name, attempts: attempt, sentAt, answeredAt },
        ...{ unavailable, retriedOn, slowestRetriedMs },
      };
    }
    throw new Error(
      `${method} ${path}: no answer but 503 or a failed connection in ${MAX_ATTEMPTS} attempts`,
    );
  }
}
