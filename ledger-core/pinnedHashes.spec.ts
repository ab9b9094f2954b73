// Pins the bytes that are stored and hash-chained forever: a fixed run of commands goes through
// decide/evolve at a fixed clock, and every event's hash and every fingerprint must equal the
// literal strings below, computed once by the code before the performance pass. A faster
// canonical JSON, fingerprint or sealing that changes one byte of what is hashed fails here.
// Never update these literals to make a change pass: a changed hash breaks every stored chain.
import { describe, expect, it } from "vitest";
import { commandSchema, type Command } from "../schemas/index.js";
import { decide } from "./decide.js";
import type { DecisionContext } from "./decision.js";
import { evolve } from "./evolve.js";
import { fingerprintOf, type FingerprintedCommand } from "./fingerprint.js";
import { verifyChain } from "./hashChain.js";
import { initialState } from "./state.js";

const EPOCH_MS = Date.parse("2026-03-02T09:00:00.000Z");
/** Milliseconds the clock moves between two commands. */
const CLOCK_STEP_MS = 1_234;

/** One step of the run: the command and the outcome it must have. */
interface Step {
  readonly status: "accepted" | "rejected" | "duplicate";
  readonly command: unknown;
  /** Moves the clock this far forward before the step (besides CLOCK_STEP_MS). */
  readonly advanceMs?: number;
}

const posting = (accountId: string, side: "debit" | "credit", amount: string, currency?: string) =>
  currency === undefined ? { accountId, side, amount } : { accountId, side, amount, currency };

