// Properties of account statements over real HTTP on a real PostgreSQL: for random histories
// (entries with random effective times, holds posted in part or in full, voided, reversals)
// and any period of any account, on both time axes: the opening plus the lines, counter by
// counter and side by side, is the closing; the running balances step by each line and end at
// the closing; and the opening of [a, b) is the closing of [x, a). Periods include empty ones,
// bounds equal to an entry's time, periods before the first entry and after the last.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

let folio: TestFolio;
interface Balances {
  postedDebits: string;
  postedCredits: string;
  posted: string;
  pendingDebits: string;
  pendingCredits: string;
  available: string;
}
interface Line {
  sequence: number;
  effect: "posted" | "hold" | "release";
  side: "debit" | "credit";
  amount: string;
  effectiveAt: string;
  postedBalance: string;
  availableBalance: string;
}
interface Statement {
  sequence: number;
  opening: Balances;
  closing: Balances;
  lines: Line[];
}

const ACCOUNTS = [
  { id: "cash", type: "asset" },
  { id: "cust-a", type: "liability" },
  { id: "cust-b", type: "liability" },
] as const;
const HOUR = 3_600_000;
const base = Math.floor(Date.now() / HOUR) * HOUR - 72 * HOUR;

/** Minor units of a decimal string at scale 2 ("-12.30" is -1230n). */
const minor = (text: string): bigint => BigInt(text.replace(".", ""));

type Command =
  | { kind: "post" | "pend"; debit: number; credit: number; cents: number; hour: number }
  | { kind: "resolve"; hold: number; how: "all" | "part" | "void" }
  | { kind: "reverse"; entry: number };

const accountIndex = fc.integer({ min: 0, max: ACCOUNTS.length - 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("post" as const, "pend" as const),
    debit: accountIndex,
    credit: accountIndex,
    cents: fc.integer({ min: 1, max: 50_000 }),
    hour: fc.integer({ min: 0, max: 60 }),
  }),
  fc.record({
    kind: fc.constant("resolve" as const),
    hold: fc.nat(),
    how: fc.constantFrom("all" as const, "part" as const, "void" as const),
  }),
  fc.record({ kind: fc.constant("reverse" as const), entry: fc.nat() }),
);

interface History {
  readonly ledger: string;
  /** Effective times of entries and holds, and recorded times seen around each command. */
  readonly effectiveTimes: number[];
  readonly recordedTimes: number[];
  readonly head: number;
}

let ledgers = 0;
async function send(method: string, path: string, body?: unknown) {
  return folio.request(method, path, body);
}

function amountText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

async function apply(ledger: string, commands: readonly Command[]): Promise<History> {
  const path = `/v1/ledgers/${ledger}`;
  const effectiveTimes: number[] = [];
  const recordedTimes: number[] = [Date.now()];
  const holds: string[] = [];
  const posted: string[] = [];
  for (const [n, c] of commands.entries()) {
    const id = `e${n}`;
    if (c.kind === "post" || c.kind === "pend") {
      const debit = ACCOUNTS[c.debit]?.id ?? "cash";
      const credit = ACCOUNTS[c.credit === c.debit ? (c.debit + 1) % 3 : c.credit]?.id ?? "cash";
      const effectiveAt = new Date(base + c.hour * HOUR).toISOString();
      const body = {
        id,
        effectiveAt,
        postings: [
          { accountId: debit, side: "debit", amount: amountText(c.cents) },
          { accountId: credit, side: "credit", amount: amountText(c.cents) },
        ],
        ...(c.kind === "pend" ? { timeoutSeconds: 3600 } : {}),
      };
      const reply = await send(
        "POST",
        `${path}/${c.kind === "pend" ? "pending" : "entries"}`,
        body,
      );
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      effectiveTimes.push(Date.parse(effectiveAt));
      recordedTimes.push(Date.parse((reply.body as { recordedAt: string }).recordedAt));
      (c.kind === "pend" ? holds : posted).push(id);
    } else if (c.kind === "resolve" && holds.length > 0) {
      const hold = holds.splice(c.hold % holds.length, 1)[0] ?? "";
      const action = c.how === "void" ? "void" : "post";
      const reply = await send(
        "POST",
        `${path}/pending/${hold}/${action}`,
        c.how === "part" ? { amount: "0.01" } : {},
      );
      expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
      if (action === "post") posted.push(hold);
    } else if (c.kind === "reverse" && posted.length > 0) {
      const entry = posted.splice(c.entry % posted.length, 1)[0] ?? "";
      const reply = await send("POST", `${path}/entries/${entry}/reverse`, { id: `r${n}` });
      expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
    }
    recordedTimes.push(Date.now());
  }
  const head = ((await send("GET", path)).body as { sequence: number }).sequence;
  return { ledger, effectiveTimes, recordedTimes, head };
}

