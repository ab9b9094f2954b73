// The load of bench:scale: closed-loop callers that post atomic batches of transfers between
// the bench ledger's accounts, with a share of holds (each later posted or voided) and of
// reversals of old entries anywhere in history, so that the writer's entry lookup is used.
// Every command is a pure function of its number, so any id can be sent again later with the
// same or with other content.
import { performance } from "node:perf_hooks";
import { WriterError, type LedgerWriter } from "../ledger-core/index.js";
import type { Command, PostEntry } from "../schemas/index.js";
import { benchRequest } from "./benchLedger.js";

export interface LoadShape {
  readonly accounts: number;
  readonly callers: number;
  /** Transfers per atomic batch. */
  readonly batchEntries: number;
  /** One command in `holdEvery` is a hold; one in `reverseEvery` a reversal of an old entry. */
  readonly holdEvery: number;
  readonly reverseEvery: number;
}

/** Counts of one stretch of load. */
export interface LoadProgress {
  /** Entries made durable: posted (transfers, reversals, posted holds) and pended. */
  entries: number;
  commands: number;
  /** Commands refused by the writer (overloaded and the like), never a wrong answer. */
  writerErrors: number;
}

/** A multiplicative hash of n to 0 .. range-1: the same n always gives the same value. */
function spread(n: number, salt: number, range: number): number {
  return Number((BigInt(n) * 2_654_435_761n + BigInt(salt) * 40_503n) % BigInt(range));
}

/** The transfer `entryId` names: accounts and amount fixed by its number. */
export function transferOf(
  ledgerTag: string,
  n: number,
  accounts: number,
  cents?: number,
): PostEntry {
  const debit = spread(n, 1, accounts);
  const credit = (debit + 1 + spread(n, 2, accounts - 1)) % accounts;
  const amountCents = cents ?? 1 + spread(n, 3, 100_000);
  const amount = `${Math.floor(amountCents / 100)}.${String(amountCents % 100).padStart(2, "0")}`;
  return {
    type: "PostEntry",
    entryId: `${ledgerTag}:t${n}`,
    postings: [
      { accountId: `acct:${debit}`, side: "debit", amount },
      { accountId: `acct:${credit}`, side: "credit", amount },
    ],
  };
}

/** Builds the commands of a run: numbers give transfers, holds and reversals. */
export class ScaleLoad {
  private nextTransfer = 0;
  private nextCommand = 0;
  private readonly openHolds: string[] = [];

  constructor(
    private readonly writer: LedgerWriter,
    private readonly tag: string,
    private readonly shape: LoadShape,
  ) {}

  /** Transfers issued so far (ids t0 .. t(n-1)). */
  get transfersIssued(): number {
    return this.nextTransfer;
  }

  /** Runs the callers until `done()` says stop; counts into `progress`. */
  async run(progress: LoadProgress, done: () => boolean): Promise<void> {
    const caller = async (): Promise<void> => {
      while (!done()) {
        const command = this.nextCommandToSend();
        try {
          const decision = await this.writer.submit(benchRequest(command));
          progress.commands += 1;
          if (decision.status === "accepted") {
            progress.entries += decision.events.filter(
              (event) => event.type === "EntryPosted" || event.type === "EntryPended",
            ).length;
          }
        } catch (error) {
          if (!(error instanceof WriterError)) throw error;
          progress.writerErrors += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: this.shape.callers }, caller));
  }

  private nextCommandToSend(): Command {
    this.nextCommand += 1;
    const n = this.nextCommand;
    if (n % this.shape.holdEvery === 0) return this.holdCommand(n);
    if (n % this.shape.reverseEvery === 0 && this.nextTransfer > 0) {
      const original = spread(n, 4, this.nextTransfer);
      return {
        type: "ReverseEntry",
        entryId: `${this.tag}:r${n}`,
        reversalOf: `${this.tag}:t${original}`,
      };
    }
    const commands: PostEntry[] = [];
    for (let k = 0; k < this.shape.batchEntries; k += 1) {
      commands.push(transferOf(this.tag, this.nextTransfer, this.shape.accounts));
      this.nextTransfer += 1;
    }
    return { type: "AtomicBatch", commands };
  }

  /** Every other hold command settles (posts or voids) the oldest open hold. */
  private holdCommand(n: number): Command {
    const settle = this.openHolds.length > 64 || (this.openHolds.length > 0 && n % 2 === 0);
    const pendingId = settle ? this.openHolds.shift() : undefined;
    if (pendingId !== undefined) {
      return n % 3 === 0 ? { type: "VoidPending", pendingId } : { type: "PostPending", pendingId };
    }
    const entryId = `${this.tag}:h${n}`;
    this.openHolds.push(entryId);
    const transfer = transferOf(this.tag, n, this.shape.accounts, 1 + (n % 500));
    return { ...transfer, type: "PendEntry", entryId, timeoutSeconds: 86_400 };
  }
}

/** Runs the load for `durationMs` (or until `target` entries): entries/s and the counts. */
export async function runFor(
  load: ScaleLoad,
  limits: { readonly durationMs?: number; readonly targetEntries?: number },
): Promise<LoadProgress & { readonly perSecond: number; readonly elapsedMs: number }> {
  const progress: LoadProgress = { entries: 0, commands: 0, writerErrors: 0 };
  const started = performance.now();
  const end = started + (limits.durationMs ?? Number.POSITIVE_INFINITY);
  const target = limits.targetEntries ?? Number.POSITIVE_INFINITY;
  await load.run(progress, () => performance.now() >= end || progress.entries >= target);
  const elapsedMs = performance.now() - started;
  return { ...progress, elapsedMs, perSecond: (progress.entries * 1000) / elapsedMs };
}
