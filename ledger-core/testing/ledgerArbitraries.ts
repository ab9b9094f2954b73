// fast-check generators of random ledger histories: a fixed chart of accounts, then steps
// that mix valid and invalid commands (unbalanced, wrong currency, too many decimals, unknown
// accounts, reused ids, late holds, closed periods), clock advances, a clock that steps back,
// and re-sent commands. Amounts run from one minor unit to past the 10^30 bound, postings
// sometimes name their currency (rightly or not), holds and entries may be dated in the past
// or the future, and partial posts use each asset's scale. Shared by the core's property
// tests and the read models' property tests.
import fc from "fast-check";
import type { BatchableCommand, Command, OpenAccount, PostingInput } from "../../schemas/index.js";
import { formatAmount } from "../../schemas/index.js";

export const historyStart = Date.parse("2026-01-01T00:00:00.000Z");

export const fixtureAssets = [
  { code: "USD", scale: 2 },
  { code: "JPY", scale: 0 },
  { code: "BTC", scale: 8 },
] as const;

type FixtureCurrency = (typeof fixtureAssets)[number]["code"];

const scaleOf = (currency: FixtureCurrency): number =>
  fixtureAssets.find((asset) => asset.code === currency)?.scale ?? 0;

/** The chart every history starts with: plain, limited and multi-currency accounts. */
export const fixtureAccounts: readonly OpenAccount[] = [
  open("cash:usd", "USD", "asset"),
  open("cust:1:usd", "USD", "liability", { debitsMustNotExceedCredits: true }),
  open("cust:2:usd", "USD", "liability", { debitsMustNotExceedCredits: true }),
  open("loan:1:usd", "USD", "asset", { creditsMustNotExceedDebits: true }),
  open("fees:usd", "USD", "income"),
  open("equity:usd", "USD", "equity"),
  open("cash:jpy", "JPY", "asset"),
  open("cust:1:jpy", "JPY", "liability", { debitsMustNotExceedCredits: true }),
  open("vault:btc", "BTC", "asset"),
  open("cust:1:btc", "BTC", "liability", { debitsMustNotExceedCredits: true }),
];

function open(
  accountId: string,
  currency: FixtureCurrency,
  accountType: OpenAccount["accountType"],
  flags?: OpenAccount["flags"],
): OpenAccount {
  return flags === undefined
    ? { type: "OpenAccount", accountId, currency, accountType }
    : { type: "OpenAccount", accountId, currency, accountType, flags };
}

export const fixturePrelude: readonly Command[] = [
  {
    type: "CreateLedger",
    ledgerId: "prop",
    name: "Property ledger",
    reportingCurrency: "USD",
    assets: fixtureAssets.map((asset) => ({ ...asset })),
  },
  ...fixtureAccounts,
  fund("fund:1", "cash:usd", "cust:1:usd", "10000.00"),
  fund("fund:2", "cash:usd", "cust:2:usd", "2500.00"),
  fund("fund:3", "loan:1:usd", "cash:usd", "5000.00"),
  fund("fund:4", "cash:jpy", "cust:1:jpy", "1000000"),
  fund("fund:5", "vault:btc", "cust:1:btc", "0.5"),
];

function fund(entryId: string, debit: string, credit: string, amount: string): Command {
  return {
    type: "PostEntry",
    entryId,
    postings: [
      { accountId: debit, side: "debit", amount },
      { accountId: credit, side: "credit", amount },
    ],
  };
}

const accountIdsIn = (currency: FixtureCurrency): string[] =>
  fixtureAccounts.filter((account) => account.currency === currency).map((a) => a.accountId);

const anyAccountId = fc.constantFrom(
  ...fixtureAccounts.map((account) => account.accountId),
  "ghost:never-opened",
);

/**
 * Ids come from small pools so that retries, id conflicts and actions on existing holds
 * happen often: posted entries mostly use e0..e9, holds h0..h2 (sometimes crossing over).
 */
