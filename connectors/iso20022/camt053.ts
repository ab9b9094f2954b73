// camt.053.001.08 (BankToCustomerStatement) parsing into a typed model: statements with their
// account, opening and closing booked balances (OPBD/CLBD) and entries (reference, amount,
// credit/debit, status, dates, bank transaction code, references, counterparty, remittance).
// Namespace and version are checked first; then every error is collected with its path.
import type { AccountId, CreditDebit, IsoAmount, IsoDate } from "./fields.js";
import {
  accountIdAt,
  amountAt,
  creditDebitAt,
  dateChoiceAt,
  optional,
  partyNameAt,
  readDate,
  remittanceAt,
  requiredText,
} from "./fields.js";
import type { IsoResult } from "./issues.js";
import { IssueCollector, refused } from "./issues.js";
import type { XmlNode } from "./xml.js";
import { childOf, childrenOf, descend, parseXml, pathOf, textAt } from "./xml.js";

export const CAMT053_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";

export interface BankTransactionCode {
  readonly domain?: string;
  readonly family?: string;
  readonly subFamily?: string;
  readonly proprietary?: string;
}

/** One transaction detail of an entry (the first TxDtls is the one mapped). */
export interface EntryDetails {
  readonly endToEndId?: string;
  readonly remittance?: string;
  readonly debtorName?: string;
  readonly debtorIban?: string;
  readonly creditorName?: string;
  readonly creditorIban?: string;
}

export type EntryStatus = "BOOK" | "PDNG" | "INFO" | "FUTR" | (string & {});

export interface StatementEntry {
  /** The entry's path in the document, for reports. */
  readonly path: string;
  /** 1-based position of the entry in its statement. */
  readonly index: number;
  readonly entryRef?: string;
  readonly amount: IsoAmount;
  readonly creditDebit: CreditDebit;
  readonly reversal: boolean;
  readonly status: EntryStatus;
  readonly bookingDate?: IsoDate;
  readonly valueDate?: IsoDate;
  readonly accountServicerRef?: string;
  readonly bankTransactionCode: BankTransactionCode;
  readonly details: EntryDetails;
  readonly additionalInfo?: string;
}

export interface StatementBalance {
  readonly amount: IsoAmount;
  readonly creditDebit: CreditDebit;
  readonly date: IsoDate;
}

export interface Statement {
  readonly path: string;
  readonly id: string;
  readonly electronicSequence?: string;
  readonly createdAt?: IsoDate;
  readonly account: AccountId & { readonly currency?: string };
  readonly opening?: StatementBalance;
  readonly closing?: StatementBalance;
  readonly entries: readonly StatementEntry[];
}

export interface Camt053Message {
  readonly messageId: string;
  readonly createdAt: IsoDate;
  readonly statements: readonly Statement[];
}

/** Parses a camt.053.001.08 document; any error refuses the whole file. */
export function parseCamt053(xml: string): IsoResult<Camt053Message> {
  const document = parseXml(xml);
  if (!document.ok) return document;
  const { root, rootName, namespace } = document.value;
  if (rootName !== "Document") return refused(root.path, "the root element must be Document");
  if (namespace !== CAMT053_NAMESPACE) {
    return refused(root.path, `namespace "${namespace ?? ""}" is not ${CAMT053_NAMESPACE}`);
  }
  const body = childOf(root, "BkToCstmrStmt");
  if (body === undefined)
    return refused(pathOf(root, "BkToCstmrStmt"), "required element is missing");
  const issues = new IssueCollector();
  const header = childOf(body, "GrpHdr");
  if (header === undefined) issues.add(pathOf(body, "GrpHdr"), "required element is missing");
  const messageId = header === undefined ? undefined : requiredText(issues, header, "MsgId");
  const createdAt = header === undefined ? undefined : dateTimeAt(issues, header, "CreDtTm", true);
  const statementNodes = childrenOf(body, "Stmt");
  if (statementNodes.length === 0) issues.add(pathOf(body, "Stmt"), "required element is missing");
  const statements = statementNodes.map((node) => readStatement(issues, node));
  if (messageId === undefined || createdAt === undefined || issues.count > 0) {
    return issues.failure();
  }
  return issues.result({
    messageId,
    createdAt,
    statements: statements.filter((s): s is Statement => s !== undefined),
  });
}

function dateTimeAt(
  issues: IssueCollector,
  node: XmlNode,
  name: string,
  required: boolean,
): IsoDate | undefined {
  const raw = textAt(node, name);
  if (raw === undefined) {
    if (required) issues.add(pathOf(node, name), "required element is missing or empty");
    return undefined;
  }
  return readDate(issues, pathOf(node, name), raw, "dateTime");
}

