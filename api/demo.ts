// `npm run demo`: fills a sample bank ("demo-bank") through the HTTP API of a running Folio:
// chart of accounts, deposits, card holds, loans, fees, an FX trade and a reversal, then a
// small loan book (api/demoLoanBook.ts) whose large-exposure table it prints, and the loan
// book's IFRS 9 inputs (api/demoIfrs9Book.ts). Every id is fixed, so a second run writes
// nothing and says so. Needs FOLIO_API_KEY (or FOLIO_ADMIN_KEY); FOLIO_URL defaults to
// http://127.0.0.1:3000.

import { ifrs9BookSteps } from "./demoIfrs9Book.js";
import { largeExposureLines, loanBookSteps } from "./demoLoanBook.js";

const LEDGER = "demo-bank";
const REPORTING_CURRENCY = "USD";
const base = `/v1/ledgers/${LEDGER}`;
const WEEK_SECONDS = 7 * 24 * 60 * 60;

type Body = Readonly<Record<string, unknown>>;

interface Step {
  readonly label: string;
  readonly method: "POST" | "PATCH";
  readonly path: string;
  readonly body?: Body;
}

class DemoError extends Error {}

// ---- the sample bank --------------------------------------------------------------------

interface Customer {
  readonly id: string;
  readonly name: string;
  readonly sector: string;
  readonly country: string;
  readonly rating: string;
  readonly deposit: string;
}

const customers: readonly Customer[] = [
  {
    id: "0001",
    name: "Ada Lovelace",
    sector: "retail",
    country: "GB",
    rating: "A",
    deposit: "5000.00",
  },
  {
    id: "0002",
    name: "Brunel Works Ltd",
    sector: "sme",
    country: "US",
    rating: "BB",
    deposit: "2500.00",
  },
  {
    id: "0003",
    name: "Curie Labs GmbH",
    sector: "sme",
    country: "DE",
    rating: "BBB",
    deposit: "12000.00",
  },
  {
    id: "0004",
    name: "Dumas Family",
    sector: "retail",
    country: "FR",
    rating: "A",
    deposit: "800.00",
  },
];

const current = (id: string): string => `cust:${id}:current`;

function posting(accountId: string, side: "debit" | "credit", amount: string): Body {
  return { accountId, side, amount };
}

/** A two-posting entry: debit one account, credit another. */
function transfer(
  id: string,
  description: string,
  debit: string,
  credit: string,
  amount: string,
): Step {
  return {
    label: `entry ${id}`,
    method: "POST",
    path: `${base}/entries`,
    body: {
      id,
      description,
      postings: [posting(debit, "debit", amount), posting(credit, "credit", amount)],
    },
  };
}

function account(id: string, currency: string, type: string, extra: Body = {}): Step {
  return {
    label: `account ${id}`,
    method: "POST",
    path: `${base}/accounts`,
    body: { id, currency, type, ...extra },
  };
}

function cardHold(id: string, customer: string, amount: string, merchant: string): Step {
  return {
    label: `hold ${id}`,
    method: "POST",
    path: `${base}/pending`,
    body: {
      id,
      description: `Card authorisation at ${merchant}`,
      timeoutSeconds: WEEK_SECONDS,
      postings: [
        posting(current(customer), "debit", amount),
        posting("settlement:cards", "credit", amount),
      ],
      metadata: { merchant },
    },
  };
}

