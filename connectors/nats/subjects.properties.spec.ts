// Properties of the subject layout: every valid ledger id maps to one legal NATS subject
// token (no `.`, `*`, `>` or white space), the mapping is injective and reversible, and an
// event subject always has exactly four tokens under the prefix, never under `<prefix>.cmd`.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ID_PATTERN, MAX_ID_LENGTH } from "../../schemas/index.js";
import {
  checkSubjectPrefix,
  eventSubject,
  isSubjectToken,
  ledgerIdOfToken,
  ledgerToken,
} from "./subjects.js";

/** Any id ID_PATTERN allows, dots and every other allowed character well represented. */
const ledgerId = fc
  .tuple(
    fc.constantFrom("a", "Z", "0", "9"),
    fc.array(fc.constantFrom("a", "Z", "0", "9", "_", ".", ":", "@", "-"), {
      maxLength: MAX_ID_LENGTH - 1,
    }),
  )
  .map(([head, tail]) => head + tail.join(""));

describe("subjects", () => {
  it("maps every valid ledger id to a legal subject token", () => {
    fc.assert(
      fc.property(fc.oneof(ledgerId, fc.stringMatching(ID_PATTERN)), (id) => {
        fc.pre(id.length <= MAX_ID_LENGTH);
        const token = ledgerToken(id);
        expect(isSubjectToken(token)).toBe(true);
        expect(token).not.toMatch(/[\s.*>]/);
        expect(ledgerIdOfToken(token)).toBe(id);
      }),
      { numRuns: 2_000 },
    );
  });

  it("is injective", () => {
    fc.assert(
      fc.property(ledgerId, ledgerId, (a, b) => {
        fc.pre(a !== b);
        expect(ledgerToken(a)).not.toBe(ledgerToken(b));
      }),
      { numRuns: 2_000 },
    );
    expect(ledgerToken("a.b")).not.toBe(ledgerToken("a_b"));
    expect(ledgerToken("a.b")).toBe("a%2Eb");
  });

  it("puts each event under <prefix>.events.<ledger>.<type>", () => {
    fc.assert(
      fc.property(ledgerId, fc.constantFrom("EntryPosted", "LedgerCreated"), (id, type) => {
        const tokens = eventSubject("folio", id, type).split(".");
        expect(tokens).toEqual(["folio", "events", ledgerToken(id), type]);
      }),
    );
  });

  it("refuses what is not a ledger id or a prefix", () => {
    for (const bad of ["", ".a", "a b", "a*", "a>", "x".repeat(MAX_ID_LENGTH + 1), "a%2E"]) {
      expect(() => ledgerToken(bad)).toThrow(RangeError);
    }
    for (const bad of ["", "a..b", "a.*", "a.>", "a b", ".a"]) {
      expect(() => checkSubjectPrefix(bad)).toThrow(RangeError);
    }
    expect(checkSubjectPrefix("acme.folio")).toBe("acme.folio");
  });
});
