// The web console's page load time with the demo data: a Folio with the console built and the
// demo filled (as the console's browser tests do), Debian's Chromium signed in once, then each
// page opened BENCH_VISITS times (default 10) from a fresh navigation until its content is
// shown (a heading, and no loading or error state left in the page). Prints p50 / p95 / max per
// page and over all pages. Database: TEST_DATABASE_URL, else an embedded PostgreSQL.
// Run: npm run bench:console
import { setTimeout as sleep } from "node:timers/promises";
import type { Page } from "playwright-core";
import startTestServer from "../event-store/testing/vitestGlobalSetup.js";
import { DEMO_LEDGER, startConsoleHarness } from "../console/e2e/harness.js";
import {
  machineRows,
  positiveIntegerSetting,
  printResult,
  printTable,
  Samples,
} from "./machine.js";

const visits = positiveIntegerSetting("BENCH_VISITS", 10);
const READY_TIMEOUT_MS = 30_000;
const POLL_MS = 5;

/** Shown: a heading in main, and no loading or error state anywhere in it. */
async function shown(page: Page): Promise<void> {
  await page.locator("main h1").first().waitFor({ timeout: READY_TIMEOUT_MS });
  // Polled (a string predicate would be eval, which the API's Content-Security-Policy forbids).
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while ((await page.locator("main .state-loading").count()) > 0) {
    if (performance.now() > deadline) throw new Error(`${page.url()} is still loading`);
    await sleep(POLL_MS);
  }
  const error = await page.locator("main .state-error").count();
  if (error > 0)
    throw new Error(
      `${page.url()} shows an error: ${await page.locator("main .state-error").first().textContent()}`,
    );
}

const stopServer = await startTestServer();
const harness = await startConsoleHarness();
try {
  const accounts = await harness.api<{ items: { id: string }[] }>(
    `/v1/ledgers/${DEMO_LEDGER}/accounts?sort=-balance&limit=1`,
  );
  const account = accounts.items[0]?.id ?? "cash";
  const ledger = `/console/ledgers/${encodeURIComponent(DEMO_LEDGER)}`;
  const pages: [string, string][] = [
    ["ledgers", "/console/"],
    ["overview", ledger],
    ["trial balance", `${ledger}/trial-balance`],
    ["account", `${ledger}/accounts/${encodeURIComponent(account)}`],
    ["exposure", `${ledger}/exposure`],
    ["IFRS 9", `${ledger}/ifrs9`],
    ["audit trail", `${ledger}/audit`],
  ];
  const page = await harness.signedIn("admin");
  const all = new Samples();
  const rows: [string, string][] = [];
  for (const [name, path] of pages) {
    const samples = new Samples();
    for (let visit = 0; visit < visits; visit += 1) {
      const started = performance.now();
      await page.goto(`${harness.folio.url}${path}`);
      await shown(page);
      samples.add(performance.now() - started);
    }
    all.addAll(samples);
    rows.push([
      name,
      `p50 ${samples.percentile(50).toFixed(0)} ms, p95 ${samples.percentile(95).toFixed(0)} ms, max ${samples.max().toFixed(0)} ms`,
    ]);
  }
  printTable("Machine", machineRows());
  printTable(
    `Console page load, demo data, ${visits} visits a page (navigation to content shown)`,
    [
      ...rows,
      [
        "all pages",
        `p50 ${all.percentile(50).toFixed(0)} ms, p95 ${all.percentile(95).toFixed(0)} ms`,
      ],
    ],
  );
  printResult({
    visitsPerPage: visits,
    pages: pages.length,
    p50Ms: Math.round(all.percentile(50)),
    p95Ms: Math.round(all.percentile(95)),
    maxMs: Math.round(all.max()),
  });
} finally {
  await harness.close();
  await stopServer();
}
