// The importer's core with an in-memory `submit`: XSD first (a failing document submits
// nothing and names element paths and lines), chunks of at most the batch limit, duplicates
// counted on a second import, transient failures retried with backoff a bounded number of
// times, other failures and rejections stopping with what was submitted before, and the
// bounds on size and entries.
import { describe, expect, it } from "vitest";
import type { PostEntry } from "../../schemas/index.js";
import type { ChunkOutcome, ImportRequest } from "./importer.js";
import {
  decisionOutcome,
  importMessage,
  MAX_IMPORT_DOCUMENT_CHARS,
  transientSubmitError,
} from "./importer.js";
import { xsdProblems } from "./xsdProblems.js";
import { camtXml, pacsXml, type FixtureEntry } from "./testing/fixtures.js";

const rules = {
  ledgerId: "bank",
  nostroAccountId: "nostro",
  currency: "EUR",
  suspenseAccountId: "suspense",
  rules: [],
};

/** A ledger in memory: ids it has, chunks it saw. */
function memoryLedger() {
  const ids = new Set<string>();
  const chunks: (readonly PostEntry[])[] = [];
  const submit = (commands: readonly PostEntry[]): Promise<ChunkOutcome> => {
    chunks.push(commands);
    const results = commands.map((command) => {
      if (ids.has(command.entryId)) return "duplicate" as const;
      ids.add(command.entryId);
      return "posted" as const;
    });
    return Promise.resolve({ status: "applied", results });
  };
  return { ids, chunks, submit };
}

const many = (count: number): FixtureEntry[] =>
  Array.from({ length: count }, (_, i) => ({ ref: `N${i + 1}`, amount: "1.00" }));

const run = (overrides: Partial<ImportRequest> & Pick<ImportRequest, "submit">) =>
  importMessage({
    xml: camtXml(),
    kind: "camt053",
    rules,
    sleep: () => Promise.resolve(),
    ...overrides,
  });

