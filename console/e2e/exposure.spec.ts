// The exposure page in a real browser, on the demo's loan book: each large exposure's amount
// and percentage of Tier 1, the top-20 rows and the sector × country heatmap cells equal the
// API's answers for the same asOf; the demo's breaching group shows as a breach; a shared URL
// with an asOf reproduces the view after a reload; an invalid date shows the problem's code;
// a poster key (exposure is a risk read) sees the API's 403 as an error state.
import type { Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BREACHING_GROUP } from "../../api/demoLoanBook.js";
import {
  BROWSER_MISSING,
  DEMO_LEDGER,
  screenshot,
  startConsoleHarness,
  type ConsoleHarness,
} from "./harness.js";

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness();
});

afterAll(async () => {
  await harness.close();
});

/** Pages a test opened: closed after it, whether it passed or not. */
const opened: Page[] = [];

afterEach(async () => {
  for (const page of opened.splice(0)) await page.close();
});

async function signedIn(role: "risk" | "poster"): Promise<Page> {
  const page = await harness.signedIn(role);
  opened.push(page);
  return page;
}

interface Group {
  groupKey: string;
  rank: number;
  breach: boolean;
  amounts: { exposureValue: string; valueAfterExemptionsAndCrm: string };
  shareOfTier1BeforeExemptionsAndCrm: string;
  shareOfTier1: string;
  limit: string;
  headroom: string;
}
interface Large {
  tier1Capital: string;
  largeExposures: Group[];
  top20: Group[];
  breaches: Group[];
}
interface Grid {
  cells: { row: string; column: string; amount: string; share: string }[];
  rowTotals: { key: string; amount: string }[];
}

const PAGE = `/console/ledgers/${DEMO_LEDGER}/exposure`;
const API = `/v1/ledgers/${DEMO_LEDGER}/exposure`;
/** The end of today in UTC, as the page's date control writes it. */
const today = new Date().toISOString().slice(0, 10);
const AS_OF = `${today}T23:59:59Z`;

/** "1,234.50" -> "1234.50": the page's grouping taken out, to compare with the API's string. */
const plain = (text: string): string => text.replace(/,/g, "").trim();

/** "24.88 %" -> "0.248800": the page's percentage back as the API's 6-place share. */
function shareOfPercent(text: string): string {
  const [whole = "", fraction = ""] = text.replace("%", "").trim().split(".");
  const places = fraction.length + 2;
  const digits = (whole + fraction).padStart(places + 1, "0");
  const integer = digits.slice(0, digits.length - places).replace(/^0+(?=\d)/, "");
  return `${integer}.${digits.slice(-places).padEnd(6, "0")}`;
}

/** "0.248800" -> "24.88": the API's share as the percentage the page prints (2 to 4 places). */
function shareOfTier1Percent(share: string): string {
  const [whole = "0", fraction = ""] = share.split(".");
  const percent = `${BigInt(whole + fraction.slice(0, 2))}.${fraction.slice(2)}`;
  return percent.replace(/(\.\d\d\d*?)0+$/, "$1");
}

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`${harness.folio.url}${PAGE}${query}`);
}

function cellTexts(row: Locator): Promise<string[]> {
  return row.locator("td, th").allTextContents();
}

async function expectGroupRows(table: Locator, groups: readonly Group[]): Promise<void> {
  await table.waitFor();
  expect(await table.locator("tbody tr").count()).toBe(groups.length);
  for (const group of groups) {
    const row = table.locator(`tbody tr[data-group="${group.groupKey}"]`);
    const cells = await cellTexts(row);
    expect(cells[0], group.groupKey).toBe(String(group.rank));
    expect(await row.locator(".le-key").textContent()).toBe(group.groupKey);
    expect(plain(cells[2] ?? "")).toBe(group.amounts.exposureValue);
    expect(shareOfPercent(cells[3] ?? "")).toBe(group.shareOfTier1BeforeExemptionsAndCrm);
    expect(plain(cells[4] ?? "")).toBe(group.amounts.valueAfterExemptionsAndCrm);
    expect(shareOfPercent(cells[5] ?? "")).toBe(group.shareOfTier1);
    expect(plain((await row.locator(".le-amount").textContent()) ?? "")).toBe(group.limit);
    expect(plain(cells[7] ?? "")).toBe(group.headroom);
    expect(cells[8]?.includes("Breach")).toBe(group.breach);
  }
}

