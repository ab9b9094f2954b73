// Amounts in answers: minor units as decimal strings at the scale of their currency in the
// ledger (docs/api.md: money is bigint minor units inside, decimal strings outside).
import type { LedgerInfo } from "../../ledger-core/index.js";
import { formatAmount } from "../../schemas/index.js";

export function moneyOf(ledger: LedgerInfo, currency: string, minor: bigint): string {
  return formatAmount(minor, ledger.assets.get(currency) ?? 0);
}
