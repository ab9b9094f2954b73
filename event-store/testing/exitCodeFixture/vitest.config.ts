// A vitest run of one failing test with the real global setup (the embedded PostgreSQL), for
// vitestExitCode.spec.ts: the run must end with exit code 1, as CI relies on.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  test: {
    root: here,
    include: ["failing.fixture.ts"],
    globalSetup: ["../vitestGlobalSetup.ts"],
  },
});