describe("importMessage", () => {
  it("imports BOOK entries, reports skipped ones, and finds every entry a duplicate the second time", async () => {
    const ledger = memoryLedger();
    const first = await run({ submit: ledger.submit });
    expect(first).toMatchObject({
      status: "completed",
      messageId: "MSG-2026-11-20",
      ledgerId: "bank",
      entries: 2,
      posted: 2,
      duplicates: 0,
      skipped: [{ path: "/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]", reason: "status PDNG" }],
    });
    const second = await run({ submit: ledger.submit });
    expect(second).toMatchObject({ status: "completed", posted: 0, duplicates: 2 });
  });

  it("validates against the XSD first: a failing document is refused whole, nothing submitted", async () => {
    const ledger = memoryLedger();
    const xml = camtXml().replace("<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>BOTH</CdtDbtInd>");
    const report = await run({ xml, submit: ledger.submit });
    expect(report.status).toBe("refused");
    expect(report.refusal?.stage).toBe("xsd");
    expect(report.refusal?.problems[0]).toMatchObject({
      path: "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/CdtDbtInd",
      line: expect.any(Number) as number,
      reason: expect.stringContaining("BOTH") as string,
    });
    expect(ledger.chunks).toEqual([]);
  });

  it("refuses a DOCTYPE before libxml2 sees it, and names why a malformed document fails", async () => {
    const ledger = memoryLedger();
    const doctype = await run({
      xml: `<!DOCTYPE d [<!ENTITY e "x">]>${camtXml()}`,
      submit: ledger.submit,
    });
    expect(doctype.refusal).toMatchObject({ stage: "parse", problems: [{ path: "/" }] });
    const malformed = await run({ xml: "<Document><Stmt></Document>", submit: ledger.submit });
    expect(malformed.refusal?.problems[0]?.reason).toMatch(/^not well-formed XML/);
    expect(ledger.chunks).toEqual([]);
  });

  it("refuses a document the parser or the mapping refuses, with paths, submitting nothing", async () => {
    const ledger = memoryLedger();
    const decimals = await run({
      xml: camtXml({ entries: [{ ref: "A", amount: "1.001" }] }),
      submit: ledger.submit,
    });
    expect(decimals.refusal).toMatchObject({
      stage: "parse",
      problems: [{ path: "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt" }],
    });
    const usd = await run({ xml: camtXml({ ccy: "USD" }), submit: ledger.submit });
    expect(usd.refusal).toMatchObject({
      stage: "map",
      problems: [{ path: "/Document/BkToCstmrStmt/Stmt[1]/Acct/Ccy" }],
    });
    const badRules = await run({ rules: { ...rules, currency: "ZZZ" }, submit: ledger.submit });
    expect(badRules.refusal).toMatchObject({
      stage: "rules",
      problems: [{ path: "/rules/currency" }],
    });
    expect(ledger.chunks).toEqual([]);
  });

  it("submits in atomic chunks of at most the chunk size and tells progress", async () => {
    const ledger = memoryLedger();
    const progress: [number, number][] = [];
    const report = await run({
      xml: camtXml({ entries: many(25) }),
      submit: ledger.submit,
      chunkSize: 10,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(report).toMatchObject({ status: "completed", entries: 25, posted: 25 });
    expect(ledger.chunks.map((chunk) => chunk.length)).toEqual([10, 10, 5]);
    expect(progress).toEqual([
      [0, 25],
      [10, 25],
      [20, 25],
      [25, 25],
    ]);
  });

  it("never makes a chunk larger than the ledger's batch limit", async () => {
    const ledger = memoryLedger();
    await run({ xml: camtXml({ entries: many(1_001) }), submit: ledger.submit, chunkSize: 5_000 });
    expect(ledger.chunks.map((chunk) => chunk.length)).toEqual([1_000, 1]);
  });

  it("retries a transient failure with growing backoff, then succeeds", async () => {
    const ledger = memoryLedger();
    const waits: number[] = [];
    let failures = 2;
    const report = await run({
      submit: (commands) => {
        if (failures-- > 0)
          return Promise.reject(Object.assign(new Error("busy"), { code: "overloaded" }));
        return ledger.submit(commands);
      },
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    expect(report).toMatchObject({ status: "completed", posted: 2 });
    expect(waits).toEqual([100, 200]);
  });

  it("gives up after a bounded number of transient failures, saying what was submitted before", async () => {
    const ledger = memoryLedger();
    let attempts = 0;
    const report = await run({
      xml: camtXml({ entries: many(3) }),
      chunkSize: 2,
      maxAttempts: 3,
      submit: (commands) => {
        if (ledger.chunks.length === 0) return ledger.submit(commands);
        attempts += 1;
        return Promise.reject(Object.assign(new Error("unreachable"), { code: "unavailable" }));
      },
    });
    expect(attempts).toBe(3);
    expect(report).toMatchObject({
      status: "stopped",
      posted: 2,
      failure: { transient: true, code: "unavailable", submittedBefore: 2 },
    });
  });

  it("stops at once on a failure that is not transient", async () => {
    let attempts = 0;
    const report = await run({
      submit: () => {
        attempts += 1;
        return Promise.reject(new Error("a bug"));
      },
    });
    expect(attempts).toBe(1);
    expect(report).toMatchObject({
      status: "stopped",
      posted: 0,
      failure: { transient: false, reason: "a bug", submittedBefore: 0 },
    });
  });

  it("stops at a rejected chunk, naming the entry, its path and code; later chunks are not sent", async () => {
    const ledger = memoryLedger();
    const report = await run({
      xml: camtXml({ entries: many(5) }),
      chunkSize: 2,
      submit: (commands) =>
        ledger.chunks.length === 0
          ? ledger.submit(commands)
          : (ledger.chunks.push(commands),
            Promise.resolve({
              status: "rejected",
              code: "account_not_found",
              message: "no account x",
              index: 1,
            })),
    });
    expect(ledger.chunks).toHaveLength(2);
    expect(report).toMatchObject({
      status: "stopped",
      posted: 2,
      rejected: [{ path: "/Document/BkToCstmrStmt/Stmt[1]/Ntry[4]", code: "account_not_found" }],
      failure: { code: "account_not_found", submittedBefore: 2 },
    });
  });

  it("bounds the document size and the entries", async () => {
    const ledger = memoryLedger();
    const huge = await run({
      xml: " ".repeat(MAX_IMPORT_DOCUMENT_CHARS + 1),
      submit: ledger.submit,
    });
    expect(huge.refusal?.stage).toBe("size");
    const tooMany = await run({
      xml: camtXml({ entries: many(3) }),
      maxEntries: 2,
      submit: ledger.submit,
    });
    expect(tooMany.refusal?.stage).toBe("limits");
    expect(ledger.chunks).toEqual([]);
  });

  it("imports pacs.008 in either direction", async () => {
    const ledger = memoryLedger();
    const captured: PostEntry[] = [];
    const report = await importMessage({
      xml: pacsXml(),
      kind: "pacs008",
      rules,
      direction: "outbound",
      submit: (commands) => {
        captured.push(...commands);
        return ledger.submit(commands);
      },
    });
    expect(report).toMatchObject({ status: "completed", messageId: "PACS-MSG-1", posted: 2 });
    expect(captured[0]?.postings[0]).toMatchObject({ accountId: "nostro", side: "credit" });
  });
});

describe("decisionOutcome", () => {
  it("reads accepted, duplicate and mixed batches part by part, and a rejection's index", () => {
    expect(decisionOutcome({ status: "accepted" }, 2)).toEqual({
      status: "applied",
      results: ["posted", "posted"],
    });
    expect(
      decisionOutcome(
        { status: "accepted", parts: [{ status: "duplicate" }, { status: "accepted" }] },
        2,
      ),
    ).toEqual({ status: "applied", results: ["duplicate", "posted"] });
    expect(decisionOutcome({ status: "duplicate" }, 1)).toEqual({
      status: "applied",
      results: ["duplicate"],
    });
    expect(
      decisionOutcome(
        {
          status: "rejected",
          rejection: { code: "unbalanced", message: "no", details: { index: 3 } },
        },
        5,
      ),
    ).toEqual({ status: "rejected", code: "unbalanced", message: "no", index: 3 });
  });

  it("counts overloaded, unavailable, conflicts and 503s as transient, not the rest", () => {
    expect(transientSubmitError(Object.assign(new Error(), { code: "overloaded" }))).toBe(true);
    expect(transientSubmitError({ status: 503 })).toBe(true);
    expect(transientSubmitError(Object.assign(new Error(), { code: "event_invalid" }))).toBe(false);
    expect(transientSubmitError(new Error("x"))).toBe(false);
  });
});

describe("xsdProblems", () => {
  it("names the element at the problem's line with the parser's indexed paths", () => {
    const xml =
      "<Document>\n<A>\n<Ntry>\n<B/>\n</Ntry>\n<Ntry>\n<B>x</B>\n</Ntry>\n</A>\n</Document>";
    expect(
      xsdProblems(xml, [
        { message: "document.xml:7: Schemas validity error : Element '{urn:x}B': bad", line: 7 },
        { message: "something else", line: null },
      ]),
    ).toEqual([
      { path: "/Document/A/Ntry[2]/B", line: 7, reason: "Element 'B': bad" },
      { path: "/", reason: "something else" },
    ]);
  });
});
