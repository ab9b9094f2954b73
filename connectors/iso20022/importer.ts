// The ISO 20022 importer: one camt.053 or pacs.008 document into a ledger. The core is free of
// I/O: it validates the document against the bundled XSD first (a document that fails is
// refused as a whole, nothing submitted), parses it, maps it with the rules, and submits the
// commands in atomic chunks (at most the ledger's batch limit) through an injected `submit`.
// Ids are deterministic, so importing a file again posts nothing new (every entry is a
// duplicate) and a re-run completes an import that stopped part way. A transient failure of
// `submit` (overloaded, unavailable, a concurrent writer) is retried with backoff a bounded
// number of times; any other failure, or a chunk the ledger rejects, stops the import and the
// report says what was posted before. The HTTP route and the `folio import` command supply
// `submit`; `decisionOutcome` turns a ledger Decision of an AtomicBatch into a chunk outcome.
import { performance } from "node:perf_hooks";
import type { PostEntry } from "../../schemas/index.js";
import { MAX_COMMANDS_PER_BATCH } from "../../schemas/index.js";
import type { Camt053Message } from "./camt053.js";
import { parseCamt053 } from "./camt053.js";
import type { IsoResult } from "./issues.js";
import { MAX_ISSUES } from "./issues.js";
import type { MappingOutcome, SkippedItem } from "./mapCamt053.js";
import { mapCamt053 } from "./mapCamt053.js";
import type { TransferDirection } from "./mapPacs008.js";
import { mapPacs008 } from "./mapPacs008.js";
import type { CompiledRules } from "./mappingRules.js";
import { compileMappingRules } from "./mappingRules.js";
import type { Pacs008Message } from "./pacs008.js";
import { parsePacs008 } from "./pacs008.js";
import type { BundledMessage, XsdValidator } from "./xsdValidator.js";
import { bundledValidator } from "./xsdValidator.js";
import { xsdProblems } from "./xsdProblems.js";
import { MAX_XML_LENGTH } from "./xml.js";

export type ImportKind = "camt053" | "pacs008";

/** Characters (UTF-16 code units) of XML one import accepts: the parser's own bound, 16 Mi. */
export const MAX_IMPORT_DOCUMENT_CHARS = MAX_XML_LENGTH;
/** Entries (mapped commands) one document may carry. */
export const MAX_IMPORT_ENTRIES = 100_000;
/** Entries per atomic chunk: the ledger's batch limit. */
export const IMPORT_CHUNK_SIZE = MAX_COMMANDS_PER_BATCH;
/** Attempts of one chunk when `submit` fails transiently (the first one included). */
export const MAX_SUBMIT_ATTEMPTS = 5;
/** The first retry waits this long, ms; each next one twice as long (100, 200, 400, 800). */
export const FIRST_BACKOFF_MS = 100;

export const MESSAGE_OF_KIND: Readonly<Record<ImportKind, BundledMessage>> = {
  camt053: "camt.053.001.08",
  pacs008: "pacs.008.001.08",
};

/** A problem of a refused document: the element path, its line when known, and the reason. */
export interface ImportProblem {
  readonly path: string;
  readonly line?: number;
  readonly reason: string;
}

/** How one atomic chunk was decided by the ledger. */
export type ChunkOutcome =
  | {
      /** Every command applied: each is posted now, or was already (a duplicate). */
      readonly status: "applied";
      readonly results: readonly ("posted" | "duplicate")[];
    }
  | {
      /** The ledger refused the chunk (nothing of it applied): the failing command and why. */
      readonly status: "rejected";
      readonly code: string;
      readonly message: string;
      /** Position of the failing command in the chunk, when the ledger names it. */
      readonly index?: number;
    };

export type SubmitChunk = (commands: readonly PostEntry[]) => Promise<ChunkOutcome>;

