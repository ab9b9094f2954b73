// `folio export camt053 --ledger ID --account ID --from T --to T [--basis] [--format] [-o FILE]`:
// an account's statement over [from, to) as an ISO 20022 camt.053.001.08 document, built
// exactly as `GET .../accounts/:id/statement?format=camt053` builds it (docs/statements.md):
// one snapshot of the balances and audit read models (`readStatement`), its lines
// (`statementLines`), the document's content (`camt053Input`, shared with the route) written
// by the connectors' export. `--format json` writes the route's JSON statement instead.
// Like every `folio` command it never calls the API: the ledger (its assets, the account and
// its IBAN, the stream head) is replayed from the event store, the read models are read from
// their PostgreSQL. Exit 2 for a bad period or an unknown ledger or account, 3 while a read
// model is not built or has not applied what the period needs (try again), as for the store.
import { writeFile } from "node:fs/promises";
import { InvalidArgumentError, Option, type Command } from "commander";
import type pg from "pg";
import { exportCamt053 } from "../connectors/iso20022/index.js";
import {
  ledgerStreamId,
  loadLedgerState,
  type EventStore,
  type LedgerState,
} from "../ledger-core/index.js";
import { createPostgresSnapshotStore } from "../event-store/index.js";
import {
  activeVersion,
  AUDIT_PROJECTION_NAME,
  BALANCES_PROJECTION_NAME,
  balancesHead,
  MAX_STATEMENT_DAYS,
  MAX_STATEMENT_LINES,
  READ_MODELS,
  readCheckpoint,
  readStatement,
  sameCounters,
  statementJson,
  statementLines,
  camt053Input,
  type ReadModelName,
  type StatementBasis,
  type StatementPeriod,
} from "../projections/index.js";
import { globals, info, ledgerOption, withStore } from "./commandIo.js";
import { StoreUnreachable, UsageError } from "./errors.js";
import { OutputUnwritable } from "./failures.js";
import { streamHead } from "./replay.js";
import { cliLogger, openReadModelPool } from "./source.js";

const DAY_MS = 86_400_000;

export type StatementFormat = "xml" | "json";

interface Camt053Options {
  readonly ledger: string;
  readonly account: string;
  readonly from: number;
  readonly to: number;
  readonly basis: StatementBasis;
  readonly format: StatementFormat;
  readonly output?: string;
  readonly out?: string;
}

type Period = StatementPeriod;

/** A period end as the route takes it: a date (midnight UTC) or a date-time with a zone. */
export function parsePeriodEnd(text: string): number {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text;
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
  const ms = Date.parse(date);
  if (!zoned.test(date) || !Number.isFinite(ms)) {
    throw new InvalidArgumentError(
      "expected a date YYYY-MM-DD or an ISO 8601 date-time with a zone",
    );
  }
  return ms;
}

/** The route's period checks: from before to, at most MAX_STATEMENT_DAYS days (exit 2). */
export function checkPeriod(fromMs: number, toMs: number): void {
  if (fromMs >= toMs) throw new UsageError("--to must be after --from");
  if (toMs - fromMs > MAX_STATEMENT_DAYS * DAY_MS) {
    throw new UsageError(
      `a statement covers at most ${MAX_STATEMENT_DAYS} days: ask for a shorter period (period_too_long)`,
    );
  }
}

/** A read model that cannot answer yet: exit 3, like a store that is away (try again). */
function notReady(code: string, message: string): StoreUnreachable {
  return new StoreUnreachable(`${message} [${code}]`);
}

function behind(model: string, ledgerId: string, reached: number, ledgerSequence: number) {
  return notReady(
    "read_model_behind",
    `the ${model} read model has applied ledger ${ledgerId} up to sequence ${reached} of ${ledgerSequence}; the statement needs more: try again when the projections have caught up`,
  );
}

