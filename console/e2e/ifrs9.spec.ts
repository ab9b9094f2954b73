// The IFRS 9 page in a real browser on the demo ledger (assessments at 2026-06-30 and
// 2026-11-30, a facility in each stage at 2026-11-30), after one provisioning run posted
// through the API: stage totals and facility rows equal GET .../ifrs9; the migration matrix
// from June to November has the counts of the two API reports; the movement table equals
// GET .../ifrs9/movement; the posted run is listed with its entry's postings; only keys that
// may POST runs see "Run provisioning"; a shared URL reproduces the view; a bad date shows
// the problem's code.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAmount } from "../src/format.js";
import {
  BROWSER_MISSING,
  DEMO_LEDGER,
  screenshot,
  startConsoleHarness,
  type ConsoleHarness,
} from "./harness.js";

const FROM = "2026-06-30";
const TO = "2026-11-30";
const API = `/v1/ledgers/${DEMO_LEDGER}`;
const PAGE = `/console/ledgers/${DEMO_LEDGER}/ifrs9`;
const STAGES = ["1", "2", "3", "POCI"] as const;
const KEYS = [...STAGES, "none"] as const;

interface Totals {
  count: number;
  grossCarryingAmount: string;
  allowance: string;
}
interface Line {
  facilityId: string;
  status: string;
  stage: string | null;
  grossCarryingAmount: string | null;
  allowance: string | null;
}
interface Report {
  byStage: Record<string, Totals>;
  overall: Totals;
  facilities: Line[];
  nextAfter: string | null;
}
interface Movement {
  rows: Record<string, string>[];
  profitOrLossCharge: string;
}
interface Run {
  runId: string;
  entryId: string | null;
  allowance: string;
}
interface Posting {
  accountId: string;
  side: string;
  amount: string;
}

let harness: ConsoleHarness;
let run: Run;

beforeAll(async () => {
  harness = await startConsoleHarness();
  const posted = await harness.folio.request("POST", `${API}/ifrs9/runs`, {
    reportingDate: TO,
    parameterSetId: "policy-2026",
  });
  if (posted.status !== 201) throw new Error(`run: ${JSON.stringify(posted.body)}`);
  run = posted.body as Run;
}, 300_000);

afterAll(async () => {
  await harness.close();
});

const open = async (role: "admin" | "risk" | "auditor", query: string): Promise<Page> => {
  const page = await harness.signedIn(role);
  await page.goto(`${harness.folio.url}${PAGE}${query}`);
  return page;
};

const cellTexts = (page: Page, rowSelector: string) =>
  page.locator(`${rowSelector} td`).allTextContents();

async function expectTotals(page: Page, report: Report): Promise<void> {
  const rows = page.locator("table.ifrs9-totals tbody tr");
  await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(4);
  for (const [index, stage] of STAGES.entries()) {
    const totals = report.byStage[stage];
    const cells = await rows.nth(index).locator("td").allTextContents();
    expect(cells.slice(0, 3), `stage ${stage}`).toEqual([
      String(totals?.count),
      formatAmount(totals?.grossCarryingAmount ?? ""),
      formatAmount(totals?.allowance ?? ""),
    ]);
  }
  const overall = await cellTexts(page, "table.ifrs9-totals tfoot tr");
  expect(overall.slice(0, 3)).toEqual([
    String(report.overall.count),
    formatAmount(report.overall.grossCarryingAmount),
    formatAmount(report.overall.allowance),
  ]);
}

