// The process configuration, read once from the environment and validated: a bad value stops
// the start with a clear message instead of surfacing later.
import { z } from "zod";

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: z.string().min(1).optional(),
  FOLIO_DATA_DIR: z.string().min(1).default("./.folio"),
  FOLIO_ADMIN_KEY: z.string().min(24, "FOLIO_ADMIN_KEY must be at least 24 characters").optional(),
  EVENTSTORE_URL: z.string().min(1).optional(),
  NATS_URL: z.string().min(1).optional(),
  /** The JetStream stream the event publisher writes (created if missing). */
  FOLIO_NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and - only")
    .default("FOLIO_EVENTS"),
  /** How long the stream keeps a message, seconds (when it creates the stream). */
  FOLIO_NATS_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(10 * 365 * 86_400)
    .default(7 * 86_400),
  /** How many bytes the stream keeps at most; the oldest messages go first. */
  FOLIO_NATS_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(2 ** 50)
    .default(10 * 1024 ** 3),
  /** First subject token of events (`<prefix>.events.>`) and commands (`<prefix>.cmd.>`). */
  FOLIO_NATS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and - only")
    .default("folio"),
  /**
   * in-process: the API process runs the read models' projections itself. off: it does not (a
   * separate `npm run projector` process does); its readiness reads their lag from the
   * checkpoints.
   */
  FOLIO_PROJECTIONS: z.enum(["in-process", "off"]).default("in-process"),
  /**
   * on: one of several API processes on the same event store (docs/operations.md, "Running
   * several Folio processes"): each ledger is written by the one process holding its lease,
   * the others forward its requests there over NATS. Needs NATS_URL and DATABASE_URL (the
   * shared PostgreSQL). off: a single process, as before.
   */
  FOLIO_CLUSTER: z.enum(["on", "off"]).default("off"),
  /**
   * Where cluster mode keeps the ledger leases: postgres (session advisory locks on
   * DATABASE_URL) or nats (a JetStream key-value bucket with a TTL). Default: postgres on the
   * PostgreSQL event store, nats with EVENTSTORE_URL.
   */
  FOLIO_CLUSTER_LEASES: z.enum(["postgres", "nats"]).optional(),
  /**
   * NATS leases: a dead process's ledgers are free for others this long after its last
   * renewal (ms); every process of a cluster must use the same value.
   */
  FOLIO_CLUSTER_LEASE_TTL_MS: z.coerce.number().int().min(1_200).max(600_000).default(6_000),
  /** on: serve the web console at /console, building it at start when its sources changed. */
  FOLIO_CONSOLE: z.enum(["on", "off"]).default("on"),
  /** Where the projector process (`npm run projector`) serves its health probes and metrics. */
  FOLIO_PROJECTOR_PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
  /** Largest request body in bytes (a batch of 1,000 entries fits). */
  FOLIO_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(64 * 1024 * 1024)
    .default(4 * 1024 * 1024),
  /** Requests per minute one API key may send to /v1 (429 above it); 0 turns the limit off. */
  FOLIO_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(100_000_000).default(600_000),
  /** A request must be received and answered within this, ms (503 request_timeout after). */
  FOLIO_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** Requests are shed (503 overloaded) while the event loop lags more than this, ms; 0: off. */
  FOLIO_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** Requests are shed while more queries than this wait for a database connection; 0: off. */
  FOLIO_MAX_POOL_WAITING: z.coerce.number().int().min(0).max(100_000).default(200),
  /** Waiting for a database connection fails after this, ms. */
  FOLIO_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** A read query of the API is cancelled after this, ms (statement_timeout). */
  FOLIO_READ_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** /health/ready fails when a read model's oldest unapplied event waited longer (0: never). */
  FOLIO_READY_MAX_LAG_SECONDS: z.coerce.number().min(0).max(86_400).default(30),
  /** /health/ready fails when a read model has more events to apply than this (0: never). */
  FOLIO_READY_MAX_LAG_EVENTS: z.coerce.number().int().min(0).max(1_000_000).default(100_000),
  /** Entry records each ledger writer keeps besides its open holds (older ones: store lookups). */
  FOLIO_WRITER_MAX_CACHED_ENTRIES: z.coerce.number().int().min(0).max(100_000_000).default(100_000),
  /** Their estimated bytes at most, per writer. */
  FOLIO_WRITER_MAX_CACHED_ENTRY_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(64 * 1024 * 1024 * 1024)
    .default(64 * 1024 * 1024),
});

export type Config = z.infer<typeof configSchema>;

/** Every environment variable Folio's configuration reads (deployment files may set only these). */
export const CONFIG_KEYS: readonly string[] = Object.keys(configSchema.shape);

export class ConfigError extends Error {
  readonly code = "config_invalid";
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success)
    throw new ConfigError(`invalid configuration: ${z.prettifyError(parsed.error)}`);
  checkCluster(parsed.data);
  return parsed.data;
}

/** Where the ledger leases of cluster mode live (FOLIO_CLUSTER_LEASES, or the store's default). */
export function clusterLeasesOf(config: Config): "postgres" | "nats" {
  return config.FOLIO_CLUSTER_LEASES ?? (config.EVENTSTORE_URL === undefined ? "postgres" : "nats");
}

/** FOLIO_CLUSTER=on's requirements: NATS to forward over, one shared PostgreSQL for the rest. */
function checkCluster(config: Config): void {
  if (config.FOLIO_CLUSTER === "off") return;
  const missing = [
    ...(config.NATS_URL === undefined ? ["NATS_URL (requests are forwarded over NATS)"] : []),
    ...(config.DATABASE_URL === undefined
      ? ["DATABASE_URL (every process uses the same PostgreSQL; the embedded one is per process)"]
      : []),
  ];
  if (missing.length > 0) {
    throw new ConfigError(`invalid configuration: FOLIO_CLUSTER=on needs ${missing.join(" and ")}`);
  }
}
