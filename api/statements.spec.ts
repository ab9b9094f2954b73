// Account statements over real HTTP on a whole Folio (GET .../accounts/:id/statement): a
// worked example (deposits, a hold posted in part, a voided hold, a reversal, a backdated
// entry) with every figure checked by hand on both time axes, and the refusals: missing or
// reversed periods, an unknown format, a period too long, unknown ledgers and accounts, a recorded
// period that ends in the future, and keys without the role or the ledger.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

let folio: TestFolio;
const L = "/v1/ledgers/stmt";
type Json = Record<string, unknown>;
interface Line extends Json {
  entryId: string;
  kind: string;
  effect: string;
  side: string;
  amount: string;
  postedBalance: string;
  availableBalance: string;
}
interface Statement extends Json {
  opening: Json;
  closing: Json;
  lines: Line[];
  sequence: number;
}

async function ok(method: string, path: string, body?: unknown): Promise<Json> {
  const reply = await folio.request(method, path, body);
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(reply.body)}`);
  return reply.body as Json;
}

const DAY = 86_400_000;
const base = Math.floor(Date.now() / DAY) * DAY - 10 * DAY;
const day = (n: number): string => new Date(base + n * DAY).toISOString();
const move = (id: string, debit: string, credit: string, amount: string, extra: Json = {}) => ({
  id,
  ...extra,
  postings: [
    { accountId: debit, side: "debit", amount },
    { accountId: credit, side: "credit", amount },
  ],
});

let head = 0;
let beforeLate = "";
let started = "";

async function statement(query: string, key?: string) {
  const path = `${L}/accounts/cust/statement?${query}&minSequence=${head}`;
  return folio.request("GET", path, undefined, key);
}
async function okStatement(query: string): Promise<Statement> {
  const reply = await statement(query);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body as Statement;
}
const brief = (lines: readonly Line[]) =>
  lines.map((l) => [
    l.entryId,
    l.kind,
    l.effect,
    l.side,
    l.amount,
    l.postedBalance,
    l.availableBalance,
  ]);

beforeAll(async () => {
  folio = await startTestFolio();
  started = new Date(Date.now() - 1000).toISOString();
  const assets = [{ code: "USD", scale: 2 }];
  for (const id of ["stmt", "elsewhere"]) {
    await ok("POST", "/v1/ledgers", { id, name: id, reportingCurrency: "USD", assets });
  }
  await ok("POST", `${L}/accounts`, { id: "cash", currency: "USD", type: "asset" });
  await ok("POST", `${L}/accounts`, { id: "cust", currency: "USD", type: "liability" });
  await ok(
    "POST",
    `${L}/entries`,
    move("dep-1", "cash", "cust", "100.00", { effectiveAt: day(1), description: "Cash deposit" }),
  );
  await ok("POST", `${L}/entries`, move("dep-2", "cash", "cust", "50.00", { effectiveAt: day(2) }));
  const hold = (id: string, amount: string, at: string) =>
    ok("POST", `${L}/pending`, {
      ...move(id, "cust", "cash", amount, { description: `Card ${id}` }),
      effectiveAt: at,
      timeoutSeconds: 3600,
    });
  await hold("hold-1", "40.00", day(3));
  await hold("hold-2", "30.00", day(4));
  await ok("POST", `${L}/entries`, move("pay-1", "cust", "cash", "20.00", { effectiveAt: day(5) }));
  await ok("POST", `${L}/pending/hold-1/post`, { amount: "25.00" });
  await ok("POST", `${L}/pending/hold-2/void`);
  await ok("POST", `${L}/entries/pay-1/reverse`, { id: "rev-1" });
  await new Promise((resolve) => setTimeout(resolve, 20));
  beforeLate = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await ok(
    "POST",
    `${L}/entries`,
    move("late-1", "cash", "cust", "5.00", { effectiveAt: day(1.5) }),
  );
  head = (await ok("GET", L)).sequence as number;
}, 60_000);

afterAll(async () => {
  await folio.close();
});

describe("a worked statement of a customer account (liability: credits are its balance)", () => {
  it("effective basis, the whole period: lines in effective order, running balances, closing", async () => {
    const s = await okStatement(`from=${day(0)}&to=${day(20)}`);
    expect(s).toMatchObject({
      ledgerId: "stmt",
      accountId: "cust",
      currency: "USD",
      basis: "effective",
    });
    expect(s.sequence).toBe(head);
    const zero = { postedDebits: "0.00", postedCredits: "0.00", posted: "0.00" };
    expect(s.opening).toEqual({
      ...zero,
      pendingDebits: "0.00",
      pendingCredits: "0.00",
      available: "0.00",
    });
    expect(brief(s.lines)).toEqual([
      ["dep-1", "posted", "posted", "credit", "100.00", "100.00", "100.00"],
      ["late-1", "posted", "posted", "credit", "5.00", "105.00", "105.00"], // backdated: day 1.5
      ["dep-2", "posted", "posted", "credit", "50.00", "155.00", "155.00"],
      ["hold-1", "pending", "hold", "debit", "40.00", "155.00", "115.00"], // available only
      ["hold-2", "pending", "hold", "debit", "30.00", "155.00", "85.00"],
      ["pay-1", "posted", "posted", "debit", "20.00", "135.00", "65.00"],
      ["hold-1", "pending_posted", "release", "debit", "40.00", "135.00", "105.00"], // today
      ["hold-1", "pending_posted", "posted", "debit", "25.00", "110.00", "80.00"],
      ["hold-2", "pending_voided", "release", "debit", "30.00", "110.00", "110.00"],
      ["rev-1", "reversal", "posted", "credit", "20.00", "130.00", "130.00"],
    ]);
    expect(s.closing).toEqual({
      postedDebits: "45.00", // pay-1 20 + hold-1 posted 25
      postedCredits: "175.00", // 100 + 5 + 50 + rev-1 20
      posted: "130.00",
      pendingDebits: "0.00",
      pendingCredits: "0.00",
      available: "130.00",
    });
    expect(s.lines[0]).toMatchObject({ effectiveAt: day(1), description: "Cash deposit" });
    expect(s.lines[1]).toMatchObject({ effectiveAt: day(1.5), description: "" });
    expect(s.lines[6]).toMatchObject({
      sequence: s.lines[7]?.sequence,
      description: "Card hold-1",
    });
  });

  it("effective basis, a sub-period whose start is an entry's time: included; its end excluded", async () => {
    const s = await okStatement(`from=${day(2)}&to=${day(5)}`);
    expect(s.opening).toMatchObject({
      postedCredits: "105.00",
      posted: "105.00",
      available: "105.00",
    });
    expect(s.lines.map((l) => l.entryId)).toEqual(["dep-2", "hold-1", "hold-2"]);
    expect(s.closing).toEqual({
      postedDebits: "0.00",
      postedCredits: "155.00",
      posted: "155.00",
      pendingDebits: "70.00", // both holds open as of day 5
      pendingCredits: "0.00",
      available: "85.00",
    });
  });

  it("recorded basis: the backdated entry is a line where it was recorded, last", async () => {
    const now = new Date().toISOString();
    const all = await okStatement(`from=${started}&to=${now}&basis=recorded`);
    expect(all.lines.map((l) => `${l.entryId}/${l.kind}/${l.effect}`)).toEqual([
      "dep-1/posted/posted",
      "dep-2/posted/posted",
      "hold-1/pending/hold",
      "hold-2/pending/hold",
      "pay-1/posted/posted",
      "hold-1/pending_posted/release",
      "hold-1/pending_posted/posted",
      "hold-2/pending_voided/release",
      "rev-1/reversal/posted",
      "late-1/posted/posted",
    ]);
    expect(all.lines.map((l) => l.postedBalance)).toEqual([
      "100.00",
      "150.00",
      "150.00",
      "150.00",
      "130.00",
      "130.00",
      "105.00",
      "105.00",
      "125.00",
      "130.00",
    ]);
    const tail = await okStatement(`from=${beforeLate}&to=${now}&basis=recorded`);
    expect(tail.opening).toMatchObject({
      postedDebits: "45.00",
      postedCredits: "170.00",
      posted: "125.00",
    });
    expect(brief(tail.lines)).toEqual([
      ["late-1", "posted", "posted", "credit", "5.00", "130.00", "130.00"],
    ]);
    expect(tail.closing).toMatchObject({ posted: "130.00", available: "130.00" });
  });

  it("takes dates as midnight UTC and says the period it answered", async () => {
    const from = day(0).slice(0, 10);
    const s = await okStatement(`from=${from}&to=${day(3).slice(0, 10)}`);
    expect(s.from).toBe(day(0));
    expect(s.lines.map((l) => l.entryId)).toEqual(["dep-1", "late-1", "dep-2"]);
  });
});

describe("refusals", () => {
  const problem = async (query: string, status: number, code: string, key?: string) => {
    const reply = await statement(query, key);
    expect(reply.status, JSON.stringify(reply.body)).toBe(status);
    const body = reply.body as { code: string; errors?: { path: string }[]; details?: Json };
    expect(body.code).toBe(code);
    return body;
  };

  it("answers 400 invalid_request for a missing, reversed, empty or too long period, naming it", async () => {
    expect((await problem(`to=${day(1)}`, 400, "invalid_request")).errors?.[0]?.path).toBe("/from");
    expect((await problem(`from=${day(1)}`, 400, "invalid_request")).errors?.[0]?.path).toBe("/to");
    expect(
      (await problem(`from=${day(2)}&to=${day(1)}`, 400, "invalid_request")).errors?.[0]?.path,
    ).toBe("/to");
    await problem(`from=${day(2)}&to=${day(2)}`, 400, "invalid_request");
    await problem(`from=yesterday&to=${day(2)}`, 400, "invalid_request");
    const long = await problem(`from=${day(-360)}&to=${day(7)}`, 400, "invalid_request");
    expect(long.details).toMatchObject({ reason: "period_too_long", maxDays: 366 });
    await okStatement(`from=${day(-359)}&to=${day(7)}`); // exactly 366 days
  });

  it("answers 400 for a format other than json or camt053, naming the parameter", async () => {
    const body = await problem(`from=${day(0)}&to=${day(1)}&format=mt940`, 400, "invalid_request");
    expect(body.errors?.[0]?.path).toBe("/format");
    await problem(`from=${day(0)}&to=${day(1)}&basis=booked`, 400, "invalid_request");
  });

  it("answers 404 for an unknown account or ledger, with the existing codes", async () => {
    const q = `from=${day(0)}&to=${day(1)}`;
    const account = await folio.request("GET", `${L}/accounts/nobody/statement?${q}`);
    expect(account.status).toBe(404);
    expect((account.body as Json).code).toBe("account_not_found");
    const ledger = await folio.request("GET", `/v1/ledgers/nowhere/accounts/cust/statement?${q}`);
    expect(ledger.status).toBe(404);
    expect((ledger.body as Json).code).toBe("ledger_not_found");
  });

  it("refuses a recorded period ending in the future, as the balance route does", async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    await problem(`from=${started}&to=${future}&basis=recorded`, 422, "as_of_in_future");
    await okStatement(`from=${started}&to=${future}`); // effective time has no bound
  });

  it("keeps keys to their roles and ledgers, as the balance route does", async () => {
    const make = async (roles: string[], ledgers: string[]) =>
      (
        await ok("POST", "/v1/keys", {
          name: `k-${roles.join()}-${ledgers.join()}`,
          roles,
          ledgers,
        })
      ).key as string;
    const q = `from=${day(0)}&to=${day(20)}`;
    const elsewhere = await make(["auditor"], ["elsewhere"]);
    const riskAdmin = await make(["risk-admin"], ["stmt"]);
    const auditor = await make(["auditor"], ["stmt"]);
    await problem(q, 403, "forbidden", elsewhere);
    await problem(q, 403, "forbidden", riskAdmin);
    const balance = await folio.request("GET", `${L}/accounts/cust/balance`, undefined, elsewhere);
    expect(balance.status).toBe(403);
    expect((await statement(q, auditor)).status).toBe(200);
  });
});
