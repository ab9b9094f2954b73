// Shared fixtures for the decider specs: one bank ledger with USD, EUR, JPY (scale 0) and
// BTC (scale 8), a chart of accounts, and short builders for postings and commands.
import type {
  CreateLedger,
  OpenAccount,
  PendEntry,
  PostEntry,
  PostingInput,
} from "../../schemas/index.js";

export const createBankLedger: CreateLedger = {
  type: "CreateLedger",
  ledgerId: "bank",
  name: "Folio Bank",
  reportingCurrency: "USD",
  assets: [
    { code: "USD", scale: 2 },
    { code: "EUR", scale: 2 },
    { code: "JPY", scale: 0 },
    { code: "BTC", scale: 8 },
  ],
};

export function openAccount(
  accountId: string,
  currency: string,
  accountType: OpenAccount["accountType"],
  flags?: OpenAccount["flags"],
): OpenAccount {
  return flags === undefined
    ? { type: "OpenAccount", accountId, currency, accountType }
    : { type: "OpenAccount", accountId, currency, accountType, flags };
}

/** The bank's cash at the central bank (USD asset). */
export const openUsdCash = openAccount("cash:usd", "USD", "asset");
/** A customer's current account: the bank owes it, and it may not go overdrawn. */
export const openCustomer = openAccount("cust:0042:current", "USD", "liability", {
  debitsMustNotExceedCredits: true,
});
/** A merchant's settlement account (USD liability, no limit). */
export const openMerchant = openAccount("merchant:0007:settlement", "USD", "liability");
export const openEurCash = openAccount("cash:eur", "EUR", "asset");
/** FX position accounts: the bank's book in each currency of a conversion. */
export const openUsdFxPosition = openAccount("fx:position:usd", "USD", "equity");
export const openEurFxPosition = openAccount("fx:position:eur", "EUR", "equity");
export const openJpyCash = openAccount("cash:jpy", "JPY", "asset");
export const openJpyDeposits = openAccount("deposits:jpy", "JPY", "liability");
export const openBtcCustody = openAccount("custody:btc", "BTC", "asset");
export const openBtcClientHoldings = openAccount("clients:btc", "BTC", "liability");
/** Fee income (USD): card fees the bank earns. */
export const openFeeIncome = openAccount("income:fees", "USD", "income");
/** A nostro account that may never show more credits than debits. */
export const openNostro = openAccount("nostro:usd", "USD", "asset", {
  creditsMustNotExceedDebits: true,
});

/** The ledger with every fixture account opened. */
export const bankWithAccounts = [
  createBankLedger,
  openUsdCash,
  openCustomer,
  openMerchant,
  openEurCash,
  openUsdFxPosition,
  openEurFxPosition,
  openJpyCash,
  openJpyDeposits,
  openBtcCustody,
  openBtcClientHoldings,
  openNostro,
  openFeeIncome,
] as const;

/** The sequence the first event after `bankWithAccounts` gets. */
export const FIRST_FREE_SEQUENCE = bankWithAccounts.length;

export const CASH = openUsdCash.accountId;
export const CUSTOMER = openCustomer.accountId;
export const MERCHANT = openMerchant.accountId;
export const NOSTRO = openNostro.accountId;
export const FEES = openFeeIncome.accountId;

export function debit(accountId: string, amount: string, currency?: string): PostingInput {
  return currency === undefined
    ? { accountId, side: "debit", amount }
    : { accountId, side: "debit", amount, currency };
}

export function credit(accountId: string, amount: string, currency?: string): PostingInput {
  return currency === undefined
    ? { accountId, side: "credit", amount }
    : { accountId, side: "credit", amount, currency };
}

export function postEntry(entryId: string, ...postings: PostingInput[]): PostEntry {
  return { type: "PostEntry", entryId, postings };
}

export function pendEntry(
  entryId: string,
  timeoutSeconds: number,
  ...postings: PostingInput[]
): PendEntry {
  return { type: "PendEntry", entryId, timeoutSeconds, postings };
}

/** The customer pays in `amount` USD in cash: debit cash, credit the customer. */
export function deposit(entryId: string, amount: string): PostEntry {
  return postEntry(entryId, debit(CASH, amount), credit(CUSTOMER, amount));
}
