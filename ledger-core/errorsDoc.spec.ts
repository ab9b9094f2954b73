// Keeps docs/errors.md in step with rejections.ts: the Codes table lists every code in
// rejectionCodes exactly once and no other, with the HTTP status the API maps it to.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rejectionCodes, type RejectionCode } from "./rejections.js";

const doc = readFileSync(join(import.meta.dirname, "..", "docs", "errors.md"), "utf8");

/** Rows of the Codes table: `| \`code\` | status | ...`. */
const rows = [...doc.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((match) => ({
  code: match[1] ?? "",
  status: Number(match[2]),
}));

const notFound = new Set<string>([
  "ledger_not_found",
  "account_not_found",
  "entry_not_found",
  "pending_not_found",
]);
const conflicts = new Set<string>(["id_conflict", "version_conflict"]);
const invalidInput = new Set<string>([
  "amount_invalid",
  "amount_precision",
  "amount_too_large",
  "unknown_currency",
  "flags_mutually_exclusive",
]);

function expectedStatus(code: RejectionCode): number {
  if (notFound.has(code)) return 404;
  if (conflicts.has(code)) return 409;
  if (invalidInput.has(code)) return 400;
  return 422;
}

describe("docs/errors.md", () => {
  it("documents every rejection code", () => {
    const documented = new Set(rows.map((row) => row.code));
    expect(rejectionCodes.filter((code) => !documented.has(code))).toEqual([]);
  });

  it("documents no code that does not exist, and each code once", () => {
    const known = new Set<string>(rejectionCodes);
    expect(rows.filter((row) => !known.has(row.code)).map((row) => row.code)).toEqual([]);
    expect(rows.length).toBe(new Set(rows.map((row) => row.code)).size);
  });

  it("mentions no snake_case code anywhere that rejections.ts does not define", () => {
    const known = new Set<string>(rejectionCodes);
    const mentioned = [...doc.matchAll(/`([a-z]+(?:_[a-z]+)+)`/g)].map((match) => match[1] ?? "");
    expect(mentioned.filter((code) => !known.has(code))).toEqual([]);
  });

  it("gives each code its HTTP status: 400 input, 404 absent, 409 clash, 422 rule", () => {
    const wrong = rows
      .filter((row) => rejectionCodes.includes(row.code as RejectionCode))
      .filter((row) => row.status !== expectedStatus(row.code as RejectionCode))
      .map((row) => `${row.code}: ${row.status}`);
    expect(wrong).toEqual([]);
  });
});