describe.skipIf(BROWSER_MISSING)("the exposure page", () => {
  it("shows the API's large exposures, top 20 and heatmap for an asOf, and the breach", async () => {
    const page = await signedIn("risk");
    const query = `?asOf=${encodeURIComponent(AS_OF)}`;
    const large = await harness.api<Large>(`${API}/large${query}`, "risk");
    const grid = await harness.api<Grid>(
      `${API}/concentration${query}&rows=sector&columns=country`,
      "risk",
    );
    expect(large.largeExposures.length).toBeGreaterThan(0);
    await open(page, query);

    const largeTable = page.locator("#large-exposures");
    const charted = new Map(
      [...large.largeExposures, ...large.breaches].map((g) => [g.groupKey, g]),
    );
    await expectGroupRows(
      largeTable,
      [...charted.values()].sort((a, b) => a.rank - b.rank),
    );
    await expectGroupRows(page.locator("#top20"), large.top20);
    // Every bar names its figures (the chart is never the only way to read them).
    for (const group of charted.values()) {
      const bar = page.locator(`li.le-row[data-group="${group.groupKey}"] [role="img"]`);
      const label = (await bar.getAttribute("aria-label")) ?? "";
      expect(plain(label)).toContain(`exposure value ${group.amounts.exposureValue} =`);
      expect(label).toContain(`${shareOfTier1Percent(group.shareOfTier1)} %`);
    }

    // The demo's breaching group: highlighted in the chart and the table, and in the API too.
    expect(large.breaches.map((group) => group.groupKey)).toContain(BREACHING_GROUP);
    await expect
      .poll(() => largeTable.locator(`tr[data-group="${BREACHING_GROUP}"]`).getAttribute("class"))
      .toContain("le-breach");
    const breachBar = page.locator(`li.le-row[data-group="${BREACHING_GROUP}"]`);
    expect(await breachBar.getAttribute("class")).toContain("le-breach");
    expect(await breachBar.textContent()).toContain("Breach");
    const partBar = page.locator(`li.le-row[data-group="${BREACHING_GROUP}#non-institution"]`);
    expect(await partBar.getAttribute("class")).toContain("le-breach");

    // The heatmap: one coloured cell per API cell, its amount and share as text.
    const heatmap = page.locator("#exposure-heatmap");
    await heatmap.waitFor();
    expect(await heatmap.locator("td.hm-cell").count()).toBe(grid.cells.length);
    for (const cell of grid.cells) {
      const td = heatmap.locator(`td[data-row="${cell.row}"][data-column="${cell.column}"]`);
      expect(plain((await td.locator(".hm-amount").textContent()) ?? "")).toBe(cell.amount);
      expect(shareOfPercent((await td.locator(".hm-share").textContent()) ?? "")).toBe(cell.share);
    }
    expect(await heatmap.locator("tbody th[scope=row]").allTextContents()).toEqual(
      grid.rowTotals.map((row) => row.key),
    );
    await screenshot(page, "exposure");
  });

  it("keeps a picked date in the URL, and a reload reproduces the view", async () => {
    const page = await signedIn("risk");
    await open(page, "");
    await page.locator("#top20 tbody tr").first().waitFor();
    await page.getByLabel("As of (end of day, UTC)").fill(today);
    await expect.poll(() => new URL(page.url()).searchParams.get("asOf")).toBe(AS_OF);
    const before = await page.locator("#top20 tbody").textContent();
    const cells = await page.locator("#exposure-heatmap tbody").textContent();
    await page.reload();
    await page.locator("#top20 tbody tr").first().waitFor();
    expect(await page.getByLabel("As of (end of day, UTC)").inputValue()).toBe(today);
    expect(await page.locator("#top20 tbody").textContent()).toBe(before);
    await expect.poll(() => page.locator("#exposure-heatmap tbody").textContent()).toBe(cells);

    // A day before the demo's loans were effective: nothing drawn, a different view.
    await page.getByLabel("As of (end of day, UTC)").fill("2026-01-15");
    await expect
      .poll(() => new URL(page.url()).searchParams.get("asOf"))
      .toBe("2026-01-15T23:59:59Z");
    await page.reload();
    await expect
      .poll(() => page.getByRole("alert").or(page.getByRole("status")).first().textContent())
      .toMatch(/./);
    expect(await page.getByLabel("As of (end of day, UTC)").inputValue()).toBe("2026-01-15");
  });

  it("shows the problem's code for an invalid date", async () => {
    const page = await signedIn("risk");
    await open(page, "?asOf=2026-13-45");
    const alert = page.getByRole("alert").first();
    await alert.waitFor();
    expect(await alert.textContent()).toContain("invalid_request");
  });

  it("shows a poster key the API's 403 as an error state with its code", async () => {
    const page = await signedIn("poster");
    await open(page, "");
    const alert = page.getByRole("alert").first();
    await alert.waitFor();
    expect(await alert.textContent()).toContain("forbidden");
    expect(await page.locator("#top20").count()).toBe(0);
  });
});
