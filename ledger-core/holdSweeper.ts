// The hold sweeper: holds whose timeout has passed are released by an ExpirePending command,
// written like any other command through the ledger's writer, on the injected clock. Until
// the sweeper gets to a hold it still counts against available balance, but it can no
// longer be posted or voided (pending_expired).
import type { LedgerRegistry } from "./ledgerRegistry.js";
import type { WriterLogger } from "./ledgerWriter.js";
import type { LedgerState } from "./state.js";

export const DEFAULT_SWEEP_INTERVAL_MS = 1_000;
/** Expirations one ledger submits per sweep; the rest wait for the next sweep. */
export const MAX_EXPIRATIONS_PER_SWEEP = 1_000;
export const SWEEPER_ACTOR = "system:hold-sweeper";

/** Open holds whose timeout has passed at `now`, oldest first, at most `limit`. */
export function dueHolds(state: Readonly<LedgerState>, now: number, limit: number): string[] {
  const due: { id: string; expiresAtMs: number }[] = [];
  for (const id of state.openHolds) {
    const hold = state.entries.get(id)?.hold;
    if (hold !== undefined && hold !== null && hold.expiresAtMs <= now) {
      due.push({ id, expiresAtMs: hold.expiresAtMs });
    }
  }
  due.sort((a, b) => a.expiresAtMs - b.expiresAtMs);
  return due.slice(0, limit).map((hold) => hold.id);
}

export interface HoldSweeperOptions {
  readonly registry: LedgerRegistry;
  readonly clock?: () => number;
  readonly intervalMs?: number;
  readonly logger?: WriterLogger;
}

/** Sweeps every open ledger on an interval; returns a stop function that waits for the sweep. */
export function startHoldSweeper(options: HoldSweeperOptions): () => Promise<void> {
  const clock = options.clock ?? Date.now;
  let running: Promise<void> = Promise.resolve();
  const sweep = async (): Promise<void> => {
    for (const writer of await options.registry.openWriters()) {
      const ledgerId = writer.current.ledger?.ledgerId;
      if (ledgerId === undefined) continue;
      const expirations = dueHolds(writer.current, clock(), MAX_EXPIRATIONS_PER_SWEEP).map(
        (pendingId) =>
          writer.submit({
            command: { type: "ExpirePending", pendingId },
            actor: SWEEPER_ACTOR,
            correlationId: `sweep:${ledgerId}:${pendingId}`,
          }),
      );
      const results = await Promise.allSettled(expirations);
      const failed = results.filter((result) => result.status === "rejected").length;
      if (failed > 0)
        options.logger?.warn({ ledgerId, failed }, "some holds could not be expired yet");
    }
  };
  const timer = setInterval(() => {
    running = running.then(sweep).catch((error: unknown) => {
      options.logger?.error({ err: error }, "hold sweep failed");
    });
  }, options.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
