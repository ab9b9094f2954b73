// The ledger overview in a real browser, on the demo data: the ledger's figures (sequence,
// hash head, chain status, read models' lag) equal the API's; "Verify now" (auditor) runs the
// checks of `folio verify` on the server and shows "Passed" through the API's head, which a
// reload still shows; a risk key sees the result but no button; after one stored event's data
// changes in PostgreSQL, a new run shows the first break at exactly that sequence; an unknown
// ledger shows the problem's code.
import pg from "pg";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledgerStreamId } from "../../ledger-core/index.js";
import {
  BROWSER_MISSING,
  DEMO_LEDGER,
  screenshot,
  startConsoleHarness,
  type ConsoleHarness,
} from "./harness.js";

let harness: ConsoleHarness;
const PATH = `/console/ledgers/${DEMO_LEDGER}`;

beforeAll(async () => {
  harness = await startConsoleHarness();
}, 240_000);

afterAll(async () => {
  await harness.close();
});

interface Ledger {
  sequence: number;
  hash: string;
  name: string;
}
interface Digest {
  sequence: number;
  verified: boolean;
  verifiedThrough: number | null;
}
interface Readiness {
  projections?: { name: string; version: number }[];
}
interface Run {
  status: string;
  head: { sequence: number; hash: string } | null;
  firstBreak: { sequence: number | null; reason: string } | null;
}

const result = (page: Page) => page.getByTestId("verification-result");

describe.skipIf(BROWSER_MISSING)("the ledger overview", () => {
  it("shows the API's figures: sequence, head hash, chain status and the read models", async () => {
    const page = await harness.signedIn("admin");
    await page.goto(`${harness.folio.url}${PATH}`);
    const ledger = await harness.api<Ledger>(`/v1/ledgers/${DEMO_LEDGER}`);
    await expect
      .poll(() => page.getByTestId("ledger-sequence").textContent())
      .toBe(String(ledger.sequence));
    expect(await page.getByTestId("ledger-hash").getAttribute("title")).toBe(ledger.hash);
    expect(await page.getByText(ledger.name, { exact: true }).count()).toBeGreaterThan(0);
    const digest = await harness.api<Digest>(`/v1/ledgers/${DEMO_LEDGER}/digest`);
    const status = await page.getByTestId("digest-status").textContent();
    expect(status).toContain(digest.verified ? "Verified" : "Not verified yet");
    expect(status).toContain(`of ${digest.sequence}`);
    const ready = await harness.api<Readiness>("/health/ready");
    const names = (ready.projections ?? []).map((p) => p.name);
    expect(names.length).toBeGreaterThan(0);
    const table = page.getByRole("table", { name: "Read models and their lag" });
    for (const name of names) {
      await table.getByRole("rowheader", { name, exact: true }).waitFor();
    }
    await expect.poll(() => result(page).textContent()).toContain("Never verified");
    await page.close();
  }, 60_000);

  it("verifies now as an auditor and shows Passed through the API's head, also after a reload", async () => {
    const page = await harness.signedIn("auditor");
    await page.goto(`${harness.folio.url}${PATH}`);
    const button = page.getByRole("button", { name: "Verify now" });
    await button.click();
    await expect.poll(() => result(page).textContent(), { timeout: 30_000 }).toContain("Passed");
    const run = await harness.api<Run>(`/v1/ledgers/${DEMO_LEDGER}/verifications/latest`);
    expect(run.status).toBe("passed");
    const text = await result(page).textContent();
    expect(text).toContain(`sequences 0..${run.head?.sequence ?? -1}`);
    await page.getByRole("button", { name: "Verify now" }).waitFor();
    await screenshot(page, "overview");
    await page.reload();
    await expect.poll(() => result(page).textContent()).toContain("Passed");
    await page.close();
  }, 60_000);

  it("shows a risk key the result, but no Verify button", async () => {
    const page = await harness.signedIn("risk");
    await page.goto(`${harness.folio.url}${PATH}`);
    await expect.poll(() => result(page).textContent()).toContain("Passed");
    expect(await page.getByRole("button", { name: "Verify now" }).count()).toBe(0);
    await page.close();
  }, 60_000);

  it("shows the problem's code for a ledger that does not exist", async () => {
    const page = await harness.signedIn("admin");
    await page.goto(`${harness.folio.url}/console/ledgers/no-such-ledger`);
    await expect
      .poll(() => page.getByRole("alert").first().textContent())
      .toContain("ledger_not_found");
    await page.close();
  }, 60_000);

  it("after one stored event changes, Verify now shows the first break at its sequence", async () => {
    const admin = new pg.Client({ connectionString: harness.folio.database.url });
    await admin.connect();
    let sequence = -1;
    try {
      const { rows } = await admin.query<{ revision: string }>(
        `SELECT revision FROM events WHERE stream_id = $1 AND event_type = 'EntryPosted'
          ORDER BY revision LIMIT 1 OFFSET 10`,
        [ledgerStreamId(DEMO_LEDGER)],
      );
      sequence = Number(rows[0]?.revision);
      expect(sequence).toBeGreaterThan(0);
      await admin.query("ALTER TABLE events DISABLE TRIGGER USER");
      await admin.query(
        `UPDATE events SET data = jsonb_set(data, '{description}', '"tampered"')
          WHERE stream_id = $1 AND revision = $2`,
        [ledgerStreamId(DEMO_LEDGER), sequence],
      );
      await admin.query("ALTER TABLE events ENABLE TRIGGER USER");
    } finally {
      await admin.end();
    }
    const page = await harness.signedIn("auditor");
    await page.goto(`${harness.folio.url}${PATH}`);
    await expect.poll(() => result(page).textContent()).toContain("Passed");
    await page.getByRole("button", { name: "Verify now" }).click();
    await expect.poll(() => result(page).textContent(), { timeout: 30_000 }).toContain("Failed");
    const text = await result(page).textContent();
    expect(text).toContain(`first break at sequence ${sequence}`);
    expect(text).toContain("hash_mismatch");
    const run = await harness.api<Run>(`/v1/ledgers/${DEMO_LEDGER}/verifications/latest`);
    expect(run.firstBreak?.sequence).toBe(sequence);
    await page.close();
  }, 60_000);
});
