// Runs `npm run demo` (node --import tsx api/demo.ts) twice against a TestFolio: the first run
// fills the sample bank with the expected balances, the second writes nothing. Also checks the
// clear errors for a missing key and for a Folio that is not running.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const DEMO_TIMEOUT_MS = 60_000;

function runDemo(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
    if (env.FOLIO_API_KEY === undefined) delete childEnv.FOLIO_API_KEY;
    delete childEnv.FOLIO_ADMIN_KEY;
    const child = spawn(process.execPath, ["--import", "tsx", "api/demo.ts"], {
      cwd: process.cwd(),
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), DEMO_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("npm run demo", () => {
  let folio: TestFolio;

  beforeAll(async () => {
    folio = await startTestFolio();
  });
  afterAll(async () => {
    await folio.close();
  });

  async function ledger(): Promise<{ sequence: number; hash: string }> {
    const answer = await folio.request("GET", "/v1/ledgers/demo-bank");
    expect(answer.status).toBe(200);
    return answer.body as { sequence: number; hash: string };
  }

  async function balances(accountId: string): Promise<Record<string, string>> {
    const answer = await folio.request("GET", `/v1/ledgers/demo-bank/accounts/${accountId}`);
    expect(answer.status, accountId).toBe(200);
    return (answer.body as { balances: Record<string, string> }).balances;
  }

  it("fills the sample bank, and a second run writes nothing", async () => {
    const env = { FOLIO_URL: folio.url, FOLIO_API_KEY: folio.adminKey };
    const first = await runDemo(env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/demo-bank: \d+ steps written, 0 already there/);
    const afterFirst = await ledger();
    expect(first.stdout).toContain(`sequence ${afterFirst.sequence}, hash ${afterFirst.hash}`);

    expect(await balances("cash:vault")).toMatchObject({ balance: "1020300.00" });
    // Deposit 5,000.00, card hold of 120.00 posted in part (95.40), a fee of 5.00; a second
    // hold voided: nothing pending.
    expect(await balances("cust:0001:current")).toMatchObject({
      balance: "4899.60",
      available: "4899.60",
      pendingDebits: "0.00",
    });
    // 2,500.00 + 20,000.00 loan - 1,150.00 instalment - 5.00 fee; the double fee is reversed.
    expect(await balances("cust:0002:current")).toMatchObject({ balance: "21345.00" });
    expect(await balances("cust:0003:current")).toMatchObject({ balance: "10650.00" });
    expect(await balances("cust:0003:current:eur")).toMatchObject({ balance: "1000.00" });
    // One card hold of 35.00 is still open.
    expect(await balances("cust:0004:current")).toMatchObject({
      balance: "249000.00",
      available: "248965.00",
    });
    expect(await balances("loan:0002:term")).toMatchObject({ balance: "19000.00" });
    expect(await balances("loan:0004:mortgage")).toMatchObject({ balance: "248800.00" });
    expect(await balances("settlement:cards")).toMatchObject({ balance: "345.40" });
    expect(await balances("income:fees")).toMatchObject({ balance: "10.00" });
    expect(await balances("income:interest")).toMatchObject({ balance: "750.00" });
    // The FX trade balances per currency on the two position accounts.
    expect(await balances("fx:position:USD")).toMatchObject({ balance: "-1100.00" });
    expect(await balances("fx:position:EUR")).toMatchObject({ balance: "1000.00" });

    const second = await runDemo(env);
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/demo-bank: already there \(\d+ of \d+ steps replayed/);
    expect(await ledger()).toEqual(afterFirst);
  });

  it("says what is missing without a key, and when Folio is not running", async () => {
    const noKey = await runDemo({ FOLIO_URL: folio.url });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain("set FOLIO_API_KEY");

    const down = await runDemo({ FOLIO_URL: "http://127.0.0.1:9", FOLIO_API_KEY: "folio_x" });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("cannot reach Folio at http://127.0.0.1:9");
  });
});
