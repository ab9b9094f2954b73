// Snapshots of a ledger's state: a discardable cache that shortens start-up, never a source of
// truth. A snapshot is keyed by stream, revision and schema version, carries a checksum, and
// is used only if its last hash matches the stored event at its revision; otherwise the
// writer ignores it and replays the stream.
import type { AccountAttributes, Metadata } from "../schemas/index.js";
import { assert } from "./assert.js";
import { canonicalJson } from "./canonicalJson.js";
import { liveState } from "./entryCache.js";
import type { JsonValue } from "./eventStorePort.js";
import { sha256Hex } from "./hashChain.js";
import { isRejectionCode } from "./rejections.js";
import { deserializeRiskState, serializeRiskState } from "./riskState.js";
import type { AccountState, EntryRecord, LedgerState, Posting } from "./state.js";

/** Bump when the serialized shape changes: older snapshots are then ignored. */
export const SNAPSHOT_SCHEMA_VERSION = 2;

export interface StoredSnapshot {
  readonly streamId: string;
  /** Revision of the last event the snapshot includes. */
  readonly revision: bigint;
  readonly schemaVersion: number;
  readonly payload: JsonValue;
}

/** Where snapshots are kept (event-store/ has memory and PostgreSQL adapters). */
export interface SnapshotStore {
  load(streamId: string): Promise<StoredSnapshot | null>;
  save(snapshot: StoredSnapshot): Promise<void>;
}

/**
 * A snapshot of the live state: accounts, open holds, chain head, closed period and risk
 * records; decided entries are not in it (the store's entry lookup finds them), so its size
 * and the time to take it do not grow with the number of entries.
 */
export function snapshotOf(streamId: string, state: LedgerState): StoredSnapshot {
  assert(state.chain.nextSequence > 0, "an empty ledger has nothing to snapshot");
  const body = serializeState(liveState(state));
  return {
    streamId,
    revision: BigInt(state.chain.nextSequence - 1),
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    payload: { checksum: sha256Hex(canonicalJson(body)), body },
  };
}

