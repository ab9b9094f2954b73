// Runs the `folio` CLI as a user does: a child process of bin/folio.js with a clean
// environment (PATH and HOME only, plus what the test gives), its output collected.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const LAUNCHER = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "folio.js");

export interface FolioRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `folio ...args` with `env` added to a minimal environment; resolves when it exits. */
export function runFolio(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<FolioRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}