function steps(): Step[] {
  const chart: Step[] = [
    account("cash:vault", "USD", "asset"),
    account("equity:capital", "USD", "equity"),
    account("income:fees", "USD", "income"),
    account("income:interest", "USD", "income"),
    account("settlement:cards", "USD", "liability", { metadata: { network: "visa" } }),
    account("fx:position:USD", "USD", "asset", { metadata: { desk: "fx" } }),
    account("fx:position:EUR", "EUR", "asset", { metadata: { desk: "fx" } }),
    ...customers.map((customer) =>
      account(current(customer.id), "USD", "liability", {
        flags: { debitsMustNotExceedCredits: true },
        attributes: {
          counterparty: `cust:${customer.id}`,
          sector: customer.sector,
          country: customer.country,
          product: "current-account",
          rating: customer.rating,
        },
        metadata: { name: customer.name },
      }),
    ),
    account("cust:0003:current:eur", "EUR", "liability", {
      flags: { debitsMustNotExceedCredits: true },
      attributes: {
        counterparty: "cust:0003",
        sector: "sme",
        country: "DE",
        product: "current-account",
        rating: "BBB",
      },
    }),
    account("loan:0002:term", "USD", "asset", {
      attributes: {
        counterparty: "cust:0002",
        sector: "sme",
        country: "US",
        product: "term-loan",
        rating: "BB",
      },
    }),
    account("loan:0004:mortgage", "USD", "asset", {
      attributes: {
        counterparty: "cust:0004",
        sector: "retail",
        country: "FR",
        product: "mortgage",
        rating: "A",
      },
    }),
  ];
  const money: Step[] = [
    transfer("cap-0001", "Founders' capital", "cash:vault", "equity:capital", "1000000.00"),
    ...customers.map((customer) =>
      transfer(
        `dep-${customer.id}`,
        "Cash deposit",
        "cash:vault",
        current(customer.id),
        customer.deposit,
      ),
    ),
    transfer(
      "loan-disb-0002",
      "Term loan disbursement",
      "loan:0002:term",
      current("0002"),
      "20000.00",
    ),
    transfer(
      "loan-disb-0004",
      "Mortgage disbursement",
      "loan:0004:mortgage",
      current("0004"),
      "250000.00",
    ),
    {
      label: "entry loan-rep-0002-01",
      method: "POST",
      path: `${base}/entries`,
      body: {
        id: "loan-rep-0002-01",
        description: "Term loan instalment 1",
        postings: [
          posting(current("0002"), "debit", "1150.00"),
          posting("loan:0002:term", "credit", "1000.00"),
          posting("income:interest", "credit", "150.00"),
        ],
      },
    },
    {
      label: "entry loan-rep-0004-01",
      method: "POST",
      path: `${base}/entries`,
      body: {
        id: "loan-rep-0004-01",
        description: "Mortgage instalment 1",
        postings: [
          posting(current("0004"), "debit", "1800.00"),
          posting("loan:0004:mortgage", "credit", "1200.00"),
          posting("income:interest", "credit", "600.00"),
        ],
      },
    },
    {
      label: "rating loan:0002:term",
      method: "PATCH",
      path: `${base}/accounts/loan:0002:term`,
      body: {
        expectedVersion: 1,
        attributes: {
          counterparty: "cust:0002",
          sector: "sme",
          country: "US",
          product: "term-loan",
          rating: "B",
        },
      },
    },
    cardHold("card-0001", "0001", "120.00", "Hotel Splendide"),
    {
      label: "post part of card-0001",
      method: "POST",
      path: `${base}/pending/card-0001/post`,
      body: { amount: "95.40" },
    },
    cardHold("card-0002", "0002", "60.00", "Fuel Stop"),
    { label: "void card-0002", method: "POST", path: `${base}/pending/card-0002/void`, body: {} },
    cardHold("card-0003", "0003", "250.00", "Office Supplies Co"),
    { label: "post card-0003", method: "POST", path: `${base}/pending/card-0003/post`, body: {} },
    cardHold("card-0004", "0004", "35.00", "Corner Bakery"),
    cardHold("card-0005", "0001", "18.00", "Cinema"),
    { label: "void card-0005", method: "POST", path: `${base}/pending/card-0005/void`, body: {} },
    transfer("fee-0001", "Monthly account fee", current("0001"), "income:fees", "5.00"),
    transfer("fee-0002", "Monthly account fee", current("0002"), "income:fees", "5.00"),
    transfer(
      "fee-0002-dup",
      "Monthly account fee (charged twice)",
      current("0002"),
      "income:fees",
      "5.00",
    ),
    {
      label: "reverse fee-0002-dup",
      method: "POST",
      path: `${base}/entries/fee-0002-dup/reverse`,
      body: { id: "rev-fee-0002-dup", description: "Fee charged twice" },
    },
    {
      label: "entry fx-0001",
      method: "POST",
      path: `${base}/entries`,
      body: {
        id: "fx-0001",
        description: "Customer buys EUR 1,000.00 at 1.1000",
        postings: [
          posting(current("0003"), "debit", "1100.00"),
          posting("fx:position:USD", "credit", "1100.00"),
          posting("fx:position:EUR", "debit", "1000.00"),
          posting("cust:0003:current:eur", "credit", "1000.00"),
        ],
        metadata: { rate: "1.1000", pair: "EURUSD" },
      },
    },
  ];
  return [
    {
      label: `ledger ${LEDGER}`,
      method: "POST",
      path: "/v1/ledgers",
      body: {
        id: LEDGER,
        name: "Demo Bank",
        reportingCurrency: REPORTING_CURRENCY,
        assets: [
          { code: "USD", scale: 2 },
          { code: "EUR", scale: 2 },
        ],
      },
    },
    ...chart,
    ...money,
    ...loanBookSteps(base),
    ...ifrs9BookSteps(base, REPORTING_CURRENCY),
  ];
}

