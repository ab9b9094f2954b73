// CI passes only if a failed test fails the run: a vitest run of one failing test, with the
// global setup that starts the embedded PostgreSQL (whose exit hook once turned the exit code
// into 0), must exit with 1.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const config = fileURLToPath(new URL("./exitCodeFixture/vitest.config.ts", import.meta.url));

it("a failed test fails the run, with the embedded PostgreSQL started and stopped", async () => {
  const env = { ...process.env };
  delete env.TEST_DATABASE_URL; // the embedded setup is the one under test
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn("npx", ["vitest", "run", "--config", config], {
      env,
      stdio: "ignore",
    });
    child.once("error", reject);
    child.once("exit", resolve);
  });
  expect(code).toBe(1);
}, 120_000);
