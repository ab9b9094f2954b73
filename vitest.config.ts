// Test runner settings: every *.spec.ts beside the code it tests. Database and NATS tests
// run in their own files with their own databases, so files may run in parallel. The
// global setup starts one embedded PostgreSQL for the run unless TEST_DATABASE_URL is set.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.spec.ts"],
    exclude: ["node_modules/**", ".folio/**"],
    globalSetup: ["./event-store/testing/vitestGlobalSetup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
