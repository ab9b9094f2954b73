// Properties of the ISO 20022 layer (fast-check): derived entry ids are stable, distinct and
// valid ledger ids; amounts parse exactly (compared with digit arithmetic, never floats) or are
// refused; an exported camt.053 parses back to the same amounts, sides, references, balances.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ID_PATTERN, MAX_ID_LENGTH } from "../../schemas/index.js";
import { parseCamt053 } from "./camt053.js";
import type { StatementLine } from "./camt053Export.js";
import { entryReference, exportCamt053 } from "./camt053Export.js";
import { CURRENCY_MINOR_UNITS, formatIsoAmount, parseIsoAmount } from "./currencies.js";
import { statementArbitrary } from "./testing/arbitraries.js";
import { camtEntryId, pacsEntryId } from "./entryIds.js";

const text35 = fc.string({ minLength: 1, maxLength: 35 });
const camtTuple = fc.record({
  messageId: text35,
  statementId: text35,
  electronicSequence: fc.option(fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }).map(String), {
    nil: undefined,
  }),
  ref: text35,
});
type CamtTuple = typeof camtTuple extends fc.Arbitrary<infer T> ? T : never;
const toId = (t: CamtTuple) => camtEntryId({ ...t, entry: { kind: "ref", value: t.ref } });

describe("derived entry ids", () => {
  it("same tuple, same id; every id is a valid ledger id", () => {
    fc.assert(
      fc.property(camtTuple, (tuple) => {
        const id = toId(tuple);
        expect(toId({ ...tuple })).toBe(id);
        expect(id).toMatch(ID_PATTERN);
        expect(id.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
      }),
    );
  });

  it("distinct tuples give distinct ids", () => {
    fc.assert(
      fc.property(camtTuple, camtTuple, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(toId(a)).not.toBe(toId(b));
      }),
    );
    fc.assert(
      fc.property(
        text35,
        fc.option(text35, { nil: undefined }),
        text35,
        text35,
        (msg, instr, e2e, tx) => {
          const id = pacsEntryId({
            messageId: msg,
            instructionId: instr,
            endToEndId: e2e,
            transactionId: tx,
          });
          expect(id).toMatch(ID_PATTERN);
          const other = pacsEntryId({
            messageId: msg,
            instructionId: instr,
            endToEndId: `${e2e}x`,
            transactionId: tx,
          });
          expect(other).not.toBe(id);
        },
      ),
    );
  });
});

const currencies = Object.keys(CURRENCY_MINOR_UNITS);

/** Reference: the exact minor units of a decimal string at `scale`, by string arithmetic. */
function referenceMinor(text: string, scale: number): bigint | "precision" {
  const [whole = "", fraction = ""] = text.split(".");
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > scale) return "precision";
  return BigInt(whole + significant.padEnd(scale, "0"));
}

describe("amount parsing", () => {
  it("round-trips every amount exactly, far beyond float precision", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.bigInt({ min: 1n, max: 10n ** 29n }),
        (ccy, minor) => {
          const text = formatIsoAmount(minor, ccy);
          const parsed = parseIsoAmount(text, ccy);
          expect(parsed).toEqual({ ok: true, minor });
        },
      ),
    );
  });

  it("accepts exactly the valid decimals at the scale and refuses the rest", () => {
    const digits = fc.string({
      unit: fc.constantFrom(...Array.from("0123456789")),
      minLength: 1,
      maxLength: 25,
    });
    const decimal = fc
      .tuple(
        digits,
        fc.option(fc.string({ unit: fc.constantFrom(...Array.from("0123456789")), maxLength: 6 }), {
          nil: undefined,
        }),
      )
      .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`));
    const junk = fc.string({
      unit: fc.constantFrom(...Array.from("0123456789.-+eE ,")),
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.oneof(decimal, junk), (ccy, text) => {
        const scale = CURRENCY_MINOR_UNITS[ccy] ?? 0;
        const parsed = parseIsoAmount(text, ccy);
        const wellFormed = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(text);
        const expected = wellFormed ? referenceMinor(text, scale) : "invalid";
        if (typeof expected === "bigint" && expected > 0n)
          expect(parsed).toEqual({ ok: true, minor: expected });
        else expect(parsed.ok).toBe(false);
      }),
    );
  });

  it("refuses negative amounts and unknown currencies", () => {
    expect(parseIsoAmount("-1.00", "EUR")).toEqual({
      ok: false,
      reason: 'negative amount "-1.00"',
    });
    expect(parseIsoAmount("1.00", "XXX").ok).toBe(false);
    expect(parseIsoAmount("0.00", "EUR", { allowZero: true })).toEqual({ ok: true, minor: 0n });
  });
});

function signed(minor: bigint, indicator: string): bigint {
  return indicator === "DBIT" ? -minor : minor;
}

describe("camt.053 export", () => {
  it("parses back to the same amounts, sides, references and balances", () => {
    fc.assert(
      fc.property(statementArbitrary, (statement) => {
        const exported = exportCamt053(statement, { createdAt: "2026-12-01T00:00:00Z" });
        if (!exported.ok) throw new Error(JSON.stringify(exported.errors));
        const parsed = parseCamt053(exported.value);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        const [back] = parsed.value.statements;
        const minorOf = (text: string) => {
          const negative = text.startsWith("-");
          const reading = parseIsoAmount(negative ? text.slice(1) : text, statement.currency, {
            allowZero: true,
          });
          if (!reading.ok) throw new Error(reading.reason);
          return negative ? -reading.minor : reading.minor;
        };
        expect(signed(back?.opening?.amount.minor ?? -1n, back?.opening?.creditDebit ?? "")).toBe(
          minorOf(statement.opening.posted),
        );
        expect(signed(back?.closing?.amount.minor ?? -1n, back?.closing?.creditDebit ?? "")).toBe(
          minorOf(statement.closing.posted),
        );
        expect(back?.account).toEqual({ other: statement.accountId, currency: statement.currency });
        expect(back?.entries).toHaveLength(statement.lines.length);
        statement.lines.forEach((line: StatementLine, i) => {
          const entry = back?.entries[i];
          expect(entry?.amount.minor).toBe(minorOf(line.amount));
          expect(entry?.creditDebit).toBe(line.side === "credit" ? "CRDT" : "DBIT");
          expect(entry?.entryRef).toBe(entryReference(line.entryId));
          expect(entry?.entryRef).toBe(line.entryId.length <= 35 ? line.entryId : entry?.entryRef);
          expect(entry?.details.endToEndId).toBe(entry?.entryRef);
          expect(entry?.accountServicerRef).toBe(String(line.sequence));
          expect(entry?.bookingDate?.instant).toBe(line.effectiveAt);
          expect(entry?.details.remittance).toBe(
            line.description === "" ? undefined : line.description,
          );
        });
      }),
      { numRuns: 60 },
    );
  });

  it("refuses amounts with more decimals than the currency and unknown currencies", () => {
    const statement = {
      ledgerId: "bank",
      accountId: "cust:1",
      currency: "JPY",
      from: "2026-11-01T00:00:00Z",
      to: "2026-11-30T00:00:00Z",
      opening: { posted: "0" },
      closing: { posted: "1.5" },
      lines: [],
    };
    const result = exportCamt053(statement, { createdAt: "2026-12-01T00:00:00Z" });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(["closing.posted"]);
    expect(
      exportCamt053({ ...statement, currency: "XXX" }, { createdAt: "2026-12-01T00:00:00Z" }).ok,
    ).toBe(false);
  });
});
