// Given/when/then specs for the IFRS 9 provisioning run (docs/ifrs9.md, "Provisioning runs"):
// the run is recorded with the entry that brings the loss allowance account to its allowance
// (a charge, then only the difference, then a release), effective at the end of the reporting
// date; the same run again is a duplicate; a run is refused whole (nothing written) in a
// closed period, with an unknown or closed account, or in another currency than the accounts.
import { describe, expect, it } from "vitest";
import { recordProvisioningRunSchema, type RecordProvisioningRun } from "../schemas/index.js";
import { decide } from "./decide.js";
import { fingerprintOf } from "./fingerprint.js";
import { clockAt, event, given } from "./testing/deciderSpec.js";
import { bankWithAccounts, FIRST_FREE_SEQUENCE, openAccount } from "./testing/fixtures.js";

const DIGEST = "a".repeat(64);

const book = [
  ...bankWithAccounts,
  openAccount("ifrs9:impairment", "USD", "expense"),
  openAccount("ifrs9:allowance", "USD", "liability"),
];
const NEXT = FIRST_FREE_SEQUENCE + 2;

const run = (overrides: Partial<RecordProvisioningRun> = {}): RecordProvisioningRun =>
  recordProvisioningRunSchema.parse({
    type: "RecordProvisioningRun",
    runId: "run-2026-12-31-a",
    reportingDate: "2026-12-31",
    parameterSetId: "policy-2026",
    inputsSequence: 40,
    inputsDigest: DIGEST,
    impairmentExpenseAccountId: "ifrs9:impairment",
    lossAllowanceAccountId: "ifrs9:allowance",
    currency: "USD",
    allowance: "1350.00",
    byStage: [
      { stage: "1", facilities: 2, grossCarryingAmount: "100000.00", allowance: "150.00" },
      { stage: "2", facilities: 1, grossCarryingAmount: "20000.00", allowance: "400" },
      { stage: "3", facilities: 1, grossCarryingAmount: "5000", allowance: "800.00" },
    ],
    notMeasured: 1,
    ...overrides,
  });

const END_OF_DAY = "2026-12-31T23:59:59.999Z";

/** The run's entry as the core writes it: `decimal` at the scale, `minor` in the event. */
function entryPosted(runId: string, charge: boolean, decimal: string, minor: string) {
  const entryId = `ifrs9-run:${runId}`;
  const description = `IFRS 9 loss allowance 2026-12-31 (policy-2026), run ${runId}`;
  const sides = charge ? (["debit", "credit"] as const) : (["credit", "debit"] as const);
  const accounts = ["ifrs9:impairment", "ifrs9:allowance"] as const;
  const fingerprint = fingerprintOf({
    type: "PostEntry",
    entryId,
    effectiveAt: END_OF_DAY,
    description,
    metadata: { ifrs9RunId: runId },
    postings: accounts.map((accountId, i) => ({
      accountId,
      side: sides[i] ?? "debit",
      amount: decimal,
    })),
  });
  return event("EntryPosted", {
    entryId,
    effectiveAt: END_OF_DAY,
    description,
    metadata: { ifrs9RunId: runId },
    postings: accounts.map((accountId, i) => ({
      accountId,
      side: sides[i] ?? "debit",
      amount: minor,
      currency: "USD",
    })),
    reversalOf: null,
    fingerprint,
  });
}

describe("a provisioning run", () => {
  it("records the run and charges the whole allowance to an empty allowance account", () => {
    const command = run();
    given(...book)
      .when(command)
      .thenEvents(
        entryPosted("run-2026-12-31-a", true, "1350.00", "135000"),
        event("ProvisioningRunRecorded", {
          runId: "run-2026-12-31-a",
          reportingDate: "2026-12-31",
          parameterSetId: "policy-2026",
          inputsSequence: 40,
          inputsDigest: DIGEST,
          impairmentExpenseAccountId: "ifrs9:impairment",
          lossAllowanceAccountId: "ifrs9:allowance",
          currency: "USD",
          allowance: "135000",
          previousAllowance: "0",
          difference: "135000",
          entryId: "ifrs9-run:run-2026-12-31-a",
          byStage: [
            { stage: "1", facilities: 2, grossCarryingAmount: "10000000", allowance: "15000" },
            { stage: "2", facilities: 1, grossCarryingAmount: "2000000", allowance: "40000" },
            { stage: "3", facilities: 1, grossCarryingAmount: "500000", allowance: "80000" },
          ],
          notMeasured: 1,
          fingerprint: fingerprintOf(command),
        }),
      );
  });

  it("given a first run, a second with new figures posts only the difference", () => {
    given(...book, run())
      .when(run({ runId: "run-2026-12-31-b", inputsDigest: "b".repeat(64), allowance: "1400.50" }))
      .thenEvents(
        entryPosted("run-2026-12-31-b", true, "50.50", "5050"),
        expect.objectContaining({
          type: "ProvisioningRunRecorded",
          data: expect.objectContaining({
            previousAllowance: "135000",
            difference: "5050",
            allowance: "140050",
          }) as unknown,
        }) as never,
      );
  });

  it("given a higher allowance, a lower one releases the excess", () => {
    given(...book, run())
      .when(run({ runId: "run-2026-12-31-c", inputsDigest: "c".repeat(64), allowance: "1000" }))
      .thenEvents(
        entryPosted("run-2026-12-31-c", false, "350.00", "35000"),
        expect.objectContaining({
          type: "ProvisioningRunRecorded",
          data: expect.objectContaining({ difference: "-35000" }) as unknown,
        }) as never,
      );
  });

  it("given the allowance already booked, records the run without an entry", () => {
    given(...book, run())
      .when(run({ runId: "run-2026-12-31-d", inputsDigest: "d".repeat(64) }))
      .thenEvents(
        expect.objectContaining({
          type: "ProvisioningRunRecorded",
          data: expect.objectContaining({ difference: "0", entryId: null }) as unknown,
        }) as never,
      );
  });

  it("is idempotent by runId: the same run is a duplicate, other content a conflict", () => {
    given(...book, run())
      .when(run())
      .thenDuplicate(NEXT + 1);
    given(...book, run())
      .when(run({ allowance: "1.00" }))
      .thenRejected("id_conflict");
  });

  it("refuses a run in a closed period, writing nothing", () => {
    given(...book, clockAt("2027-02-15T00:00:00Z"), {
      type: "ClosePeriod",
      upTo: "2027-01-31T00:00:00.000Z",
    })
      .when(run())
      .thenRejected("period_closed");
  });

  it("refuses unknown or closed accounts and another currency than the accounts'", () => {
    given(...book)
      .when(run({ lossAllowanceAccountId: "ifrs9:nowhere" }))
      .thenRejected("account_not_found");
    given(...book)
      .when(run({ currency: "EUR" }))
      .thenRejected("currency_mismatch");
    given(...book)
      .when(run({ currency: "XAU" }))
      .thenRejected("unknown_currency");
    given(...book)
      .when(run({ allowance: "1.001" }))
      .thenRejected("amount_precision");
  });

  it("keeps both events in one chain, the entry first", () => {
    const state = given(...book).snapshot();
    const decision = decide(state, run(), {
      now: Date.parse("2027-01-05T10:00:00Z"),
      actor: "spec",
      correlationId: "c",
      causationId: null,
    });
    expect(decision.status).toBe("accepted");
    const [entry, recorded] = decision.events;
    expect(entry?.type).toBe("EntryPosted");
    expect(recorded?.metadata.prevHash).toBe(entry?.metadata.hash);
    expect(recorded?.metadata.sequence).toBe((entry?.metadata.sequence ?? -2) + 1);
  });
});