/** Exercises every shape the canonical form handles: key order, escapes, Unicode, defaults. */
const STEPS: readonly Step[] = [
  {
    status: "accepted",
    command: {
      type: "CreateLedger",
      ledgerId: "pinned",
      name: 'Pinned "ledger" \\ Zürich',
      reportingCurrency: "USD",
      assets: [
        { code: "USD", scale: 2 },
        { code: "EUR", scale: 2 },
        { code: "JPY", scale: 0 },
        { code: "BTC", scale: 8 },
      ],
    },
  },
  ...[
    ["cash:usd", "USD", "asset"],
    ["cash:eur", "EUR", "asset"],
    ["cash:jpy", "JPY", "asset"],
    ["income:fees", "USD", "income"],
    ["equity:eur", "EUR", "equity"],
    ["liab:jpy", "JPY", "liability"],
    ["wallet:btc", "BTC", "asset"],
    ["custody:btc", "BTC", "liability"],
    ["spare:usd", "USD", "expense"],
  ].map(([accountId, currency, accountType]) => ({
    status: "accepted" as const,
    command: { type: "OpenAccount", accountId, currency, accountType },
  })),
  {
    status: "accepted",
    command: {
      type: "OpenAccount",
      accountId: "customer:1",
      currency: "USD",
      accountType: "liability",
      flags: { debitsMustNotExceedCredits: true },
      attributes: { sector: "K64.19", country: "FR", counterparty: 'acme "retail"' },
      metadata: {
        région: "Île-de-France",
        emoji: "💶",
        control: "line\nbreak\u0001",
        b: "",
        a: "1",
      },
    },
  },
  {
    status: "accepted",
    command: {
      type: "PostEntry",
      entryId: "e-1",
      description: "Opening balances in three currencies",
      effectiveAt: "2026-03-01T10:00:00+01:00",
      metadata: { ref: "INV-001", "€": "euro key" },
      postings: [
        posting("cash:usd", "debit", "1500.50"),
        posting("customer:1", "credit", "1500.5", "USD"),
        posting("cash:eur", "debit", "250.00", "EUR"),
        posting("equity:eur", "credit", "250"),
        posting("cash:jpy", "debit", "10000"),
        posting("liab:jpy", "credit", "10000.0"),
      ],
    },
  },
  {
    status: "accepted",
    command: {
      type: "PostEntry",
      entryId: "e-2",
      postings: [
        posting("wallet:btc", "debit", "0.00000001"),
        posting("custody:btc", "credit", "0.00000001"),
      ],
    },
  },
  {
    status: "accepted",
    command: {
      type: "PendEntry",
      entryId: "hold-1",
      timeoutSeconds: 3_600,
      description: "Card authorisation",
      postings: [posting("customer:1", "debit", "100.00"), posting("income:fees", "credit", "100")],
    },
  },
  {
    status: "accepted",
    command: { type: "PostPending", pendingId: "hold-1", amount: "75.5" },
  },
  {
    status: "accepted",
    command: {
      type: "PendEntry",
      entryId: "hold-2",
      timeoutSeconds: 60,
      metadata: { reason: "pre-auth" },
      postings: [posting("customer:1", "debit", "20"), posting("income:fees", "credit", "20.00")],
    },
  },
  { status: "accepted", command: { type: "VoidPending", pendingId: "hold-2" } },
  {
    status: "accepted",
    command: {
      type: "PendEntry",
      entryId: "hold-3",
      timeoutSeconds: 120,
      postings: [
        posting("cash:eur", "debit", "10.00"),
        posting("equity:eur", "credit", "4.00"),
        posting("equity:eur", "credit", "6.00"),
      ],
    },
  },
  {
    status: "accepted",
    command: {
      type: "PostPending",
      pendingId: "hold-3",
      postings: [posting("cash:eur", "debit", "5.00"), posting("equity:eur", "credit", "5")],
    },
  },
  {
    status: "accepted",
    command: { type: "ReverseEntry", entryId: "rev-1", reversalOf: "e-2" },
  },
  {
    status: "accepted",
    command: {
      type: "ReverseEntry",
      entryId: "rev-2",
      reversalOf: "hold-1",
      description: "Refund of the card payment",
      effectiveAt: "2026-03-02T12:00:00-05:00",
    },
  },
  {
    status: "rejected",
    command: {
      type: "PostEntry",
      entryId: "bad-1",
      description: "Unbalanced",
      postings: [posting("cash:usd", "debit", "10.00"), posting("income:fees", "credit", "9.99")],
    },
  },
  {
    status: "rejected",
    command: {
      type: "PostEntry",
      entryId: "bad-2",
      postings: [posting("customer:1", "debit", "100000"), posting("cash:usd", "credit", "100000")],
    },
  },
  {
    status: "rejected",
    command: {
      type: "AtomicBatch",
      commands: [
        {
          type: "PostEntry",
          entryId: "batch-1",
          postings: [posting("cash:usd", "debit", "1"), posting("income:fees", "credit", "1")],
        },
        { type: "ReverseEntry", entryId: "batch-2", reversalOf: "no-such-entry" },
      ],
    },
  },
  {
    status: "accepted",
    command: {
      type: "AtomicBatch",
      commands: [
        {
          type: "PostEntry",
          entryId: "batch-3",
          postings: [
            posting("cash:usd", "debit", "2.22"),
            posting("income:fees", "credit", "2.22"),
          ],
        },
        {
          type: "PendEntry",
          entryId: "batch-4",
          timeoutSeconds: 30,
          postings: [posting("cash:jpy", "debit", "7"), posting("liab:jpy", "credit", "7")],
        },
      ],
    },
  },
  {
    status: "accepted",
    command: {
      type: "UpdateAccount",
      accountId: "customer:1",
      expectedVersion: 1,
      metadata: { tier: "gold", note: "über" },
    },
  },
  { status: "accepted", command: { type: "CloseAccount", accountId: "spare:usd" } },
  {
    status: "accepted",
    advanceMs: 60_000,
    command: { type: "ExpirePending", pendingId: "batch-4" },
  },
  { status: "accepted", command: { type: "ClosePeriod", upTo: "2026-03-01T00:00:00+02:00" } },
  {
    status: "duplicate",
    command: {
      type: "PostEntry",
      entryId: "e-2",
      postings: [
        posting("wallet:btc", "debit", "0.000000010"),
        posting("custody:btc", "credit", "0.00000001"),
      ],
    },
  },
  {
    status: "accepted",
    command: {
      type: "RecordCounterparty",
      recordId: "cp-1",
      counterpartyId: "acme",
      validFrom: "2026-03-01T00:00:00+01:00",
      lei: "5493001KJTIIGC8Y1R12",
      legalName: "Acme Manufacturing Ltd",
      connectedGroupId: "acme-group",
      sector: "C25.1",
      countryOfRisk: "GB",
      rating: "BBB",
    },
  },
];

