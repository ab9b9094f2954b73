// The trial balance page in a real browser with the demo data: its tables equal the API's
// GET .../trial-balance at the head and at past points (a recorded sequence set with the
// slider, an effective time), the totals balance (and a doctored answer shows "NOT
// balanced"), accounts page with the API's cursor, a copied URL reproduces the view, the diff
// between two sequences lists the API's entries between them and the exact balance changes,
// and an impossible point shows the problem's code.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BROWSER_MISSING,
  DEMO_LEDGER,
  screenshot,
  startConsoleHarness,
  type ConsoleHarness,
} from "./harness.js";

let harness: ConsoleHarness;
let head: number;
const base = `/v1/ledgers/${DEMO_LEDGER}`;

interface ApiAccount {
  accountId: string;
  type: string;
  postedDebits: string;
  postedCredits: string;
  balance: string;
}
interface ApiTrial {
  sequence: number | null;
  accountCount: number;
  nextCursor: string | null;
  currencies: {
    currency: string;
    postedDebits: string;
    postedCredits: string;
    debitBalances: string;
    creditBalances: string;
    accounts: ApiAccount[];
  }[];
}
interface ApiEntries {
  items: { sequence: number; id: string; effectiveAt: string }[];
  nextCursor: string | null;
}
interface ShownTable {
  currency: string;
  rows: string[][];
  foot: string[];
}

beforeAll(async () => {
  harness = await startConsoleHarness();
  head = (await harness.api<{ sequence: number }>(base)).sequence;
});

afterAll(async () => {
  await harness.close();
});

// ---- exact decimals, independent of the console's own format.ts -----------------------------

const scaleOf = (amount: string): number => amount.split(".")[1]?.length ?? 0;
const units = (amount: string, scale: number): bigint => {
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? amount.slice(1) : amount).split(".");
  const value = BigInt(whole + fraction.padEnd(scale, "0"));
  return negative ? -value : value;
};
const decimal = (value: bigint, scale: number): string => {
  const digits = (value < 0n ? -value : value).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const text = scale === 0 ? whole : `${whole}.${digits.slice(digits.length - scale)}`;
  return value < 0n ? `-${text}` : text;
};
/** b − a exactly. */
const minus = (b: string, a: string): string => {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  return decimal(units(b, scale) - units(a, scale), scale);
};

// ---- what the page shows, and what the API says it must show -------------------------------

const path = (query = ""): string =>
  `${harness.folio.url}/console/ledgers/${DEMO_LEDGER}/trial-balance${query}`;

async function shownTables(page: Page): Promise<ShownTable[]> {
  return page.evaluate<ShownTable[]>(`[...document.querySelectorAll("table[data-currency]")].map(
    (t) => ({
      currency: t.dataset.currency,
      rows: [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent.trim().replaceAll(",", ""))),
      foot: [...t.tFoot.rows[0].cells].map((c) => c.textContent.trim().replaceAll(",", "")),
    }))`);
}

function expectedTables(trial: ApiTrial): ShownTable[] {
  return trial.currencies.map((currency) => ({
    currency: currency.currency,
    rows: currency.accounts.map((account) => {
      const net = minus(account.postedDebits, account.postedCredits);
      const sign = units(net, scaleOf(net));
      return [
        account.accountId,
        account.type,
        account.postedDebits,
        account.postedCredits,
        sign > 0n ? net : "",
        sign < 0n ? minus(account.postedCredits, account.postedDebits) : "",
      ];
    }),
    foot: [
      `Total ${currency.currency} (every account)`,
      currency.postedDebits,
      currency.postedCredits,
      currency.debitBalances,
      currency.creditBalances,
    ],
  }));
}

/** Waits until the page shows the answer of `sequence`, then returns its tables. */
async function tablesAt(page: Page, sequence: number | null): Promise<ShownTable[]> {
  await expect
    .poll(() => page.getByTestId("tb-sequence").textContent(), { timeout: 15_000 })
    .toBe(String(sequence ?? "—"));
  return shownTables(page);
}