const entryId = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 9 }).map((n) => `e${n}`), weight: 9 },
  { arbitrary: fc.integer({ min: 0, max: 2 }).map((n) => `h${n}`), weight: 1 },
);
const holdId = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 2 }).map((n) => `h${n}`), weight: 9 },
  { arbitrary: fc.integer({ min: 0, max: 9 }).map((n) => `e${n}`), weight: 1 },
);
const reversalTarget = fc.oneof(
  fc.integer({ min: 0, max: 4 }).map((n) => `e${n}`),
  fc.integer({ min: 0, max: 2 }).map((n) => `h${n}`),
);

function amountText(minor: bigint, currency: FixtureCurrency, extraDecimal: boolean): string {
  const text = formatAmount(minor, scaleOf(currency));
  if (!extraDecimal) return text;
  return text.includes(".") ? `${text}5` : `${text}.5`;
}

/** Minor units: mostly small; sometimes near, at or past the 10^30 bound of one amount. */
const minorArbitrary: fc.Arbitrary<bigint> = fc.oneof(
  { arbitrary: fc.bigInt({ min: 1n, max: 200_000n }), weight: 20 },
  { arbitrary: fc.bigInt({ min: 10n ** 29n, max: 10n ** 30n - 1n }), weight: 2 },
  { arbitrary: fc.constantFrom(10n ** 30n - 1n, 10n ** 30n), weight: 1 },
);

/** Whether a posting names its currency: mostly not; sometimes its own; rarely another. */
const namedCurrencyArbitrary = fc.constantFrom("none", "none", "none", "same", "other");

/** Postings in one currency that balance, unless `skew` unbalances them on purpose. */
const postingsArbitrary: fc.Arbitrary<PostingInput[]> = fc
  .record({
    currency: fc.constantFrom<FixtureCurrency>("USD", "USD", "USD", "JPY", "BTC"),
    pairs: fc.array(
      fc.record({
        debitPick: fc.nat(),
        creditPick: fc.nat(),
        minor: minorArbitrary,
        named: namedCurrencyArbitrary,
      }),
      { minLength: 1, maxLength: 3 },
    ),
    skew: fc.constantFrom(...Array<string>(12).fill("none"), "unbalanced", "precision", "stranger"),
    stranger: anyAccountId,
  })
  .map(({ currency, pairs, skew, stranger }) => {
    const ids = accountIdsIn(currency);
    const pick = (n: number): string => ids[n % ids.length] ?? "ghost:never-opened";
    const postings: PostingInput[] = [];
    const named = (how: string): Pick<PostingInput, "currency"> =>
      how === "none"
        ? {}
        : { currency: how === "same" ? currency : currency === "JPY" ? "USD" : "JPY" };
    pairs.forEach((pair, index) => {
      const first = index === 0;
      const debitMinor = first && skew === "unbalanced" ? pair.minor + 1n : pair.minor;
      postings.push({
        accountId: first && skew === "stranger" ? stranger : pick(pair.debitPick),
        side: "debit",
        amount: amountText(debitMinor, currency, first && skew === "precision"),
        ...named(pair.named),
      });
      postings.push({
        accountId: pick(pair.creditPick),
        side: "credit",
        amount: amountText(pair.minor, currency, false),
        ...named(pair.named === "other" ? "none" : pair.named),
      });
    });
    return postings;
  });

const effectiveAtArbitrary = fc.option(
  fc
    .integer({ min: -30 * 86_400, max: 30 * 86_400 })
    .map((s) => new Date(historyStart + 400_000_000 + s * 1000).toISOString()),
  { nil: undefined, freq: 4 },
);

const postEntry = fc
  .record({ entryId, postings: postingsArbitrary, effectiveAt: effectiveAtArbitrary })
  .map(({ entryId: id, postings, effectiveAt }): BatchableCommand =>
    effectiveAt === undefined
      ? { type: "PostEntry", entryId: id, postings }
      : { type: "PostEntry", entryId: id, postings, effectiveAt },
  );

/** Holds, some dated in the past or the future (their resolution is never effective before). */
const pendEntry = fc
  .record({
    entryId: holdId,
    postings: postingsArbitrary,
    timeoutSeconds: fc.integer({ min: 1, max: 200_000 }),
    effectiveAt: effectiveAtArbitrary,
  })
  .map(({ entryId: id, postings, timeoutSeconds, effectiveAt }): BatchableCommand => ({
    type: "PendEntry",
    entryId: id,
    postings,
    timeoutSeconds,
    ...(effectiveAt === undefined ? {} : { effectiveAt }),
  }));

