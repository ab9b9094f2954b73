// `folio exposure`: the exposure table (C 28.00 columns grouped by counterparty, connected
// group, currency, sector, country, product or rating) or, with --large, the large-exposure
// report, computed from the ledger's events alone (exposureReplay.ts), never the read models:
// effective as of --as-of (default now), as known at --known-at (default the stream's head).
// A point the inputs cannot answer (no FX rate for a pair, no Tier 1 capital base, a
// facility's counterparty not in force) is one line naming it and exit 2, as the routes' 422.
import { InvalidArgumentError, Option, type Command } from "commander";
import { EXPOSURE_DIMENSIONS, type ExposureDimension } from "../projections/index.js";
import { ledgerOption, print, progressOf, withStore } from "./commandIo.js";
import { InputsIncomplete } from "./errors.js";
import { exposureJson, exposureText, largeJson, largeText } from "./exposureFormat.js";
import { exposurePointOf, replayExposure } from "./exposureReplay.js";
import { parsePointValue, type PointValue } from "./point.js";

interface ExposureOptions {
  readonly ledger: string;
  readonly asOf?: { readonly time: string; readonly ms: number };
  readonly knownAt?: PointValue;
  readonly groupBy: ExposureDimension;
  readonly large?: boolean;
  readonly json?: boolean;
}

/** commander argParser of --as-of: an ISO 8601 time with a zone (the effective date). */
function parseEffectiveTime(text: string): { time: string; ms: number } {
  const value = parsePointValue(text);
  if (value.kind !== "time") {
    throw new InvalidArgumentError(
      "expected an ISO 8601 time with a zone (the effective date), e.g. 2026-03-31T23:59:59Z; a sequence goes in --known-at.",
    );
  }
  return { time: value.time, ms: value.ms };
}

async function exposureAction(options: ExposureOptions, command: Command): Promise<void> {
  const at = exposurePointOf(options.asOf, options.knownAt, Date.now());
  const replay = await withStore(command, (store) =>
    replayExposure(store, options.ledger, at, { progress: progressOf(command) }),
  );
  const { outcome } = replay;
  if (!outcome.ok) {
    throw new InputsIncomplete(
      outcome.error.code,
      `cannot compute the exposure of ledger ${options.ledger} as of ${at.effectiveAt}: ${outcome.error.message}`,
    );
  }
  const { report } = outcome;
  if (options.large === true) {
    await print(options.json === true ? largeJson(replay, report) : largeText(replay, report));
    return;
  }
  await print(
    options.json === true
      ? exposureJson(replay, report, options.groupBy)
      : exposureText(replay, report, options.groupBy),
  );
}

export function addExposureCommand(program: Command): void {
  program
    .command("exposure")
    .description(
      "the exposure table (or --large: the large-exposure report) as of a point, from the events alone: risk inputs in force and the facility accounts' balances",
    )
    .addOption(ledgerOption())
    .addOption(
      new Option(
        "--as-of <time>",
        "effective date: inputs with validFrom at or before it, entries effective by then (default: now, and the balances as recorded)",
      ).argParser(parseEffectiveTime),
    )
    .addOption(
      new Option(
        "--known-at <time|sequence>",
        "count only the events recorded by this time or sequence (bitemporal; default: every event)",
      ).argParser(parsePointValue),
    )
    .addOption(
      new Option("--group-by <dimension>", "the view of the exposure table")
        .choices([...EXPOSURE_DIMENSIONS])
        .default("counterparty"),
    )
    .option("--large", "the large-exposure report (CRR Art. 392/395) and concentration instead")
    .option("--json", "JSON, in the shape of the exposure routes' answers")
    .action(async (options: ExposureOptions, command: Command) => {
      await exposureAction(options, command);
    });
}
