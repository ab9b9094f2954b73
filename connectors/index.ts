// Public surface of connectors/: the NATS event publisher (events out to JetStream), its
// subject layout and its PostgreSQL migrations, the NATS command intake (commands in,
// request/reply) (docs/connectors.md), and command forwarding to a ledger's owner
// (docs/writer.md, "Forwarding"). Other folders import from here only.
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
export {
  DEFAULT_FORWARD_TIMEOUT_MS,
  DEFAULT_MAX_FORWARDS_IN_FLIGHT,
  DEFAULT_MAX_SERVED_IN_FLIGHT,
  forwardSubject,
  NatsCommandForwarding,
  type NatsCommandForwardingOptions,
} from "./nats/natsCommandForwarding.js";
export {
  DEFAULT_LEASE_BUCKET,
  DEFAULT_NATS_LEASE_RECONNECT_WAIT_MS,
  DEFAULT_NATS_LEASE_RENEW_EVERY_MS,
  DEFAULT_NATS_LEASE_REPLICAS,
  DEFAULT_NATS_LEASE_REQUEST_TIMEOUT_MS,
  DEFAULT_NATS_LEASE_TTL_MS,
  leaseKey,
  ledgerIdOfLeaseKey,
  NATS_LEASE_FAILOVER_BOUND_MS,
  NATS_LEASE_SAFETY_MARGIN_FRACTION,
  type NatsLeaseSettings,
  type NatsLedgerLeasesOptions,
} from "./nats/natsLeaseSettings.js";
export {
  NATS_LEASE_SETUP_TIMEOUT_MS,
  NatsLedgerLeases,
  NatsLeasesError,
  type NatsLeasesErrorCode,
} from "./nats/natsLedgerLeases.js";
