// XSD validation of ISO 20022 documents behind a small interface, implemented with
// xmllint-wasm (libxml2 compiled to WebAssembly: no native build, no network). The official
// camt.053.001.08 and pacs.008.001.08 schemas are bundled in ./xsd (see LICENSE-ISO20022.md).
import { readFile } from "node:fs/promises";
import { validateXML } from "xmllint-wasm";

export interface XsdProblem {
  readonly message: string;
  readonly line: number | null;
}

export interface XsdValidationResult {
  readonly valid: boolean;
  readonly problems: readonly XsdProblem[];
}

/** Validates a document against the schema(s) it was made with. */
export interface XsdValidator {
  validate(xml: string): Promise<XsdValidationResult>;
}

export interface SchemaFile {
  readonly fileName: string;
  readonly contents: string;
}

/** Problems kept per validation (libxml2 may report one per bad element). */
const MAX_PROBLEMS = 100;

/**
 * WebAssembly memory of one validation, in 64 KiB pages: 256 MiB. xmllint-wasm's default
 * (32 MiB) runs out on documents of about 4 MiB; streaming validation of the largest document
 * Folio takes (16 Mi characters) needs about 100 MiB.
 */
export const XSD_MAX_MEMORY_PAGES = 4_096;

/**
 * An XsdValidator over `schemas` (the main schema first, then any it imports): libxml2's
 * streaming validation (xmllint --stream: the document is never held as a tree).
 */
export function xmllintValidator(schemas: readonly SchemaFile[]): XsdValidator {
  const [main, ...preload] = schemas;
  if (main === undefined) throw new RangeError("at least one schema file is needed");
  return {
    async validate(xml: string): Promise<XsdValidationResult> {
      const result = await validateXML({
        xml: { fileName: "document.xml", contents: xml },
        schema: main,
        preload,
        stream: true,
        maxMemoryPages: XSD_MAX_MEMORY_PAGES,
      });
      return {
        valid: result.valid,
        problems: result.errors.slice(0, MAX_PROBLEMS).map((error) => ({
          message: error.message,
          line: error.loc?.lineNumber ?? null,
        })),
      };
    },
  };
}

export type BundledMessage = "camt.053.001.08" | "pacs.008.001.08";

/** The bundled official schema of `message`. */
export async function bundledSchema(message: BundledMessage): Promise<SchemaFile> {
  const fileName = `${message}.xsd`;
  const contents = await readFile(new URL(`./xsd/${fileName}`, import.meta.url), "utf8");
  return { fileName, contents };
}

/** A validator for `message` against its bundled official XSD. */
export async function bundledValidator(message: BundledMessage): Promise<XsdValidator> {
  return xmllintValidator([await bundledSchema(message)]);
}
