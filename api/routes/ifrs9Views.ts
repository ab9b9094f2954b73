// Response shapes of the IFRS 9 routes (ifrs9.ts) and the functions that fill them: totals by
// stage, one line per facility (measured, or unmeasured with its reason), a facility's stage
// history, ECL detail rows and quarterly interest, the IFRS 7 movement table, and a
// provisioning run. Amounts are decimal strings: in the reporting currency where the field
// says so, else in the facility's currency.
import { z } from "zod";
import type { LedgerInfo } from "../../ledger-core/index.js";
import type {
  Ifrs9FacilityDetail,
  Ifrs9MeasuredFacility,
  Ifrs9Movement,
  Ifrs9Report,
  Ifrs9Totals,
  Ifrs9UnmeasuredFacility,
} from "../../projections/ifrs9/index.js";
import type { EventDataOf } from "../../schemas/index.js";
import { moneyOf } from "./amounts.js";

const decimal = z.string();
const stage = z.enum(["1", "2", "3", "POCI"]);

export const totalsView = z.object({
  count: z.int(),
  grossCarryingAmount: decimal.describe("Reporting currency"),
  allowance: decimal.describe("Reporting currency"),
});

export const facilityLineView = z.object({
  facilityId: z.string(),
  counterpartyId: z.string(),
  currency: z.string(),
  status: z.enum(["measured", "unmeasured"]),
  stage: stage.nullable(),
  stageReason: z.string().nullable(),
  previousStage: stage.nullable(),
  stageChangedAt: z.string().nullable(),
  grossCarryingAmount: decimal.nullable().describe("Facility currency"),
  ecl12m: decimal.nullable(),
  eclLifetime: decimal.nullable(),
  allowance: decimal.nullable().describe("Recognised ECL, facility currency"),
  allowanceReporting: decimal.nullable().describe("Reporting currency"),
  flags: z.array(z.string()),
  reason: z.string().nullable().describe("Why the facility is not measured"),
  message: z.string().nullable(),
});

export const reportHead = {
  ledgerId: z.string(),
  sequence: z.int().nullable().describe("The ledger sequence the inputs and balances reflect"),
  reportingDate: z.string(),
  parameterSetId: z.string(),
  reportingCurrency: z.string(),
};

export const reportView = z.object({
  ...reportHead,
  byStage: z.object({ 1: totalsView, 2: totalsView, 3: totalsView, POCI: totalsView }),
  overall: totalsView,
  unmeasuredCount: z.int(),
  facilities: z.array(facilityLineView),
  nextAfter: z.string().nullable().describe("Pass as `after` for the next page"),
});

export function totalsOf(ledger: LedgerInfo, totals: Ifrs9Totals): z.infer<typeof totalsView> {
  const m = (minor: bigint) => moneyOf(ledger, ledger.reportingCurrency, minor);
  return {
    count: totals.count,
    grossCarryingAmount: m(totals.grossCarryingAmount),
    allowance: m(totals.allowance),
  };
}

export function facilityLineOf(
  ledger: LedgerInfo,
  line: Ifrs9MeasuredFacility | Ifrs9UnmeasuredFacility,
): z.infer<typeof facilityLineView> {
  const m = (minor: bigint) => moneyOf(ledger, line.currency, minor);
  const base = {
    facilityId: line.facilityId,
    counterpartyId: line.counterpartyId,
    currency: line.currency,
  };
  if (line.status === "unmeasured") {
    return {
      ...base,
      status: "unmeasured",
      stage: null,
      stageReason: null,
      previousStage: null,
      stageChangedAt: null,
      grossCarryingAmount: line.ledgerBalance === null ? null : m(line.ledgerBalance),
      ecl12m: null,
      eclLifetime: null,
      allowance: null,
      allowanceReporting: null,
      flags: [],
      reason: line.reason,
      message: line.message,
    };
  }
  return {
    ...base,
    status: "measured",
    stage: line.staging.stage,
    stageReason: line.staging.stageReason,
    previousStage: line.staging.previousStage,
    stageChangedAt: line.staging.stageChangedAt,
    grossCarryingAmount: m(line.grossCarryingAmount),
    ecl12m: m(line.ecl.ecl12m),
    eclLifetime: m(line.ecl.eclLifetime),
    allowance: m(line.ecl.eclRecognised),
    allowanceReporting: moneyOf(ledger, ledger.reportingCurrency, line.allowanceReporting),
    flags: [...line.flags],
    reason: null,
    message: null,
  };
}

export function byStageOf(ledger: LedgerInfo, report: Ifrs9Report) {
  return {
    1: totalsOf(ledger, report.byStage["1"]),
    2: totalsOf(ledger, report.byStage["2"]),
    3: totalsOf(ledger, report.byStage["3"]),
    POCI: totalsOf(ledger, report.byStage.POCI),
  };
}

