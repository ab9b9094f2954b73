// The IFRS 9 inputs of `npm run demo` (docs/ifrs9.md): after the loan book (api/demoLoanBook.ts)
// has recorded its facilities, the steps that give "demo-bank" two impairment accounts in its
// reporting currency, the parameter set `policy-2026` naming them, terms for every facility,
// credit assessments as of 2026-06-30 and 2026-11-30, and one write-off with its journal entry.
// Every id is fixed, so a second run writes nothing.
//
// The story at 2026-11-30 (three scenarios each: base 60 %, downside 30 %, upside 10 %):
//  - Stage 1: the Dumas mortgage (monthly instalments of 1,200.00, the first paid), Curie Labs'
//    revolver and the 3-month placement with Hanse Privatbank, all originated after June, so
//    assessed once.
//  - Stage 2: Hanse Logistics' revolver, stage 1 in June; by November its lifetime PD is four
//    times the one at origination (SICR, policy thresholds 2.5x and +0.5 pp): a transfer.
//  - Stage 3: Brunel Works' term loan, quarterly instalments of 1,000.00; only the first was
//    paid. 15 days past due in June (stage 1), 168 in November and defaulted (dpd_90): a
//    transfer. 4,000.00 of it is written off on 2026-11-20 (RecordWriteOff, and the entry
//    DR loss allowance / CR loan, so the loan account holds 15,000.00).
//  - POCI: Hanse Holding's acquisition loan, originated in the group's 2025 restructuring while
//    Hanse Holding was in default: credit-impaired at origination, POCI for life, measured at
//    its credit-adjusted EIR (4.1 %, the contractual rate 6.5 %).
// The allowance itself is posted by a provisioning run (docs/ifrs9.md), not by the demo: until
// one runs, the loss allowance account holds only the write-off's debit.
import { Decimal } from "decimal.js";
import type { Stage } from "../projections/ifrs9/index.js";
import type { LoanBookStep } from "./demoLoanBook.js";

type Body = Readonly<Record<string, unknown>>;

export const IFRS9_PARAMETER_SET = "policy-2026";
export const IMPAIRMENT_EXPENSE_ACCOUNT = "expense:impairment";
export const LOSS_ALLOWANCE_ACCOUNT = "allowance:loans";
/** The two assessment dates; the later one is the demo's reporting date. */
export const ASSESSMENT_DATES = ["2026-06-30", "2026-11-30"] as const;
export const IFRS9_REPORTING_DATE = "2026-11-30";

/** The write-off of Brunel Works' term loan (USD, the reporting currency: one entry). */
export const WRITE_OFF = {
  recordId: "wo-fac:0002:term-2026-11-20",
  facilityId: "fac:0002:term",
  loanAccount: "loan:0002:term",
  writtenOffOn: "2026-11-20",
  amount: "4000.00",
  entryId: "ifrs9-wo-0002-01",
} as const;

/** Each facility's stage at IFRS9_REPORTING_DATE, and the one before it (null: none). */
export const EXPECTED_STAGES: Readonly<Record<string, { stage: Stage; previous: Stage | null }>> = {
  "fac:0002:term": { stage: "3", previous: "1" },
  "fac:0003:rcf": { stage: "1", previous: null },
  "fac:0004:mortgage": { stage: "1", previous: null },
  "fac:0005:term": { stage: "POCI", previous: null },
  "fac:0006:rcf": { stage: "2", previous: "1" },
  "fac:0007:placement": { stage: "1", previous: null },
};

const TERMS_VALID_FROM = "2026-11-01T00:00:00Z";
const PARAMETERS_VALID_FROM = "2026-01-01T00:00:00Z";

/** An assessment as of a date: days past due, flags, the base case's annual PD. */
interface Assessment {
  readonly asOf: string;
  readonly daysPastDue: number;
  readonly defaulted?: boolean;
  /** The base scenario's PD of each year; the downside is 1.8x, the upside 0.6x. */
  readonly annualPd: string;
}

interface Ifrs9Facility {
  readonly id: string;
  readonly terms: Body;
  /** Base-case loss given default; the downside adds 0.10, the upside takes 0.05 off. */
  readonly lgd: string;
  /** The length of the PD curves in years (at least the remaining life from June). */
  readonly years: number;
  readonly assessments: readonly Assessment[];
}