export interface ImportRequest {
  readonly xml: string;
  readonly kind: ImportKind;
  /** The mapping configuration (JSON, validated here) or rules already compiled. */
  readonly rules: unknown;
  /** pacs.008 only: inbound (default) or outbound. */
  readonly direction?: TransferDirection;
  readonly submit: SubmitChunk;
  /** Whether a failure of `submit` may pass if retried (default: transientSubmitError). */
  readonly isTransient?: (error: unknown) => boolean;
  /** The validator (default: the bundled schema of the kind). */
  readonly validator?: XsdValidator;
  /** Told after each chunk: entries submitted so far and the total to submit. */
  readonly onProgress?: (submitted: number, total: number) => void;
  /** Told when the phase changes (validate, parse, map, submit), e.g. to label progress. */
  readonly onPhase?: (phase: ImportPhase) => void;
  readonly chunkSize?: number;
  /** Entries one document may carry (default and ceiling MAX_IMPORT_ENTRIES). */
  readonly maxEntries?: number;
  readonly maxAttempts?: number;
  readonly firstBackoffMs?: number;
  /** How to wait between attempts (tests pass a fake). */
  readonly sleep?: (ms: number) => Promise<void>;
}

export type ImportPhase = "validate" | "parse" | "map" | "submit";

/** A command the ledger refused, with the item of the document it came from. */
export interface RejectedItem {
  readonly entryId: string;
  readonly path?: string;
  readonly code: string;
  readonly message: string;
}

export interface ImportTimings {
  readonly validateMs: number;
  readonly parseMs: number;
  readonly mapMs: number;
  readonly submitMs: number;
}

/**
 * What an import did. `completed`: every entry is in the ledger (posted now or before);
 * `refused`: the document (or the rules) failed, nothing was submitted; `stopped`: a chunk was
 * rejected or `submit` failed, the chunks before it are in the ledger (run again to complete).
 */
export interface ImportReport {
  readonly status: "completed" | "refused" | "stopped";
  readonly kind: ImportKind;
  /** The message's MsgId (null when the document could not be read). */
  readonly messageId: string | null;
  readonly ledgerId: string | null;
  /** Entries found in the document (mapped commands). */
  readonly entries: number;
  /** Entries posted by this import. */
  readonly posted: number;
  /** Entries the ledger had already (imported before: an idempotent replay). */
  readonly duplicates: number;
  /** Items not turned into entries (camt.053 PDNG, INFO, FUTR) and why. */
  readonly skipped: readonly SkippedItem[];
  /** Commands the ledger refused (the import stopped at the first). */
  readonly rejected: readonly RejectedItem[];
  /** Why the document was refused: `stage` says which check, `problems` what and where. */
  readonly refusal: {
    readonly stage: "size" | "rules" | "xsd" | "parse" | "map" | "limits";
    readonly problems: readonly ImportProblem[];
    readonly truncated: boolean;
  } | null;
  /** Why the import stopped part way (a rejection or a failure of `submit`). */
  readonly failure: {
    readonly reason: string;
    /** The rejection's code, or the error's code when it has one. */
    readonly code: string | null;
    /** The failure answered retries in vain (transient: run the import again later). */
    readonly transient: boolean;
    /** Entries submitted in chunks that were applied before it. */
    readonly submittedBefore: number;
  } | null;
  readonly timings: ImportTimings;
}

const WRITER_TRANSIENT_CODES = new Set([
  "overloaded",
  "unavailable",
  "concurrency_conflict",
  "append_failed",
  "request_timeout",
]);

/** The default test of a transient failure: an error whose `code` says "retry later". */
export function transientSubmitError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  const status = (error as { status?: unknown }).status;
  return (typeof code === "string" && WRITER_TRANSIENT_CODES.has(code)) || status === 503;
}

const validators = new Map<ImportKind, Promise<XsdValidator>>();

/** The import validator of `kind`, its schema read once per process. */
function validatorOf(kind: ImportKind): Promise<XsdValidator> {
  let validator = validators.get(kind);
  if (validator === undefined) {
    validator = bundledValidator(MESSAGE_OF_KIND[kind]);
    validators.set(kind, validator);
    validator.catch(() => validators.delete(kind));
  }
  return validator;
}

