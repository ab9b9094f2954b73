// The loan book of `npm run demo` (api/demo.ts): the steps that give the sample bank
// "demo-bank" counterparties, credit facilities over real loan entries, EUR->USD rates and a
// Tier 1 capital base, and the short large-exposure table the demo prints, read back from
// GET /v1/ledgers/demo-bank/exposure/large. Every id is fixed, so a second run writes nothing.
//
// The story (USD, Tier 1 1,000,000.00 = the founders' capital; EUR at 1.08):
//  - The Hanse group (connected group "hanse", Germany and the Netherlands) holds a bank,
//    Hanse Privatbank AG (a USD 300,000.00 money-market placement), so the institution rule
//    applies: its limit is the higher of 25 % and EUR 150 m, at most 100 % of Tier 1: here
//    1,000,000.00, and the whole group (570,000.00, 57 %) is well within it. But the proviso
//    fails: the group's non-bank members, Hanse Holding AG (EUR 150,000.00 acquisition loan)
//    and Hanse Logistics B.V. (EUR 70,000.00 drawn on a EUR 145,000.00 revolver, 40 % CCF on
//    the undrawn 75,000.00), come to EUR 250,000.00 = 270,000.00 = 27 % of Tier 1, over 25 %.
//    Drawn balances alone (237,600.00, 23.76 %) would have passed: the undrawn commitment
//    tips it. The one breach.
//  - The Dumas family's mortgage (248,800.00, 24.88 %) is large and just within 25 %.
//  - Curie Labs' EUR revolver (7.56 %) and Brunel Works' term loan (1.50 %: 15,000.00 after
//    the write-off of api/demoIfrs9Book.ts) are not large.
// LEIs are ISO 17442 with computed ISO 7064 MOD 97-10 check digits (fictional entities under
// the usual LOU prefix of their country); sectors are NACE Rev. 2; countries ISO 3166-1.
import { Decimal } from "decimal.js";
import { z } from "zod";

type Body = Readonly<Record<string, unknown>>;

/** One call of the demo, as api/demo.ts runs it: 201 written, 200 already there. */
export interface LoanBookStep {
  readonly label: string;
  readonly method: "POST";
  readonly path: string;
  readonly body: Body;
}

/** The demo's reporting and Tier 1 figures (the spec checks the report against these). */
export const TIER1_USD = "1000000.00";
export const EUR_USD = "1.08";
export const BREACHING_GROUP = "group:hanse";

const VALID_FROM = "2026-11-01T00:00:00Z";

interface Counterparty {
  readonly id: string;
  readonly lei: string | null;
  readonly legalName: string;
  readonly group: string | null;
  readonly sector: string;
  readonly country: string;
  readonly rating: string;
  readonly institution?: boolean;
  /** A current account the loan book opens (the demo's first four customers have one). */
  readonly newCurrentAccount?: { readonly id: string; readonly currency: string };
}

const counterparties: readonly Counterparty[] = [
  {
    id: "cust:0002",
    lei: "5493002DITAKMMAVTW56",
    legalName: "Brunel Works Ltd",
    group: null,
    sector: "C25.11", // manufacture of metal structures
    country: "US",
    rating: "B",
  },
  {
    id: "cust:0003",
    lei: "529900BZ785ILKIB9I68",
    legalName: "Curie Labs GmbH",
    group: null,
    sector: "M72.11", // research and development on biotechnology
    country: "DE",
    rating: "BBB",
  },
  {
    // Natural persons have no LEI and no economic activity: NACE section T (households).
    id: "cust:0004",
    lei: null,
    legalName: "Dumas Family",
    group: null,
    sector: "T",
    country: "FR",
    rating: "A",
  },
  {
    id: "cust:0005",
    lei: "529900FXYBKCJ2XS4B61",
    legalName: "Hanse Holding AG",
    group: "hanse",
    sector: "K64.20", // activities of holding companies
    country: "DE",
    rating: "BBB-",
    newCurrentAccount: { id: "cust:0005:current:eur", currency: "EUR" },
  },
  {
    id: "cust:0006",
    lei: "72450072ODRYFSKVG685",
    legalName: "Hanse Logistics B.V.",
    group: "hanse",
    sector: "H52.10", // warehousing and storage
    country: "NL",
    rating: "BB+",
    newCurrentAccount: { id: "cust:0006:current:eur", currency: "EUR" },
  },
  {
    id: "cust:0007",
    lei: "5299006R08UJE1BUDK37",
    legalName: "Hanse Privatbank AG",
    group: "hanse",
    sector: "K64.19", // other monetary intermediation
    country: "DE",
    rating: "A-",
    institution: true,
    newCurrentAccount: { id: "cust:0007:current", currency: "USD" },
  },
];