async function expectPageEqualsApi(page: Page, query: string): Promise<ApiTrial> {
  const trial = await harness.api<ApiTrial>(`${base}/trial-balance?limit=50${query}`, "auditor");
  await tablesAt(page, trial.sequence);
  await expect.poll(() => shownTables(page)).toEqual(expectedTables(trial));
  return trial;
}

async function allEntries(filter: string): Promise<number[]> {
  const sequences: number[] = [];
  let cursor: string | null = null;
  do {
    const tail: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
    const page: ApiEntries = await harness.api<ApiEntries>(
      `${base}/entries?order=oldest&limit=200&${filter}${tail}`,
      "auditor",
    );
    sequences.push(...page.items.map((entry) => entry.sequence));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return sequences;
}

async function wholeTrial(query: string): Promise<Map<string, string>> {
  const balances = new Map<string, string>();
  const trial = await harness.api<ApiTrial>(`${base}/trial-balance?limit=1000&${query}`);
  expect(trial.nextCursor).toBeNull();
  for (const currency of trial.currencies)
    for (const account of currency.accounts)
      balances.set(`${account.accountId} ${currency.currency}`, account.balance);
  return balances;
}

describe.skipIf(BROWSER_MISSING)("the trial balance page", () => {
  it("shows the API's trial balance at the head, balanced, with links and account pages", async () => {
    const page = await harness.signedIn("auditor");
    await page.goto(path());
    const trial = await expectPageEqualsApi(page, "");
    expect(trial.currencies.length).toBeGreaterThan(1);
    for (const currency of trial.currencies) {
      const check = page.locator(`[data-check="${currency.currency}"]`);
      expect(await check.textContent()).toContain(`${currency.currency}: balanced`);
    }
    const first = trial.currencies[0]?.accounts[0]?.accountId ?? "";
    const link = page.getByRole("link", { name: first, exact: true });
    expect(await link.getAttribute("href")).toBe(
      `/console/ledgers/${DEMO_LEDGER}/accounts/${encodeURIComponent(first)}`,
    );
    await screenshot(page, "trial-balance");

    // Ten accounts a page: the API's cursor, and the URL keeps both.
    await page.getByLabel("Accounts per page").selectOption("10");
    await expect.poll(() => page.url()).toContain("limit=10");
    const first10 = await harness.api<ApiTrial>(`${base}/trial-balance?limit=10`, "auditor");
    expect(await tablesAt(page, first10.sequence)).toEqual(expectedTables(first10));
    expect(first10.nextCursor).not.toBeNull();
    const cursor = encodeURIComponent(first10.nextCursor ?? "");
    await page.getByRole("button", { name: "Next page" }).click();
    await expect.poll(() => page.url()).toContain(`after=${cursor}`);
    const second10 = await harness.api<ApiTrial>(
      `${base}/trial-balance?limit=10&after=${cursor}`,
      "auditor",
    );
    await expect.poll(() => shownTables(page)).toEqual(expectedTables(second10));
    await page.close();
  });

  it("shows NOT balanced when the debit and credit totals differ", async () => {
    const page = await harness.signedIn("auditor");
    await page.route("**/v1/ledgers/*/trial-balance*", async (route) => {
      const answer = await route.fetch();
      const body = (await answer.json()) as ApiTrial;
      const doctored = body.currencies.map((c, i) =>
        i === 0 ? { ...c, creditBalances: minus(c.creditBalances, "-0.01") } : c,
      );
      await route.fulfill({ response: answer, json: { ...body, currencies: doctored } });
    });
    await page.goto(path());
    const check = page.locator(".tb-check").first();
    await expect.poll(() => check.textContent()).toContain("NOT balanced");
    await page.close();
  });

  it("sets a recorded sequence with the slider and shows the API's answer there", async () => {
    const page = await harness.signedIn("auditor");
    await page.goto(path());
    await page.getByLabel("As recorded (sequence)").check();
    const slider = page.getByLabel("Point A: recorded up to sequence");
    await expect.poll(() => slider.isEnabled()).toBe(true);
    await slider.focus();
    await page.keyboard.press("End");
    for (let step = 0; step < 3; step += 1) await page.keyboard.press("ArrowLeft");
    await expect.poll(() => page.url()).toContain(`asOf=${head - 3}`);
    expect(page.url()).toContain("basis=recorded");
    await expectPageEqualsApi(page, `&basis=recorded&asOf=${head - 3}`);

    // A sequence in the middle, opened from its URL.
    const middle = Math.floor(head / 2);
    await page.goto(path(`?basis=recorded&asOf=${middle}`));
    const trial = await expectPageEqualsApi(page, `&basis=recorded&asOf=${middle}`);
    expect(trial.sequence).toBe(middle);
    await page.close();
  });

  it("shows the API's answer at a past effective time, typed in or from the URL", async () => {
    const entries = await harness.api<ApiEntries>(`${base}/entries?order=oldest&limit=200`);
    const middle = entries.items[Math.floor(entries.items.length / 2)];
    expect(middle).toBeDefined();
    const asOf = middle?.effectiveAt ?? "";
    const page = await harness.signedIn("auditor");
    await page.goto(path(`?basis=effective&asOf=${encodeURIComponent(asOf)}`));
    const trial = await expectPageEqualsApi(
      page,
      `&basis=effective&asOf=${encodeURIComponent(asOf)}`,
    );
    const atHead = await harness.api<ApiTrial>(`${base}/trial-balance?limit=50`);
    expect(expectedTables(trial)).not.toEqual(expectedTables(atHead));

    // Typed into the date-time input (UTC, to the second).
    const typed = new Date(Date.parse(asOf) - 1000).toISOString().slice(0, 19);
    await page.getByLabel("Point A: effective as of (UTC)").fill(typed);
    await expect.poll(() => page.url()).toContain(`asOf=${encodeURIComponent(`${typed}Z`)}`);
    await expectPageEqualsApi(page, `&basis=effective&asOf=${encodeURIComponent(`${typed}Z`)}`);
    await page.close();
  });

  it("reproduces the view from a copied URL in a new page", async () => {
    const middle = Math.floor(head / 2);
    const first = await harness.signedIn("auditor");
    await first.goto(path(`?basis=recorded&asOf=${middle}`));
    const shown = await tablesAt(first, middle);
    await first
      .context()
      .grantPermissions(["clipboard-read", "clipboard-write"], { origin: harness.folio.url });
    await first.getByRole("button", { name: "Copy link" }).click();
    const url = first.url();
    const status = first.locator(".tb-copy [role=status]");
    await expect.poll(() => status.textContent()).not.toBe("");
    expect(await status.textContent()).toBe("Link copied.");
    expect(await first.evaluate<string>("navigator.clipboard.readText()")).toBe(url);
    await first.close();

    const second = await harness.signedIn("auditor");
    await second.goto(url);
    expect(await tablesAt(second, middle)).toEqual(shown);
    expect(await second.getByLabel("As recorded (sequence)").isChecked()).toBe(true);
    expect(await second.getByLabel("Point A: recorded up to sequence").inputValue()).toBe(
      String(middle),
    );
    await second.close();
  });

  it("diffs two sequences: the API's entries between them and the exact balance changes", async () => {
    // A and B are entries' own sequences, so (A, B] and [A, B) differ at both ends.
    const entries = await harness.api<ApiEntries>(`${base}/entries?order=oldest&limit=200`);
    const n = entries.items.length;
    const a = entries.items[Math.floor(n / 3)]?.sequence ?? 0;
    const b = entries.items[Math.floor((2 * n) / 3)]?.sequence ?? 0;
    expect(a).toBeLessThan(b);
    const page = await harness.signedIn("auditor");
    await page.goto(path(`?basis=recorded&asOf=${a}&compareAsOf=${b}`));

    // Balances as of A count every event up to and including A: B − A is (A, B].
    const expectedEntries = await allEntries(`sequenceFrom=${a + 1}&sequenceTo=${b + 1}`);
    expect(expectedEntries.length).toBeGreaterThan(0);
    expect(expectedEntries.every((s) => s > a && s <= b)).toBe(true);
    const shownEntries: string[] = [];
    const entriesTable = page.locator("#tb-entries");
    for (;;) {
      await entriesTable.waitFor();
      const column = await page.evaluate<string[]>(
        `[...document.querySelectorAll("#tb-entries tbody tr")].map((r) => r.cells[0].textContent.trim())`,
      );
      shownEntries.push(...column);
      const next = page.getByRole("button", { name: "Next entries" });
      if (await next.isDisabled()) break;
      const last = column[column.length - 1] ?? "";
      await next.click();
      await expect
        .poll(() =>
          page.locator("#tb-entries tbody tr").first().locator("td").first().textContent(),
        )
        .not.toBe(column[0]);
      expect(last).not.toBe("");
    }
    expect(shownEntries).toEqual(expectedEntries.map(String));

    const [atA, atB] = await Promise.all([
      wholeTrial(`basis=recorded&asOf=${a}`),
      wholeTrial(`basis=recorded&asOf=${b}`),
    ]);
    const expectedChanges: string[][] = [];
    for (const key of new Set([...atA.keys(), ...atB.keys()])) {
      const change = minus(atB.get(key) ?? "0", atA.get(key) ?? "0");
      if (units(change, scaleOf(change)) === 0n) continue;
      const [accountId = "", currency = ""] = key.split(" ");
      expectedChanges.push([accountId, currency, atA.get(key) ?? "—", atB.get(key) ?? "—", change]);
    }
    expect(expectedChanges.length).toBeGreaterThan(0);
    const shownChanges = await page.evaluate<string[][]>(
      `[...document.querySelectorAll("#tb-changes tbody tr")].map((r) => [...r.cells].map((c) => c.textContent.trim().replaceAll(",", "")))`,
    );
    const byKey = (x: string[], y: string[]): number =>
      `${x[1]} ${x[0]}` < `${y[1]} ${y[0]}` ? -1 : 1;
    expect([...shownChanges].sort(byKey)).toEqual(expectedChanges.sort(byKey));
    await page.goto(path(`?basis=recorded&asOf=${a}&compareAsOf=${b}`));
    await page.locator("#tb-entries").waitFor();
    await screenshot(page, "trial-balance-diff");
    await page.close();
  });

  it("shows the problem code for a point after now or before the ledger", async () => {
    const page = await harness.signedIn("auditor");
    const now = new Date().toISOString();
    const cases: [string, string][] = [
      [`?basis=effective&asOf=${now}&knownAt=2999-01-01T00:00:00Z`, "as_of_in_future"],
      [`?basis=recorded&asOf=2999-01-01T00:00:00Z`, "as_of_in_future"],
      [`?basis=effective&asOf=${now}&knownAt=2000-01-01T00:00:00Z`, "as_of_before_ledger"],
      [`?basis=recorded&asOf=${head + 1000}`, "sequence_beyond_ledger"],
    ];
    for (const [query, code] of cases) {
      await page.goto(path(query));
      const alert = page.locator(".state-error");
      await expect.poll(() => alert.locator(".problem-code").textContent()).toBe(code);
      expect(await alert.locator(".problem-message").textContent()).not.toBe("");
      // A point that cannot be answered is not worth retrying (read_model_behind would be).
      expect(await alert.getByRole("button", { name: "Try again" }).count()).toBe(0);
    }
    await page.close();
  });

  it("shows read_model_behind with a retry that then shows the answer", async () => {
    const page = await harness.signedIn("auditor");
    let refused = 0;
    await page.route("**/v1/ledgers/*/trial-balance*", async (route) => {
      if (refused > 0) return route.continue();
      refused += 1;
      const detail = "the balances read model has applied ledger demo-bank up to sequence 3";
      return route.fulfill({
        status: 409,
        contentType: "application/problem+json",
        json: {
          type: "about:blank",
          title: "Conflict",
          status: 409,
          code: "read_model_behind",
          detail,
        },
      });
    });
    await page.goto(path(`?basis=recorded&asOf=${head}`));
    const alert = page.locator(".state-error");
    await expect.poll(() => alert.locator(".problem-code").textContent()).toBe("read_model_behind");
    await alert.getByRole("button", { name: "Try again" }).click();
    await expectPageEqualsApi(page, `&basis=recorded&asOf=${head}`);
    await page.close();
  });
});
