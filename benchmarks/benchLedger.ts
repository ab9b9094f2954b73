// The ledger the writer benchmarks post to: one USD ledger with `accounts` accounts named
// acct:0..acct:N-1 (assets and liabilities alternating), opened through the writer.
import type { CommandRequest, LedgerWriter } from "../ledger-core/index.js";
import type { Command, PostEntry } from "../schemas/index.js";

/** Accounts opened concurrently at a time while setting up. */
const OPEN_CHUNK = 1_000;

export const benchRequest = (command: Command): CommandRequest => ({
  command,
  actor: "bench",
  correlationId: "bench",
});

export async function setUpBenchLedger(
  writer: LedgerWriter,
  ledger: { readonly ledgerId: string; readonly name: string; readonly accounts: number },
): Promise<void> {
  const expectAccepted = async (command: Command): Promise<void> => {
    const decision = await writer.submit(benchRequest(command));
    if (decision.status !== "accepted")
      throw new Error(`set-up ${command.type} ${decision.status}`);
  };
  await expectAccepted({
    type: "CreateLedger",
    ledgerId: ledger.ledgerId,
    name: ledger.name,
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  });
  for (let first = 0; first < ledger.accounts; first += OPEN_CHUNK) {
    const opens: Promise<void>[] = [];
    for (let index = first; index < Math.min(ledger.accounts, first + OPEN_CHUNK); index += 1) {
      opens.push(
        expectAccepted({
          type: "OpenAccount",
          accountId: `acct:${index}`,
          currency: "USD",
          accountType: index % 2 === 0 ? "asset" : "liability",
        }),
      );
    }
    await Promise.all(opens);
  }
}

/**
 * A 2-posting entry between a random pair of distinct accounts of the bench ledger, for
 * 0.01 .. 1,000.00, optionally effective at `effectiveAt`.
 */
export function randomTransfer(accounts: number, entryId: string, effectiveAt?: string): PostEntry {
  const debit = Math.floor(Math.random() * accounts);
  const credit = (debit + 1 + Math.floor(Math.random() * (accounts - 1))) % accounts;
  const cents = 1 + Math.floor(Math.random() * 100_000);
  return transferBetween(debit, credit, cents, entryId, effectiveAt);
}

/** A 2-posting entry of `cents` from acct:<debit> to acct:<credit>. */
export function transferBetween(
  debit: number,
  credit: number,
  cents: number,
  entryId: string,
  effectiveAt?: string,
): PostEntry {
  const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
  const postings: PostEntry["postings"] = [
    { accountId: `acct:${debit}`, side: "debit", amount },
    { accountId: `acct:${credit}`, side: "credit", amount },
  ];
  return effectiveAt === undefined
    ? { type: "PostEntry", entryId, postings }
    : { type: "PostEntry", entryId, postings, effectiveAt };
}
