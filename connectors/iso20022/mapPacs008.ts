// pacs.008 credit transfers to ledger PostEntry commands. Inbound (we are the creditor's
// agent: money arrives on the nostro): debit nostro, credit the counter account. Outbound (we
// are the debtor's agent): debit the counter account, credit nostro. The rule's IBAN is the one
// that names the counter account: the creditor's inbound, the debtor's outbound. effectiveAt
// is the interbank settlement date; the id comes from the message and transaction ids.
import { formatIsoAmount } from "./currencies.js";
import { pacsEntryId } from "./entryIds.js";
import type { IsoIssue } from "./issues.js";
import type { MappingOutcome } from "./mapCamt053.js";
import { buildCommand, finish } from "./mapCamt053.js";
import type { CompiledRules } from "./mappingRules.js";
import type { CreditTransfer, Pacs008Message } from "./pacs008.js";
import type { PostEntry } from "../../schemas/index.js";

export type TransferDirection = "inbound" | "outbound";

export function mapPacs008(
  message: Pacs008Message,
  rules: CompiledRules,
  direction: TransferDirection = "inbound",
): MappingOutcome {
  const commands: PostEntry[] = [];
  const errors: IsoIssue[] = [];
  for (const transfer of message.transactions) {
    const mapped = mapTransfer(message, transfer, rules, direction);
    if ("reason" in mapped) errors.push(mapped);
    else commands.push(mapped);
  }
  return finish(rules.config.ledgerId, commands, [], errors);
}

function mapTransfer(
  message: Pacs008Message,
  transfer: CreditTransfer,
  rules: CompiledRules,
  direction: TransferDirection,
): PostEntry | IsoIssue {
  const { config } = rules;
  const amount = transfer.settlementAmount;
  if (amount.currency !== config.currency) {
    return {
      path: `${transfer.path}/IntrBkSttlmAmt`,
      reason: `currency ${amount.currency} is not the mapping's ${config.currency}`,
    };
  }
  const inbound = direction === "inbound";
  const iban = inbound ? transfer.creditorIban : transfer.debtorIban;
  const { accountId, ruleIndex } = rules.counterAccountFor({
    ...(transfer.remittance === undefined ? {} : { remittance: transfer.remittance }),
    ...(iban === undefined ? {} : { counterpartyIban: iban }),
  });
  return buildCommand(transfer.path, {
    entryId: pacsEntryId({
      messageId: message.messageId,
      instructionId: transfer.instructionId,
      endToEndId: transfer.endToEndId,
      transactionId: transfer.transactionId,
    }),
    nostroSide: inbound ? "debit" : "credit",
    nostroAccountId: config.nostroAccountId,
    counterAccountId: accountId,
    amount: formatIsoAmount(amount.minor, amount.currency),
    effectiveAt: transfer.settlementDate?.instant,
    description: transfer.remittance,
    metadata: {
      "iso.message": "pacs.008.001.08",
      "iso.msgId": message.messageId,
      "iso.instrId": transfer.instructionId,
      "iso.endToEndId": transfer.endToEndId,
      "iso.txId": transfer.transactionId,
      "iso.settlementDate": transfer.settlementDate?.raw,
      "iso.debtorName": transfer.debtorName,
      "iso.debtorIban": transfer.debtorIban,
      "iso.creditorName": transfer.creditorName,
      "iso.creditorIban": transfer.creditorIban,
      "iso.rule": ruleIndex === null ? "suspense" : String(ruleIndex),
    },
  });
}
