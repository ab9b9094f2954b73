// Canonical JSON, the byte form hashes and fingerprints are computed over: object keys sorted
// by UTF-16 code units, no white space, strings escaped as JSON.stringify does. For the values
// Folio hashes (strings, safe integers, booleans, null, arrays, objects) this is exactly
// RFC 8785 (JCS), so an auditor can recompute every hash with any JCS library. Floats are
// refused rather than formatted: money never travels as a float.
//
// It is on the hot path (twice per entry), so it is one recursive pass that appends to a
// string, skips the sort when keys already come in order (the core builds its objects that
// way), and remembers the escaped form of the keys it has seen. Callers that know the shape
// of what they hash (the event envelope, an entry's fingerprint) write it straight into one
// string with canonicalString and canonicalInteger, the same primitives this pass uses.
import type { JsonValue } from "./eventStorePort.js";
import { assert } from "./assert.js";

/** Escaped keys remembered; beyond this, keys are escaped each time (bounded memory). */
const KEY_CACHE_LIMIT = 4_096;
const escapedKeys = new Map<string, string>();

/** Printable ASCII but `"` and `\`: such a string needs no escaping. */
const PLAIN_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A string in canonical JSON (escaped exactly as JSON.stringify escapes it). */
export function canonicalString(value: string): string {
  return PLAIN_STRING.test(value) ? `"${value}"` : JSON.stringify(value);
}

/** A number in canonical JSON: safe integers only (money never travels as a float). */
export function canonicalInteger(value: number): string {
  assert(Number.isSafeInteger(value), `canonical JSON takes safe integers only, got ${value}`);
  return String(value);
}

export function canonicalJson(value: JsonValue): string {
  switch (typeof value) {
    case "string":
      return canonicalString(value);
    case "number":
      return canonicalInteger(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value);
  }
}

function canonicalArray(values: readonly JsonValue[]): string {
  let text = "[";
  for (let index = 0; index < values.length; index += 1) {
    if (index > 0) text += ",";
    text += canonicalJson(values[index] as JsonValue);
  }
  return `${text}]`;
}

function canonicalObject(object: { readonly [key: string]: JsonValue | undefined }): string {
  const keys = Object.keys(object);
  if (!inOrder(keys)) keys.sort();
  let text = "{";
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    if (!first) text += ",";
    first = false;
    text += escapedKey(key);
    text += canonicalJson(member);
  }
  return `${text}}`;
}

function inOrder(keys: readonly string[]): boolean {
  for (let index = 1; index < keys.length; index += 1) {
    if ((keys[index - 1] as string) > (keys[index] as string)) return false;
  }
  return true;
}

function escapedKey(key: string): string {
  const cached = escapedKeys.get(key);
  if (cached !== undefined) return cached;
  const escaped = `${JSON.stringify(key)}:`;
  if (escapedKeys.size < KEY_CACHE_LIMIT) escapedKeys.set(key, escaped);
  return escaped;
}
