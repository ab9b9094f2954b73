// libxml2's XSD problems of a document located as the parser writes element paths
// (`/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt`): libxml2 reports a line and an element
// name; a scan of the document's tags to that line finds the element's path. Only for the
// report: the document itself is read by the parser (xml.ts), never by this scan.
import type { ImportProblem } from "./importer.js";

/** Elements whose paths always carry an index, as in the parser's paths. */
const REPEATABLE = new Set(["Stmt", "Bal", "Ntry", "NtryDtls", "TxDtls", "Ustrd", "CdtTrfTxInf"]);
const TAG =
  /<(\/?)([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[^>]*?(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>/g;
const ELEMENT_IN_MESSAGE = /Element '(?:\{[^}]*\})?([A-Za-z_][\w.-]*)'/;

/**
 * libxml2's problems with the element path each names, as the parser writes paths: the
 * element named in the message, at its line (else the last one opened before that line).
 */
export function xsdProblems(
  xml: string,
  problems: readonly { readonly message: string; readonly line: number | null }[],
): ImportProblem[] {
  const wanted = problems.map((problem) => ({
    line: problem.line,
    name: ELEMENT_IN_MESSAGE.exec(problem.message)?.[1],
  }));
  const found = new Array<string | undefined>(problems.length);
  const exact = new Array<boolean>(problems.length).fill(false);
  const stack: { name: string; path: string; counts: Map<string, number> }[] = [];
  const rootCounts = new Map<string, number>();
  let line = 1;
  let scanned = 0;
  const maxLine = Math.max(0, ...wanted.map((target) => target.line ?? 0));
  for (const match of xml.matchAll(TAG)) {
    const index = match.index;
    line += countNewlines(xml, scanned, index);
    scanned = index;
    if (line > maxLine) break;
    const name = match[3];
    if (name === undefined) continue;
    if (match[1] === "/") {
      stack.pop();
      continue;
    }
    const parent = stack[stack.length - 1];
    const counts = parent?.counts ?? rootCounts;
    const position = (counts.get(name) ?? 0) + 1;
    counts.set(name, position);
    const step = REPEATABLE.has(name) ? `${name}[${position}]` : name;
    const path = `${parent?.path ?? ""}/${step}`;
    wanted.forEach((target, i) => {
      if (target.name !== name || target.line === null || exact[i] === true) return;
      if (line > target.line) return;
      found[i] = path;
      exact[i] = line === target.line;
    });
    if (match[4] !== "/") stack.push({ name, path, counts: new Map() });
  }
  return problems.map((problem, i) => ({
    path: found[i] ?? "/",
    ...(problem.line === null ? {} : { line: problem.line }),
    reason: cleanXsdMessage(problem.message),
  }));
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) {
    count += 1;
  }
  return count;
}

/** "document.xml:12: Schemas validity error : Element '{ns}Amt': ..." → "Element 'Amt': ...". */
function cleanXsdMessage(message: string): string {
  return message
    .replace(/^[^:]*:\d+:\s*/, "")
    .replace(/^Schemas validity error\s*:\s*/, "")
    .replace(/\{(?:urn|https?):[^}]*\}/g, "")
    .trim();
}
