// The account page in a real browser with the demo bank: the Dumas family's current account
// (a deposit, a mortgage disbursement and instalment, and an open card hold). Its balances are
// the API's account answer, its entries table is the statement's lines for the period in the
// URL, the chart draws on a named canvas, its holds are GET .../pending?account=, the JSON and
// CSV downloads are the API's own bytes, a chosen period survives a reload, and an unknown
// account or a reversed period shows the problem's code.
import { readFile } from "node:fs/promises";
import type { Download, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAmount, formatTime } from "../src/format.js";
import {
  BROWSER_MISSING,
  DEMO_LEDGER,
  screenshot,
  startConsoleHarness,
  type ConsoleHarness,
} from "./harness.js";

let harness: ConsoleHarness;

const ACCOUNT = "cust:0004:current";
const LEDGER_PATH = `/v1/ledgers/${DEMO_LEDGER}`;
const PAGE_PATH = `/console/ledgers/${DEMO_LEDGER}/accounts/${encodeURIComponent(ACCOUNT)}`;

interface Balances {
  postedDebits: string;
  postedCredits: string;
  pendingDebits: string;
  pendingCredits: string;
  balance: string;
  available: string;
}
interface Account {
  id: string;
  currency: string;
  balances: Balances;
}
interface Line {
  entryId: string;
  kind: string;
  effect: "posted" | "hold" | "release";
  effectiveAt: string;
  description: string;
  side: "debit" | "credit";
  amount: string;
  postedBalance: string;
  availableBalance: string;
}
interface Statement {
  opening: { posted: string };
  closing: { posted: string; available: string };
  lines: Line[];
}
interface Holds {
  items: {
    id: string;
    status: string;
    expiresAt: string;
    postings: { accountId: string; side: string; amount: string; currency: string }[];
  }[];
}

/** How many pixels of the chart's canvas are painted (run in the page: no DOM types here). */
const PAINTED_PIXELS = `(() => {
  const canvas = document.querySelector("canvas[role='img']");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let index = 3; index < data.length; index += 4) if (data[index] > 0) painted += 1;
  return painted;
})()`;

beforeAll(async () => {
  harness = await startConsoleHarness();
});

afterAll(async () => {
  await harness.close();
});

/** The page's period, once it has put it in the URL. */
async function periodInUrl(page: Page): Promise<{ from: string; to: string }> {
  await page.waitForURL(/[?&]to=/);
  const query = new URL(page.url()).searchParams;
  return { from: query.get("from") ?? "", to: query.get("to") ?? "" };
}

function statementPath(period: { from: string; to: string }, format = "json"): string {
  return `${LEDGER_PATH}/accounts/${ACCOUNT}/statement?from=${period.from}&to=${period.to}&format=${format}`;
}

/** The text of every cell (th and td) of each row, trimmed. */
async function cellsOf(rows: Locator): Promise<string[][]> {
  const texts: string[][] = [];
  for (const row of await rows.all()) {
    texts.push((await row.locator("th, td").allTextContents()).map((text) => text.trim()));
  }
  return texts;
}

/** The entries table's line rows, cell by cell. */
function lineRows(page: Page): Promise<string[][]> {
  return cellsOf(page.locator("table.account-entries tbody tr.account-line"));
}

async function downloaded(
  page: Page,
  button: string,
): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: button }).click(),
  ]);
  const path = await download.path();
  return { download, text: await readFile(path, "utf8") };
}

