// Tests of the NATS command intake against a real NATS (NATS_URL, default 127.0.0.1:4222) and
// a real Folio (startTestFolio, real PostgreSQL), dispatching over HTTP with fetch (the same
// semantics as app.inject): commands over NATS answer exactly as HTTP does, refusals carry
// the API's codes, and every request gets exactly one well-formed reply (a property test).
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { connect, headers as natsHeaders, type NatsConnection } from "nats";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestFolio, type TestFolio } from "../../api/testing/testFolio.js";
import {
  startCommandIntake,
  type CommandIntake,
  type CommandIntakeOptions,
  type CommandReply,
  type Dispatch,
} from "./commandIntake.js";

const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const LEDGER = "nats-cmd";
const silent = pino({ level: "silent" });

let folio: TestFolio;
let client: NatsConnection;
let auditorKey: string;
const intakes: CommandIntake[] = [];

/** The dispatch the server builds with app.inject, here over real HTTP to the test Folio. */
function httpDispatch(baseUrl: string): Dispatch {
  return async (request) => {
    const response = await fetch(baseUrl + request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { status: response.status, headers, body: await response.text() };
  };
}

/** An intake on a fresh subject prefix (or `prefix`); stopped after the test. */
async function startIntake(options: Partial<CommandIntakeOptions> = {}) {
  const prefix = options.subjectPrefix ?? `t${randomUUID().replaceAll("-", "")}`;
  const dispatch = httpDispatch(folio.url);
  const base = { natsUrl: NATS_URL, dispatch, logger: silent, subjectPrefix: prefix };
  const intake = await startCommandIntake({ ...base, ...options });
  intakes.push(intake);
  return { intake, prefix, subject: (tail: string) => `${prefix}.cmd.${tail}` };
}

interface Send {
  readonly key?: string | null;
  readonly headers?: Record<string, string>;
}

async function request(subject: string, payload: unknown, send: Send = {}): Promise<CommandReply> {
  const hdrs = natsHeaders();
  const key = send.key === undefined ? folio.adminKey : send.key;
  if (key !== null) hdrs.set("Authorization", `Bearer ${key}`);
  for (const [name, value] of Object.entries(send.headers ?? {})) hdrs.set(name, value);
  const data = typeof payload === "string" ? payload : JSON.stringify(payload);
  const reply = await client.request(subject, new TextEncoder().encode(data), {
    timeout: 15_000,
    headers: hdrs,
  });
  return reply.json<CommandReply>();
}

function problemCode(reply: CommandReply): unknown {
  return (reply.body as { code?: unknown }).code;
}

const legs = (from: string, to: string, amount: string) => [
  { accountId: from, side: "debit", amount },
  { accountId: to, side: "credit", amount },
];

async function balancesOf(accountId: string): Promise<Record<string, string>> {
  const answer = await folio.request("GET", `/v1/ledgers/${LEDGER}/accounts/${accountId}`);
  return (answer.body as { balances: Record<string, string> }).balances;
}

beforeAll(async () => {
  folio = await startTestFolio();
  client = await connect({ servers: NATS_URL });
  const assets = [{ code: "USD", scale: 2 }];
  const ledger = { id: LEDGER, name: "NATS", reportingCurrency: "USD", assets };
  expect((await folio.request("POST", "/v1/ledgers", ledger)).status).toBe(201);
  const accounts = `/v1/ledgers/${LEDGER}/accounts`;
  const cust = { id: "cust", currency: "USD", type: "liability" };
  const flags = { debitsMustNotExceedCredits: true };
  expect((await folio.request("POST", accounts, { ...cust, flags })).status).toBe(201);
  const cash = { id: "cash", currency: "USD", type: "asset" };
  expect((await folio.request("POST", accounts, cash)).status).toBe(201);
  const auditor = { name: "auditor", roles: ["auditor"], ledgers: ["*"] };
  auditorKey = ((await folio.request("POST", "/v1/keys", auditor)).body as { key: string }).key;
});

afterEach(async () => {
  await Promise.all(intakes.splice(0).map((intake) => intake.stop()));
});

afterAll(async () => {
  await client.close();
  await folio.close();
});

describe("commands over NATS", () => {
  it("post, batch, hold, post, void and reverse answer as HTTP does, and move the balances", async () => {
    const { subject } = await startIntake();
    const deposit = { id: "dep-1", postings: legs("cash", "cust", "100.00") };
    const posted = await request(subject(`${LEDGER}.entry`), deposit);
    expect(posted.status).toBe(201);
    const overHttp = await folio.request("POST", `/v1/ledgers/${LEDGER}/entries`, deposit);
    expect(overHttp.status).toBe(200);
    expect(overHttp.body).toEqual(posted.body);

    const entries = [
      { id: "b-1", postings: legs("cash", "cust", "10.00") },
      { id: "b-2", postings: legs("cash", "cust", "5.00") },
    ];
    const batch = await request(subject(`${LEDGER}.batch`), { atomic: true, entries });
    expect(batch.status).toBe(201);
    expect((batch.body as { results: unknown[] }).results).toHaveLength(2);

    const hold = { id: "h-1", timeoutSeconds: 3600, postings: legs("cust", "cash", "40.00") };
    expect((await request(subject(`${LEDGER}.pending`), hold)).status).toBe(201);
    const post = await request(subject(`${LEDGER}.post-pending`), {
      pendingId: "h-1",
      amount: "25.00",
    });
    expect(post.status).toBe(201);
    const held = await folio.request("GET", `/v1/ledgers/${LEDGER}/entries/h-1`);
    expect(held.body).toEqual(post.body);

    const hold2 = { id: "h-2", timeoutSeconds: 3600, postings: legs("cust", "cash", "7.00") };
    expect((await request(subject(`${LEDGER}.pending`), hold2)).status).toBe(201);
    const voided = await request(subject(`${LEDGER}.void-pending`), { pendingId: "h-2" });
    expect(voided.status).toBe(201);
    expect((await request(subject(`${LEDGER}.void-pending`), { pendingId: "h-2" })).status).toBe(
      200,
    );

    const reversal = await request(subject(`${LEDGER}.reverse`), { reversalOf: "b-1", id: "r-1" });
    expect(reversal.status).toBe(201);
    const reversed = await folio.request("GET", `/v1/ledgers/${LEDGER}/entries/r-1`);
    expect(reversed.body).toEqual(reversal.body);

    expect(await balancesOf("cust")).toMatchObject({
      postedCredits: "115.00",
      postedDebits: "35.00",
      pendingDebits: "0.00",
    });
  });

  it("a retried entry id answers the first outcome; other content is id_conflict", async () => {
    const { subject } = await startIntake();
    const entry = { id: "retry-1", postings: legs("cash", "cust", "1.00") };
    const first = await request(subject(`${LEDGER}.entry`), entry);
    const again = await request(subject(`${LEDGER}.entry`), entry);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.headers["idempotent-replay"]).toBe("true");
    expect(again.body).toEqual(first.body);
    const other = { ...entry, postings: legs("cash", "cust", "2.00") };
    const conflict = await request(subject(`${LEDGER}.entry`), other);
    expect([conflict.status, problemCode(conflict)]).toEqual([409, "id_conflict"]);
  });

  it("a dry run answers as the real call would and posts nothing", async () => {
    const { subject } = await startIntake();
    const before = await balancesOf("cust");
    const entry = { id: "dry-1", postings: legs("cash", "cust", "3.00") };
    const dry = { headers: { "Folio-Dry-Run": "true" } };
    const reply = await request(subject(`${LEDGER}.entry`), entry, dry);
    expect(reply.status).toBe(201);
    expect(reply.headers["folio-dry-run"]).toBe("true");
    expect((await folio.request("GET", `/v1/ledgers/${LEDGER}/entries/dry-1`)).status).toBe(404);
    expect(await balancesOf("cust")).toEqual(before);
  });
});

