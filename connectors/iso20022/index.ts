// Public surface of the ISO 20022 message layer (docs/iso20022.md): camt.053.001.08 and
// pacs.008.001.08 parsing, mapping rules, deterministic entry ids, the mapping to PostEntry
// commands, camt.053 export and XSD validation. Pure: no database, no HTTP.
export * from "./camt053.js";
export * from "./camt053Export.js";
export { CURRENCY_MINOR_UNITS, formatIsoAmount, parseIsoAmount, scaleOf } from "./currencies.js";
export type { AccountId, CreditDebit, IsoAmount, IsoDate } from "./fields.js";
export * from "./entryIds.js";
export * from "./issues.js";
export * from "./mapCamt053.js";
export * from "./mapPacs008.js";
export * from "./mappingRules.js";
export * from "./pacs008.js";
export * from "./xsdValidator.js";
export * from "./importer.js";
export { xsdProblems } from "./xsdProblems.js";
export { MAX_XML_DEPTH, MAX_XML_LENGTH } from "./xml.js";
