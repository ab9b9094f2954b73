// What the risk-inputs specs share: a fresh database with the risk_inputs projection set up, a
// way to apply a history's events in batches of chosen sizes (as the runtime does: one
// transaction per batch), the fixture ledger with loan accounts for facilities, and builders
// of the four risk commands and the four IFRS 9 input commands (parsed by their schemas, so
// defaults are filled in).
import pg from "pg";
import { expect } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../event-store/index.js";
import {
  applyCommand,
  startHistory,
  type HistoryRun,
} from "../../../ledger-core/testing/historyRunner.js";
import {
  publishFxRatesSchema,
  recordCreditAssessmentSchema,
  recordFacilityTermsSchema,
  recordIfrs9ParametersSchema,
  recordWriteOffSchema,
  recordCapitalBaseSchema,
  recordCounterpartySchema,
  recordFacilitySchema,
  type Command,
  type JournalEvent,
  type PublishFxRates,
  type RecordCapitalBase,
  type RecordCounterparty,
  type RecordCreditAssessment,
  type RecordFacility,
  type RecordFacilityTerms,
  type RecordIfrs9Parameters,
  type RecordWriteOff,
} from "../../../schemas/index.js";
import type { ProjectedEvent, Projection } from "../../projection.js";
import { riskInputsProjection } from "../riskInputsProjection.js";

export interface RiskInputsHarness {
  readonly pool: pg.Pool;
  readonly projection: Projection;
  freshLedgerId(): string;
  /** Applies `events` in batches of the given sizes (cycled), one transaction each. */
  project(
    ledgerId: string,
    events: readonly JournalEvent[],
    sizes?: readonly number[],
  ): Promise<void>;
  close(): Promise<void>;
}

