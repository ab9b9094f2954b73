// pacs.008.001.08 (FIToFICustomerCreditTransfer) parsing into a typed model: message id,
// creation time, settlement date, and each credit transfer transaction (instruction,
// end-to-end and transaction ids, interbank settlement amount, debtor and creditor names and
// IBANs, remittance). Namespace and version are checked first; then every error is collected.
import type { IsoAmount, IsoDate } from "./fields.js";
import { amountAt, optional, partyNameAt, readDate, remittanceAt, requiredText } from "./fields.js";
import type { IsoResult } from "./issues.js";
import { IssueCollector, refused } from "./issues.js";
import type { XmlNode } from "./xml.js";
import { childOf, childrenOf, parseXml, pathOf, textAt } from "./xml.js";

export const PACS008_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08";

export interface CreditTransfer {
  readonly path: string;
  /** 1-based position in the message. */
  readonly index: number;
  readonly instructionId?: string;
  readonly endToEndId: string;
  readonly transactionId?: string;
  readonly settlementAmount: IsoAmount;
  /** The transaction's IntrBkSttlmDt, else the group header's. */
  readonly settlementDate?: IsoDate;
  readonly debtorName?: string;
  readonly debtorIban?: string;
  readonly creditorName?: string;
  readonly creditorIban?: string;
  readonly remittance?: string;
}

export interface Pacs008Message {
  readonly messageId: string;
  readonly createdAt: IsoDate;
  readonly settlementDate?: IsoDate;
  readonly transactions: readonly CreditTransfer[];
}

/** Parses a pacs.008.001.08 document; any error refuses the whole file. */
export function parsePacs008(xml: string): IsoResult<Pacs008Message> {
  const document = parseXml(xml);
  if (!document.ok) return document;
  const { root, rootName, namespace } = document.value;
  if (rootName !== "Document") return refused(root.path, "the root element must be Document");
  if (namespace !== PACS008_NAMESPACE) {
    return refused(root.path, `namespace "${namespace ?? ""}" is not ${PACS008_NAMESPACE}`);
  }
  const body = childOf(root, "FIToFICstmrCdtTrf");
  if (body === undefined) {
    return refused(pathOf(root, "FIToFICstmrCdtTrf"), "required element is missing");
  }
  const issues = new IssueCollector();
  const header = childOf(body, "GrpHdr");
  if (header === undefined) issues.add(pathOf(body, "GrpHdr"), "required element is missing");
  const messageId = header === undefined ? undefined : requiredText(issues, header, "MsgId");
  const createdRaw = header === undefined ? undefined : requiredText(issues, header, "CreDtTm");
  const createdAt =
    header === undefined || createdRaw === undefined
      ? undefined
      : readDate(issues, pathOf(header, "CreDtTm"), createdRaw, "dateTime");
  const settlementDate = header === undefined ? undefined : settlementDateAt(issues, header);
  const nodes = childrenOf(body, "CdtTrfTxInf");
  if (nodes.length === 0) issues.add(pathOf(body, "CdtTrfTxInf"), "required element is missing");
  const transactions = nodes.map((node, index) =>
    readTransaction(issues, node, index, settlementDate),
  );
  if (messageId === undefined || createdAt === undefined || issues.count > 0) {
    return issues.failure();
  }
  return issues.result({
    messageId,
    createdAt,
    ...optional("settlementDate", settlementDate),
    transactions: transactions.filter((tx): tx is CreditTransfer => tx !== undefined),
  });
}

function settlementDateAt(issues: IssueCollector, node: XmlNode): IsoDate | undefined {
  const raw = textAt(node, "IntrBkSttlmDt");
  return raw === undefined
    ? undefined
    : readDate(issues, pathOf(node, "IntrBkSttlmDt"), raw, "date");
}

function readTransaction(
  issues: IssueCollector,
  node: XmlNode,
  index: number,
  headerDate: IsoDate | undefined,
): CreditTransfer | undefined {
  const ids = childOf(node, "PmtId");
  if (ids === undefined) issues.add(pathOf(node, "PmtId"), "required element is missing");
  const endToEndId = ids === undefined ? undefined : requiredText(issues, ids, "EndToEndId");
  const settlementAmount = amountAt(issues, node, "IntrBkSttlmAmt");
  const settlementDate = settlementDateAt(issues, node) ?? headerDate;
  if (childOf(node, "Dbtr") === undefined)
    issues.add(pathOf(node, "Dbtr"), "required element is missing");
  if (childOf(node, "Cdtr") === undefined)
    issues.add(pathOf(node, "Cdtr"), "required element is missing");
  if (endToEndId === undefined || settlementAmount === undefined) return undefined;
  return {
    path: node.path,
    index: index + 1,
    ...optional("instructionId", textAt(ids, "InstrId")),
    endToEndId,
    ...optional("transactionId", textAt(ids, "TxId")),
    settlementAmount,
    ...optional("settlementDate", settlementDate),
    ...optional("debtorName", partyNameAt(childOf(node, "Dbtr"))),
    ...optional("debtorIban", textAt(node, "DbtrAcct", "Id", "IBAN")),
    ...optional("creditorName", partyNameAt(childOf(node, "Cdtr"))),
    ...optional("creditorIban", textAt(node, "CdtrAcct", "Id", "IBAN")),
    ...optional("remittance", remittanceAt(node)),
  };
}