/** `count` repayments of `principal` every `months` months from `first` (day <= 28). */
function schedule(first: string, months: number, count: number, principal: string) {
  const [year = 0, month = 1, day = 1] = first.split("-").map(Number);
  return Array.from({ length: count }, (_, i) => ({
    date: new Date(Date.UTC(year, month - 1 + i * months, day)).toISOString().slice(0, 10),
    principal,
  }));
}

/** The cumulative PD of each year for a constant annual PD: 1 - (1 - pd)^t, 6 decimals. */
function cumulative(annualPd: Decimal, years: number): string[] {
  const survive = new Decimal(1).minus(Decimal.min(annualPd, 1));
  return Array.from({ length: years }, (_, i) =>
    new Decimal(1).minus(survive.pow(i + 1)).toFixed(6),
  );
}

const SCENARIOS = [
  { scenarioId: "base", weight: "0.6", pd: "1", lgd: "0" },
  { scenarioId: "downside", weight: "0.3", pd: "1.8", lgd: "0.10" },
  { scenarioId: "upside", weight: "0.1", pd: "0.6", lgd: "-0.05" },
] as const;

function scenarios(facility: Ifrs9Facility, annualPd: string): Body[] {
  return SCENARIOS.map((s) => {
    const byYear = cumulative(new Decimal(annualPd).times(s.pd), facility.years);
    const lgd = Decimal.min(1, Decimal.max(0, new Decimal(facility.lgd).plus(s.lgd)));
    return {
      scenarioId: s.scenarioId,
      weight: s.weight,
      pd12m: byYear[0],
      lifetimePd: { kind: "cumulative", byYear },
      lgd: lgd.toFixed(2),
    };
  });
}

const [JUNE, NOVEMBER] = ASSESSMENT_DATES;

const facilities: readonly Ifrs9Facility[] = [
  {
    id: "fac:0002:term",
    terms: {
      originationDate: "2025-12-15",
      maturityDate: "2030-12-15",
      eir: "0.09",
      repayment: { kind: "amortising", schedule: schedule("2026-03-15", 3, 20, "1000.00") },
      lifetimePdAtOrigination: "0.08",
    },
    lgd: "0.45",
    years: 5,
    assessments: [
      { asOf: JUNE, daysPastDue: 15, annualPd: "0.02" },
      { asOf: NOVEMBER, daysPastDue: 168, defaulted: true, annualPd: "0.25" },
    ],
  },
  {
    id: "fac:0003:rcf",
    terms: {
      originationDate: "2026-07-01",
      maturityDate: "2029-07-01",
      eir: "0.055",
      repayment: { kind: "revolving", behaviouralLifeMonths: 24, ccf: "0.5" },
      lifetimePdAtOrigination: "0.02",
    },
    lgd: "0.45",
    years: 2,
    assessments: [{ asOf: NOVEMBER, daysPastDue: 0, annualPd: "0.006" }],
  },
  {
    // 208 instalments of 1,200.00 and a last one of 400.00: 250,000.00.
    id: "fac:0004:mortgage",
    terms: {
      originationDate: "2026-10-15",
      maturityDate: "2044-03-15",
      eir: "0.029",
      repayment: {
        kind: "amortising",
        schedule: [
          ...schedule("2026-11-15", 1, 208, "1200.00"),
          { date: "2044-03-15", principal: "400.00" },
        ],
      },
      lifetimePdAtOrigination: "0.04",
    },
    lgd: "0.15",
    years: 20,
    assessments: [{ asOf: NOVEMBER, daysPastDue: 0, annualPd: "0.002" }],
  },
  {
    id: "fac:0005:term",
    terms: {
      originationDate: "2025-12-15",
      maturityDate: "2030-12-15",
      eir: "0.065",
      repayment: { kind: "amortising", schedule: schedule("2026-12-15", 12, 5, "30000.00") },
      lifetimePdAtOrigination: "0.35",
      poci: true,
      creditAdjustedEir: "0.041",
    },
    lgd: "0.40",
    years: 5,
    assessments: [
      { asOf: JUNE, daysPastDue: 0, annualPd: "0.06" },
      { asOf: NOVEMBER, daysPastDue: 0, annualPd: "0.04" },
    ],
  },
  {
    id: "fac:0006:rcf",
    terms: {
      originationDate: "2024-09-01",
      maturityDate: "2027-09-01",
      eir: "0.06",
      repayment: { kind: "revolving", behaviouralLifeMonths: 36, ccf: "0.5" },
      lifetimePdAtOrigination: "0.03",
    },
    lgd: "0.45",
    years: 3,
    assessments: [
      { asOf: JUNE, daysPastDue: 0, annualPd: "0.009" },
      { asOf: NOVEMBER, daysPastDue: 0, annualPd: "0.035" },
    ],
  },
  {
    id: "fac:0007:placement",
    terms: {
      originationDate: "2026-11-02",
      maturityDate: "2027-02-02",
      eir: "0.042",
      repayment: { kind: "amortising", schedule: [{ date: "2027-02-02", principal: "300000.00" }] },
      lifetimePdAtOrigination: "0.0002",
    },
    lgd: "0.45",
    years: 1,
    assessments: [{ asOf: NOVEMBER, daysPastDue: 0, annualPd: "0.0005" }],
  },
];