describe("refusals", () => {
  const cases: [string, string, unknown, Send, number, string][] = [
    ["bad JSON", `${LEDGER}.entry`, "{not json", {}, 400, "invalid_request"],
    ["bad JSON for a hold", `${LEDGER}.void-pending`, "{", {}, 400, "invalid_request"],
    ["no hold id", `${LEDGER}.post-pending`, { amount: "1.00" }, {}, 400, "invalid_request"],
    ["a bad hold id", `${LEDGER}.void-pending`, { pendingId: "-x" }, {}, 400, "invalid_request"],
    ["an unknown command", `${LEDGER}.frobnicate`, {}, {}, 404, "not_found"],
    ["no command", LEDGER, {}, {}, 404, "not_found"],
    ["a bad ledger id", "-bad.entry", {}, {}, 400, "invalid_request"],
    [
      "an unknown ledger",
      "nope.entry",
      { id: "x", postings: legs("a", "b", "1") },
      {},
      404,
      "ledger_not_found",
    ],
    ["no key", `${LEDGER}.entry`, {}, { key: null }, 401, "unauthorized"],
    ["an unknown key", `${LEDGER}.entry`, {}, { key: "folio_nope" }, 401, "unauthorized"],
    [
      "a bad dry-run flag",
      `${LEDGER}.entry`,
      {},
      { headers: { "Folio-Dry-Run": "y" } },
      400,
      "invalid_request",
    ],
  ];
  it.each(cases)("%s", async (_name, tail, payload, send, status, code) => {
    const { subject } = await startIntake();
    const reply = await request(subject(tail), payload, send);
    expect([reply.status, problemCode(reply)]).toEqual([status, code]);
  });

  it("a key without the poster role is forbidden", async () => {
    const { subject } = await startIntake();
    const entry = { id: "aud-1", postings: legs("cash", "cust", "1.00") };
    const reply = await request(subject(`${LEDGER}.entry`), entry, { key: auditorKey });
    expect([reply.status, problemCode(reply)]).toEqual([403, "forbidden"]);
  });

  it("an oversize message is refused and posts nothing", async () => {
    const { subject, intake } = await startIntake({ maxBodyBytes: 1024 });
    const entry = {
      id: "big-1",
      description: "x".repeat(2000),
      postings: legs("cash", "cust", "1.00"),
    };
    const reply = await request(subject(`${LEDGER}.entry`), entry);
    expect([reply.status, problemCode(reply)]).toEqual([413, "body_too_large"]);
    expect((await folio.request("GET", `/v1/ledgers/${LEDGER}/entries/big-1`)).status).toBe(404);
    expect(intake.status()).toMatchObject({ refused: 1, served: 1 });
  });
});