/** Posts a hold in full, in part by `amount` at one of the assets' scales, or leg by leg. */
const postPending = fc
  .record({
    pendingId: holdId,
    how: fc.constantFrom("all", "amount", "postings"),
    minor: fc.bigInt({ min: 1n, max: 200_000n }),
    scale: fc.constantFrom(...fixtureAssets.map((asset) => asset.scale)),
    postings: postingsArbitrary,
  })
  .map(({ pendingId, how, minor, scale, postings }): BatchableCommand => {
    if (how === "all") return { type: "PostPending", pendingId };
    if (how === "amount") {
      return { type: "PostPending", pendingId, amount: formatAmount(minor, scale) };
    }
    return { type: "PostPending", pendingId, postings };
  });

const voidPending = holdId.map((pendingId): BatchableCommand => ({
  type: "VoidPending",
  pendingId,
}));

const reverseEntry = fc
  .record({ entryId, reversalOf: reversalTarget })
  .map(({ entryId: id, reversalOf }): BatchableCommand => ({
    type: "ReverseEntry",
    entryId: id,
    reversalOf,
  }));

const batchable = fc.oneof(
  { arbitrary: postEntry, weight: 6 },
  { arbitrary: pendEntry, weight: 5 },
  { arbitrary: postPending, weight: 3 },
  { arbitrary: voidPending, weight: 1 },
  { arbitrary: reverseEntry, weight: 2 },
);

const otherCommand: fc.Arbitrary<Command> = fc.oneof(
  holdId.map((pendingId): Command => ({ type: "ExpirePending", pendingId })),
  fc.integer({ min: -50_000, max: 200_000 }).map((s): Command => ({
    type: "ClosePeriod",
    upTo: new Date(historyStart + s * 1000).toISOString(),
  })),
  fc
    .constantFrom("extra:1", "extra:2", "extra:3", "fees:usd", "ghost:never-opened")
    .map((accountId): Command => ({ type: "CloseAccount", accountId })),
  fc
    .record({
      accountId: anyAccountId,
      version: fc.integer({ min: 1, max: 3 }),
      rating: fc.constantFrom("A", "B", "C"),
    })
    .map(({ accountId, version, rating }): Command => ({
      type: "UpdateAccount",
      accountId,
      expectedVersion: version,
      attributes: { rating },
    })),
  fc
    .record({
      n: fc.integer({ min: 0, max: 3 }),
      currency: fc.constantFrom<FixtureCurrency | "XAU">("USD", "JPY", "XAU"),
    })
    .map(({ n, currency }): Command => ({
      type: "OpenAccount",
      accountId: n === 0 ? "cash:usd" : `extra:${n}`,
      currency,
      accountType: "asset",
    })),
  fc
    .array(batchable, { minLength: 1, maxLength: 3 })
    .map((commands): Command => ({ type: "AtomicBatch", commands })),
);

/**
 * One step of a history: a command, time passing (or the clock stepping back, as a host's
 * clock may after an NTP correction), or a re-send of an earlier command.
 */
export type HistoryStep =
  | { readonly kind: "command"; readonly command: Command }
  | { readonly kind: "advance"; readonly seconds: number }
  | { readonly kind: "resend"; readonly pick: number };

export const historyStepArbitrary: fc.Arbitrary<HistoryStep> = fc.oneof(
  { arbitrary: batchable.map((command) => ({ kind: "command", command }) as const), weight: 10 },
  { arbitrary: otherCommand.map((command) => ({ kind: "command", command }) as const), weight: 3 },
  {
    arbitrary: fc
      .integer({ min: 1, max: 150_000 })
      .map((seconds) => ({ kind: "advance", seconds }) as const),
    weight: 2,
  },
  {
    arbitrary: fc
      .integer({ min: -3_600, max: -1 })
      .map((seconds) => ({ kind: "advance", seconds }) as const),
    weight: 1,
  },
  { arbitrary: fc.nat().map((pick) => ({ kind: "resend", pick }) as const), weight: 2 },
);

export const historyArbitrary = fc.array(historyStepArbitrary, { minLength: 5, maxLength: 40 });
