// The console in a real browser: it is served at /console, signs in with an API key kept in
// session storage (never the URL), lists the ledgers with the API's figures, refuses a bad key
// with the problem's code, keeps a shared URL's view across a reload, and signs out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_LEDGER,
  screenshot,
  sessionStorageValues,
  startConsoleHarness,
  type ConsoleHarness,
  BROWSER_MISSING,
} from "./harness.js";

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness();
});

afterAll(async () => {
  await harness.close();
});

interface LedgerList {
  items: { id: string; sequence: number }[];
}

describe.skipIf(BROWSER_MISSING)("the console's sign-in and ledger list", () => {
  it("serves the built app at /console with a cacheable asset and an uncached page", async () => {
    const redirect = await fetch(`${harness.folio.url}/console`, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    const index = await fetch(`${harness.folio.url}/console/ledgers/${DEMO_LEDGER}/audit`);
    expect(index.status).toBe(200);
    expect(index.headers.get("cache-control")).toBe("no-cache");
    const html = await index.text();
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${harness.folio.url}${asset ?? ""}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toContain("immutable");
  });

  it("refuses an unknown key with the problem's code and message", async () => {
    const page = await harness.browser.newPage();
    await page.goto(`${harness.folio.url}/console/`);
    await page.getByLabel("API key").fill("folio_not_a_key_at_all_000000000000000");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("unauthorized");
    expect((await sessionStorageValues(page)).length).toBe(0);
    await page.close();
  });

  it("signs in, lists the ledgers with their sequences, keeps the key out of the URL", async () => {
    const page = await harness.signedIn("auditor");
    const listed = await harness.api<LedgerList>("/v1/ledgers", "auditor");
    const demo = listed.items.find((ledger) => ledger.id === DEMO_LEDGER);
    expect(demo).toBeDefined();
    const row = page.getByRole("row", { name: new RegExp(DEMO_LEDGER) });
    await expect
      .poll(() => row.getByRole("cell").nth(2).textContent())
      .toBe(String(demo?.sequence));
    expect(page.url()).not.toContain(harness.keys.auditor);
    expect(await sessionStorageValues(page)).toContain(harness.keys.auditor);
    await screenshot(page, "ledgers");

    // A reload keeps the session (this tab's storage) and the view; signing out forgets it.
    await page.reload();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").waitFor();
    expect((await sessionStorageValues(page)).length).toBe(0);
    await page.close();
  });
});
