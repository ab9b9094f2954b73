// Mapping rules and the mapping of camt.053 entries and pacs.008 transfers to PostEntry
// commands: validation of the rules, each kind of match, first rule wins, suspense, sides,
// skipped PDNG entries, effective dates, idempotent ids and whole-file refusal.
import { describe, expect, it } from "vitest";
import { parseCamt053 } from "./camt053.js";
import { mapCamt053 } from "./mapCamt053.js";
import type { CompiledRules } from "./mappingRules.js";
import { compileMappingRules } from "./mappingRules.js";
import { mapPacs008 } from "./mapPacs008.js";
import { parsePacs008 } from "./pacs008.js";
import type { FixtureEntry } from "./testing/fixtures.js";
import { camtXml, pacsXml } from "./testing/fixtures.js";

const base = {
  ledgerId: "bank",
  nostroAccountId: "nostro:eur",
  currency: "EUR",
  suspenseAccountId: "suspense:eur",
};

function compile(rules: unknown[]): CompiledRules {
  const compiled = compileMappingRules({ ...base, rules });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  return compiled.rules;
}

function mapEntries(entries: readonly FixtureEntry[], rules: CompiledRules) {
  const parsed = parseCamt053(camtXml({ entries }));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return mapCamt053(parsed.value, rules);
}

const counterOf = (outcome: ReturnType<typeof mapEntries>) =>
  outcome.commands.map((command) => command.postings[1]?.accountId);

describe("mapping rules", () => {
  it("refuses invalid configurations", () => {
    const bad = [
      [{ match: {}, counterAccountId: "x" }],
      [{ match: { remittancePattern: "(a+)+$" }, counterAccountId: "x" }],
      [{ match: { remittancePattern: "(a|ab)*c" }, counterAccountId: "x" }],
      [{ match: { remittancePattern: "(x)\\1" }, counterAccountId: "x" }],
      [{ match: { remittancePattern: "[" }, counterAccountId: "x" }],
      [{ match: { remittancePattern: "a".repeat(201) }, counterAccountId: "x" }],
      [{ match: { counterpartyIban: "not an iban" }, counterAccountId: "x" }],
      [{ match: { bankTransactionCode: { domain: "pmnt" } }, counterAccountId: "x" }],
    ];
    for (const rules of bad) expect(compileMappingRules({ ...base, rules }).ok).toBe(false);
    expect(compileMappingRules({ ...base, currency: "XYZ", rules: [] }).ok).toBe(false);
    expect(compileMappingRules({ ...base, rules: [], extra: 1 }).ok).toBe(false);
  });

  it("matches on the bank transaction code, remittance and counterparty IBAN", () => {
    const rules = compile([
      {
        match: { bankTransactionCode: { domain: "PMNT", family: "CCRD" } },
        counterAccountId: "cards",
      },
      { match: { remittancePattern: "^Invoice INV-[0-9]{4}$" }, counterAccountId: "receivables" },
      { match: { counterpartyIban: "de89 3704 0044 0532 0130 00" }, counterAccountId: "acme" },
    ]);
    const outcome = mapEntries(
      [
        { ref: "A", domain: "PMNT", family: "CCRD", subFamily: "POSD" },
        { ref: "B", remittance: "Invoice INV-1001" },
        { ref: "C", remittance: "misc", counterpartyIban: "DE89370400440532013000" },
        { ref: "D", remittance: "unknown" },
      ],
      rules,
    );
    expect(outcome.errors).toEqual([]);
    expect(counterOf(outcome)).toEqual(["cards", "receivables", "acme", "suspense:eur"]);
    expect(outcome.commands.map((command) => command.metadata?.["iso.rule"])).toEqual([
      "0",
      "1",
      "2",
      "suspense",
    ]);
  });

  it("uses the first matching rule and requires every condition of a rule", () => {
    const rules = compile([
      {
        match: { remittancePattern: "INV", counterpartyIban: "GB29NWBK60161331926819" },
        counterAccountId: "both",
      },
      { match: { remittancePattern: "INV" }, counterAccountId: "first" },
      { match: { remittancePattern: "INV-1" }, counterAccountId: "second" },
    ]);
    const outcome = mapEntries(
      [{ ref: "A", remittance: "INV-1", counterpartyIban: "DE89370400440532013000" }],
      rules,
    );
    expect(counterOf(outcome)).toEqual(["first"]);
  });
});

