// The event-store folder's public surface: the EventStore port's adapters (memory,
// postgres, eventstoredb), the database bootstrap, the shared pg pool, the error types and
// the test-database helper. Other folders import from here only.
export { createMemoryEventStore, type MemoryEventStoreOptions } from "./memory/memoryEventStore.js";
export { createMemorySnapshotStore } from "./memory/memorySnapshotStore.js";
export { createPostgresSnapshotStore } from "./postgres/postgresSnapshotStore.js";
export {
  openPostgresEventStore,
  MAX_APPEND_ATTEMPTS,
  type PostgresEventStoreOptions,
} from "./postgres/postgresEventStore.js";
export {
  applyMigrations,
  MIGRATIONS,
  EVENT_STORE_MIGRATIONS,
  EVENTS_CHANNEL,
  type Migration,
  type MigrationSet,
} from "./postgres/migrations.js";
export {
  createPool,
  DEFAULT_POOL_SIZE,
  IDLE_IN_TRANSACTION_TIMEOUT_MS,
  type PoolOptions,
} from "./postgres/pool.js";
export {
  PostgresLedgerLeases,
  DEFAULT_LEASE_SERVER_IDLE_TIMEOUT_MS,
  LEASE_CONNECT_TIMEOUT_MS,
  type PostgresLedgerLeasesOptions,
} from "./postgres/postgresLedgerLeases.js";
export {
  openDatabase,
  DEFAULT_DATA_DIR,
  type Database,
  type OpenDatabaseOptions,
} from "./postgres/database.js";
export {
  openEventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from "./eventstoredb/eventStoreDbEventStore.js";
export {
  EventStoreError,
  DatabaseError,
  WrongExpectedRevisionError,
  type EventStoreErrorCode,
  type DatabaseErrorCode,
} from "./errors.js";
export { MAX_APPEND_EVENTS } from "./shared/validation.js";
export { backoffDelayMs, isTransientError } from "./shared/transientErrors.js";
export { createTestDatabase, type TestDatabase } from "./testing/testDatabase.js";