/**
 * The IFRS 9 steps, after the loan book's (its facilities must be recorded first).
 * `reportingCurrency` is the ledger's: the impairment accounts are kept in it.
 */
export function ifrs9BookSteps(base: string, reportingCurrency: string): LoanBookStep[] {
  const post = (label: string, path: string, body: Body): LoanBookStep => ({
    label,
    method: "POST",
    path: `${base}/${path}`,
    body,
  });
  const accounts = [
    post(`account ${IMPAIRMENT_EXPENSE_ACCOUNT}`, "accounts", {
      id: IMPAIRMENT_EXPENSE_ACCOUNT,
      currency: reportingCurrency,
      type: "expense",
      metadata: { name: "Impairment losses on loans (IFRS 9)" },
    }),
    // A contra-asset: its credit balance is the loss allowance against the loans.
    post(`account ${LOSS_ALLOWANCE_ACCOUNT}`, "accounts", {
      id: LOSS_ALLOWANCE_ACCOUNT,
      currency: reportingCurrency,
      type: "asset",
      metadata: { name: "Loss allowance on loans (IFRS 9)" },
    }),
  ];
  const parameters = post(`IFRS 9 parameters ${IFRS9_PARAMETER_SET}`, "ifrs9/parameters", {
    recordId: `ifrs9-${IFRS9_PARAMETER_SET}`,
    validFrom: PARAMETERS_VALID_FROM,
    parameterSetId: IFRS9_PARAMETER_SET,
    impairmentExpenseAccountId: IMPAIRMENT_EXPENSE_ACCOUNT,
    lossAllowanceAccountId: LOSS_ALLOWANCE_ACCOUNT,
  });
  const terms = facilities.map((facility) =>
    post(`terms ${facility.id}`, `facilities/${facility.id}/terms`, {
      recordId: `terms-${facility.id}`,
      validFrom: TERMS_VALID_FROM,
      ...facility.terms,
    }),
  );
  const assessments = facilities.flatMap((facility) =>
    facility.assessments.map((a) =>
      post(
        `credit assessment ${facility.id} ${a.asOf}`,
        `facilities/${facility.id}/credit-assessments`,
        {
          recordId: `ca-${facility.id}-${a.asOf}`,
          validFrom: `${a.asOf}T00:00:00Z`,
          asOf: a.asOf,
          daysPastDue: a.daysPastDue,
          defaulted: a.defaulted ?? false,
          scenarios: scenarios(facility, a.annualPd),
        },
      ),
    ),
  );
  const writeOff = [
    post(`write-off ${WRITE_OFF.facilityId}`, `facilities/${WRITE_OFF.facilityId}/write-offs`, {
      recordId: WRITE_OFF.recordId,
      validFrom: `${WRITE_OFF.writtenOffOn}T00:00:00Z`,
      writtenOffOn: WRITE_OFF.writtenOffOn,
      amount: WRITE_OFF.amount,
    }),
    post(`entry ${WRITE_OFF.entryId}`, "entries", {
      id: WRITE_OFF.entryId,
      description: "Write-off of Brunel Works' term loan against the loss allowance",
      postings: [
        { accountId: LOSS_ALLOWANCE_ACCOUNT, side: "debit", amount: WRITE_OFF.amount },
        { accountId: WRITE_OFF.loanAccount, side: "credit", amount: WRITE_OFF.amount },
      ],
      metadata: { facility: WRITE_OFF.facilityId, writeOff: WRITE_OFF.recordId },
    }),
  ];
  return [...accounts, parameters, ...terms, ...assessments, ...writeOff];
}