/** The version readers use, as the API's ReadModels.version: built, in this code's layout. */
async function readableVersion(pool: pg.Pool, name: ReadModelName): Promise<number> {
  let version: number;
  let checkpoint;
  try {
    version = await activeVersion(pool, name);
    checkpoint = await readCheckpoint(pool, name, version);
  } catch (error) {
    // No projection tables at all: no Folio has ever run its projections on this database.
    if ((error as { code?: unknown }).code === "42P01") checkpoint = null;
    else throw error;
    version = 1;
  }
  if (checkpoint === null) {
    throw notReady(
      "read_model_unavailable",
      `the ${name} read model is not built on this database (run Folio, or folio rebuild --projection ${name})`,
    );
  }
  const layout = READ_MODELS.get(name)?.(version).layout;
  if (checkpoint.layout !== layout || checkpoint.status === "dropped") {
    throw notReady(
      "read_model_unavailable",
      `the ${name} read model v${version} is being rebuilt for this version of Folio; try again later`,
    );
  }
  return version;
}

/**
 * The ledger's live state (ledger info, accounts and their metadata, head) as a writer opens
 * it: the latest verified snapshot plus the tail, not a replay of the whole stream.
 */
async function loadState(store: EventStore, pool: pg.Pool, ledgerId: string): Promise<LedgerState> {
  await streamHead(store, ledgerId); // a ledger with no events is a usage error, named as such
  const loaded = await loadLedgerState({
    streamId: ledgerStreamId(ledgerId),
    store,
    snapshots: createPostgresSnapshotStore(pool),
    logger: cliLogger(),
  });
  return loaded.state;
}

/** The recorded axis: the period's end must be known to the balances model (route's check). */
async function checkRecordedEnd(
  pool: pg.Pool,
  period: Period,
  balancesVersion: number,
  ledgerSequence: number,
): Promise<void> {
  const ms = period.toMs - 1;
  const time = new Date(ms).toISOString();
  if (ms > Date.now()) {
    throw new UsageError(
      `--to ${new Date(period.toMs).toISOString()} is in the future on the recorded axis: what will be recorded by then is not known yet (as_of_in_future)`,
    );
  }
  const head = await balancesHead(pool, { ledgerId: period.ledgerId, version: balancesVersion });
  if (head === null) throw behind("balances", period.ledgerId, -1, ledgerSequence);
  if (ms < head.createdAt.getTime()) {
    throw new UsageError(
      `the period ends (${time}) before ledger ${period.ledgerId} recorded its first event (${head.createdAt.toISOString()}) (as_of_before_ledger)`,
    );
  }
  if (ms >= head.recordedAt.getTime() && head.sequence < ledgerSequence) {
    throw behind("balances", period.ledgerId, head.sequence, ledgerSequence);
  }
}

/** Reads the statement and renders it; returns the text and the sequence it is consistent at. */
async function statementText(
  pool: pg.Pool,
  state: LedgerState,
  period: Period,
  format: StatementFormat,
): Promise<{ text: string; sequence: number; lines: number }> {
  const ledger = state.ledger;
  if (ledger === null) throw new UsageError(`ledger ${period.ledgerId} does not exist`);
  const account = state.accounts.get(period.accountId);
  if (account === undefined) {
    throw new UsageError(
      `account ${period.accountId} does not exist in ledger ${period.ledgerId} (account_not_found)`,
    );
  }
  const ledgerSequence = state.chain.nextSequence - 1;
  const balancesVersion = await readableVersion(pool, BALANCES_PROJECTION_NAME);
  const auditVersion = await readableVersion(pool, AUDIT_PROJECTION_NAME);
  if (period.basis === "recorded") {
    await checkRecordedEnd(pool, period, balancesVersion, ledgerSequence);
  }
  const read = await readStatement(pool, { ...period, balancesVersion, auditVersion });
  const tooMany = () =>
    new UsageError(
      `the period holds more than ${MAX_STATEMENT_LINES} lines: ask for a shorter period (too_many_lines)`,
    );
  switch (read.kind) {
    case "behind":
      throw behind(read.model, period.ledgerId, read.reached, ledgerSequence);
    case "no_account":
      throw behind("balances", period.ledgerId, read.sequence, ledgerSequence);
    case "too_many_lines":
      throw tooMany();
    case "statement":
      break;
  }
  const snapshot = read.statement;
  const lines = statementLines(snapshot.accountType, snapshot.opening, snapshot.movements);
  if (lines.length > MAX_STATEMENT_LINES) throw tooMany();
  const last = lines[lines.length - 1]?.after ?? snapshot.opening;
  if (!sameCounters(last, snapshot.closing)) {
    throw new Error(`statement of ${period.accountId} does not reconcile at ${snapshot.sequence}`);
  }
  const result = { sequence: snapshot.sequence, lines: lines.length };
  if (format === "json") {
    const json = statementJson(ledger, period, snapshot, lines);
    return { ...result, text: `${JSON.stringify(json, null, 2)}\n` };
  }
  const input = camt053Input(
    ledger,
    period,
    { iban: account.metadata.iban },
    snapshot,
    lines,
    Date.now(),
  );
  const exported = exportCamt053(input.statement, input.options);
  if (!exported.ok) {
    const first = exported.errors[0];
    throw new Error(`camt.053 export refused: ${first?.path ?? ""} ${first?.reason ?? ""}`);
  }
  return { ...result, text: exported.value };
}

