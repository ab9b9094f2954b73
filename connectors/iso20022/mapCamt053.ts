// camt.053 statements to ledger PostEntry commands. A BOOK entry becomes a two-posting entry:
// the nostro account on the side the bank booked it from our side of the books (CRDT is money
// in: debit nostro, credit the counter account; DBIT the mirror), the counter account chosen
// by the mapping rules (else suspense). effectiveAt is the booking date (the statement's booked
// balances move on it); the value date goes to metadata. PDNG, INFO and FUTR are skipped.
import type { Metadata, PostEntry } from "../../schemas/index.js";
import { MAX_DESCRIPTION_LENGTH, postEntrySchema } from "../../schemas/index.js";
import type { Camt053Message, Statement, StatementEntry } from "./camt053.js";
import { formatIsoAmount } from "./currencies.js";
import type { EntryKey } from "./entryIds.js";
import { camtEntryId } from "./entryIds.js";
import type { IsoIssue } from "./issues.js";
import type { CompiledRules } from "./mappingRules.js";

/** An item not turned into an entry, and why. */
export interface SkippedItem {
  readonly path: string;
  readonly reference?: string;
  readonly reason: string;
}

/** Entries to submit to `ledgerId`; any error means nothing of the file may be submitted. */
export interface MappingOutcome {
  readonly ledgerId: string;
  readonly commands: readonly PostEntry[];
  readonly skipped: readonly SkippedItem[];
  readonly errors: readonly IsoIssue[];
}

/** Maps every BOOK entry of every statement; a file with any error yields no command. */
export function mapCamt053(message: Camt053Message, rules: CompiledRules): MappingOutcome {
  const commands: PostEntry[] = [];
  const skipped: SkippedItem[] = [];
  const errors: IsoIssue[] = [];
  for (const statement of message.statements) {
    const currency = statement.account.currency;
    if (currency !== undefined && currency !== rules.config.currency) {
      errors.push({
        path: `${statement.path}/Acct/Ccy`,
        reason: `account currency ${currency} is not the mapping's ${rules.config.currency}`,
      });
      continue;
    }
    for (const entry of statement.entries) {
      if (entry.status !== "BOOK") {
        skipped.push({ path: entry.path, ...reference(entry), reason: `status ${entry.status}` });
        continue;
      }
      const mapped = mapEntry(message, statement, entry, rules);
      if ("reason" in mapped) errors.push(mapped);
      else commands.push(mapped);
    }
  }
  return finish(rules.config.ledgerId, commands, skipped, errors);
}

/** Refuses duplicate ids within one file and drops every command when anything failed. */
export function finish(
  ledgerId: string,
  commands: readonly PostEntry[],
  skipped: readonly SkippedItem[],
  errors: readonly IsoIssue[],
): MappingOutcome {
  const seen = new Set<string>();
  const all = [...errors];
  for (const command of commands) {
    if (seen.has(command.entryId)) {
      all.push({ path: "/", reason: `two items map to the same entry id ${command.entryId}` });
    }
    seen.add(command.entryId);
  }
  return { ledgerId, commands: all.length === 0 ? commands : [], skipped, errors: all };
}

function reference(entry: StatementEntry): { reference?: string } {
  const ref = entry.entryRef ?? entry.accountServicerRef;
  return ref === undefined ? {} : { reference: ref };
}

function entryKey(entry: StatementEntry): EntryKey {
  if (entry.entryRef !== undefined) return { kind: "ref", value: entry.entryRef };
  if (entry.accountServicerRef !== undefined) {
    return { kind: "acctSvcrRef", value: entry.accountServicerRef };
  }
  return { kind: "index", value: entry.index };
}

