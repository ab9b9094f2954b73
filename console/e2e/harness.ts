// What the console's browser tests share: a Folio on its own test database with the console
// built and served, filled with `npm run demo`; keys for each role; Debian's Chromium driven by
// playwright-core (no browser download: /usr/bin/chromium, which .ci/run installs with apt);
// sign-in; screenshots into docs/screenshots/ for the README; and each page's load time.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { chromium, type Browser, type Page } from "playwright-core";
import { startTestFolio, type TestFolio } from "../../api/testing/testFolio.js";

export const CHROMIUM = process.env.FOLIO_CHROMIUM ?? "/usr/bin/chromium";
/**
 * No browser on a developer's machine: the browser suites skip there (and say so); with
 * CI=true they always run, and fail at once without the browser (.ci/run installs it).
 */
export const BROWSER_MISSING = !existsSync(CHROMIUM) && process.env.CI !== "true";
if (BROWSER_MISSING) {
  process.stderr.write(
    `console browser tests skipped: no ${CHROMIUM} (apt-get install chromium; CI never skips them)\n`,
  );
}
const SCREENSHOTS = new URL("../../docs/screenshots/", import.meta.url);
const DEMO_TIMEOUT_MS = 180_000;
export const DEMO_LEDGER = "demo-bank";

export type KeyRole = "admin" | "poster" | "auditor" | "risk";

export interface ConsoleHarness {
  readonly folio: TestFolio;
  readonly browser: Browser;
  /** A key per role, all on every ledger (the admin key is the Folio's own). */
  readonly keys: Readonly<Record<KeyRole, string>>;
  /** A new browser page signed in with the key of `role` (admin by default). */
  signedIn(role?: KeyRole): Promise<Page>;
  /** GET through the API with a role's key: the figures the console must show. */
  api<T>(path: string, role?: KeyRole): Promise<T>;
  close(): Promise<void>;
}

function runDemo(url: string, apiKey: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      FOLIO_URL: url,
      FOLIO_API_KEY: apiKey,
    };
    delete env.FOLIO_ADMIN_KEY;
    const child = spawn(process.execPath, ["--import", "tsx", "api/demo.ts"], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), DEMO_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`npm run demo exited with ${code}: ${stderr}`));
    });
  });
}

async function createKey(folio: TestFolio, role: Exclude<KeyRole, "admin">): Promise<string> {
  const created = await folio.request("POST", "/v1/keys", {
    name: `console-${role}`,
    roles: [role],
    ledgers: ["*"],
  });
  if (created.status !== 201)
    throw new Error(`cannot create a ${role} key: ${JSON.stringify(created.body)}`);
  return (created.body as { key: string }).key;
}

/** Debian's Chromium, headless; refuses clearly (never skips) when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium), as .ci/run does`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Signs a fresh page in through the sign-in form and waits for the ledgers page. */
export async function signIn(page: Page, url: string, key: string): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

export async function startConsoleHarness(
  options: { demo?: boolean } = {},
): Promise<ConsoleHarness> {
  const folio = await startTestFolio({ FOLIO_CONSOLE: "on" });
  let browser: Browser | null = null;
  try {
    if (options.demo !== false) await runDemo(folio.url, folio.adminKey);
    const keys = {
      admin: folio.adminKey,
      poster: await createKey(folio, "poster"),
      auditor: await createKey(folio, "auditor"),
      risk: await createKey(folio, "risk"),
    };
    const launched = await launchChromium();
    browser = launched;
    return {
      folio,
      browser: launched,
      keys,
      async signedIn(role = "admin") {
        const page = await launched.newPage({ viewport: { width: 1280, height: 900 } });
        await signIn(page, folio.url, keys[role]);
        return page;
      },
      async api<T>(path: string, role: KeyRole = "admin") {
        const answer = await folio.request("GET", path, undefined, keys[role]);
        if (answer.status !== 200)
          throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer.body as T;
      },
      async close() {
        await launched.close();
        await folio.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await folio.close();
    throw error;
  }
}

/** The values in the page's session storage (where the console keeps the key). */
export function sessionStorageValues(page: Page): Promise<string[]> {
  return page.evaluate<string[]>("Object.values(window.sessionStorage)");
}

/** Saves the page as docs/screenshots/<name>.png (the README shows them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
}

/** Opens a console path and returns the ms until `ready` (a locator's text) is visible. */
export async function timedVisit(
  page: Page,
  url: string,
  ready: () => Promise<void>,
): Promise<number> {
  const started = performance.now();
  await page.goto(url);
  await ready();
  return performance.now() - started;
}
