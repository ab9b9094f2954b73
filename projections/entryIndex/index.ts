// Public surface of the entry index: the projection (register ENTRY_INDEX_PROJECTION under
// ENTRY_INDEX_PROJECTION_NAME with the read models), its tables, and withEntryIndex, the
// EventStore decorator whose readEntryEvents reads it (docs/entry-index.md).
export * from "./entryIndexProjection.js";
export * from "./entryIndexTables.js";
export * from "./indexedLookup.js";