export const detailView = z.object({
  ...reportHead,
  facility: facilityLineView,
  stageHistory: z.array(
    z.object({ date: z.string(), stage, stageReason: z.string(), assessmentAsOf: z.string() }),
  ),
  eclDetail: z.array(z.record(z.string(), z.union([z.string(), z.number()]))),
  interest: z.array(
    z.object({
      periodStart: z.string(),
      periodEnd: z.string(),
      stageAtStart: stage,
      basis: z.string().nullable(),
      baseAmount: decimal.nullable(),
      interestAmount: decimal.nullable(),
      problem: z.string().nullable(),
    }),
  ),
});

export function detailOf(ledger: LedgerInfo, detail: Ifrs9FacilityDetail) {
  const facility = facilityLineOf(ledger, detail.facility);
  if (detail.status === "unmeasured") {
    return { facility, stageHistory: [], eclDetail: [], interest: [] };
  }
  const m = (minor: bigint) => moneyOf(ledger, detail.facility.currency, minor);
  return {
    facility,
    stageHistory: detail.stageHistory.map((p) => ({
      date: p.date,
      stage: p.stage,
      stageReason: p.stageReason,
      assessmentAsOf: p.assessmentAsOf,
    })),
    eclDetail: detail.eclDetail.map((row) => ({ ...row })),
    interest: detail.interest.map((q) => ({
      periodStart: q.periodStart,
      periodEnd: q.periodEnd,
      stageAtStart: q.stageAtStart,
      basis: q.interest?.basis ?? null,
      baseAmount: q.interest === null ? null : m(q.interest.baseAmount),
      interestAmount: q.interest === null ? null : m(q.interest.interestAmount),
      problem: q.problem?.message ?? null,
    })),
  };
}

const movementRowView = z.object({
  line: z.string(),
  stage1: decimal,
  stage2: decimal,
  stage3: decimal,
  poci: decimal,
  total: decimal,
});

export const movementView = z.object({
  ledgerId: z.string(),
  sequence: z.int().nullable(),
  from: z.string(),
  to: z.string(),
  parameterSetId: z.string(),
  reportingCurrency: z.string(),
  rows: z.array(movementRowView),
  profitOrLossCharge: decimal,
  measurementChanges: z.array(z.record(z.string(), z.string())),
});

export function movementOf(ledger: LedgerInfo, movement: Ifrs9Movement) {
  const m = (minor: bigint) => moneyOf(ledger, movement.reportingCurrency, minor);
  return {
    rows: movement.table.rows.map((row) => ({
      line: row.line,
      stage1: m(row.stage1),
      stage2: m(row.stage2),
      stage3: m(row.stage3),
      poci: m(row.poci),
      total: m(row.total),
    })),
    profitOrLossCharge: m(movement.table.profitOrLossCharge),
    measurementChanges: movement.measurementChanges.map((change) =>
      Object.fromEntries(Object.entries(change).map(([k, v]) => [k, String(v)])),
    ),
  };
}

export const runView = z.object({
  ledgerId: z.string(),
  runId: z.string(),
  sequence: z.int(),
  hash: z.string(),
  recordedAt: z.string(),
  reportingDate: z.string(),
  parameterSetId: z.string(),
  inputsSequence: z.int(),
  inputsDigest: z.string(),
  currency: z.string(),
  allowance: decimal,
  previousAllowance: decimal,
  difference: decimal.describe("What the run's entry posted (negative: a release)"),
  entryId: z.string().nullable(),
  byStage: z.array(
    z.object({ stage, facilities: z.int(), grossCarryingAmount: decimal, allowance: decimal }),
  ),
  notMeasured: z.int(),
  reproduced: z
    .object({ inputsDigest: z.string(), matches: z.boolean() })
    .nullable()
    .describe("GET only: the report recomputed at the run's point, and whether it still matches"),
});

export function runOf(
  ledger: LedgerInfo,
  event: { data: EventDataOf<"ProvisioningRunRecorded">; sequence: number; hash: string },
  recordedAt: string,
): Omit<z.infer<typeof runView>, "reproduced" | "ledgerId"> {
  const { data } = event;
  const m = (minor: string) => moneyOf(ledger, data.currency, BigInt(minor));
  return {
    runId: data.runId,
    sequence: event.sequence,
    hash: event.hash,
    recordedAt,
    reportingDate: data.reportingDate,
    parameterSetId: data.parameterSetId,
    inputsSequence: data.inputsSequence,
    inputsDigest: data.inputsDigest,
    currency: data.currency,
    allowance: m(data.allowance),
    previousAllowance: m(data.previousAllowance),
    difference: m(data.difference),
    entryId: data.entryId,
    byStage: data.byStage.map((row) => ({
      stage: row.stage,
      facilities: row.facilities,
      grossCarryingAmount: m(row.grossCarryingAmount),
      allowance: m(row.allowance),
    })),
    notMeasured: data.notMeasured,
  };
}
