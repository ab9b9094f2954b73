// The decider's risk state survives a snapshot (a restarted writer still knows every record id
// and which facility holds which account), and a fork decides risk inputs without touching the
// state it was taken from.
import { describe, expect, it } from "vitest";
import { recordCounterpartySchema, recordFacilitySchema, type Command } from "../schemas/index.js";
import { decide, decideSequence } from "./decide.js";
import { evolve } from "./evolve.js";
import { snapshotOf, stateFromSnapshot } from "./snapshots.js";
import { initialState, type LedgerState } from "./state.js";
import { bankWithAccounts, openAccount } from "./testing/fixtures.js";

const context = {
  now: Date.UTC(2026, 10, 29),
  actor: "spec",
  correlationId: "c",
  causationId: null,
};

const counterparty = recordCounterpartySchema.parse({
  type: "RecordCounterparty",
  recordId: "cp-1",
  counterpartyId: "acme",
  validFrom: "2026-11-01T00:00:00Z",
  legalName: "Acme",
  sector: "C",
  countryOfRisk: "DE",
});
const facility = recordFacilitySchema.parse({
  type: "RecordFacility",
  recordId: "fac-1",
  facilityId: "acme-loan",
  validFrom: "2026-11-01T00:00:00Z",
  counterpartyId: "acme",
  product: "term-loan",
  currency: "USD",
  drawnAccounts: ["loan:acme"],
  limit: "500.00",
  ccf: "0",
});

function applied(commands: readonly Command[]): LedgerState {
  const state = initialState();
  for (const command of commands) {
    const decision = decide(state, command, context);
    expect(decision.status).toBe("accepted");
    for (const event of decision.events) evolve(state, event);
  }
  return state;
}

describe("risk state", () => {
  const history = [
    ...bankWithAccounts,
    openAccount("loan:acme", "USD", "asset"),
    counterparty,
    facility,
  ];

  it("round-trips through a snapshot: record ids, counterparties and facility accounts", () => {
    const state = applied(history);
    const restored = stateFromSnapshot(snapshotOf("ledger-bank", state));
    if (!restored.ok) throw new Error(restored.reason);
    expect(restored.state.risk).toEqual(state.risk);
    expect(decide(restored.state, facility, context).status).toBe("duplicate");
    const other = { ...facility, recordId: "fac-2", facilityId: "other-loan" };
    const refused = decide(restored.state, other, context);
    expect(refused.status === "rejected" && refused.rejection.code).toBe(
      "account_in_other_facility",
    );
  });

  it("decides on a fork without changing the state it forked", () => {
    const state = applied(history.slice(0, -1));
    const before = structuredClone(state.risk);
    const { decisions, fork } = decideSequence(state, [facility], context);
    expect(decisions[0]?.status).toBe("accepted");
    expect(fork.risk.facilities.has("acme-loan")).toBe(true);
    expect(state.risk).toEqual(before);
    expect(state.risk.facilities.has("acme-loan")).toBe(false);
  });
});
