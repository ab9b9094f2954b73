// The audit trail page in a real browser on the demo data: its rows are the API's events for
// the same filter (sequence, type, actor, hashes), Next and Previous show the API's pages for
// the cursors it gave, a shared URL with filters and a page position reproduces the view after
// a reload and in another tab, a bad fromSequence shows the problem's code, and a risk key
// sees the API's 403 as the error state.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BROWSER_MISSING,
  DEMO_LEDGER,
  screenshot,
  startConsoleHarness,
  type ConsoleHarness,
} from "./harness.js";

interface AuditEvent {
  sequence: number;
  type: string;
  actor: string;
  prevHash: string;
  hash: string;
}
interface AuditPage {
  events: (AuditEvent & { data: unknown })[];
  nextFromSequence: number | null;
  previousBefore: number | null;
}
interface Row extends AuditEvent {
  shown: string;
}

const PAGE_PATH = `/console/ledgers/${DEMO_LEDGER}/audit`;
const API_PATH = `/v1/ledgers/${DEMO_LEDGER}/audit`;
/** Accounts the poster key opens, so one actor's filter is small and exact. */
const POSTER_ACCOUNTS = ["audit-e2e-1", "audit-e2e-2", "audit-e2e-3"];

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness();
  for (const id of POSTER_ACCOUNTS) {
    const opened = await harness.folio.request(
      "POST",
      `/v1/ledgers/${DEMO_LEDGER}/accounts`,
      { id, currency: "USD", type: "asset" },
      harness.keys.poster,
    );
    expect(opened.status).toBe(201);
  }
  const head = await harness.api<{ sequence: number }>(`/v1/ledgers/${DEMO_LEDGER}`);
  // The audit model has applied every event before the pages are compared with it.
  await harness.api(`${API_PATH}?fromSequence=${head.sequence}&minSequence=${head.sequence}`);
}, 300_000);

afterAll(async () => {
  await harness.close();
});

/** The events the page shows, read from its table. */
function rows(page: Page): Promise<Row[]> {
  return page.evaluate<Row[]>(`[...document.querySelectorAll("tbody.audit-event")].map((body) => ({
    sequence: Number(body.dataset.sequence),
    type: body.querySelector('[data-field="type"] a').textContent,
    actor: body.querySelector('[data-field="actor"]').textContent,
    prevHash: body.querySelector('[data-field="prevHash"] button').title,
    hash: body.querySelector('[data-field="hash"] button').title,
    shown: body.querySelector('[data-field="hash"] code').textContent,
  }))`);
}

const fields = (events: readonly AuditEvent[]): AuditEvent[] =>
  events.map(({ sequence, type, actor, prevHash, hash }) => ({
    sequence,
    type,
    actor,
    prevHash,
    hash,
  }));

/** Waits until the page shows exactly `events`, hashes shortened with the full one in a title. */
async function expectRows(page: Page, events: readonly AuditEvent[]): Promise<void> {
  await expect
    .poll(async () => fields(await rows(page)), { timeout: 15_000 })
    .toEqual(fields(events));
  for (const row of await rows(page)) {
    expect(row.shown).toBe(`${row.hash.slice(0, 8)}…${row.hash.slice(-8)}`);
  }
}

const apiPage = (query: string): Promise<AuditPage> =>
  harness.api<AuditPage>(`${API_PATH}?${query}`, "auditor");