describe("camt.053 to PostEntry", () => {
  const rules = compile([
    { match: { remittancePattern: "Invoice" }, counterAccountId: "receivables" },
  ]);

  it("debits nostro for CRDT and credits it for DBIT, at scale, on the booking date", () => {
    const outcome = mapEntries(
      [
        { ref: "IN", amount: "1500", cdtDbt: "CRDT", remittance: "Invoice 1" },
        { ref: "OUT", amount: "42.1", cdtDbt: "DBIT" },
      ],
      rules,
    );
    const [moneyIn, moneyOut] = outcome.commands;
    expect(moneyIn?.postings).toEqual([
      { accountId: "nostro:eur", side: "debit", amount: "1500.00" },
      { accountId: "receivables", side: "credit", amount: "1500.00" },
    ]);
    expect(moneyOut?.postings).toEqual([
      { accountId: "nostro:eur", side: "credit", amount: "42.10" },
      { accountId: "suspense:eur", side: "debit", amount: "42.10" },
    ]);
    expect(moneyIn?.effectiveAt).toBe("2026-11-20T00:00:00.000Z");
    expect(moneyIn?.description).toBe("Invoice 1");
    expect(moneyIn?.metadata).toMatchObject({
      "iso.msgId": "MSG-2026-11-20",
      "iso.stmtId": "STMT-1",
      "iso.ntryRef": "IN",
      "iso.acctSvcrRef": "SVC-IN",
      "iso.endToEndId": "E2E-IN",
      "iso.valueDate": "2026-11-21",
      "iso.bankTxCode": "PMNT/RCDT/ESCT",
    });
  });

  it("skips and reports PDNG and INFO entries", () => {
    const outcome = mapEntries(
      [{ ref: "P", status: "PDNG" }, { ref: "I", status: "INFO" }, { ref: "B" }],
      rules,
    );
    expect(outcome.commands).toHaveLength(1);
    expect(outcome.skipped).toEqual([
      { path: "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]", reference: "P", reason: "status PDNG" },
      { path: "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]", reference: "I", reason: "status INFO" },
    ]);
  });

  it("derives the same ids from the same file and different ids for different entries", () => {
    const first = mapEntries([{ ref: "A" }, { ref: "B" }], rules);
    const again = mapEntries([{ ref: "A" }, { ref: "B" }], rules);
    const ids = first.commands.map((command) => command.entryId);
    expect(again.commands.map((command) => command.entryId)).toEqual(ids);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^camt:[0-9a-f]{32}$/);
  });

  it("refuses the whole file when one entry cannot be mapped", () => {
    const parsed = parseCamt053(camtXml({ ccy: "USD", entries: [{ ref: "A", ccy: "USD" }] }));
    if (!parsed.ok) throw new Error("fixture");
    const outcome = mapCamt053(parsed.value, rules);
    expect(outcome.commands).toEqual([]);
    expect(outcome.errors[0]?.path).toBe("/Document/BkToCstmrStmt/Stmt[1]/Acct/Ccy");
  });

  it("refuses two entries with the same reference in one statement", () => {
    const outcome = mapEntries([{ ref: "A" }, { ref: "A" }], rules);
    expect(outcome.commands).toEqual([]);
    expect(outcome.errors[0]?.reason).toMatch(/same entry id/);
  });
});

describe("pacs.008 to PostEntry", () => {
  const rules = compile([
    { match: { counterpartyIban: "DE89370400440532013000" }, counterAccountId: "cust:42" },
  ]);
  const parsed = parsePacs008(pacsXml());
  if (!parsed.ok) throw new Error("fixture");

  it("inbound: debits nostro, credits the creditor's account, on the settlement date", () => {
    const outcome = mapPacs008(parsed.value, rules);
    const [salary, refund] = outcome.commands;
    expect(salary?.postings).toEqual([
      { accountId: "nostro:eur", side: "debit", amount: "250.00" },
      { accountId: "cust:42", side: "credit", amount: "250.00" },
    ]);
    expect(salary?.effectiveAt).toBe("2026-11-22T00:00:00.000Z");
    expect(refund?.postings[1]).toEqual({
      accountId: "suspense:eur",
      side: "credit",
      amount: "12.50",
    });
    expect(refund?.effectiveAt).toBe("2026-11-23T00:00:00.000Z");
    expect(salary?.entryId).toMatch(/^pacs:[0-9a-f]{32}$/);
    expect(mapPacs008(parsed.value, rules).commands.map((c) => c.entryId)).toEqual(
      outcome.commands.map((c) => c.entryId),
    );
  });

  it("outbound: credits nostro and debits the counter account", () => {
    const [salary] = mapPacs008(parsed.value, rules, "outbound").commands;
    expect(salary?.postings).toEqual([
      { accountId: "nostro:eur", side: "credit", amount: "250.00" },
      { accountId: "suspense:eur", side: "debit", amount: "250.00" },
    ]);
  });
});
