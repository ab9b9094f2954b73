// The audit route's filters and cursors over real HTTP on a whole Folio: `type` and `actor`
// give exactly the matching events in sequence order; paging forward with nextFromSequence
// and backward with previousBefore, over random page sizes and filters, neither loses nor
// repeats an event, and a previousBefore gives back exactly the page before; bad filter values
// and contradictory cursors are 400 problems; only auditor and admin keys may read the trail.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const LEDGER = "filtered";
const path = `/v1/ledgers/${LEDGER}/audit`;

interface AuditEvent {
  sequence: number;
  type: string;
  actor: string;
  hash: string;
  prevHash: string;
}
interface AuditPage {
  events: AuditEvent[];
  nextFromSequence: number | null;
  previousBefore: number | null;
}
interface Filter {
  type?: string;
  actor?: string;
}

let folio: TestFolio;
let poster: string;
let secondPoster: string;
let auditor: string;
let risk: string;
/** The whole trail, unfiltered, as one page. */
let trail: AuditEvent[] = [];

async function createKey(name: string, roles: string[]): Promise<string> {
  const created = await folio.request("POST", "/v1/keys", { name, roles, ledgers: ["*"] });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  return (created.body as { key: string }).key;
}

async function post(key: string, route: string, body: unknown): Promise<void> {
  const answer = await folio.request("POST", `/v1/ledgers/${LEDGER}${route}`, body, key);
  if (answer.status >= 300) throw new Error(`${route}: ${JSON.stringify(answer.body)}`);
}

const transfer = (id: string, amount: string) => ({
  id,
  postings: [
    { accountId: "cash", side: "debit", amount },
    { accountId: "cust", side: "credit", amount },
  ],
});

function query(filter: Filter, cursor: Record<string, number>, limit: number): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (filter.type !== undefined) params.set("type", filter.type);
  if (filter.actor !== undefined) params.set("actor", filter.actor);
  for (const [name, value] of Object.entries(cursor)) params.set(name, String(value));
  return `${path}?${params.toString()}`;
}

async function page(url: string, key?: string): Promise<AuditPage> {
  const answer = await folio.request("GET", url, undefined, key);
  if (answer.status !== 200) throw new Error(`${url}: ${JSON.stringify(answer.body)}`);
  return answer.body as AuditPage;
}

const matching = (filter: Filter): AuditEvent[] =>
  trail.filter(
    (event) =>
      (filter.type === undefined || event.type === filter.type) &&
      (filter.actor === undefined || event.actor === filter.actor),
  );

const actorOf = (name: string): string => {
  const found = trail.find((event) => event.actor.endsWith(`:${name}`));
  if (found === undefined) throw new Error(`no event by ${name}`);
  return found.actor;
};

beforeAll(async () => {
  folio = await startTestFolio();
  poster = await createKey("poster-one", ["poster"]);
  secondPoster = await createKey("poster-two", ["poster"]);
  auditor = await createKey("auditor", ["auditor"]);
  risk = await createKey("risk", ["risk"]);
  const created = await folio.request("POST", "/v1/ledgers", {
    id: LEDGER,
    name: "Filtered",
    reportingCurrency: "USD",
    assets: [{ code: "USD", scale: 2 }],
  });
  expect(created.status).toBe(201);
  await post(poster, "/accounts", { id: "cash", currency: "USD", type: "asset" });
  await post(poster, "/accounts", { id: "cust", currency: "USD", type: "liability" });
  // Two posters interleaved, entries and holds: every filter leaves gaps between its events.
  for (let index = 0; index < 14; index += 1) {
    const key = index % 3 === 0 ? secondPoster : poster;
    await post(key, "/entries", transfer(`e-${index}`, `${index + 1}.00`));
    if (index % 4 === 1) {
      await post(key, "/pending", { ...transfer(`h-${index}`, "2.00"), timeoutSeconds: 3_600 });
      await post(poster, `/pending/h-${index}/post`, {});
    }
  }
  const head = (await folio.request("GET", `/v1/ledgers/${LEDGER}`)).body as { sequence: number };
  trail = (await page(`${path}?limit=1000&minSequence=${head.sequence}`)).events;
  expect(trail.map((event) => event.sequence)).toEqual(trail.map((_, index) => index));
}, 120_000);

afterAll(async () => {
  await folio.close();
});