/** `sequence type hash fingerprint` (or `-`) of every event the run appends. */
const PINNED_EVENTS: readonly string[] = [
  "0 LedgerCreated 41f32f2cb0facd40a1bded7210ac7861f32e67ed2115a3e40a4534c749e5244e 32fbf729686c6947e689b8c99319fd4236de6b8d5af4b5165462112cad0358cd",
  "1 AccountOpened bf7970aaf6dbe66249b296251d842f7fe27f41bdca663cd44a150a1440658291 1a155505d203a5150c17558fd3946cc1e115899e33687e379c68200dfce514c0",
  "2 AccountOpened 1e673fd87f5a01a7a488c4d4bb18b2c36edb233ae2d11424a4e52bb9d2b4288a e87304658dba0b48f0412cdfe62ef78ebde077ae0d0aa2f1582b3a33f3768054",
  "3 AccountOpened d8e2deea3383b183e618fd39b7d2a85c8c1899786b8aa65df09e4dfe7b5e7d07 bfb734f57560bf68157d8131d8b11a8a86af4946d005a825bee2f6fd935812c8",
  "4 AccountOpened 2c9c99f596c6734a92539d20fa835138bb0f08ae568a5741abae57ac527f6012 ab7c7aa6ff4fe2de48759bc5067bf842bd9d248a444f00d59d3bffd3b71529be",
  "5 AccountOpened a07d4fe599dac131d0d02af2f61899ab1a41d5b27a3e3c776387051192b8a96e 1c7eb81ca8f937b4c1a98511e4ba07ec50dab36918312a70a50cf9bb4f6e8540",
  "6 AccountOpened 434e5e40470011b7a4ec353ba399bcc518a7a222ad7f389f9f2405c9e9118ee6 45742e923e88b6c868bb483d149d33279f9cbc0c2b1fc23c8f764f8b3f43fe35",
  "7 AccountOpened 53ca72c4b5afbdeec89ca99abdfaecaca72f351490f069189937d85b53780fdf 93cd84a7bef253f191caad8da6090abd73db5654c7a4ac3050d723941fc6ee01",
  "8 AccountOpened 5789f46649807bf8c1c7ec795d0b3385148668e189de9ab0d9f4d9591decce4d c00d7a68e5e1a463c4a50126092e2023cbc33b9337f937b88d2cd8faa60ab8bb",
  "9 AccountOpened 6c32601f8ef383a1b5ac664a333be1291e28c6273bcf9fa8807df2b1804b4a54 8dc3592ef511ed44b7ba06b8a5bef7e9a5c4cbbc1157f3f2ce901e6fd4a2712a",
  "10 AccountOpened e51affc4d41ccb163e7b0c76664b83be2c1b253eea4478cf7604a9423257dfd7 6e397609c75efc5c125f71288394a1837d3547924caf7a9ed81af411eb8fa48d",
  "11 EntryPosted 4f5454dfb7c8908cc04b6ae371b92faa3d6ed27529d46cd1be30e023b3bc795a 9c250b70fbe3bee90cba9eca2a17d63f6351fd1de4c2f46250c538a55fdfc1ca",
  "12 EntryPosted 895f1303f74c4d443eb2057ddb44f420dfc2d09da36e1cf3ad330315944b7311 46b9b62476cd01e00b9eece7d29aff445a3bdec55ebeb06222761d91edf20b1f",
  "13 EntryPended 67f8340d1a36bd63e56c9b448baca4df4e9bb22092e411e682f47eb11a9c8a4f fa36097ec01b3d5bacfac801b33aa7807216813dec950b4b7f0fb2918e069ce2",
  "14 PendingPosted 2648f9c8a589366e5d43a8c70e569c722bae93bdc92824c5a0a8bfe5bb7e0ef9 bf57d5f1cd289c2c13912e93daff721d74105d368113f392ba2fd7162355d1db",
  "15 EntryPended a5d77132477ab025c96bf2df63e8c13a97f27905d4e683d8314daf8de0098d78 4f659901306b92212b20467fe0b5a510359edd91d0432672027d9b0c6ddaa507",
  "16 PendingVoided 8dd917a304a9248d5e54a56c7b78b5ad8f5bf4518a459eeb85549227ef813314 -",
  "17 EntryPended c3fc0115923173333220591cce115f1f486d2f64b61efe1892a3ba4abf71f49e b360c81edcfaa3dc86b28a7742f09d4db6bfb7038fa102c54d73b69d67cf206b",
  "18 PendingPosted 29b09a5964464fb0128657958399edc76d4cdf2c1740b42af647057f4d98a2d8 f73d82098d32ad728f05bc1bef0cbe3a772c4c8c46f056eb85f4600fb08add6c",
  "19 EntryPosted 9bf2c999e0b53b74554e3edd5a08ef37d96957d266f59f5ad6c04e59fa334b2f 198b31b7eb74641c95616c46bce141721593c5963ed43ee781af2a28fa20318e",
  "20 EntryPosted 975659483f93605b2883d491e68ab969d7a9865e5873e17350c3911b4f8f53ed d94d355f656469daa5d24c231d7794decb591b83e3915f05d46498e2fcdde9eb",
  "21 EntryRejected 88e101d9e0346a2b108718e494534eb0fe22dd4a5770a8ecb0434826bae7736f 8aa7de3a7bffc03ee7c9692fcafdf6c4f9818070d83f88a84aaa8aa493625d52",
  "22 EntryRejected ddd2760469c520079a5948eecdeaa9c9850ee3bcb1689e2390b8574b577ebcdc 545367e961458cf20cb28a30efc5165e63360e6621e9cb794048cbc122faaa3d",
  "23 EntryRejected 92d177f7cdf1eea301003507d42856101adf9eb74afb333c069c2a0d49d72bdf 3b3364275c64de40542c5c16fb074c38cc363019bf38a55531c50d77c7fd7734",
  "24 EntryRejected f377202631d3ba69e0a25dbe324236302a8a93336a136c54c98f726914eb0495 14cbf12eef81836cc4676f9ea43cf9c5883342c2a31c2fc10736f20c865c23d2",
  "25 EntryPosted 4631a1b2971e1d5b95cb55d27c87f63f14e4e17b7fe8e0eebd4973edef556a98 0c894f7a4541945771c91f159581d4f1f07743b17bee8f4fc900dc4ed328f804",
  "26 EntryPended f8cadc4f71760b6fcb3d17e961ed81b2ebc9060fcc3e35b49b8c79842ce9d05f 21fe25c9650b445f501babb4c5cbec99bd726e640b9787a8a8fda9447912fe4b",
  "27 AccountUpdated 21e3f23f034c57fdcdafe7e47356cb04c883aaa88c0e722376ea802f20754a0f -",
  "28 AccountClosed 2cc4bc42da1e147cd457810d7f3d9ffd03fe0b6134a7ac8d4f11f845cf86986e -",
  "29 PendingExpired 083f4f12e6f4f338cc373cfff7d874d366e2a08b50959a0343a2858bd1669a53 -",
  "30 PeriodClosed 71f77d60aed0372b4f26791360ca598029b714e1fc52d47215512672244dfa28 -",
  "31 CounterpartyRecorded 8d44f18127ead820ffe96b7be10dab467ae10eaf5c7422a1775b98770b6d994d f5746796c793e2af1600097f09225a08c6f997fd76d31a35b0dd1c4e2ca0398c",
];

