// Keeps docs/errors.md in step with rejections.ts: the Codes table lists every code in
// rejectionCodes exactly once and no other. (Its HTTP statuses are checked against the API's
// mapping in api/problems.spec.ts.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rejectionCodes } from "./rejections.js";

const doc = readFileSync(join(import.meta.dirname, "..", "docs", "errors.md"), "utf8");

/** Rows of the Codes table: `| \`code\` | status | ...`. */
const rows = [...doc.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((match) => ({
  code: match[1] ?? "",
}));

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
});
