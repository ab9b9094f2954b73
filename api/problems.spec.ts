// The API's one mapping of ledger rejection codes to HTTP statuses agrees with the table in
// docs/errors.md, code by code, so the documentation cannot drift from what clients get.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isRejectionCode, rejectionCodes } from "../ledger-core/index.js";
import { httpStatusOfRejection } from "./problems.js";

const doc = readFileSync(join(import.meta.dirname, "..", "docs", "errors.md"), "utf8");
const documented = new Map(
  [...doc.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((match) => [
    match[1] ?? "",
    Number(match[2]),
  ]),
);

describe("HTTP statuses of rejection codes", () => {
  it("documents a status for every code", () => {
    expect(rejectionCodes.filter((code) => !documented.has(code))).toEqual([]);
  });

  it("answers each code with the status docs/errors.md gives it", () => {
    const disagreements = [...documented]
      .filter(([code, status]) => isRejectionCode(code) && httpStatusOfRejection(code) !== status)
      .map(([code, status]) => `${code}: documented ${status}`);
    expect(disagreements).toEqual([]);
  });
});