/** fingerprintOf every fingerprinted command of the run, in order. */
const PINNED_FINGERPRINTS: readonly string[] = [
  "32fbf729686c6947e689b8c99319fd4236de6b8d5af4b5165462112cad0358cd",
  "1a155505d203a5150c17558fd3946cc1e115899e33687e379c68200dfce514c0",
  "e87304658dba0b48f0412cdfe62ef78ebde077ae0d0aa2f1582b3a33f3768054",
  "bfb734f57560bf68157d8131d8b11a8a86af4946d005a825bee2f6fd935812c8",
  "ab7c7aa6ff4fe2de48759bc5067bf842bd9d248a444f00d59d3bffd3b71529be",
  "1c7eb81ca8f937b4c1a98511e4ba07ec50dab36918312a70a50cf9bb4f6e8540",
  "45742e923e88b6c868bb483d149d33279f9cbc0c2b1fc23c8f764f8b3f43fe35",
  "93cd84a7bef253f191caad8da6090abd73db5654c7a4ac3050d723941fc6ee01",
  "c00d7a68e5e1a463c4a50126092e2023cbc33b9337f937b88d2cd8faa60ab8bb",
  "8dc3592ef511ed44b7ba06b8a5bef7e9a5c4cbbc1157f3f2ce901e6fd4a2712a",
  "6e397609c75efc5c125f71288394a1837d3547924caf7a9ed81af411eb8fa48d",
  "9c250b70fbe3bee90cba9eca2a17d63f6351fd1de4c2f46250c538a55fdfc1ca",
  "46b9b62476cd01e00b9eece7d29aff445a3bdec55ebeb06222761d91edf20b1f",
  "fa36097ec01b3d5bacfac801b33aa7807216813dec950b4b7f0fb2918e069ce2",
  "bf57d5f1cd289c2c13912e93daff721d74105d368113f392ba2fd7162355d1db",
  "4f659901306b92212b20467fe0b5a510359edd91d0432672027d9b0c6ddaa507",
  "b360c81edcfaa3dc86b28a7742f09d4db6bfb7038fa102c54d73b69d67cf206b",
  "f73d82098d32ad728f05bc1bef0cbe3a772c4c8c46f056eb85f4600fb08add6c",
  "198b31b7eb74641c95616c46bce141721593c5963ed43ee781af2a28fa20318e",
  "d94d355f656469daa5d24c231d7794decb591b83e3915f05d46498e2fcdde9eb",
  "8aa7de3a7bffc03ee7c9692fcafdf6c4f9818070d83f88a84aaa8aa493625d52",
  "545367e961458cf20cb28a30efc5165e63360e6621e9cb794048cbc122faaa3d",
  "46b9b62476cd01e00b9eece7d29aff445a3bdec55ebeb06222761d91edf20b1f",
  "f5746796c793e2af1600097f09225a08c6f997fd76d31a35b0dd1c4e2ca0398c",
];

