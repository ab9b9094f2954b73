// `folio ifrs9`: the IFRS 9 report at a reporting date computed from the ledger's events alone
// (ifrs9Replay.ts), never the read models, and its output: the totals by stage and overall
// (facilities, gross carrying amount and allowance in the reporting currency), one line per
// measured facility (stage, reason, gross, allowance) and the unmeasured facilities with their
// reasons, as aligned text; or with --json the full report (every field of computeIfrs9Report's
// answer) with money as decimal strings at the currency's scale. A point the report cannot be
// given at (a parameter set not found or ambiguous, an unusable FX rate) is one line naming
// its code and exit 2.
import { InvalidArgumentError, Option, type Command } from "commander";
import {
  IFRS9_STAGES,
  type EclResult,
  type Ifrs9MeasuredFacility,
  type Ifrs9Report,
  type Ifrs9Totals,
  type Ifrs9UnmeasuredFacility,
} from "../projections/ifrs9/index.js";
import { formatAmount } from "../schemas/index.js";
import { ledgerOption, print, progressOf, withStore } from "./commandIo.js";
import { InputsIncomplete } from "./errors.js";
import { table } from "./format.js";
import { ifrs9PointOf, ifrs9Outcome, replayIfrs9, type Ifrs9Replay } from "./ifrs9Replay.js";
import { describePoint, parsePointValue, type PointValue } from "./point.js";

type Money = (minor: bigint) => string;

function moneyIn(replay: Ifrs9Replay, currency: string): Money {
  const scale = replay.scales.get(currency);
  return (minor) => (scale === undefined ? minor.toString() : formatAmount(minor, scale));
}

function totalsJson(t: Ifrs9Totals, money: Money): Record<string, string | number> {
  return {
    count: t.count,
    grossCarryingAmount: money(t.grossCarryingAmount),
    allowance: money(t.allowance),
  };
}

function eclJson(ecl: EclResult, money: Money): Record<string, unknown> {
  return {
    ...ecl,
    ecl12m: money(ecl.ecl12m),
    eclLifetime: money(ecl.eclLifetime),
    eclRecognised: money(ecl.eclRecognised),
    eclDrawn: money(ecl.eclDrawn),
    eclUndrawn: money(ecl.eclUndrawn),
  };
}

function measuredJson(
  line: Ifrs9MeasuredFacility,
  replay: Ifrs9Replay,
  reporting: Money,
): Record<string, unknown> {
  const money = moneyIn(replay, line.currency);
  return {
    ...line,
    drawnBalance: money(line.drawnBalance),
    interestBalance: money(line.interestBalance),
    ledgerBalance: money(line.ledgerBalance),
    grossCarryingAmount: money(line.grossCarryingAmount),
    ecl: eclJson(line.ecl, money),
    grossCarryingAmountReporting: reporting(line.grossCarryingAmountReporting),
    allowanceReporting: reporting(line.allowanceReporting),
  };
}

function unmeasuredJson(
  line: Ifrs9UnmeasuredFacility,
  replay: Ifrs9Replay,
): Record<string, unknown> {
  const money = moneyIn(replay, line.currency);
  return {
    ...line,
    ledgerBalance: line.ledgerBalance === null ? null : money(line.ledgerBalance),
  };
}

/** A bigint the mapping above missed: a bug (the JSON must not print minor units silently). */
function noBigints(key: string, value: unknown): unknown {
  if (typeof value === "bigint") {
    throw new TypeError(`ifrs9 --json: field ${key} is a bigint without a currency`);
  }
  return value;
}

/** The full report as JSON, money as decimal strings (the ECL detail rows as the library gives them). */
export function ifrs9Json(replay: Ifrs9Replay, report: Ifrs9Report): string {
  const reporting = moneyIn(replay, report.reportingCurrency);
  return JSON.stringify(
    {
      ledgerId: replay.ledgerId,
      sequence: replay.sequence,
      reportingDate: report.reportingDate,
      effectiveAt: replay.at.effectiveAt,
      reportingCurrency: report.reportingCurrency,
      parameterSetId: report.parameterSetId,
      byStage: Object.fromEntries(
        IFRS9_STAGES.map((stage) => [stage, totalsJson(report.byStage[stage], reporting)]),
      ),
      overall: totalsJson(report.overall, reporting),
      measured: report.measured.map((line) => measuredJson(line, replay, reporting)),
      unmeasured: report.unmeasured.map((line) => unmeasuredJson(line, replay)),
    },
    noBigints,
  );
}

