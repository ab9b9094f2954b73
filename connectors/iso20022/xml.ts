// Safe XML reading for ISO 20022 messages: refuses a DOCTYPE (the only place entities can be
// declared, so no entity expansion and no external fetches), checks well-formedness with
// fast-xml-parser's validator, parses with string values only (no number coercion), and turns
// the parser's output into a small typed tree whose nodes know their element path.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { IsoResult } from "./issues.js";
import { refused } from "./issues.js";

/** Bytes (UTF-16 code units) of XML accepted in one message. */
export const MAX_XML_LENGTH = 16 * 1024 * 1024;
/** Element nesting accepted (camt.053 needs about 12 levels). */
export const MAX_XML_DEPTH = 40;

const TEXT = "#text";
const ATTRIBUTE_PREFIX = "@";

/** One element: its path, attributes, text as written and children by local name, in order. */
export interface XmlNode {
  readonly path: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly text: string;
  readonly children: ReadonlyMap<string, readonly XmlNode[]>;
}

/** The root element and the namespace URI its own prefix (or the default) is bound to. */
export interface XmlDocument {
  readonly root: XmlNode;
  readonly rootName: string;
  readonly namespace: string | undefined;
}

/** Elements the schemas let repeat: their paths always carry a 1-based index. */
const REPEATABLE = new Set(["Stmt", "Bal", "Ntry", "NtryDtls", "TxDtls", "Ustrd", "CdtTrfTxInf"]);

const DOCTYPE = /<!DOCTYPE/i;
const ENTITY = /<!ENTITY/i;

/** Parses `xml` safely; a DOCTYPE, an oversized or malformed document is refused. */
export function parseXml(xml: string): IsoResult<XmlDocument> {
  if (xml.length > MAX_XML_LENGTH) {
    return refused("/", `the document is larger than ${MAX_XML_LENGTH} characters`);
  }
  if (DOCTYPE.test(xml) || ENTITY.test(xml)) {
    return refused("/", "a DOCTYPE or entity declaration is not accepted");
  }
  // Deprecated in favour of the split-out fast-xml-validator, not yet a declared dependency.
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const { msg, line } = wellFormed.err;
    return refused("/", `not well-formed XML (line ${line}): ${msg}`);
  }
  let rootQName: string | undefined;
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    textNodeName: TEXT,
    parseTagValue: false,
    parseAttributeValue: false,
    // Text is kept as written (remittance lines keep their spaces); typed values are
    // trimmed by their readers (textAt), as XSD whitespace collapsing would.
    trimValues: false,
    alwaysCreateTextNode: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Only the five predefined entities and character references can occur (no DOCTYPE).
    processEntities: true,
    maxNestedTags: MAX_XML_DEPTH,
    isArray: (_name, _jpath, _isLeaf, isAttribute) => !isAttribute,
    transformTagName: (name) => {
      rootQName ??= name;
      return localName(name);
    },
  });
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
  } catch (error) {
    return refused("/", `not readable XML: ${error instanceof Error ? error.message : "?"}`);
  }
  return toDocument(parsed, rootQName);
}

function toDocument(parsed: unknown, rootQName: string | undefined): IsoResult<XmlDocument> {
  if (!isRecord(parsed) || rootQName === undefined) return refused("/", "no root element");
  const names = Object.keys(parsed);
  const rootName = localName(rootQName);
  const rootValue = parsed[rootName];
  if (names.length !== 1 || !Array.isArray(rootValue) || rootValue.length !== 1) {
    return refused("/", "the document must have exactly one root element");
  }
  const root = toNode(rootValue[0], `/${rootName}`);
  const prefix = rootQName.includes(":") ? rootQName.slice(0, rootQName.indexOf(":")) : "";
  const namespace = root.attributes.get(prefix === "" ? "xmlns" : `xmlns:${prefix}`);
  return { ok: true, value: { root, rootName, namespace } };
}

function toNode(value: unknown, path: string): XmlNode {
  const attributes = new Map<string, string>();
  const children = new Map<string, XmlNode[]>();
  let text = "";
  if (typeof value === "string") return { path, attributes, text: value, children };
  if (!isRecord(value)) return { path, attributes, text, children };
  for (const [key, child] of Object.entries(value)) {
    if (key === TEXT) text = typeof child === "string" ? child : String(child);
    else if (key.startsWith(ATTRIBUTE_PREFIX)) {
      attributes.set(key.slice(ATTRIBUTE_PREFIX.length), typeof child === "string" ? child : "");
    } else if (Array.isArray(child)) {
      const items: unknown[] = child;
      const many = items.length > 1 || REPEATABLE.has(key);
      children.set(
        key,
        items.map((item, index) =>
          toNode(item, many ? `${path}/${key}[${index + 1}]` : `${path}/${key}`),
        ),
      );
    }
  }
  return { path, attributes, text, children };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(":");
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

/** The children named `name` (empty when absent). */
export function childrenOf(node: XmlNode, name: string): readonly XmlNode[] {
  return node.children.get(name) ?? [];
}

/** The first child named `name`, if any. */
export function childOf(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node === undefined ? undefined : node.children.get(name)?.[0];
}

/** The node at a chain of child names, if every step exists. */
export function descend(
  node: XmlNode | undefined,
  ...names: readonly string[]
): XmlNode | undefined {
  let current = node;
  for (const name of names) current = childOf(current, name);
  return current;
}

/** Trimmed text at a chain of child names, or undefined when absent or empty. */
export function textAt(node: XmlNode | undefined, ...names: readonly string[]): string | undefined {
  const found = descend(node, ...names);
  const text = found?.text.trim() ?? "";
  return text === "" ? undefined : text;
}

/** The path an absent child would have (for "missing element" errors). */
export function pathOf(node: XmlNode, ...names: readonly string[]): string {
  return [node.path, ...names].join("/");
}