const wait = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Imports one document: validate, parse, map, submit in atomic chunks; never throws for the document's faults. */
export async function importMessage(request: ImportRequest): Promise<ImportReport> {
  const timings = { validateMs: 0, parseMs: 0, mapMs: 0, submitMs: 0 };
  const base = {
    kind: request.kind,
    messageId: null as string | null,
    ledgerId: null as string | null,
    entries: 0,
    posted: 0,
    duplicates: 0,
    skipped: [] as readonly SkippedItem[],
    rejected: [] as readonly RejectedItem[],
    refusal: null,
    failure: null,
    timings,
  };
  const refuse = (
    stage: NonNullable<ImportReport["refusal"]>["stage"],
    problems: readonly ImportProblem[],
    truncated = false,
  ): ImportReport => ({
    ...base,
    status: "refused",
    refusal: { stage, problems: problems.slice(0, MAX_ISSUES), truncated },
  });

  if (request.xml.length > MAX_IMPORT_DOCUMENT_CHARS) {
    return refuse("size", [
      {
        path: "/",
        reason: `the document has ${request.xml.length} characters, more than the ${MAX_IMPORT_DOCUMENT_CHARS} one import accepts`,
      },
    ]);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(request.xml)) {
    // Refused before libxml2 sees it, as the parser refuses it: no entity is ever declared.
    return refuse("parse", [
      { path: "/", reason: "a DOCTYPE or entity declaration is not accepted" },
    ]);
  }
  const rules = compiledRules(request.rules);
  if (!rules.ok) return refuse("rules", rules.problems);
  base.ledgerId = rules.rules.config.ledgerId;

  request.onPhase?.("validate");
  let started = performance.now();
  const validator = request.validator ?? (await validatorOf(request.kind));
  let validation;
  try {
    validation = await validator.validate(request.xml);
  } catch (error) {
    // xmllint-wasm throws, rather than reporting problems, for a document it cannot read
    // (not well-formed) or a validation it cannot finish: the parser says why, else the error.
    const read = parse(request.kind, request.xml);
    if (!read.ok) return refuse("parse", read.errors, read.truncated);
    const reason = messageOf(error).split("\n")[0] ?? "";
    return refuse("xsd", [{ path: "/", reason: `the XSD validation could not run: ${reason}` }]);
  }
  timings.validateMs = performance.now() - started;
  if (!validation.valid) {
    const problems = xsdProblems(request.xml, validation.problems);
    return refuse("xsd", problems, validation.problems.length >= MAX_ISSUES);
  }

  request.onPhase?.("parse");
  started = performance.now();
  const parsed = parse(request.kind, request.xml);
  timings.parseMs = performance.now() - started;
  if (!parsed.ok) return refuse("parse", parsed.errors, parsed.truncated);
  base.messageId = parsed.value.messageId;

  request.onPhase?.("map");
  started = performance.now();
  const mapped: MappingOutcome =
    "statements" in parsed.value
      ? mapCamt053(parsed.value, rules.rules)
      : mapPacs008(parsed.value, rules.rules, request.direction ?? "inbound");
  timings.mapMs = performance.now() - started;
  base.skipped = mapped.skipped;
  if (mapped.errors.length > 0) {
    return refuse("map", mapped.errors, mapped.errors.length > MAX_ISSUES);
  }
  base.entries = mapped.commands.length;
  const maxEntries = Math.min(request.maxEntries ?? MAX_IMPORT_ENTRIES, MAX_IMPORT_ENTRIES);
  if (mapped.commands.length > maxEntries) {
    return refuse("limits", [
      {
        path: "/",
        reason: `the document has ${mapped.commands.length} entries, more than the ${maxEntries} one import accepts; split it`,
      },
    ]);
  }

  request.onPhase?.("submit");
  started = performance.now();
  const result = await submitAll(request, mapped.commands, itemPathsOf(parsed.value));
  timings.submitMs = performance.now() - started;
  return {
    ...base,
    status: result.failure === null ? "completed" : "stopped",
    posted: result.posted,
    duplicates: result.duplicates,
    rejected: result.rejected,
    failure: result.failure,
  };
}

function parse(kind: ImportKind, xml: string): IsoResult<Camt053Message | Pacs008Message> {
  return kind === "camt053" ? parseCamt053(xml) : parsePacs008(xml);
}

interface SubmitResult {
  posted: number;
  duplicates: number;
  rejected: RejectedItem[];
  failure: ImportReport["failure"];
}

