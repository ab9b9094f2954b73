// A catch-up subscription built on repeated readAll calls: read a batch after the
// checkpoint, deliver it, and when a batch comes back short wait for a wake-up (an append
// in this process, a NOTIFY) or the poll interval, whichever comes first. Used by the
// memory and postgres adapters; a read failure is retried with backoff, and only a long
// run of failures ends the iteration with an error; the store's own errors end it at once.
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type {
  ReadAllOptions,
  StoredEvent,
  Subscription,
  SubscribeToAllOptions,
} from "../../ledger-core/index.js";
import { EventStoreError, invariant } from "../errors.js";
import { assertGlobalOrder } from "./validation.js";

/** Events read per poll. */
export const SUBSCRIPTION_BATCH_SIZE = 500;
/** Longest wait between polls when no wake-up arrives. */
export const POLL_INTERVAL_MS = 100;
/** Backoff after a failed read: doubles from the first value up to the cap. */
export const READ_RETRY_FIRST_DELAY_MS = 100;
export const READ_RETRY_MAX_DELAY_MS = 5_000;
/** Consecutive failed reads after which the subscription gives up and throws. */
export const MAX_CONSECUTIVE_READ_FAILURES = 20;

/** Wakes every waiter at once; waiters also give up after a timeout or an abort. */
export class WakeupSignal {
  private readonly waiters = new Set<() => void>();

  notifyAll(): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  async wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    this.waiters.add(wake);
    signal.addEventListener("abort", wake, { once: true });
    const timer = setTimeout(wake, timeoutMs);
    try {
      await woken;
    } finally {
      clearTimeout(timer);
      this.waiters.delete(wake);
      signal.removeEventListener("abort", wake);
    }
  }
}

export interface PollingSource {
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  readonly wakeup: WakeupSignal;
  readonly logger: Logger;
}

class PollingSubscription implements Subscription {
  private readonly abort = new AbortController();
  private started = false;

  constructor(
    private readonly source: PollingSource,
    private readonly options: SubscribeToAllOptions,
  ) {}

  close(): Promise<void> {
    this.abort.abort();
    return Promise.resolve();
  }

  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    invariant(!this.started, "a subscription can be iterated only once");
    this.started = true;
    return this.run();
  }

  /** A method, not a field read, so that the checks after each await are not narrowed away. */
  private isClosed(): boolean {
    return this.abort.signal.aborted;
  }

  private async *run(): AsyncGenerator<StoredEvent> {
    let checkpoint = this.options.fromPosition;
    while (!this.abort.signal.aborted) {
      const batch = await this.readWithRetry(checkpoint);
      assertGlobalOrder(batch, checkpoint);
      for (const event of batch) {
        if (this.isClosed()) return;
        yield event;
        checkpoint = event.position;
      }
      if (batch.length < SUBSCRIPTION_BATCH_SIZE) {
        await this.source.wakeup.wait(POLL_INTERVAL_MS, this.abort.signal);
      }
    }
  }

  private async readWithRetry(checkpoint: string): Promise<StoredEvent[]> {
    let delay = READ_RETRY_FIRST_DELAY_MS;
    for (let failures = 1; ; failures += 1) {
      try {
        const { filter } = this.options;
        return await this.source.readAll({
          fromPosition: checkpoint,
          maxCount: SUBSCRIPTION_BATCH_SIZE,
          ...(filter === undefined ? {} : { filter }),
        });
      } catch (error) {
        if (this.abort.signal.aborted) return [];
        // Our own errors (bad position, broken invariant, closed store) are not transient.
        if (error instanceof EventStoreError) throw error;
        if (failures >= MAX_CONSECUTIVE_READ_FAILURES) {
          throw new EventStoreError(
            "subscription_failed",
            `subscription gave up after ${failures} failed reads`,
            { cause: error },
          );
        }
        this.source.logger.warn({ err: error, failures, delay }, "subscription read failed");
        await sleep(delay, undefined, { signal: this.abort.signal }).catch(() => undefined);
        delay = Math.min(delay * 2, READ_RETRY_MAX_DELAY_MS);
      }
    }
  }
}

export function createPollingSubscription(
  source: PollingSource,
  options: SubscribeToAllOptions,
): Subscription {
  return new PollingSubscription(source, options);
}
