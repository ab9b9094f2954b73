// `folio import camt053|pacs008 FILE --ledger ID --rules RULES.json`: imports one ISO 20022
// document with the importer (connectors/iso20022/importer.ts) into a ledger. Like every
// `folio` command it works on the event store itself, never the API: the entries go through a
// LedgerWriter opened on the store (optimistic concurrency: a running server's writer sees the
// new events and reloads), each chunk dry-run first so a chunk the ledger refuses spends no
// entry id. Progress (entries submitted / total) goes to stderr; the report to stdout. Exit 0
// when every entry is in the ledger (posted now or before), 2 for a refused document (its
// first problems are listed with their paths) or a chunk the ledger refuses, 3 when the store
// stays unavailable.
import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { userInfo } from "node:os";
import { Argument, Option, type Command } from "commander";
import {
  decisionOutcome,
  importMessage,
  MAX_IMPORT_DOCUMENT_CHARS,
  transientSubmitError,
  type ImportKind,
  type ImportReport,
  type SubmitChunk,
} from "../connectors/iso20022/index.js";
import { isTransientError } from "../event-store/index.js";
import { LedgerWriter, type CommandRequest, type EventStore } from "../ledger-core/index.js";
import type { AtomicBatch } from "../schemas/index.js";
import { globals, info, print, progressOf } from "./commandIo.js";
import { InputsIncomplete, StoreUnreachable, UsageError } from "./errors.js";
import { parseLedgerId } from "./point.js";
import { streamHead } from "./replay.js";
import { cliLogger, openStore } from "./source.js";

/** Problems of a refused document printed on stderr (the JSON report has them all). */
export const PROBLEMS_SHOWN = 10;
/** Bytes of file read at most: 4 bytes per character of the importer's bound. */
const MAX_FILE_BYTES = 4 * MAX_IMPORT_DOCUMENT_CHARS;

interface ImportOptions {
  readonly ledger: string;
  readonly rules: string;
  readonly direction?: "inbound" | "outbound";
  readonly format: "text" | "json";
}

async function readInput(file: string, what: string, maxBytes: number): Promise<string> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`${what} ${file} is not a file`);
    if (info.size > maxBytes) {
      throw new UsageError(`${what} ${file} has ${info.size} bytes, more than ${maxBytes}`);
    }
    return await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `cannot read ${what} ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function actor(): string {
  try {
    return `cli:${userInfo().username}`.slice(0, 128);
  } catch {
    return "cli:folio";
  }
}

/** A chunk as one AtomicBatch through the writer: dry-run, then for real if it would apply. */
function writerSubmitter(writer: LedgerWriter): SubmitChunk {
  const correlationId = randomUUID();
  const by = actor();
  return async (commands) => {
    const batch: AtomicBatch = { type: "AtomicBatch", commands: [...commands] };
    const request: CommandRequest = { command: batch, actor: by, correlationId };
    const trial = await writer.dryRun([request]);
    const [decided] = trial.outcomes;
    if (decided === undefined) throw new Error("a dry run answers every command");
    if (decided instanceof Error) throw decided;
    if (decided.status !== "accepted") return decisionOutcome(decided, commands.length);
    return decisionOutcome(await writer.submit(request), commands.length);
  };
}

async function runImport(
  command: Command,
  kind: ImportKind,
  file: string,
  options: ImportOptions,
  store: EventStore,
): Promise<ImportReport> {
  const rulesText = await readInput(options.rules, "the rules file", 1024 * 1024);
  let rules: unknown;
  try {
    rules = JSON.parse(rulesText);
  } catch (error) {
    throw new UsageError(
      `the rules file ${options.rules} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const ruleLedger = (rules as { ledgerId?: unknown } | null)?.ledgerId;
  if (ruleLedger !== options.ledger) {
    throw new UsageError(
      `the rules are for ledger ${String(ruleLedger)}, not --ledger ${options.ledger}`,
    );
  }
  const xml = await readInput(file, "the document", MAX_FILE_BYTES);
  await streamHead(store, options.ledger);
  const writer = await LedgerWriter.open({ ledgerId: options.ledger, store, maxBatchWaitMs: 0 });
  const progress = progressOf(command);
  try {
    return await importMessage({
      xml,
      kind,
      rules,
      ...(options.direction === undefined ? {} : { direction: options.direction }),
      submit: writerSubmitter(writer),
      isTransient: (error) => transientSubmitError(error) || isTransientError(error),
      onPhase: (phase) => {
        if (phase !== "submit") info(command, `import: ${phase} ${file}`);
      },
      onProgress: (submitted, total) => {
        if (submitted === 0) progress.start(`import ${options.ledger}`, total);
        else progress.update(submitted);
      },
    });
  } finally {
    progress.stop();
    await writer.close().catch(() => undefined);
  }
}