export function ifrs9Text(replay: Ifrs9Replay, report: Ifrs9Report): string {
  const money = moneyIn(replay, report.reportingCurrency);
  const reflects =
    replay.sequence === null ? "nothing recorded by then" : `sequence ${replay.sequence}`;
  const head = `ledger ${replay.ledgerId} IFRS 9 report at ${report.reportingDate} (${describePoint(replay.at.point)}; reflects ${reflects}; stream head ${replay.head}), parameter set ${report.parameterSetId}, in ${report.reportingCurrency}`;
  const totalRow = (label: string, t: Ifrs9Totals): string[] => [
    label,
    String(t.count),
    money(t.grossCarryingAmount),
    money(t.allowance),
  ];
  const totals = table(
    ["stage", "facilities", "gross carrying amount", "allowance"],
    [
      ...IFRS9_STAGES.map((stage) => totalRow(stage, report.byStage[stage])),
      totalRow("TOTAL", report.overall),
    ],
    new Set([1, 2, 3]),
  );
  const facilities = table(
    [
      "facility",
      "counterparty",
      "currency",
      "stage",
      "reason",
      "gross carrying amount",
      "allowance",
    ],
    report.measured.map((line) => [
      line.facilityId,
      line.counterpartyId,
      line.currency,
      line.staging.stage,
      line.staging.stageReason,
      money(line.grossCarryingAmountReporting),
      money(line.allowanceReporting),
    ]),
    new Set([5, 6]),
  );
  const out = [
    head,
    "",
    totals,
    "",
    `measured facilities (${report.measured.length}), amounts in ${report.reportingCurrency}`,
    facilities,
    "",
    `unmeasured facilities (${report.unmeasured.length})${report.unmeasured.length === 0 ? ": none" : ""}`,
  ];
  if (report.unmeasured.length > 0) {
    out.push(
      table(
        ["facility", "counterparty", "currency", "reason", "message"],
        report.unmeasured.map((line) => [
          line.facilityId,
          line.counterpartyId,
          line.currency,
          line.errorCode === null ? line.reason : `${line.reason} (${line.errorCode})`,
          line.message,
        ]),
        new Set(),
      ),
    );
  }
  return out.join("\n");
}

interface Ifrs9Options {
  readonly ledger: string;
  readonly asOf?: string;
  readonly knownAt?: PointValue;
  readonly parameterSet?: string;
  readonly json?: boolean;
}

/** commander argParser of --as-of: a calendar date YYYY-MM-DD that exists (the reporting date). */
export function parseReportingDate(text: string): string {
  const trimmed = text.trim();
  const ms = Date.parse(`${trimmed}T00:00:00.000Z`);
  if (
    !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(trimmed) ||
    Number.isNaN(ms) ||
    new Date(ms).toISOString().slice(0, 10) !== trimmed
  ) {
    throw new InvalidArgumentError(
      "expected a reporting date YYYY-MM-DD (UTC), e.g. 2026-06-30; a sequence or time goes in --known-at.",
    );
  }
  return trimmed;
}

async function ifrs9Action(options: Ifrs9Options, command: Command): Promise<void> {
  const reportingDate = options.asOf ?? new Date().toISOString().slice(0, 10);
  const at = ifrs9PointOf(reportingDate, options.knownAt);
  const replay = await withStore(command, (store) =>
    replayIfrs9(store, options.ledger, at, { progress: progressOf(command) }),
  );
  const outcome = ifrs9Outcome(() => replay.bookFor(options.parameterSet));
  if (!outcome.ok) {
    throw new InputsIncomplete(
      outcome.error.code,
      `cannot compute the IFRS 9 report of ledger ${options.ledger} at ${reportingDate}: ${outcome.error.message}`,
    );
  }
  await print(
    options.json === true ? ifrs9Json(replay, outcome.report) : ifrs9Text(replay, outcome.report),
  );
}

export function addIfrs9Command(program: Command): void {
  program
    .command("ifrs9")
    .description(
      "the IFRS 9 report (stage, gross carrying amount and loss allowance per facility, totals by stage) at a reporting date, from the events alone: risk and IFRS 9 inputs in force and the facility accounts' balances",
    )
    .addOption(ledgerOption())
    .addOption(
      new Option(
        "--as-of <date>",
        "the reporting date YYYY-MM-DD: inputs and entries effective by the end of that UTC day (default: today, UTC)",
      ).argParser(parseReportingDate),
    )
    .addOption(
      new Option(
        "--known-at <time|sequence>",
        "count only the events recorded by this time or sequence (bitemporal; default: every event)",
      ).argParser(parsePointValue),
    )
    .option(
      "--parameter-set <id>",
      "the IFRS 9 parameter set (default: the only one in force, else the documented defaults)",
    )
    .option("--json", "the full report as JSON, amounts as decimal strings")
    .action(async (options: Ifrs9Options, command: Command) => {
      await ifrs9Action(options, command);
    });
}