interface Movement {
  readonly entryId: string;
  readonly description: string;
  readonly amount: string;
  /** A repayment from the customer's account; otherwise a disbursement into it. */
  readonly repayment?: boolean;
}

interface Facility {
  readonly id: string;
  readonly counterparty: Counterparty;
  readonly product: string;
  readonly currency: string;
  /** The loan account: the drawn amount is its ledger balance. */
  readonly account: string;
  /** Whether the loan book opens the account (api/demo.ts opens the first two). */
  readonly newAccount: boolean;
  /** The customer's account the loan is paid into. */
  readonly payee: string;
  readonly limit: string;
  readonly ccf: string;
  readonly ccfFloorApplies: boolean;
  readonly movements: readonly Movement[];
}

function party(id: string): Counterparty {
  const found = counterparties.find((counterparty) => counterparty.id === id);
  if (found === undefined) throw new Error(`demo loan book: no counterparty ${id}`);
  return found;
}

// A fully drawn or amortising term loan has no commitment left: CCF 0, no floor.
const facilities: readonly Facility[] = [
  {
    id: "fac:0002:term",
    counterparty: party("cust:0002"),
    product: "term-loan",
    currency: "USD",
    account: "loan:0002:term",
    newAccount: false,
    payee: "cust:0002:current",
    limit: "20000.00",
    ccf: "0",
    ccfFloorApplies: false,
    movements: [], // api/demo.ts: 19,000.00 drawn; 4,000.00 written off (demoIfrs9Book.ts)
  },
  {
    id: "fac:0004:mortgage",
    counterparty: party("cust:0004"),
    product: "mortgage",
    currency: "USD",
    account: "loan:0004:mortgage",
    newAccount: false,
    payee: "cust:0004:current",
    limit: "250000.00",
    ccf: "0",
    ccfFloorApplies: false,
    movements: [], // 250,000.00 disbursed, 1,200.00 repaid by api/demo.ts: 248,800.00 drawn
  },
  {
    id: "fac:0003:rcf",
    counterparty: party("cust:0003"),
    product: "revolving-credit",
    currency: "EUR",
    account: "loan:0003:rcf:eur",
    newAccount: true,
    payee: "cust:0003:current:eur",
    limit: "100000.00",
    ccf: "0.4",
    ccfFloorApplies: true,
    movements: [
      { entryId: "loan-draw-0003-01", description: "Revolver drawdown", amount: "50000.00" },
    ],
  },
  {
    id: "fac:0005:term",
    counterparty: party("cust:0005"),
    product: "term-loan",
    currency: "EUR",
    account: "loan:0005:term:eur",
    newAccount: true,
    payee: "cust:0005:current:eur",
    limit: "150000.00",
    ccf: "0",
    ccfFloorApplies: false,
    movements: [
      {
        entryId: "loan-disb-0005",
        description: "Acquisition loan disbursement",
        amount: "150000.00",
      },
    ],
  },
  {
    id: "fac:0006:rcf",
    counterparty: party("cust:0006"),
    product: "revolving-credit",
    currency: "EUR",
    account: "loan:0006:rcf:eur",
    newAccount: true,
    payee: "cust:0006:current:eur",
    limit: "145000.00",
    ccf: "0.4",
    ccfFloorApplies: true,
    movements: [
      { entryId: "loan-draw-0006-01", description: "Revolver drawdown", amount: "90000.00" },
      {
        entryId: "loan-rep-0006-01",
        description: "Revolver repayment",
        amount: "20000.00",
        repayment: true,
      },
    ],
  },
  {
    id: "fac:0007:placement",
    counterparty: party("cust:0007"),
    product: "interbank-placement",
    currency: "USD",
    account: "loan:0007:placement",
    newAccount: true,
    payee: "cust:0007:current",
    limit: "300000.00",
    ccf: "0",
    ccfFloorApplies: false,
    movements: [
      {
        entryId: "loan-disb-0007",
        description: "Money-market placement, 3 months",
        amount: "300000.00",
      },
    ],
  },
];

