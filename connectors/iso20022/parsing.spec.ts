// camt.053 and pacs.008 parsing: constructed valid files are read into the model; invalid
// ones (wrong namespace or version, unknown currency, too many decimals, negative amounts, a
// DOCTYPE, missing required elements) are refused as a whole with every error's path.
import { describe, expect, it } from "vitest";
import { parseCamt053 } from "./camt053.js";
import type { IsoResult } from "./issues.js";
import { parsePacs008 } from "./pacs008.js";
import { camtXml, DEFAULT_TXS, pacsXml } from "./testing/fixtures.js";

function errorsOf<T>(result: IsoResult<T>): { path: string; reason: string }[] {
  if (result.ok) throw new Error("expected the file to be refused");
  return [...result.errors];
}

const STMT = "/Document/BkToCstmrStmt/Stmt[1]";

describe("camt.053.001.08 parsing", () => {
  it("reads statement, account, balances and entries", () => {
    const result = parseCamt053(camtXml());
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const message = result.value;
    expect(message.messageId).toBe("MSG-2026-11-20");
    const [statement] = message.statements;
    expect(statement?.id).toBe("STMT-1");
    expect(statement?.electronicSequence).toBe("17");
    expect(statement?.account).toEqual({ iban: "NL91ABNA0417164300", currency: "EUR" });
    expect(statement?.opening?.amount.minor).toBe(100000n);
    expect(statement?.closing?.amount.minor).toBe(245790n);
    expect(statement?.closing?.creditDebit).toBe("CRDT");
    const [first, second, third] = statement?.entries ?? [];
    expect(first).toMatchObject({
      path: `${STMT}/Ntry[1]`,
      entryRef: "E1",
      creditDebit: "CRDT",
      status: "BOOK",
      accountServicerRef: "SVC-E1",
      bankTransactionCode: { domain: "PMNT", family: "RCDT", subFamily: "ESCT" },
      details: {
        endToEndId: "E2E-E1",
        remittance: "Invoice INV-1001",
        debtorIban: "DE89370400440532013000",
        debtorName: "Acme GmbH",
      },
    });
    expect(first?.amount.minor).toBe(150000n);
    expect(first?.bookingDate?.instant).toBe("2026-11-20T00:00:00.000Z");
    expect(first?.valueDate?.raw).toBe("2026-11-21");
    expect(second?.amount.minor).toBe(4210n);
    expect(second?.creditDebit).toBe("DBIT");
    expect(third?.status).toBe("PDNG");
  });

  it("reads amounts at each currency's scale (JPY 0, KWD 3)", () => {
    const jpy = parseCamt053(
      camtXml({
        ccy: "JPY",
        balances: ["0", "1500"],
        entries: [{ ref: "J", amount: "1500", ccy: "JPY" }],
      }),
    );
    const kwd = parseCamt053(
      camtXml({
        ccy: "KWD",
        balances: ["0.000", "1.125"],
        entries: [{ ref: "K", amount: "1.125", ccy: "KWD" }],
      }),
    );
    expect(jpy.ok && jpy.value.statements[0]?.entries[0]?.amount.minor).toBe(1500n);
    expect(kwd.ok && kwd.value.statements[0]?.entries[0]?.amount.minor).toBe(1125n);
  });

  it("refuses balances with more decimals than the currency has", () => {
    // "1000.00" is 1000 (trailing zeros carry no value); "2457.90" has a decimal JPY lacks.
    const errors = errorsOf(parseCamt053(camtXml({ ccy: "JPY", entries: [] })));
    expect(errors.map((error) => error.path)).toEqual([`${STMT}/Bal[2]/Amt`]);
  });

  it("refuses another namespace or version", () => {
    const old = camtXml({ namespace: "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" });
    expect(errorsOf(parseCamt053(old))).toEqual([
      { path: "/Document", reason: expect.stringContaining("camt.053.001.02") as string },
    ]);
    expect(errorsOf(parseCamt053(pacsXml()))[0]?.path).toBe("/Document");
  });

  it("refuses an unknown currency, too many decimals and a negative amount, naming each path", () => {
    const xml = camtXml({
      entries: [
        { ref: "A", amount: "1.00" },
        { ref: "B", amount: "1.00", ccy: "XYZ" },
        { ref: "C", amount: "10.123" },
        { ref: "D", amount: "-5.00" },
      ],
    });
    const errors = errorsOf(parseCamt053(xml));
    expect(errors).toEqual([
      {
        path: `${STMT}/Ntry[2]/Amt`,
        reason: expect.stringMatching(/unknown currency "XYZ"/) as string,
      },
      {
        path: `${STMT}/Ntry[3]/Amt`,
        reason: expect.stringMatching(/more than 2 decimal places/) as string,
      },
      { path: `${STMT}/Ntry[4]/Amt`, reason: expect.stringMatching(/negative/) as string },
    ]);
  });

  it("refuses a DOCTYPE (no entity expansion)", () => {
    const bomb = camtXml({
      prolog: '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>',
    });
    expect(errorsOf(parseCamt053(bomb))).toEqual([
      { path: "/", reason: "a DOCTYPE or entity declaration is not accepted" },
    ]);
  });

  it("refuses missing required elements with their paths", () => {
    const errors = errorsOf(parseCamt053(camtXml({ omitAccount: true })));
    expect(errors).toEqual([{ path: `${STMT}/Acct`, reason: "required element is missing" }]);
    const noMsgId = camtXml().replace(/<MsgId>[^<]*<\/MsgId>/, "");
    expect(errorsOf(parseCamt053(noMsgId))).toEqual([
      {
        path: "/Document/BkToCstmrStmt/GrpHdr/MsgId",
        reason: "required element is missing or empty",
      },
    ]);
  });

  it("refuses malformed XML", () => {
    expect(errorsOf(parseCamt053("<Document><a></Document>"))[0]?.path).toBe("/");
  });

  it("bounds the errors it collects", () => {
    const entries = Array.from({ length: 150 }, (_, i) => ({ ref: `R${i}`, amount: "1.001" }));
    const result = parseCamt053(camtXml({ entries }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(100);
      expect(result.truncated).toBe(true);
    }
  });
});

describe("pacs.008.001.08 parsing", () => {
  it("reads the header and every transaction", () => {
    const result = parsePacs008(pacsXml());
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.messageId).toBe("PACS-MSG-1");
    expect(result.value.settlementDate?.raw).toBe("2026-11-22");
    const [first, second] = result.value.transactions;
    expect(first).toMatchObject({
      path: "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]",
      instructionId: "I1",
      endToEndId: "E2E-1",
      transactionId: "T1",
      debtorName: "Debtor Ltd",
      debtorIban: "GB29NWBK60161331926819",
      creditorName: "Creditor AG",
      creditorIban: "DE89370400440532013000",
      remittance: "Salary Nov",
    });
    expect(first?.settlementAmount.minor).toBe(25000n);
    expect(first?.settlementDate?.raw).toBe("2026-11-22");
    expect(second?.settlementAmount.minor).toBe(1250n);
    expect(second?.settlementDate?.raw).toBe("2026-11-23");
  });

  it("refuses bad amounts, a missing end-to-end id and the wrong namespace, with paths", () => {
    const xml = pacsXml([
      ...DEFAULT_TXS,
      { e2e: "E2E-3", amount: "100.5", ccy: "JPY" },
      { amount: "1.00" },
    ]).replace("<EndToEndId>E2E</EndToEndId>", "");
    const tx = "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf";
    expect(errorsOf(parsePacs008(xml))).toEqual([
      {
        path: `${tx}[3]/IntrBkSttlmAmt`,
        reason: expect.stringMatching(/more than 0 decimal places/) as string,
      },
      { path: `${tx}[4]/PmtId/EndToEndId`, reason: "required element is missing or empty" },
    ]);
    expect(errorsOf(parsePacs008(camtXml()))[0]?.path).toBe("/Document");
  });
});
