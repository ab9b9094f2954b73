// What a writer process of the fault tests (writerProcess.ts) is told to do: its options and
// the plans that choose each entry's postings. Kept apart from writerProcess.ts so that the
// spec can import these without running a writer.
import type { CommandRequest } from "../../ledger-core/index.js";

export type PostEntryCommand = Extract<CommandRequest["command"], { type: "PostEntry" }>;

/** How the process chooses each entry's postings. */
export type WriterPlan =
  /** 1.00 .. 9.99 between two of the ten accounts `acct:0` .. `acct:9`. */
  | "spread"
  /** Even entries debit 1.00 from the no-overdraft customer, odd ones move cash; both to the merchant. */
  | "overdraft";

export interface WriterProcessOptions {
  readonly url: string;
  readonly ledgerId: string;
  /** Entry ids are `<prefix>-<n>`, n = 0 .. count-1. */
  readonly prefix: string;
  readonly count: number;
  readonly concurrency: number;
  readonly plan: WriterPlan;
  /** Extra ids `shared-<n>` (cash -> merchant 1.00) posted by every process running this plan. */
  readonly sharedCount?: number;
  readonly waitForGo?: boolean;
  readonly snapshotEveryEvents?: number;
  readonly maxBatchWaitMs?: number;
  /** Submits of one command after a WriterError before it is reported as `err`. */
  readonly maxAttempts?: number;
}

export const SPREAD_ACCOUNTS = 10;
export const CUSTOMER = "cust:0042:current";
export const MERCHANT = "merchant:0007:settlement";
export const CASH = "cash:usd";

export function spreadAccountId(index: number): string {
  return `acct:${index}`;
}

export function postingsFor(plan: WriterPlan, n: number): PostEntryCommand["postings"] {
  if (plan === "overdraft") {
    const from = n % 2 === 0 ? CUSTOMER : CASH;
    const side = from === CUSTOMER ? "debit" : "credit";
    return [
      { accountId: from, side, amount: "1.00" },
      { accountId: MERCHANT, side: side === "debit" ? "credit" : "debit", amount: "1.00" },
    ];
  }
  const debit = (n * 7) % SPREAD_ACCOUNTS;
  const credit = (debit + 1 + (n % (SPREAD_ACCOUNTS - 1))) % SPREAD_ACCOUNTS;
  const amount = `${1 + (n % 9)}.${String(n % 100).padStart(2, "0")}`;
  return [
    { accountId: spreadAccountId(debit), side: "debit", amount },
    { accountId: spreadAccountId(credit), side: "credit", amount },
  ];
}
