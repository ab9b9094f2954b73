// Public surface of schemas/: zod schemas for commands, events and their fields, the limits,
// and decimal amount parsing. JSON Schema and OpenAPI documents are generated from these.
export * from "./amount.js";
export * from "./commands.js";
export * from "./events.js";
export * from "./ifrs9.js";
export * from "./ifrs9Runs.js";
export * from "./limits.js";
export * from "./primitives.js";
export * from "./risk.js";
