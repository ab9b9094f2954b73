// canonicalJson against an independent RFC 8785 (JCS) implementation, the `canonicalize`
// package, as an oracle: for every JSON value Folio can hash (strings of any Unicode, with
// escapes and control characters; safe integers; booleans; null; nested arrays and objects
// with any keys) both give the same text. Where they part, canonicalJson refuses rather than
// differs: a float or an unsafe integer (money never travels as a float) is refused, and a
// string with an unpaired surrogate (not I-JSON, refused by canonicalize) is escaped the way
// JSON.stringify does, never silently altered.
import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvariantViolation } from "./assert.js";
import { canonicalJson } from "./canonicalJson.js";
import { canonicalEventText } from "./hashChain.js";
import type { JsonValue } from "./eventStorePort.js";

const numRuns = Number(process.env.PROPERTY_RUNS ?? 1_000);
/** A surrogate that is not half of a pair (with the u flag, a pair reads as one code point). */
const LONE_SURROGATE = /\p{Cs}/u;

/** Strings as Folio meets them: ASCII, escapes and controls, any code point, ids, amounts. */
const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom(
      '"',
      "\\",
      "/",
      "\b",
      "\f",
      "\n",
      "\r",
      "\t",
      "\u0000",
      "\u001f",
      "\u007f",
      "\u2028",
      "\u2029",
      "\ufeff",
      "é",
      "€",
      "😀",
      "\ud834\udd1e",
    ),
    maxLength: 8,
  }),
  fc.string({ unit: "binary", maxLength: 12 }).filter((value) => !LONE_SURROGATE.test(value)),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,20}$/),
  fc.bigInt({ min: 0n, max: 10n ** 38n - 1n }).map(String),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);

/** Numbers the ledger hashes: sequences, versions, scales, and any safe integer. */
const integer: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.maxSafeInteger(),
  fc.constantFrom(0, -0, 1, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
);

const { json } = fc.letrec<{ json: JsonValue }>((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    integer,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("json"), { maxLength: 5 }),
    fc.dictionary(text, tie("json"), { maxKeys: 6 }),
  ),
}));

describe("canonicalJson", () => {
  it("equals RFC 8785 (the canonicalize package) on every JSON value Folio hashes", () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns },
    );
  });

  it("is valid JSON that parses back to the same value (-0 reads as 0, as in JSON)", () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns },
    );
  });

  it("sorts keys by UTF-16 code units, including keys the core writes in order", () => {
    const value = { b: 1, a: { d: [true, null], c: "x" }, "\u00e9": 2, "😀": 3, "\uff61": 4, A: 5 };
    expect(canonicalJson(value)).toBe(canonicalize(value));
    expect(canonicalJson(value)).toBe(
      '{"A":5,"a":{"c":"x","d":[true,null]},"b":1,"\u00e9":2,"😀":3,"\uff61":4}',
    );
  });

  it("refuses floats and unsafe integers instead of formatting them", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
          fc.constantFrom(2 ** 53, -(2 ** 53), 1e21, 0.1, Number.NaN, Infinity),
        ),
        (number) => {
          expect(() => canonicalJson(number)).toThrow(InvariantViolation);
          expect(() => canonicalJson({ amount: [number] })).toThrow(InvariantViolation);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("escapes an unpaired surrogate as JSON.stringify does, where canonicalize refuses it", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 8 }),
        fc.constantFrom("\ud800", "\udbff", "\udc00", "\udfff"),
        fc.string({ unit: "binary", maxLength: 8 }),
        (before, lone, after) => {
          const value = `${before}${lone}${after}`;
          fc.pre(LONE_SURROGATE.test(value));
          expect(canonicalJson(value)).toBe(JSON.stringify(value));
          expect(() => canonicalize(value)).toThrow(/surrogate/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("writes the hashed event envelope exactly as canonicalize writes the object of its fields", () => {
    const fields = fc.record({
      actor: text,
      causationId: fc.option(text),
      correlationId: text,
      data: json,
      recordedAt: text,
      sequence: fc.nat(),
      type: text,
      version: fc.integer({ min: 1, max: 1_000 }),
    });
    fc.assert(
      fc.property(fields, (hashed) => {
        expect(canonicalEventText(hashed)).toBe(canonicalize(hashed));
      }),
      { numRuns },
    );
  });
});