// ---- talking to Folio -------------------------------------------------------------------

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

async function call(
  url: string,
  key: string,
  method: string,
  path: string,
  body?: Body,
): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    throw new DemoError(
      `cannot reach Folio at ${url} (${reason}); is it running? Start it with npm start`,
    );
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body: parsed };
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function explain(step: Pick<Step, "label">, answer: Answer): DemoError {
  const detail = field(answer.body, "detail");
  const code = field(answer.body, "code");
  if (answer.status === 401)
    return new DemoError("the API key was refused (401): check FOLIO_API_KEY");
  if (answer.status === 403)
    return new DemoError(`the API key may not do this (403): ${String(detail)}`);
  return new DemoError(
    `${step.label}: ${answer.status} ${typeof code === "string" ? code : ""} ${typeof detail === "string" ? detail : JSON.stringify(answer.body)}`,
  );
}

async function balances(url: string, key: string, accountId: string): Promise<string> {
  const answer = await call(url, key, "GET", `${base}/accounts/${accountId}`);
  const view = field(answer.body, "balances");
  const currency = field(answer.body, "currency");
  const balance = field(view, "balance");
  const available = field(view, "available");
  if (answer.status !== 200 || typeof balance !== "string" || typeof available !== "string") {
    throw new DemoError(`cannot read ${accountId}: ${answer.status}`);
  }
  const holds = available === balance ? "" : `  (available ${available})`;
  return `${accountId.padEnd(24)} ${String(currency)} ${balance.padStart(14)}${holds}`;
}

async function main(): Promise<void> {
  const url = (process.env.FOLIO_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
  const key = process.env.FOLIO_API_KEY ?? process.env.FOLIO_ADMIN_KEY;
  if (key === undefined || key === "") {
    throw new DemoError(
      "set FOLIO_API_KEY (or FOLIO_ADMIN_KEY) to an API key with the admin role (or poster, risk-admin and risk), e.g. FOLIO_API_KEY=folio_... npm run demo",
    );
  }
  const health = await call(url, key, "GET", "/health/live");
  if (health.status !== 200) throw new DemoError(`Folio at ${url} is not live (${health.status})`);

  let created = 0;
  let replayed = 0;
  const plan = steps();
  for (const step of plan) {
    const answer = await call(url, key, step.method, step.path, step.body);
    if (answer.status === 201) created += 1;
    else if (answer.status === 200) replayed += 1;
    else throw explain(step, answer);
  }

  const ledger = await call(url, key, "GET", base);
  const lines = [
    created === 0
      ? `${LEDGER}: already there (${replayed} of ${plan.length} steps replayed; nothing written)`
      : `${LEDGER}: ${created} steps written, ${replayed} already there`,
    "",
    "Some balances (signed by each account's normal side):",
  ];
  for (const accountId of [
    "cash:vault",
    current("0001"),
    current("0004"),
    "cust:0003:current:eur",
    "loan:0002:term",
    "settlement:cards",
    "fx:position:USD",
    "fx:position:EUR",
    "income:fees",
  ]) {
    lines.push(`  ${await balances(url, key, accountId)}`);
  }
  const sequence = field(ledger.body, "sequence");
  if (typeof sequence !== "number") throw explain({ label: `GET ${base}` }, ledger);
  const read = async (path: string): Promise<unknown> => {
    const answer = await call(url, key, "GET", path);
    if (answer.status !== 200) throw explain({ label: `GET ${path}` }, answer);
    return answer.body;
  };
  lines.push("", ...(await largeExposureLines(read, base, sequence)));
  lines.push(
    "",
    `Ledger ${LEDGER}: sequence ${String(field(ledger.body, "sequence"))}, hash ${String(field(ledger.body, "hash"))}`,
    "Write (sequence, hash) down: an audit later proves nothing before it changed.",
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error: unknown) => {
  const message =
    error instanceof DemoError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
});
