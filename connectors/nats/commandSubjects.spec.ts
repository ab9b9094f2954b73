// The command subject grammar: a ledger id with dots may be written as is or in the event
// subjects' form (each `.` as %2E); both name the same ledger, and a subject without a known
// command or with an invalid ledger id is refused with the API's codes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandSubject, parseSubject } from "./commandSubjects.js";
import { ledgerToken } from "./subjects.js";

const idChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789.-_:".split(""));
const ledgerIds = fc
  .array(idChar, { minLength: 1, maxLength: 40 })
  .map((chars) => `l${chars.join("")}`)
  .filter((id) => !id.includes("..") && !id.endsWith("."));

describe("command subjects", () => {
  it("name the same ledger whether its dots are written as is or as %2E", () => {
    fc.assert(
      fc.property(ledgerIds, (ledgerId) => {
        const raw = parseSubject("folio", commandSubject("folio", ledgerId, "entry"));
        const escaped = parseSubject("folio", `folio.cmd.${ledgerToken(ledgerId)}.entry`);
        expect(raw).toEqual({ ledgerId, command: "entry" });
        expect(escaped).toEqual(raw);
      }),
    );
  });

  it("refuses an unknown command and an invalid ledger id", () => {
    expect(parseSubject("folio", "folio.cmd.acme.transfer")).toMatchObject({ code: "not_found" });
    expect(parseSubject("folio", "folio.cmd.a%2Fb.entry")).toMatchObject({
      code: "invalid_request",
    });
  });
});