async function newLedger(): Promise<string> {
  ledgers += 1;
  const ledger = `prop-${ledgers}`;
  const assets = [{ code: "USD", scale: 2 }];
  expect(
    (
      await send("POST", "/v1/ledgers", {
        id: ledger,
        name: ledger,
        reportingCurrency: "USD",
        assets,
      })
    ).status,
  ).toBe(201);
  for (const account of ACCOUNTS) {
    const reply = await send("POST", `/v1/ledgers/${ledger}/accounts`, {
      ...account,
      currency: "USD",
    });
    expect(reply.status).toBe(201);
  }
  return ledger;
}

async function statementOf(h: History, account: string, basis: string, from: number, to: number) {
  const query = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&basis=${basis}&minSequence=${h.head}`;
  const reply = await send("GET", `/v1/ledgers/${h.ledger}/accounts/${account}/statement?${query}`);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body as Statement;
}

/** Opening plus lines is closing, counter by counter; running balances step and end there. */
function checkReconciles(s: Statement, debitNormal: boolean): void {
  const counters = {
    postedDebits: minor(s.opening.postedDebits),
    postedCredits: minor(s.opening.postedCredits),
    pendingDebits: minor(s.opening.pendingDebits),
    pendingCredits: minor(s.opening.pendingCredits),
  };
  let posted = minor(s.opening.posted);
  let available = minor(s.opening.available);
  for (const line of s.lines) {
    const amount = minor(line.amount);
    expect(amount > 0n).toBe(true);
    const normal = (line.side === "debit") === debitNormal ? 1n : -1n;
    if (line.effect === "posted") {
      counters[line.side === "debit" ? "postedDebits" : "postedCredits"] += amount;
      posted += normal * amount;
      available += normal * amount;
    } else {
      const signed = line.effect === "hold" ? amount : -amount;
      counters[line.side === "debit" ? "pendingDebits" : "pendingCredits"] += signed;
      if (normal === -1n) available -= signed; // a hold against the balance reduces available
    }
    expect(minor(line.postedBalance)).toBe(posted);
    expect(minor(line.availableBalance)).toBe(available);
  }
  expect(counters.postedDebits).toBe(minor(s.closing.postedDebits));
  expect(counters.postedCredits).toBe(minor(s.closing.postedCredits));
  expect(counters.pendingDebits).toBe(minor(s.closing.pendingDebits));
  expect(counters.pendingCredits).toBe(minor(s.closing.pendingCredits));
  expect(posted).toBe(minor(s.closing.posted));
  expect(available).toBe(minor(s.closing.available));
}

/** Three ordered, distinct points x < a < b from `times` and the edges around them. */
function pointsFrom(times: readonly number[], picks: readonly number[], upper: number): number[] {
  const earliest = Math.min(base, ...times);
  const pool = [...new Set([...times, earliest - HOUR, upper])];
  const chosen = [...new Set(picks.map((p) => pool[p % pool.length] ?? 0))].sort((x, y) => x - y);
  return chosen;
}

beforeAll(async () => {
  folio = await startTestFolio();
}, 60_000);

afterAll(async () => {
  await folio.close();
});

describe("statement properties, both axes, any account and period", () => {
  it("reconcile, step, end at the closing, and chain period to period", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { minLength: 1, maxLength: 14 }),
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        async (commands, effectivePicks, recordedPicks) => {
          const h = await apply(await newLedger(), commands);
          const now = Date.now();
          const axes = [
            {
              basis: "effective",
              points: pointsFrom(h.effectiveTimes, effectivePicks, now + HOUR),
            },
            { basis: "recorded", points: pointsFrom(h.recordedTimes, recordedPicks, now) },
          ];
          for (const account of ACCOUNTS) {
            for (const { basis, points } of axes) {
              const [x, a, b] = points;
              if (x === undefined || a === undefined) continue;
              const first = await statementOf(h, account.id, basis, x, a);
              checkReconciles(first, account.type === "asset");
              if (basis === "effective") {
                for (const line of first.lines) {
                  const at = Date.parse(line.effectiveAt);
                  expect(at >= x && at < a).toBe(true);
                }
              }
              if (b === undefined) continue;
              const second = await statementOf(h, account.id, basis, a, b);
              checkReconciles(second, account.type === "asset");
              expect(second.opening).toEqual(first.closing);
              expect(second.sequence).toBe(first.sequence);
              const whole = await statementOf(h, account.id, basis, x, b);
              expect(whole.lines.length).toBe(first.lines.length + second.lines.length);
              expect(whole.closing).toEqual(second.closing);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
