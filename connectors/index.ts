// Public surface of connectors/: the NATS event publisher (events out to JetStream), its
// subject layout and its PostgreSQL migrations, and the NATS command intake (commands in,
// request/reply) (docs/connectors.md). Other folders import
// from here only.
export * from "./nats/publisher.js";
export { CONNECTOR_MIGRATIONS, type AccountBalances } from "./nats/migrations.js";
export { BALANCE_EVENT_TYPES, type BalanceAfter } from "./nats/balancesAfter.js";
export {
  HEADER_CORRELATION_ID,
  HEADER_HASH,
  HEADER_LEDGER_ID,
  HEADER_MSG_ID,
  HEADER_POSITION,
  HEADER_SEQUENCE,
  type MessageBody,
} from "./nats/publisherMessages.js";
export * from "./nats/subjects.js";
export {
  startCommandIntake,
  type CommandIntake,
  type CommandIntakeOptions,
  type CommandIntakeStatus,
  type CommandReply,
  type Dispatch,
  type DispatchRequest,
  type DispatchResponse,
} from "./nats/commandIntake.js";