function mapEntry(
  message: Camt053Message,
  statement: Statement,
  entry: StatementEntry,
  rules: CompiledRules,
): PostEntry | IsoIssue {
  const { config } = rules;
  if (entry.amount.currency !== config.currency) {
    return {
      path: `${entry.path}/Amt`,
      reason: `currency ${entry.amount.currency} is not the mapping's ${config.currency}`,
    };
  }
  const moneyIn = entry.creditDebit === "CRDT";
  const details = entry.details;
  const counterpartyIban = moneyIn ? details.debtorIban : details.creditorIban;
  const counterpartyName = moneyIn ? details.debtorName : details.creditorName;
  const code = entry.bankTransactionCode;
  const { accountId, ruleIndex } = rules.counterAccountFor({
    ...code,
    ...(details.remittance === undefined ? {} : { remittance: details.remittance }),
    ...(counterpartyIban === undefined ? {} : { counterpartyIban }),
  });
  const amount = formatIsoAmount(entry.amount.minor, entry.amount.currency);
  const effective = entry.bookingDate ?? entry.valueDate;
  const metadata: Record<string, string | undefined> = {
    "iso.message": "camt.053.001.08",
    "iso.msgId": message.messageId,
    "iso.stmtId": statement.id,
    "iso.elctrncSeqNb": statement.electronicSequence,
    "iso.ntryRef": entry.entryRef,
    "iso.acctSvcrRef": entry.accountServicerRef,
    "iso.endToEndId": details.endToEndId,
    "iso.valueDate": entry.valueDate?.raw,
    "iso.bookingDate": entry.bookingDate?.raw,
    "iso.bankTxCode":
      [code.domain, code.family, code.subFamily].filter(Boolean).join("/") || undefined,
    "iso.bankTxCodePrtry": code.proprietary,
    "iso.reversal": entry.reversal ? "true" : undefined,
    "iso.counterpartyIban": counterpartyIban,
    "iso.counterpartyName": counterpartyName,
    "iso.rule": ruleIndex === null ? "suspense" : String(ruleIndex),
  };
  return buildCommand(entry.path, {
    entryId: camtEntryId({
      messageId: message.messageId,
      statementId: statement.id,
      electronicSequence: statement.electronicSequence,
      entry: entryKey(entry),
    }),
    nostroSide: moneyIn ? "debit" : "credit",
    nostroAccountId: config.nostroAccountId,
    counterAccountId: accountId,
    amount,
    effectiveAt: effective?.instant,
    description: details.remittance ?? entry.additionalInfo,
    metadata,
  });
}

export interface CommandParts {
  readonly entryId: string;
  readonly nostroSide: "debit" | "credit";
  readonly nostroAccountId: string;
  readonly counterAccountId: string;
  readonly amount: string;
  readonly effectiveAt: string | undefined;
  readonly description: string | undefined;
  readonly metadata: Readonly<Record<string, string | undefined>>;
}

/** A PostEntry from its parts, checked against the command schema. */
export function buildCommand(path: string, parts: CommandParts): PostEntry | IsoIssue {
  const metadata: Metadata = {};
  for (const [key, value] of Object.entries(parts.metadata)) {
    if (value !== undefined) metadata[key] = value;
  }
  const description = parts.description === undefined ? undefined : truncate(parts.description);
  const candidate = {
    type: "PostEntry",
    entryId: parts.entryId,
    ...(parts.effectiveAt === undefined ? {} : { effectiveAt: parts.effectiveAt }),
    ...(description === undefined || description === "" ? {} : { description }),
    postings: [
      { accountId: parts.nostroAccountId, side: parts.nostroSide, amount: parts.amount },
      {
        accountId: parts.counterAccountId,
        side: parts.nostroSide === "debit" ? "credit" : "debit",
        amount: parts.amount,
      },
    ],
    metadata,
  };
  const checked = postEntrySchema.safeParse(candidate);
  if (checked.success) return checked.data;
  const first = checked.error.issues[0];
  return {
    path,
    reason: `the entry would be refused: ${first?.path.join(".") ?? ""} ${first?.message ?? ""}`,
  };
}

/** At most MAX_DESCRIPTION_LENGTH UTF-16 units, never splitting a surrogate pair. */
function truncate(text: string): string {
  if (text.length <= MAX_DESCRIPTION_LENGTH) return text;
  let cut = MAX_DESCRIPTION_LENGTH;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return text.slice(0, cut);
}
