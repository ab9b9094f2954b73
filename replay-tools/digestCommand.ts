// `folio digest`: the (sequence, hash) of the ledger's last event, the pair an auditor writes
// down outside the database. By default the chain is verified first, from genesis (every
// event's hash recomputed, every link and sequence checked, as `folio verify` step 1), and the
// digest is the head of that verified chain: writing down the head of a chain already broken
// would anchor a rewritten history. A chain that does not verify is exit 1 and no digest.
// --no-verify reads the last event only (fast) and says that it was not verified.
import { Option, type Command } from "commander";
import { ledgerStreamId, type EventStore } from "../ledger-core/index.js";
import { verifyLedgerChain } from "../projections/index.js";
import { ledgerOption, print, progressOf, withStore } from "./commandIo.js";
import { UsageError, VerificationFailed } from "./errors.js";
import type { Progress } from "./progress.js";
import { decode, readPages, streamHead } from "./replay.js";

export interface Digest {
  readonly ledgerId: string;
  readonly sequence: number;
  readonly hash: string;
  readonly recordedAt: string;
  /** Whether the chain from genesis up to and including `sequence` was verified by this run. */
  readonly verified: boolean;
  /** The last sequence verified (the digest's own) when verified, else null. */
  readonly verifiedThrough: number | null;
}

interface DigestOptions {
  readonly ledger: string;
  readonly format: "text" | "json";
  /** false with --no-verify. */
  readonly verify: boolean;
}

async function lastEvent(store: EventStore, ledgerId: string): Promise<Digest> {
  const [last] = await store.readStream(ledgerStreamId(ledgerId), {
    fromRevision: "end",
    direction: "backwards",
    maxCount: 1,
  });
  if (last === undefined) throw new UsageError(`ledger ${ledgerId} has no events in this store`);
  const event = decode(last);
  const { sequence, hash, recordedAt } = event.metadata;
  return { ledgerId, sequence, hash, recordedAt, verified: false, verifiedThrough: null };
}

/** Verifies the chain from genesis; the digest is the verified head. */
async function verifiedHead(
  store: EventStore,
  ledgerId: string,
  progress: Progress,
): Promise<Digest> {
  const head = await streamHead(store, ledgerId);
  progress.start(`verify chain ${ledgerId}`, head + 1);
  let check;
  try {
    check = await verifyLedgerChain(store, ledgerId, undefined, (h) => {
      progress.update(h.nextSequence);
    });
  } finally {
    progress.stop();
  }
  if (!check.ok) {
    throw new VerificationFailed(
      `chain broken at sequence ${check.sequence} (${check.reason}): ${check.message}; no digest of a broken chain`,
      check.sequence,
    );
  }
  const sequence = check.head.nextSequence - 1;
  let recordedAt = "";
  for await (const page of readPages(store, ledgerId, sequence, sequence)) {
    for (const stored of page) recordedAt = decode(stored).metadata.recordedAt;
  }
  return {
    ledgerId,
    sequence,
    hash: check.head.lastHash,
    recordedAt,
    verified: true,
    verifiedThrough: sequence,
  };
}

function digestText(digest: Digest): string {
  const { ledgerId, sequence, hash } = digest;
  return [
    `ledger     ${ledgerId}`,
    `sequence   ${sequence}`,
    `hash       ${hash}`,
    `recordedAt ${digest.recordedAt}`,
    digest.verified
      ? `verified   yes: the chain from genesis through sequence ${sequence} (every hash and link)`
      : "verified   NO (--no-verify): this is the stored head, not checked; run folio verify",
    "",
    `prove later that nothing up to it changed: folio verify --ledger ${ledgerId} --digest ${sequence}:${hash}`,
    `verify only what came after it:            folio verify --ledger ${ledgerId} --from-sequence ${sequence} --from-hash ${hash}`,
  ].join("\n");
}

export function addDigestCommand(program: Command): void {
  program
    .command("digest")
    .description(
      "the (sequence, hash) of the ledger's last event, after verifying the chain from genesis up to it: write it down, verify from it later",
    )
    .addOption(ledgerOption())
    .option(
      "--no-verify",
      "do not verify the chain first: print the stored head, marked unverified",
    )
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json"]).default("text"),
    )
    .action(async (options: DigestOptions, command: Command) => {
      const digest = await withStore(command, (store) =>
        options.verify
          ? verifiedHead(store, options.ledger, progressOf(command))
          : lastEvent(store, options.ledger),
      );
      await print(options.format === "json" ? JSON.stringify(digest) : digestText(digest));
    });
}
