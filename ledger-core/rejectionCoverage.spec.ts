// Keeps the decider specs complete: every code in rejectionCodes must be produced by at least
// one given/when/then spec. Vitest runs each spec file in its own module graph, so the codes
// cannot be collected at run time across files; instead this reads the spec sources for
// `.thenRejected("code"` calls. thenRejected asserts the code at run time, so a green run
// with every code present here means every code is really produced. Skipped or focused
// specs would defeat that, so they are refused too.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rejectionCodes } from "./rejections.js";

const here = import.meta.dirname;
const specFiles = readdirSync(here)
  .filter((name) => name.endsWith(".spec.ts") && !name.endsWith(".properties.spec.ts"))
  .filter((name) => name !== "rejectionCoverage.spec.ts");
const sources = specFiles.map((name) => ({ name, text: readFileSync(join(here, name), "utf8") }));

function codesProducedBySpecs(): Set<string> {
  const seen = new Set<string>();
  for (const { text } of sources) {
    for (const match of text.matchAll(/\.thenRejected\(\s*"([a-z_]+)"/g)) {
      if (match[1] !== undefined) seen.add(match[1]);
    }
  }
  return seen;
}

describe("rejection code coverage", () => {
  it("has a spec producing every rejection code", () => {
    const seen = codesProducedBySpecs();
    expect(rejectionCodes.filter((code) => !seen.has(code))).toEqual([]);
  });

  it("names only codes that exist", () => {
    const known = new Set<string>(rejectionCodes);
    expect([...codesProducedBySpecs()].filter((code) => !known.has(code))).toEqual([]);
  });

  it("has no skipped, focused or todo decider specs", () => {
    const offenders = sources
      .filter(({ text }) => /\b(it|describe|test)\.(skip|only|todo)\b/.test(text))
      .map(({ name }) => name);
    expect(offenders).toEqual([]);
  });
});
