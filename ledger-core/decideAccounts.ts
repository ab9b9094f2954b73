// Deciding the ledger's reference data: create the ledger, open, update and close accounts,
// and close a period. Retrying any of these with the same content changes nothing.
import type {
  ClosePeriod,
  CloseAccount,
  CreateLedger,
  OpenAccount,
  UpdateAccount,
} from "../schemas/index.js";
import { canonicalJson } from "./canonicalJson.js";
import type { JsonValue } from "./eventStorePort.js";
import {
  accepted,
  draft,
  duplicate,
  refused,
  type Decision,
  type DecisionContext,
} from "./decision.js";
import { fingerprintOf } from "./fingerprint.js";
import { rejection } from "./rejections.js";
import { isoTime, requireLedger } from "./rules.js";
import type { LedgerState } from "./state.js";

export function decideCreateLedger(
  state: LedgerState,
  command: CreateLedger,
  context: DecisionContext,
): Decision {
  const fingerprint = fingerprintOf(command);
  if (state.ledger !== null) {
    if (state.ledger.fingerprint === fingerprint) return duplicate(state.ledger.sequence);
    return refused(
      rejection("id_conflict", `ledger ${state.ledger.ledgerId} exists with other content`, {
        ledgerId: state.ledger.ledgerId,
      }),
    );
  }
  if (!command.assets.some((asset) => asset.code === command.reportingCurrency)) {
    return refused(
      rejection(
        "unknown_currency",
        `reporting currency ${command.reportingCurrency} is not among the assets`,
        {
          currency: command.reportingCurrency,
        },
      ),
    );
  }
  const created = draft("LedgerCreated", {
    ledgerId: command.ledgerId,
    name: command.name,
    reportingCurrency: command.reportingCurrency,
    assets: command.assets.map((asset) => ({ code: asset.code, scale: asset.scale })),
    fingerprint,
  });
  return accepted(state.chain, [created], context);
}

export function decideOpenAccount(
  state: LedgerState,
  command: OpenAccount,
  context: DecisionContext,
): Decision {
  const ledger = requireLedger(state);
  if (!ledger.ok) return refused(ledger.rejection);
  const fingerprint = fingerprintOf(command);
  const existing = state.accounts.get(command.accountId);
  if (existing !== undefined) {
    if (existing.fingerprint === fingerprint) return duplicate(existing.openedSequence);
    return refused(
      rejection("id_conflict", `account ${command.accountId} exists with other content`, {
        accountId: command.accountId,
      }),
    );
  }
  if (!ledger.value.assets.has(command.currency)) {
    return refused(
      rejection("unknown_currency", `${command.currency} is not an asset of this ledger`, {
        currency: command.currency,
      }),
    );
  }
  const flags = {
    debitsMustNotExceedCredits: command.flags?.debitsMustNotExceedCredits ?? false,
    creditsMustNotExceedDebits: command.flags?.creditsMustNotExceedDebits ?? false,
  };
  if (flags.debitsMustNotExceedCredits && flags.creditsMustNotExceedDebits) {
    return refused(
      rejection("flags_mutually_exclusive", "an account takes at most one of the two limit flags", {
        accountId: command.accountId,
      }),
    );
  }
  const opened = draft("AccountOpened", {
    accountId: command.accountId,
    currency: command.currency,
    accountType: command.accountType,
    flags,
    attributes: { ...command.attributes },
    metadata: { ...command.metadata },
    fingerprint,
  });
  return accepted(state.chain, [opened], context);
}

export function decideUpdateAccount(
  state: LedgerState,
  command: UpdateAccount,
  context: DecisionContext,
): Decision {
  const ledger = requireLedger(state);
  if (!ledger.ok) return refused(ledger.rejection);
  const account = state.accounts.get(command.accountId);
  if (account === undefined) {
    return refused(
      rejection("account_not_found", `account ${command.accountId} does not exist`, {
        accountId: command.accountId,
      }),
    );
  }
  const attributes =
    command.attributes === undefined ? account.attributes : { ...command.attributes };
  const metadata = command.metadata === undefined ? account.metadata : { ...command.metadata };
  const unchanged =
    canonicalJson(attributes as JsonValue) === canonicalJson(account.attributes as JsonValue) &&
    canonicalJson(metadata) === canonicalJson(account.metadata);
  if (unchanged) return duplicate(account.lastChangeSequence);
  if (account.status === "closed") {
    return refused(
      rejection("account_closed", `account ${command.accountId} is closed`, {
        accountId: command.accountId,
      }),
    );
  }
  if (command.expectedVersion !== account.version) {
    return refused(
      rejection(
        "version_conflict",
        `account ${command.accountId} is at version ${account.version}`,
        {
          accountId: command.accountId,
          expectedVersion: command.expectedVersion,
          version: account.version,
        },
      ),
    );
  }
  const updated = draft("AccountUpdated", {
    accountId: command.accountId,
    version: account.version + 1,
    attributes,
    metadata,
  });
  return accepted(state.chain, [updated], context);
}

export function decideCloseAccount(
  state: LedgerState,
  command: CloseAccount,
  context: DecisionContext,
): Decision {
  const ledger = requireLedger(state);
  if (!ledger.ok) return refused(ledger.rejection);
  const { accountId } = command;
  const account = state.accounts.get(accountId);
  if (account === undefined) {
    return refused(
      rejection("account_not_found", `account ${accountId} does not exist`, { accountId }),
    );
  }
  if (account.status === "closed") return duplicate(account.lastChangeSequence);
  if (account.pendingDebits !== 0n || account.pendingCredits !== 0n) {
    return refused(
      rejection("account_has_holds", `account ${accountId} has open holds`, { accountId }),
    );
  }
  if (account.postedDebits !== account.postedCredits) {
    return refused(
      rejection("account_not_zero", `account ${accountId} has a balance`, { accountId }),
    );
  }
  return accepted(state.chain, [draft("AccountClosed", { accountId })], context);
}

export function decideClosePeriod(
  state: LedgerState,
  command: ClosePeriod,
  context: DecisionContext,
): Decision {
  const ledger = requireLedger(state);
  if (!ledger.ok) return refused(ledger.rejection);
  const upToMs = Date.parse(command.upTo);
  if (upToMs > context.now) {
    return refused(
      rejection(
        "period_in_future",
        `cannot close a period that ends after now (${isoTime(context.now)})`,
        {
          upTo: isoTime(upToMs),
        },
      ),
    );
  }
  if (state.closedThroughMs !== null && upToMs <= state.closedThroughMs) {
    return duplicate(state.closedThroughSequence ?? 0);
  }
  return accepted(state.chain, [draft("PeriodClosed", { upTo: isoTime(upToMs) })], context);
}