/** The loan book's steps, after api/demo.ts has opened the ledger and its first accounts. */
export function loanBookSteps(base: string): LoanBookStep[] {
  const post = (label: string, path: string, body: Body): LoanBookStep => ({
    label,
    method: "POST",
    path: `${base}/${path}`,
    body,
  });
  const currentAccounts = counterparties.flatMap((cp) =>
    cp.newCurrentAccount === undefined
      ? []
      : [
          post(`account ${cp.newCurrentAccount.id}`, "accounts", {
            id: cp.newCurrentAccount.id,
            currency: cp.newCurrentAccount.currency,
            type: "liability",
            flags: { debitsMustNotExceedCredits: true },
            attributes: { counterparty: cp.id, product: "current-account", rating: cp.rating },
            metadata: { name: cp.legalName },
          }),
        ],
  );
  const loanAccounts = facilities
    .filter((facility) => facility.newAccount)
    .map((facility) =>
      post(`account ${facility.account}`, "accounts", {
        id: facility.account,
        currency: facility.currency,
        type: "asset",
        attributes: {
          counterparty: facility.counterparty.id,
          sector: facility.counterparty.sector,
          country: facility.counterparty.country,
          product: facility.product,
          rating: facility.counterparty.rating,
          facility: facility.id,
        },
      }),
    );
  const entries = facilities.flatMap((facility) =>
    facility.movements.map((move) => {
      const [debit, credit] =
        move.repayment === true
          ? [facility.payee, facility.account]
          : [facility.account, facility.payee];
      return post(`entry ${move.entryId}`, "entries", {
        id: move.entryId,
        description: move.description,
        postings: [
          { accountId: debit, side: "debit", amount: move.amount },
          { accountId: credit, side: "credit", amount: move.amount },
        ],
      });
    }),
  );
  const records = counterparties.map((cp) =>
    post(`counterparty ${cp.id}`, "counterparties", {
      recordId: `cp-${cp.id}-2026-11`,
      counterpartyId: cp.id,
      validFrom: VALID_FROM,
      lei: cp.lei,
      legalName: cp.legalName,
      connectedGroupId: cp.group,
      ultimateParentId: cp.group === "hanse" ? "cust:0005" : null,
      sector: cp.sector,
      countryOfRisk: cp.country,
      rating: cp.rating,
      flags: {
        institution: cp.institution ?? false,
        globalSystemicallyImportant: false,
        sovereign: false,
        exempt: false,
      },
    }),
  );
  const terms = facilities.map((facility) =>
    post(`facility ${facility.id}`, "facilities", {
      recordId: `${facility.id}-2026-11`,
      facilityId: facility.id,
      validFrom: VALID_FROM,
      counterpartyId: facility.counterparty.id,
      product: facility.product,
      currency: facility.currency,
      drawnAccounts: [facility.account],
      limit: facility.limit,
      ccf: facility.ccf,
      ccfFloorApplies: facility.ccfFloorApplies,
    }),
  );
  return [
    ...currentAccounts,
    ...loanAccounts,
    ...entries,
    ...records,
    ...terms,
    post("FX rates 2026-11-27", "fx-rates", {
      recordId: "fx-2026-11-27",
      validFrom: "2026-11-27T15:00:00Z",
      source: "ECB reference rate (demo)",
      rates: [{ from: "EUR", to: "USD", rate: EUR_USD }],
    }),
    post("Tier 1 2026-Q3", "capital", {
      recordId: "t1-2026-q3",
      validFrom: "2026-09-30T23:59:59Z",
      tier1Capital: TIER1_USD,
    }),
  ];
}