async function writeOutput(file: string | undefined, text: string): Promise<void> {
  if (file === undefined) {
    await new Promise<void>((resolve, reject) => {
      process.stdout.write(text, (error) => {
        if (error) reject(new OutputUnwritable("stdout", error));
        else resolve();
      });
    });
    return;
  }
  try {
    await writeFile(file, text, "utf8");
  } catch (error) {
    throw new OutputUnwritable(file, error);
  }
}

async function camt053Action(options: Camt053Options, command: Command): Promise<void> {
  checkPeriod(options.from, options.to);
  const period: Period = {
    ledgerId: options.ledger,
    accountId: options.account,
    basis: options.basis,
    fromMs: options.from,
    toMs: options.to,
  };
  const pool = await openReadModelPool(globals(command), cliLogger(), "export camt053");
  let rendered;
  let state: LedgerState;
  try {
    state = await withStore(command, (store) => loadState(store, pool, options.ledger));
    rendered = await statementText(pool, state, period, options.format);
  } finally {
    await pool.end().catch(() => undefined);
  }
  const file = options.output ?? options.out;
  await writeOutput(file, rendered.text);
  const head = state.chain.nextSequence - 1;
  info(
    command,
    `exported the statement of ${options.account} in ledger ${options.ledger} (${options.basis} ${new Date(options.from).toISOString()} .. ${new Date(options.to).toISOString()}): ${rendered.lines} lines, consistent at sequence ${rendered.sequence}${rendered.sequence < head ? ` (stream head ${head}: the read models lag)` : ""}${file === undefined ? "" : ` to ${file}`}`,
  );
}

/** Registers `camt053` under `folio export`. */
export function addExportCamt053Command(exportCommand: Command): void {
  exportCommand
    .command("camt053")
    .description(
      "an account's statement over [from, to) as an ISO 20022 camt.053.001.08 document, read from the balances and audit read models exactly as GET .../accounts/:id/statement?format=camt053 answers it",
    )
    .addOption(ledgerOption())
    .requiredOption("--account <id>", "the account")
    .addOption(
      new Option(
        "--from <time>",
        "start of the period, included: YYYY-MM-DD (midnight UTC) or an ISO 8601 time with a zone",
      )
        .argParser(parsePeriodEnd)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option("--to <time>", "end of the period, excluded (at most 366 days after --from)")
        .argParser(parsePeriodEnd)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option("--basis <basis>", "the time axis of the period")
        .choices(["effective", "recorded"])
        .default("effective"),
    )
    .addOption(
      new Option(
        "--format <format>",
        "xml: the camt.053 document; json: the route's JSON statement of the same snapshot",
      )
        .choices(["xml", "json"])
        .default("xml"),
    )
    .option("-o, --output <file>", "write to this file instead of stdout")
    .addOption(new Option("--out <file>", "the same as --output").hideHelp().conflicts("output"))
    // Its global options are the program's (--database-url, ...), not `export`'s.
    .configureHelp({
      showGlobalOptions: true,
      visibleGlobalOptions: (command) =>
        command.parent?.parent?.options.filter((option) => !option.hidden) ?? [],
    })
    .action(async (options: Camt053Options, command: Command) => {
      await camt053Action(options, command);
    });
}