function contextAt(index: number, now: number): DecisionContext {
  return {
    now,
    actor: index % 2 === 0 ? "spec:teller" : "spec:ünïcode-actor",
    correlationId: `corr-${index}`,
    causationId: index % 3 === 0 ? null : `cause-${index}`,
  };
}

/** Commands that carry no fingerprint of their own. */
const UNFINGERPRINTED = new Set<Command["type"]>([
  "UpdateAccount",
  "CloseAccount",
  "VoidPending",
  "ExpirePending",
  "ClosePeriod",
  "AtomicBatch",
]);

function isFingerprinted(command: Command): command is Command & FingerprintedCommand {
  return !UNFINGERPRINTED.has(command.type);
}

function runPinnedSteps() {
  const state = initialState();
  const events = [];
  const fingerprints: string[] = [];
  let now = EPOCH_MS;
  for (const [index, step] of STEPS.entries()) {
    now += CLOCK_STEP_MS + (step.advanceMs ?? 0);
    const command = commandSchema.parse(step.command);
    if (isFingerprinted(command)) fingerprints.push(fingerprintOf(command));
    const decision = decide(state, command, contextAt(index, now));
    expect(`${index} ${decision.status}`).toBe(`${index} ${step.status}`);
    for (const event of decision.events) {
      evolve(state, event);
      events.push(event);
    }
  }
  return { events, fingerprints };
}

describe("pinned hashes and fingerprints", () => {
  it("seals every event of the fixed run with the hash it had before the performance pass", () => {
    const { events } = runPinnedSteps();
    const actual = events.map((event) => {
      const { sequence, hash } = event.metadata;
      const data = event.data as { readonly fingerprint?: string };
      return `${sequence} ${event.type} ${hash} ${data.fingerprint ?? "-"}`;
    });
    expect(actual).toEqual(PINNED_EVENTS);
    expect(verifyChain(events).ok).toBe(true);
  });

  it("fingerprints every command of the fixed run as before the performance pass", () => {
    expect(runPinnedSteps().fingerprints).toEqual(PINNED_FINGERPRINTS);
  });
});