/** A dispatch that answers 201 once `release()` is called. */
function gatedDispatch() {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  const dispatch: Dispatch = async () => {
    calls += 1;
    await gate;
    return { status: 201, headers: {}, body: "{}" };
  };
  return {
    dispatch,
    release: () => {
      release();
    },
    calls: () => calls,
  };
}

describe("the intake", () => {
  it("beyond maxInFlight answers 503 overloaded", async () => {
    const gated = gatedDispatch();
    const { subject } = await startIntake({ dispatch: gated.dispatch, maxInFlight: 1 });
    const first = request(subject(`${LEDGER}.entry`), {});
    await expect.poll(() => gated.calls()).toBe(1);
    const second = await request(subject(`${LEDGER}.entry`), {});
    expect([second.status, problemCode(second)]).toEqual([503, "overloaded"]);
    expect(second.headers["retry-after"]).toBe("1");
    gated.release();
    expect((await first).status).toBe(201);
  });

  it("stop() answers the requests in flight, then closes", async () => {
    const gated = gatedDispatch();
    const { subject, intake } = await startIntake({ dispatch: gated.dispatch });
    const pending = request(subject(`${LEDGER}.entry`), {});
    await expect.poll(() => intake.status().inFlight).toBe(1);
    const stopped = intake.stop();
    setTimeout(gated.release, 100);
    await stopped;
    expect((await pending).status).toBe(201);
    expect(intake.status()).toMatchObject({ connected: false, served: 1, inFlight: 0 });
  });

  it("a dispatch that throws is answered 503 unavailable and counted", async () => {
    const dispatch: Dispatch = () => Promise.reject(new Error("boom"));
    const { subject, intake } = await startIntake({ dispatch });
    const reply = await request(subject(`${LEDGER}.entry`), {});
    expect([reply.status, problemCode(reply)]).toEqual([503, "unavailable"]);
    expect(intake.status()).toMatchObject({ errors: 1, served: 1 });
  });

  it("shares the load in a queue group: each request is answered once", async () => {
    const dispatch: Dispatch = () => Promise.resolve({ status: 201, headers: {}, body: "{}" });
    const { subject, intake, prefix } = await startIntake({ dispatch });
    const { intake: other } = await startIntake({ dispatch, subjectPrefix: prefix });
    const counts = await countReplies(Array.from({ length: 20 }, () => subject(`${LEDGER}.entry`)));
    expect(counts).toEqual(Array.from({ length: 20 }, () => 1));
    expect(intake.status().served + other.status().served).toBe(20);
    expect(intake.status().served).toBeGreaterThan(0);
    expect(other.status().served).toBeGreaterThan(0);
  });

  it("a message without a reply subject is dropped, not dispatched", async () => {
    const gated = gatedDispatch();
    const { subject, intake } = await startIntake({ dispatch: gated.dispatch });
    client.publish(subject(`${LEDGER}.entry`), new TextEncoder().encode("{}"));
    await client.flush();
    await expect.poll(() => intake.status().dropped).toBe(1);
    expect(gated.calls()).toBe(0);
  });
});

