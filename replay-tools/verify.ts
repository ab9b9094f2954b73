// `folio verify`: proves a ledger from its events. (1) The hash chain and gap-free sequences,
// from genesis or from a trusted (sequence, hash) pair, with the store-side verifier
// verifyLedgerChain. (2) Every entry balanced per currency (EntryPosted, EntryPended and
// PendingPosted postings), and from genesis a full replay through evolve (every invariant).
// Steps (1) and (2) are projections/verifications/verifyEvents.ts, which the API's "verify
// now" runs too. (3) Optionally, the live balances read model equals that fresh replay at the
// latest sequence and a few earlier ones, and the exposure report from the read models equals
// the one from the events (verifyExposure.ts), and so does the IFRS 9 report (verifyIfrs9.ts);
// the first difference is reported.
import type pg from "pg";
import {
  initialState,
  type Counters,
  type EventStore,
  type LedgerState,
} from "../ledger-core/index.js";
import {
  activeVersion,
  BALANCES_PROJECTION_NAME,
  trialBalance,
  type TrustedPoint,
} from "../projections/index.js";
import { checkChain, checkEntries } from "../projections/index.js";
import { VerificationFailed } from "./errors.js";
import type { Progress } from "./progress.js";
import {
  asVerificationFailed,
  compareIds,
  decode,
  evolveChecked,
  readPages,
  streamHead,
} from "./replay.js";
import { verifyExposure, type ExposureCheck } from "./verifyExposure.js";
import { verifyIfrs9, type Ifrs9Check } from "./verifyIfrs9.js";

export { unbalancedCurrency } from "../projections/index.js";

export interface VerifyOptions {
  readonly from?: TrustedPoint;
  /**
   * A digest written down earlier: with a chain verified from genesis, the event at its
   * sequence must carry its hash, which proves that nothing up to it changed since.
   */
  readonly digest?: TrustedPoint;
  /** The read models' pool, to compare the balances model with the replay. */
  readonly readModels?: pg.Pool;
  readonly progress: Progress;
  /** "Now" of the exposure comparison (epoch ms; default the current time). */
  readonly nowMs?: number;
}

export interface VerifyReport {
  readonly ledgerId: string;
  readonly from: TrustedPoint | null;
  /** The last verified sequence and its hash. */
  readonly head: { readonly sequence: number; readonly hash: string };
  readonly eventsHashed: number;
  readonly entriesChecked: number;
  readonly replayed: boolean;
  readonly readModels: ReadModelReport | null;
  /** The digest matched, when one was given. */
  readonly digest: TrustedPoint | null;
}

export interface ReadModelReport {
  readonly version: number;
  /** The sequences compared, the last being the read model's latest. */
  readonly sequences: readonly number[];
  /** The read model's latest sequence (it may lag the store). */
  readonly readModelHead: number;
  /** The exposure report from the read models against the replay's. */
  readonly exposure: ExposureCheck;
  /** The IFRS 9 report from the read models against the replay's. */
  readonly ifrs9: Ifrs9Check;
}

type Snapshot = Map<string, { currency: string; accountType: string } & Counters>;

function snapshotOf(state: LedgerState): Snapshot {
  const out: Snapshot = new Map();
  for (const a of state.accounts.values()) {
    out.set(a.accountId, {
      currency: a.currency,
      accountType: a.accountType,
      postedDebits: a.postedDebits,
      postedCredits: a.postedCredits,
      pendingDebits: a.pendingDebits,
      pendingCredits: a.pendingCredits,
    });
  }
  return out;
}

/** Up to four sequences spread over 0..head, ending at head. */
export function comparisonSequences(head: number): number[] {
  const picks = new Set<number>();
  for (const fraction of [0.25, 0.5, 0.75, 1]) picks.add(Math.floor(head * fraction));
  return [...picks].sort((a, b) => a - b);
}

const COUNTER_NAMES: ReadonlyArray<readonly [keyof Counters, string]> = [
  ["postedDebits", "posted debits"],
  ["postedCredits", "posted credits"],
  ["pendingDebits", "pending debits"],
  ["pendingCredits", "pending credits"],
];

async function compareAt(
  pool: pg.Pool,
  ledgerId: string,
  version: number,
  sequence: number,
  latest: boolean,
  replayed: Snapshot,
): Promise<void> {
  const where = latest ? `the latest sequence (${sequence})` : `sequence ${sequence}`;
  let model;
  try {
    model = await trialBalance(pool, {
      ledgerId,
      version,
      at: latest ? { kind: "latest" } : { kind: "sequence", sequence },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new VerificationFailed(
      `read model balances v${version} at ${where}: ${message}`,
      sequence,
    );
  }
  const fromModel = new Map(
    model.currencies.flatMap((c) => c.accounts.map((a) => [a.accountId, a])),
  );
  const ids = [...new Set([...fromModel.keys(), ...replayed.keys()])].sort(compareIds);
  for (const id of ids) {
    const m = fromModel.get(id);
    const r = replayed.get(id);
    const differs = (detail: string): VerificationFailed =>
      new VerificationFailed(
        `read model balances v${version} differs from a fresh replay at ${where}: account ${id} ${detail}`,
        sequence,
      );
    if (m === undefined) throw differs("is missing from the read model");
    if (r === undefined) throw differs("is in the read model but not in the replay");
    if (m.currency !== r.currency) throw differs(`currency ${m.currency} (replay ${r.currency})`);
    if (m.accountType !== r.accountType) {
      throw differs(`type ${m.accountType} (replay ${r.accountType})`);
    }
    for (const [key, label] of COUNTER_NAMES) {
      if (m[key] !== r[key]) {
        throw differs(`${label} ${m[key]} (replay ${r[key]}, minor units)`);
      }
    }
  }
}

/** The verified chain's event at the digest's sequence carries the digest's hash. */
async function checkDigest(
  store: EventStore,
  ledgerId: string,
  digest: TrustedPoint,
  last: number,
): Promise<void> {
  if (digest.sequence > last) {
    throw new VerificationFailed(
      `the digest's sequence ${digest.sequence} is beyond the stream's last event ${last}: events were removed`,
      digest.sequence,
    );
  }
  for await (const page of readPages(store, ledgerId, digest.sequence, digest.sequence)) {
    const event = page[0] === undefined ? undefined : decode(page[0]);
    if (event?.metadata.hash !== digest.hash) {
      throw new VerificationFailed(
        `event ${digest.sequence} has hash ${event?.metadata.hash ?? "(none)"}, not the digest's ${digest.hash}: history up to sequence ${digest.sequence} was rewritten since the digest`,
        digest.sequence,
      );
    }
  }
}

/** The shared steps' first break as the CLI's VerificationFailed (exit 1), same message. */
async function asVerificationFailure<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw asVerificationFailed(error);
  }
}