describe.skipIf(BROWSER_MISSING)("the account page", () => {
  it("shows the API's balances, statement lines, chart, holds and downloads", async () => {
    const page = await harness.signedIn("auditor");
    await page.goto(`${harness.folio.url}${PAGE_PATH}`);
    const period = await periodInUrl(page);
    expect(period.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(period.to).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // Balances: the strongly consistent account answer, figure by figure.
    const account = await harness.api<Account>(`${LEDGER_PATH}/accounts/${ACCOUNT}`, "auditor");
    const balances = page.locator("table.account-balances");
    for (const [label, field] of [
      ["Posted debits", "postedDebits"],
      ["Posted credits", "postedCredits"],
      ["Pending debits", "pendingDebits"],
      ["Pending credits", "pendingCredits"],
      ["Balance", "balance"],
      ["Available", "available"],
    ] as const) {
      const cell = balances.getByRole("row", { name: label, exact: false }).first().locator("td");
      await expect
        .poll(() => cell.textContent())
        .toBe(`${formatAmount(account.balances[field])} ${account.currency}`);
    }
    expect(account.balances.available).not.toBe(account.balances.balance); // an open hold

    // Entries: the statement's lines for the same period, in order, every figure.
    const statement = await harness.api<Statement>(statementPath(period), "auditor");
    expect(statement.lines.length).toBeGreaterThanOrEqual(4);
    await page.locator("table.account-entries").waitFor();
    expect(await lineRows(page)).toEqual(
      statement.lines.map((line) => [
        formatTime(line.effectiveAt),
        line.entryId,
        line.description,
        `${line.effect === "release" ? "hold released" : line.effect}${line.kind === "reversal" ? " (reversal)" : ""}`,
        line.side === "debit" ? formatAmount(line.amount) : "",
        line.side === "credit" ? formatAmount(line.amount) : "",
        formatAmount(line.postedBalance),
        formatAmount(line.availableBalance),
      ]),
    );
    const closing = page.locator("table.account-entries tfoot tr td.num");
    expect(await closing.allTextContents()).toEqual([
      formatAmount(statement.closing.posted),
      formatAmount(statement.closing.available),
    ]);

    // The chart: a canvas with an accessible name, drawn at its container's width.
    const chart = page.getByRole("img", { name: new RegExp(`^Balance of ${ACCOUNT} over time`) });
    expect(await chart.count()).toBe(1);
    expect(await page.locator("canvas[role='img']").getAttribute("aria-label")).toBe(
      await chart.getAttribute("aria-label"),
    );
    expect(await page.evaluate<number>(PAINTED_PIXELS)).toBeGreaterThan(500);
    const box = await chart.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(400);
    expect(await chart.getAttribute("aria-label")).toContain(
      formatAmount(statement.closing.posted),
    );

    // Holds: GET .../pending?account=, row by row, with status, amount and expiry.
    const holds = await harness.api<Holds>(
      `${LEDGER_PATH}/pending?account=${ACCOUNT}&limit=50`,
      "auditor",
    );
    expect(holds.items.some((hold) => hold.status === "open")).toBe(true);
    const holdRows = await cellsOf(page.locator("table.account-holds tbody tr"));
    expect(holdRows.map((row) => [row[0], row[1], row[2], row[4]])).toEqual(
      holds.items.map((hold) => [
        hold.id,
        hold.status,
        hold.postings
          .filter((posting) => posting.accountId === ACCOUNT)
          .map((posting) => `${posting.side} ${formatAmount(posting.amount)} ${posting.currency}`)
          .join("; "),
        formatTime(hold.expiresAt),
      ]),
    );

    await screenshot(page, "account");

    // Downloads: the API's own bytes (CSV) and document (JSON), with a file name.
    const csv = await downloaded(page, "Download CSV");
    const apiCsv = await harness.folio.request(
      "GET",
      statementPath(period, "csv"),
      undefined,
      harness.keys.auditor,
    );
    expect(csv.download.suggestedFilename()).toBe(
      `statement-cust_0004_current-${period.from}-${period.to}.csv`,
    );
    expect(csv.text).toBe(apiCsv.body);
    expect(csv.text.split("\r\n")[0]).toContain("running balance");
    const json = await downloaded(page, "Download JSON");
    expect(json.download.suggestedFilename()).toMatch(/\.json$/);
    expect(JSON.parse(json.text)).toEqual(statement);
    const camt = await downloaded(page, "Download camt.053");
    expect(camt.text).toContain("camt.053.001.08");
    expect(page.url()).not.toContain(harness.keys.auditor);
    await page.close();
  });

  it("keeps a chosen period in the URL across a reload", async () => {
    const page = await harness.signedIn();
    await page.goto(`${harness.folio.url}${PAGE_PATH}`);
    const initial = await periodInUrl(page);
    // A period that starts the day after the default one ends: no line, only balances.
    const later = new Date(Date.parse(`${initial.to}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    await page.getByLabel("From (included)").fill(initial.to);
    await page.getByLabel("To (not included)").fill(later);
    await page.getByRole("button", { name: "Show period" }).click();
    await page.waitForURL(new RegExp(`from=${initial.to}&to=${later}`));
    const chosen = { from: initial.to, to: later };
    const statement = await harness.api<Statement>(statementPath(chosen));
    const check = async (): Promise<void> => {
      await page.getByText("No line in this period").waitFor();
      expect(await lineRows(page)).toEqual([]);
      expect(await page.getByLabel("From (included)").inputValue()).toBe(chosen.from);
      expect(await page.getByLabel("To (not included)").inputValue()).toBe(chosen.to);
      const closing = page.locator("table.account-entries tfoot tr td.num").first();
      expect(await closing.textContent()).toBe(formatAmount(statement.closing.posted));
    };
    await check();
    await page.reload();
    await check();
    expect(new URL(page.url()).searchParams.get("from")).toBe(chosen.from);
    await page.close();
  });

  it("shows the problem's code for an unknown account and for a reversed period", async () => {
    const page = await harness.signedIn();
    await page.goto(`${harness.folio.url}/console/ledgers/${DEMO_LEDGER}/accounts/nobody:here`);
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.locator(".problem-code").textContent()).toBe("account_not_found");
    expect(await page.locator("table.account-balances").count()).toBe(0);

    await page.goto(`${harness.folio.url}${PAGE_PATH}?from=2026-03-10&to=2026-03-01`);
    await expect
      .poll(() => page.getByRole("alert").locator(".problem-code").textContent())
      .toBe("invalid_request");
    await page.close();
  });
});