/** Publishes one message per subject with its own reply inbox; counts the replies each gets. */
async function countReplies(
  subjects: readonly string[],
  payloads: readonly Uint8Array[] = [],
  headerSets: readonly Record<string, string>[] = [],
): Promise<number[]> {
  const inbox = `_INBOX.${randomUUID()}`;
  const counts = subjects.map(() => 0);
  const replies: CommandReply[] = [];
  const sub = client.subscribe(`${inbox}.>`, {
    callback: (_error, msg) => {
      const index = Number(msg.subject.slice(inbox.length + 1));
      counts[index] = (counts[index] ?? 0) + 1;
      replies.push(msg.json<CommandReply>());
    },
  });
  await client.flush();
  subjects.forEach((subject, index) => {
    const hdrs = natsHeaders();
    for (const [name, value] of Object.entries(headerSets[index] ?? {})) hdrs.set(name, value);
    const data = payloads[index] ?? new TextEncoder().encode("{}");
    client.publish(subject, data, { reply: `${inbox}.${index}`, headers: hdrs });
  });
  await expect.poll(() => counts.every((count) => count > 0), { timeout: 30_000 }).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 300));
  sub.unsubscribe();
  replies.forEach(expectWellFormed);
  return counts;
}

function expectWellFormed(reply: CommandReply): void {
  expect(Number.isInteger(reply.status) && reply.status >= 200 && reply.status < 600).toBe(true);
  expect(Object.values(reply.headers).every((value) => typeof value === "string")).toBe(true);
  expect(typeof reply.body).toBe("object");
  if (reply.status >= 400) {
    const problem = reply.body as { status?: unknown; code?: unknown };
    expect(problem.status).toBe(reply.status);
    expect(typeof problem.code).toBe("string");
  }
}

describe("property: every request gets exactly one well-formed reply", () => {
  const token = fc.oneof(
    fc.constantFrom(LEDGER, "entry", "batch", "pending", "post-pending", "void-pending", "reverse"),
    fc.stringMatching(/^[A-Za-z0-9_:@!-]{1,12}$/),
  );
  const payload = fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc.json().map((text) => new TextEncoder().encode(text)),
    fc
      .record({
        id: fc.stringMatching(/^p[a-z0-9]{1,10}$/),
        amount: fc.constantFrom("1.00", "0", "x"),
      })
      .map(({ id, amount }) =>
        new TextEncoder().encode(
          JSON.stringify({
            id,
            pendingId: id,
            reversalOf: "dep-1",
            postings: legs("cash", "cust", amount),
          }),
        ),
      ),
  );
  const headerSet = fc.record({
    Authorization: fc.constantFrom("", "Bearer folio_nope", "Basic x", "admin"),
    "Folio-Dry-Run": fc.constantFrom("true", "false", "maybe", ""),
  });
  it("for arbitrary subjects, payloads and headers", async () => {
    const { subject } = await startIntake({ maxBodyBytes: 48 * 1024 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.array(token, { minLength: 1, maxLength: 4 }), payload, headerSet), {
          minLength: 1,
          maxLength: 8,
        }),
        async (messages) => {
          const subjects = messages.map(([tokens]) => subject(tokens.join(".")));
          const headerSets = messages.map(([, , set]) => {
            const auth =
              set.Authorization === "admin" ? `Bearer ${folio.adminKey}` : set.Authorization;
            return Object.fromEntries(
              Object.entries({ ...set, Authorization: auth }).filter(([, value]) => value !== ""),
            );
          });
          const counts = await countReplies(
            subjects,
            messages.map(([, data]) => data),
            headerSets,
          );
          expect(counts.every((count) => count === 1)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
});
