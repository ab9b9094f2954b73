// The README's "Using the core" example, run as written: its TypeScript block is taken from
// README.md, pointed at this checkout's modules, and executed; the state it leaves must hold
// exactly the deposit it posts (an example that applies events twice, or no longer compiles
// against the core, fails here instead of misleading a reader).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { LedgerState } from "./index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function coreExample(): Promise<string> {
  const readme = await readFile(path.join(root, "README.md"), "utf8");
  const section = readme.split("## Using the core")[1] ?? "";
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error("README.md has no ts block under Using the core");
  return block;
}

describe("the README's core example", () => {
  it("runs as written and posts the deposit once", async () => {
    const code = (await coreExample())
      .replaceAll(
        '"./ledger-core/index.js"',
        JSON.stringify(path.join(root, "ledger-core/index.ts")),
      )
      .replaceAll('"./schemas/index.js"', JSON.stringify(path.join(root, "schemas/index.ts")));
    const dir = await mkdtemp(path.join(root, "ledger-core", ".readme-"));
    try {
      const file = path.join(dir, "example.ts");
      await writeFile(file, `${code}\nexport { state };\n`);
      const { state } = (await import(pathToFileURL(file).href)) as { state: LedgerState };
      const customer = state.accounts.get("cust:0042");
      const cash = state.accounts.get("cash");
      expect(customer?.postedCredits).toBe(10_000n);
      expect(customer?.postedDebits).toBe(0n);
      expect(cash?.postedDebits).toBe(10_000n);
      expect(state.chain.nextSequence).toBe(4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
