// fast-check arbitraries shared by the ISO 20022 tests: account statements to export, with
// lines in EUR, JPY or KWD, signed balances and descriptions that need XML escaping.
import fc from "fast-check";
import { formatIsoAmount } from "../currencies.js";

const lineArbitrary = (ccy: string) =>
  fc.record({
    sequence: fc.nat({ max: 1_000_000 }),
    entryId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,60}$/),
    effectiveAt: fc
      .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
      .map((d) => d.toISOString()),
    recordedAt: fc.constant("2026-11-30T12:00:00.000Z"),
    description: fc.string({
      unit: fc.constantFrom(...Array.from("abc XYZ&<>'\"ü€-/"), "😀"),
      maxLength: 400,
    }),
    side: fc.constantFrom("debit" as const, "credit" as const),
    amount: fc.bigInt({ min: 1n, max: 10n ** 15n }).map((minor) => formatIsoAmount(minor, ccy)),
  });
const signedBalance = (ccy: string) =>
  fc
    .bigInt({ min: -(10n ** 15n), max: 10n ** 15n })
    .map((minor) =>
      minor < 0n ? `-${formatIsoAmount(-minor, ccy)}` : formatIsoAmount(minor, ccy),
    );

export const statementArbitrary = fc.constantFrom("EUR", "JPY", "KWD").chain((ccy) =>
  fc.record({
    ledgerId: fc.constant("bank"),
    accountId: fc.stringMatching(/^[a-z][a-z0-9:]{0,30}$/),
    currency: fc.constant(ccy),
    from: fc.constant("2026-11-01T00:00:00.000Z"),
    to: fc.constant("2026-11-30T23:59:59.000Z"),
    opening: fc.record({ posted: signedBalance(ccy) }),
    closing: fc.record({ posted: signedBalance(ccy) }),
    lines: fc.array(lineArbitrary(ccy), { maxLength: 8 }),
  }),
);