function summary(report: ImportReport, file: string): string {
  const lines = [
    `imported ${file} (${report.kind}, message ${report.messageId ?? "?"}) into ledger ${report.ledgerId ?? "?"}`,
    `  entries      ${report.entries} found, ${report.posted} posted, ${report.duplicates} already in the ledger`,
    `  skipped      ${report.skipped.length}${report.skipped.length === 0 ? "" : ":"}`,
    ...report.skipped
      .slice(0, PROBLEMS_SHOWN)
      .map(
        (item) =>
          `    ${item.path}${item.reference === undefined ? "" : ` (${item.reference})`}: ${item.reason}`,
      ),
  ];
  return lines.join("\n");
}

/** Throws the failure of a refused or stopped import (after listing its problems on stderr). */
function failOn(report: ImportReport, file: string): void {
  if (report.refusal !== null) {
    const { stage, problems, truncated } = report.refusal;
    for (const problem of problems.slice(0, PROBLEMS_SHOWN)) {
      const line = problem.line === undefined ? "" : ` (line ${problem.line})`;
      process.stderr.write(`  ${problem.path}${line}: ${problem.reason}\n`);
    }
    const more = problems.length > PROBLEMS_SHOWN || truncated ? " (first shown above)" : "";
    const first = problems[0];
    throw new InputsIncomplete(
      "document_invalid",
      `${file} refused at ${stage}: ${problems.length}${truncated ? "+" : ""} problem(s)${more}, the first ${first?.path ?? "/"}: ${first?.reason ?? "?"}; nothing was imported`,
    );
  }
  const failure = report.failure;
  if (failure === null) return;
  const done = `${failure.submittedBefore} of ${report.entries} entries are in the ledger (${report.posted} posted now); run the same import again to complete it`;
  if (failure.transient) {
    throw new StoreUnreachable(`import of ${file} stopped: ${failure.reason}; ${done}`);
  }
  const [rejected] = report.rejected;
  const where = rejected === undefined ? "" : ` at ${rejected.path ?? rejected.entryId}`;
  throw new InputsIncomplete(
    failure.code ?? "import_stopped",
    `import of ${file} stopped${where}: ${failure.reason}; ${done}`,
  );
}

export function addImportCommand(program: Command): void {
  program
    .command("import")
    .description(
      "import an ISO 20022 camt.053 statement or pacs.008 transfers into a ledger: XSD-validated, mapped with rules, posted in atomic chunks with deterministic ids (importing a file again posts nothing)",
    )
    .addArgument(new Argument("<format>", "the document's message").choices(["camt053", "pacs008"]))
    .argument("<file>", "the XML document")
    .addOption(
      new Option("-l, --ledger <id>", "the ledger to post to (the rules' ledgerId)")
        .argParser(parseLedgerId)
        .makeOptionMandatory(),
    )
    .requiredOption("--rules <file>", "the mapping rules, JSON (docs/iso20022.md)")
    .addOption(
      new Option("--direction <direction>", "pacs008: inbound (default) or outbound").choices([
        "inbound",
        "outbound",
      ]),
    )
    .addOption(
      new Option("--format <format>", "report format").choices(["text", "json"]).default("text"),
    )
    .action(async (kind: ImportKind, file: string, options: ImportOptions, command: Command) => {
      if (options.direction !== undefined && kind !== "pacs008") {
        throw new UsageError("--direction applies to pacs008 only");
      }
      const { store } = await openFor(command);
      let report: ImportReport;
      try {
        report = await runImport(command, kind, file, options, store);
      } finally {
        await store.close().catch(() => undefined);
      }
      if (options.format === "json") await print(JSON.stringify(report, null, 2));
      failOn(report, file);
      if (options.format === "text") await print(summary(report, file));
    });
}

function openFor(command: Command): Promise<{ store: EventStore }> {
  return openStore(globals(command), cliLogger());
}