function readStatement(issues: IssueCollector, node: XmlNode): Statement | undefined {
  const id = requiredText(issues, node, "Id");
  const account = childOf(node, "Acct");
  if (account === undefined) issues.add(pathOf(node, "Acct"), "required element is missing");
  const accountId = accountIdAt(issues, account);
  const currency = textAt(account, "Ccy");
  const balances = childrenOf(node, "Bal");
  if (balances.length === 0) issues.add(pathOf(node, "Bal"), "required element is missing");
  const entries = childrenOf(node, "Ntry").map((entry, index) => readEntry(issues, entry, index));
  const electronicSequence = textAt(node, "ElctrncSeqNb");
  if (electronicSequence !== undefined && !/^[0-9]{1,18}$/.test(electronicSequence)) {
    issues.add(pathOf(node, "ElctrncSeqNb"), `"${electronicSequence}" is not a number`);
  }
  const opening = balanceOf(issues, balances, "OPBD");
  const closing = balanceOf(issues, balances, "CLBD");
  const createdAt = dateTimeAt(issues, node, "CreDtTm", false);
  if (id === undefined || accountId === undefined) return undefined;
  return {
    path: node.path,
    id,
    ...(electronicSequence === undefined ? {} : { electronicSequence }),
    ...(createdAt === undefined ? {} : { createdAt }),
    account: { ...accountId, ...(currency === undefined ? {} : { currency }) },
    ...(opening === undefined ? {} : { opening }),
    ...(closing === undefined ? {} : { closing }),
    entries: entries.filter((entry): entry is StatementEntry => entry !== undefined),
  };
}

function balanceOf(
  issues: IssueCollector,
  balances: readonly XmlNode[],
  code: "OPBD" | "CLBD",
): StatementBalance | undefined {
  const node = balances.find((bal) => textAt(bal, "Tp", "CdOrPrtry", "Cd") === code);
  if (node === undefined) return undefined;
  const amount = amountAt(issues, node, "Amt", true);
  const creditDebit = creditDebitAt(issues, node);
  const date = dateChoiceAt(issues, node, "Dt");
  if (childOf(node, "Dt") === undefined)
    issues.add(pathOf(node, "Dt"), "required element is missing");
  if (amount === undefined || creditDebit === undefined || date === undefined) return undefined;
  return { amount, creditDebit, date };
}

function readEntry(
  issues: IssueCollector,
  node: XmlNode,
  index: number,
): StatementEntry | undefined {
  const amount = amountAt(issues, node, "Amt");
  const creditDebit = creditDebitAt(issues, node);
  const status = textAt(node, "Sts", "Cd") ?? textAt(node, "Sts", "Prtry");
  if (status === undefined) issues.add(pathOf(node, "Sts"), "required element is missing");
  if (childOf(node, "BkTxCd") === undefined) {
    issues.add(pathOf(node, "BkTxCd"), "required element is missing");
  }
  const bookingDate = dateChoiceAt(issues, node, "BookgDt");
  const valueDate = dateChoiceAt(issues, node, "ValDt");
  const reversal = textAt(node, "RvslInd") === "true";
  if (amount === undefined || creditDebit === undefined || status === undefined) return undefined;
  return {
    path: node.path,
    index: index + 1,
    ...optional("entryRef", textAt(node, "NtryRef")),
    amount,
    creditDebit,
    reversal,
    status,
    ...(bookingDate === undefined ? {} : { bookingDate }),
    ...(valueDate === undefined ? {} : { valueDate }),
    ...optional("accountServicerRef", textAt(node, "AcctSvcrRef")),
    bankTransactionCode: bankTransactionCodeOf(childOf(node, "BkTxCd")),
    details: detailsOf(descend(node, "NtryDtls", "TxDtls")),
    ...optional("additionalInfo", textAt(node, "AddtlNtryInf")),
  };
}

function bankTransactionCodeOf(code: XmlNode | undefined): BankTransactionCode {
  return {
    ...optional("domain", textAt(code, "Domn", "Cd")),
    ...optional("family", textAt(code, "Domn", "Fmly", "Cd")),
    ...optional("subFamily", textAt(code, "Domn", "Fmly", "SubFmlyCd")),
    ...optional("proprietary", textAt(code, "Prtry", "Cd")),
  };
}

function detailsOf(tx: XmlNode | undefined): EntryDetails {
  const parties = childOf(tx, "RltdPties");
  return {
    ...optional("endToEndId", textAt(tx, "Refs", "EndToEndId")),
    ...optional("remittance", remittanceAt(tx)),
    ...optional("debtorName", partyNameAt(childOf(parties, "Dbtr"))),
    ...optional("debtorIban", textAt(parties, "DbtrAcct", "Id", "IBAN")),
    ...optional("creditorName", partyNameAt(childOf(parties, "Cdtr"))),
    ...optional("creditorIban", textAt(parties, "CdtrAcct", "Id", "IBAN")),
  };
}