// ---- the printout -----------------------------------------------------------------------

const groupView = z.object({
  groupKey: z.string(),
  counterpartyIds: z.array(z.string()),
  amounts: z.object({ valueAfterExemptionsAndCrm: z.string() }),
  shareOfTier1: z.string(),
  limitRule: z.string(),
  limit: z.string(),
  headroom: z.string(),
  nonInstitutionPart: z
    .object({ exposure: z.string(), limit: z.string(), withinLimit: z.boolean() })
    .nullable(),
  breach: z.boolean(),
});

const largeReport = z.object({
  sequence: z.number().nullable(),
  reportingCurrency: z.string(),
  tier1Capital: z.string(),
  largeExposureThreshold: z.string(),
  largeExposures: z.array(groupView),
  top20: z.array(groupView),
  breaches: z.array(groupView),
});

/** "-1234567.80" as "-1,234,567.80". */
function grouped(amount: string): string {
  const [whole = "", fraction] = amount.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${digits}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** A share of Tier 1 ("0.570000") as a percentage ("57.00 %"). */
function percent(share: string): string {
  return `${new Decimal(share).times(100).toFixed(2)} %`;
}

function tier1Share(amount: string, tier1: string): string {
  return percent(new Decimal(amount).dividedBy(tier1).toFixed(6));
}

/**
 * The large-exposure table, read once the read models have applied `sequence` (minSequence).
 * `read` answers a GET's JSON body, or throws a message for the user.
 */
export async function largeExposureLines(
  read: (path: string) => Promise<unknown>,
  base: string,
  sequence: number,
): Promise<string[]> {
  const path = `${base}/exposure/large?minSequence=${sequence}`;
  const parsed = largeReport.safeParse(await read(path));
  if (!parsed.success) throw new Error(`GET ${path}: unexpected answer: ${parsed.error.message}`);
  const report = parsed.data;
  const header = ["group", "after CRM", "% of Tier 1", "limit", "headroom", "breach"];
  const rows = report.largeExposures.map((group) => [
    group.groupKey,
    grouped(group.amounts.valueAfterExemptionsAndCrm),
    percent(group.shareOfTier1),
    `${grouped(group.limit)}${group.limitRule === "general" ? "" : ` (${group.limitRule})`}`,
    grouped(group.headroom),
    group.breach ? "BREACH" : "no",
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells
      .map((cell, column) =>
        column === 0 || column === cells.length - 1
          ? cell.padEnd(widths[column] ?? 0)
          : cell.padStart(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd()}`;
  const lines = [
    `Large exposures (GET ${base}/exposure/large, sequence ${report.sequence ?? "none"}), ${report.reportingCurrency}:`,
    `  Tier 1 ${grouped(report.tier1Capital)}; large from ${grouped(report.largeExposureThreshold)} (10 %)`,
    line(header),
    ...rows.map(line),
  ];
  const small = report.top20.length - report.largeExposures.length;
  if (small > 0) lines.push(`  (${small} more groups below 10 % of Tier 1)`);
  for (const group of report.breaches) {
    const part = group.nonInstitutionPart;
    const members = group.counterpartyIds.join(", ");
    lines.push(
      ...(part !== null && !part.withinLimit
        ? [
            `  ${group.groupKey} (${members}) breaches: within its institution limit, but`,
            `    its non-institution members hold ${grouped(part.exposure)} = ${tier1Share(part.exposure, report.tier1Capital)} of Tier 1, over the 25 % proviso (${grouped(part.limit)})`,
          ]
        : [
            `  ${group.groupKey} (${members}) breaches: ${grouped(group.amounts.valueAfterExemptionsAndCrm)} is over its limit of ${grouped(group.limit)}`,
          ]),
    );
  }
  if (report.breaches.length === 0) lines.push("  No breaches.");
  return lines;
}