/** The state in a snapshot, or why it cannot be used. */
export function stateFromSnapshot(
  snapshot: StoredSnapshot,
): { ok: true; state: LedgerState } | { ok: false; reason: string } {
  if (snapshot.schemaVersion !== SNAPSHOT_SCHEMA_VERSION) {
    return {
      ok: false,
      reason: `schema version ${snapshot.schemaVersion} is not ${SNAPSHOT_SCHEMA_VERSION}`,
    };
  }
  try {
    const payload = snapshot.payload as { checksum?: unknown; body?: JsonValue };
    assert(payload.body !== undefined, "a snapshot has a body");
    assert(payload.checksum === sha256Hex(canonicalJson(payload.body)), "the checksum matches");
    const state = deserializeState(payload.body);
    assert(
      BigInt(state.chain.nextSequence - 1) === snapshot.revision,
      "revision matches the chain",
    );
    return { ok: true, state };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

type Serialized = { [key: string]: JsonValue };

export function serializeState(state: LedgerState): JsonValue {
  const ledger = state.ledger;
  return {
    ledger:
      ledger === null
        ? null
        : {
            ledgerId: ledger.ledgerId,
            name: ledger.name,
            reportingCurrency: ledger.reportingCurrency,
            assets: [...ledger.assets].map(([code, scale]) => [code, scale]),
            fingerprint: ledger.fingerprint,
            sequence: ledger.sequence,
          },
    accounts: [...state.accounts.values()].map(serializeAccount),
    entries: [...state.entries.values()].map(serializeEntry),
    closedThroughMs: state.closedThroughMs,
    closedThroughSequence: state.closedThroughSequence,
    chain: { nextSequence: state.chain.nextSequence, lastHash: state.chain.lastHash },
    risk: serializeRiskState(state.risk),
  };
}

function serializeAccount(account: AccountState): JsonValue {
  return {
    ...account,
    flags: { ...account.flags },
    attributes: { ...account.attributes } as Serialized,
    metadata: { ...account.metadata },
    postedDebits: account.postedDebits.toString(),
    postedCredits: account.postedCredits.toString(),
    pendingDebits: account.pendingDebits.toString(),
    pendingCredits: account.pendingCredits.toString(),
  };
}

function serializePostings(postings: readonly Posting[]): JsonValue {
  return postings.map((p) => [p.accountId, p.side, p.amount.toString(), p.currency]);
}

function serializeEntry(entry: EntryRecord): JsonValue {
  return {
    ...entry,
    postings: serializePostings(entry.postings),
    hold:
      entry.hold === null
        ? null
        : { ...entry.hold, postedPostings: serializePostings(entry.hold.postedPostings) },
    rejection: entry.rejection === null ? null : { ...entry.rejection },
  };
}

/** Reads a serialized state back; any shape it does not expect is an error. */
export function deserializeState(body: JsonValue): LedgerState {
  const root = body as Serialized;
  const ledger = root.ledger as Serialized | null;
  const chain = root.chain as Serialized;
  const entries = new Map(
    (root.entries as Serialized[]).map((e) => [text(e.entryId), deserializeEntry(e)]),
  );
  return {
    ledger:
      ledger === null
        ? null
        : {
            ledgerId: text(ledger.ledgerId),
            name: text(ledger.name),
            reportingCurrency: text(ledger.reportingCurrency),
            assets: new Map(
              (ledger.assets as [string, number][]).map(([code, scale]) => [
                text(code),
                int(scale),
              ]),
            ),
            fingerprint: text(ledger.fingerprint),
            sequence: int(ledger.sequence),
          },
    accounts: new Map(
      (root.accounts as Serialized[]).map((a) => [text(a.accountId), deserializeAccount(a)]),
    ),
    entries,
    openHolds: new Set(
      [...entries.values()].filter((e) => e.hold?.status === "open").map((e) => e.entryId),
    ),
    closedThroughMs: root.closedThroughMs === null ? null : int(root.closedThroughMs),
    closedThroughSequence:
      root.closedThroughSequence === null ? null : int(root.closedThroughSequence),
    chain: { nextSequence: int(chain.nextSequence), lastHash: text(chain.lastHash) },
    risk: deserializeRiskState(root.risk),
  };
}

function deserializeAccount(a: Serialized): AccountState {
  const flags = a.flags as Serialized;
  const status = text(a.status);
  assert(status === "open" || status === "closed", "account status");
  return {
    accountId: text(a.accountId),
    currency: text(a.currency),
    accountType: text(a.accountType) as AccountState["accountType"],
    flags: {
      debitsMustNotExceedCredits: flags.debitsMustNotExceedCredits === true,
      creditsMustNotExceedDebits: flags.creditsMustNotExceedDebits === true,
    },
    fingerprint: text(a.fingerprint),
    openedSequence: int(a.openedSequence),
    attributes: a.attributes as AccountAttributes,
    metadata: a.metadata as Metadata,
    status,
    version: int(a.version),
    lastChangeSequence: int(a.lastChangeSequence),
    postedDebits: BigInt(text(a.postedDebits)),
    postedCredits: BigInt(text(a.postedCredits)),
    pendingDebits: BigInt(text(a.pendingDebits)),
    pendingCredits: BigInt(text(a.pendingCredits)),
  };
}

function deserializePostings(value: JsonValue | undefined): Posting[] {
  return (value as [string, string, string, string][]).map(
    ([accountId, side, amount, currency]) => {
      assert(side === "debit" || side === "credit", "posting side");
      return {
        accountId: text(accountId),
        side: side,
        amount: BigInt(text(amount)),
        currency: text(currency),
      };
    },
  );
}

function deserializeEntry(e: Serialized): EntryRecord {
  const kind = text(e.kind);
  assert(kind === "posted" || kind === "pending" || kind === "rejected", "entry kind");
  const hold = e.hold as Serialized | null;
  const rejection = e.rejection as Serialized | null;
  let rejectionRecord: EntryRecord["rejection"] = null;
  if (rejection !== null) {
    const code = text(rejection.code);
    assert(isRejectionCode(code), "rejection code");
    rejectionRecord = { code, message: text(rejection.message) };
  }
  return {
    entryId: text(e.entryId),
    kind,
    fingerprint: text(e.fingerprint),
    sequence: int(e.sequence),
    effectiveAtMs: int(e.effectiveAtMs),
    postings: deserializePostings(e.postings),
    reversalOf: e.reversalOf === null ? null : text(e.reversalOf),
    reversedBy: e.reversedBy === null ? null : text(e.reversedBy),
    hold:
      hold === null
        ? null
        : {
            expiresAtMs: int(hold.expiresAtMs),
            status: text(hold.status) as NonNullable<EntryRecord["hold"]>["status"],
            resolutionFingerprint:
              hold.resolutionFingerprint === null ? null : text(hold.resolutionFingerprint),
            resolutionSequence:
              hold.resolutionSequence === null ? null : int(hold.resolutionSequence),
            postedPostings: deserializePostings(hold.postedPostings),
          },
    rejection: rejectionRecord,
  };
}

function text(value: JsonValue | undefined): string {
  assert(typeof value === "string", "expected a string in the snapshot");
  return value;
}

function int(value: JsonValue | undefined): number {
  assert(
    typeof value === "number" && Number.isSafeInteger(value),
    "expected an integer in the snapshot",
  );
  return value;
}