describe.skipIf(BROWSER_MISSING)("the IFRS 9 page", () => {
  it("shows the stage totals and facility rows of GET .../ifrs9 for the same date", async () => {
    const report = await harness.api<Report>(`${API}/ifrs9?asOf=${TO}`, "risk");
    expect(report.nextAfter).toBeNull();
    const page = await open("risk", `?asOf=${TO}&from=${FROM}`);
    await expectTotals(page, report);
    // Coverage = allowance / gross, two decimals: checked for stage 3 with bigint here.
    const stage3 = report.byStage["3"] as Totals;
    const cents = (text: string) => BigInt(text.replace(".", ""));
    const bp =
      (cents(stage3.allowance) * 20000n + cents(stage3.grossCarryingAmount)) /
      (2n * cents(stage3.grossCarryingAmount));
    const coverage = page.locator("table.ifrs9-totals tbody tr").nth(2).locator("td").nth(3);
    expect(await coverage.textContent()).toBe(
      `${bp / 100n}.${String(bp % 100n).padStart(2, "0")} %`,
    );

    const rows = page.locator("table.ifrs9-facilities tbody tr");
    await expect.poll(() => rows.count()).toBe(report.facilities.length);
    for (const line of report.facilities) {
      const cells = await cellTexts(page, `tr[data-facility="${line.facilityId}"]`);
      expect(cells[1], line.facilityId).toBe(
        line.status === "measured" ? line.stage : "not measured",
      );
      expect(cells[4], line.facilityId).toBe(formatAmount(line.grossCarryingAmount ?? ""));
      expect(cells[7], line.facilityId).toBe(
        line.allowance === null ? "—" : formatAmount(line.allowance),
      );
    }
    // The demo's story: one facility in each stage at the reporting date.
    expect(new Set(report.facilities.map((line) => line.stage))).toEqual(new Set(STAGES));
    await page.close();
  });

  it("shows the stage migration June → November with the counts of the two reports", async () => {
    const [opening, closing] = await Promise.all(
      [FROM, TO].map((date) => harness.api<Report>(`${API}/ifrs9?asOf=${date}&limit=1000`, "risk")),
    );
    const key = (line: Line | undefined) =>
      line?.status === "measured" && line.stage !== null ? line.stage : "none";
    const expected = new Map<string, number>();
    const ids = new Set(
      [...(opening?.facilities ?? []), ...(closing?.facilities ?? [])].map((l) => l.facilityId),
    );
    for (const id of ids) {
      const move = `${key(opening?.facilities.find((l) => l.facilityId === id))}>${key(closing?.facilities.find((l) => l.facilityId === id))}`;
      expected.set(move, (expected.get(move) ?? 0) + 1);
    }
    // Every facility of either report is in one cell; the demo measures all six in November.
    expect([...expected.values()].reduce((a, b) => a + b, 0)).toBe(ids.size);
    expect(KEYS.reduce((sum, from) => sum + (expected.get(`${from}>1`) ?? 0), 0)).toBe(3);

    const page = await open("auditor", `?asOf=${TO}&from=${FROM}`);
    const matrix = page.locator("table.ifrs9-migration");
    await matrix.waitFor({ timeout: 20_000 });
    for (const from of KEYS) {
      const cells = matrix.locator(`tr[data-from="${from}"] td`);
      expect(await cells.count()).toBe(KEYS.length);
      const counts = await Promise.all(
        KEYS.map(async (_, index) => Number(await cells.nth(index).getAttribute("data-count"))),
      );
      expect(counts, `from ${from}`).toEqual(KEYS.map((to) => expected.get(`${from}>${to}`) ?? 0));
    }
    await page.close();
  });

  it("shows the IFRS 7 movement table of GET .../ifrs9/movement", async () => {
    const movement = await harness.api<Movement>(
      `${API}/ifrs9/movement?from=${FROM}&to=${TO}`,
      "risk",
    );
    const page = await open("risk", `?asOf=${TO}&from=${FROM}`);
    const rows = page.locator("table.ifrs9-movement tbody tr");
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(movement.rows.length);
    for (const row of movement.rows) {
      const cells = await cellTexts(page, `table.ifrs9-movement tr[data-line="${row.line}"]`);
      expect(cells, row.line).toEqual(
        ["stage1", "stage2", "stage3", "poci", "total"].map((c) => formatAmount(row[c] ?? "")),
      );
    }
    expect(await page.locator("[data-pl]").textContent()).toBe(
      formatAmount(movement.profitOrLossCharge),
    );
    await page.close();
  });

  it("lists the posted run and expands it to the postings of its entry", async () => {
    const listed = await harness.api<{ items: Run[] }>(`${API}/ifrs9/runs`, "auditor");
    expect(listed.items[0]?.runId).toBe(run.runId);
    expect(run.entryId).not.toBeNull();
    const entry = await harness.api<{ postings: Posting[] }>(
      `${API}/entries/${encodeURIComponent(run.entryId ?? "")}`,
      "auditor",
    );
    const page = await open("auditor", `?asOf=${TO}&from=${FROM}`);
    const row = page.locator(`tr[data-run="${run.runId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect((await row.locator("td").allTextContents())[2]).toBe(formatAmount(run.allowance));
    await row.getByRole("button", { name: `Show entry ${run.entryId ?? ""}` }).click();
    const postings = page.locator("table.run-postings tbody tr");
    await expect.poll(() => postings.count()).toBe(entry.postings.length);
    for (const [index, posting] of entry.postings.entries()) {
      const texts = await postings.nth(index).locator("th, td").allTextContents();
      expect(texts[0]).toBe(posting.accountId);
      expect(texts[posting.side === "debit" ? 1 : 2]).toBe(formatAmount(posting.amount));
    }
    await page.close();
  });

  it("offers Run provisioning only to keys that may post runs", async () => {
    for (const role of ["risk", "auditor"] as const) {
      const page = await open(role, `?asOf=${TO}&from=${FROM}`);
      await page.locator("table.ifrs9-runs").waitFor({ timeout: 20_000 });
      expect(await page.getByRole("button", { name: /Run provisioning/ }).count(), role).toBe(0);
      await page.close();
    }
    const page = await open("admin", `?asOf=${TO}&from=${FROM}`);
    await page.getByRole("button", { name: "Run provisioning" }).click();
    await page.getByRole("button", { name: "Confirm run" }).click();
    // The same inputs as the run posted above: the API answers that run again (a replay).
    await expect
      .poll(() => page.locator(".run-action .status-ok").textContent(), { timeout: 20_000 })
      .toContain("Same inputs as an earlier run");
    await page.close();
  });

  it("keeps its controls in the URL: a shared URL reproduces the view", async () => {
    const report = await harness.api<Report>(`${API}/ifrs9?asOf=${TO}`, "risk");
    const page = await harness.signedIn("risk");
    await page.goto(`${harness.folio.url}${PAGE}`);
    await page.getByLabel("Reporting date").fill(TO);
    await page.getByLabel("Compare from").fill(FROM);
    await expect.poll(() => new URL(page.url()).searchParams.get("from")).toBe(FROM);
    expect(new URL(page.url()).searchParams.get("asOf")).toBe(TO);
    await expectTotals(page, report);
    const shared = page.url();
    await page.reload();
    expect(await page.getByLabel("Reporting date").inputValue()).toBe(TO);
    expect(await page.getByLabel("Compare from").inputValue()).toBe(FROM);
    await expectTotals(page, report);
    await page.close();
    const other = await harness.signedIn("auditor");
    await other.goto(shared);
    await expectTotals(other, report);
    await other.close();
  });

  it("shows the problem's code for a date that does not exist", async () => {
    const page = await open("risk", `?asOf=2026-02-30&from=${FROM}`);
    await expect
      .poll(() => page.locator(".problem-code").first().textContent(), { timeout: 20_000 })
      .toBe("invalid_request");
    await page.close();
  });

  it("saves a screenshot of the page with the demo's figures", async () => {
    const page = await open("admin", `?asOf=${TO}&from=${FROM}`);
    await page.locator("table.ifrs9-migration").waitFor({ timeout: 20_000 });
    await page.locator("table.ifrs9-movement").waitFor();
    await page.getByRole("button", { name: `Show entry ${run.entryId ?? ""}` }).click();
    await page.locator("table.run-postings").waitFor();
    await screenshot(page, "ifrs9");
    await page.close();
  });
});