async function submitAll(
  request: ImportRequest,
  commands: readonly PostEntry[],
  itemPaths: readonly string[],
): Promise<SubmitResult> {
  const chunkSize = Math.min(request.chunkSize ?? IMPORT_CHUNK_SIZE, MAX_COMMANDS_PER_BATCH);
  const maxAttempts = Math.max(1, request.maxAttempts ?? MAX_SUBMIT_ATTEMPTS);
  const isTransient = request.isTransient ?? transientSubmitError;
  const sleep = request.sleep ?? wait;
  const result: SubmitResult = { posted: 0, duplicates: 0, rejected: [], failure: null };
  let submitted = 0;
  request.onProgress?.(0, commands.length);
  for (let first = 0; first < commands.length; first += chunkSize) {
    const chunk = commands.slice(first, first + chunkSize);
    let outcome: ChunkOutcome | undefined;
    for (let attempt = 1; outcome === undefined; attempt += 1) {
      try {
        outcome = await request.submit(chunk);
      } catch (error) {
        const transient = isTransient(error);
        if (!transient || attempt >= maxAttempts) {
          result.failure = {
            reason: `${transient ? `still failing after ${attempt} attempts: ` : ""}${messageOf(error)}`,
            code: codeOf(error),
            transient,
            submittedBefore: submitted,
          };
          return result;
        }
        await sleep((request.firstBackoffMs ?? FIRST_BACKOFF_MS) * 2 ** (attempt - 1));
      }
    }
    if (outcome.status === "rejected") {
      const failing = chunk[outcome.index ?? -1];
      if (failing !== undefined) {
        const path = itemPaths[first + (outcome.index ?? 0)];
        result.rejected.push({
          entryId: failing.entryId,
          ...(path === undefined ? {} : { path }),
          code: outcome.code,
          message: outcome.message,
        });
      }
      result.failure = {
        reason: `the ledger rejected entries ${first + 1}..${first + chunk.length}: ${outcome.message}`,
        code: outcome.code,
        transient: false,
        submittedBefore: submitted,
      };
      return result;
    }
    for (const status of outcome.results) {
      if (status === "posted") result.posted += 1;
      else result.duplicates += 1;
    }
    submitted += chunk.length;
    request.onProgress?.(submitted, commands.length);
  }
  return result;
}

/** The ledger's answer to an AtomicBatch of `count` commands, as a chunk outcome. */
export function decisionOutcome(
  decision: {
    readonly status: "accepted" | "duplicate" | "rejected";
    readonly parts?: readonly { readonly status: string }[];
    readonly rejection?: {
      readonly code: string;
      readonly message: string;
      readonly details: Readonly<Record<string, string | number>>;
    };
  },
  count: number,
): ChunkOutcome {
  if (decision.status === "rejected") {
    const rejection = decision.rejection;
    const index = rejection?.details.index;
    return {
      status: "rejected",
      code: rejection?.code ?? "rejected",
      message: rejection?.message ?? "the ledger rejected the batch",
      ...(typeof index === "number" ? { index } : {}),
    };
  }
  const parts = decision.parts;
  const all = decision.status === "accepted" ? "posted" : "duplicate";
  const results = Array.from({ length: count }, (_, index) => {
    const part = parts?.[index];
    if (part === undefined) return all;
    return part.status === "duplicate" ? "duplicate" : "posted";
  });
  return { status: "applied", results };
}

function compiledRules(
  rules: unknown,
): { ok: true; rules: CompiledRules } | { ok: false; problems: ImportProblem[] } {
  if (isCompiled(rules)) return { ok: true, rules };
  const compiled = compileMappingRules(rules);
  if (compiled.ok) return compiled;
  return {
    ok: false,
    problems: compiled.errors.map((issue) => ({
      path: `/rules${issue.path.map((part) => `/${String(part)}`).join("")}`,
      reason: issue.message,
    })),
  };
}

function isCompiled(rules: unknown): rules is CompiledRules {
  return (
    typeof rules === "object" &&
    rules !== null &&
    "counterAccountFor" in rules &&
    typeof (rules as { counterAccountFor?: unknown }).counterAccountFor === "function"
  );
}

/**
 * The path of each command's item, in the commands' order: a mapping without errors turns
 * every BOOK entry (camt.053) or every transaction (pacs.008) into one command, in order.
 */
function itemPathsOf(message: Camt053Message | Pacs008Message): string[] {
  if ("statements" in message) {
    return message.statements.flatMap((statement) =>
      statement.entries.filter((entry) => entry.status === "BOOK").map((entry) => entry.path),
    );
  }
  return message.transactions.map((transfer) => transfer.path);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function codeOf(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : null;
}