export async function verifyLedger(
  store: EventStore,
  ledgerId: string,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const { progress, from } = options;
  const head = await streamHead(store, ledgerId);
  const first = from === undefined ? 0 : from.sequence;

  // (1) Hash chain and gap-free sequences.
  progress.start(`verify chain ${ledgerId}`, head - first + 1);
  let chain;
  try {
    chain = await asVerificationFailure(
      checkChain(store, ledgerId, from, head - first + 1, (_phase, done) => {
        progress.update(done);
      }),
    );
  } finally {
    progress.stop();
  }
  const last = chain.last;
  if (options.digest !== undefined) await checkDigest(store, ledgerId, options.digest, last);

  // (2) Entries balanced; from genesis, a full replay through evolve; snapshots to compare.
  const pool = options.readModels;
  let compare: {
    version: number;
    readModelHead: number;
    modelLatest: number;
    sequences: number[];
  } | null = null;
  if (pool !== undefined) {
    const version = await activeVersion(pool, BALANCES_PROJECTION_NAME);
    const model = await trialBalance(pool, { ledgerId, version, at: { kind: "latest" } }).catch(
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        throw new VerificationFailed(`read model balances v${version}: ${message}`);
      },
    );
    if (model.sequence === null) {
      throw new VerificationFailed(
        `read model balances v${version} holds nothing for ledger ${ledgerId} (not projected yet?)`,
      );
    }
    const readModelHead = Math.min(model.sequence, last);
    compare = {
      version,
      readModelHead,
      modelLatest: model.sequence,
      sequences: comparisonSequences(readModelHead),
    };
  }
  const replay = from === undefined;
  const snapshots = new Map<number, Snapshot>();
  const wanted = new Set(compare?.sequences ?? []);
  const start = from === undefined ? 0 : from.sequence + 1;
  progress.start(replay ? `replay ${ledgerId}` : `check entries ${ledgerId}`, last - start + 1);
  let entriesChecked;
  try {
    ({ entriesChecked } = await asVerificationFailure(
      checkEntries(store, ledgerId, {
        start,
        last,
        replay,
        observe: (state, event) => {
          if (wanted.has(event.metadata.sequence)) {
            snapshots.set(event.metadata.sequence, snapshotOf(state));
          }
        },
        onProgress: (_phase, done) => {
          progress.update(done);
        },
      }),
    ));
  } finally {
    progress.stop();
  }

  // (3) The read model against the replay.
  let readModels: ReadModelReport | null = null;
  if (compare !== null && pool !== undefined) {
    if (!replay) {
      // From a trusted point there is no state to compare with: replay from genesis too.
      const full = initialState();
      for await (const page of readPages(store, ledgerId, 0, compare.readModelHead)) {
        for (const stored of page) {
          const event = decode(stored);
          evolveChecked(full, event);
          if (wanted.has(event.metadata.sequence)) {
            snapshots.set(event.metadata.sequence, snapshotOf(full));
          }
        }
      }
    }
    for (const sequence of compare.sequences) {
      const snapshot = snapshots.get(sequence);
      if (snapshot === undefined) continue;
      await compareAt(
        pool,
        ledgerId,
        compare.version,
        sequence,
        sequence === compare.readModelHead && compare.modelLatest === compare.readModelHead,
        snapshot,
      );
    }
    const exposure = await verifyExposure({
      pool,
      store,
      ledgerId,
      balancesHead: compare.readModelHead,
      last,
      nowMs: options.nowMs ?? Date.now(),
      progress,
    });
    const ifrs9 = await verifyIfrs9({
      pool,
      store,
      ledgerId,
      sequence: exposure.sequence,
      versions: { balances: exposure.balancesVersion, riskInputs: exposure.riskInputsVersion },
      last,
      nowMs: options.nowMs ?? Date.now(),
      progress,
    });
    readModels = {
      version: compare.version,
      sequences: compare.sequences,
      readModelHead: compare.readModelHead,
      exposure,
      ifrs9,
    };
  }
  return {
    ledgerId,
    from: from ?? null,
    head: { sequence: last, hash: chain.lastHash },
    eventsHashed: last - first + 1,
    entriesChecked,
    replayed: replay,
    readModels,
    digest: options.digest ?? null,
  };
}
