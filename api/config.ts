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
  /** Largest request body in bytes (a batch of 1,000 entries fits). */
  FOLIO_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(64 * 1024 * 1024)
    .default(4 * 1024 * 1024),
  /** /health/ready fails when a read model's oldest unapplied event waited longer (0: never). */
  FOLIO_READY_MAX_LAG_SECONDS: z.coerce.number().min(0).max(86_400).default(30),
  /** /health/ready fails when a read model has more events to apply than this (0: never). */
  FOLIO_READY_MAX_LAG_EVENTS: z.coerce.number().int().min(0).max(1_000_000).default(100_000),
});

export type Config = z.infer<typeof configSchema>;

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
  return parsed.data;
}