describe("audit filters", () => {
  it("gives exactly the matching events in sequence order, for type, actor and both", async () => {
    const filters: Filter[] = [
      { type: "EntryPosted" },
      { type: "PendingPosted" },
      { type: "LedgerCreated" },
      { actor: actorOf("poster-two") },
      { actor: actorOf("poster-one"), type: "EntryPended" },
      { type: "PeriodClosed" },
      { actor: "key:nobody:nobody" },
    ];
    for (const filter of filters) {
      const answer = await page(query(filter, { fromSequence: 0 }, 1_000), auditor);
      const expected = matching(filter);
      expect(
        answer.events.map((event) => event.sequence),
        JSON.stringify(filter),
      ).toEqual(expected.map((event) => event.sequence));
      expect(answer.events).toEqual(
        expected.map((event) => expect.objectContaining({ ...event }) as unknown),
      );
      expect(answer.nextFromSequence).toBeNull();
      expect(answer.previousBefore).toBeNull();
    }
    // The filters do cut: each kept some events and left others out.
    expect(matching({ type: "EntryPosted" }).length).toBeGreaterThan(5);
    expect(matching({ actor: actorOf("poster-two") }).length).toBeLessThan(trail.length / 2);
    expect(matching({ type: "PendingPosted" }).length).toBe(4);
  });

  it("pages forward and back with the cursors, losing and repeating no event", async () => {
    const actors = [...new Set(trail.map((event) => event.actor))];
    const filterArbitrary = fc.record(
      {
        type: fc.constantFrom("EntryPosted", "EntryPended", "PendingPosted", "AccountOpened"),
        actor: fc.constantFrom(...actors),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(filterArbitrary, fc.integer({ min: 1, max: 9 }), async (filter, limit) => {
        const expected = matching(filter).map((event) => event.sequence);
        // Forward from the start.
        const forward: AuditPage[] = [];
        let cursor: number | null = 0;
        while (cursor !== null) {
          const next = await page(query(filter, { fromSequence: cursor }, limit), auditor);
          forward.push(next);
          cursor = next.nextFromSequence;
          expect(forward.length).toBeLessThanOrEqual(trail.length + 1);
        }
        expect(forward.flatMap((p) => p.events.map((event) => event.sequence))).toEqual(expected);
        expect(forward.slice(0, -1).every((p) => p.events.length === limit)).toBe(true);
        // Each page's previousBefore gives back exactly the page before it.
        for (const [index, current] of forward.entries()) {
          const previous = forward[index - 1];
          if (previous === undefined || current.events.length === 0) {
            expect(current.previousBefore).toBeNull();
            continue;
          }
          expect(current.previousBefore).toBe(current.events[0]?.sequence);
          const back = await page(
            query(filter, { before: current.previousBefore ?? 0 }, limit),
            auditor,
          );
          expect(back.events).toEqual(previous.events);
          // And its nextFromSequence leads forward to this page again.
          const again = await page(
            query(filter, { fromSequence: back.nextFromSequence ?? -1 }, limit),
            auditor,
          );
          expect(again.events).toEqual(current.events);
        }
        // Backward from past the end.
        const backward: number[] = [];
        let before: number | null = trail.length;
        while (before !== null) {
          const previous = await page(query(filter, { before }, limit), auditor);
          backward.unshift(...previous.events.map((event) => event.sequence));
          before = previous.previousBefore;
        }
        expect(backward).toEqual(expected);
      }),
      { numRuns: 15, seed: 4_242 },
    );
  });

  it("jumps from any sequence and says where the neighbours are", async () => {
    const filter = { type: "EntryPosted" };
    const expected = matching(filter);
    // From just after the third match: the fourth and fifth, whatever lies between.
    const from = (expected[2]?.sequence ?? 0) + 1;
    const jumped = await page(query(filter, { fromSequence: from }, 2), auditor);
    expect(jumped.events.map((event) => event.sequence)).toEqual(
      expected.slice(3, 5).map((event) => event.sequence),
    );
    expect(jumped.previousBefore).toBe(expected[3]?.sequence);
    expect(jumped.nextFromSequence).toBe((expected[4]?.sequence ?? 0) + 1);
    // Past the last event: empty, with a way back and none forward.
    const past = await page(query(filter, { fromSequence: trail.length + 5 }, 2), auditor);
    expect(past).toEqual({ events: [], nextFromSequence: null, previousBefore: trail.length + 5 });
  });

  it("refuses bad filter values and contradictory cursors with 400 problems", async () => {
    const bad = [
      "type=NotAnEvent",
      "type=entryposted",
      "type=",
      "actor=",
      `actor=${"a".repeat(201)}`,
      "actor=%00",
      "fromSequence=1&before=5",
      "before=-1",
      "before=1e3",
      "fromSequence=abc",
      "limit=1001",
      "kind=EntryPosted",
    ];
    for (const text of bad) {
      const answer = await folio.request("GET", `${path}?${text}`, undefined, auditor);
      expect(answer.status, text).toBe(400);
      expect((answer.body as { code: string }).code, text).toBe("invalid_request");
    }
    // The longest actor is accepted.
    const longest = await folio.request("GET", `${path}?actor=${"a".repeat(200)}`, undefined);
    expect(longest.status).toBe(200);
  });

  it("lets auditor and admin keys read the trail, and refuses posters and risk keys", async () => {
    const url = query({ type: "EntryPosted" }, { fromSequence: 0 }, 5);
    expect((await folio.request("GET", url, undefined, auditor)).status).toBe(200);
    expect((await folio.request("GET", url)).status).toBe(200);
    for (const key of [poster, risk]) {
      const refused = await folio.request("GET", url, undefined, key);
      expect(refused.status).toBe(403);
      expect((refused.body as { code: string }).code).toBe("forbidden");
    }
  });
});