/** The event type the demo's first 1,000 events hold most of (over 20: three pages of 10). */
async function commonestType(): Promise<string> {
  const counts = new Map<string, number>();
  for (const event of (await apiPage("limit=1000")).events) {
    counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  }
  const [type, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  expect(count).toBeGreaterThan(20);
  return type;
}

describe.skipIf(BROWSER_MISSING)("the audit trail page", () => {
  it("shows the API's events for a filter, pages forward and back, and keeps a shared URL", async () => {
    const page = await harness.signedIn("auditor");
    await page.goto(`${harness.folio.url}${PAGE_PATH}`);
    const all = await apiPage("limit=50");
    expect(all.events.length).toBe(50);
    await expectRows(page, all.events);

    // Filter by the demo's commonest event type, its actor and 10 rows, through the form.
    const actor = all.events[0]?.actor ?? "";
    const type = await commonestType();
    await page.getByLabel("Event type").selectOption(type);
    await page.getByLabel("Actor (exact)").fill(actor);
    await page.getByLabel("Rows per page").selectOption("10");
    await page.getByRole("button", { name: "Apply" }).click();
    const query = `type=${type}&actor=${encodeURIComponent(actor)}&limit=10`;
    const first = await apiPage(query);
    expect(first.events.length).toBe(10);
    expect(first.events.every((event) => event.type === type && event.actor === actor)).toBe(true);
    expect(fields(first.events)).not.toEqual(fields(all.events.slice(0, 10)));
    await expectRows(page, first.events);

    // Next, Next, then Previous: the API's pages for the cursors it gave.
    const next = page.getByRole("button", { name: "Next" }).first();
    await next.click();
    const second = await apiPage(`${query}&fromSequence=${String(first.nextFromSequence)}`);
    await expectRows(page, second.events);
    expect(page.url()).toContain(`fromSequence=${String(first.nextFromSequence)}`);
    await next.click();
    const third = await apiPage(`${query}&fromSequence=${String(second.nextFromSequence)}`);
    await expectRows(page, third.events);
    await page.getByRole("button", { name: "Previous" }).first().click();
    const back = await apiPage(`${query}&before=${String(third.previousBefore)}`);
    expect(fields(back.events)).toEqual(fields(second.events));
    await expectRows(page, second.events);

    // The URL holds the view: a reload and another key's tab show the same page.
    const shared = page.url();
    expect(shared).toContain(`type=${type}`);
    await page.reload();
    await expectRows(page, second.events);
    expect(await page.getByLabel("Event type").inputValue()).toBe(type);
    expect(await page.getByLabel("Rows per page").inputValue()).toBe("10");
    expect(await page.getByLabel("Actor (exact)").inputValue()).toBe(actor);
    const other = await harness.signedIn("admin");
    await other.goto(shared);
    await expectRows(other, second.events);
    await other.close();

    // First page goes back to the start of the filtered trail.
    await page.getByRole("button", { name: "First page" }).first().click();
    await expectRows(page, first.events);
    await page.close();
  });

  it("filters by an actor from a row's link: exactly that key's events", async () => {
    const page = await harness.signedIn("auditor");
    const opened = await apiPage("type=AccountOpened&limit=1000");
    const posterActor = opened.events.find((event) => event.actor.endsWith(":console-poster"));
    expect(posterActor).toBeDefined();
    await page.goto(`${harness.folio.url}${PAGE_PATH}?type=AccountOpened&limit=200`);
    await expectRows(page, opened.events.slice(0, 200));
    await page
      .locator(`tbody.audit-event[data-sequence="${String(posterActor?.sequence)}"]`)
      .getByRole("link", { name: posterActor?.actor ?? "" })
      .click();
    const mine = await apiPage(
      `type=AccountOpened&actor=${encodeURIComponent(posterActor?.actor ?? "")}&limit=200`,
    );
    expect(mine.events.length).toBe(POSTER_ACCOUNTS.length);
    await expectRows(page, mine.events);
    await page.close();
  });

  it("shows the problem's code for an invalid fromSequence", async () => {
    const page = await harness.signedIn("auditor");
    await page.goto(`${harness.folio.url}${PAGE_PATH}`);
    await page.getByLabel("From sequence").fill("12x");
    await page.getByRole("button", { name: "Apply" }).click();
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("invalid_request");
    expect(page.url()).toContain("fromSequence=12x");
    expect(await rows(page)).toEqual([]);
    await page.close();
  });

  it("shows a risk key the API's 403 as an error state", async () => {
    const page = await harness.signedIn("risk");
    await page.goto(`${harness.folio.url}${PAGE_PATH}`);
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("forbidden");
    expect(await rows(page)).toEqual([]);
    await page.close();
  });

  it("saves the screenshot of the trail with one event's data open", async () => {
    const page = await harness.signedIn("auditor");
    await page.goto(`${harness.folio.url}${PAGE_PATH}?type=EntryPosted&limit=10`);
    const events = (await apiPage("type=EntryPosted&limit=10")).events;
    await expectRows(page, events);
    const posted = events[1];
    const body = page.locator(`tbody.audit-event[data-sequence="${String(posted?.sequence)}"]`);
    await body.locator("summary").click();
    await expect.poll(() => body.locator("pre").isVisible()).toBe(true);
    expect(JSON.parse((await body.locator("pre").textContent()) ?? "null")).toEqual(posted?.data);
    await screenshot(page, "audit");
    await page.close();
  });
});
