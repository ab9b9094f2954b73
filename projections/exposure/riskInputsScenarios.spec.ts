// Worked scenarios of the risk-inputs history model against real PostgreSQL, built with the
// real decider: a counterparty restated with an earlier validFrom (as of D known before and
// after the restatement, and a tie of validFrom), a facility's versions (one dated in the
// future), FX sets (the latest set with the pair; an older set still answers a pair the newer
// set lacks), the capital base (restated), and the sequence each answer reflects.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BalanceAt } from "../balances/balanceQueries.js";
import { riskInputsAt, riskInputsHead, type RiskInputsAnswer } from "./riskInputsQueries.js";
import {
  accept,
  capitalBase,
  counterparty,
  DAY_MS,
  facility,
  fxRates,
  iso,
  openRiskInputsHarness,
  startRiskHistory,
  type RiskInputsHarness,
} from "./testing/riskInputsHarness.js";

let harness: RiskInputsHarness;
let pool: pg.Pool;

beforeAll(async () => {
  harness = await openRiskInputsHarness();
  pool = harness.pool;
});

afterAll(async () => {
  await harness.close();
});

const day = (d: string): string => `2026-${d}T00:00:00.000Z`;
const NOW = new Date("2026-02-20T00:00:00.000Z");

describe("a bitemporal history of risk inputs", () => {
  const ledgerId = "scenario-risk";
  const run = startRiskHistory(2);
  run.now = Date.parse("2026-02-01T09:00:00.000Z");
  const next = (): void => {
    run.now += DAY_MS;
  };
  const rated = (recordId: string, validFrom: string, rating: string) =>
    counterparty(recordId, "acme", validFrom, { rating, connectedGroupId: "acme-group" });
  const cpV1 = accept(run, rated("cp-1", day("01-10"), "BBB"));
  accept(
    run,
    counterparty("cp-bank", "big-bank", day("01-01"), {
      flags: {
        institution: true,
        globalSystemicallyImportant: false,
        sovereign: false,
        exempt: false,
      },
    }),
  );
  next();
  const cpV2 = accept(run, rated("cp-2", day("01-20"), "BB"));
  next();
  const entry = accept(run, {
    type: "PostEntry",
    entryId: "e1",
    postings: [
      { accountId: "loan:0", side: "debit", amount: "10.00" },
      { accountId: "cash:usd", side: "credit", amount: "10.00" },
    ],
  });
  next();
  // The restatement: recorded after v2, but true from an earlier date.
  const cpRestated = accept(run, rated("cp-3", day("01-15"), "B"));
  next();
  // The same validFrom as v2, recorded later: it wins from 01-20.
  const cpTie = accept(run, rated("cp-4", day("01-20"), "CCC"));
  const facV1 = accept(run, facility("f-1", "acme-rcf", day("01-10")));
  const facV2 = accept(
    run,
    facility("f-2", "acme-rcf", day("02-01"), {
      drawnAccounts: ["loan:0"],
      interestAccounts: ["loan:1"],
      limit: "2000.00",
      ccf: "0.75",
      ccfFloorApplies: false,
      collateral: [{ type: "cash", currency: "JPY", amount: "5000" }],
      guarantees: [{ guarantorId: "big-bank", currency: "USD", amount: "300.50" }],
      specificProvisions: "12.34",
    }),
  );
  const facFuture = accept(run, facility("f-3", "acme-rcf", day("06-01"), { limit: "3000.00" }));
  const fx1 = accept(
    run,
    fxRates("fx-1", day("01-31"), [
      { from: "USD", to: "JPY", rate: "150.1" },
      { from: "BTC", to: "USD", rate: "40000" },
    ]),
  );
  const fx2 = accept(
    run,
    fxRates("fx-2", day("02-01"), [{ from: "USD", to: "JPY", rate: "151.25" }]),
  );
  const cap1 = accept(run, capitalBase("cap-1", day("01-01"), "1000000.00"));
  next();
  const cap2 = accept(run, capitalBase("cap-2", day("02-01"), "1200000.00"));
  const capRestated = accept(run, capitalBase("cap-3", day("01-01"), "900000.00"));
  const last = run.events.length - 1;
  const recordedAtOf = (s: number): string => run.events[s]?.metadata.recordedAt ?? "";

  beforeAll(async () => {
    await harness.project(ledgerId, run.events, [3, 5]);
  });

  const at = (point: BalanceAt): Promise<RiskInputsAnswer> =>
    riskInputsAt(pool, { ledgerId, at: point, now: NOW });
  const effective = (d: string, knownAt?: { sequence: number } | { recordedAt: string }) =>
    at(
      knownAt === undefined
        ? { kind: "effective", effectiveAt: d }
        : { kind: "effective", effectiveAt: d, knownAt },
    );
  const ratingAt = async (d: string, knownAt?: { sequence: number } | { recordedAt: string }) =>
    (await effective(d, knownAt)).counterparties.get("acme")?.rating;

  it("answers as of D before and after a restatement with an earlier validFrom", async () => {
    // 01-17: before the restatement was recorded, v1 was in force; after it, the restatement.
    expect(await ratingAt(day("01-17"), { sequence: cpRestated - 1 })).toBe("BBB");
    expect(await ratingAt(day("01-17"), { recordedAt: recordedAtOf(cpV2) })).toBe("BBB");
    expect(await ratingAt(day("01-17"), { sequence: cpRestated })).toBe("B");
    expect(await ratingAt(day("01-17"), { recordedAt: recordedAtOf(cpRestated) })).toBe("B");
    expect(await ratingAt(day("01-17"))).toBe("B");
    // Before the restatement's validFrom, v1 still holds; from v2's, v2 (then the tie) holds.
    expect(await ratingAt("2026-01-14T23:59:59.999Z")).toBe("BBB");
    expect(await ratingAt(day("01-15"))).toBe("B");
    expect(await ratingAt(day("01-25"), { sequence: cpRestated })).toBe("BB");
    expect(await ratingAt(day("01-25"))).toBe("CCC");
    // Before v1 and before anything was recorded: no counterparty.
    expect((await effective(day("01-09"))).counterparties.has("acme")).toBe(false);
    expect((await effective(day("01-25"), { sequence: cpV1 - 1 })).counterparties.size).toBe(0);
  });

  it("returns the whole counterparty version with the sequence that recorded it", async () => {
    const answer = await effective(day("01-25"), { sequence: cpV2 });
    expect(answer.sequence).toBe(cpV2);
    expect(answer.counterparties.get("acme")).toEqual({
      counterpartyId: "acme",
      lei: null,
      legalName: "acme Ltd",
      connectedGroupId: "acme-group",
      ultimateParentId: null,
      sector: "C25.1",
      countryOfRisk: "GB",
      rating: "BB",
      flags: {
        institution: false,
        globalSystemicallyImportant: false,
        sovereign: false,
        exempt: false,
      },
      validFrom: day("01-20"),
      sequence: cpV2,
    });
    expect(answer.counterparties.get("big-bank")?.flags.institution).toBe(true);
    expect([...answer.counterparties.keys()]).toEqual(["acme", "big-bank"]);
    expect((await effective(day("01-25"))).counterparties.get("acme")?.sequence).toBe(cpTie);
  });

  it("answers a facility's versions, a future one only from its date", async () => {
    const v1 = (await effective(day("01-31"))).facilities.get("acme-rcf");
    expect(v1).toMatchObject({ limit: 100_000n, sequence: facV1, specificProvisions: 0n });
    const latest = (await at({ kind: "latest" })).facilities.get("acme-rcf");
    expect(latest).toEqual({
      facilityId: "acme-rcf",
      counterpartyId: "acme",
      product: "term-loan",
      currency: "USD",
      drawnAccounts: ["loan:0"],
      interestAccounts: ["loan:1"],
      limit: 200_000n,
      ccf: "0.75",
      ccfFloorApplies: false,
      collateral: [{ type: "cash", currency: "JPY", amount: 5000n }],
      guarantees: [{ guarantorId: "big-bank", currency: "USD", amount: 30_050n }],
      specificProvisions: 1_234n,
      validFrom: day("02-01"),
      sequence: facV2,
    });
    const june = (await effective(day("06-02"))).facilities.get("acme-rcf");
    expect(june).toMatchObject({ limit: 300_000n, sequence: facFuture });
    // Known before the facility was recorded: none.
    expect((await effective(day("06-02"), { sequence: facV1 - 1 })).facilities.size).toBe(0);
  });

  it("takes each pair from the latest set that has it", async () => {
    const rates = async (d: string, knownAt?: { sequence: number }) =>
      (await effective(d, knownAt)).fxRates;
    expect(await rates(day("02-05"))).toEqual([
      { from: "BTC", to: "USD", rate: "40000", validFrom: day("01-31") },
      { from: "USD", to: "JPY", rate: "151.25", validFrom: day("02-01") },
    ]);
    expect(await rates("2026-01-31T12:00:00.000Z")).toEqual([
      { from: "BTC", to: "USD", rate: "40000", validFrom: day("01-31") },
      { from: "USD", to: "JPY", rate: "150.1", validFrom: day("01-31") },
    ]);
    expect(await rates(day("02-05"), { sequence: fx2 - 1 })).toHaveLength(2);
    expect((await rates(day("02-05"), { sequence: fx2 - 1 }))[1]?.rate).toBe("150.1");
    expect(await rates(day("01-30"))).toEqual([]);
    expect(await rates(day("02-05"), { sequence: fx1 - 1 })).toEqual([]);
  });

  it("answers the capital base, restated", async () => {
    const capital = async (d: string, knownAt?: { sequence: number }) =>
      (await effective(d, knownAt)).capital;
    expect(await capital(day("01-15"), { sequence: cap1 })).toEqual({
      currency: "USD",
      tier1Capital: 100_000_000n,
      validFrom: day("01-01"),
      reportingEntityIsGsii: false,
    });
    expect((await capital(day("01-15"), { sequence: cap2 }))?.tier1Capital).toBe(100_000_000n);
    expect((await capital(day("01-15")))?.tier1Capital).toBe(90_000_000n);
    expect((await capital(day("02-15")))?.tier1Capital).toBe(120_000_000n);
    expect(await capital(day("02-15"), { sequence: cap1 - 1 })).toBeNull();
    expect(capRestated).toBe(last);
  });

  it("reflects the right sequence for every kind of point", async () => {
    expect((await at({ kind: "latest" })).sequence).toBe(last);
    expect((await at({ kind: "latest" })).effectiveAt).toBe(NOW.toISOString());
    expect((await at({ kind: "sequence", sequence: entry })).sequence).toBe(entry);
    expect((await at({ kind: "sequence", sequence: last + 50 })).sequence).toBe(last);
    const byEntry = await at({ kind: "recorded", recordedAt: recordedAtOf(entry) });
    expect(byEntry.sequence).toBe(entry);
    expect(byEntry.counterparties.get("acme")?.rating).toBe("BB");
    const between = iso(Date.parse(recordedAtOf(entry)) + 1);
    expect((await at({ kind: "recorded", recordedAt: between })).sequence).toBe(entry);
    expect((await effective(day("01-01"))).sequence).toBe(last);
    expect((await effective(day("01-01"), { recordedAt: recordedAtOf(cpV2) })).sequence).toBe(
      // every event recorded at v2's time (v2 is the last of its day)
      cpV2,
    );
    const before = await at({ kind: "recorded", recordedAt: "2025-12-31T00:00:00Z" });
    expect(before).toEqual({
      ledgerId,
      sequence: null,
      effectiveAt: NOW.toISOString(),
      counterparties: new Map(),
      facilities: new Map(),
      fxRates: [],
      capital: null,
    });
  });

  it("keeps the head exact, risk input or not", async () => {
    const head = await riskInputsHead(pool, { ledgerId });
    expect(head?.sequence).toBe(last);
    expect(head?.recordedAt.toISOString()).toBe(recordedAtOf(last));
    expect(head?.createdAt.toISOString()).toBe(recordedAtOf(0));
    expect(await riskInputsHead(pool, { ledgerId: "no-such-ledger" })).toBeNull();
    const unknown = await riskInputsAt(pool, {
      ledgerId: "no-such-ledger",
      at: { kind: "latest" },
    });
    expect(unknown.sequence).toBeNull();
    expect(unknown.counterparties.size).toBe(0);
  });

  it("refuses a malformed point", async () => {
    await expect(at({ kind: "sequence", sequence: -1 })).rejects.toThrow(RangeError);
    await expect(at({ kind: "sequence", sequence: 1.5 })).rejects.toThrow(RangeError);
    await expect(at({ kind: "recorded", recordedAt: "yesterday" })).rejects.toThrow(
      "recordedAt is not a time",
    );
    await expect(effective("soon")).rejects.toThrow("effectiveAt is not a time");
    await expect(effective(day("01-01"), { recordedAt: "x" })).rejects.toThrow(
      "knownAt.recordedAt is not a time",
    );
  });
});