export async function inTransaction(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<void>,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await work(client);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

/** Cuts `all` into batches of `sizes` (cycled; at least one event each). */
export function batchesOf<T>(all: readonly T[], sizes: readonly number[]): T[][] {
  const batches: T[][] = [];
  for (let i = 0, n = 0; i < all.length; n++) {
    const size = Math.max(1, sizes[n % sizes.length] ?? all.length);
    batches.push(all.slice(i, i + size));
    i += size;
  }
  return batches;
}

export async function openRiskInputsHarness(): Promise<RiskInputsHarness> {
  const database: TestDatabase = await createTestDatabase("folio_risk_inputs");
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const projection = riskInputsProjection(1);
  let ledgerCounter = 0;
  await inTransaction(pool, (client) => projection.setup(client));
  return {
    pool,
    projection,
    freshLedgerId: () => `risk-ledger-${++ledgerCounter}`,
    async project(ledgerId, events, sizes = [events.length]) {
      const all: ProjectedEvent[] = events.map((event) => ({
        ledgerId,
        position: String(event.metadata.sequence),
        event,
      }));
      for (const batch of batchesOf(all, sizes)) {
        await inTransaction(pool, (client) => projection.apply(client, batch));
      }
    },
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}

export const DAY_MS = 86_400_000;
export const iso = (ms: number): string => new Date(ms).toISOString();

/** The fixture ledger (USD, JPY, BTC) with `loans` USD loan accounts loan:0 .. loan:<n-1>. */
export function startRiskHistory(loans: number): HistoryRun {
  const run = startHistory();
  for (let i = 0; i < loans; i++) {
    accept(run, {
      type: "OpenAccount",
      accountId: `loan:${i}`,
      currency: "USD",
      accountType: "asset",
    });
  }
  return run;
}

/** Decides `command`, expects it accepted, and returns the sequence of its (last) event. */
export function accept(run: HistoryRun, command: Command): number {
  const decision = applyCommand(run, command);
  expect(decision.status, JSON.stringify(decision)).toBe("accepted");
  return run.events.length - 1;
}

export function counterparty(
  recordId: string,
  counterpartyId: string,
  validFrom: string,
  overrides: Partial<RecordCounterparty> = {},
): RecordCounterparty {
  return recordCounterpartySchema.parse({
    type: "RecordCounterparty",
    recordId,
    counterpartyId,
    validFrom,
    legalName: `${counterpartyId} Ltd`,
    sector: "C25.1",
    countryOfRisk: "GB",
    ...overrides,
  });
}

export function facility(
  recordId: string,
  facilityId: string,
  validFrom: string,
  overrides: Partial<RecordFacility> = {},
): RecordFacility {
  return recordFacilitySchema.parse({
    type: "RecordFacility",
    recordId,
    facilityId,
    validFrom,
    counterpartyId: "acme",
    product: "term-loan",
    currency: "USD",
    drawnAccounts: ["loan:0"],
    limit: "1000.00",
    ccf: "0.5",
    ...overrides,
  });
}

export function fxRates(
  recordId: string,
  validFrom: string,
  rates: PublishFxRates["rates"],
): PublishFxRates {
  return publishFxRatesSchema.parse({
    type: "PublishFxRates",
    recordId,
    validFrom,
    source: "ECB",
    rates,
  });
}

export function capitalBase(
  recordId: string,
  validFrom: string,
  tier1Capital: string,
): RecordCapitalBase {
  return recordCapitalBaseSchema.parse({
    type: "RecordCapitalBase",
    recordId,
    validFrom,
    tier1Capital,
  });
}

export function facilityTerms(
  recordId: string,
  facilityId: string,
  validFrom: string,
  overrides: Partial<RecordFacilityTerms> = {},
): RecordFacilityTerms {
  return recordFacilityTermsSchema.parse({
    type: "RecordFacilityTerms",
    recordId,
    facilityId,
    validFrom,
    originationDate: "2026-01-15",
    maturityDate: "2028-01-15",
    eir: "0.045",
    repayment: {
      kind: "amortising",
      schedule: [
        { date: "2027-01-15", principal: "500.00" },
        { date: "2028-01-15", principal: "500.00" },
      ],
    },
    lifetimePdAtOrigination: "0.02",
    ...overrides,
  });
}

export function creditAssessment(
  recordId: string,
  facilityId: string,
  validFrom: string,
  asOf: string,
  overrides: Partial<RecordCreditAssessment> = {},
): RecordCreditAssessment {
  return recordCreditAssessmentSchema.parse({
    type: "RecordCreditAssessment",
    recordId,
    facilityId,
    validFrom,
    asOf,
    daysPastDue: 0,
    scenarios: [
      {
        scenarioId: "base",
        weight: "0.6",
        pd12m: "0.01",
        lifetimePd: { kind: "cumulative", byYear: ["0.01", "0.025"] },
        lgd: "0.45",
      },
      {
        scenarioId: "downturn",
        weight: "0.4",
        pd12m: "0.03",
        lifetimePd: { kind: "marginal", byYear: ["0.03", "0.04"] },
        lgd: "0.6",
      },
    ],
    ...overrides,
  });
}

export function writeOff(
  recordId: string,
  facilityId: string,
  validFrom: string,
  writtenOffOn: string,
  amount: string,
): RecordWriteOff {
  return recordWriteOffSchema.parse({
    type: "RecordWriteOff",
    recordId,
    facilityId,
    validFrom,
    writtenOffOn,
    amount,
  });
}

/** A parameter set posting to loan:0 and cash:usd (accounts of startRiskHistory's ledger). */
export function ifrs9Parameters(
  recordId: string,
  parameterSetId: string,
  validFrom: string,
  overrides: Partial<RecordIfrs9Parameters> = {},
): RecordIfrs9Parameters {
  return recordIfrs9ParametersSchema.parse({
    type: "RecordIfrs9Parameters",
    recordId,
    parameterSetId,
    validFrom,
    impairmentExpenseAccountId: "cash:usd",
    lossAllowanceAccountId: "loan:0",
    ...overrides,
  });
}
